"""Column names people use, mapped to the fields of the provider model."""

from __future__ import annotations

import re

from intake.fields import fold_name
from providers.model import PROVIDER_COLUMNS

#: Folded column name (see :func:`fold_name`) → field of the provider model.
COLUMN_ALIASES: dict[str, str] = {
    "id": "id",
    "kennung": "id",
    "name": "name",
    "bezeichnung": "name",
    "facility": "name",
    "einrichtung": "name",
    "einrichtungsname": "name",
    "organization": "organization",
    "organisation": "organization",
    "traeger": "organization",
    "operator": "organization",
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
    "addrstreet": "street",
    "address": "address",
    "adresse": "address",
    "anschrift": "address",
    "strasse_und_hausnummer": "address",
    "strasseundhausnummer": "address",
    "strasse_hausnummer": "address",
    "postcode": "postcode",
    "plz": "postcode",
    "postleitzahl": "postcode",
    "postal_code": "postcode",
    "postalcode": "postcode",
    "addrpostcode": "postcode",
    "city": "city",
    "ort": "city",
    "stadt": "city",
    "addrcity": "city",
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
    "phone_number": "phone",
    "phonenumber": "phone",
    "contactphone": "phone",
    "telefonnummer": "phone",
    "email": "email",
    "mail": "email",
    "contactemail": "email",
    "website": "website",
    "contactwebsite": "website",
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
    "verified_by": "verified_by",
    "geprueftvon": "verified_by",
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
    "wheelchair": "barrier_free",
    "opening_hours": "opening_hours",
    "oeffnungszeiten": "opening_hours",
    "sprechzeiten": "opening_hours",
}
#: Fields a file may give that are no provider column: a one-field address (split
#: into street, postcode and city), a house number (joined after the street) and
#: projected coordinates (converted to lat/lon).
IMPORT_FIELDS = ("address", "housenumber", "x", "y")
assert set(COLUMN_ALIASES.values()) <= set(PROVIDER_COLUMNS) | set(IMPORT_FIELDS)
#: Folded names of a house-number column.
_HOUSE_NUMBER = {"hausnummer", "hausnr", "hausbez", "hnr", "nr", "housenumber", "addrhousenumber"}
# Easting/northing as German and international files name them: x/y, rechtswert/hochwert,
# easting/northing, ostwert/nordwert, with or without a system (gk_, utm32_ …).
_EASTING = re.compile(
    r"^(gk|utm\d*|etrs\d*|koord|koordinate)?_?(x|rechtswert|rw|easting|ostwert|ost|e)$"
)
_NORTHING = re.compile(
    r"^(gk|utm\d*|etrs\d*|koord|koordinate)?_?(y|hochwert|hw|northing|nordwert|nord|n)$"
)
_WGS84 = re.compile(r"^(wgs84|wgs)_?(north|nord|lat|breite|east|ost|lon|lng|laenge)$")


def canonical_column(name: str) -> str | None:
    """The field a column name stands for (a provider field or one of
    :data:`IMPORT_FIELDS`), or ``None`` if it is unknown."""
    folded = fold_name(name)
    known = COLUMN_ALIASES.get(folded) or COLUMN_ALIASES.get(folded.replace("_", ""))
    if known:
        return known
    if folded.replace("_", "") in _HOUSE_NUMBER:
        return "housenumber"
    wgs84 = _WGS84.match(folded)
    if wgs84:
        return "lat" if wgs84.group(2) in ("north", "nord", "lat", "breite") else "lon"
    if _EASTING.match(folded) and folded not in ("e",):
        return "x"
    if _NORTHING.match(folded) and folded not in ("n",):
        return "y"
    return None
