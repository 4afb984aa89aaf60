"""Family-support providers: data model, service-type taxonomy, import, export, queries.

Pure library: no Streamlit, no network. The app and the tests use what this
root exports; the sample generator is ``python -m providers.sample``.
"""

from __future__ import annotations

from providers.export import excel_csv, to_excel_csv
from providers.fields import clean_text, excerpt, parse_date, parse_number
from providers.importer import import_providers
from providers.load import (
    PROVIDERS_ENV,
    SAMPLE_PATH,
    ProviderData,
    load_from_store,
    load_providers,
    seed_store,
)
from providers.mapping import ColumnMapping, suggest_mapping
from providers.model import LIFE_STAGES, Provider, providers_frame, records_from_frame
from providers.postcodes import normalize_postcode, postcode_location
from providers.problems import Problem
from providers.query import counts_by_area, family_mask, filter_providers, provider_mask
from providers.search import RADII_KM, Gazetteer, Place, ProviderIndex, first_contact
from providers.store import Store, configured_url, redacted
from providers.taxonomy import (
    SERVICE_GROUPS,
    SERVICE_TYPES,
    TYPE_INDEX,
    resolve_service_type,
    service_type,
    types_in_group,
)

__all__ = [
    "LIFE_STAGES",
    "PROVIDERS_ENV",
    "RADII_KM",
    "SAMPLE_PATH",
    "SERVICE_GROUPS",
    "SERVICE_TYPES",
    "TYPE_INDEX",
    "ColumnMapping",
    "Gazetteer",
    "Place",
    "Problem",
    "Provider",
    "ProviderData",
    "ProviderIndex",
    "Store",
    "clean_text",
    "configured_url",
    "counts_by_area",
    "excel_csv",
    "excerpt",
    "family_mask",
    "filter_providers",
    "first_contact",
    "import_providers",
    "load_from_store",
    "load_providers",
    "normalize_postcode",
    "parse_date",
    "parse_number",
    "postcode_location",
    "provider_mask",
    "providers_frame",
    "records_from_frame",
    "redacted",
    "resolve_service_type",
    "seed_store",
    "service_type",
    "suggest_mapping",
    "to_excel_csv",
    "types_in_group",
]
