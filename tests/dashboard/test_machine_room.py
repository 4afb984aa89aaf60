"""Nothing of the machine room on public pages: with the database down and up, no
page, export footer or public route names the database's host, port, name or user,
an error class or a traceback – visitors are told in plain words how old the shown
data are; the operator's log and (when asked for) the readiness check have the rest."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.dashboard.pages import run_page
from tests.harness.caches import clear_caches

APP = str(Path(__file__).parents[2] / "dashboard" / "main.py")
DOWN = "postgresql+psycopg://fk_nutzerin:geheim@127.0.0.1:1/fk_intern_db"
#: What gives the machine room away (besides the parts of the URL in use).
ALWAYS = ("Traceback", "OperationalError", "psycopg", "postgresql+", "sqlite")


def _nearby() -> None:
    from dashboard.page import nearby

    nearby.render()


def _events() -> None:
    from dashboard.page import events

    events.render()


def _planning() -> None:
    from dashboard.page import planning

    planning.render()


def _everything(at: AppTest) -> str:
    """Every element's content as the browser receives it (texts, tables, map JSON)."""
    found, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        stack.extend(getattr(node, "children", {}).values())
    return "\n".join(found)


def _public_pages() -> dict[str, str]:
    """The text of every public page and route, as a visitor gets it."""
    from dashboard.web.calendar_feed import feed
    from dashboard.web.health import readiness

    pages = {}
    for name, query in (
        ("Karte", {"kreis": "05382"}),
        ("Präsentation", {"praesentation": "1", "geschichte": "fruehe-hilfen-nrw"}),
    ):
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        pages[name] = _everything(at)
    pages["In meiner Nähe"] = _everything(run_page(_nearby, q="53721"))
    pages["Termine"] = _everything(run_page(_events, q="53721"))
    pages["Planung"] = _everything(run_page(_planning, kreis="05382"))
    pages["/termine.ics"] = feed({"kreis": ["05382"]}).decode("utf-8")
    pages["/bereit"] = str(readiness())
    return pages


def _machine_room(pages: dict[str, str], secrets: tuple[str, ...]) -> list[str]:
    return [
        f"{page}: {secret}"
        for page, text in pages.items()
        for secret in (*secrets, *ALWAYS)
        if secret in text
    ]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):

    from dashboard import cache

    monkeypatch.setenv("FAMILIENKARTE_CACHE", str(tmp_path / "cache"))
    clear_caches()
    cache._LAST_GOOD.clear()
    yield
    clear_caches()
    cache._LAST_GOOD.clear()


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_with_the_database_down_visitors_read_plain_words_and_the_log_has_the_reason(
    monkeypatch,
):
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", DOWN)
    kept = _Kept()
    logger = logging.getLogger("familienkarte")
    logger.addHandler(kept)
    try:
        pages = _public_pages()
    finally:
        logger.removeHandler(kept)
    assert _machine_room(pages, ("fk_nutzerin", "fk_intern_db", "127.0.0.1", ":1/")) == []
    assert "gerade nicht erreichbar" in pages["Karte"]  # said, in plain words
    assert "Datenbank nicht erreichbar" in pages["/bereit"]
    logged = [r for r in kept.records if r.getMessage() == "datenbank_nicht_erreichbar"]
    assert logged and "fk_intern_db" in str(logged[0].__dict__.get("fields"))
    assert "geheim" not in str(logged[0].__dict__.get("fields"))


def test_an_operator_who_asks_gets_the_details_in_the_readiness_check(monkeypatch):
    from dashboard.web.health import readiness

    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", DOWN)
    monkeypatch.setenv("FAMILIENKARTE_BEREIT_DETAILS", "1")
    reason = readiness()["grund"]
    assert "fk_intern_db" in reason and "geheim" not in reason


def test_with_the_database_up_and_then_gone_no_page_names_it(postgres, monkeypatch):
    from tests.harness.stores import own_provider, seeded_with_own

    url = postgres.database()
    parts = sa.engine.make_url(url)
    secrets = (parts.database, f":{parts.port}", "127.0.0.1", f"{parts.username}@")
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", url)
    seeded_with_own(url, own_provider())
    up = _public_pages()
    assert _machine_room(up, secrets) == []
    assert "gepflegt von den Redaktionen, Stand heute" in up["Karte"]
    # The database goes away while the process runs: the map keeps the data it read.
    postgres.drop(url)
    down = _public_pages()
    assert _machine_room(down, secrets) == []
    assert "Die Angebote zeigen den Stand von heute" in down["Karte"]
