"""The provider record: a flat, friendly view of Open Referral HSDS 3.x.

One row is one service at one location. HSDS mapping (for import/export):
``name`` → service.name, ``organization`` → organization.name,
``service_types`` → taxonomy terms via attribute, ``street/postcode/city`` →
address.address_1/postal_code/city, ``lat/lon`` → location.latitude/longitude,
``phone`` → phone.number, ``email``/``website`` → service.email/url,
``languages`` → service.languages, ``description`` → service.description,
``last_verified`` → service.assured_date, ``life_stages`` → service.minimum_age /
maximum_age (and "Schwangerschaft" in service.eligibility_description),
``free_of_charge`` → service.fees_description, ``no_application`` →
service.application_process, ``barrier_free`` → location.accessibility,
``opening_hours`` → schedule.description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import geopandas as gpd
import pandas as pd

#: Bounding box of Germany with a small margin (lat_min, lat_max, lon_min, lon_max).
GERMANY_BOUNDS = (47.2, 55.1, 5.8, 15.1)

#: Columns of a provider frame, in order (geometry comes last).
PROVIDER_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "organization",
    "service_types",
    "street",
    "postcode",
    "city",
    "lat",
    "lon",
    "phone",
    "email",
    "website",
    "languages",
    "description",
    "source",
    "last_verified",
    "life_stages",
    "free_of_charge",
    "no_application",
    "barrier_free",
    "opening_hours",
    "location_exact",
    "verified_by",
)

#: Who last checked an entry (``Provider.verified_by``): the provider itself through
#: its private link, or an editor (the network's coordination, the Kreis …).
VERIFIERS: tuple[str, ...] = ("anbieter", "koordination")

#: Life stages Frühe Hilfen serve, as codes (stable in files and URLs) and labels.
LIFE_STAGES: dict[str, str] = {
    "schwangerschaft": "Schwangerschaft",
    "0-1": "0–1 Jahr",
    "1-3": "1–3 Jahre",
}


@dataclass
class Provider:
    """One family-support service at one place.

    Attributes
    ----------
    id
        Stable identifier, unique within a data set.
    name
        Name of the service, as people know it.
    service_types
        Taxonomy codes (see :data:`providers.SERVICE_TYPES`), at least one.
    lat, lon
        WGS84 coordinates.
    life_stages
        Codes of :data:`LIFE_STAGES` the service is for (empty: not stated).
    free_of_charge, no_application, barrier_free
        ``True``/``False`` as stated, ``None`` when the data does not say.
    opening_hours
        Opening hours as people write them ("Mo–Fr 9–12 Uhr").
    location_exact
        ``False`` when the place is only the postcode's centre.
    verified_by
        Who checked it on ``last_verified``: one of :data:`VERIFIERS`, ``""`` when
        not said.
    """

    id: str
    name: str
    service_types: list[str]
    lat: float
    lon: float
    organization: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    languages: list[str] = field(default_factory=list)
    description: str = ""
    source: str = ""
    last_verified: date | None = None
    life_stages: list[str] = field(default_factory=list)
    free_of_charge: bool | None = None
    no_application: bool | None = None
    barrier_free: bool | None = None
    opening_hours: str = ""
    location_exact: bool = True
    verified_by: str = ""


def in_germany(lat: float, lon: float) -> bool:
    """Whether a coordinate lies in Germany's bounding box."""
    lat_min, lat_max, lon_min, lon_max = GERMANY_BOUNDS
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def providers_frame(records: list[Provider]) -> gpd.GeoDataFrame:
    """Build a provider GeoDataFrame (EPSG:4326) from records.

    Parameters
    ----------
    records
        Validated providers.

    Returns
    -------
    GeoDataFrame
        Columns :data:`PROVIDER_COLUMNS` and point geometry; empty but typed
        when there are no records.
    """
    rows = [{name: getattr(record, name) for name in PROVIDER_COLUMNS} for record in records]
    frame = pd.DataFrame(rows, columns=list(PROVIDER_COLUMNS))
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    frame["location_exact"] = frame["location_exact"].astype(bool)
    for flag in ("free_of_charge", "no_application", "barrier_free"):
        frame[flag] = frame[flag].astype("boolean")
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
    )


def records_from_frame(frame: pd.DataFrame) -> list[Provider]:
    """Provider records from a provider frame (the inverse of :func:`providers_frame`);
    missing values become the record's defaults (``None`` for unknown flags)."""

    def plain(value: object) -> object:
        if value is None or value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, float) and value != value:
            return None
        if hasattr(value, "item") and not isinstance(value, list | tuple):
            return value.item()  # numpy scalars
        return value

    records = []
    for row in frame[list(PROVIDER_COLUMNS)].itertuples(index=False):
        values = {name: plain(value) for name, value in zip(PROVIDER_COLUMNS, row, strict=True)}
        for name in ("service_types", "languages", "life_stages"):
            values[name] = list(values[name] or [])
        for name in (
            "organization",
            "street",
            "postcode",
            "city",
            "phone",
            "email",
            "website",
            "description",
            "source",
            "opening_hours",
        ):
            values[name] = "" if values[name] is None else str(values[name])
        verified = values["last_verified"]
        if isinstance(verified, pd.Timestamp | datetime):
            values["last_verified"] = verified.date()
        values["location_exact"] = bool(values["location_exact"])
        records.append(Provider(**values))
    return records
