"""Each page's URL state: read, written back and read again gives the same state, and
what a hostile or broken link carries is left out and named, never kept or run."""

from __future__ import annotations

import pytest

import reports
from dashboard.url_state.nearby import NearbyState, nearby_from_params, nearby_to_params
from dashboard.url_state.params import MAX_VALUES, whole_number
from dashboard.url_state.planning import (
    MAX_SITES,
    PlanningState,
    planning_from_params,
    planning_to_params,
)
from dashboard.url_state.slide import (
    SlideState,
    page_params,
    presenting,
    slide_from_params,
    slide_to_params,
)

AREAS = {"05", "05382", "05382060", "05382068", "05314000", "01", "01058", "01058043"}
LANGUAGES = {"de", "tr", "ar"}
VOCABULARY = reports.Vocabulary(
    {"05", "05382", "01", "01058"}, {"kita", "familienhebamme", "jugendamt"}, {"audit"}
)
HOSTILE = '<script>alert("x")</script>'


def reader(params: dict[str, str | list[str]]):
    """``st.query_params.get_all`` over a plain dict."""

    def get_all(name: str) -> list[str]:
        value = params.get(name, [])
        return [value] if isinstance(value, str) else list(value)

    return get_all


@pytest.mark.parametrize(
    "state",
    [
        PlanningState(),
        PlanningState(region="05382", types=("kita", "jugendamt"), measure="anteil", n_km=25),
        PlanningState(region="01", scheme="quantile", programmes=("audit", "buendnis")),
        PlanningState(region="05382", sites=("05382060", "05382068"), measure="2sfca"),
    ],
)
def test_planning_state_round_trip(state):
    again, ignored = planning_from_params(reader(planning_to_params(state)), AREAS)
    assert again == state
    assert ignored == []


@pytest.mark.parametrize(
    ("params", "expected", "named"),
    [
        ({"kreis": "05382"}, PlanningState(region="05382"), []),
        # A Kreis named as Land, or unknown, or hostile: all Germany, and said so.
        ({"land": "05382"}, PlanningState(), ["land=05382"]),
        ({"kreis": "99999"}, PlanningState(), ["kreis=99999"]),
        ({"kreis": HOSTILE}, PlanningState(), [f"kreis={HOSTILE}"]),
        ({"kreis": "05382", "land": "01"}, PlanningState(region="05382"), []),
        ({"n": "0"}, PlanningState(), ["n=0"]),
        ({"n": "51"}, PlanningState(), ["n=51"]),
        ({"n": "-3"}, PlanningState(), ["n=-3"]),
        ({"n": "1e5"}, PlanningState(), ["n=1e5"]),
        ({"n": "٣"}, PlanningState(), ["n=٣"]),  # an Arabic-Indic digit is no N
        ({"n": "9" * 5000}, PlanningState(), ["n=" + "9" * 39 + "…"]),
        ({"mass": "DROP TABLE"}, PlanningState(), ["mass=DROP TABLE"]),
        ({"klassen": "x"}, PlanningState(), ["klassen=x"]),
        ({"typ": ["kita", "kita", HOSTILE]}, PlanningState(types=("kita",)), [f"typ={HOSTILE}"]),
        ({"typ": [HOSTILE]}, PlanningState(), [f"typ={HOSTILE}"]),
        (
            {"kreis": "05382", "neu": "05382060,01058043,05382060,x,05382"},
            PlanningState(region="05382", sites=("05382060", "01058043")),
            ["neu=x", "neu=05382"],
        ),
    ],
)
def test_planning_state_from_a_broken_or_hostile_link(params, expected, named):
    state, ignored = planning_from_params(reader(params), AREAS)
    assert state == expected
    assert ignored == named


def test_a_link_with_thousands_of_values_costs_bounded_work():
    many = {"typ": ["kita"] * 100_000, "neu": ",".join(["05382060"] * 100_000)}
    state, _ = planning_from_params(reader(many), AREAS)
    assert state.types == ("kita",)
    assert state.sites == ("05382060",)
    unknown = {"typ": [f"x{i}" for i in range(10_000)]}
    _, ignored = planning_from_params(reader(unknown), AREAS)
    assert len(ignored) == MAX_VALUES


def test_at_most_ten_planned_sites():
    gemeinden = sorted(f"05382{i:03d}" for i in range(40))
    state, _ = planning_from_params(reader({"neu": ",".join(gemeinden)}), set(gemeinden))
    assert state.sites == tuple(gemeinden[:MAX_SITES])


def test_planning_state_knows_land_and_kreis_of_its_region():
    assert (PlanningState(region="05382").land, PlanningState(region="05382").kreis) == (
        "05",
        "05382",
    )
    assert (PlanningState(region="01").land, PlanningState(region="01").kreis) == ("01", None)
    assert (PlanningState().land, PlanningState().kreis) == (None, None)


