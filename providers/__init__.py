"""Family-support providers: data model, service-type taxonomy, import, export.

Pure library: no Streamlit, no network.
"""

from __future__ import annotations

from providers.export import to_excel_csv
from providers.importer import Problem, import_providers, parse_date, parse_number
from providers.load import PROVIDERS_ENV, SAMPLE_PATH, SAMPLE_SOURCE, load_providers
from providers.model import GERMANY_BOUNDS, PROVIDER_COLUMNS, Provider, providers_frame
from providers.postcodes import normalize_postcode, postcode_location
from providers.query import filter_providers, provider_mask
from providers.taxonomy import (
    SERVICE_GROUPS,
    SERVICE_TYPES,
    TYPE_INDEX,
    ServiceGroup,
    ServiceType,
    is_service_type,
    resolve_service_type,
    service_type,
    types_in_group,
)

__all__ = [
    "GERMANY_BOUNDS",
    "PROVIDERS_ENV",
    "PROVIDER_COLUMNS",
    "Problem",
    "Provider",
    "SAMPLE_PATH",
    "SAMPLE_SOURCE",
    "SERVICE_GROUPS",
    "SERVICE_TYPES",
    "TYPE_INDEX",
    "ServiceGroup",
    "ServiceType",
    "filter_providers",
    "import_providers",
    "is_service_type",
    "load_providers",
    "normalize_postcode",
    "parse_date",
    "parse_number",
    "postcode_location",
    "provider_mask",
    "providers_frame",
    "resolve_service_type",
    "service_type",
    "to_excel_csv",
    "types_in_group",
]
