"""Presentation mode and stories: the current view as a full-screen slide
(``?praesentation=1``), stepped through with the arrow keys or a presenter's
clicker (PageUp/PageDown) when a story is loaded (``&geschichte=…&folie=N``).

A slide's view is in the URL too (:mod:`dashboard.url_state.slide`), so every slide
of every story, a loaded one included, can be opened from a link. Escape ends the
presentation and leaves the page on the slide's view.
"""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

import reports
from dashboard import cache
from dashboard.export.figures import (
    map_view,
    region_name,
    slide_figures,
    vocabulary,
)
from dashboard.i18n.language import url_param
from dashboard.i18n.texts import language, md_literal, t
from dashboard.map.widget import map_options, show_map, view_args
from dashboard.url_state.slide import (
    SlideState,
    page_params,
    presenting,
    slide_from_params,
    slide_to_params,
)
from dashboard.url_state.sync import set_url, show_old_keys
from dashboard.widgets.uploads import UploadRefused, anonymous_uploads, read_upload

#: The session's own story (built from views or loaded from a file).
OWN_STORY = "eigene"
_KEY_OWN = "story_own"
_KEY_UPLOAD = "story_upload"
_KEY_ERROR = "story_error"
_KEY_CHOICE = "story_choice"
#: The keys a presenter uses: next, previous, end (a clicker sends PageDown/PageUp).
_KEYS_SCRIPT = """
<script>
(function () {
  var doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.fkSlideKeys) return;
  doc.fkSlideKeys = true;
  doc.addEventListener("keydown", function (event) {
    if (!doc.querySelector(".st-key-slide_next")) return;  // not presenting any more
    var target = event.target;
    if (target && /INPUT|TEXTAREA|SELECT/.test(target.tagName || "")) return;
    var name = {ArrowRight: "slide_next", PageDown: "slide_next", " ": "slide_next",
                ArrowLeft: "slide_prev", PageUp: "slide_prev", Escape: "slide_exit"}[event.key];
    if (!name) return;
    var button = doc.querySelector(".st-key-" + name + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
</script>
"""


def active() -> bool:
    """Whether the URL asks for the presentation."""
    return presenting(st.query_params.get_all)


def stories() -> dict[str, reports.Story]:
    """The shipped stories and this session's own one."""
    found = dict(_shipped())
    own = st.session_state.get(_KEY_OWN)
    if own is not None:
        found[OWN_STORY] = own
    return found


@st.cache_resource(show_spinner=False)
def _shipped() -> dict[str, reports.Story]:
    return reports.shipped_stories(vocabulary())


def start(story: str | None = None, slide: int = 1, view: reports.StoryView | None = None) -> None:
    """Switch to the presentation: of a story's slide, or of ``view``."""
    if story is not None:
        view = stories()[story].slides[slide - 1]
    state = SlideState(story, slide, view or reports.StoryView())
    st.query_params.from_dict(slide_to_params(state) | url_param())


def _step(story: str, slide: int) -> None:
    start(story, slide)


def _exit(view: reports.StoryView) -> None:
    """Back to the page, on the slide's view (without what only a slide shows)."""
    set_url(page_params(view))


def render() -> None:
    """Draw the slide of the URL (and its story's navigation) instead of the page."""
    st.html(_KEYS_SCRIPT, unsafe_allow_javascript=True)
    state = slide_from_params(st.query_params.get_all, vocabulary())
    story_id = state.story
    story = stories().get(story_id) if story_id else None
    slide_number = 1
    if story is not None:
        slide_number = min(state.slide, len(story.slides))
        view = story.slides[slide_number - 1]
    else:
        view = state.view
    top = st.columns([3, 2], vertical_alignment="top")
    title = view.title or region_name(view.region)
    top[0].html(f'<h1 class="fk-slide-title" dir="auto">{html.escape(title)}</h1>')
    with top[1]:
        _navigation(story_id if story is not None else None, story, slide_number, view)
    if view.caption:  # below title and buttons, over the whole width: one line
        st.html(f'<p class="fk-slide-caption" dir="auto">{html.escape(view.caption)}</p>')
    with st.spinner(t("slide_loading")):
        figures = slide_figures(view)
        shown = figures.shown
        footer = " · ".join([*figures.sources, figures.stand])
        # The plan of the PNG export too (reports.layout): the map takes 60 % of the slide.
        inner = reports.SLIDE[0] - 2 * reports.layout.MARGIN
        plan = reports.layout.slide_layout(
            reports.layout.estimated_lines(footer, inner), bool(view.caption)
        )
        # On a smaller screen (a laptop) the map gives up height so that the slide
        # still fits without scrolling; the sources stay below it.
        rest = reports.layout.HEIGHT - plan.map_height
        st.html(
            "<style>.st-key-slide_map iframe { height: "
            f"min({plan.map_height}px, calc(100vh - {rest}px)) !important; }}</style>"
        )
        left, right = st.columns([plan.map_width, plan.side_width], gap="small")
        with left:
            web, markers = map_view(view, shown)
            present = (code for codes in shown["service_types"] for code in codes)
            options = map_options(
                "none",
                cache.boundary_metadata().attribution,
                presenting=True,
                legend_types=view.types or tuple(dict.fromkeys(present)),
            )
            show_map(options, view_args(web, markers), plan.map_height, key="slide_map")
        with right:
            kpi_html = "".join(
                f'<div class="fk-kpi"><b>{html.escape(k.value)}</b>'
                f"<span>{html.escape(k.label)}</span></div>"
                for k in figures.kpis
            )
            st.html(f'<div class="fk-kpis">{kpi_html}</div>')
            if figures.bars:
                chart = reports.slide_chart(
                    figures.bars,
                    figures.chart_title,
                    plan.side_width,
                    rest_label=t("chart_rest"),
                    lang=language(),
                )
                st.altair_chart(chart, theme=None, width="stretch")
            if figures.chart_note:
                st.html(f'<p class="fk-chart-note">{html.escape(figures.chart_note)}</p>')
    st.html(f'<p class="fk-slide-footer">{html.escape(footer)}</p>')


