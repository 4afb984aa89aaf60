"""Providers confirm or correct their own entry through a private link; a coordinator
of the area reviews; nothing a provider sends is published unchecked. The attacks on
the links are one table."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from store import Editor, NotAllowed, Rights, Role, Store, sqlite_url
from store.links import MAX_OPEN, AttemptLimit, LinkRefused, token_hash
from tests.harness.stores import own_provider

HOSTILE = '<img src=x onerror=alert(1)> „Ü“ & =CMD|"/c calc"!A1'
TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


@pytest.fixture
def store(tmp_path) -> Store:
    opened = Store(sqlite_url(tmp_path / "links.sqlite"))
    opened.migrate()
    a = own_provider("a", "Familienzentrum Siegburg")
    b = own_provider("b", "Elterncafé Bonn")
    b = type(b)(
        **{**b.__dict__, "lat": 50.7374, "lon": 7.0982, "postcode": "53111", "city": "Bonn"}
    )
    opened.merge([a, b], "betrieb")
    opened.users.create("kreis.rsk", "ein langes Passwort", Rights(Role.KREIS, ("05382",)))
    opened.users.create("stadt.bonn", "ein langes Passwort", Rights(Role.KREIS, ("05314",)))
    return opened


def link_for(store: Store, key: str = "a", days: int = 60) -> str:
    (made,) = store.links.create(
        [key], Editor("kreis.rsk" if key == "a" else "stadt.bonn"), days, NOW
    )
    return made.token


def test_a_coordinator_makes_links_only_for_entries_of_its_area(store):
    made = store.links.create(["a", "b"], Editor("kreis.rsk"), now=NOW)
    assert [link.provider_id for link in made] == ["a"]  # Bonn is another Kreis
    link = made[0]
    assert len(link.token) >= 32 and link.valid_until == NOW + timedelta(days=60)
    with store.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT token_hash FROM entry_links")).scalars().all()
    assert stored == [hashlib.sha256(link.token.encode()).hexdigest()]  # never the token
    with pytest.raises(NotAllowed):
        store.links.revoke("b", Editor("kreis.rsk"))


def test_alles_stimmt_noch_publishes_the_check_at_once(store):
    token = link_for(store)
    entry = store.links.entry(token, NOW)
    assert entry.provider.name == "Familienzentrum Siegburg" and not entry.waiting
    store.links.confirm(token, TODAY, NOW)
    (record,) = [r for r in store.records() if r.id == "a"]
    assert (record.last_verified, record.verified_by) == (TODAY, "anbieter")
    trail = store.audit_trail("a")
    assert trail.iloc[0]["action"] == "confirm" and trail.iloc[0]["user"] == "anbieter (Link)"


def test_a_change_waits_for_review_and_is_published_through_the_row_checks(store):
    token = link_for(store)
    store.links.propose(token, {"phone": "02241 555", "name": f"FZ {HOSTILE}"}, now=NOW)
    assert store.links.entry(token, NOW).waiting  # the provider sees it waits
    assert next(r for r in store.records() if r.id == "a").phone == ""  # nothing published
    assert store.links.pending(Editor("stadt.bonn")) == []  # not Bonn's entry
    (proposal,) = store.links.pending(Editor("kreis.rsk"))
    assert proposal.changes == {"phone": "02241 555", "name": f"FZ {HOSTILE}"}
    assert proposal.current == {"phone": "", "name": "Familienzentrum Siegburg"}
    published = store.links.decide(proposal.id, ["phone"], Editor("kreis.rsk"), TODAY)
    assert published.phone == "02241 555" and published.name == "Familienzentrum Siegburg"
    assert (published.last_verified, published.verified_by) == (TODAY, "anbieter")
    assert store.links.pending(Editor("kreis.rsk")) == []
    review = store.audit_trail("a").iloc[0]
    assert review["action"] == "review" and review["user"] == "kreis.rsk"
    assert review["before"]["vorgeschlagen_von"] == "anbieter (Link)"
    assert review["after"] == {"entscheidung": "teilweise", "felder": ["phone"], "notiz": ""}


def test_a_rejected_change_and_a_broken_one_publish_nothing(store):
    token = link_for(store)
    key = store.links.propose(token, {"postcode": "99999x"}, now=NOW)
    with pytest.raises(ValueError, match="Postleitzahl|PLZ"):
        store.links.decide(key, ["postcode"], Editor("kreis.rsk"), TODAY)
    store.links.decide(key, [], Editor("kreis.rsk"), TODAY, note="Bitte anrufen")
    assert next(r for r in store.records() if r.id == "a").postcode == "53721"
    with pytest.raises(ValueError, match="entschieden"):
        store.links.decide(key, ["postcode"], Editor("kreis.rsk"), TODAY)


def test_gibt_es_nicht_mehr_retires_the_entry_once_approved(store):
    token = link_for(store)
    key = store.links.propose(token, {}, gone=True, now=NOW)
    store.links.decide(key, ["gibt_es_nicht_mehr"], Editor("kreis.rsk"), TODAY)
    assert "a" not in {r.id for r in store.records()}


def _expired(store):
    return link_for(store, days=1), NOW + timedelta(days=2)


def _revoked(store):
    token = link_for(store)
    store.links.revoke("a", Editor("kreis.rsk"))
    return token, NOW


def _retired(store):
    token = link_for(store)
    store.retire("a", "betrieb")
    return token, NOW


ATTACKS = {
    "a guessed token": lambda store: ("x" * 32, NOW),
    "a token of wrong length": lambda store: ("kurz", NOW),
    "an expired token": _expired,
    "a revoked token": _revoked,
    "a token of a retired entry": _retired,
    "the hash in place of the token": lambda store: (token_hash(link_for(store)), NOW),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("action", ["open", "confirm", "propose"])
def test_every_bad_link_is_refused_alike_and_changes_nothing(store, attack, action):
    token, when = ATTACKS[attack](store)
    before = store.records(include_retired=True)
    with pytest.raises(LinkRefused) as refused:
        if action == "open":
            store.links.entry(token, when)
        elif action == "confirm":
            store.links.confirm(token, TODAY, when)
        else:
            store.links.propose(token, {"phone": "0"}, now=when)
    assert str(refused.value).startswith("Dieser Link gilt nicht (mehr).")  # no hint why
    assert store.records(include_retired=True) == before


def test_a_token_of_entry_a_changes_only_entry_a(store):
    """A crafted form state cannot name another entry: the link alone says which."""
    token = link_for(store)
    with pytest.raises(ValueError, match="Unbekanntes Feld"):
        store.links.propose(token, {"id": "b", "phone": "0"}, now=NOW)
    store.links.propose(token, {"phone": "0"}, now=NOW)
    assert {p.provider_id for p in store.links.pending("betrieb")} == {"a"}


def test_500_changes_of_one_provider_leave_one_open_proposal(store):
    token = link_for(store)
    for n in range(500):
        store.links.propose(token, {"phone": f"02241 {n}"}, now=NOW)
    (proposal,) = store.links.pending(Editor("kreis.rsk"))
    assert proposal.changes == {"phone": "02241 499"}
    others = [link_for(store) for _ in range(MAX_OPEN + 1)]
    for token in others[:-1][: MAX_OPEN - 1]:
        store.links.propose(token, {"phone": "1"}, now=NOW)
    with pytest.raises(ValueError, match="warten schon"):
        store.links.propose(others[-1], {"phone": "2"}, now=NOW)


def test_hostile_and_oversized_text_is_kept_as_text_or_refused(store):
    token = link_for(store)
    with pytest.raises(ValueError, match="länger"):
        store.links.propose(token, {"description": "x" * 5000}, now=NOW)
    store.links.propose(token, {"description": HOSTILE}, now=NOW)
    (proposal,) = store.links.pending(Editor("kreis.rsk"))
    assert proposal.changes["description"] == HOSTILE


def test_10000_random_tokens_are_refused_and_an_address_is_slowed_down(store):
    import secrets

    for _ in range(10_000):
        with pytest.raises(LinkRefused):
            store.links.entry(secrets.token_urlsafe(24), NOW)
    limit = AttemptLimit(limit=30, window_s=60)
    allowed = [limit.allow("203.0.113.7", now=n / 1000) for n in range(10_000)]
    assert sum(allowed) == 30  # the rest of the minute: refused before the store is asked
    assert limit.allow("198.51.100.1", now=1.0)  # another address is not held up
    assert limit.allow("203.0.113.7", now=71.0)  # a minute later it may try again
