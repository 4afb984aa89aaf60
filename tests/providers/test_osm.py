"""OpenStreetMap extracts for operators: small PBF files written with pyosmium's own
writer – nodes, a closed way, a multipolygon relation, tags that must not match, a
hostile name – read in one pass into checked provider rows."""

from __future__ import annotations

from pathlib import Path

import osmium
import pytest

from providers.osm import OSM_SOURCE, OsmUnreadable, read_osm, types_of

SIEGBURG = (50.7997, 7.2043)
MUENCHEN = (48.137, 11.575)


def _square(first_id: int, lat: float, lon: float, size: float = 0.0005):
    """Four nodes of a small square and the ids closing it."""
    corners = [(lat, lon), (lat, lon + size), (lat + size, lon + size), (lat + size, lon)]
    nodes = [
        osmium.osm.mutable.Node(id=first_id + i, location=(c[1], c[0]))
        for i, c in enumerate(corners)
    ]
    return nodes, [first_id, first_id + 1, first_id + 2, first_id + 3, first_id]


def _node(writer, number: int, lat: float, lon: float, **tags: str) -> None:
    writer.add_node(osmium.osm.mutable.Node(id=number, location=(lon, lat), tags=tags))


def write_extract(path: Path) -> Path:
    """An extract with what the reader must take, turn into a point, and pass over."""
    kita_way_nodes, kita_ring = _square(100, 50.8010, 7.2100)
    outer_nodes, outer_ring = _square(200, 50.7950, 7.1950, 0.001)
    with osmium.SimpleWriter(str(path)) as writer:
        _node(
            writer,
            1,
            *SIEGBURG,
            healthcare="midwife",
            name="Hebammenpraxis am Markt",
            opening_hours="Mo-Fr 09:00-12:00",
            wheelchair="yes",
            **{
                "addr:street": "Markt",
                "addr:housenumber": "3",
                "addr:postcode": "53721",
                "addr:city": "Siegburg",
                "contact:phone": "+49 2241 123456",
            },
        )
        _node(writer, 2, 50.80, 7.21, amenity="kindergarten", name="<script>alert(1)</script> Kita")
        # Tags that must not match: a school, a counselling place for addiction.
        _node(writer, 3, 50.8, 7.2, amenity="school", name="Schule")
        _node(
            writer,
            4,
            50.8,
            7.2,
            healthcare="counselling",
            name="Sucht",
            **{"healthcare:counselling": "addiction"},
        )
        _node(writer, 5, *MUENCHEN, amenity="kindergarten", name="Kita in München")
        for node in kita_way_nodes + outer_nodes:
            writer.add_node(node)
        writer.add_way(
            osmium.osm.mutable.Way(
                id=10,
                nodes=kita_ring,
                tags={
                    "amenity": "kindergarten",
                    "name": "Kita Regenbogen",
                    "addr:postcode": "53721",
                },
            )
        )
        writer.add_way(osmium.osm.mutable.Way(id=11, nodes=outer_ring, tags={}))
        writer.add_relation(
            osmium.osm.mutable.Relation(
                id=20,
                members=[("w", 11, "outer")],
                tags={
                    "type": "multipolygon",
                    "amenity": "community_centre",
                    "community_centre": "family_centre",
                    "name": "Familienzentrum Kaldauen",
                },
            )
        )
    return path


@pytest.fixture
def extract(tmp_path) -> Path:
    return write_extract(tmp_path / "auszug.osm.pbf")


def test_tags_map_to_types_and_others_do_not():
    assert types_of({"amenity": "kindergarten"}) == ["kita"]
    assert types_of(
        {"healthcare": "counselling", "healthcare:counselling": "antenatal;family"}
    ) == ["schwangerschaftsberatung"]
    assert types_of({"amenity": "hospital", "healthcare:speciality": "gynaecology;obstetrics"}) == [
        "geburtsklinik"
    ]
    assert types_of({"office": "government", "name": "Jugendamt der Stadt Bonn"}) == ["jugendamt"]
    assert types_of({"amenity": "school"}) == []
    assert types_of({"amenity": "hospital", "healthcare:speciality": "gynaecology"}) == []


