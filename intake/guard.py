"""Files from strangers, checked before anything reads them.

An XLSX, ODS or HSDS package is a zip: 1.45 MB can unpack to gigabytes. Before a
reader sees such a file, :func:`check_file` looks at its size and at the zip's
central directory – members, their unpacked sizes, the ratio – and then unpacks
it once with a meter running, so a directory that lies about its sizes is caught
too. The cost of a check is bounded by the limits, never by the file.

A refusal is a :class:`FileRefused` with a ``code`` and ``values``: the web layer
words it in the visitor's language; ``str()`` is the German message.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from intake.limits import Limits

_CHUNK = 1 << 20
#: How a zip starts (a local file header).
_ZIP_MAGIC = b"PK\x03\x04"


_MESSAGES = {
    "too_large": "Die Datei ist größer als {limit_mb} MB.",
    "too_large_kb": "Die Datei ist größer als {limit_kb} kB.",
    "members": "Das Archiv enthält mehr als {limit} Dateien.",
    "unpacked": "Die Datei entpackt sich auf mehr als {limit_mb} MB und wird nicht gelesen.",
    "ratio": (
        "Die Datei entpackt sich auf mehr als das {limit}-Fache ihrer Größe (Zip-Bombe?) "
        "und wird nicht gelesen."
    ),
    "unsafe_path": "Das Archiv enthält einen unsicheren Pfad („{name}“) und wird nicht gelesen.",
    "damaged": "Das Archiv ist beschädigt und wird nicht gelesen.",
}


class FileRefused(ValueError):
    """A file refused before reading; ``code`` names the rule, ``values`` its figures."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(_MESSAGES[code].format(**values))


def too_large(limits: Limits) -> FileRefused:
    """The refusal of a file over ``limits.file_bytes``, in MB or, below 1 MB, in kB."""
    if limits.file_bytes < 1_000_000:
        return FileRefused("too_large_kb", limit_kb=limits.file_bytes // 1000)
    return FileRefused("too_large", limit_mb=limits.file_bytes // 1_000_000)


def is_zip(data: bytes) -> bool:
    """Whether the bytes are a zip archive (XLSX, ODS, an HSDS package …)."""
    return data[:4] == _ZIP_MAGIC


def check_file(data: bytes, limits: Limits) -> None:
    """Refuse a file whose size, or whose unpacked content, is over ``limits``.

    Raises
    ------
    FileRefused
        Before any reader has seen the file.
    """
    if len(data) > limits.file_bytes:
        raise too_large(limits)
    if not is_zip(data):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, limits, len(data))
    except zipfile.BadZipFile:
        raise FileRefused("damaged") from None


def check_archive(archive: zipfile.ZipFile, limits: Limits, size: int) -> None:
    """Check an open zip of ``size`` bytes: first its directory, then what it really
    unpacks to (a member that unpacks to more than it declares fails its CRC)."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise FileRefused("members", limit=limits.members)
    declared = 0
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
            raise FileRefused("unsafe_path", name=member.filename[:80])
        declared += member.file_size
        _within(declared, member.file_size, limits, size)
    unpacked = 0
    for member in members:
        with archive.open(member) as stream:
            read = 0
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                unpacked += len(chunk)
                _within(unpacked, read, limits, size)


def _within(unpacked: int, member: int, limits: Limits, size: int) -> None:
    if member > limits.member_bytes or unpacked > limits.unpacked_bytes:
        raise FileRefused("unpacked", limit_mb=limits.unpacked_bytes // 1_000_000)
    # Small files may compress well (an empty sheet is a few bytes of XML).
    if unpacked > 1_000_000 and unpacked > limits.ratio * size:
        raise FileRefused("ratio", limit=int(limits.ratio))
