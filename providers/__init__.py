"""Family-support providers: data model, service-type taxonomy, column mapping,
import (CSV, XLSX, GeoJSON, HSDS), export, geocoding, queries and the samples.

Pure library: no Streamlit, and no network unless an operator configured a
geocoder (:mod:`providers.geocoding`). Files from outside come in through
:mod:`intake`; what editors keep is in :mod:`store`. The sample generator is
``python -m providers.sample``.
"""

from __future__ import annotations

from providers.columns import IMPORT_FIELDS
from providers.csv_export import to_excel_csv
from providers.geocoding import (
    Forgetful,
    Geocoder,
    GeocoderSettings,
    GeocodeRun,
    geocode_providers,
    locate_near,
)
from providers.hsds import (
    HSDS_VERSION,
    HsdsCatalogue,
    HsdsRequestError,
    hsds_tables,
    namespace_from,
    openapi_description,
    write_hsds,
)
from providers.importer import import_providers, read_provider_file
from providers.load import (
    PROVIDERS_ENV,
    SAMPLE_PATH,
    ProviderData,
    import_file,
    load_providers,
    placed_in_areas,
)
from providers.mapping import IGNORED, ColumnMapping, suggest_mapping
from providers.model import (
    LIFE_STAGES,
    PROVIDER_COLUMNS,
    VERIFIERS,
    Provider,
    providers_frame,
    records_from_frame,
)
from providers.query import (
    counts_by_area,
    family_mask,
    filter_providers,
    freshness_by_kreis,
    is_stale,
    provider_mask,
    stale_mask,
)
from providers.readers import file_columns
from providers.real import (
    GBA,
    GBA_NOTICES,
    REAL_SOURCES,
    RealSource,
    attributions,
    credits,
    data_situation,
    read_births,
)
from providers.result import ImportResult
from providers.rows import RowChecker
from providers.sample_networks import SAMPLE_NETWORKS_PATH, read_sample_networks
from providers.taxonomy import (
    SERVICE_GROUPS,
    SERVICE_TYPES,
    TYPE_INDEX,
    resolve_service_type,
    service_type,
    types_in_group,
)

__all__ = [
    "GBA",
    "GBA_NOTICES",
    "HSDS_VERSION",
    "IGNORED",
    "IMPORT_FIELDS",
    "LIFE_STAGES",
    "PROVIDERS_ENV",
    "PROVIDER_COLUMNS",
    "REAL_SOURCES",
    "SAMPLE_NETWORKS_PATH",
    "SAMPLE_PATH",
    "SERVICE_GROUPS",
    "SERVICE_TYPES",
    "TYPE_INDEX",
    "VERIFIERS",
    "ColumnMapping",
    "Forgetful",
    "GeocodeRun",
    "Geocoder",
    "GeocoderSettings",
    "HsdsCatalogue",
    "HsdsRequestError",
    "ImportResult",
    "Provider",
    "ProviderData",
    "RealSource",
    "RowChecker",
    "attributions",
    "counts_by_area",
    "credits",
    "data_situation",
    "family_mask",
    "file_columns",
    "filter_providers",
    "freshness_by_kreis",
    "geocode_providers",
    "hsds_tables",
    "import_file",
    "import_providers",
    "is_stale",
    "load_providers",
    "locate_near",
    "namespace_from",
    "openapi_description",
    "placed_in_areas",
    "provider_mask",
    "providers_frame",
    "read_births",
    "read_provider_file",
    "read_sample_networks",
    "records_from_frame",
    "resolve_service_type",
    "service_type",
    "stale_mask",
    "suggest_mapping",
    "to_excel_csv",
    "types_in_group",
    "write_hsds",
]
