"""Finding a place and the providers nearest to it."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod

import geodata
from places import ProviderIndex, first_contact
from providers import family_mask


@pytest.mark.parametrize(
    ("query", "name", "kreis"),
    [
        ("53721", "PLZ 53721 (Siegburg)", "Rhein-Sieg-Kreis"),
        (" 53721 ", "PLZ 53721 (Siegburg)", "Rhein-Sieg-Kreis"),
        ("1067", "PLZ 01067 (Dresden)", "Dresden"),  # Excel dropped the zero
        ("Siegburg", "Siegburg", "Rhein-Sieg-Kreis"),
        ("siegburg", "Siegburg", "Rhein-Sieg-Kreis"),
        ("Köln", "Köln", "Köln"),
        ("Koeln", "Köln", "Köln"),
        ("Munchen", "München", "München"),
        ("Eckernforde", "Eckernförde", "Rendsburg-Eckernförde"),
        ("St. Augustin", "Sankt Augustin", "Rhein-Sieg-Kreis"),
        ("st augustin", "Sankt Augustin", "Rhein-Sieg-Kreis"),
        ("Sankt Peter Ording", "Sankt Peter-Ording", "Nordfriesland"),
        ("Siegbrug", "Siegburg", "Rhein-Sieg-Kreis"),  # a typo
        ("Rendsbrug", "Rendsburg", "Rendsburg-Eckernförde"),
    ],
)
def test_a_postcode_or_name_finds_its_place(gazetteer, query, name, kreis):
    found = gazetteer.search(query).found
    assert found is not None, gazetteer.search(query)
    assert (found.name, found.kreis) == (name, kreis)


def test_a_postcode_place_lies_in_its_gemeinde(gazetteer):
    place = gazetteer.search("53721").found
    assert place.kind == "postcode" and place.ags == "05382060"
    assert abs(place.lat - 50.80) < 0.05 and abs(place.lon - 7.21) < 0.05


def test_an_ambiguous_name_offers_every_gemeinde_with_its_kreis(gazetteer):
    result = gazetteer.search("Neuenkirchen")
    assert result.found is None
    same = result.places[:11]
    assert {place.name for place in same} == {"Neuenkirchen"}
    # Told apart by Kreis and postcode (two lie in the same Kreis).
    assert len({(place.kreis, place.postcode) for place in same}) == 11
    assert all(place.postcode for place in same)
    frankfurt = {place.name for place in gazetteer.search("Frankfurt").places}
    assert frankfurt == {"Frankfurt am Main", "Frankfurt (Oder)"}


def test_an_unknown_postcode_suggests_the_nearest_known_ones(gazetteer):
    result = gazetteer.search("99999")
    assert result.places == ()
    assert len(result.suggestions) == 5
    assert all(s.name.startswith("PLZ 999") for s in result.suggestions)


def test_an_unknown_name_finds_nothing_and_suggests_close_names(gazetteer):
    assert gazetteer.search("xyzzy").places == ()
    suggested = [s.name for s in gazetteer.search("Sieburg").suggestions]
    assert suggested[0] == "Siegburg"
    assert gazetteer.search("").places == () and gazetteer.search("  ").suggestions == ()


def test_a_postcode_across_kreise_knows_every_gemeinde_until_one_is_named(gazetteer):
    spread = gazetteer.search("15236").found
    assert spread.kind == "postcode" and len(spread.kreise) == 3
    assert len(spread.gemeinden) == 3 and spread.gemeinden[0] == spread.ags
    narrowed = gazetteer.search("15236 Frankfurt (Oder)").found
    assert narrowed.gemeinden == ("12053000",) and narrowed.kreise == ("12053",)
    # the origin stays the postcode's centre, which lies in Frankfurt (Oder)
    assert (narrowed.lat, narrowed.lon) == (spread.lat, spread.lon)
    elsewhere = gazetteer.search("15236 Jacobsdorf").found
    assert elsewhere.gemeinden == ("12067237",)
    jacobsdorf = gazetteer.gemeinde("12067237")
    assert (elsewhere.lat, elsewhere.lon) == (jacobsdorf.lat, jacobsdorf.lon)


def test_an_unknown_ortsteil_searches_from_its_gemeinde_and_says_so(gazetteer):
    result = gazetteer.search("Köln-Ehrenfeld")
    assert result.found.name == "Köln" and result.found.kind == "gemeinde"
    assert [(n.code, dict(n.values)) for n in result.notes] == [
        ("ortsteil_unknown", {"ortsteil": "Ehrenfeld", "origin": "Köln"})
    ]
    known = gazetteer.search("Hamburg Wilhelmsburg").found
    assert (known.kind, known.within, known.kreis) == ("ortsteil", "Hamburg", "Hamburg")


def test_a_street_is_kept_apart_and_named(gazetteer):
    result = gazetteer.search("Hauptstr. 5, 53721 Siegburg")
    assert result.found.postcode == "53721" and result.street == "Hauptstr. 5"
    assert [n.code for n in result.notes] == ["street_unused"]


def test_larger_places_of_one_name_come_first(gazetteer):
    assert gazetteer.search("Frankfurt").places[0].name == "Frankfurt am Main"
    assert gazetteer.search("Münster").places[0].kreis == "Münster"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Siegburg " * 60, "too_long"),
        ("😀😀", "nothing"),
        ("!!! ???", "nothing"),
        ("كولونيا", "script"),
        ("Кёльн", "script"),
        ("123", "digits"),
        ("123456", "digits"),
        ("1010 Wien", "foreign_postcode"),
        ("CH-8001 Zürich", "foreign_postcode"),
    ],
)
def test_odd_input_is_named_not_searched(gazetteer, typed, problem):
    result = gazetteer.search(typed)
    assert result.places == () and result.problem.code == problem


def test_odd_input_still_offers_what_it_can(gazetteer):
    # a pasted letter with a postcode in it; four digits and a German name
    pasted = gazetteer.search("Sehr geehrte Damen und Herren, " * 5 + "53721 Siegburg")
    assert [p.postcode for p in pasted.suggestions] == ["53721"]
    assert [p.name for p in gazetteer.search("4020 Linz").suggestions] == ["Linz am Rhein"]
    assert gazetteer.search("").problem is None and gazetteer.search("").places == ()


def test_hostile_or_huge_queries_do_not_break(gazetteer):
    assert gazetteer.search("<script>alert(1)</script>").places == ()
    assert gazetteer.search("9" * 5_000).places == ()
    assert gazetteer.search("\u202eSiegburg").found.name == "Siegburg"


# Nearest first, against hand-computed distances.

GEOD = Geod(ellps="GRS80")
SIEGBURG = (50.7997, 7.2043)  # Markt
PROVIDERS = [
    (50.7937, 7.2043),  # 667 m south of the Markt
    (50.8497, 7.2043),  # 5.56 km north
    (50.7997, 7.1443),  # 4.22 km west
    (50.7997, 7.5043),  # 21.1 km east
    (51.2277, 6.7735),  # Düsseldorf, about 57 km away
]


@pytest.fixture(scope="module")
def index() -> ProviderIndex:
    lat, lon = np.array(PROVIDERS).T
    return ProviderIndex(lat, lon)


def _geodesic(point: tuple[float, float]) -> float:
    return GEOD.inv(SIEGBURG[1], SIEGBURG[0], point[1], point[0])[2]


def test_nearest_first_with_true_straight_line_distances(index):
    nearby = index.nearest(*SIEGBURG, radius_m=25_000)
    assert nearby.positions.tolist() == [0, 2, 1, 3]
    expected = [_geodesic(PROVIDERS[i]) for i in nearby.positions]
    # Distances in ETRS89 / UTM 32N: within 0.1 % of the geodesic in Germany.
    assert nearby.distances_m == pytest.approx(expected, rel=1e-3)
    assert round(expected[0]) == 667


def test_radius_k_and_a_filter_limit_the_result(index):
    assert index.nearest(*SIEGBURG, radius_m=5_000).positions.tolist() == [0, 2]
    assert index.nearest(*SIEGBURG, radius_m=50_000, k=2).positions.tolist() == [0, 2]
    mask = np.array([False, True, True, True, True])
    assert index.nearest(*SIEGBURG, radius_m=25_000, mask=mask).positions.tolist() == [2, 1, 3]
    assert index.nearest(*SIEGBURG, radius_m=100_000).positions[-1] == 4
    assert len(index.nearest(54.5, 6.0, radius_m=2_000).positions) == 0  # at sea


def test_the_nearest_help_may_be_in_the_next_kreis(index):
    # From Niederkassel (Rhein-Sieg-Kreis), Köln-Porz is nearer than Siegburg.
    home, porz, siegburg = (50.8230, 7.0330), (50.8790, 7.0560), (50.7997, 7.2043)
    lat, lon = np.array([siegburg, porz]).T
    nearby = ProviderIndex(lat, lon).nearest(*home, radius_m=25_000)
    assert nearby.positions.tolist() == [1, 0]
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([home[1], porz[1]], [home[0], porz[0]]), crs=4326
    )
    placed = geodata.assign_areas(points, geodata.load_boundaries("gemeinde"))
    assert placed["kreis_ags"].tolist() == ["05382", "05315"]  # the help is in another Kreis


# The first call: Familientelefon / Netzwerkkoordination of the Kreis.


@pytest.fixture(scope="module")
def sample():
    from providers import load_providers

    return load_providers().frame


@pytest.fixture(scope="module")
def sample_index(sample) -> ProviderIndex:
    return ProviderIndex(sample["lat"].to_numpy(), sample["lon"].to_numpy())


def test_the_first_contact_is_the_kreis_own_netzwerkkoordination(gazetteer, sample, sample_index):
    place = gazetteer.search("Troisdorf").found
    contact = first_contact(sample, sample_index, place)
    row = sample.iloc[contact.position]
    assert contact.in_kreis and row["kreis_ags"] == "05382"
    assert "netzwerkkoordination" in row["service_types"]
    # Of the Kreis' own, the nearest one: none in the Kreis is closer.
    own = sample[
        sample["service_types"].map(lambda c: "netzwerkkoordination" in c)
        & (sample["kreis_ags"] == "05382")
    ]
    distances = [
        GEOD.inv(place.lon, place.lat, lon, lat)[2]
        for lat, lon in zip(own.lat, own.lon, strict=True)
    ]
    assert contact.distance_m == pytest.approx(min(distances), rel=1e-3)


def test_a_kreis_without_one_is_told_so_and_gets_the_nearest(gazetteer, sample, sample_index):
    place = gazetteer.search("Bonn").found  # the sample has no Netzwerkkoordination in Bonn
    contact = first_contact(sample, sample_index, place)
    row = sample.iloc[contact.position]
    assert not contact.in_kreis
    assert row["kreis_ags"] == "05382"  # the neighbouring Rhein-Sieg-Kreis
    assert contact.distance_m < 25_000


def test_no_first_contact_in_data_without_one(gazetteer, sample):
    rest = sample[sample["service_types"].map(lambda c: "netzwerkkoordination" not in c)]
    index = ProviderIndex(rest["lat"].to_numpy(), rest["lon"].to_numpy())
    assert first_contact(rest, index, gazetteer.search("Siegburg").found) is None


# What families filter by.


def _families() -> gpd.GeoDataFrame:
    from providers import Provider, providers_frame

    def make(name, **fields):
        return Provider(id=name, name=name, service_types=["kita"], lat=50.8, lon=7.2, **fields)

    return providers_frame(
        [
            make("a", languages=["de", "tr"], life_stages=["1-3"], free_of_charge=True),
            make("b", languages=["de"], life_stages=["schwangerschaft", "0-1"], barrier_free=True),
            make("c", languages=["ar"], free_of_charge=False, no_application=True),
            make("d"),  # nothing stated
        ]
    )


@pytest.mark.parametrize(
    ("criteria", "names"),
    [
        ({}, ["a", "b", "c", "d"]),
        ({"language": "tr"}, ["a"]),
        ({"life_stages": ["0-1"]}, ["b"]),
        ({"life_stages": ["0-1", "1-3"]}, ["a", "b"]),
        ({"free_of_charge": True}, ["a"]),  # unknown (d) and "no" (c) do not fit
        ({"no_application": True}, ["c"]),
        ({"barrier_free": True}, ["b"]),
        ({"language": "de", "life_stages": ["1-3"], "free_of_charge": True}, ["a"]),
        ({"language": "uk"}, []),
    ],
)
def test_family_filters_combine(criteria, names):
    frame = _families()
    assert frame[family_mask(frame, **criteria)]["name"].tolist() == names


def test_a_filter_reaches_past_the_many_nearest_that_do_not_fit():
    # 300 providers around the place; only the farthest one fits the filter.
    rng = np.random.default_rng(1)
    lat = SIEGBURG[0] + np.r_[rng.uniform(-0.01, 0.01, 300), 0.3]
    lon = SIEGBURG[1] + np.r_[rng.uniform(-0.01, 0.01, 300), 0.0]
    mask = np.r_[np.zeros(300, dtype=bool), True]
    nearby = ProviderIndex(lat, lon).nearest(*SIEGBURG, radius_m=np.inf, k=1, mask=mask)
    assert nearby.positions.tolist() == [300]
    assert nearby.distances_m[0] == pytest.approx(_geodesic((lat[300], lon[300])), rel=1e-3)


def test_a_browser_position_becomes_a_place_in_its_gemeinde(gazetteer):
    place = gazetteer.locate(50.7929, 7.2075, "Ihr Standort")
    assert place is not None
    assert (place.kind, place.ags, place.kreis) == ("location", "05382060", "Rhein-Sieg-Kreis")
    assert (place.lat, place.lon) == (50.7929, 7.2075)  # measured from where the family is


@pytest.mark.parametrize(
    ("lat", "lon"), [(48.8566, 2.3522), (54.5, 6.5), (0.0, 0.0)]
)  # Paris, the North Sea, null island
def test_a_position_outside_germany_is_no_place(gazetteer, lat, lon):
    assert gazetteer.locate(lat, lon, "x") is None


@pytest.mark.parametrize(
    "query",
    ["x" * 100_000, "5" * 100_000, "<script>" * 10_000, "St." * 30_000, "\u202e" * 1_000],
    ids=["letters", "digits", "markup", "abbreviations", "bidi"],
)
def test_a_huge_or_hostile_search_is_cut_and_answered(gazetteer, query):
    found = gazetteer.search(query)
    assert len(found.query) <= 100  # what the page repeats back is cut too
    assert len(found.places) <= 20
