"""OpenStreetMap for operators: the family-support places of an extract (``.osm.pbf``, as
Geofabrik publishes them) as providers, read in one streaming pass with pyosmium.

Nodes and areas (closed ways and multipolygon relations, each at a point inside it)
whose tags map to a type of help (:data:`TAG_TABLE`) become rows, checked like every
imported row (:class:`providers.rows.RowChecker`): address from ``addr:*``, contact
from ``contact:*``, ``phone``, ``email``, ``website``, ``opening_hours``, barrier-free
from ``wheelchair``. The OSM id is the provider id (``osm-n123``, ``osm-w45``,
``osm-r6``), so a new extract updates what an older one brought, and the source is
"© OpenStreetMap-Mitwirkende (ODbL)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from intake import LIMITS, ProblemLog
from providers.model import Provider
from providers.rows import RowChecker

#: Source and licence of every provider from OpenStreetMap.
OSM_SOURCE = "© OpenStreetMap-Mitwirkende (ODbL)"
#: The ids of providers from OpenStreetMap start with this.
OSM_ID_PREFIX = "osm-"
#: Keys worth looking at: everything else is passed over without building a row.
_KEYS = ("amenity", "healthcare", "office", "community_centre", "social_facility")


def _values(tags: Mapping[str, str], key: str) -> set[str]:
    return {value.strip() for value in tags.get(key, "").split(";") if value.strip()}


@dataclass(frozen=True)
class TagRule:
    """Tags that make an object a provider of one type (all must hold)."""

    code: str
    #: ``key=value``, for the README's table.
    tags: str
    test: Callable[[Mapping[str, str]], bool] = field(compare=False)


def _office(code: str, government: str, word: str) -> TagRule:
    """A public office: ``office=government`` with its ``government`` value, or named so."""
    return TagRule(
        code,
        f"office=government + government={government} oder Name mit „{word}“",
        lambda t: (
            t.get("office") == "government"
            and (t.get("government") == government or word.lower() in t.get("name", "").lower())
        ),
    )


#: OSM tags → Familienkarte types (the OSM wiki's documented values; the README lists them).
TAG_TABLE: tuple[TagRule, ...] = (
    TagRule("kita", "amenity=kindergarten", lambda t: t.get("amenity") == "kindergarten"),
    TagRule("kita", "amenity=childcare", lambda t: t.get("amenity") == "childcare"),
    TagRule(
        "familienhebamme",
        "healthcare=midwife",
        lambda t: t.get("healthcare") == "midwife",
    ),
    TagRule(
        "schwangerschaftsberatung",
        "healthcare=counselling + healthcare:counselling=antenatal",
        lambda t: (
            t.get("healthcare") == "counselling"
            and "antenatal" in _values(t, "healthcare:counselling")
        ),
    ),
    TagRule(
        "familienzentrum",
        "amenity=community_centre + community_centre=family_centre oder "
        "community_centre:for=family",
        lambda t: (
            t.get("amenity") == "community_centre"
            and (
                t.get("community_centre") == "family_centre"
                or "family" in _values(t, "community_centre:for")
            )
        ),
    ),
    TagRule(
        "familienzentrum",
        "amenity=social_facility + social_facility:for=family",
        lambda t: (
            t.get("amenity") == "social_facility" and "family" in _values(t, "social_facility:for")
        ),
    ),
    TagRule(
        "geburtsklinik",
        "amenity=hospital + healthcare:speciality=obstetrics",
        lambda t: (
            t.get("amenity") == "hospital" and "obstetrics" in _values(t, "healthcare:speciality")
        ),
    ),
    TagRule(
        "kinderarztpraxis",
        "amenity=doctors oder healthcare=doctor + healthcare:speciality=paediatrics",
        lambda t: (
            (t.get("amenity") == "doctors" or t.get("healthcare") == "doctor")
            and "paediatrics" in _values(t, "healthcare:speciality")
        ),
    ),
    _office("jugendamt", "youth_welfare", "Jugendamt"),
    _office("gesundheitsamt", "health", "Gesundheitsamt"),
)


def tag_table_markdown() -> str:
    """:data:`TAG_TABLE` as the README shows it."""
    from providers.taxonomy import service_type

    rows = ["| OpenStreetMap | Angebotsart |", "|---|---|"]
    rows += [f"| `{rule.tags}` | {service_type(rule.code).label_de} |" for rule in TAG_TABLE]
    return "\n".join(rows)


def types_of(tags: Mapping[str, str]) -> list[str]:
    """The Familienkarte types an object's tags stand for (none: not ours)."""
    if not any(key in tags for key in _KEYS):
        return []
    return list(dict.fromkeys(rule.code for rule in TAG_TABLE if rule.test(tags)))


#: OpenStreetMap's own limit on a tag value; a file may hold longer ones.
_MOST_CHARS = 255


def _first(tags: Mapping[str, str], *keys: str) -> str:
    found = next((tags[key].strip() for key in keys if tags.get(key, "").strip()), "")
    return found[:_MOST_CHARS]