def test_an_extract_gives_nodes_ways_and_relations_as_checked_rows(extract):
    read = read_osm(extract)
    by_id = {p.id: p for p in read.providers}
    assert set(by_id) == {"osm-n1", "osm-n2", "osm-n5", "osm-w10", "osm-r20"}
    midwife = by_id["osm-n1"]
    assert midwife.service_types == ["familienhebamme"]
    assert (midwife.street, midwife.postcode, midwife.city) == ("Markt 3", "53721", "Siegburg")
    assert midwife.opening_hours == "Mo-Fr 09:00-12:00" and midwife.barrier_free is True
    assert midwife.source == OSM_SOURCE and midwife.location_exact
    # A closed way and a multipolygon lie at a point inside them.
    way = by_id["osm-w10"]
    assert 50.8010 < way.lat < 50.8015 and 7.2100 < way.lon < 7.2105
    assert by_id["osm-r20"].service_types == ["familienzentrum"]
    assert 50.7950 < by_id["osm-r20"].lat < 50.7960
    # A hostile name is kept as text (escaped where it is shown).
    assert by_id["osm-n2"].name.startswith("<script>")
    assert read.matched == 5 and read.outside == 0


def test_rows_outside_the_chosen_area_are_counted_not_reported(extract):
    def in_nrw(lats, lons):
        return [lat > 50 for lat in lats]

    read = read_osm(extract, inside=in_nrw)
    assert read_osm(extract, "05382").outside == 1  # by the boundaries, as the CLI asks
    assert "osm-n5" not in {p.id for p in read.providers}
    assert read.outside == 1 and read.report.problems == []


def test_a_cut_off_or_foreign_file_is_refused_with_a_clear_message(extract, tmp_path):
    cut = tmp_path / "abgeschnitten.osm.pbf"
    cut.write_bytes(extract.read_bytes()[: len(extract.read_bytes()) // 2])
    not_osm = tmp_path / "liste.osm.pbf"
    not_osm.write_bytes(b"Name;Ort\nKita;Siegburg\n")
    for broken in (cut, not_osm):
        with pytest.raises(OsmUnreadable, match="kein lesbarer OpenStreetMap-Auszug"):
            read_osm(broken)


def test_at_most_so_many_objects_are_kept_and_that_is_said_once(extract):
    read = read_osm(extract, most=2)
    assert len(read.providers) == 2 and read.matched == 5
    assert [p.message for p in read.report.problems if p.row == 0][0].startswith(
        "5 passende Objekte"
    )


def test_absurd_tag_values_are_bounded_or_refused_as_in_any_import(tmp_path):
    path = tmp_path / "absurd.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        _node(
            writer,
            1,
            *SIEGBURG,
            amenity="kindergarten",
            name="A" * 1_000,  # libosmium writes at most 1,024 bytes
            website="javascript:alert(1)",
            wheelchair="vielleicht",
            **{"addr:postcode": "PLZ?"},
        )
    read = read_osm(path)
    (kita,) = read.providers
    assert len(kita.name) == 255 and kita.website == "" and kita.barrier_free is None
    notes = " ".join(p.message for p in read.report.problems)
    assert "javascript" in notes and "PLZ?" in notes


def test_a_hundred_thousand_objects_at_one_point_stay_bounded(tmp_path):
    path = tmp_path / "viele.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for number in range(1, 100_001):
            _node(writer, number, *SIEGBURG, amenity="kindergarten", name=f"Kita {number}")
    read = read_osm(path, most=50_000)
    assert read.matched == 100_000 and len(read.providers) == 50_000
    assert read.report.problems[0].message.startswith("100000 passende Objekte, höchstens 50000")
