"""Loading a provider file on the Daten page: the upload (a file or an HSDS folder) read
through the guarded intake, the column mapping, the preview with its row report, storing,
and moving the stored rows to their address with the operator's geocoder."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.i18n.texts import md_literal, t, type_label
from dashboard.page.data.field_texts import FIELD_TEXTS
from dashboard.page.data.saving import saving, show_refused
from dashboard.page.data.scope import editable
from dashboard.widgets.mapping_table import edit_mapping
from dashboard.widgets.problem_table import problem_table
from dashboard.widgets.uploads import UploadRefused, max_upload_mb, read_upload, workers_started
from geodata import CRS_LABELS, GAUSS_KRUEGER, assign_areas
from intake import LIMITS, NotText, ProblemLog, folder_as_zip
from providers import (
    IGNORED,
    IMPORT_FIELDS,
    PROVIDER_COLUMNS,
    SERVICE_TYPES,
    ColumnMapping,
    Geocoder,
    GeocoderSettings,
    file_columns,
    geocode_providers,
    read_provider_file,
    records_from_frame,
    resolve_service_type,
    suggest_mapping,
)
from store import Editor, Rights

_KEY_UPLOAD = "data_upload"


_KEY_FOLDER = "data_folder"


_SAFE_NAME = re.compile(r"[^\w.\- ]")


_HOW = {"merge": "data_how_merge", "replace": "data_how_replace"}


#: Fields shown by their German column title in the mapping table.
_FIELD_TEXTS = {
    **FIELD_TEXTS,
    "organization": "col_organization",
    "last_verified": "col_verified",
    "address": "col_address",
    "housenumber": "col_housenumber",
    "x": "col_easting",
    "y": "col_northing",
}


#: Coordinate systems offered for a file's coordinates ("": as the file says, or
#: read from the values' ranges).
_CRS_CHOICES = ["", "EPSG:4326", "EPSG:25832", "EPSG:25833", *GAUSS_KRUEGER.values()]


#: Addresses geocoded and stored together: a stop loses at most one batch.
_GEOCODE_BATCH = 20


def _field_label(field: str) -> str:
    if not field:
        return "–"
    return f"{t(_FIELD_TEXTS[field])} ({field})" if field in _FIELD_TEXTS else field


def _outside(raw: bytes, name: str, mapping: str | None, rights: Rights) -> int:
    """How many rows of the preview lie outside the account's areas (by their point; the
    store decides at saving, also for rows that match a stored entry elsewhere)."""
    if rights.everything:
        return 0
    placed = _placed(raw, name, mapping)
    return int((~editable(rights, placed, cache.networks())).sum())


@st.cache_data(show_spinner=False, max_entries=4)
def _placed(raw: bytes, name: str, mapping: str | None) -> pd.DataFrame:
    """Each previewed row's id and Kreis, once per file and mapping (not every rerun)."""
    frame = _checked(raw, name, mapping).frame
    placed = assign_areas(frame, cache.boundaries("gemeinde"), snap_m=2_000)
    return pd.DataFrame({"id": placed["id"], "kreis_ags": placed["kreis_ags"]})