def row_of(osm_id: str, tags: Mapping[str, str], codes: list[str]) -> dict[str, str]:
    """An import row (provider fields as text) from an object's tags."""
    street = " ".join(filter(None, (tags.get("addr:street", ""), tags.get("addr:housenumber", ""))))
    wheelchair = tags.get("wheelchair", "")
    return {
        "id": f"{OSM_ID_PREFIX}{osm_id}",
        "name": _first(tags, "name", "official_name", "operator"),
        "organization": _first(tags, "operator"),
        "service_types": ";".join(codes),
        "street": street.strip()[:_MOST_CHARS],
        "postcode": _first(tags, "addr:postcode"),
        "city": _first(tags, "addr:city", "addr:place", "addr:suburb"),
        "phone": _first(tags, "contact:phone", "phone"),
        "email": _first(tags, "contact:email", "email"),
        "website": _first(tags, "contact:website", "website", "url"),
        "opening_hours": _first(tags, "opening_hours"),
        "barrier_free": {"yes": "ja", "no": "nein", "limited": "nein"}.get(wheelchair, ""),
        "source": OSM_SOURCE,
    }


class OsmUnreadable(ValueError):
    """The file is no OSM extract pyosmium can read (in German)."""


@dataclass
class OsmRead:
    """What one pass over an extract found."""

    providers: list[Provider]
    rows: list[int]
    report: ProblemLog
    #: Objects with tags of one of our types, inside and outside the area.
    matched: int = 0
    #: Of those, outside the chosen area (not reported one by one).
    outside: int = 0


def _inside(area: str | None) -> Callable[[list[float], list[float]], list[bool]]:
    """Which points lie in ``area`` (AGS of a Land or Kreis; ``None``: Germany)."""
    from geodata import is_within, kreise_at, load_boundaries

    def test(lats: list[float], lons: list[float]) -> list[bool]:
        placed = kreise_at(lats, lons, load_boundaries("gemeinde"), snap_m=2_000)
        return [kreis is not None and is_within(kreis, area) for kreis in placed]

    return test


def read_osm(
    path: Path | str,
    area: str | None = None,
    most: int = LIMITS["osm"].rows,
    inside: Callable[[list[float], list[float]], list[bool]] | None = None,
) -> OsmRead:
    """The providers of an extract: one streaming pass (node locations kept in a compact
    index, areas assembled by osmium), each object checked as an import row.

    Parameters
    ----------
    path
        A ``.osm.pbf`` (or ``.osm``) file.
    area
        Only objects in this Land or Kreis (AGS); ``None``: in Germany.
    inside
        Instead of ``area``: which of the points (lat, lon) to keep.
    most
        At most this many matching objects are kept; more are reported once.

    Raises
    ------
    OsmUnreadable
        For a file that is no OSM data, or is cut off.
    """
    import osmium
    import shapely

    candidates: list[tuple[str, dict[str, str], list[str], float, float]] = []
    matched = 0
    wkb = osmium.geom.WKBFactory()
    processor = (
        osmium.FileProcessor(str(path))
        # 16 bytes per node, in memory the size of the extract's nodes: a dense index
        # would reserve address space for every node id of the planet.
        .with_locations("sparse_mem_array")
        .with_areas(osmium.filter.KeyFilter(*_KEYS))
        .with_filter(osmium.filter.KeyFilter(*_KEYS))
    )
    try:
        for obj in processor:
            if obj.is_way() or obj.is_relation():
                continue  # their areas come as areas
            tags = {tag.k: tag.v for tag in obj.tags}
            codes = types_of(tags)
            if not codes:
                continue
            matched += 1
            if len(candidates) >= most:
                continue
            if obj.is_node():
                if not obj.location.valid():
                    continue
                osm_id, lat, lon = f"n{obj.id}", obj.location.lat, obj.location.lon
            else:
                kind = "w" if obj.from_way() else "r"
                try:
                    point = shapely.from_wkb(wkb.create_multipolygon(obj)).representative_point()
                except RuntimeError:
                    continue  # a broken ring: osmium could not build the area
                osm_id, lat, lon = f"{kind}{obj.orig_id()}", point.y, point.x
            candidates.append((osm_id, tags, codes, lat, lon))
    except RuntimeError as error:
        raise OsmUnreadable(
            f"Die Datei ist kein lesbarer OpenStreetMap-Auszug (.osm.pbf) oder unvollständig: "
            f"{str(error)[:200]}"
        ) from None
    report = ProblemLog()
    if matched > most:
        report.error(
            0,
            f"{matched} passende Objekte, höchstens {most} werden übernommen: bitte einen "
            "kleineren Auszug oder ein Gebiet (--land, --kreis) wählen.",
        )
    inside = inside or _inside(area)
    keep = inside([c[3] for c in candidates], [c[4] for c in candidates])
    checker = RowChecker(OSM_SOURCE, report, keep_file_source=True)
    outside = 0
    for number, (osm_id, tags, codes, lat, lon) in enumerate(candidates, start=1):
        if not keep[number - 1]:
            outside += 1
            continue
        values = row_of(osm_id, tags, codes) | {"lat": f"{lat:.7f}", "lon": f"{lon:.7f}"}
        checker.check(number, values)
    return OsmRead(checker.providers, checker.rows, report, matched, outside)
