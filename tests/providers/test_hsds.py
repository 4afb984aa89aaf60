"""Open Referral HSDS 3: the project's sample goes out as a data package and comes
back the same; a small hand-made package loads; unsafe zips are refused whole."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from providers import SAMPLE_PATH, import_providers, records_from_frame, write_hsds


def test_the_sample_round_trips_through_an_hsds_package(tmp_path):
    original = import_providers(SAMPLE_PATH).frame
    package = tmp_path / "familienkarte-hsds.zip"
    package.write_bytes(write_hsds(original))
    names = set(zipfile.ZipFile(package).namelist())
    assert {
        "datapackage.json",
        "organizations.csv",
        "services.csv",
        "locations.csv",
        "phones.csv",
        "languages.csv",
        "schedules.csv",
        "service_at_locations.csv",
    } <= names
    again = import_providers(package)
    assert [p for p in again.problems if p.severity == "fehler"] == []
    assert records_from_frame(again.frame) == records_from_frame(original)


def test_networks_travel_as_documented_extension_tables_and_the_package_still_loads(tmp_path):
    import json
    from datetime import date

    from networks.model import Membership, Network, WayIn

    original = import_providers(SAMPLE_PATH).frame.head(3)
    ids = list(original["id"])
    hostile = '<script>alert(1)</script>, "Netz"; Süd'
    network = Network(
        "n1",
        hostile,
        "05382",
        gemeinden=("05382060", "05382068"),
        way_in=WayIn("Familientelefon", "02241 69690", "Mo–Fr 9–12 Uhr"),
        memberships=(
            Membership(ids[0], "koordination", since=date(2020, 1, 1)),
            Membership(ids[1], until=date(2026, 12, 3)),
            Membership("not-in-the-package"),
        ),
    )
    package = tmp_path / "hsds.zip"
    package.write_bytes(write_hsds(original, networks=[network]))
    archive = zipfile.ZipFile(package)

    def table(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))

    (row,) = table("x_familienkarte_networks.csv")
    assert row["name"] == hostile and row["gemeinden"] == "05382060;05382068"
    assert row["way_in_hours"] == "Mo–Fr 9–12 Uhr"
    members = table("x_familienkarte_network_members.csv")
    assert [(m["organization_id"], m["role"], m["since"], m["until"]) for m in members] == [
        (ids[0], "koordination", "2020-01-01", ""),
        (ids[1], "mitglied", "", "2026-12-03"),
    ]
    described = {
        field["name"]: field.get("description", "")
        for resource in json.loads(archive.read("datapackage.json"))["resources"]
        if resource["name"].startswith("x_familienkarte_network")
        for field in resource["schema"]["fields"]
    }
    assert described["role"] and described["gemeinden"] and described["until"]
    # A reader that does not know the extension tables loads the providers as before.
    assert records_from_frame(import_providers(package).frame) == records_from_frame(original)


def hand_made_package(folder: Path) -> Path:
    """A small HSDS package written by hand, as a folder: one active service with an
    organisation, a location and a phone, and one inactive service."""
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,description\no1,Diakonie Musterstadt,\n", encoding="utf-8"
    )
    (folder / "services.csv").write_text(
        "id,organization_id,name,description,status,assured_date,x_familienkarte_service_types\n"
        "s1,o1,Muster-Schwangerschaftsberatung,Beratung,active,2026-05-01,schwangerschaftsberatung\n"
        "s2,o1,Geschlossen,,inactive,,kita\n",
        encoding="utf-8",
    )
    (folder / "locations.csv").write_text(
        "id,organization_id,name,latitude,longitude\nl1,o1,Haus,50.7997,7.2043\n",
        encoding="utf-8",
    )
    (folder / "service_at_locations.csv").write_text(
        "id,service_id,location_id\nsl1,s1,l1\n", encoding="utf-8"
    )
    (folder / "phones.csv").write_text("id,service_id,number\np1,s1,02241 1020\n")
    return folder


def test_a_hand_made_package_in_a_folder_loads(tmp_path):
    result = import_providers(hand_made_package(tmp_path / "paket"))
    assert result.frame["name"].tolist() == ["Muster-Schwangerschaftsberatung"]
    row = result.frame.iloc[0]
    assert row["organization"] == "Diakonie Musterstadt" and row["phone"] == "02241 1020"
    assert str(row["last_verified"]) == "2026-05-01"
    assert any("nicht aktiv" in p.message for p in result.problems)


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip of the given file names and contents, as bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"../../etc/evil.csv": b"x"}, "unsicheren Pfad"),
        ({"/abs/services.csv": b"x"}, "unsicheren Pfad"),
        ({"services.csv": b"id,name\n" + b"0" * 50_000_000}, "Zip-Bombe"),
        ({"readme.txt": b"hallo"}, "services.csv"),
    ],
)
def test_unsafe_or_empty_packages_are_refused_whole(tmp_path, entries, message):
    path = tmp_path / "paket.zip"
    path.write_bytes(zipped(entries))
    result = import_providers(path)
    assert len(result.frame) == 0
    assert message in result.problems[0].message


def test_a_file_named_zip_that_is_no_zip_gets_a_message(tmp_path):
    path = tmp_path / "kaputt.zip"
    path.write_bytes(b"kein zip")
    assert "kein lesbares Zip" in import_providers(path).problems[0].message


def test_termine_go_out_as_schedules_of_their_service_and_the_providers_come_back_the_same(
    tmp_path,
):
    from events import read_event_file

    original = import_providers(SAMPLE_PATH).frame
    events, _ = read_event_file()
    package = tmp_path / "mit-terminen.zip"
    package.write_bytes(write_hsds(original, events))
    with zipfile.ZipFile(package) as opened:
        rows = list(csv.DictReader(io.StringIO(opened.read("schedules.csv").decode())))
    termine = [r for r in rows if r["x_familienkarte_event_id"]]
    held = [e for e in events if e.provider_id]
    assert len(termine) == len(held) < len(events)  # those at their own place are .ics only
    cafe = next(r for r in termine if r["x_familienkarte_kind"] == "elterncafe")
    assert cafe["freq"] == "WEEKLY" and cafe["byday"] and cafe["opens_at"].endswith("+02:00")
    assert cafe["timezone"] == "2" and cafe["service_id"] in set(original["id"])
    monthly = next(r for r in termine if r["x_familienkarte_kind"] == "netzwerktreffen")
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "1WE")
    # the providers read back unchanged: a Termin is no one's opening hours
    again = import_providers(package)
    assert records_from_frame(again.frame) == records_from_frame(original)
