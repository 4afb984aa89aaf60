"""The page "In meiner Nähe" headless (AppTest): search, nearest first, choices, URL."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.map.widget import COMPONENT_NAME
from geodata import BoundarySet
from tests.dashboard.pages import run_page

#: Each test may load other data: Streamlit's cached resources are cleared around it.
pytestmark = pytest.mark.usefixtures("fresh_caches")


def _page() -> None:
    from dashboard.i18n.language import use_session_language
    from dashboard.page import nearby as page

    use_session_language()  # ?lang= as the app reads it
    page.render()


def _run(**query: str | list[str]) -> AppTest:
    return run_page(_page, **query)


def _cards(at: AppTest) -> list[tuple[str, float]]:
    """(name, km) of each result card, in page order."""
    values = [m.value for m in at.markdown]
    heading = [i for i, v in enumerate(values) if v.endswith("Ihr erster Anruf")]
    if heading:  # the first call's name (and phone), above the list
        del values[heading[0] + 1]
    names = [v.strip("*") for v in values if re.fullmatch(r"\*\*[^*]+\*\*", v)]
    kms = [
        float(found.group(1).replace(".", "").replace(",", "."))
        for c in at.caption
        if (found := re.search(r"([\d.,]+) km Luftlinie", c.value))
    ]
    return list(zip(names, kms, strict=True))


def test_without_a_query_the_page_explains_what_to_do():
    at = _run()
    assert at.title[0].value == "Hilfe in meiner Nähe"
    assert any("Postleitzahl oder einen Ort" in info.value for info in at.info)


def test_a_postcode_lists_providers_nearest_first_with_distances():
    at = _run(q="53721")
    cards = _cards(at)
    assert len(cards) >= 10
    distances = [km for _, km in cards]
    assert distances == sorted(distances) and distances[-1] <= 10
    assert "Luftlinie ab Mitte PLZ 53721" in " ".join(c.value for c in at.caption)
    assert at.header[0].value.startswith(f"{len(cards)} Angebote im Umkreis von 10 km")
    # The map shows the same selection.
    (component,) = [
        c for c in at.get("component_instance") if c.proto.component_name == COMPONENT_NAME
    ]
    view = json.loads(component.proto.json_args)["view"]
    names = [row[3] for _, rows in view["providers"]["groups"] for row in rows]
    assert sorted(names) == sorted(name for name, _ in cards)


def test_radius_and_type_narrow_the_list_and_stay_in_the_url():
    at = _run(q="Siegburg", umkreis="5", typ="jugendamt")
    cards = _cards(at)
    assert cards and all(km <= 5 for _, km in cards)
    assert all("Jugendamt" in name for name, _ in cards)
    assert at.query_params["q"] == ["Siegburg"] or at.query_params["q"] == "Siegburg"


def test_an_ambiguous_name_asks_which_place_is_meant_before_showing_anything():
    at = _run(q="Neuenkirchen")
    (choice,) = at.radio
    # Every Gemeinde of that name, and those whose name starts with it ("…-Vörden").
    names = BoundarySet().frame("gemeinde")["name"]
    assert len(choice.options) == names.str.fullmatch(r"Neuenkirchen(-.+)?").sum() > 1
    # nothing is shown as found, not even a first call, until the family has chosen
    assert choice.value is None and not at.header
    assert not any("Ihr erster Anruf" in m.value for m in at.markdown)
    assert any("Bitte wählen Sie" in c.value for c in at.caption)
    cuxhaven = next(o for o in choice.options if "Cuxhaven" in o)
    choice.set_value(choice.options.index(cuxhaven)).run()
    assert "Cuxhaven" in at.header[0].value
    assert any("Ihr erster Anruf" in m.value for m in at.markdown)


def test_of_two_places_of_one_name_the_larger_is_offered_first():
    assert _run(q="Frankfurt").radio[0].options[0].startswith("Frankfurt am Main")


def test_an_envelope_address_finds_its_postcode_and_says_the_street_is_not_used():
    at = _run(q="Hauptstr. 5, 53721 Siegburg")
    assert at.header[0].value.endswith("um PLZ 53721 (Siegburg), Rhein-Sieg-Kreis")
    assert any("Straße „Hauptstr. 5“ nutzen wir nicht" in i.value for i in at.info)


def test_with_a_geocoder_the_typed_street_is_the_origin(monkeypatch):
    from tests.harness.geocoder import geocoder_server

    with geocoder_server() as (url, requests):
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER", url)
        monkeypatch.setenv("FAMILIENKARTE_GEOCODER_RATE", "0")
        at = _run(q="Wilhelmstraße 55, 53721 Siegburg")
    assert len(requests) == 1
    assert "Luftlinie ab Wilhelmstraße 55, 53721." in " ".join(c.value for c in at.caption)
    assert not any("nutzen wir nicht" in i.value for i in at.info)
    # the map marks the origin at the address the geocoder found
    (component,) = [
        c for c in at.get("component_instance") if c.proto.component_name == COMPONENT_NAME
    ]
    assert json.loads(component.proto.json_args)["view"]["place"][:2] == [50.79748, 7.20434]


def test_an_unknown_ortsteil_is_searched_from_its_gemeinde():
    at = _run(q="Köln-Ehrenfeld")
    assert any("„Ehrenfeld“ kennen wir nicht – gesucht ab Köln" in i.value for i in at.info)
    assert "Luftlinie ab einem Punkt im Ort Köln" in " ".join(c.value for c in at.caption)


def test_a_postcode_over_three_kreise_shows_each_first_call_and_offers_the_gemeinden():
    at = _run(q="15236")
    texts = [m.value for m in at.markdown]
    assert any("liegt in 3 Kreisen" in m for m in texts)
    assert sum(m.startswith("**Für ") for m in texts) == 3
    gemeinden = [b for b in at.button if b.key.startswith("n_span_")]
    assert len(gemeinden) == 3
    next(b for b in gemeinden if b.label == "Jacobsdorf").click().run()
    assert at.text_input[0].value == "15236 Jacobsdorf"
    texts = [m.value for m in at.markdown]
    assert not any("Kreisen" in m for m in texts) and not any(m.startswith("**Für ") for m in texts)
    assert "Oder-Spree" in at.header[0].value


@pytest.mark.parametrize(
    ("query", "language", "says"),
    [
        ("😀😀", "de", "Danach können wir nicht suchen"),
        ("1010 Wien", "de", "keine deutsche Postleitzahl"),
        ("1234567", "tr", "5 rakamdan"),
        ("كولونيا", "ar", "بالحروف اللاتينية"),
        ("Sehr geehrte Damen und Herren, " * 9 + "53721", "uk", "Введення задовге (284 символів"),
    ],
)
def test_odd_input_is_told_what_to_type_in_the_family_s_language(query, language, says):
    at = _run(lang=language)
    at.text_input[0].input(query).run()  # typed or pasted (a link's query is cut shorter)
    assert any(says in w.value for w in at.warning), [w.value for w in at.warning]
    assert not at.header and not any("call:" in m.value for m in at.markdown)


def test_an_unknown_postcode_says_so_and_offers_close_ones():
    at = _run(q="99999")
    assert any("keine Postleitzahl und keinen Ort" in w.value for w in at.warning)
    suggestions = [b.label for b in at.button]
    assert len(suggestions) == 5 and all(label.startswith("PLZ 999") for label in suggestions)
    at.button[0].click().run()
    assert at.text_input[0].value == "99988"


def test_a_hostile_query_is_shown_as_text():
    at = _run(q="**<script>x</script>**")
    (warning,) = [w for w in at.warning if "keine Postleitzahl" in w.value]
    assert r"\*\*\<script\>x\</script\>\*\*" in warning.value


def test_the_first_call_of_the_kreis_stands_above_the_list():
    at = _run(q="Troisdorf")
    headings = [m.value for m in at.markdown]
    first = headings.index("## :material/call: Ihr erster Anruf")
    assert "Netzwerk Frühe Hilfen Rhein-Sieg-Kreis" in headings[first + 1]
    assert "(tel:" in headings[first + 1]
    assert first < min(i for i, v in enumerate(headings) if "Luftlinie" in v or "(tel:" in v)


def test_a_phone_number_keeps_its_digit_order_in_an_arabic_card():
    at = _run(q="53721", lang="ar")
    phones = re.findall(r"\[([^\]]*)\]\(tel:", " ".join(m.value for m in at.markdown))
    # Isolated left to right: the groups of digits are not turned round.
    assert phones and all(p.startswith("\u2066") and p.endswith("\u2069") for p in phones)


def test_a_gemeinde_served_by_two_networks_names_both_and_their_shared_way_in_once():
    at = _run(q="Siegburg")
    texts = [m.value for m in at.markdown]
    first = texts.index("## :material/call: Ihr erster Anruf")
    # Both networks are named; the Familientelefon they share is given once.
    line = texts[first + 1]
    assert line.index("Region Nord") < line.index("Region Süd")
    assert line.count("(tel:0224169690)") == 1
    assert "Familientelefon Rhein-Sieg (Muster): [" in line
    assert "erreichbar Mo–Fr 9–12 Uhr" in line


def test_a_kreis_without_a_first_call_says_so_and_names_the_nearest():
    at = _run(q="Bonn")
    texts = " ".join(m.value for m in at.markdown)
    assert "Für Bonn ist in den Daten keine Netzwerkkoordination" in texts


def test_family_wishes_narrow_the_list_and_stay_in_the_url():
    everything = _cards(_run(q="53721", umkreis="25"))
    at = _run(q="53721", umkreis="25", phase="0-1", kostenlos="1", barrierefrei="1")
    wished = _cards(at)
    assert 0 < len(wished) < len(everything)
    texts = [m.value for m in at.markdown]
    facts = [line for text in texts for line in text.split("  \n") if "barrierefrei" in line]
    assert len(facts) >= len(wished)
    assert all("0–1 Jahr" in fact and "kostenlos" in fact for fact in facts)
    assert at.expander[0].label == "Was suchen Sie? 3 Filter gewählt"
    params = {key: at.query_params[key] for key in at.query_params}
    assert params["kostenlos"] in ("1", ["1"]) and params["phase"] in ("0-1", ["0-1"])


def test_a_language_wish_keeps_only_who_speaks_it():
    at = _run(q="53721", umkreis="25", sprache="tr")
    texts = " ".join(m.value for m in at.markdown)
    cards = _cards(at)
    assert cards and texts.count("Türkisch") >= len(cards)


def test_every_answer_of_the_search_has_a_sentence():
    from typing import get_args

    from dashboard.widgets.place_search import SENTENCES
    from places.gazetteer import NOTE_CODES
    from places.query import Problem

    assert set(SENTENCES) == set(NOTE_CODES) | set(get_args(Problem))
