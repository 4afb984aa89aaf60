"""Real and invented apart (headless, AppTest): every page says what is real, "nur echte
Daten" (``?echt=1``) leaves the invented providers out of the map, In meiner Nähe and
Planung, and real providers name their source in popups, cards and the sources."""

from __future__ import annotations

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.web import assets
from providers import GBA, REAL_SOURCES, load_providers
from tests.dashboard.pages import map_args, run_page

#: Each test may load other data: Streamlit's cached resources are cleared around it.
pytestmark = pytest.mark.usefixtures("fresh_caches")


def _map_page() -> None:
    from dashboard.page import map as page

    page.render()


def _nearby_page() -> None:
    from dashboard.page import nearby as page

    page.render()


def _planning_page() -> None:
    from dashboard.page import planning as page

    page.render()


@pytest.fixture(scope="module")
def frame():
    return load_providers().frame


def _markers(at: AppTest, key: str = "karte") -> tuple[list[list], dict]:
    view = map_args(at, key)["view"]
    layer = view["providers"]
    return [row for _, rows in layer["groups"] for row in rows], view


def _details(at: AppTest, rows: list[list], key: str = "karte") -> dict[str, list]:
    layer = map_args(at, key)["view"]["providers"]
    found = {}
    for kreis, group in layer["groups"]:
        url = layer["details"].replace("{ags}", kreis)
        details = json.loads(assets.asset_path(url).read_text(encoding="utf-8"))
        for row in group:
            found[row[3]] = details[row[4]]
    return found


def test_bochum_shows_real_kitas_and_invented_partners_told_apart(frame):
    at = run_page(_map_page, kreis="05911")
    rows, view = _markers(at)
    bochum = frame[frame["kreis_ags"] == "05911"]
    invented = {html.escape(name) for name in bochum.loc[bochum["is_sample"], "name"]}
    assert invented and len(invented) < len(bochum)
    # The marker of an invented provider says so; a real one's does not.
    assert {row[3] for row in rows if len(row) > 5 and row[5] == 1} == invented
    assert any(line[-1] == "invented" for line in view["lines"])  # and the legend explains
    details = _details(at, rows)
    kita = bochum[(~bochum["is_sample"]) & bochum["id"].str.startswith("bochum-")].iloc[0]
    assert (
        "Stadt Bochum, Open Data (CC0 1.0); Stand 17.10.2023"
        in details[html.escape(kita["name"])][14]
    )
    assert all(details[name][14] == "" for name in invented)
    assert set(at.dataframe[-1].value["Daten"]) == {"echt"}  # the list starts with Kitas
    mixed = run_page(_map_page, kreis="05382").dataframe[-1].value
    assert set(mixed["Daten"]) == {"echt", "erfunden"}
    assert set(mixed.loc[mixed["Daten"] == "echt", "Quelle"]) <= {r.source for r in REAL_SOURCES}
    (notice,) = [info.value for info in at.info if "Echt und erfunden" in info.value]
    assert "Bochum" in notice and "Geburtskliniken" in notice


def test_nur_echte_daten_on_the_map_keeps_only_real_providers_and_stays_in_the_link(frame):
    at = run_page(_map_page, kreis="05911", echt="1")
    rows, view = _markers(at)
    real = frame[(frame["kreis_ags"] == "05911") & ~frame["is_sample"]]
    assert sorted(row[3] for row in rows) == sorted(html.escape(name) for name in real["name"])
    assert all(len(row) == 5 for row in rows)
    assert not any(line[-1] == "invented" for line in view["lines"])
    assert set(at.dataframe[-1].value["Daten"]) == {"echt"}
    assert at.toggle(key="f_real_only").value is True
    assert at.query_params["echt"] in (["1"], "1")
    at.toggle(key="f_real_only").set_value(False).run()
    assert "echt" not in at.query_params
    assert len(_markers(at)[0]) > len(rows)


def test_nur_echte_daten_with_a_type_without_real_data_says_where_real_data_exist():
    at = run_page(_map_page, kreis="05382", typ="familienhebamme", echt="1")
    assert any("Keine echten Angebote" in warning.value for warning in at.warning)


def test_the_sources_name_each_open_source_with_licence_and_stand():
    at = run_page(_map_page)
    captions = " ".join(caption.value for caption in at.caption)
    for real in REAL_SOURCES:
        assert real.licence.split(" ")[0] in captions
    assert "Stand Mai 2026" in captions and "www.g-ba.de/qualitaetsberichte" in captions
    # The two notices the G-BA asks for, in full.
    assert "keine authentische Wiedergabe der Qualitätsberichte" in captions


def test_in_meiner_naehe_cards_say_invented_or_name_their_source():
    at = run_page(_nearby_page, q="44787", umkreis="5")
    captions = [caption.value for caption in at.caption]
    assert any("Beispiel (erfunden)" in caption for caption in captions)
    texts = " ".join(markdown.value for markdown in at.markdown)
    assert "Stadt Bochum, Open Data" in texts
    real = run_page(_nearby_page, q="44787", umkreis="5", echt="1")
    assert not any("Beispiel (erfunden)" in c.value for c in real.caption)
    assert real.query_params["echt"] in (["1"], "1")


def test_planung_counts_only_real_providers_when_asked(frame):
    types = ["kita", "jugendamt"]  # real Kitas in Bochum, an invented Jugendamt
    offered = frame[
        (frame["kreis_ags"] == "05911")
        & frame["service_types"].map(lambda codes: bool(set(types) & set(codes)))
    ]
    every = run_page(_planning_page, kreis="05911", typ=types)
    real = run_page(_planning_page, kreis="05911", typ=types, echt="1")
    assert every.metric[1].value == str(len(offered))
    assert real.metric[1].value == str(int((~offered["is_sample"]).sum()))
    assert int(real.metric[1].value) < int(every.metric[1].value)
    assert real.toggle(key="p_real_only").value is True


def test_datenlage_says_per_land_and_type_what_is_real_with_source_and_stand():
    at = run_page(_planning_page, land="05", typ="geburtsklinik")
    (table,) = [
        frame.value for frame in at.dataframe if "Quelle der echten (Lizenz, Stand)" in frame.value
    ]
    clinics = table[table["Angebotsart"] == "Geburtsklinik"].iloc[0]
    assert clinics["Bundesland"] == "Nordrhein-Westfalen" and clinics["erfunden"] == 0
    assert clinics["echt"] > 100 and "Stand 2023" in clinics["Quelle der echten (Lizenz, Stand)"]
    midwives = table[table["Angebotsart"] == "Familienhebamme / FGKiKP"].iloc[0]
    assert midwives["echt"] == 0 and midwives["erfunden"] > 0
    assert GBA.origin in " ".join(table["Quelle der echten (Lizenz, Stand)"])


def test_the_shipped_story_has_a_slide_of_the_real_geburtskliniken_with_its_sources():
    from dashboard.export.figures import build_report, slide_figures
    from reports import StoryView

    at = run_page(_map_page, praesentation="1", geschichte="fruehe-hilfen-nrw", folie="7")
    (chart,) = at.get("vega_lite_chart")
    spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
    assert "Geburten 2023 in" in spec and "Kliniken je" in spec  # wrapped to the column
    body = " ".join(element.proto.body for element in at.get("html"))
    assert "G-BA-Qualitätsberichte 2023" in body and "Luftlinie" in body
    view = StoryView(region=None, types=("geburtsklinik",), chart="geburten", n_km=30)
    figures = slide_figures(view)
    assert len(figures.bars) == 16 and sum(bar.value for bar in figures.bars) == 647_150
    assert any(GBA.credit in line for line in build_report(view, figures).sources)
