"""Netzwerke Frühe Hilfen: the model (area served, way in for families, memberships
with roles and time, the professions § 3 Abs. 2 KKG expects) and the coordinators'
tables (one row per membership).

Pure library: no Streamlit. Where networks are stored: :mod:`store`.
"""

from __future__ import annotations

from networks.model import (
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
from networks.table import NETWORK_COLUMNS, network_csv, network_xlsx, read_network_table

__all__ = [
    "EXPECTED_TYPES",
    "NETWORK_COLUMNS",
    "ROLES",
    "SECTORS",
    "SECTOR_OF_TYPE",
    "Membership",
    "Network",
    "WayIn",
    "candidates",
    "members_of",
    "network_csv",
    "network_id",
    "network_xlsx",
    "of_provider",
    "professions",
    "read_network_table",
    "serving",
    "ways_in",
]