def upload_tab(user: Editor, rights: Rights) -> None:
    workers_started()
    most = max_upload_mb("anbieter")
    st.caption(t("data_upload_help", mb=most))
    file = st.file_uploader(
        t("data_upload"),
        type=["csv", "txt", "geojson", "json", "xlsx", "xls", "ods", "zip"],
        key=_KEY_UPLOAD,
        max_upload_size=most,
    )
    with st.expander(t("data_folder_title"), icon=":material/folder_open:"):
        folder = st.file_uploader(
            t("data_folder"),
            type=["csv", "json"],
            accept_multiple_files="directory",
            key=_KEY_FOLDER,
            max_upload_size=max_upload_mb("hsds"),
            help=t("data_folder_help"),
        )
    if file is not None:
        raw, name = file.getvalue(), file.name
    elif folder:
        limit = max_upload_mb("hsds")
        if sum(upload.size for upload in folder) > limit * 1_000_000:
            st.error(t("refused_too_large", limit_mb=limit), icon=":material/error:")
            return
        raw = folder_as_zip((upload.name, upload.getvalue()) for upload in folder)
        name = f"{PurePosixPath(folder[0].name).parts[0]}.zip"
    else:
        return
    suffix = Path(name).suffix
    if suffix.lower() == ".zip":
        header, rows = [], []
        # an HSDS package has its own columns; its services may lack our types
        codes = ["", *(s.code for s in SERVICE_TYPES)]
        everyone = st.selectbox(
            t("data_type_all"),
            options=codes,
            format_func=lambda code: type_label(code) if code else t("data_type_none"),
            key="data_package_type",
        )
        mapping = ColumnMapping(service_type=everyone or None) if everyone else None
    else:
        try:
            header, rows = _columns(raw, suffix)
        except NotText:
            st.error(t("data_binary"), icon=":material/error:")
            return
        except UploadRefused as refused:
            st.error(md_literal(refused), icon=":material/error:")
            return
        if not header:
            st.error(t("data_no_table"), icon=":material/error:")
            return
        mapping = _mapping_editor(header, rows)
    try:
        mapping_json = mapping.to_json() if mapping else None
        with st.spinner(t("data_checking")):
            result = _checked(raw, name, mapping_json)
    except UploadRefused as refused:
        st.error(md_literal(refused), icon=":material/error:")
        return
    valid = len(result.frame)
    errors = [p for p in result.problems if p.severity == "fehler"]
    st.subheader(t("data_preview", valid=valid, errors=len(errors)), anchor=False)
    if valid:
        st.dataframe(_preview(result.frame.head(20)), hide_index=True)
    problem_table(result.problems)
    if not valid:
        st.warning(t("data_nothing_valid"), icon=":material/block:")
        return
    most = LIMITS["anbieter"].rows
    if valid > most:
        st.error(t("data_too_many_rows", rows=valid, limit=most))
        return
    outside = _outside(raw, name, mapping_json, rights)
    if outside:
        said = t("data_outside_one") if outside == 1 else t("data_outside", count=outside)
        st.warning(said, icon=":material/block:")
    how = st.radio(
        t("data_how"),
        options=["merge", "replace"],
        format_func=lambda key: t(_HOW[key]),
        horizontal=True,
        key="data_how",
    )
    storing = valid - outside
    label = t("data_store_one") if storing == 1 else t("data_store", rows=storing)
    if st.button(label, type="primary", icon=":material/save:"):
        records = records_from_frame(result.frame)
        store = cache.store()
        with saving():
            change = store.merge(records, user) if how == "merge" else store.replace(records, user)
            if mapping is not None and header:
                store.save_mapping(header, mapping, user)
        st.success(
            t(
                "data_stored",
                added=change.added,
                updated=change.updated,
                unchanged=change.unchanged,
                retired=change.retired,
            ),
            icon=":material/check:",
        )
        if result.events:  # an HSDS package's Termine at its providers
            saved = store.save_events(result.events, user)
            st.success(
                t(
                    "data_stored_events",
                    count=len(result.events),
                    added=saved.added,
                    updated=saved.updated,
                ),
                icon=":material/event:",
            )
        show_refused(change, result.rows)
        refused = {r.index for r in change.refused}
        _geocode([r for i, r in enumerate(records) if i not in refused], user)


def _geocode(records: list, user: Editor) -> None:
    """Move stored rows at a postcode centre to their address, with a progress bar;
    any click stops it, and what was done is stored already (in batches)."""
    todo = [record for record in records if not record.location_exact and record.street]
    if not todo:
        return
    settings = GeocoderSettings.from_environ()
    if settings is None:
        st.info(t("data_approximate", count=len(todo)), icon=":material/location_searching:")
        return
    bar = st.progress(0.0, text=t("data_geocoding", done=0, total=len(todo)))
    stop = st.empty()
    stop.button(t("data_geocode_stop"), key="data_geocode_stop", icon=":material/stop:")
    geocoder = Geocoder(settings, cache.store())
    report = ProblemLog()
    located = 0
    for start in range(0, len(todo), _GEOCODE_BATCH):
        batch = todo[start : start + _GEOCODE_BATCH]
        run = geocode_providers(
            batch, list(range(start + 1, start + len(batch) + 1)), geocoder, report
        )
        changed = [new for new, old in zip(run.providers, batch, strict=True) if new != old]
        if changed:
            cache.store().merge(changed, user)
        located += run.located
        done = start + len(batch)
        bar.progress(done / len(todo), text=t("data_geocoding", done=done, total=len(todo)))
        if run.stopped:
            break
    bar.empty()
    stop.empty()
    st.success(
        t("data_geocoded", located=located, total=len(todo), cached=geocoder.from_cache),
        icon=":material/location_on:",
    )
    if geocoder.not_kept:
        st.warning(t("data_geocode_not_kept", count=geocoder.not_kept), icon=":material/storage:")
    problem_table(report.problems)


