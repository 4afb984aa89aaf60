"""Stories: the shipped example loads, save → load gives the same views, and a bad
file is rejected with the line and field of each fault."""

from __future__ import annotations

import pytest

from geodata import BoundarySet
from planning import PROGRAMME_CODES
from providers import SERVICE_TYPES
from reports import (
    Story,
    StoryError,
    StoryView,
    Vocabulary,
    read_story,
    shipped_stories,
    write_story,
)


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    boundaries = BoundarySet()
    regions = {*boundaries.frame("land").index, *boundaries.frame("kreis").index}
    return Vocabulary(regions, {s.code for s in SERVICE_TYPES}, set(PROGRAMME_CODES))


def test_the_example_story_frueh_hilfen_nrw_is_shipped_and_valid(vocabulary):
    story = shipped_stories(vocabulary)["fruehe-hilfen-nrw"]
    assert story.title == "Frühe Hilfen in NRW"
    assert len(story.slides) >= 3
    # NRW and a Kreis of it; the real Geburtskliniken are shown for all Germany, since
    # no Gemeinde of NRW lies 30 km from the nearest one.
    assert {slide.region for slide in story.slides} == {"05", "05382", None}
    (births,) = [slide for slide in story.slides if slide.chart == "geburten"]
    assert births.region is None and births.types == ("geburtsklinik",) and births.n_km == 30
    assert any(slide.measure for slide in story.slides)
    assert any(slide.programmes for slide in story.slides)


def test_save_then_load_gives_the_same_views(vocabulary):
    story = Story(
        "Ausschuss „Familie“ – Sitzung 3",
        (
            StoryView("Deutschland", "", None, (), (), None, 10, "typ"),
            StoryView(
                "Rhein-Sieg",
                "Zeile mit ä, ö, ü und ß",
                "05382",
                ("familienhebamme", "kita"),
                ("audit", "buendnis"),
                "je10000",
                25,
                "kreis",
            ),
        ),
        "Beschreibung",
    )
    again = read_story(write_story(story), vocabulary)
    assert again == story
    assert again.slides == story.slides


def test_a_bad_story_names_line_and_field_of_each_fault(vocabulary):
    text = """titel = "Test"

[[folie]]
titel = "Gut"
region = "05"

[[folie]]
titel = "Schlecht"
region = "99999"
typen = ["kita", "Raumschiff"]
programme = ["audit"]
mass = "zufall"
n = 500
"""
    with pytest.raises(StoryError) as error:
        read_story(text.encode(), vocabulary)
    message = str(error.value)
    assert "Zeile 9, Folie 2, Feld „region“" in message and "99999" in message
    assert "Zeile 10, Folie 2, Feld „typen“" in message and "Raumschiff" in message
    assert "Zeile 12, Folie 2, Feld „mass“" in message
    assert "Zeile 13, Folie 2, Feld „n“" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'titel = "x"\n[[folie]\n', "Kein gültiges TOML"),
        (b"\xff\xfe\x00binary", "kein UTF-8"),
        (b'titel = "x"\n', "keine Folie"),
        (b"", "Titel"),
        (b'titel = "x"\n[[folie]]\ntitel = "a"\nfarbe = "rot"\n', "Zeile 4, Folie 1, Feld „farbe“"),
    ],
)
def test_files_that_are_no_story_get_a_message_not_an_exception(vocabulary, content, message):
    with pytest.raises(StoryError, match=message):
        read_story(content, vocabulary)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'titel = "x"\n' + b"# " + b"x" * 200_000 + b"\n", "größer als 100 kB"),
        (b"a = " + b"[" * 5_000 + b"]" * 5_000 + b"\n", "verschachtelt"),
        (b"\xff\xfe\x00\x00binary", "UTF-8"),
    ],
    ids=["large", "deeply-nested", "binary"],
)
def test_a_hostile_story_file_is_refused_with_a_message(vocabulary, data, message):
    with pytest.raises(StoryError, match=message):
        read_story(data, vocabulary)


def test_a_story_with_an_old_kreis_key_shows_today_s_kreis_and_says_so(vocabulary):
    def successor(key: str) -> tuple[str, str] | None:
        return ("16063", "16056 → 16063 (Gebietsreform 2021)") if key == "16056" else None

    with_keys = Vocabulary(vocabulary.regions, vocabulary.types, vocabulary.programmes, successor)
    text = """titel = "Thüringen 2019"\n[[folie]]\ntitel = "Eisenach"\nregion = "16056"\n"""
    story = read_story(text.encode(), with_keys)
    assert story.slides[0].region == "16063"
    assert story.notes == ("16056 → 16063 (Gebietsreform 2021)",)
    with pytest.raises(StoryError, match="16056"):
        read_story(text.encode(), vocabulary)  # without a key table it is unknown
