"""Open Referral HSDS 3.0.0, exactly: the exports of the default install and of a real
city file validate against the official datapackage.json with 0 errors; what goes out
comes back the same (providers, Termine, types, hostile text included); the official
example package imports; UUIDs are stable; unsafe zips are refused whole."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from events.model import BERLIN, Event
from providers import (
    SAMPLE_PATH,
    Provider,
    import_file,
    import_providers,
    providers_frame,
    records_from_frame,
    write_hsds,
)
from providers.hsds import read_hsds
from providers.hsds.tables import exchange_uri
from providers.mapping import ColumnMapping
from tests.harness.hsds_official import OFFICIAL, official_errors

HOSTILE = '<script>alert("x")</script> & „Ü“; =HYPERLINK("http://böse.example")'


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip of the given file names and contents, as bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


def table(package: bytes, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(package)) as opened:
        return list(csv.DictReader(io.StringIO(opened.read(name).decode("utf-8"))))


def every_field_provider(key: str, **changes) -> Provider:
    values = {
        "id": key,
        "name": f"Familienhebamme {HOSTILE}",
        "service_types": ["familienhebamme", "schwangerschaftsberatung"],
        "lat": 50.8,
        "lon": 7.2,
        "organization": f"Träger {HOSTILE}",
        "street": "Kaiser-Wilhelm-Platz 1",
        "postcode": "53721",
        "city": "Siegburg",
        "phone": "02241 13-0",
        "email": "hebamme@siegburg.de",
        "website": "https://www.siegburg.de/familie",
        "languages": ["de", "tr", "ar"],
        "description": f"Besuche zu Hause.\nZweite Zeile {HOSTILE}",
        "source": f"Kreis-Liste {HOSTILE}",
        "last_verified": date(2026, 11, 3),
        "life_stages": ["schwangerschaft", "0-1"],
        "free_of_charge": True,
        "no_application": False,
        "barrier_free": False,
        "opening_hours": f"Mo–Fr 9–12 Uhr {HOSTILE}",
        "location_exact": False,
        "verified_by": "anbieter",
    }
    return Provider(**(values | changes))


def every_field_event(key: str, provider: str, **changes) -> Event:
    start = datetime(2026, 12, 8, 9, 30, tzinfo=BERLIN)
    values = {
        "id": key,
        "title": f"Elterncafé {HOSTILE}",
        "start": start,
        "end": start + timedelta(hours=2),
        "rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630",
        "cancelled_dates": (date(2026, 12, 22), date(2026, 12, 29)),
        "provider_id": provider,
        "place": f"Raum 2 {HOSTILE}",
        "kind": "elterncafe",
        "audience": "familien",
        "life_stages": ("0-1", "1-3"),
        "languages": ("de", "tr"),
        "cost": "kostenlos",
        "registration": True,
        "registration_how": f"Anruf {HOSTILE}",
        "registration_until": date(2026, 12, 7),
        "barrier_free": True,
        "description": f"Offener Treff {HOSTILE}",
        "phone": "02241 1020",
        "email": "cafe@example.org",
        "website": "https://cafe.example.org",
        "source": f"Netzwerk {HOSTILE}",
        "last_verified": date(2026, 12, 1),
    }
    return Event(**(values | changes))


def test_an_export_with_every_field_and_hostile_text_comes_back_the_same():
    providers = [
        every_field_provider("fh-1"),
        every_field_provider(
            "fh-2",
            free_of_charge=False,
            no_application=True,
            barrier_free=None,
            life_stages=["1-3"],
            organization="",
            languages=[],
        ),
        every_field_provider(
            "fh-3",
            verified_by="koordination",
            free_of_charge=None,
            no_application=None,
            barrier_free=True,
            life_stages=[],
            location_exact=True,
            opening_hours="",
            phone="",
        ),
    ]
    events = [
        every_field_event("t-1", "fh-1"),
        # a monthly rule HSDS holds in its terms, an all-day date, a rule it cannot hold
        every_field_event("t-2", "fh-2", rrule="FREQ=MONTHLY;BYDAY=1WE", registration=None),
        every_field_event(
            "t-3",
            "fh-1",
            start=datetime(2026, 12, 12, tzinfo=BERLIN),
            end=datetime(2026, 12, 13, tzinfo=BERLIN),
            all_day=True,
            rrule="",
            cancelled=True,
        ),
        every_field_event("t-4", "fh-3", rrule="FREQ=DAILY;COUNT=5", end=None),
    ]
    package = write_hsds(providers_frame(providers), events)
    again = read_hsds(package)
    assert [p for p in again.problems if p.severity == "fehler"] == []
    assert records_from_frame(again.frame) == providers
    assert list(again.events) == events
    # hostile text stays text in the files: quoted CSV, nothing executed or dropped
    services = table(package, "services.csv")
    assert services[0]["name"] == f"Familienhebamme {HOSTILE}"
    # checked by the provider itself: HSDS's assurer is its address
    assert (services[0]["assured_date"], services[0]["assurer_email"]) == (
        "2026-11-03",
        "hebamme@siegburg.de",
    )
    assert services[2]["assurer_email"] == ""  # checked by the coordination


def test_the_default_install_exports_hsds_that_the_official_datapackage_accepts(tmp_path):
    from events import read_event_file
    from providers import read_sample_networks

    loaded = import_file(SAMPLE_PATH).frame  # the sample with the real open data
    events, _ = read_event_file()
    package = write_hsds(loaded, events, read_sample_networks())
    assert official_errors(package, tmp_path / "paket") == []
    services = table(package, "services.csv")
    assert len(services) == len(loaded)
    assert all(uuid.UUID(row["id"]).version == 5 for row in services)
    # every required field is filled: a Land for every address, a description for
    # every organization, one organization per Träger
    addresses = table(package, "addresses.csv")
    assert {row["state_province"] for row in addresses} >= {"Nordrhein-Westfalen", "Bayern"}
    organizations = table(package, "organizations.csv")
    assert all(row["description"] for row in organizations)
    assert len(organizations) < len(services)
    # a Träger is one organization per Kreis: the Landräte of six Landkreise are six
    assert sum(row["name"].casefold() == "der landrat" for row in organizations) > 1
    # and all comes back: Gesundheitsämter without a street keep postcode and town
    again = read_hsds(package)
    assert records_from_frame(again.frame) == records_from_frame(loaded)
    assert len(again.events) == len([e for e in events if e.provider_id in set(loaded["id"])])
    # the Termine are schedules with HSDS's recurrence terms
    schedules = [row for row in table(package, "schedules.csv") if row["freq"]]
    assert schedules and all(row["opens_at"].count(":") >= 2 for row in schedules)
    # our own package, with its extension tables, also validates against its descriptor
    descriptor = json.loads(zipfile.ZipFile(io.BytesIO(package)).read("datapackage.json"))
    assert descriptor["version"] == "3.0.0"
    extensions = [r for r in descriptor["resources"] if r["name"].startswith("x_familienkarte")]
    assert all(field.get("description") for r in extensions for field in r["schema"]["fields"])
    import frictionless

    assert frictionless.validate(str(tmp_path / "paket" / "datapackage.json")).valid


def test_a_real_city_file_exports_valid_hsds_with_one_organization_per_traeger(tmp_path):
    """The Bochum Kitas (CC0): 193 Kitas of nine kinds of Träger (one Kita lies just
    beyond the city's boundary: its Träger there is an organization of its own)."""
    from providers.real import BOCHUM, REAL_DIR

    kitas = import_providers(REAL_DIR / BOCHUM.file, source=BOCHUM.source).frame
    package = write_hsds(kitas)
    assert official_errors(package, tmp_path / "bochum") == []
    organizations = table(package, "organizations.csv")
    from geodata import kreise_at, load_boundaries

    kreise = kreise_at(kitas["lat"], kitas["lon"], load_boundaries("gemeinde"))
    owners = {
        (kreis, record.organization or record.name)
        for kreis, record in zip(kreise, records_from_frame(kitas), strict=True)
    }
    assert len(kitas) == 193 and len(organizations) == len(owners) < 20
    assert {row["state_province"] for row in table(package, "addresses.csv")} == {
        "Nordrhein-Westfalen"
    }
    assert records_from_frame(read_hsds(package).frame) == records_from_frame(kitas)


def test_ids_are_stable_uuids_and_imported_hsds_keeps_its_own():
    frame = import_providers(SAMPLE_PATH).frame.head(20)
    first, second = write_hsds(frame), write_hsds(frame.iloc[::-1])
    assert {r["id"] for r in table(first, "services.csv")} == {
        r["id"] for r in table(second, "services.csv")
    }
    other = write_hsds(frame, namespace=uuid.UUID(int=7))
    assert not {r["id"] for r in table(first, "services.csv")} & {
        r["id"] for r in table(other, "services.csv")
    }
    from providers.hsds.ids import Ids

    assert Ids(uuid.UUID(int=7))("location", "fm-1") == str(
        uuid.uuid5(uuid.UUID(int=7), "location:fm-1")
    )
    foreign = every_field_provider("ac148810-d857-441c-9679-408f346de14b")
    (row,) = table(write_hsds(providers_frame([foreign])), "services.csv")
    assert row["id"] == "ac148810-d857-441c-9679-408f346de14b"


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("https:\\\\www.kita-sonnenschein.de", "https://www.kita-sonnenschein.de"),
        (
            "https://www.müller-familie.de/über uns",
            "https://www.xn--mller-familie-wob.de/%C3%BCber%20uns",
        ),
        ("www.familienzentrum.de", "https://www.familienzentrum.de"),
        ("http://Example.ORG:8080/a?b=c d", "http://example.org:8080/a?b=c%20d"),
        ("https://", None),
        ("keine Website", None),
    ],
)
def test_web_addresses_go_out_as_uris_or_not_at_all(written, sent):
    assert exchange_uri(written) == sent


