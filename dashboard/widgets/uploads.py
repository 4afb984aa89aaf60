"""Files people upload, in the page's words: every upload – a visitor's without login
or an editor's behind it – is read through :func:`intake.read_guarded` (checked
against the limits of its purpose before any reader sees it, then read in a bounded
worker); a refusal becomes a sentence in the visitor's language.

Visitors' uploads are switched on or off by the operator and counted against a quota
per session; what a visitor loaded lives in their session only and is gone with it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.i18n.texts import t
from intake import (
    LIMITS,
    FileRefused,
    NotText,
    Purpose,
    WorkerFailed,
    read_guarded,
    start_workers,
)

T = TypeVar("T")

#: ``FAMILIENKARTE_ANONYMOUS_UPLOADS=0`` switches the uploads without login off.
SWITCH_ENV = "FAMILIENKARTE_ANONYMOUS_UPLOADS"
#: Per session: at most this many files, and this many bytes in all.
QUOTA_FILES = 20
QUOTA_BYTES = 100_000_000
_KEY_QUOTA = "upload_quota"
#: The visitor's text for each refusal and failure.
_TEXTS = {
    "too_large": "refused_too_large",
    "too_large_kb": "refused_too_large_kb",
    "members": "refused_members",
    "unpacked": "refused_unpacked",
    "ratio": "refused_ratio",
    "unsafe_path": "refused_unsafe_path",
    "damaged": "refused_damaged",
    "memory": "worker_memory",
    "timeout": "worker_timeout",
    "busy": "worker_busy",
    "crashed": "worker_crashed",
}


class UploadRefused(ValueError):
    """An upload that was not read; ``str()`` says why in the visitor's language."""


def anonymous_uploads() -> bool:
    """Whether visitors may upload files without login (default: yes); when they may,
    the parse workers are started in the background the first time this is asked."""
    allowed = os.environ.get(SWITCH_ENV, "1").strip().lower() not in ("0", "aus", "nein", "false")
    if allowed:
        workers_started()
    return allowed


@st.cache_resource(show_spinner=False)
def workers_started() -> bool:
    """Start the parse workers once per process (in the background)."""
    start_workers()
    return True


def max_upload_mb(purpose: Purpose) -> int:
    """The largest file of ``purpose`` in MB, for the uploader and its help text."""
    return max(1, LIMITS[purpose].file_bytes // 1_000_000)


def read_upload(
    data: bytes, purpose: Purpose, reader: Callable[..., T], *args: object, quota: bool = True
) -> T:
    """``reader(data, *args)`` through the guarded intake, after the session's quota
    (``quota=False`` for an editor behind the login).

    Raises
    ------
    UploadRefused
        With a message for the visitor: over the quota, refused by the checks, the
        worker failed, or the reader's own ``ValueError``.
    """
    if quota:
        files, used = st.session_state.get(_KEY_QUOTA, (0, 0))
        if files >= QUOTA_FILES or used + len(data) > QUOTA_BYTES:
            raise UploadRefused(t("upload_quota", files=QUOTA_FILES, mb=QUOTA_BYTES // 1_000_000))
        st.session_state[_KEY_QUOTA] = (files + 1, used + len(data))
    try:
        with st.spinner(t("upload_reading")):
            return read_guarded(data, purpose, reader, *args)
    except FileRefused as refused:
        raise UploadRefused(t(_TEXTS[refused.code], **refused.values)) from None
    except WorkerFailed as failed:
        raise UploadRefused(t(_TEXTS[failed.code])) from None
    except NotText:
        raise  # the page says in its own words which files it takes
    except ValueError as error:
        raise UploadRefused(str(error)) from None
