"""Netzwerke Frühe Hilfen: areas served, memberships in time, stored with history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from networks.model import (
    EXPECTED_TYPES,
    SECTOR_OF_TYPE,
    SECTORS,
    Membership,
    Network,
    WayIn,
    network_from_record,
    network_record,
    of_provider,
    serving,
)
from store import Store
from store.store import sqlite_url

TODAY = date(2026, 12, 4)
HOSTILE = "<script>alert('x')</script> Netzwerk „Süd“"


def _networks() -> list[Network]:
    north = Network(
        "rsk-nord",
        "Netzwerk Frühe Hilfen Rhein-Sieg Nord",
        "05382",
        gemeinden=("05382060", "05382068"),  # Siegburg, Troisdorf
        way_in=WayIn("Familientelefon", "02241 13-0000", "Mo–Fr 9–12 Uhr"),
        memberships=(
            Membership("jugendamt-1", "koordination", since=date(2020, 1, 1)),
            Membership("hebamme-1", "familientelefon"),
            Membership("kita-1", until=TODAY - timedelta(days=1)),  # ended yesterday
            Membership("klinik-1", since=TODAY + timedelta(days=1)),  # begins tomorrow
        ),
    )
    whole = Network(HOSTILE, HOSTILE, "05382", memberships=(Membership("hebamme-1"),))
    return [north, whole]


def test_a_gemeinde_may_be_served_by_two_networks_and_a_kreis_network_serves_all():
    north, whole = _networks()
    assert serving(_networks(), "05382060") == sorted([north, whole], key=lambda n: n.name)
    assert serving(_networks(), "05382024") == [whole]  # not in the northern network's list
    assert serving(_networks(), "05314000") == []  # Bonn: another Kreis


def test_a_membership_that_ended_yesterday_or_begins_tomorrow_is_none_today():
    north, _ = _networks()
    assert [m.provider_id for m in north.members(TODAY)] == ["jugendamt-1", "hebamme-1"]
    assert of_provider(_networks(), "kita-1", TODAY) == []
    assert of_provider(_networks(), "kita-1", TODAY - timedelta(days=1)) == [north]
    assert len(of_provider(_networks(), "hebamme-1", TODAY)) == 2


def test_a_network_survives_its_record_whole():
    for network in _networks():
        assert network_from_record(network_record(network)) == network


def test_every_expected_profession_has_a_sector():
    assert set(EXPECTED_TYPES) <= set(SECTOR_OF_TYPE)
    assert set(SECTOR_OF_TYPE.values()) == set(SECTORS)
    assert "familienmanager" not in EXPECTED_TYPES


def test_networks_are_stored_with_their_history(tmp_path):
    store = Store(sqlite_url(tmp_path / "netzwerke.db"))
    store.migrate()
    north, whole = _networks()
    assert store.save_networks([north, whole], "anna").added == 2
    assert store.save_networks([north], "anna").unchanged == 1
    grown = Network(**{**north.__dict__, "memberships": (*north.memberships, Membership("spz-1"))})
    assert store.save_networks([grown], "ben").updated == 1
    assert {n.id for n in store.networks()} == {north.id, whole.id}
    assert next(n for n in store.networks() if n.id == north.id) == grown
    assert store.retire_network(north.id, "anna") and store.networks() == [whole]
    assert not store.retire_network("gibt-es-nicht", "anna")
    trail = store.audit_trail(f"netzwerk:{north.id}")
    assert trail["action"].tolist() == ["retire", "edit", "add"]
    assert trail["user"].tolist() == ["anna", "ben", "anna"]


@pytest.mark.parametrize("role", ["mitglied", "koordination", "familientelefon"])
def test_each_role_has_a_german_label(role):
    from networks.model import ROLES

    assert ROLES[role]


def test_a_network_names_its_professions_by_sector_the_missing_ones_and_candidates():
    import pandas as pd

    from networks.model import candidates, members_of, professions

    frame = pd.DataFrame(
        {
            "id": ["ja", "heb", "sb", "kita", "bonn"],
            "name": ["Jugendamt", "Hebamme", "Beratung", "Kita", "Kita Bonn"],
            "service_types": [
                ["jugendamt"],
                ["familienhebamme"],
                ["schwangerschaftsberatung"],
                ["kita"],
                ["kita"],
            ],
            "gemeinde_ags": ["05382060", "05382068", "05382060", "05382068", "05314000"],
            "kreis_ags": ["05382", "05382", "05382", "05382", "05314"],
        }
    )
    network = Network(
        "n",
        "Netz",
        "05382",
        memberships=(
            Membership("ja", "koordination"),
            Membership("heb"),
            Membership("sb"),
            Membership("kita", until=TODAY - timedelta(days=1)),
        ),
    )
    table = professions(network, frame, TODAY)
    held = table[table["members"] > 0]
    # Three sectors present: health, youth welfare, counselling …
    assert set(held["sector"]) == {"gesundheit", "jugendhilfe", "beratung"}
    # … and a Kita whose membership ended yesterday counts as missing.
    assert table.loc["kita", "members"] == 0 and table.loc["kinderarztpraxis", "members"] == 0
    assert list(table["sector"].drop_duplicates()) == list(SECTORS)
    # members by sector (health, youth welfare, counselling), as the list prints them
    assert list(members_of(network, frame, TODAY)["id"]) == ["heb", "ja", "sb"]
    # The Kita in the Kreis may be asked to join again; the one in Bonn is elsewhere.
    assert list(candidates(network, frame, TODAY)["id"]) == ["kita"]


def test_candidates_beyond_the_area_come_within_reach_but_no_office_of_another_kreis():
    import numpy as np
    import pandas as pd

    from networks.model import candidates

    frame = pd.DataFrame(
        {
            "id": ["kita-in", "klinik-bonn", "ja-bonn", "spz-koeln", "ja-und-fz-bonn"],
            "service_types": [
                ["kita"],
                ["geburtsklinik"],
                ["jugendamt"],
                ["spz"],
                ["jugendamt", "familienzentrum"],
            ],
            "gemeinde_ags": ["05382060", "05314000", "05314000", "05315000", "05314000"],
            "kreis_ags": ["05382", "05314", "05314", "05315", "05314"],
        }
    )
    network = Network("n", "Netz", "05382", gemeinden=("05382060",))
    distance = np.array([0.0, 4_000.0, 3_000.0, 12_000.0, 2_000.0])
    assert list(candidates(network, frame, TODAY)["id"]) == ["kita-in"]
    near = candidates(network, frame, TODAY, distance, 5_000)
    # nearest first; Bonn's Jugendamt has a network of its own, its Familienzentrum not
    assert list(near["id"]) == ["kita-in", "ja-und-fz-bonn", "klinik-bonn"]
    assert list(near["distance_m"]) == [0.0, 2_000.0, 4_000.0]
    assert "spz-koeln" in set(candidates(network, frame, TODAY, distance, 15_000)["id"])
