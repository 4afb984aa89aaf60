"""Stable HSDS ids: UUIDs derived from the entries' own ids, so a re-export keeps them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping

#: Familienkarte's namespace; an installation sets its own with
#: ``FAMILIENKARTE_HSDS_NAMESPACE`` (a UUID) so two installations never share ids.
DEFAULT_NAMESPACE = uuid.UUID("5d0c3a9e-4f1b-5c55-9a8e-6b2f0e4c7a11")


def namespace_from(environ: Mapping[str, str]) -> uuid.UUID:
    """The installation's namespace (the default when none or no UUID is set)."""
    try:
        return uuid.UUID(environ.get("FAMILIENKARTE_HSDS_NAMESPACE", "").strip())
    except ValueError:
        return DEFAULT_NAMESPACE


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, AttributeError, TypeError):
        return False
    return len(text) == 36


class Ids:
    """UUIDs of the records of one package: ``ids("location", "fm-1")``.

    An entry whose own id already is a UUID (one imported from HSDS) keeps it as its
    service's id.
    """

    def __init__(self, namespace: uuid.UUID = DEFAULT_NAMESPACE) -> None:
        self.namespace = namespace
        self._prefix = namespace.bytes

    def __call__(self, kind: str, key: str) -> str:
        if kind == "service" and is_uuid(key):
            return key.lower()
        # uuid.uuid5 by hand: a package of 50,000 providers needs 900,000 of them, and
        # the UUID objects cost more than the hash (checked equal in the tests)
        digest = bytearray(hashlib.sha1(self._prefix + f"{kind}:{key}".encode()).digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        x = digest.hex()
        return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"
