"""The presentation's URL: which story and slide, or the one view a slide shows
(``?praesentation=1&geschichte=fruehe-hilfen-nrw&folie=3`` or
``?praesentation=1&kreis=05382&typ=kita&mass=anteil&n=10&titel=…``).

A slide's view (:class:`reports.StoryView`) is in the URL in full, so every slide
of every story, a loaded one included, opens from a link. Values are read as a
story file's are (:func:`reports.read_slide`): what is unknown is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import reports
from dashboard.url_state.params import GetAll, Params, known_values, last, whole_number
from geodata import level_of

PARAM = "praesentation"
PARAM_STORY = "geschichte"
PARAM_SLIDE = "folie"
#: Parameters only a slide shows; leaving the presentation drops them.
SLIDE_ONLY = ("titel", "text", "diagramm")
#: A story of more slides than this is no story (and no link names slide 10⁹).
MAX_SLIDE = 999
_DEFAULT_VIEW = reports.StoryView()


@dataclass(frozen=True)
class SlideState:
    """The presentation's state: a story and a slide of it, else the ``view`` itself.

    Attributes
    ----------
    story
        The story's id (``None``: the one slide of ``view``).
    slide
        The slide's number, from 1 (clamped to the story by the page).
    view
        The slide the parameters describe (used without a story).
    """

    story: str | None = None
    slide: int = 1
    view: reports.StoryView = field(default_factory=reports.StoryView)


def presenting(get_all: GetAll) -> bool:
    """Whether the URL asks for the presentation."""
    return last(get_all, PARAM) == "1"


def view_params(view: reports.StoryView) -> Params:
    """The URL parameters of a slide's view."""
    params: Params = {}
    if view.region:
        params["kreis" if level_of(view.region) == "kreis" else "land"] = view.region
    if view.types:
        params["typ"] = list(view.types)
    if view.programmes:
        params["programm"] = list(view.programmes)
    if view.measure:
        params["mass"] = view.measure
    params["n"] = str(view.n_km)
    if view.title:
        params["titel"] = view.title
    if view.caption:
        params["text"] = view.caption
    if view.chart != "typ":
        params["diagramm"] = view.chart
    return params


def page_params(view: reports.StoryView) -> Params:
    """The parameters a page keeps of the slide's view when the presentation ends."""
    return {key: value for key, value in view_params(view).items() if key not in SLIDE_ONLY}


def slide_to_params(state: SlideState) -> Params:
    """The URL of a slide: a story's slide by number (with its view, so the link
    works without the story file), or the view alone."""
    params: Params = {PARAM: "1"}
    if state.story is not None:
        params |= {PARAM_STORY: state.story, PARAM_SLIDE: str(state.slide)}
    return params | view_params(state.view)


def slide_from_params(get_all: GetAll, vocabulary: reports.Vocabulary) -> SlideState:
    """The slide the URL describes; unknown values are left out, as in a story file."""
    ignored: list[str] = []
    raw: dict[str, object] = {
        "titel": last(get_all, "titel"),
        "text": last(get_all, "text"),
        "region": last(get_all, "kreis") or last(get_all, "land"),  # old keys: read_slide
        # Unknown codes are left out here; read_slide would name them, which a link
        # need not.
        "typen": list(known_values(get_all, "typ", vocabulary.types, ignored)),
        "programme": list(known_values(get_all, "programm", vocabulary.programmes, ignored)),
        "n": whole_number(last(get_all, "n"), 1, 50) or _DEFAULT_VIEW.n_km,
        "diagramm": last(get_all, "diagramm") or "typ",
    }
    if last(get_all, "mass"):
        raw["mass"] = last(get_all, "mass")
    view, _ = reports.read_slide(raw, vocabulary)
    story = last(get_all, PARAM_STORY) or None
    slide = whole_number(last(get_all, PARAM_SLIDE), 1, MAX_SLIDE) or 1
    return SlideState(story, slide, view)
