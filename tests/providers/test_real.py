"""The real providers derived into the project (``providers/data/real/``): every row
with source, licence and Stand, the licence texts beside them, and each layer where it
belongs – read from the project, never from the reference data."""

from __future__ import annotations

import csv

import pytest

from geodata import kreise_at, load_boundaries
from providers.real import GBA_NOTICES, REAL_DIR


def _rows(name: str) -> list[dict[str, str]]:
    with (REAL_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _kreise(rows: list[dict[str, str]]) -> list[str | None]:
    lats, lons = [float(r["lat"]) for r in rows], [float(r["lon"]) for r in rows]
    return kreise_at(lats, lons, load_boundaries("gemeinde"), snap_m=2_000)


@pytest.mark.parametrize(
    ("name", "count", "licence"),
    [
        ("geburtskliniken.csv", 608, "MIT"),
        ("gesundheitsaemter.csv", 381, "EUPL-1.2"),
        ("bochum_kitas.csv", 193, "CC0 1.0"),
    ],
)
def test_every_real_provider_names_its_source_licence_and_stand(name, count, licence):
    rows = _rows(name)
    assert len(rows) == count == len({r["id"] for r in rows})
    assert all(r["source"] and r["stand"] and r["lizenz"].startswith(licence) for r in rows)
    assert all(isinstance(kreis, str) for kreis in _kreise(rows))  # every one in Germany


def test_the_licences_and_notices_travel_with_the_data():
    assert (REAL_DIR / "LICENSE-EUPL-1.2.md").read_text(encoding="utf-8").count("EUPL") > 3
    assert "MIT" in (REAL_DIR / "LICENSE-MIT-CSectionRate_Germany.txt").read_text(encoding="utf-8")
    readme = " ".join((REAL_DIR / "README.md").read_text(encoding="utf-8").split())
    assert all(notice in readme for notice in GBA_NOTICES)


def test_each_layer_lies_where_it_belongs():
    clinics = _rows("geburtskliniken.csv")
    births = [r["description"] for r in clinics]
    assert sum("Datenschutz" in text for text in births) == 7
    assert {r["service_types"] for r in clinics} == {"geburtsklinik"}
    offices = _rows("gesundheitsaemter.csv")
    assert all(r["location_exact"].startswith("nein") for r in offices)  # postcode centres
    assert len({k[:2] for k in _kreise(offices)}) == 16  # every Land has its offices
    bochum = _rows("bochum_kitas.csv")
    # One Kita lies on the Gelsenkirchen border (Hollandstraße, Wattenscheid), where the
    # embedded boundary lines run coarser than the city's coordinates.
    assert sum(kreis == "05911" for kreis in _kreise(bochum)) >= len(bochum) - 1
    assert sum("familienzentrum" in r["service_types"] for r in bochum) >= 45
