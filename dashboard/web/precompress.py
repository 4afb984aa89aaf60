"""Streamlit's own browser files, copied and gzip-compressed at deploy time for nginx.

Streamlit serves its bundle (about 4.6 MB of JavaScript, CSS and fonts on a first
visit) uncompressed. These files never change within a Streamlit version, so they
are compressed once, here, and nginx serves the ``.gz`` beside each file to every
browser that accepts it (``gzip_static``, deploy/nginx/familienkarte.conf):

    uv run python -m dashboard.web.precompress /var/lib/familienkarte/static

Run it again after each update of Streamlit (the folder is replaced whole).
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import streamlit

#: File kinds worth compressing (fonts in WOFF2 and images are compressed already).
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".ttf", ".map", ".txt", ".html", ".mjs"}


def precompress(target: Path) -> tuple[int, int]:
    """Copy Streamlit's ``static/static`` folder to ``target`` with a ``.gz`` beside
    each compressible file; returns the bytes of those files before and after."""
    source = Path(streamlit.__file__).parent / "static" / "static"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    before = after = 0
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            data = path.read_bytes()
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            path.with_name(path.name + ".gz").write_bytes(packed)
            before, after = before + len(data), after + len(packed)
    return before, after


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Aufruf: python -m dashboard.web.precompress ZIELORDNER", file=sys.stderr)
        return 2
    before, after = precompress(Path(argv[0]))
    print(f"{before:,} B → {after:,} B gzip ({after / before:.0%}) in {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