def _preview(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows as an editor reads them: German column titles, type names, not codes."""
    shown = frame.drop(columns="geometry").assign(
        service_types=frame["service_types"].map(
            lambda codes: ", ".join(type_label(code) for code in codes)
        )
    )
    return shown.rename(columns=lambda c: t(_FIELD_TEXTS[c]) if c in _FIELD_TEXTS else c)


@st.cache_data(show_spinner=False, max_entries=4)
def _columns(raw: bytes, suffix: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and first rows, once per file: every change in the mapping table reruns
    the page, and a large spreadsheet or GeoJSON takes seconds to read. Read through
    the guarded intake: a workbook is checked before calamine opens it."""
    return read_upload(raw, "anbieter", file_columns, suffix, quota=False)


@st.cache_data(show_spinner=False, max_entries=4)
def _checked(raw: bytes, name: str, mapping: str | None):
    """The import of an upload with a mapping, once per file and mapping: a rerun of
    the page (another tab, a widget) does not read the file again."""
    purpose = "hsds" if Path(name).suffix.lower() == ".zip" else "anbieter"
    chosen = ColumnMapping.from_json(mapping) if mapping else None
    return read_upload(raw, purpose, read_provider_file, _safe_name(name), chosen, quota=False)


def _safe_name(name: str) -> str:
    """The upload's own name, without folders and odd characters: the importer names it
    as the source of rows that give none."""
    safe = _SAFE_NAME.sub("_", PurePosixPath(name.replace("\\", "/")).name)
    if len(safe) > 120:
        safe = safe[:100] + Path(safe).suffix[:20]
    return safe if safe.strip(". ") else "upload.csv"


def _mapping_editor(header: list[str], rows: list[dict[str, str]]) -> ColumnMapping:
    """The mapping: saved for this layout, else suggested; changeable in a table."""
    start = cache.store().mapping_for(header) or suggest_mapping(header, rows)
    fields = ["", *PROVIDER_COLUMNS, *IMPORT_FIELDS]
    proposed = {h: start.columns.get(h) or IGNORED for h in header}
    open_it = not start.gives_types(header) or bool(_unknown_values(proposed, rows))
    with st.expander(t("data_mapping"), expanded=open_it):
        codes = ["", *(s.code for s in SERVICE_TYPES)]
        flag = st.column_config.SelectboxColumn(
            t("data_flag"),
            options=codes,
            help=t("data_flag_help"),
            format_func=lambda code: type_label(code) if code else "–",
        )
        edited = edit_mapping(
            header,
            rows,
            ["" if h in start.type_flags else (start.columns.get(h) or IGNORED) for h in header],
            fields,
            _field_label,
            "data_mapping_table",
            t("data_field_help"),
            {t("data_flag"): ([start.type_flags.get(h, "") for h in header], flag)},
        )
        everyone = st.selectbox(
            t("data_type_all"),
            options=codes,
            index=codes.index(start.service_type or ""),
            format_func=lambda code: type_label(code) if code else t("data_type_none"),
        )
        columns = {
            row[t("data_column")]: row[t("data_field")] or IGNORED for _, row in edited.iterrows()
        }
        crs = st.selectbox(
            t("data_crs"),
            options=_CRS_CHOICES,
            index=_CRS_CHOICES.index(start.crs) if start.crs in _CRS_CHOICES else 0,
            format_func=lambda code: CRS_LABELS.get(code, code) if code else t("data_crs_auto"),
            help=t("data_crs_help"),
            key="data_crs",
        )
        values = _value_table(columns, rows, start.type_values, codes)
    flags = {
        row[t("data_column")]: row[t("data_flag")]
        for _, row in edited.iterrows()
        if row[t("data_flag")]
    }
    mapping = ColumnMapping(columns, everyone or None, values, flags, crs or None)
    st.download_button(
        t("data_mapping_download"),
        data=mapping.to_json().encode("utf-8"),
        file_name="zuordnung.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
    )
    return mapping


def _unknown_values(columns: dict[str, str], rows: list[dict[str, str]]) -> set[str]:
    """Values of the type column that name no service type of ours."""
    source = next((c for c, f in columns.items() if f == "service_types"), None)
    if source is None:
        return set()
    return {
        part.strip()
        for row in rows
        for part in str(row.get(source, "")).split(";")
        if part.strip() and resolve_service_type(part.strip()) is None
    }


def _value_table(
    columns: dict[str, str], rows: list[dict[str, str]], saved: dict[str, str], codes: list[str]
) -> dict[str, str]:
    """Values of the type column the taxonomy does not know, each given a type here
    ("Kindertagesstätte U3" → Kita); known values need nothing."""
    if not any(f == "service_types" for f in columns.values()):
        return dict(saved)
    unknown = sorted(_unknown_values(columns, rows) | set(saved))
    if not unknown:
        return {}
    st.caption(t("data_values_help"))
    table = st.data_editor(
        pd.DataFrame(
            {t("data_value"): unknown, t("data_field"): [saved.get(v, "") for v in unknown]}
        ),
        hide_index=True,
        width="stretch",
        disabled=[t("data_value")],
        column_config={
            t("data_field"): st.column_config.SelectboxColumn(
                t("col_types"),
                options=codes,
                format_func=lambda code: type_label(code) if code else "–",
            )
        },
        key="data_value_table",
    )
    return {
        row[t("data_value")]: row[t("data_field")]
        for _, row in table.iterrows()
        if row[t("data_field")]
    }