@pytest.mark.parametrize(
    "state",
    [
        NearbyState(),
        NearbyState(query="53721", radius_km=5, types=("kita",)),
        NearbyState(query="Sankt Augustin", language="tr", stages=("0-1", "1-3")),
        NearbyState(query="Siegburg", flags=frozenset({"kostenlos", "barrierefrei"})),
    ],
)
def test_nearby_state_round_trip(state):
    again, ignored = nearby_from_params(reader(nearby_to_params(state)), LANGUAGES)
    assert again == state
    assert ignored == []


def test_a_plain_search_keeps_its_link_short():
    assert nearby_to_params(NearbyState(query="53721")) == {"q": "53721"}


@pytest.mark.parametrize(
    ("params", "expected", "named"),
    [
        ({"umkreis": "7"}, NearbyState(), ["umkreis=7"]),  # not one of the radii offered
        ({"umkreis": "99999999999"}, NearbyState(), ["umkreis=99999999999"]),
        ({"sprache": "xx"}, NearbyState(), ["sprache=xx"]),
        ({"phase": ["0-1", HOSTILE]}, NearbyState(stages=("0-1",)), [f"phase={HOSTILE}"]),
        ({"kostenlos": "ja"}, NearbyState(), []),
        ({"q": HOSTILE}, NearbyState(query=HOSTILE), []),  # escaped where it is shown
        ({"q": "x" * 10_000}, NearbyState(query="x" * 99 + "…"), []),
    ],
)
def test_nearby_state_from_a_broken_or_hostile_link(params, expected, named):
    state, ignored = nearby_from_params(reader(params), LANGUAGES)
    assert state == expected
    assert ignored == named


@pytest.mark.parametrize(
    "state",
    [
        SlideState(view=reports.StoryView()),
        SlideState(view=reports.StoryView(title="Kitas", region="05382", types=("kita",))),
        SlideState(
            story="fruehe-hilfen-nrw",
            slide=3,
            view=reports.StoryView(
                title="Wo fehlt es?",
                caption="Anteil über 10 km",
                region="05",
                types=("familienhebamme",),
                programmes=("audit",),
                measure="anteil",
                n_km=15,
                chart="kreis",
            ),
        ),
    ],
)
def test_slide_state_round_trip(state):
    params = slide_to_params(state)
    assert presenting(reader(params))
    assert slide_from_params(reader(params), VOCABULARY) == state


@pytest.mark.parametrize(
    ("params", "story", "slide"),
    [
        ({"geschichte": "x", "folie": "0"}, "x", 1),
        ({"geschichte": "x", "folie": "-2"}, "x", 1),
        ({"geschichte": "x", "folie": "10000000000000"}, "x", 1),
        ({"folie": "2"}, None, 2),
    ],
)
def test_slide_numbers_from_a_link_are_whole_and_small(params, story, slide):
    state = slide_from_params(reader(params), VOCABULARY)
    assert (state.story, state.slide) == (story, slide)


def test_a_hostile_slide_link_shows_its_text_as_text_and_drops_the_unknown():
    params = {"titel": HOSTILE, "kreis": "'; DROP", "typ": [HOSTILE, "kita"], "n": "1e9"}
    view = slide_from_params(reader(params), VOCABULARY).view
    assert view.title == HOSTILE  # the slide escapes it (tested in the browser)
    assert (view.region, view.types, view.n_km) == (None, ("kita",), 10)


def test_leaving_the_presentation_keeps_the_view_and_drops_what_only_a_slide_shows():
    view = reports.StoryView(title="T", caption="C", region="05382", types=("kita",))
    assert page_params(view) == {"kreis": "05382", "typ": ["kita"], "n": "10"}
    assert not presenting(reader(page_params(view)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10", 10), ("1", 1), ("50", 50), ("0", None), ("51", None), ("", None), ("+5", None)],
)
def test_whole_number(text, expected):
    assert whole_number(text, 1, 50) == expected


def test_a_bookmark_with_old_keys_opens_today_s_areas_and_names_the_change():
    from dashboard.url_state.filters import filters_from_params
    from dashboard.url_state.params import key_changes

    today = {"16", "16063", "16063105", "03", "03159"}
    state, ignored = planning_from_params(reader({"kreis": "16056"}), today)
    assert state.region == "16063" and ignored == []
    filters, ignored = filters_from_params(reader({"gemeinde": "16056000"}), today)
    assert (filters.land, filters.kreis, filters.gemeinde) == ("16", "16063", "16063105")
    notes = [change.note() for change in key_changes(reader({"kreis": "16056"}))]
    assert notes == ["16056 → 16063 (Gebietsreform 2021)"]
    # Göttingen's old key of 2016 opens the Kreis Göttingen of today
    state, _ = planning_from_params(reader({"kreis": "03152", "neu": "03152011"}), today)
    assert state.region == "03159"
