"""Where a family is: postcodes, Gemeinden, Ortsteile, and the search as families type.

Pure library: no Streamlit. :class:`Gazetteer` reads what people type ("53721
Siegburg", "Köln-Ehrenfeld", typos) into a :class:`Place`; :class:`ProviderIndex`
finds the providers nearest to it and the first call of its Kreis. The tables of
Ortsteile and of the Gemeinden a postcode spans are built by ``python -m
places.ortsteile``.
"""

from __future__ import annotations

from places.gazetteer import Gazetteer, Note, Place, PlaceSearch
from places.postcodes import normalize_postcode, postcode_location
from places.query import MAX_QUERY
from places.search import RADII_KM, ProviderIndex, first_contact
from places.slugs import Found, SlugTable

__all__ = [
    "MAX_QUERY",
    "RADII_KM",
    "Found",
    "Gazetteer",
    "Note",
    "Place",
    "PlaceSearch",
    "ProviderIndex",
    "SlugTable",
    "first_contact",
    "normalize_postcode",
    "postcode_location",
]
