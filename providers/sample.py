"""Seeded generator of the embedded, fictional sample providers.

Run ``uv run python -m providers.sample`` to rewrite
``providers/data/sample_providers.csv``; the same seed gives the same file.

What it makes: Familienmanager at the town-hall area of NRW municipalities in
every Regierungsbezirk; Frühe-Hilfen partners of every type in Kreis
Rendsburg-Eckernförde (01058) and the Rhein-Sieg-Kreis (05382); a thinner
spread over the other NRW Kreise; and in every other Land, per Kreis a Jugendamt,
often a Netzwerkkoordination and partners roughly by population, with a few
Kreise left empty on purpose. Every name says "Muster" or "Beispiel",
e-mail and web addresses use reserved example domains (RFC 2606), and phone
numbers come from the blocks the Bundesnetzagentur keeps for fictional use.
Each point lies inside its Gemeinde and carries a postcode of that place.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata import load_boundaries, load_population, parent_ags, regierungsbezirke
from intake.provenance import SAMPLE_SOURCE
from places.postcodes import all_postcodes
from providers.load import SAMPLE_PATH
from providers.model import PROVIDER_COLUMNS
from providers.taxonomy import GROUP_FRUEHE_HILFEN, types_in_group

SEED = 20261123
FOCUS_KREISE = ("01058", "05382")
#: Kreisstädte of the focus Kreise: offices of Kreis-wide services sit there.
KREISSTADT = {"01058": "01058135", "05382": "05382060"}
FAMILIENMANAGER_PER_REGIERUNGSBEZIRK = 10
PARTNERS_PER_TYPE_IN_FOCUS = 6
PARTNERS_PER_OTHER_KREIS = (3, 6)
#: Share of the Kreise outside NRW left without any provider: gaps a planner should see.
THIN_SHARE = 0.06

# Blocks the Bundesnetzagentur reserves for film, TV and other fictional use.
_FICTIONAL_PHONE_PREFIXES = ("030 23125", "069 90009", "040 66969", "0221 4710", "089 99998")
_STREETS = (
    "Musterstraße",
    "Beispielweg",
    "Am Musterplatz",
    "Lindenallee",
    "Beispielgasse",
    "Musterring",
    "Sonnenweg",
    "Am Beispielpark",
)
_NAMES = {
    "familienmanager": ("Familienbüro {ort} (Muster)",),
    "familienhebamme": ("Beispiel-Familienhebammen {ort}", "Muster-Hebammenpraxis {wort}"),
    "schwangerschaftsberatung": ("Muster-Schwangerschaftsberatung {ort}",),
    "geburtsklinik": ("Beispiel-Klinikum {ort}, Geburtshilfe",),
    "fruehfoerderstelle": ("Muster-Frühförderstelle {wort}",),
    "spz": ("Beispiel-SPZ {ort}",),
    "jugendamt": ("Jugendamt {kreis} (Muster)",),
    "gesundheitsamt": ("Gesundheitsamt {kreis} (Muster)",),
    "familienzentrum": ("Muster-Familienzentrum {wort}",),
    "kita": ("Beispiel-Kita {wort}",),
    "kinderarztpraxis": ("Muster-Kinderarztpraxis {wort}",),
    "familienbildung": ("Beispiel-Familienbildungsstätte {ort}",),
    "netzwerkkoordination": ("Netzwerk Frühe Hilfen {kreis} (Muster)",),
}
_WORDS = ("Sonnenblume", "Regenbogen", "Löwenzahn", "Lindenhof", "Pusteblume", "Kleeblatt")
_LANGUAGES = ("en", "tr", "ar", "ru", "uk", "pl", "fa")
_DESCRIPTIONS = {
    "familienmanager": "Zertifizierte/r Familienmanager/in der Kommune: Lotse zu allen Angeboten.",
    "familienhebamme": "Aufsuchende Begleitung von Schwangeren und Familien bis zum 1. Geburtstag.",
    "schwangerschaftsberatung": "Beratung rund um Schwangerschaft, Geburt und finanzielle Hilfen.",
    "geburtsklinik": "Geburtshilfliche Abteilung mit Elternschule.",
    "fruehfoerderstelle": "Interdisziplinäre Frühförderung für Kinder von 0 bis 6 Jahren.",
    "spz": "Ambulante Diagnostik und Therapie für Kinder mit Entwicklungsauffälligkeiten.",
    "jugendamt": "Allgemeiner Sozialer Dienst und Frühe Hilfen des Jugendamts.",
    "gesundheitsamt": "Kinder- und Jugendgesundheitsdienst, Beratung für Familien.",
    "familienzentrum": "Treffpunkt, Beratung und Kurse für Familien im Stadtteil.",
    "kita": "Kindertagesstätte mit Krippengruppe ab 1 Jahr.",
    "kinderarztpraxis": "Kinder- und Jugendmedizin, U-Untersuchungen.",
    "familienbildung": "Elternkurse, Babytreffs und Geburtsvorbereitung.",
    "netzwerkkoordination": "Koordination des Netzwerks Frühe Hilfen, Familientelefon.",
}
# The sample is an import file: every provider column but the derived location flag.
_COLUMNS = tuple(c for c in PROVIDER_COLUMNS if c not in ("location_exact", "verified_by"))


@dataclass
class _Places:
    """Gemeinden in a metric CRS with the postcodes whose centres lie in each."""

    gemeinden: gpd.GeoDataFrame
    kreise: gpd.GeoDataFrame
    postcodes_by_gemeinde: dict[str, list[tuple[str, float, float]]]


def _places() -> _Places:
    gemeinden = load_boundaries("gemeinde").set_index("ags", drop=False)
    kreise = load_boundaries("kreis").set_index("ags", drop=False)
    plz = all_postcodes()
    codes = sorted(plz)
    points = gpd.GeoDataFrame(
        {"plz": codes},
        geometry=gpd.points_from_xy([plz[c][1] for c in codes], [plz[c][0] for c in codes]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, gemeinden[["ags", "geometry"]].reset_index(drop=True), "inner")
    by_gemeinde: dict[str, list[tuple[str, float, float]]] = {}
    for row in joined.itertuples():
        by_gemeinde.setdefault(row.ags, []).append((row.plz, row.geometry.y, row.geometry.x))
    return _Places(gemeinden, kreise, by_gemeinde)


def _postcode_for(places: _Places, ags: str, rng: random.Random) -> tuple[str, float, float]:
    """A postcode of the Gemeinde: one whose centre lies in it, else the nearest."""
    inside = places.postcodes_by_gemeinde.get(ags)
    if inside:
        return rng.choice(sorted(inside))
    centre = places.gemeinden.loc[ags, "geometry"].representative_point()
    plz = all_postcodes()
    nearest = min(plz, key=lambda c: (plz[c][0] - centre.y) ** 2 + (plz[c][1] - centre.x) ** 2)
    return nearest, centre.y, centre.x


def _point_in(
    polygon: shapely.Geometry, near: tuple[float, float], spread_deg: float, rng: random.Random
) -> tuple[float, float]:
    """A random point inside ``polygon`` close to ``near`` (lat, lon)."""
    inner = polygon.buffer(-0.002) if polygon.area > 1e-4 else polygon
    if inner.is_empty:
        inner = polygon
    for _ in range(200):
        lat = near[0] + rng.uniform(-spread_deg, spread_deg)
        lon = near[1] + rng.uniform(-spread_deg, spread_deg) * 1.5
        if inner.contains(shapely.Point(lon, lat)):
            return round(lat, 6), round(lon, 6)
    point = inner.representative_point()
    return round(point.y, 6), round(point.x, 6)


# What each kind of help is for and how it is reached; a few stay unstated on purpose.
_LIFE_STAGES = {
    "familienmanager": "",
    "familienhebamme": "Schwangerschaft; 0–1 Jahr",
    "schwangerschaftsberatung": "Schwangerschaft",
    "geburtsklinik": "Schwangerschaft; 0–1 Jahr",
    "fruehfoerderstelle": "0–1 Jahr; 1–3 Jahre",
    "spz": "0–1 Jahr; 1–3 Jahre",
    "kita": "1–3 Jahre",
    "kinderarztpraxis": "0–1 Jahr; 1–3 Jahre",
    "familienbildung": "Schwangerschaft; 0–1 Jahr; 1–3 Jahre",
}
_PAID = {"kita"}
_NEEDS_APPLICATION = {"kita", "fruehfoerderstelle", "spz"}
_OPENING_HOURS = (
    "Mo–Fr 9–12 Uhr",
    "Mo–Do 8–16 Uhr, Fr 8–12 Uhr",
    "Di und Do 14–18 Uhr",
    "Mo, Mi, Fr 9–13 Uhr",
    "nach Vereinbarung",
)


def _family_fields(code: str, rng: random.Random) -> dict[str, str]:
    """Life stages, fees, application, access and hours of a sample provider.

    Drawn from their own generator per row, so that the rest of the sample
    stays as it was before these fields existed.
    """
    if code == "familienmanager":
        return {"opening_hours": rng.choice(_OPENING_HOURS)}
    stages = _LIFE_STAGES.get(code, "Schwangerschaft; 0–1 Jahr; 1–3 Jahre")
    free = "nein" if code in _PAID else rng.choice(("ja", "ja", "ja", ""))
    application = "nein" if code in _NEEDS_APPLICATION else rng.choice(("ja", "ja", ""))
    return {
        "life_stages": stages,
        "free_of_charge": free,
        "no_application": application,
        "barrier_free": rng.choice(("ja", "ja", "ja", "nein", "")),
        "opening_hours": rng.choice(_OPENING_HOURS),
    }


def _slug(text: str, limit: int = 50) -> str:
    """A host name label from a name: whole words only, at most ``limit`` characters."""
    folded = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) > limit:
        slug = slug[: slug.rfind("-", 0, limit + 1)]
    return slug


class _Generator:
    def __init__(self, places: _Places, seed: int) -> None:
        self.places = places
        self.rng = random.Random(seed)
        self.seed = seed
        self.rows: list[dict[str, str]] = []
        self._names: set[tuple[str, str]] = set()

    def add(self, code: str, ags: str, spread_deg: float = 0.01) -> None:
        rng = self.rng
        gemeinde = self.places.gemeinden.loc[ags]
        kreis = self.places.kreise.loc[parent_ags(ags, "kreis"), "name"]
        postcode, plz_lat, plz_lon = _postcode_for(self.places, ags, rng)
        lat, lon = _point_in(gemeinde.geometry, (plz_lat, plz_lon), spread_deg, rng)
        name = rng.choice(_NAMES[code]).format(
            ort=gemeinde["name"], kreis=kreis, wort=rng.choice(_WORDS)
        )
        languages = ["de", *rng.sample(_LANGUAGES, k=rng.choice((0, 1, 1, 2, 3)))]
        street = rng.choice(_STREETS)
        if (name, gemeinde["name"]) in self._names:
            # A second site of one service is told apart, as real ones are.
            name = f"{name} – Standort {street}"
        self._names.add((name, gemeinde["name"]))
        number = len(self.rows) + 1
        slug = _slug(name)
        self.rows.append(
            {
                "id": f"muster-{number:04d}",
                "name": name,
                "organization": f"Muster-Träger {kreis}",
                "service_types": code,
                "street": f"{street} {rng.randint(1, 80)}",
                "postcode": postcode,
                "city": gemeinde["name"],
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
                "phone": f"{rng.choice(_FICTIONAL_PHONE_PREFIXES)} {rng.randint(0, 999):03d}",
                "email": f"kontakt@{slug}.example.org",
                "website": f"https://{slug}.example.org",
                "languages": "; ".join(languages),
                "description": _DESCRIPTIONS[code],
                "last_verified": (
                    date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
                ).isoformat(),
                "source": SAMPLE_SOURCE,
                **_family_fields(code, random.Random(f"{self.seed}:{number}")),
            }
        )

    def gemeinden_of(self, kreis: str) -> list[str]:
        frame = self.places.gemeinden
        return sorted(frame.index[frame["kreis_ags"] == kreis])

    def familienmanager(self) -> None:
        nrw = self.places.gemeinden[self.places.gemeinden["land_ags"] == "05"]
        bezirke = regierungsbezirke(nrw.index)
        for regierungsbezirk in sorted(set(bezirke)):
            candidates = sorted(nrw.index[bezirke == regierungsbezirk])
            for ags in self.rng.sample(candidates, FAMILIENMANAGER_PER_REGIERUNGSBEZIRK):
                self.add("familienmanager", ags, spread_deg=0.002)

    def focus_kreis(self, kreis: str) -> None:
        gemeinden = self.gemeinden_of(kreis)
        # Larger places get more services: weight by area as a stand-in for size.
        weights = np.sqrt(self.places.gemeinden.loc[gemeinden].to_crs(25832).area.to_numpy())
        for service in types_in_group(GROUP_FRUEHE_HILFEN):
            for index in range(PARTNERS_PER_TYPE_IN_FOCUS):
                if service.code in ("jugendamt", "gesundheitsamt", "netzwerkkoordination") and (
                    index < 2
                ):
                    ags = KREISSTADT[kreis]
                else:
                    ags = self.rng.choices(gemeinden, weights=weights)[0]
                self.add(service.code, ags)

    def thin_spread(self) -> None:
        kreise = self.places.kreise
        nrw = sorted(kreise.index[(kreise["land_ags"] == "05") & ~kreise.index.isin(FOCUS_KREISE)])
        codes = [t.code for t in types_in_group(GROUP_FRUEHE_HILFEN)]
        for kreis in nrw:
            gemeinden = self.gemeinden_of(kreis)
            for _ in range(self.rng.randint(*PARTNERS_PER_OTHER_KREIS)):
                self.add(self.rng.choice(codes), self.rng.choice(gemeinden))

    def germany(self) -> None:
        """The other Länder: per Kreis a Jugendamt in its largest Gemeinde, often a
        Netzwerkkoordination, and partners roughly by population (one per 250,000
        inhabitants, at most four); a few Kreise are left deliberately thin."""
        kreise = self.places.kreise
        others = sorted(
            kreise.index[(kreise["land_ags"] != "05") & ~kreise.index.isin(FOCUS_KREISE)]
        )
        population = load_population().inhabitants
        codes = [t.code for t in types_in_group(GROUP_FRUEHE_HILFEN)]
        for kreis in others:
            gemeinden = self.gemeinden_of(kreis)
            people = population.reindex(gemeinden).fillna(0).astype(float).to_numpy()
            if self.rng.random() < THIN_SHARE or people.sum() <= 0:
                continue  # a gap a planner should find
            self.add("jugendamt", gemeinden[int(np.argmax(people))])
            if self.rng.random() < 0.5:
                self.add("netzwerkkoordination", gemeinden[int(np.argmax(people))])
            for _ in range(min(4, round(people.sum() / 250_000))):
                self.add(self.rng.choice(codes), self.rng.choices(gemeinden, weights=people)[0])


def generate(seed: int = SEED) -> list[dict[str, str]]:
    """Generate the sample rows (deterministic for a seed).

    Returns
    -------
    list of dict
        One dict per provider with the CSV columns.
    """
    generator = _Generator(_places(), seed)
    generator.familienmanager()
    for kreis in FOCUS_KREISE:
        generator.focus_kreis(kreis)
    generator.thin_spread()
    generator.germany()  # last: the rows before it stay as they were
    return generator.rows


def write_sample(path: Path = SAMPLE_PATH, seed: int = SEED) -> int:
    """Write the sample CSV (UTF-8, comma); return the number of providers."""
    rows = generate(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def write_spread_sample(path: Path, count: int, seed: int = SEED) -> int:
    """Write ``count`` fictional providers spread over all of Germany (for measurements).

    The sample's rows are repeated at the inner points of Gemeinden drawn at
    random (seeded), a few metres apart; ids, names and places are made unique.

    Returns
    -------
    int
        The number of rows written.
    """
    with SAMPLE_PATH.open(encoding="utf-8", newline="") as handle:
        sample = list(csv.DictReader(handle))
    gemeinden = load_boundaries("gemeinde")
    inner = shapely.point_on_surface(gemeinden.geometry.to_numpy())
    rng = np.random.default_rng(seed)
    chosen = rng.integers(0, len(gemeinden), size=count)
    jitter = rng.normal(0.0, 0.0008, size=(count, 2))
    lats = shapely.get_y(inner)[chosen] + jitter[:, 0]
    lons = shapely.get_x(inner)[chosen] + jitter[:, 1]
    names = gemeinden["name"].to_numpy()[chosen]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_COLUMNS)
        writer.writeheader()
        for i in range(count):
            row = dict(sample[i % len(sample)])
            row.update(
                id=f"verteilt-{i:06d}",
                name=f"{row['name']} ({names[i]} {i})",
                city=str(names[i]),
                lat=f"{lats[i]:.6f}",
                lon=f"{lons[i]:.6f}",
            )
            writer.writerow(row)
    return count


if __name__ == "__main__":
    count = write_sample()
    print(f"{count} fiktive Anbieter -> {SAMPLE_PATH}")
