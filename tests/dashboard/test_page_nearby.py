"""The page "In meiner Nähe" headless (AppTest): search, nearest first, choices, URL."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.map.widget import COMPONENT_NAME
from geodata import BoundarySet
from tests.dashboard.pages import run_page


def _page() -> None:
    from dashboard.page import nearby as page

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


@pytest.fixture(autouse=True)
def _fresh_caches():
    import streamlit as st

    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


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


def test_an_ambiguous_name_asks_which_place_is_meant():
    at = _run(q="Neuenkirchen")
    (choice,) = at.radio
    # Every Gemeinde of that name, and those whose name starts with it ("…-Vörden").
    names = BoundarySet().frame("gemeinde")["name"]
    assert len(choice.options) == names.str.fullmatch(r"Neuenkirchen(-.+)?").sum() > 1
    assert "Cuxhaven" in choice.options[0]


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
