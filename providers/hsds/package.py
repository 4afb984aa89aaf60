"""Write an HSDS 3.0.0 data package: the official tables that have rows, each with all
official columns in the official order, the extension tables, and a
``datapackage.json`` made of the official resources (see :mod:`providers.hsds.spec`)."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from events.model import Event
from geodata import kreise_at, load_boundaries, names_at, parent_ags
from intake.provenance import SAMPLE_SOURCE
from networks.model import Network
from providers.hsds.ids import DEFAULT_NAMESPACE, Ids
from providers.hsds.spec import PREFIX, columns, descriptor
from providers.hsds.tables import Tables, build_tables
from providers.model import records_from_frame
from providers.real import attributions


def provider_areas(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The Kreis (AGS) and the Land's name of each provider: from its areas where the
    frame is placed, else from its point (a point off every Gemeinde: the nearest Land,
    no Kreis)."""
    if not len(frame):
        return []
    lands = load_boundaries("land")
    names = dict(zip(lands["ags"], lands["name"], strict=True))
    if {"kreis_ags", "land_ags"} <= set(frame.columns):
        kreise = frame["kreis_ags"].astype("string").fillna("").tolist()
        keys = frame["land_ags"].astype("string").fillna("").tolist()
    else:
        kreise = [
            k or "" for k in kreise_at(frame["lat"], frame["lon"], load_boundaries("gemeinde"))
        ]
        keys = [parent_ags(k, "land") if k else "" for k in kreise]
    if all(key in names for key in keys):
        return [(kreis, names[key]) for kreis, key in zip(kreise, keys, strict=True)]
    nearest = names_at(list(frame["lat"]), list(frame["lon"]), lands)
    return [
        (kreis, names.get(key) or near)
        for kreis, key, near in zip(kreise, keys, nearest, strict=True)
    ]


def hsds_tables(
    frame: pd.DataFrame,
    events: Sequence[Event] = (),
    networks: Sequence[Network] = (),
    namespace: uuid.UUID = DEFAULT_NAMESPACE,
) -> Tables:
    """The HSDS tables of a provider frame (the rows of the package and of the API)."""
    records = records_from_frame(frame)
    sample = [record.source == SAMPLE_SOURCE for record in records]
    return build_tables(records, provider_areas(frame), sample, events, networks, Ids(namespace))


#: Tables written even when empty: a reader finds the package's shape.
_CORE = ("organizations.csv", "services.csv", "locations.csv", "service_at_location.csv")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def table_text(path: str, rows: list[dict[str, object]]) -> str:
    """One table as CSV text (all columns of the table, empty cells for ``None``)."""
    header = columns(path)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(
        [
            "" if value is None else value if type(value) is str else _cell(value)
            for value in map(row.get, header)
        ]
        for row in rows
    )
    return text.getvalue()


def write_hsds(
    frame: pd.DataFrame,
    events: Sequence[Event] = (),
    networks: Sequence[Network] = (),
    namespace: uuid.UUID = DEFAULT_NAMESPACE,
) -> bytes:
    """The providers of a provider frame as a zipped HSDS 3.0.0 data package.

    The Termine held at one of them become schedules of its service (a Termin at a
    place of its own has no service in HSDS: it travels as iCalendar); the networks
    and their memberships of these providers go into two extension tables. Web
    addresses that cannot be URIs are left out; ``datapackage.json`` says which.
    """
    tables = hsds_tables(frame, events, networks, namespace)
    for path in _CORE:
        tables.rows.setdefault(path, [])
    paths = [path for path, rows in tables.rows.items() if rows or path in _CORE]
    package_descriptor = descriptor(paths)
    named = attributions(frame["source"]) if len(frame) else ()
    if named:  # the open sources among the rows, with licence and Stand
        package_descriptor["sources"] = [{"title": line} for line in named]
    if tables.notes:
        package_descriptor[f"{PREFIX}notes"] = tables.notes
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr(
            "datapackage.json", json.dumps(package_descriptor, ensure_ascii=False, indent=2)
        )
        for path in paths:
            package.writestr(path, table_text(path, tables.rows[path]))
    return buffer.getvalue()
