"""Whether this app process can serve visitors: the readiness check ``/bereit``.

An orchestrator or balancer asks it before sending visitors (and to take a process
out of rotation): it answers 200 only when the store is reachable and the data are
loaded, else 503 with the reason. Liveness alone is Streamlit's ``/_stcore/health``.
"""

from __future__ import annotations

import logging
import os
import time

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse

from dashboard import cache
from store import log_event, redacted

#: ``FAMILIENKARTE_BEREIT_DETAILS=1``: the answer names the database (without its
#: password) and the error – for an operator's internal check, off on public servers.
DETAILS_ENV = "FAMILIENKARTE_BEREIT_DETAILS"
_PLAIN_REASON = "Datenbank nicht erreichbar"
#: The database's answer to the data-version question takes longer than this: "langsam".
SLOW_S = 1.0


def readiness() -> dict:
    """``{"bereit": bool, …}``: data version, providers and Gemeinden loaded, or the
    reason why not – in plain words, with the database's address and the error only
    where the operator asks for details (:data:`DETAILS_ENV`); the log has them always."""
    details = os.environ.get(DETAILS_ENV, "").strip().lower() in ("1", "ja", "true")
    try:
        store = cache.store()
        started = time.monotonic()
        version = store.version()
        waiting = store.lock_waits()
    except Exception as error:  # noqa: BLE001 - any database fault means "not ready"
        reason = (
            f"Datenbank {redacted(cache.store_url())} nicht erreichbar ({type(error).__name__})"
        )
        return {"bereit": False, "grund": reason if details else _PLAIN_REASON}
    data = cache.provider_data()
    if data.unavailable:
        return {"bereit": False, "grund": data.unavailable if details else _PLAIN_REASON}
    gemeinden = len(cache.boundaries("gemeinde"))
    if not gemeinden:
        return {"bereit": False, "grund": "Keine Gemeindegrenzen geladen"}
    waited = time.monotonic() - started
    return {
        "bereit": True,
        # Still serving (from the cache), but the database answers slowly or holds
        # writes back: a lock, a load. Editors' saves wait, visitors do not.
        "langsam": waited > SLOW_S or waiting > 0,
        "wartende_schreibzugriffe": waiting,
        "antwort_ms": round(waited * 1000),
        "datenstand": version,
        "anbieter": len(data.frame),
        "gemeinden": gemeinden,
        "beispieldaten": data.has_sample,
    }


async def ready(request: Request) -> JSONResponse:
    """The route: 200 when ready, 503 when not; never cached."""
    answer = await anyio.to_thread.run_sync(readiness)
    if not answer["bereit"]:
        log_event("nicht_bereit", logging.WARNING, grund=answer["grund"])
    status = 200 if answer["bereit"] else 503
    return JSONResponse(answer, status_code=status, headers={"Cache-Control": "no-store"})
