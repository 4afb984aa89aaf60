"""Taxonomy, model, postcodes and filters."""

from __future__ import annotations

import re

import pytest

from places import normalize_postcode, postcode_location
from providers import (
    SERVICE_GROUPS,
    SERVICE_TYPES,
    Provider,
    filter_providers,
    providers_frame,
    resolve_service_type,
    service_type,
    types_in_group,
)

REQUIRED_PARTNERS = {
    "familienhebamme",
    "schwangerschaftsberatung",
    "geburtsklinik",
    "fruehfoerderstelle",
    "spz",
    "jugendamt",
    "gesundheitsamt",
    "familienzentrum",
    "kita",
    "kinderarztpraxis",
    "familienbildung",
    "netzwerkkoordination",
}


def test_taxonomy_has_both_groups_and_all_partner_types():
    assert [g.code for g in SERVICE_GROUPS] == ["familienmanager", "fruehe_hilfen"]
    assert [t.code for t in types_in_group("familienmanager")] == ["familienmanager"]
    assert {t.code for t in types_in_group("fruehe_hilfen")} >= REQUIRED_PARTNERS
    codes = [t.code for t in SERVICE_TYPES]
    assert len(codes) == len(set(codes))


def test_every_type_has_labels_and_a_distinct_colour():
    for entry in SERVICE_TYPES:
        assert entry.label_de and entry.label_en
        assert re.fullmatch(r"#[0-9a-f]{6}", entry.color)
    assert len({t.color for t in SERVICE_TYPES}) == len(SERVICE_TYPES)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("familienhebamme", "familienhebamme"),
        ("Familienhebamme", "familienhebamme"),
        ("FGKiKP", "familienhebamme"),
        ("Familientelefon", "netzwerkkoordination"),
        ("Sozialpädiatrisches Zentrum", "spz"),
        ("  KITA ", "kita"),
        ("Frühförderstelle", "fruehfoerderstelle"),
        ("Fruehfoerderstelle", "fruehfoerderstelle"),
        ("Familienmanagerin", "familienmanager"),
        ("Youth welfare office", "jugendamt"),
        ("Zahnarzt", None),
        ("", None),
    ],
)
def test_resolve_codes_labels_and_aliases(text, code):
    assert resolve_service_type(text) == code


def test_service_type_lookup():
    assert service_type("spz").label_de == "Sozialpädiatrisches Zentrum"
    with pytest.raises(KeyError):
        service_type("unbekannt")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("53721", "53721"), ("1067", "01067"), ("D-24768", "24768"), ("12.0", None), ("abc", None)],
)
def test_normalize_postcode(text, expected):
    assert normalize_postcode(text) == expected


def test_postcode_centres():
    lat, lon = postcode_location("53721")
    assert 50.7 < lat < 50.9 and 7.1 < lon < 7.4
    assert postcode_location("00000") is None


def _provider(id_: str, types: list[str], lat: float = 50.8, lon: float = 7.2) -> Provider:
    return Provider(id=id_, name=f"Muster {id_}", service_types=types, lat=lat, lon=lon)


def test_frame_from_records_is_a_typed_point_layer():
    frame = providers_frame([_provider("a", ["kita"]), _provider("b", ["spz", "kita"])])
    assert frame.crs.to_epsg() == 4326
    assert list(frame["id"]) == ["a", "b"]
    assert frame.geometry.iloc[0].x == pytest.approx(7.2)
    assert providers_frame([]).empty


def test_filter_by_type_and_area():
    frame = providers_frame(
        [_provider("a", ["kita"]), _provider("b", ["spz", "kita"]), _provider("c", ["jugendamt"])]
    )
    frame["land_ags"] = ["05", "05", "01"]
    frame["kreis_ags"] = ["05382", "05382", "01058"]
    frame["gemeinde_ags"] = ["05382060", "05382068", "01058135"]
    assert list(filter_providers(frame)["id"]) == ["a", "b", "c"]
    assert list(filter_providers(frame, ["spz"])["id"]) == ["b"]
    assert list(filter_providers(frame, ["spz", "jugendamt"])["id"]) == ["b", "c"]
    assert list(filter_providers(frame, land="05")["id"]) == ["a", "b"]
    assert list(filter_providers(frame, ["kita"], kreis="05382", gemeinde="05382060")["id"]) == [
        "a"
    ]
    assert filter_providers(frame, kreis="09999").empty
