"""Programme layers on the map: hatching over the Gemeinden that take part in a
programme (Familienmanager, Audit, Bündnis), with legend entries and the list
upload.

The list comes from :func:`dashboard.cache.programmes` (configured or the
fictional sample) unless the user loaded their own for this session. Hatching
has the programme's colour and angle (:data:`planning.PROGRAMMES`), the same in
the exports, so several programmes of one Gemeinde stay apart.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pandas as pd
import streamlit as st

import geodata
import planning
from dashboard import cache
from dashboard.i18n.texts import md_literal, number, programme_label, t
from dashboard.map.boundary_layer import View
from dashboard.web import assets
from dashboard.widgets.problem_table import problem_table
from dashboard.widgets.uploads import UploadRefused, anonymous_uploads, read_upload

_KEY_UPLOAD = "programme_list"
_KEY_FILE = "programme_file"
_KEY_REFUSED = "programme_refused"


def programme_list() -> planning.ProgrammeList:
    """The list loaded in this session, else the app's (configured or sample)."""
    loaded = st.session_state.get(_KEY_UPLOAD)
    return loaded[2] if loaded else cache.programmes()


def hatch_css(code: str) -> str:
    """CSS background of a legend swatch: the programme's hatching."""
    item = planning.programme(code)
    return (
        f"background: repeating-linear-gradient({-item.angle}deg, {item.color} 0 2.5px, "
        f"transparent 2.5px 7px); box-shadow: inset 0 0 0 1.5px {item.color}"
    )


def programme_count(code: str, region: str | None) -> str:
    """ "Familienmanager (zertifiziert): 12 Gemeinden" for ``region`` (None: Germany)."""
    count = programme_list().count(code, region)
    name = programme_label(code)
    if count == 1:
        return t("programme_legend_one", name=name)
    return t("programme_legend", name=name, count=number(count))


def _since(year: object) -> str:
    return "" if pd.isna(year) else " " + t("programme_since", year=int(year))


def with_programmes(view: View, codes: tuple[str, ...], region: str | None) -> View:
    """``view`` with the Gemeinden of the chosen programmes within ``region`` hatched
    and one legend entry per programme (with its count of Gemeinden)."""
    if not codes:
        return view
    listed = programme_list()
    rows = listed.entries[listed.entries["programme"].isin(codes)]
    if region:
        rows = rows[geodata.within(rows["ags"], region)]
    lines = [(programme_count(code, region), hatch_css(code), "hatch") for code in codes]
    if rows.empty:
        return replace(view, lines=[*view.lines, *lines])
    order = {code: i for i, code in enumerate(planning.PROGRAMME_CODES)}
    areas = tuple(dict.fromkeys(rows["ags"]))
    by_area: dict[str, list[str]] = {ags: [] for ags in areas}
    tips: dict[str, list[str]] = {ags: [] for ags in areas}
    for ags, code, year, note in rows[["ags", "programme", "year", "note"]].itertuples(index=False):
        by_area[ags].append(code)
        tips[ags].append(programme_label(code) + _since(year) + (f" ({note})" if note else ""))
    spec = {
        "url": assets.publish_json(geodata.gemeinde_layer(cache.boundary_set(), areas)),
        "overlay": {
            "patterns": [
                {"color": item.color, "angle": item.angle} for item in planning.PROGRAMMES
            ],
            "areas": [[order[code] for code in by_area[ags]] for ags in areas],
            "tips": [html.escape("; ".join(tips[ags])) for ags in areas],
            "weight": 2 if region and len(region) >= 5 else 1,
        },
    }
    return replace(view, layers=[*view.layers, spec], lines=[*view.lines, *lines])


def programme_pills(container, key: str) -> tuple[str, ...]:
    """Pills for the programme layers (state in ``st.session_state[key]``); returns
    the chosen codes in the order of :data:`planning.PROGRAMMES`."""
    chosen = container.pills(
        t("programmes"),
        options=list(planning.PROGRAMME_CODES),
        format_func=programme_label,
        selection_mode="multi",
        key=key,
        help=t("programmes_help"),
    )
    return tuple(code for code in planning.PROGRAMME_CODES if code in (chosen or ()))


def programme_picker(container, key: str) -> None:
    """:func:`programme_pills`, where the list comes from, and the upload of an own
    list, in ``container`` (e.g. the sidebar)."""
    programme_pills(container, key)
    listed = programme_list()
    if listed.is_sample:
        container.caption(t("programmes_sample"))
    else:
        container.caption(t("programmes_file", name=md_literal(listed.source)))
    with container.expander(t("programmes_upload")):
        if not anonymous_uploads():
            st.caption(t("uploads_off"))
            return
        st.caption(t("programmes_format"))
        upload = st.file_uploader(
            t("programmes_upload"),
            type=["csv", "txt", "xlsx"],
            key=_KEY_FILE,
            label_visibility="collapsed",
        )
        if upload is not None:
            _load(upload.name, upload.getvalue())
        elif st.session_state.get(_KEY_UPLOAD) is not None:
            st.session_state[_KEY_UPLOAD] = None
        _report(programme_list())


def _load(name: str, content: bytes) -> None:
    current = st.session_state.get(_KEY_UPLOAD)
    if current is not None and current[:2] == (name, len(content)):
        return  # read already; reruns do not read the file again
    refused = st.session_state.get(_KEY_REFUSED)
    if refused is None or refused[:2] != (name, len(content)):
        gemeinden = frozenset(cache.boundaries("gemeinde").index)
        try:
            listed = read_upload(
                content, "programme", planning.read_programme_list, name, gemeinden
            )
        except UploadRefused as error:
            refused = (name, len(content), str(error))
            st.session_state[_KEY_REFUSED] = refused
        else:
            st.session_state[_KEY_REFUSED] = None
            st.session_state[_KEY_UPLOAD] = (name, len(content), listed)
            return
    st.error(md_literal(refused[2]), icon=":material/error:")


def _report(listed: planning.ProgrammeList) -> None:
    if not listed.is_sample:
        st.caption(t("programmes_loaded", rows=len(listed.entries), problems=len(listed.problems)))
    problem_table(listed.problems)
