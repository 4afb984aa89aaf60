"""Invariants of the embedded sample data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geodata import load_boundaries
from intake import SAMPLE_SOURCE
from places import postcode_location
from providers import (
    SAMPLE_PATH,
    SERVICE_TYPES,
    ProviderData,
    import_providers,
    placed_in_areas,
)
from providers.sample import generate, write_sample

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def loaded():
    """The sample file alone, without the real providers that replace part of it in
    the default install (``tests/providers/test_real.py``)."""
    result = import_providers(SAMPLE_PATH, source=SAMPLE_SOURCE)
    frame, problems = placed_in_areas(result, load_boundaries("gemeinde"))
    return ProviderData(frame, problems, SAMPLE_PATH)


@pytest.fixture(scope="module")
def sample(loaded):
    return loaded.frame


def test_sample_loads_without_problems_and_is_marked(loaded):
    assert loaded.problems == ()
    assert loaded.is_sample and loaded.source == SAMPLE_PATH
    assert loaded.frame["is_sample"].all()
    assert loaded.frame["id"].is_unique


def test_familienmanager_in_at_least_40_nrw_gemeinden_in_every_regierungsbezirk(sample):
    fm = sample[sample["service_types"].map(lambda t: "familienmanager" in t)]
    assert fm["gemeinde_ags"].nunique() >= 40
    assert (fm["land_ags"] == "05").all()
    assert set(fm["gemeinde_ags"].str[2]) == {"1", "3", "5", "7", "9"}


@pytest.mark.parametrize("kreis", ["01058", "05382"])
def test_focus_kreise_have_every_partner_type(sample, kreis):
    partners = sample[(sample["kreis_ags"] == kreis)]
    partners = partners[partners["service_types"].map(lambda t: "familienmanager" not in t)]
    assert len(partners) >= 60
    partner_codes = {t.code for t in SERVICE_TYPES if t.group == "fruehe_hilfen"}
    assert set(partners["service_types"].explode()) == partner_codes


def test_siegburg_has_kreis_offices(sample):
    siegburg = sample[sample["gemeinde_ags"] == "05382060"]
    assert {"jugendamt", "gesundheitsamt"} <= set(siegburg["service_types"].explode())


def test_thin_spread_over_the_other_nrw_kreise(sample):
    kreise = load_boundaries("kreis")
    nrw = set(kreise.loc[kreise["land_ags"] == "05", "ags"])
    assert set(sample["kreis_ags"].dropna()) >= nrw


def test_points_lie_in_their_city_and_postcodes_fit(sample):
    gemeinden = load_boundaries("gemeinde").set_index("ags")
    assert sample["gemeinde_ags"].notna().all()
    assert (sample["gemeinde_ags"].map(gemeinden["name"]) == sample["city"]).all()
    for row in sample.itertuples():
        lat, lon = postcode_location(row.postcode)
        assert abs(lat - row.lat) < 0.15 and abs(lon - row.lon) < 0.2, row.name


def test_nothing_real_is_invented(sample):
    assert sample["name"].str.contains("Muster|Beispiel").all()
    assert sample["email"].str.fullmatch(r"[a-z0-9.-]+@[a-z0-9-]+\.example\.org").all()
    assert sample["website"].str.fullmatch(r"https://[a-z0-9-]+\.example\.org").all()
    fictional = r"(030 23125|069 90009|040 66969|0221 4710|089 99998) \d{3}"
    assert sample["phone"].map(lambda p: bool(re.fullmatch(fictional, p))).all()


def _generated_in_a_new_process(seed: int, hash_seed: str) -> str:
    """The rows ``generate(seed)`` makes, from a fresh interpreter with its own hash seed."""
    code = (
        f"import json; from providers.sample import generate; print(json.dumps(generate({seed})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.slow
def test_generator_depends_on_its_seed_only_and_matches_the_committed_file(tmp_path):
    # Two interpreters with different string hashing: set iteration order must not leak in.
    first = _generated_in_a_new_process(7, "1")
    assert first == _generated_in_a_new_process(7, "2")
    assert json.loads(first) != generate(seed=8)
    path = tmp_path / "sample.csv"
    write_sample(path)
    assert path.read_bytes() == SAMPLE_PATH.read_bytes()


def test_no_two_entries_look_alike(sample):
    """A family must tell two entries apart: a second site carries its own name."""
    assert not sample.duplicated(["name", "city"]).any()


def test_web_and_mail_addresses_are_well_formed_reserved_example_domains(sample):
    hosts = sample["website"].str.removeprefix("https://")
    assert (sample["email"].str.split("@").str[1] == hosts).all()
    host = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.example\.org")
    assert hosts.map(lambda h: bool(host.fullmatch(h)) and len(h.split(".")[0]) <= 63).all()
    # Cut at a word, never inside one ("…-gebur.example.org").
    slugs = sample["name"].map(
        lambda n: (
            re.sub(
                r"[^a-z0-9]+",
                "-",
                n.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})),
            ).strip("-")
            + "-"
        )
    )
    labels = hosts.str.split(".").str[0] + "-"
    assert all(slug.startswith(label) for slug, label in zip(slugs, labels, strict=True))


def test_every_land_has_providers_roughly_by_population_with_a_few_gaps(sample):
    per_land = sample.groupby("land_ags").size()
    assert len(per_land) == 16
    assert per_land["09"] > per_land["04"]  # Bayern more than Bremen
    kreise = load_boundaries("kreis")
    outside = kreise[(kreise["ags"].str[:2] != "05") & (kreise["ags"] != "01058")]["ags"]
    empty = set(outside) - set(sample["kreis_ags"])
    assert 5 <= len(empty) <= 0.1 * len(outside)  # deliberately thin, not a desert


def test_the_nrw_and_01058_rows_stay_as_they_were(sample):
    """Extending the sample to all Germany appends rows; the focus rows keep their ids."""
    focus = sample[(sample["land_ags"] == "05") | (sample["kreis_ags"] == "01058")]
    assert len(focus) == 428
    assert focus["id"].tolist() == [f"muster-{n:04d}" for n in range(1, 429)]
