"""The page "Planung" headless (AppTest): controls change the figures, state is in the URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from babel.numbers import format_decimal
from streamlit.testing.v1 import AppTest

from dashboard import cache
from dashboard.export.figures import dates_figure as dates_per_10000
from dashboard.map.network_layer import NETWORK_COLOR
from dashboard.page.planning.networks import KEY_OPEN
from geodata import load_population
from planning import next_days
from tests.dashboard.pages import map_args, run_page

#: Each test may load other data: Streamlit's cached resources are cleared around it.
pytestmark = pytest.mark.usefixtures("fresh_caches")


def _page() -> None:
    from dashboard.page import planning as page

    page.render()


def _run(**query: str | list[str]) -> AppTest:
    return run_page(_page, **query)


def _choropleth(at: AppTest) -> dict:
    layers = map_args(at, "planung")["view"]["layers"]
    (shaded,) = [layer for layer in layers if "choropleth" in layer]
    return shaded


def test_a_kreis_shows_its_gemeinden_shaded_with_figures_and_sources():
    at = _run(kreis="05382", typ="familienhebamme", mass="entfernung", n="10")
    shaded = _choropleth(at)
    assert len(shaded["choropleth"]["classes"]) == 19  # the Gemeinden of the Rhein-Sieg-Kreis
    assert set(shaded["choropleth"]["classes"]) <= set(range(5))
    assert all(v.endswith(" km") for v in shaded["choropleth"]["values"])
    inhabitants, _ = load_population().total("05382")
    assert at.metric[0].value == format_decimal(inhabitants, locale="de")  # of the Kreis
    captions = " ".join(c.value for c in at.caption)
    assert "Stand 31.12.2023" in captions and "Fortschreibung auf Basis Zensus 2011" in captions
    assert at.query_params["kreis"] in (["05382"], "05382")


def test_changing_the_measure_and_n_changes_the_figures_not_the_geometry():
    at = _run(kreis="05382", typ="familienhebamme", mass="entfernung", n="10")
    before = _choropleth(at)
    share_10 = at.metric[2].value
    at.selectbox(key="p_measure").set_value("anteil").run()
    at.slider(key="p_n").set_value(5).run()
    after = _choropleth(at)
    assert after["url"] == before["url"]  # the cached boundary file stays
    assert after["choropleth"]["values"] != before["choropleth"]["values"]
    assert all(v.endswith(" %") for v in after["choropleth"]["values"])
    assert at.metric[2].value != share_10
    assert at.query_params["mass"] in (["anteil"], "anteil")
    assert at.query_params["n"] in (["5"], "5")


def test_uninhabited_areas_show_no_figure_not_zero_and_are_named():
    from geodata import load_population, parent_ags

    population = load_population()
    gemeinde = population.missing[0]
    at = _run(kreis=parent_ags(gemeinde, "kreis"), typ="familienhebamme", mass="je10000")
    shaded = _choropleth(at)["choropleth"]
    assert -1 in shaded["classes"]
    assert "keine Angabe" in shaded["values"]
    pairs = zip(shaded["classes"], shaded["values"], strict=True)
    assert {v for c, v in pairs if c == -1} == {"keine Angabe"}
    _, missing = population.total(parent_ags(gemeinde, "kreis"))
    captions = " ".join(c.value for c in at.caption)
    assert f"{missing} unbewohnte gemeindefreie Gebiete" in captions


def test_a_region_without_the_type_says_so():
    at = _run(kreis="16076", typ="geburtsklinik")  # Greiz: no Geburtsklinik of its own
    (warning,) = [w.value for w in at.warning if "kein Angebot der Art Geburtsklinik" in w.value]
    assert "Am nächsten:" in warning and "km Luftlinie" in warning


def test_the_page_offers_table_and_layer_downloads():
    at = _run(kreis="05382", typ="familienhebamme")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == [
        "Tabelle (CSV für Excel)",
        "Kennzahlen als GeoJSON",
        "Kennzahlen als GeoPackage",
        "Folie (PNG)",
        "Druck (PNG)",
        "Bericht (PDF)",
        "Karte (HTML)",
    ]


def _metric(at: AppTest, label: str) -> str:
    (found,) = [m.value for m in at.metric if m.label == label]
    return found


def test_a_planned_site_from_the_url_shows_what_it_changes_and_is_drawn():
    # Troisdorf (05382068, 75,608 inhabitants in 2011) lies 13.7 km from the nearest
    # Familienhebamme of the sample; a site there brings at least Troisdorf within 10 km.
    at = _run(kreis="05382", typ="familienhebamme", n="10", neu="05382068")
    newly = int(_metric(at, "Einwohner neu innerhalb von 10 km").replace(".", ""))
    assert newly >= 75_608
    (site,) = map_args(at, "planung")["view"]["sites"]
    assert site[2] == "Geplanter Standort: Troisdorf"
    assert at.query_params["neu"] in (["05382068"], "05382068")


def test_suggested_sites_can_be_taken_as_planned_sites():
    at = _run(kreis="05382", typ="familienhebamme", n="5")
    at.slider(key="p_k").set_value(2).run()
    (suggest,) = [b for b in at.button if b.label == "Standorte vorschlagen"]
    suggest.click().run()
    assert not at.exception
    (table,) = [
        frame
        for frame in at.dataframe
        if frame.value.shape[1] == 3 and "Berufsgruppe" not in frame.value.columns
    ]
    assert len(table.value) == 2
    added = table.value.iloc[:, 2].tolist()
    assert added == sorted(added, reverse=True) and added[0] > 0
    take = [b for b in at.button if b.label == "Als geplante Standorte übernehmen"][0]
    take.click().run()
    assert len(at.multiselect(key="p_sites").value) == 2
    neu = at.query_params["neu"]
    assert len((neu if isinstance(neu, str) else neu[0]).split(",")) == 2


def test_an_uploaded_indicator_becomes_the_denominator():
    at = _run(kreis="05382", typ="familienhebamme", mass="je10000")
    per_capita = _choropleth(at)["choropleth"]["values"]
    upload = "AGS;Kinder unter 3\n" + "".join(
        f"{ags};{100 + i}\n" for i, ags in enumerate(_choropleth_keys(at))
    )
    at.session_state["p_indicator"] = ("test", "kinder.csv", _read(upload))
    at.run()
    at.selectbox(key="p_denominator").set_value("Kinder unter 3").run()
    assert not at.exception
    assert _choropleth(at)["choropleth"]["values"] != per_capita


def _choropleth_keys(at: AppTest) -> list[str]:
    from geodata import load_boundaries

    gemeinden = load_boundaries("gemeinde")
    return sorted(gemeinden[gemeinden["ags"].str.startswith("05382")]["ags"])


def _read(text: str):
    from geodata import BoundarySet
    from planning import read_indicator_table

    return read_indicator_table(text.encode(), "kinder.csv", BoundarySet())


def test_gaps_come_first_and_a_chosen_row_zooms_the_map():
    at = _run(kreis="05382", typ="familienhebamme", n="10")
    header = [h.value for h in at.header if "Versorgungslücke" in h.value][0]
    assert header.startswith("4 Gemeinden")  # Troisdorf, Rheinbach, Siegburg, Neunkirchen
    table = [f for f in at.dataframe if "Lücke" in f.value.columns][0].value
    assert table["Lücke"].tolist()[:4] == ["ja"] * 4 and table["Lücke"].iloc[4] == ""
    at.number_input(key="p_minimum").set_value(1.0).run()
    more = [h.value for h in at.header if "Versorgungslücke" in h.value][0]
    assert int(more.split(" ")[0]) > 4


def test_a_kreis_indicator_is_shared_out_and_becomes_the_denominator():
    at = _run(land="05", typ="familienhebamme", mass="je10000")
    before = _choropleth(at)["choropleth"]["values"]
    kreise = "".join(f"{ags};{1000 + i}\n" for i, ags in enumerate(["05382", "05314", "05334"]))
    at.session_state["p_indicator"] = ("test", "geburten.csv", _read("AGS;Geburten\n" + kreise))
    at.run()
    at.selectbox(key="p_denominator").set_value("Geburten").run()
    assert not at.exception
    after = _choropleth(at)["choropleth"]["values"]
    # Kreise without a figure now have none; those with one get providers per 10,000 births.
    assert after != before and "keine Angabe" in after


def test_several_types_count_together():
    one = _run(kreis="05382", typ="familienhebamme")
    both = _run(kreis="05382", typ=["familienhebamme", "fruehfoerderstelle"])
    count = int(_metric(one, "Angebote: Familienhebamme / FGKiKP"))
    together = int(_metric(both, "Angebote: Familienhebamme / FGKiKP, Frühförderstelle"))
    assert together > count
    assert both.query_params["typ"] == ["familienhebamme", "fruehfoerderstelle"]


def test_the_fictional_sample_is_flagged_on_the_page():
    at = _run(kreis="05382")
    # one line above the figures, not a box that pushes the map down
    assert any("Echt und erfunden" in caption.value for caption in at.caption)


def test_a_bookmark_with_an_old_kreis_key_opens_today_s_kreis_and_says_so():
    at = _run(kreis="16056", typ="familienhebamme")  # Eisenach, kreisfrei until 2021
    assert at.query_params["kreis"] in (["16063"], "16063")
    (note,) = [i.value for i in at.info if "früheren Gebietsstands" in i.value]
    assert "16056 → 16063 (Gebietsreform 2021): Wartburgkreis" in note.replace("\\", "")
    assert not at.warning or all("16056" not in w.value for w in at.warning)


def test_need_from_the_zensus_is_a_layer_a_denominator_and_a_table():
    at = _run(kreis="05382", typ="familienhebamme", mass="migration")
    shares = _choropleth(at)["choropleth"]["values"]
    assert len(shares) == 19 and all(v.endswith(" %") for v in shares)
    (table,) = [f.value for f in at.dataframe if "Angebote je 10.000 unter 18" in f.value.columns]
    assert len(table) == 19
    column = "Anteil mit Migrationshintergrund (Zensus 2022), %"
    assert table[column].is_monotonic_decreasing  # the most in need first
    at.selectbox(key="p_measure").set_value("je10000").run()
    per_inhabitant = _choropleth(at)["choropleth"]["values"]
    at.selectbox(key="p_denominator").set_value("zensus:unter_18").run()
    assert not at.exception
    per_child = _choropleth(at)["choropleth"]["values"]
    # fewer children than inhabitants: more services per 10,000 of them
    numbers = [float(v.replace(".", "").replace(",", ".")) for v in per_child if v[0].isdigit()]
    before = [float(v.replace(".", "").replace(",", ".")) for v in per_inhabitant if v[0].isdigit()]
    assert sum(numbers) > sum(before)


def test_family_dates_per_kreis_name_the_kreise_without_any():
    at = _run(land="05")
    assert [e for e in at.expander if e.label.startswith("Termine für Familien")]
    assert at.get("vega_lite_chart"), "no chart of dates per Kreis"
    none = [w.value for w in at.warning if w.value.startswith("Ohne einen einzigen Termin")]
    # the sample holds dates in the two focus Kreise and some others, not in every Kreis
    assert none and "Rhein-Sieg-Kreis" not in none[0]


def test_dates_per_head_count_one_life_stage_a_month_and_a_planner_s_own_figure():
    every = dates_per_10000("05").table
    pregnant = dates_per_10000("05", stage="schwangerschaft").table
    assert (pregnant["termine"] <= every["termine"]).all()
    assert 0 < pregnant["termine"].sum() < every["termine"].sum()
    # a calendar month counts its own days only
    first, _ = next_days()
    month = first.replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    in_month = dates_per_10000("05", (following, following + timedelta(days=6))).table
    assert in_month["termine"].sum() < every["termine"].sum()
    # per 10,000 of the planner's own figure: a sixth of those under 18 gives six times
    under_3 = cache.need().figures["unter_18"] / 6
    own = dates_per_10000("05", denominator=under_3).table
    ratio = (own["je_10000"] / every["je_10000"]).dropna()
    assert len(ratio) > 30 and ratio.between(5.99, 6.01).all()
    # a Kreis is compared with the Kreise of its Land
    assert list(dates_per_10000("05382").table.index) == list(every.index)


def test_a_coordinator_sees_the_networks_of_the_kreis_what_is_missing_and_who_could_join():
    at = _run(kreis="05382")
    # Closed, the section costs nothing: no second map, no network list.
    assert [c.proto.id.rsplit("-", 1)[1] for c in at.get("component_instance")] == ["planung"]
    at.session_state[KEY_OPEN] = True  # a click on the expander
    at.run()
    choice = at.selectbox(key="p_network")
    assert choice.options == [
        "Netzwerk Frühe Hilfen Rhein-Sieg-Kreis – Region Nord (Muster)",
        "Netzwerk Frühe Hilfen Rhein-Sieg-Kreis – Region Süd (Muster)",
    ]
    # The sample leaves one profession out of each network: it is named.
    (missing,) = [w for w in at.warning if w.value.startswith("Es fehlt: ")]
    (professions,) = [d.value for d in at.dataframe if "Berufsgruppe" in d.value.columns][:1]
    assert list(professions.columns) == ["Bereich", "Berufsgruppe", "Mitglieder"]
    gaps = professions[professions["Mitglieder"] == 0]["Berufsgruppe"].tolist()
    assert gaps and all(gap in missing.value for gap in gaps)
    assert any("Mitglieder heute" in m.value for m in at.markdown)
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels[-2:] == ["Mitgliederliste drucken (PDF)", "Mitgliederliste (CSV)"]
    choice.set_value("netzwerk-05382-sued").run()
    assert any("Mitglieder heute" in m.value for m in at.markdown)
    # The map: the area outlined, every member a marker, every candidate a ring.
    view = map_args(at, "netzwerk_karte")["view"]
    assert view["layers"][-1]["outline"]["color"] == NETWORK_COLOR
    members = next(m.value for m in at.markdown if "Mitglieder heute" in m.value)
    assert sum(count for _, count in view["legend"]) == int(members.strip("*").split()[0])
    near = next(m.value for m in at.markdown if "mögliche Partner" in m.value)
    assert len(view["candidates"]) == int(near.strip("*").split()[0].replace(".", ""))
    table = next(d.value for d in at.dataframe if "Lage" in d.value.columns)
    assert table["Lage"].iloc[0] == "im Gebiet"  # nearest first
    # Region Süd ends at the Sieg: 20 km beyond it hold more candidates than its area.
    at.slider(key="p_network_km").set_value(0).run()
    inside = len(map_args(at, "netzwerk_karte")["view"]["candidates"])
    assert set(next(d.value for d in at.dataframe if "Lage" in d.value.columns)["Lage"]) == {
        "im Gebiet"
    }
    at.slider(key="p_network_km").set_value(20).run()
    wider = map_args(at, "netzwerk_karte")["view"]["candidates"]
    assert len(wider) > inside
    assert all(pin[2].startswith("Möglicher Partner: ") for pin in wider)