def test_a_web_address_that_is_no_uri_is_left_out_with_a_note():
    provider = every_field_provider("w-1", website="https://")
    package = write_hsds(providers_frame([provider]))
    (row,) = table(package, "services.csv")
    assert row["url"] == ""
    notes = json.loads(zipfile.ZipFile(io.BytesIO(package)).read("datapackage.json"))
    assert "keine gültige Webadresse" in notes["x_familienkarte_notes"][0]


def test_the_official_example_package_imports_without_loss_of_the_fields_we_know(tmp_path):
    """HSDS 3.0's own example (examples/csv): one service. Its place is fictional
    (latitude 100, a British postcode), so the copy is put in Siegburg; all else is as
    published."""
    folder = tmp_path / "beispiel"
    folder.mkdir()
    for path in (OFFICIAL / "examples" / "csv").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if path.name == "locations.csv":
            text = text.replace(",100,101,", ",50.7997,7.2043,")
        if path.name == "addresses.csv":
            text = text.replace("ABC 1234", "53721")
        (folder / path.name).write_text(text, encoding="utf-8")
    result = import_providers(
        folder, mapping=ColumnMapping(service_type="schwangerschaftsberatung")
    )
    assert [p for p in result.problems if p.severity == "fehler"] == []
    (record,) = records_from_frame(result.frame)
    assert record.id == "ac148810-d857-441c-9679-408f346de14b"
    assert record.name == "Community Counselling"
    assert record.organization == "Example Organization Inc."
    assert record.description.startswith("Counselling Services provided by trained")
    assert (record.street, record.postcode, record.city) == ("1-30 Main Street", "53721", "MyCity")
    assert record.website == "http://example.com/counselling"
    assert record.email == "email@example.com"
    assert "234567" in record.phone
    assert record.languages == ["ur"]
    assert record.last_verified == date(2005, 1, 1)
    assert record.opening_hours.startswith("The service is available from 10 am")
    assert record.free_of_charge is False  # a cost option of 35 GBP
    assert record.service_types == ["schwangerschaftsberatung"]


