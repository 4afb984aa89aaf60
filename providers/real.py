"""Real providers with an open licence, derived from the reference data into the project:
``uv run python -m providers.real --shared ../shared/data`` (part of
``scripts/build_data.sh``). The app reads only what this writes (``providers/data/real/``).

- Geburtskliniken: every hospital site whose G-BA Qualitätsbericht 2023 reports births
  (608), with births 2023; coordinates geocoded from OpenStreetMap.
- Gesundheitsämter: all 381 (RKI PLZ-Tool list as shipped by gematik, EUPL-1.2); no
  coordinates – at their postcode's centre, marked approximate.
- Kitas and Familienzentren of Bochum (the city's open data, CC0), UTM 32N converted.

Each row's ``source`` names its source, licence and Stand (:data:`REAL_SOURCES`); the
licence texts and notices travel in the same folder. The births of each clinic are kept
apart (``geburten_2023.csv``) for the planning figures.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from providers.model import PROVIDER_COLUMNS

#: Where the derived files live (committed with this module).
REAL_DIR = Path(__file__).parent / "data" / "real"
#: The provider columns the sources fill.
COLUMNS = tuple(c for c in PROVIDER_COLUMNS if c not in ("languages", "life_stages", "verified_by"))
#: Births 2023 per clinic id (empty where the G-BA withholds the number).
BIRTHS_FILE = "geburten_2023.csv"
#: The two notices the G-BA asks for when Qualitätsberichte are used in part.
GBA_NOTICES = (
    "Die Qualitätsberichte der Krankenhäuser werden vorliegend nur teilweise bzw. auszugsweise "
    "genutzt. Eine vollständige unveränderte Darstellung der Qualitätsberichte der "
    "Krankenhäuser erhalten Sie unter www.g-ba.de/qualitaetsberichte.",
    "Die Qualitätsberichte der Krankenhäuser werden vorliegend in Verbindung mit anderen "
    "Erkenntnisquellen genutzt. Die angegebenen Empfehlungen und Ergebnisse stellen daher keine "
    "authentische Wiedergabe der Qualitätsberichte dar.",
)


@dataclass(frozen=True)
class RealSource:
    """One open source of real providers built into the default install.

    Attributes
    ----------
    file
        Its derived file in :data:`REAL_DIR`.
    label
        What it holds, for people ("Geburtskliniken").
    origin
        Who publishes it, in a few words.
    source
        The ``source`` of each of its rows: origin, licence and Stand in one line (it
        travels with every row into the store, popups and exports).
    licence, stand
        Licence and Stand on their own, for the "Datenlage" table.
    verified
        The day the source vouches for its rows (ISO), written as their
        ``last_verified``: an entry older than a year is marked so, like any other.
    types
        The service types it gives; the sample's invented providers of these types
        make way for it.
    credit
        A few words that name it where room is short (a slide's sources line).
    area
        Where it replaces them (an AGS; ``""``: everywhere).
    """

    file: str
    label: str
    origin: str
    source: str
    licence: str
    stand: str
    verified: str
    types: tuple[str, ...]
    credit: str
    area: str = ""

    @property
    def attribution(self) -> str:
        """One line for page footers and exports."""
        return f"{self.label}: {self.source}"


GBA = RealSource(
    "geburtskliniken.csv",
    "Geburtskliniken",
    "G-BA, Qualitätsberichte 2023",
    "G-BA, Qualitätsberichte der Krankenhäuser 2023, auszugsweise und mit anderen Quellen "
    "verbunden (vollständig: www.g-ba.de/qualitaetsberichte), aufbereitet von "
    "CSectionRate_Germany (MIT); Koordinaten © OpenStreetMap-Mitwirkende (ODbL); Stand 2023",
    "MIT (Aufbereitung), ODbL (Koordinaten)",
    "2023",
    "2023-12-31",
    ("geburtsklinik",),
    "G-BA-Qualitätsberichte 2023 (Auszug; MIT; © OpenStreetMap-Mitwirkende, ODbL)",
)
RKI = RealSource(
    "gesundheitsaemter.csv",
    "Gesundheitsämter",
    "RKI PLZ-Tool (gematik)",
    "RKI PLZ-Tool, über gematik DEMIS (EUPL-1.2), verändert; Stand Mai 2026",
    "EUPL-1.2",
    "05/2026",
    "2026-05-13",
    ("gesundheitsamt",),
    "RKI (EUPL-1.2)",
)
BOCHUM = RealSource(
    "bochum_kitas.csv",
    "Kitas und Familienzentren in Bochum",
    "Stadt Bochum, Open Data",
    "Stadt Bochum, Open Data (CC0 1.0); Stand 17.10.2023",
    "CC0 1.0",
    "17.10.2023",
    "2023-10-17",
    ("kita", "familienzentrum"),
    "Bochum (CC0)",
    "05911",
)
#: Every real source of the default install.
REAL_SOURCES = (GBA, RKI, BOCHUM)


def real_source(source: str) -> RealSource | None:
    """The real source a row's ``source`` names, or ``None``."""
    return next((real for real in REAL_SOURCES if real.source == source), None)


def credits(sources: Iterable[str]) -> str | None:
    """The real sources among these row sources in a few words, for a slide's
    sources line; ``None`` when there is none."""
    present = set(sources)
    named = [real.credit for real in REAL_SOURCES if real.source in present]
    return ", ".join(named) if named else None


def attributions(sources: Iterable[str]) -> tuple[str, ...]:
    """The attribution lines of the real sources among these row sources, in
    :data:`REAL_SOURCES` order."""
    present = set(sources)
    return tuple(real.attribution for real in REAL_SOURCES if real.source in present)


def data_situation(frame: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """Per Land and type: ``land_ags``, ``type``, ``real`` and ``invented`` providers and
    the ``sources`` of the real ones (an open source by its licence and Stand, an
    operator's own source by its name), for a provider frame with ``land_ags``,
    ``service_types``, ``source`` and ``is_sample`` – of a region (AGS) or all Germany."""
    from geodata import within

    inside = frame[within(frame["land_ags"].fillna(""), region)] if region else frame
    rows = inside[["land_ags", "service_types", "source", "is_sample"]].explode("service_types")
    rows = rows.rename(columns={"service_types": "type"}).dropna(subset=["type"])
    if rows.empty:
        return pd.DataFrame(columns=["land_ags", "type", "real", "invented", "sources"])

    def named(sources: pd.Series) -> str:
        found = []
        for text in dict.fromkeys(sources):
            real = real_source(text)
            found.append(f"{real.origin} ({real.licence}, Stand {real.stand})" if real else text)
        return " | ".join(found)

    grouped = rows.groupby(["land_ags", "type"], sort=True)
    table = pd.DataFrame(
        {
            "real": grouped["is_sample"].apply(lambda s: int((~s.astype(bool)).sum())),
            "invented": grouped["is_sample"].apply(lambda s: int(s.astype(bool).sum())),
            "sources": grouped.apply(
                lambda g: named(g.loc[~g["is_sample"].astype(bool), "source"]),
                include_groups=False,
            ),
        }
    ).reset_index()
    return table


def _write(path: Path, rows: Iterable[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> int:
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
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
                "source": GBA.source,
                "last_verified": GBA.verified,
                "location_exact": "ja",
            }
            for row in csv.DictReader(handle)
        ]


def clinic_births(source: Path) -> list[dict[str, str]]:
    """Births 2023 per clinic id, as the G-BA file gives them (empty: withheld)."""
    with source.open(encoding="utf-8") as handle:
        return [
            {
                "id": f"gba-{row['IK']}-{row['Standortnummer']}",
                "geburten": row["Geburten gesamt 2023"].strip()
                if row["Geburten gesamt 2023"].strip().isdigit()
                else "",
            }
            for row in csv.DictReader(handle)
        ]


def read_births(path: Path | None = None) -> dict[str, int | None]:
    """Births 2023 per Geburtsklinik id from the derived file (``None``: withheld)."""
    with (path or REAL_DIR / BIRTHS_FILE).open(encoding="utf-8") as handle:
        return {
            row["id"]: int(row["geburten"]) if row["geburten"] else None
            for row in csv.DictReader(handle)
        }


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
                "source": RKI.source,
                "last_verified": RKI.verified,
                "location_exact": "nein (PLZ-Mittelpunkt)",
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
                    "source": BOCHUM.source,
                    "last_verified": BOCHUM.verified,
                    "location_exact": "ja",
                },
            )
    return list(rows.values())


def build(shared: Path, out: Path = REAL_DIR) -> dict[str, int]:
    """Write the three files and the licence texts; the rows written per file."""
    real = shared / "real"
    out.mkdir(parents=True, exist_ok=True)
    statistics = real / "geburtskliniken_gba_2023" / "hospital_statistics_2023.csv"
    counts = {
        "geburtskliniken.csv": _write(out / "geburtskliniken.csv", clinics(statistics)),
        BIRTHS_FILE: _write(out / BIRTHS_FILE, clinic_births(statistics), ("id", "geburten")),
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
        print(f"{REAL_DIR / name}: {count} Zeilen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
