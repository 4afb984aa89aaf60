"""Family-support providers: data model, service-type taxonomy, import, export, queries.

Pure library: no Streamlit, and no network unless an operator configured a
geocoder (:mod:`providers.geocoding`). The app and the tests use what this
root exports; the sample generator is ``python -m providers.sample``.
"""

from __future__ import annotations

from providers.columns import IMPORT_FIELDS, fold_name
from providers.coordinates import CRS_LABELS, GAUSS_KRUEGER
from providers.csv_export import excel_csv, to_excel_csv
from providers.event_data import (
    EVENTS_ENV,
    EventData,
    EventFilter,
    build_event_data,
    coming_by_provider,
    dates_per_area,
    event_mask,
    now_in_berlin,
    read_event_file,
    seed_events,
    select_dates,
)
from providers.event_rules import RHYTHMS, rhythm_of, rule_problem, series_rule
from providers.event_table import EVENT_FIELDS, column_fields, read_event_table, table_rows
from providers.events import AUDIENCES, BERLIN, EVENT_KINDS, Event, next_starts, repetition
from providers.fields import clean_text, excerpt, parse_date, parse_number
from providers.gazetteer import Gazetteer, Note, Place, PlaceSearch
from providers.geocoding import (
    Forgetful,
    Geocoder,
    GeocoderSettings,
    GeocodeRun,
    geocode_providers,
    locate_near,
)
from providers.hsds import write_hsds
from providers.ical import NotCalendar, read_ics, write_ics
from providers.importer import MAX_FILE_BYTES, import_providers
from providers.isolation import WorkerFailed, run_isolated, start_workers
from providers.load import (
    PROVIDERS_ENV,
    SAMPLE_PATH,
    ProviderData,
    load_from_store,
    load_providers,
    seed_store,
)
from providers.mapping import IGNORED, ColumnMapping, suggest_mapping
from providers.model import (
    LIFE_STAGES,
    PROVIDER_COLUMNS,
    Provider,
    providers_frame,
    records_from_frame,
)
from providers.network_table import (
    NETWORK_COLUMNS,
    network_csv,
    network_xlsx,
    read_network_table,
)
from providers.networks import (
    EXPECTED_TYPES,
    ROLES,
    SECTOR_OF_TYPE,
    SECTORS,
    Membership,
    Network,
    WayIn,
    candidates,
    members_of,
    network_id,
    of_provider,
    professions,
    serving,
    ways_in,
)
from providers.oplog import log_event
from providers.place_query import MAX_QUERY
from providers.postcodes import normalize_postcode, postcode_location
from providers.problems import Problem, ProblemLog
from providers.query import (
    counts_by_area,
    family_mask,
    filter_providers,
    is_stale,
    provider_mask,
    stale_mask,
)
from providers.readers import NotText, file_columns
from providers.rows import RowChecker
from providers.sample_networks import read_sample_networks, seed_networks
from providers.search import RADII_KM, ProviderIndex, first_contact
from providers.store import (
    USERS_ENV,
    BackupError,
    Store,
    backup,
    configured_url,
    hash_password,
    read_users_file,
    redacted,
    restore,
)
from providers.taxonomy import (
    SERVICE_GROUPS,
    SERVICE_TYPES,
    TYPE_INDEX,
    resolve_service_type,
    service_type,
    types_in_group,
)
from providers.untrusted import (
    PROVIDER_LIMITS,
    TABLE_LIMITS,
    FileRefused,
    Limits,
    check_file,
)

__all__ = [
    "AUDIENCES",
    "BERLIN",
    "CRS_LABELS",
    "EVENTS_ENV",
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "EXPECTED_TYPES",
    "GAUSS_KRUEGER",
    "IGNORED",
    "IMPORT_FIELDS",
    "LIFE_STAGES",
    "MAX_FILE_BYTES",
    "MAX_QUERY",
    "NETWORK_COLUMNS",
    "PROVIDERS_ENV",
    "PROVIDER_COLUMNS",
    "PROVIDER_LIMITS",
    "RADII_KM",
    "RHYTHMS",
    "ROLES",
    "SAMPLE_PATH",
    "SECTORS",
    "SECTOR_OF_TYPE",
    "SERVICE_GROUPS",
    "SERVICE_TYPES",
    "TABLE_LIMITS",
    "TYPE_INDEX",
    "USERS_ENV",
    "BackupError",
    "ColumnMapping",
    "Event",
    "EventData",
    "EventFilter",
    "FileRefused",
    "Forgetful",
    "Gazetteer",
    "GeocodeRun",
    "Geocoder",
    "GeocoderSettings",
    "Limits",
    "Membership",
    "Network",
    "NotCalendar",
    "NotText",
    "Note",
    "Place",
    "PlaceSearch",
    "Problem",
    "ProblemLog",
    "Provider",
    "ProviderData",
    "ProviderIndex",
    "RowChecker",
    "Store",
    "WayIn",
    "WorkerFailed",
    "backup",
    "build_event_data",
    "candidates",
    "check_file",
    "clean_text",
    "column_fields",
    "coming_by_provider",
    "configured_url",
    "counts_by_area",
    "dates_per_area",
    "event_mask",
    "excel_csv",
    "excerpt",
    "family_mask",
    "file_columns",
    "filter_providers",
    "first_contact",
    "fold_name",
    "geocode_providers",
    "hash_password",
    "import_providers",
    "is_stale",
    "load_from_store",
    "load_providers",
    "locate_near",
    "log_event",
    "members_of",
    "network_csv",
    "network_id",
    "network_xlsx",
    "next_starts",
    "normalize_postcode",
    "now_in_berlin",
    "of_provider",
    "parse_date",
    "parse_number",
    "postcode_location",
    "professions",
    "provider_mask",
    "providers_frame",
    "read_event_file",
    "read_event_table",
    "read_ics",
    "read_network_table",
    "read_sample_networks",
    "read_users_file",
    "records_from_frame",
    "redacted",
    "repetition",
    "resolve_service_type",
    "restore",
    "rhythm_of",
    "rule_problem",
    "run_isolated",
    "seed_events",
    "seed_networks",
    "seed_store",
    "select_dates",
    "series_rule",
    "service_type",
    "serving",
    "stale_mask",
    "start_workers",
    "suggest_mapping",
    "table_rows",
    "to_excel_csv",
    "types_in_group",
    "ways_in",
    "write_hsds",
    "write_ics",
]
