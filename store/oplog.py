"""Structured log lines for operators: one JSON object per line on standard error.

Imports, logins, backups and faults are logged as events with counts and kinds,
never with personal data: no user names, no passwords, no provider contacts, no
addresses. A log collector (journald, Loki, a file) reads them as they are.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

#: The logger of every event line.
LOGGER = logging.getLogger("familienkarte")


class JsonLines(logging.Formatter):
    """``{"zeit": …, "stufe": …, "ereignis": …, <fields>}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "zeit": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "stufe": record.levelname.lower(),
            "ereignis": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(line, ensure_ascii=False, default=str)


def _handler() -> None:
    if not any(getattr(h, "_familienkarte", False) for h in LOGGER.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        handler._familienkarte = True  # type: ignore[attr-defined]
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)
        LOGGER.propagate = False  # one line each, not again through Streamlit's root logger


def log_event(event: str, level: int = logging.INFO, **fields: object) -> None:
    """Log one event with its fields (counts, kinds, durations – no personal data)."""
    _handler()
    LOGGER.log(level, event, extra={"fields": fields})