def test_networks_travel_as_documented_extension_tables_and_the_package_still_loads():
    from networks.model import Membership, Network, WayIn

    original = import_providers(SAMPLE_PATH).frame.head(3)
    ids = list(original["id"])
    network = Network(
        "n1",
        HOSTILE,
        "05382",
        gemeinden=("05382060", "05382068"),
        way_in=WayIn("Familientelefon", "02241 69690", "Mo–Fr 9–12 Uhr"),
        memberships=(
            Membership(ids[0], "koordination", since=date(2020, 1, 1)),
            Membership(ids[1], until=date(2026, 12, 3)),
            Membership("not-in-the-package"),
        ),
    )
    package = write_hsds(original, networks=[network])
    (row,) = table(package, "x_familienkarte_networks.csv")
    assert row["name"] == HOSTILE and row["gemeinden"] == "05382060;05382068"
    services = {
        r["familienkarte_id"]: r["service_id"]
        for r in table(package, "x_familienkarte_services.csv")
    }
    members = table(package, "x_familienkarte_network_members.csv")
    assert [(m["service_id"], m["role"], m["since"], m["until"]) for m in members] == [
        (services[ids[0]], "koordination", "2020-01-01", ""),
        (services[ids[1]], "mitglied", "", "2026-12-03"),
    ]
    assert records_from_frame(read_hsds(package).frame) == records_from_frame(original)


def hand_made_package(folder: Path) -> Path:
    """A small HSDS package written by hand, as a folder, in the spelling of older
    exports (``service_at_locations.csv``, type column): one active service with an
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
    assert list(row["service_types"]) == ["schwangerschaftsberatung"]
    assert str(row["last_verified"]) == "2026-05-01"
    assert any("nicht aktiv" in p.message for p in result.problems)


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


def test_a_package_written_before_hsds_3_0_0_exactly_still_loads_whole():
    """The snapshot a process keeps for a start while the database is down, and any
    export of November 2026, were written with extension columns and
    ``service_at_locations.csv``: after an update they load as before."""
    from providers.real import GBA

    older = Path(__file__).parent / "data" / "hsds-familienkarte-2026-11.zip"
    result = read_hsds(older.read_bytes())
    assert [p for p in result.problems if p.severity == "fehler"] == []
    records = {record.id: record for record in records_from_frame(result.frame)}
    assert len(records) == 6
    clinic = records["gba-260100023-773287000"]
    assert clinic.name == "DIAKO Klinikum" and clinic.service_types == ["geburtsklinik"]
    assert clinic.source == GBA.source and clinic.lat and clinic.street
    assert records["muster-0001"].service_types == ["familienmanager"]
