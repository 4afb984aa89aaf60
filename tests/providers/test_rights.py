"""Roles and areas, enforced where data is written: for each of the five roles one
allowed and one refused write on every write path of the store, imports that load
what is the account's and refuse the rest by row, the audit download of the own area,
accounts handed out only within one's own rights, and accounts removed or narrowed
while their session is open."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from events import Event
from networks import Membership, Network
from providers import Provider
from providers.mapping import ColumnMapping
from store import Store, sqlite_url
from store.errors import NotAllowed
from store.rights import Editor, Rights, Role

SIEGBURG, TROISDORF, KOELN, MUENCHEN = (50.80, 7.20), (50.815, 7.16), (50.94, 6.96), (48.14, 11.58)
ACCOUNTS = {
    "bea": Rights(Role.BETRIEB),
    "lena": Rights(Role.LAND, ("05",)),
    "kurt": Rights(Role.KREIS, ("05382",)),
    "nina": Rights(Role.NETZWERK, ("nw-rsk",)),
    "anton": Rights(Role.ANBIETER, ("p-rsk",)),
}


def _provider(key: str, where: tuple[float, float], **changes) -> Provider:
    base = Provider(
        id=key,
        name=f"Muster-Angebot {key}",
        service_types=["familienzentrum"],
        lat=where[0],
        lon=where[1],
        street=f"Musterweg {key}",
        postcode="00000",
    )
    return replace(base, **changes)


def _event(key: str, provider: str) -> Event:
    return Event(
        id=key,
        title=f"Elterncafé {key}",
        start=datetime(2027, 1, 5, 9, tzinfo=UTC),
        provider_id=provider,
    )


def _network(key: str, kreis: str, *members: str) -> Network:
    return Network(
        id=key,
        name=f"Netzwerk {key}",
        kreis_ags=kreis,
        memberships=tuple(Membership(provider_id=m) for m in members),
    )


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(sqlite_url(tmp_path / "rechte.sqlite"))
    store.migrate()
    store.replace(
        [
            _provider("p-rsk", SIEGBURG),
            _provider("p-rsk2", TROISDORF),
            _provider("p-koeln", KOELN),
            _provider("p-muc", MUENCHEN),
        ],
        "einrichtung",
    )
    store.save_networks(
        [_network("nw-rsk", "05382", "p-rsk"), _network("nw-k", "05315", "p-koeln")], "einrichtung"
    )
    store.save_events(
        [
            _event("t-rsk", "p-rsk"),
            _event("t-rsk2", "p-rsk2"),
            _event("t-koeln", "p-koeln"),
            _event("t-muc", "p-muc"),
        ],
        "einrichtung",
    )
    for name, rights in ACCOUNTS.items():
        store.users.create(name, "ein langes Passwort", rights)
    yield store
    store.engine.dispose()


#: Per role: a provider (and its Termin) it may change, and one it may not.
MINE_AND_NOT = {
    "bea": ("p-muc", None),
    "lena": ("p-koeln", "p-muc"),
    "kurt": ("p-rsk", "p-koeln"),
    "nina": ("p-rsk", "p-rsk2"),
    "anton": ("p-rsk", "p-rsk2"),
}
TERMIN = {"p-rsk": "t-rsk", "p-rsk2": "t-rsk2", "p-koeln": "t-koeln", "p-muc": "t-muc"}
NETWORKS = {
    "bea": ("nw-k", None),
    "lena": ("nw-k", None),
    "kurt": ("nw-rsk", "nw-k"),
    "nina": ("nw-rsk", "nw-k"),
    "anton": (None, "nw-rsk"),
}


def _records(store: Store) -> dict[str, Provider]:
    return {r.id: r for r in store.records()}


@pytest.mark.parametrize("name", list(ACCOUNTS))
def test_each_role_edits_and_retires_its_own_providers_and_no_others(store, name):
    editor = Editor(name)
    mine, other = MINE_AND_NOT[name]
    record = _records(store)[mine]
    store.save(replace(record, phone="02241 0000"), editor)
    assert _records(store)[mine].phone == "02241 0000"
    if other is None:  # the operator may everything; its account removed, it may nothing
        store.users.remove(name)
        with pytest.raises(NotAllowed, match="Zugang besteht nicht mehr"):
            store.save(replace(record, phone="0"), editor)
        return
    before = store.audit_trail()
    foreign = _records(store)[other]
    with pytest.raises(NotAllowed, match="außerhalb Ihrer Gebiete"):
        store.save(replace(foreign, phone="0"), editor)
    with pytest.raises(NotAllowed, match="außerhalb Ihrer Gebiete"):
        store.retire(other, editor)
    assert _records(store)[other] == foreign  # nothing changed
    assert len(store.audit_trail()) == len(before)
    assert store.retire(mine, editor) is True


@pytest.mark.parametrize("name", list(ACCOUNTS))
def test_each_role_keeps_its_own_termine_and_no_others(store, name):
    editor = Editor(name)
    mine, other = MINE_AND_NOT[name]
    change = store.save_events([replace(_event(TERMIN[mine], mine), title="Neu")], editor)
    assert (change.updated, change.refused) == (1, ())
    if other is None:
        return
    change = store.save_events([replace(_event(TERMIN[other], other), title="Fremd")], editor)
    assert change.updated == 0 and "außerhalb Ihrer Gebiete" in change.refused[0].reason
    with pytest.raises(NotAllowed):
        store.retire_event(TERMIN[other], editor)
    # A Termin moved to a provider elsewhere: refused as well.
    moved = store.save_events([_event(TERMIN[mine], other)], editor)
    assert moved.refused and moved.updated == 0
    assert {e.id: e.title for e in store.events()}[TERMIN[other]].startswith("Elterncafé")


@pytest.mark.parametrize("name", list(ACCOUNTS))
def test_each_role_keeps_its_own_networks_and_no_others(store, name):
    editor = Editor(name)
    mine, other = NETWORKS[name]
    kreis = {"nw-rsk": "05382", "nw-k": "05315"}
    if mine:
        change = store.save_networks([_network(mine, kreis[mine], "p-rsk", "p-rsk2")], editor)
        assert (change.updated, change.refused) == (1, ())
    if other:
        change = store.save_networks([_network(other, kreis[other])], editor)
        assert change.updated == 0 and change.refused
        with pytest.raises(NotAllowed):
            store.retire_network(other, editor)
    # A network table naming another Kreis for one's own network: refused.
    if name in ("kurt", "nina"):
        change = store.save_networks([_network("nw-rsk", "05315")], editor)
        assert change.refused and change.updated == 0


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("bea", True), ("lena", True), ("kurt", True), ("nina", False), ("anton", False)],
)
def test_only_accounts_that_load_files_keep_column_mappings(store, name, allowed):
    mapping = ColumnMapping(columns={"Name": "name"})
    if allowed:
        store.save_mapping(["Name"], mapping, Editor(name))
        assert store.mapping_for(["Name"]) is not None
    else:
        with pytest.raises(NotAllowed, match="Dateien lädt"):
            store.save_mapping(["Name"], mapping, Editor(name))


def test_an_import_loads_the_own_rows_and_refuses_the_rest_by_row(store):
    rows = [
        _provider("neu-rsk", SIEGBURG),  # new, in the Kreis: loads
        _provider("p-koeln", SIEGBURG, name="Übernommen"),  # an id of another Kreis
        _provider("neu-muc", MUENCHEN),  # new, elsewhere
        _provider("p-rsk", SIEGBURG, phone="neu"),  # own: loads
    ]
    change = store.replace(rows, Editor("kurt"))
    assert (change.added, change.updated) == (1, 1)
    assert [(r.index, r.key) for r in change.refused] == [(1, "p-koeln"), (2, "neu-muc")]
    assert "Köln" in change.refused[0].reason and "München" in change.refused[1].reason
    stored = _records(store)
    # The full re-import retired the Kreis's provider not in the file (p-rsk2), and
    # nothing of another Kreis.
    assert set(stored) == {"neu-rsk", "p-rsk", "p-koeln", "p-muc"}
    assert stored["p-koeln"].name == "Muster-Angebot p-koeln"


def test_moving_a_provider_across_a_kreis_border_needs_both(store):
    record = _records(store)["p-rsk"]
    with pytest.raises(NotAllowed, match="zieht von Rhein-Sieg-Kreis"):
        store.save(replace(record, lat=KOELN[0], lon=KOELN[1]), Editor("kurt"))
    store.save(replace(record, lat=KOELN[0], lon=KOELN[1]), Editor("lena"))  # both in NRW
    assert _records(store)["p-rsk"].lat == KOELN[0]


def test_new_providers_come_from_kreis_land_or_betrieb(store):
    for name in ("nina", "anton"):
        with pytest.raises(NotAllowed, match="Neue Anbieter"):
            store.save(_provider("p-rsk", SIEGBURG, id=f"neu-{name}"), Editor(name))


def test_the_audit_download_holds_only_the_own_area(store):
    store.save(replace(_records(store)["p-rsk"], phone="1"), Editor("kurt"))
    store.save(replace(_records(store)["p-muc"], phone="2"), Editor("bea"))
    everything = store.audit_trail()
    kreis = store.audit_trail(user=Editor("kurt"))
    assert set(kreis["provider_id"]) == {
        "p-rsk",
        "p-rsk2",
        "termin:t-rsk",
        "termin:t-rsk2",
        "netzwerk:nw-rsk",
    }
    assert len(everything) > len(kreis)
    assert set(store.audit_trail(user=Editor("anton"))["provider_id"]) == {"p-rsk", "termin:t-rsk"}
    assert "netzwerk:nw-rsk" in set(store.audit_trail(user=Editor("nina"))["provider_id"])
    assert set(store.audit_trail(user=Editor("kurt"))["user"]) >= {"kurt", "einrichtung"}


def test_a_narrowed_account_is_refused_at_its_next_write(store):
    editor = Editor("kurt")
    record = _records(store)["p-rsk"]
    store.save(replace(record, phone="1"), editor)
    store.users.set_rights("kurt", Rights(Role.KREIS, ("05315",)))
    with pytest.raises(NotAllowed):
        store.save(replace(record, phone="2"), editor)
    assert _records(store)["p-rsk"].phone == "1"


@pytest.mark.parametrize(
    ("by", "name", "rights", "allowed"),
    [
        ("bea", "neu", Rights(Role.LAND, ("09",)), True),
        ("lena", "neu", Rights(Role.KREIS, ("05382",)), True),
        ("lena", "neu", Rights(Role.NETZWERK, ("nw-rsk",)), True),
        ("lena", "neu", Rights(Role.ANBIETER, ("p-koeln",)), True),
        ("lena", "neu", Rights(Role.BETRIEB), False),  # more rights than its own
        ("lena", "neu", Rights(Role.KREIS, ("09162",)), False),  # outside its Land
        ("lena", "neu", Rights(Role.ANBIETER, ("p-muc",)), False),
        ("lena", "bea", Rights(Role.KREIS, ("05382",)), False),  # narrowing the operator
        ("kurt", "neu", Rights(Role.ANBIETER, ("p-rsk",)), False),  # a Kreis hands out none
        ("anton", "neu", Rights(Role.ANBIETER, ("p-rsk",)), False),
    ],
)
def test_accounts_are_handed_out_only_within_ones_own_rights(store, by, name, rights, allowed):
    before = store.users.rights(name)
    if allowed:
        store.users.grant(name, rights, Editor(by), password="ein langes Passwort")
        assert store.users.rights(name) == rights
        assert store.audit_trail(provider_id=f"konto:{name}")["user"].tolist() == [by]
    else:
        with pytest.raises(NotAllowed):
            store.users.grant(name, rights, Editor(by), password="ein langes Passwort")
        assert store.users.rights(name) == before


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "alt.sqlite")
    return request.getfixturevalue("postgres").database()


def test_an_old_store_gets_the_kreis_of_every_row_and_its_accounts_stay_operators(database):
    from store.tables import audit, events, networks, providers, users

    store = Store(database)
    store.migrate("0007")
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    with store.engine.begin() as connection:
        connection.execute(
            providers.insert().values(
                **dict.fromkeys(("organization", "street", "postcode", "city", "phone"), ""),
                **dict.fromkeys(("email", "website", "description", "source", "opening_hours"), ""),
                **dict.fromkeys(("service_types", "languages", "life_stages"), []),
                id="alt",
                name="Alt",
                lat=50.8,
                lon=7.2,
                location_exact=True,
                updated_at=moment,
            )
        )
        connection.execute(
            users.insert().values(
                name="anna", password_hash="x", created_at=moment, failed_logins=0
            )
        )
        for key, data, provider in (
            ("am-anbieter", {}, "alt"),
            ("am-ort", {"lat": 50.94, "lon": 6.96}, ""),
        ):
            connection.execute(
                events.insert().values(
                    id=key, data=data, start=moment, provider_id=provider, updated_at=moment
                )
            )
        connection.execute(
            networks.insert().values(id="nw", data={}, kreis_ags="05315", updated_at=moment)
        )
        for subject in ("alt", "termin:am-anbieter", "termin:am-ort", "netzwerk:nw", "konto:x"):
            connection.execute(
                audit.insert().values(at=moment, user="anna", action="add", provider_id=subject)
            )
    store.migrate()
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(providers.c.kreis_ags)).scalar() == "05382"
        assert dict(connection.execute(sa.select(events.c.id, events.c.kreis_ags)).all()) == {
            "am-anbieter": "05382",  # its provider's Kreis
            "am-ort": "05315",  # its own place's
        }
        trail = dict(connection.execute(sa.select(audit.c.provider_id, audit.c.kreis_ags)).all())
        assert trail == {
            "alt": "05382",
            "termin:am-anbieter": "05382",
            "termin:am-ort": "05315",
            "netzwerk:nw": "05315",
            "konto:x": None,
        }
    assert store.users.rights("anna") == Rights(Role.BETRIEB)
    store.engine.dispose()


@pytest.mark.parametrize("name", list(ACCOUNTS))
def test_each_role_imports_what_is_its_own_and_no_more(store, name):
    """A file with one of the account's own entries (changed) and one new provider in
    the Rhein-Sieg-Kreis: Betrieb, Land and Kreis load both; Netzwerk and Anbieter only
    their own entry – new providers come from a Kreis."""
    mine, _ = MINE_AND_NOT[name]
    own = replace(_records(store)[mine], phone="0228 1")
    change = store.merge([own, _provider("ganz-neu", SIEGBURG)], Editor(name))
    if name in ("bea", "lena", "kurt"):
        assert (change.updated, change.added, change.refused) == (1, 1, ())
    else:
        assert (change.updated, change.added) == (1, 0)
        assert [r.key for r in change.refused] == ["ganz-neu"]
    assert _records(store)[mine].phone == "0228 1"


def _snapshot(store: Store) -> tuple:
    return (
        store.records(include_retired=True),
        store.events(include_retired=True),
        store.networks(include_retired=True),
        store.users.accounts(),
        len(store.audit_trail()),
    )


def _foreign_rows(store: Store, kurt: Editor) -> str:
    change = store.merge([_provider("p-koeln", SIEGBURG, name="Gekapert")], kurt)
    return change.refused[0].reason


def _foreign_network(store: Store, kurt: Editor) -> str:
    return store.save_networks([_network("nw-k", "05315", "p-rsk")], kurt).refused[0].reason


def _termin_moved(store: Store, kurt: Editor) -> str:
    return store.save_events([_event("t-rsk", "p-koeln")], kurt).refused[0].reason


def _crafted_id(store: Store, kurt: Editor) -> str:
    with pytest.raises(NotAllowed) as refused:
        store.save(replace(_records(store)["p-muc"], phone="0"), kurt)
    return str(refused.value)


def _more_rights(store: Store, kurt: Editor) -> str:
    with pytest.raises(NotAllowed) as refused:
        store.users.grant("kurt2", Rights(Role.BETRIEB), Editor("lena"), password="x" * 12)
    return str(refused.value)


def _removed(store: Store, kurt: Editor) -> str:
    store.users.remove("kurt")
    with pytest.raises(NotAllowed) as refused:
        store.save(replace(_records(store)["p-rsk"], phone="0"), kurt)
    return str(refused.value)


def _narrowed(store: Store, kurt: Editor) -> str:
    store.users.set_rights("kurt", Rights(Role.ANBIETER, ("p-rsk2",)))
    with pytest.raises(NotAllowed) as refused:
        store.retire("p-rsk", kurt)
    return str(refused.value)


@pytest.mark.parametrize(
    ("attack", "message"),
    [
        (_foreign_rows, "Köln (05315), außerhalb Ihrer Gebiete"),
        (_foreign_network, "gehört zu Köln (05315), außerhalb Ihrer Gebiete"),
        (_termin_moved, "gehört zu Köln (05315), außerhalb Ihrer Gebiete"),
        (_crafted_id, "München (09162), außerhalb Ihrer Gebiete"),
        (_more_rights, "geht über Ihre eigenen Rechte oder Gebiete hinaus"),
        (_removed, "Zugang besteht nicht mehr"),
        (_narrowed, "außerhalb Ihrer Gebiete"),
    ],
    ids=[
        "fremde Kennungen",
        "fremder Kreis",
        "Termin verschoben",
        "Widget",
        "mehr Rechte",
        "entfernt",
        "eingeschränkt",
    ],
)
def test_what_an_attacker_with_a_kreis_account_tries_changes_nothing(store, attack, message):
    """The attacks of the issue, each with a clear German message and no change (the
    account changes of the last two are the operator's, not the attacker's)."""
    before = _snapshot(store)
    assert message in attack(store, Editor("kurt"))
    after = _snapshot(store)
    assert after[:3] == before[:3] and after[4] == before[4]


def test_the_identity_provider_maps_groups_and_takes_over_no_local_account(store):
    from store import ClaimTable, account_name

    table = ClaimTable.from_config(
        {
            "anspruch": "familienkarte_rollen",
            "gruppen": {
                "fk-rsk": {"rolle": "kreis", "gebiete": ["05382"]},
                "fk-koeln": {"rolle": "kreis", "gebiete": ["05315"]},
                "fk-nrw": {"rolle": "land", "gebiete": ["05"]},
            },
        }
    )
    both = {"familienkarte_rollen": ["fk-rsk", "fk-koeln", "andere"]}
    assert table.rights_for(both) == Rights(Role.KREIS, ("05382", "05315"))
    assert table.rights_for({"familienkarte_rollen": ["fk-rsk", "fk-nrw"]}).role is Role.LAND
    assert table.rights_for({"familienkarte_rollen": "andere"}) is None
    assert table.rights_for({}) is None
    assert account_name({"sub": "auth0|42"}) == "auth0_42"
    store.users.sign_in_from_identity_provider(
        "kreis.person@kreis.example", Rights(Role.KREIS, ("05382",))
    )
    assert not store.users.login("kreis.person@kreis.example", "").ok  # no password here
    with pytest.raises(NotAllowed, match="gibt es hier schon mit Passwort"):
        store.users.sign_in_from_identity_provider("bea", Rights(Role.KREIS, ("05382",)))
    assert store.users.rights("bea") == Rights(Role.BETRIEB)
    with pytest.raises(ValueError, match="Gruppe „x“: Unbekannte Rolle"):
        ClaimTable.from_config({"gruppen": {"x": {"rolle": "chef"}}})


def test_a_network_account_adds_members_of_its_kreis_only(store):
    """A network account may edit its members: adding a provider of another Kreis would
    hand it that provider – refused; one of its own Kreis is fine."""
    nina = Editor("nina")
    far = store.save_networks([_network("nw-rsk", "05382", "p-rsk", "p-muc")], nina)
    assert far.updated == 0 and "p-muc liegt außerhalb" in far.refused[0].reason
    with pytest.raises(NotAllowed):
        store.save(replace(_records(store)["p-muc"], phone="0"), nina)
    near = store.save_networks([_network("nw-rsk", "05382", "p-rsk", "p-rsk2")], nina)
    assert near.updated == 1 and near.refused == ()
