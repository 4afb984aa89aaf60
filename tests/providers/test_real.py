"""The real providers derived into the project (``providers/data/real/``): every row
with source, licence and Stand, the licence texts beside them, and each layer where it
belongs – read from the project, never from the reference data."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from geodata import kreise_at, load_boundaries
from providers import attributions, data_situation, load_providers, to_excel_csv, write_hsds
from providers.real import (
    BIRTHS_FILE,
    BOCHUM,
    GBA,
    GBA_NOTICES,
    REAL_DIR,
    REAL_SOURCES,
    RKI,
    read_births,
)


def _rows(name: str) -> list[dict[str, str]]:
    with (REAL_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _kreise(rows: list[dict[str, str]]) -> list[str | None]:
    lats, lons = [float(r["lat"]) for r in rows], [float(r["lon"]) for r in rows]
    return kreise_at(lats, lons, load_boundaries("gemeinde"), snap_m=2_000)


@pytest.mark.parametrize(
    ("name", "count", "licence", "stand"),
    [
        ("geburtskliniken.csv", 608, "(MIT)", "Stand 2023"),
        ("gesundheitsaemter.csv", 381, "(EUPL-1.2)", "Stand Mai 2026"),
        ("bochum_kitas.csv", 193, "(CC0 1.0)", "Stand 17.10.2023"),
    ],
)
def test_every_real_provider_names_its_source_licence_and_stand(name, count, licence, stand):
    rows = _rows(name)
    assert len(rows) == count == len({r["id"] for r in rows})
    (real,) = [r for r in REAL_SOURCES if r.file == name]
    assert {r["source"] for r in rows} == {real.source}
    assert licence in real.source and real.source.endswith(stand)
    assert all(isinstance(kreis, str) for kreis in _kreise(rows))  # every one in Germany


def test_births_are_kept_per_clinic_for_the_planning_figures():
    births = read_births()
    assert set(births) == {r["id"] for r in _rows("geburtskliniken.csv")}
    known = [b for b in births.values() if b is not None]
    # 647,150 births in all hospitals (G-BA 2023); seven sites withhold theirs.
    assert len(known) == 601 and sum(known) == 647_150
    assert (REAL_DIR / BIRTHS_FILE).is_file()


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


def test_the_default_install_shows_the_real_providers_in_place_of_invented_ones():
    frame = load_providers().frame
    real = frame[~frame["is_sample"]]
    for source, count in ((GBA, 608), (RKI, 381), (BOCHUM, 193)):
        assert int((real["source"] == source.source).sum()) == count
    invented = frame[frame["is_sample"]]
    kinds = invented["service_types"].map(set)
    assert not any(kinds.map(lambda k: bool(k & {"geburtsklinik", "gesundheitsamt"})))
    in_bochum = invented[invented["kreis_ags"] == "05911"]
    assert not any(in_bochum["service_types"].map(lambda k: bool(set(k) & {"kita"})))
    assert any(kinds.map(lambda k: "kita" in k))  # elsewhere the invented Kitas stay
    offices = real[real["source"] == RKI.source]
    assert not offices["location_exact"].any()  # "ungefähr" until a geocoder places them
    assert load_providers().problems == ()


def test_the_data_situation_counts_real_and_invented_per_land_and_type():
    table = data_situation(load_providers().frame, "05").set_index("type")
    assert table.loc["kita", "real"] == 193 and table.loc["kita", "invented"] > 0
    assert table.loc["geburtsklinik", "invented"] == 0
    assert table.loc["kita", "sources"] == "Stadt Bochum, Open Data (CC0 1.0, Stand 17.10.2023)"
    assert (
        table.loc["familienhebamme", "real"] == 0 and table.loc["familienhebamme", "sources"] == ""
    )
    assert set(table["land_ags"]) == {"05"}


def test_exports_name_the_open_sources_among_their_rows():
    frame = load_providers().frame
    clinics = frame[frame["source"] == GBA.source].head(3)
    assert attributions(clinics["source"]) == (GBA.attribution,)
    assert attributions(frame["source"]) == tuple(r.attribution for r in REAL_SOURCES)
    with zipfile.ZipFile(io.BytesIO(write_hsds(clinics))) as package:
        descriptor = json.loads(package.read("datapackage.json"))
        services = package.read("x_familienkarte_services.csv").decode("utf-8")
    assert descriptor["sources"] == [{"title": GBA.attribution}]
    assert services.count("Stand 2023") == 3  # and each row carries its own
    csv_text = to_excel_csv(clinics).data.decode("utf-8-sig")
    assert csv_text.count("CSectionRate_Germany (MIT)") == 3