def _navigation(story_id, story, number: int, view: reports.StoryView) -> None:
    with st.container(
        key="slide_nav", horizontal=True, horizontal_alignment="right", vertical_alignment="center"
    ):
        total = len(story.slides) if story is not None else 1
        if story is not None:
            st.html(
                '<p class="fk-slide-count">'
                + html.escape(t("slide_count", number=number, total=total))
                + "</p>",
                width="content",
            )
        st.button(
            t("slide_prev"),
            key="slide_prev",
            icon=":material/arrow_back:",
            disabled=story is None or number <= 1,
            on_click=_step,
            args=(story_id, number - 1),
        )
        st.button(
            t("slide_next"),
            key="slide_next",
            icon=":material/arrow_forward:",
            disabled=story is None or number >= total,
            on_click=_step,
            args=(story_id, number + 1),
        )
        st.button(
            t("slide_exit"), key="slide_exit", icon=":material/close:", on_click=_exit, args=(view,)
        )


def story_panel(container, current: reports.StoryView) -> None:
    """In the sidebar: present the current view, pick or load a story, add the current
    view to the session's own story and download it."""
    container.button(
        t("present_view"),
        icon=":material/slideshow:",
        on_click=start,
        kwargs={"view": current},
        width="stretch",
        help=t("present_help"),
    )
    pending = st.session_state.get(_KEY_UPLOAD)
    if pending is not None:  # read before the story menu, which may switch to it
        _load(pending.name, pending.getvalue())
    with container.expander(t("stories")):
        known = stories()
        choice = st.selectbox(
            t("story_choose"),
            options=list(known),
            format_func=lambda key: known[key].title,
            key=_KEY_CHOICE,
        )
        chosen = known[choice]
        st.caption(t("story_slides", count=len(chosen.slides)))
        st.button(
            t("story_present"), icon=":material/play_arrow:", on_click=start, args=(choice, 1)
        )
        st.download_button(
            t("story_download"),
            data=reports.write_story(chosen),
            file_name=f"{choice}.toml",
            mime="application/toml",
            icon=":material/download:",
            on_click="ignore",
        )
        st.button(t("story_add"), icon=":material/add:", on_click=_add, args=(current,))
        if anonymous_uploads():
            st.file_uploader(t("story_upload"), type=["toml"], key=_KEY_UPLOAD)
        else:
            st.caption(t("uploads_off"))
        error = st.session_state.get(_KEY_ERROR)
        if error:
            st.error(t("story_rejected", message=md_literal(error)), icon=":material/error:")
        own = st.session_state.get(_KEY_OWN)
        show_old_keys(list(own.notes) if own is not None else None)


def _add(view: reports.StoryView) -> None:
    own = st.session_state.get(_KEY_OWN) or reports.Story(t("story_own_title"), ())
    slide = view if view.title else replace(view, title=region_name(view.region))
    st.session_state[_KEY_OWN] = reports.Story(own.title, (*own.slides, slide), own.description)
    st.session_state[_KEY_CHOICE] = OWN_STORY


def _load(name: str, content: bytes) -> None:
    marker = (name, len(content))
    if st.session_state.get("story_loaded") == marker:
        return
    st.session_state["story_loaded"] = marker
    try:
        story = read_upload(content, "geschichte", reports.read_story, vocabulary(), OWN_STORY)
    except UploadRefused as error:
        st.session_state[_KEY_ERROR] = str(error)
        return
    st.session_state[_KEY_ERROR] = None
    st.session_state[_KEY_OWN] = story
    st.session_state[_KEY_CHOICE] = OWN_STORY
