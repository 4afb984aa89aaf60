"""Column names people use, mapped to the fields of the provider model."""

from __future__ import annotations

import re

from providers.model import PROVIDER_COLUMNS

#: Folded column name (see :func:`fold_name`) → field of the provider model.
COLUMN_ALIASES: dict[str, str] = {
    "id": "id",
    "kennung": "id",
    "name": "name",
    "bezeichnung": "name",
    "organization": "organization",
    "organisation": "organization",
    "traeger": "organization",
    "service_types": "service_types",
    "servicetypes": "service_types",
    "typ": "service_types",
    "typen": "service_types",
    "angebot": "service_types",
    "angebote": "service_types",
    "angebotsart": "service_types",
    "angebotsarten": "service_types",
    "street": "street",
    "strasse": "street",
    "adresse": "street",
    "postcode": "postcode",
    "plz": "postcode",
    "postleitzahl": "postcode",
    "city": "city",
    "ort": "city",
    "stadt": "city",
    "lat": "lat",
    "latitude": "lat",
    "breite": "lat",
    "breitengrad": "lat",
    "lon": "lon",
    "lng": "lon",
    "longitude": "lon",
    "laenge": "lon",
    "laengengrad": "lon",
    "phone": "phone",
    "telefon": "phone",
    "tel": "phone",
    "email": "email",
    "mail": "email",
    "website": "website",
    "webseite": "website",
    "internet": "website",
    "url": "website",
    "languages": "languages",
    "sprachen": "languages",
    "description": "description",
    "beschreibung": "description",
    "source": "source",
    "quelle": "source",
    "last_verified": "last_verified",
    "lastverified": "last_verified",
    "stand": "last_verified",
    "geprueft": "last_verified",
    "geprueftam": "last_verified",
    "location_exact": "location_exact",
    "lage": "location_exact",
    "life_stages": "life_stages",
    "lebensphase": "life_stages",
    "lebensphasen": "life_stages",
    "alter": "life_stages",
    "free_of_charge": "free_of_charge",
    "kostenlos": "free_of_charge",
    "kostenfrei": "free_of_charge",
    "gebuehrenfrei": "free_of_charge",
    "no_application": "no_application",
    "ohne_antrag": "no_application",
    "ohneantrag": "no_application",
    "barrier_free": "barrier_free",
    "barrierefrei": "barrier_free",
    "opening_hours": "opening_hours",
    "oeffnungszeiten": "opening_hours",
    "sprechzeiten": "opening_hours",
}
assert set(COLUMN_ALIASES.values()) <= set(PROVIDER_COLUMNS)


def fold_name(name: str) -> str:
    """A column name without case, umlauts, spaces or punctuation (``Straße`` → ``strasse``)."""
    folded = name.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^a-z0-9_]", "", folded.replace("ß", "ss").replace("-", "_"))


def canonical_column(name: str) -> str | None:
    """The provider field a column name stands for, or ``None`` if it is unknown."""
    folded = fold_name(name)
    return COLUMN_ALIASES.get(folded) or COLUMN_ALIASES.get(folded.replace("_", ""))
