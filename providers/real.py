"""Real providers with an open licence, derived from the reference data into the project:
``uv run python -m providers.real --shared ../shared/data`` (part of
``scripts/build_data.sh``). The app reads only what this writes (``providers/data/real/``).

- Geburtskliniken: every hospital site whose G-BA Qualitätsbericht 2023 reports births
  (608), with births 2023; coordinates geocoded from OpenStreetMap.
- Gesundheitsämter: all 381 (RKI PLZ-Tool list as shipped by gematik, EUPL-1.2); no
  coordinates – at their postcode's centre, marked approximate.
- Kitas and Familienzentren of Bochum (the city's open data, CC0), UTM 32N converted.

Each row carries its source, licence and Stand (columns ``lizenz``, ``stand``); the
licence texts and notices travel in the same folder.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

from providers.model import PROVIDER_COLUMNS

#: Where the derived files live (committed with this module).
REAL_DIR = Path(__file__).parent / "data" / "real"
#: The provider columns the sources fill, then licence and Stand of each row.
COLUMNS = (
    *(c for c in PROVIDER_COLUMNS if c not in ("languages", "last_verified", "life_stages")),
    "lizenz",
    "stand",
)
GBA_SOURCE = (
    "G-BA, Qualitätsberichte der Krankenhäuser 2023 (www.g-ba.de/qualitaetsberichte), "
    "aufbereitet von CSectionRate_Germany (MIT); Koordinaten © OpenStreetMap-Mitwirkende (ODbL)"
)
#: The two notices the G-BA asks for when Qualitätsberichte are used in part.
GBA_NOTICES = (
    "Die Qualitätsberichte der Krankenhäuser werden vorliegend nur teilweise bzw. auszugsweise "
    "genutzt. Eine vollständige unveränderte Darstellung der Qualitätsberichte der "
    "Krankenhäuser erhalten Sie unter www.g-ba.de/qualitaetsberichte.",
    "Die Qualitätsberichte der Krankenhäuser werden vorliegend in Verbindung mit anderen "
    "Erkenntnisquellen genutzt. Die angegebenen Empfehlungen und Ergebnisse stellen daher keine "
    "authentische Wiedergabe der Qualitätsberichte dar.",
)
RKI_SOURCE = "Gesundheitsämter: RKI PLZ-Tool, über gematik DEMIS (EUPL-1.2), verändert"
BOCHUM_SOURCE = "Stadt Bochum, Open Data (CC0 1.0)"


def _write(path: Path, rows: Iterable[dict[str, str]]) -> int:
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def births_text(births: str) -> str:
    """``"Geburten 2023: 1.505"``; the G-BA withholds small numbers ("Datenschutz")."""
    if births.strip().isdigit():
        return f"Geburten 2023: {int(births):,}".replace(",", ".")
    return "Geburten 2023: keine Angabe (Datenschutz)"


def clinics(source: Path) -> list[dict[str, str]]:
    """The Geburtskliniken of the G-BA file, one row per hospital site."""
    with source.open(encoding="utf-8") as handle:
        return [
            {
                "id": f"gba-{row['IK']}-{row['Standortnummer']}",
                "name": row["Name der Klinik"].strip(),
                "service_types": "geburtsklinik",
                "street": row["Straße und Hausnummer"].strip(),
                "postcode": row["PLZ"].strip().zfill(5),
                "city": row["Ort"].strip(),
                "lat": row["Latitude"],
                "lon": row["Longitude"],
                "description": births_text(row["Geburten gesamt 2023"]),
                "source": GBA_SOURCE,
                "location_exact": "ja",
                "lizenz": "MIT (Aufbereitung); Koordinaten ODbL",
                "stand": "2023",
            }
            for row in csv.DictReader(handle)
        ]


def _placer():
    """Where an office lies when its postcode has no centre of its own (a Postfach
    postcode): the Gemeinde its postcode and place name find, else its Land's centre."""
    import shapely

    from geodata import load_boundaries
    from places import Gazetteer, postcode_location

    gemeinden, kreise, laender = (load_boundaries(level) for level in ("gemeinde", "kreis", "land"))
    gazetteer = Gazetteer(gemeinden, dict(zip(kreise["ags"], kreise["name"], strict=True)))
    centres = {
        str(ags): (point.y, point.x)
        for ags, point in zip(
            laender["ags"], shapely.point_on_surface(laender.geometry.to_numpy()), strict=True
        )
    }

    def place(postcode: str, city: str, name: str, code: str) -> tuple[float, float]:
        point = postcode_location(postcode) if postcode else None
        if point is not None:
            return point
        found = gazetteer.search(f"{postcode} {city}".strip()).places if city else ()
        fitting = [p for p in found if p.kreis and p.kreis in name] or list(found)
        if fitting:
            return fitting[0].lat, fitting[0].lon
        return centres[code.split(".")[1]]  # RKI codes start 1.<Land>.

    return place


