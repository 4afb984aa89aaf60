"""Files a visitor uploads without login: switched on or off by the operator, counted
against a quota per session, checked before reading and parsed in a bounded worker
(:mod:`providers.untrusted`, :mod:`providers.isolation`).

What a visitor loaded lives in their session only and is gone with it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.i18n.texts import t
from providers import (
    TABLE_LIMITS,
    FileRefused,
    Limits,
    WorkerFailed,
    check_file,
    run_isolated,
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
        _workers_started()
    return allowed


@st.cache_resource(show_spinner=False)
def _workers_started() -> bool:
    start_workers()
    return True


def read_upload(
    data: bytes,
    name: str,
    reader: Callable[..., T],
    *args: object,
    limits: Limits = TABLE_LIMITS,
) -> T:
    """``reader(data, name, *args)`` in a worker, after the quota and the checks.

    Raises
    ------
    UploadRefused
        With a message for the visitor: over the quota, refused by the checks, the
        worker failed, or the reader's own ``ValueError``.
    """
    files, used = st.session_state.get(_KEY_QUOTA, (0, 0))
    if files >= QUOTA_FILES or used + len(data) > QUOTA_BYTES:
        raise UploadRefused(t("upload_quota", files=QUOTA_FILES, mb=QUOTA_BYTES // 1_000_000))
    st.session_state[_KEY_QUOTA] = (files + 1, used + len(data))
    try:
        check_file(data, limits)
        with st.spinner(t("upload_reading")):
            return run_isolated(reader, data, name, *args)
    except FileRefused as refused:
        raise UploadRefused(t(_TEXTS[refused.code], **refused.values)) from None
    except WorkerFailed as failed:
        raise UploadRefused(t(_TEXTS[failed.code])) from None
    except ValueError as error:
        raise UploadRefused(str(error)) from None