def health_offices(source: Path) -> list[dict[str, str]]:
    """The Gesundheitsämter of the RKI list, at their postcode's centre (marked so)."""
    namespace = {"rki": "http://www.rki.de/PlzToolTransmittingSiteSearchText.xsd"}
    place = _placer()
    rows = []
    for site in ElementTree.parse(source).getroot().findall("rki:TransmittingSite", namespace):
        values = {key: (site.get(key) or "").strip() for key in site.keys()}
        postcode, department, name = values["Postalcode"], values["Department"], values["Name"]
        lat, lon = place(postcode, values["Place"], name, values["Code"])
        # "HPHC" says nothing to a family; its department does.
        shown = (
            f"{department} ({name})" if name.isupper() and department else f"Gesundheitsamt {name}"
        )
        rows.append(
            {
                "id": f"rki-{values['Code'].rstrip('.')}",
                "name": shown,
                "organization": department,
                "service_types": "gesundheitsamt",
                "street": values["Street"],
                "postcode": postcode,
                "city": values["Place"],
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
                "phone": values["Phone"],
                "email": values["Email"],
                "source": RKI_SOURCE,
                "location_exact": "nein (PLZ-Mittelpunkt)",
                "lizenz": "EUPL-1.2",
                "stand": "2026-05",
            }
        )
    return rows


def bochum(source: Path) -> list[dict[str, str]]:
    """Bochum's Kitas (Familienzentren among them), each place once."""
    from geodata.coordinates import to_wgs84

    rows: dict[str, dict[str, str]] = {}
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            lat, lon = to_wgs84(float(row["rechts_utm"]), float(row["hoch_utm"]), "EPSG:25832")
            postcode, _, city = row["plz_ort"].partition(" ")
            name = row["name"].strip()
            types = "kita;familienzentrum" if "familienzentrum" in name.lower() else "kita"
            rows.setdefault(
                row["poi_id"],
                {
                    "id": f"bochum-{row['poi_id']}",
                    "name": name,
                    "organization": row["kategorie"].strip(),
                    "service_types": types,
                    "street": row["str_hausnr"].strip(),
                    "postcode": postcode,
                    "city": city.strip() or "Bochum",
                    "lat": f"{lat:.6f}",
                    "lon": f"{lon:.6f}",
                    "website": row["link"].strip(),
                    "source": BOCHUM_SOURCE,
                    "location_exact": "ja",
                    "lizenz": "CC0 1.0",
                    "stand": row["abrufdatum"].strip(),
                },
            )
    return list(rows.values())


def build(shared: Path, out: Path = REAL_DIR) -> dict[str, int]:
    """Write the three files and the licence texts; the rows written per file."""
    real = shared / "real"
    out.mkdir(parents=True, exist_ok=True)
    counts = {
        "geburtskliniken.csv": _write(
            out / "geburtskliniken.csv",
            clinics(real / "geburtskliniken_gba_2023" / "hospital_statistics_2023.csv"),
        ),
        "gesundheitsaemter.csv": _write(
            out / "gesundheitsaemter.csv",
            health_offices(real / "gesundheitsaemter_rki" / "TransmittingSiteSearchText.xml"),
        ),
        "bochum_kitas.csv": _write(
            out / "bochum_kitas.csv", bochum(real / "bochum_kitas" / "bochum_daycare_centers.csv")
        ),
    }
    # Licences travel with the data: EUPL-1.2 asks for its text beside the derived file.
    shutil.copyfile(
        real / "gesundheitsaemter_rki" / "LICENSE-EUPL-1.2.md", out / "LICENSE-EUPL-1.2.md"
    )
    shutil.copyfile(
        real / "geburtskliniken_gba_2023" / "LICENSE-MIT.txt",
        out / "LICENSE-MIT-CSectionRate_Germany.txt",
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m providers.real", description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    arguments = parser.parse_args(argv)
    for name, count in build(arguments.shared).items():
        print(f"{REAL_DIR / name}: {count} Anbieter")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
