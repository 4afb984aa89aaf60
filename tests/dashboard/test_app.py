"""The app headless (AppTest): runs, reads the URL, shows exactly the filtered providers."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from clock import BERLIN
from dashboard.map.widget import COMPONENT_NAME
from dashboard.page.map import TABLE_PAGE_ROWS
from dashboard.web import assets
from geodata import land_and_kreis
from providers import SAMPLE_PATH, TYPE_INDEX, load_providers
from providers.geocoding import land_at
from tests.harness.caches import clear_caches

#: Each test may load other data: Streamlit's cached resources are cleared around it.
pytestmark = pytest.mark.usefixtures("fresh_caches")

APP = str(Path(__file__).parents[2] / "dashboard" / "main.py")
HEADER = "id,name,service_types,street,postcode,city,lat,lon,phone,email,website,languages"


def _run(query: dict | None = None, env_file: Path | None = None, monkeypatch=None) -> AppTest:
    if env_file is not None:
        monkeypatch.setenv("FAMILIENKARTE_PROVIDERS", str(env_file))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    assert component.proto.component_name == COMPONENT_NAME
    args = json.loads(component.proto.json_args)
    # The options travel as a cached file: read it as the map does.
    args["options_url"] = args["options"]
    args["options"] = json.loads(assets.asset_path(args["options"]).read_text(encoding="utf-8"))
    return args


def _layer_urls(args: dict) -> list[str]:
    return [layer["url"] for layer in args["view"]["layers"]]


def _providers_layer(at: AppTest) -> dict:
    """The providers of the view, as ``FK.providers`` gets them."""
    return _map_args(at)["view"]["providers"]


def _map_rows(at: AppTest) -> list[list]:
    """Marker rows sent with the view, all Kreise together."""
    return [row for _, rows in _providers_layer(at)["groups"] for row in rows]


def _details(at: AppTest) -> list[list]:
    """The popup details of every marker, read from the files the map would fetch."""
    layer = _providers_layer(at)
    found = []
    for kreis, rows in layer["groups"]:
        url = layer["details"].replace("{ags}", kreis)
        assert url.startswith(assets.URL_PREFIX)
        details = json.loads(assets.asset_path(url).read_text(encoding="utf-8"))
        found += [details[row[4]] for row in rows]
    return found


@pytest.fixture(scope="module")
def sample():
    # In the order of the store the app seeds from them (by id).
    return load_providers(SAMPLE_PATH).frame.sort_values("id", ignore_index=True)


def _counted(at: AppTest) -> int:
    """How many providers the map's symbols of all Germany count (one per Land)."""
    (lands, _) = _providers_layer(at)["aggregates"]
    return sum(count for _, count in lands["rows"])


def test_start_page_shows_all_germany_with_sample_notice(sample):
    at = _run()
    assert at.title[0].value == "Familienkarte · Deutschland"
    (notice,) = [info.value for info in at.info if "Echt und erfunden" in info.value]
    assert "Geburtskliniken" in notice and "Gesundheitsämter" in notice and "Bochum" in notice
    # The list comes a page at a time; the map and the key figures count all.
    assert len(at.dataframe[-1].value) == TABLE_PAGE_ROWS
    assert any(
        f"Zeilen 1–{TABLE_PAGE_ROWS} von {len(sample)}" in caption.value for caption in at.caption
    )
    assert _counted(at) == len(sample)  # more than a marker map can carry: counts per Land
    assert at.metric[0].value == f"{len(sample):n}"


def test_query_params_set_the_filters_and_table_equals_map(sample):
    at = _run({"kreis": "05382", "typ": ["familienhebamme", "kita"]})
    assert at.sidebar.selectbox[0].value == "05"
    assert at.sidebar.selectbox[1].value == "05382"
    expected = sample[
        (sample["kreis_ags"] == "05382")
        & sample["service_types"].map(lambda t: bool({"familienhebamme", "kita"} & set(t)))
    ]
    table = at.dataframe[-1].value
    assert sorted(table["Name"]) == sorted(expected["name"])
    rows = _map_rows(at)
    assert sorted(row[3] for row in rows) == sorted(expected["name"])
    assert {round(row[0], 4) for row in rows} == {round(lat, 4) for lat in expected["lat"]}


def test_choosing_a_kreis_updates_url_and_map():
    at = _run()
    assert at.sidebar.selectbox[1].disabled  # a Land comes first
    at.sidebar.selectbox[0].set_value("01").run()
    at.sidebar.selectbox[1].set_value("01058").run()
    assert _param(at, "kreis") == ["01058"]
    assert _param(at, "land") == ["01"]
    view = _map_args(at)["view"]
    assert view["key"] == "k01058"
    assert "Nachbarkreise" in [line[0] for line in view["lines"]]  # the legend follows
    assert at.title[0].value == "Familienkarte · Rendsburg-Eckernförde"
    at.sidebar.selectbox[2].set_value("01058135").run()
    assert _param(at, "gemeinde") == ["01058135"]
    details = _details(at)
    assert details and all(detail[2] == "Rendsburg" for detail in details)


def test_type_filter_keeps_the_base_map_and_boundaries(sample):
    at = _run({"kreis": "01058"})
    before = _map_args(at)
    at.sidebar.pills[1].set_value(["jugendamt"]).run()
    after = _map_args(at)
    assert _param(at, "typ") == ["jugendamt"]
    assert after["options_url"] == before["options_url"]  # the map is not rebuilt
    assert _layer_urls(after) == _layer_urls(before)
    assert {row[2][0] for row in _map_rows(at)} == {TYPE_INDEX["jugendamt"]}


def test_unknown_params_are_reported_and_ignored():
    at = _run({"kreis": "99999", "typ": "zahnarzt"})
    assert any("kreis=99999" in w.value and "typ=zahnarzt" in w.value for w in at.warning)
    assert at.title[0].value == "Familienkarte · Deutschland"


def test_empty_selection_explains_what_to_do():
    at = _run({"gemeinde": "01058001", "typ": "geburtsklinik"})
    assert any("Keine Angebote" in w.value for w in at.warning)
    assert _map_rows(at) == []


def test_reset_clears_all_filters():
    at = _run({"kreis": "05382", "typ": "kita"})
    at.sidebar.button[0].click().run()
    assert at.sidebar.selectbox[1].value is None
    assert dict(at.query_params) == {}


def test_hostile_provider_arrives_escaped(tmp_path, monkeypatch):
    path = tmp_path / "feindlich.csv"
    path.write_text(
        HEADER + "\n"
        'x1,<script>alert(1)</script>,kita,"<img src=x onerror=alert(2)>",53721,Siegburg,'
        "50.7997,7.2043,0221 4710 1,,javascript:alert(3),de\n"
        "x2,Muster,unbekannt,,53721,Siegburg,50.8,7.2,,,,\n",
        encoding="utf-8",
    )
    at = _run({"kreis": "05382"}, env_file=path, monkeypatch=monkeypatch)
    args = _map_args(at)
    everything = json.dumps(args, ensure_ascii=False)
    assert "<script>alert(1)</script>" not in everything
    assert "<img src=x" not in everything
    assert "javascript:alert" not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    ((street, _postcode, _city, _phone, website, *_),) = _details(at)
    assert street == "&lt;img src=x onerror=alert(2)&gt;"
    assert website == ""  # a javascript: link never becomes a link
    assert at.dataframe[-1].value["Name"].tolist() == ["<script>alert(1)</script>"]
    assert not any("Beispieldaten" in info.value for info in at.info)
    # The import's notes are for editors (Daten page, log), never on the families' map.
    assert not any("Hinweise beim Laden" in expander.label for expander in at.expander)


def test_map_loads_assets_only_from_the_app():
    args = _map_args(_run())
    links = args["links"]["js"] + args["links"]["css"]
    assert links and all(link.startswith("../") for link in links)
    assert args["options"]["tiles"] is None  # no tile server while the basemap is "none"
    assert "://" not in json.dumps(args)


def test_choosing_another_land_clears_kreis_and_gemeinde():
    at = _run({"gemeinde": "05382060"})
    assert at.sidebar.selectbox[2].value == "05382060"
    at.sidebar.selectbox[0].set_value("01").run()
    assert [box.value for box in at.sidebar.selectbox[:3]] == ["01", None, None]
    assert _param(at, "land") == ["01"]
    assert "kreis" not in at.query_params and "gemeinde" not in at.query_params
    assert at.title[0].value == "Familienkarte · Schleswig-Holstein"


def test_a_file_that_gives_nothing_leaves_the_sample_on_the_map_with_a_notice(
    tmp_path, monkeypatch, sample
):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(bytes(range(256)) * 20)
    at = _run(env_file=path, monkeypatch=monkeypatch)
    assert any("„kaputt.csv“ konnte nicht geladen werden" in w.value for w in at.warning)
    assert any("Echt und erfunden" in info.value for info in at.info)
    assert _counted(at) == len(sample)
    assert not any("beim Laden der Anbieterdatei" in e.label for e in at.expander)


def test_unknown_url_values_are_cut_and_shown_as_plain_text():
    at = _run({"kreis": "1" * 5_000, "typ": "**fett**"})
    (warning,) = [w for w in at.warning if "unbekannte Angaben" in w.value]
    assert len(warning.value) < 300 and "…" in warning.value
    assert r"\*\*fett\*\*" in warning.value  # Markdown shows it as typed


def test_csv_download_is_utf8_and_warns_before_windows_1252_loses_characters(tmp_path, monkeypatch):
    path = tmp_path / "welt.csv"
    path.write_text(
        HEADER + "\nx1,Przedszkole Łódź 👪,kita,,53721,Siegburg,50.7997,7.2043,,,,\n",
        encoding="utf-8",
    )
    at = _run(env_file=path, monkeypatch=monkeypatch)
    encoding = at.selectbox(key="f_encoding")
    assert encoding.value == "utf-8-sig"
    assert not any("Windows-1252 kennt nicht" in w.value for w in at.warning)
    encoding.set_value("cp1252").run()
    assert any("in Zeile 2 werden Zeichen" in w.value for w in at.warning)


def test_the_list_pages_through_every_provider(sample):
    at = _run()
    size = TABLE_PAGE_ROWS
    pages = -(-len(sample) // size)
    at.number_input(key="f_page").set_value(pages).run()
    last = at.dataframe[-1].value
    assert len(last) == len(sample) - (pages - 1) * size
    assert last["Name"].tolist() == sample["name"].tolist()[(pages - 1) * size :]
    # A narrower filter brings the list back to its first page.
    at.sidebar.selectbox[0].set_value("01").run()
    assert at.number_input(key="f_page").value == 1


def test_a_render_builds_no_download_file(monkeypatch):
    import dashboard.page.map

    calls = []
    real = dashboard.page.map.to_excel_csv
    monkeypatch.setattr(
        dashboard.page.map, "to_excel_csv", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    at = _run({"kreis": "05382"})
    at.sidebar.pills[1].set_value(["kita"]).run()
    assert calls == []  # generated only when someone clicks
    assert at.get("download_button")


@pytest.mark.slow
def test_fifty_thousand_providers_reach_the_map_as_counts_not_points(tmp_path, monkeypatch):
    from providers.sample import write_spread_sample

    path = tmp_path / "verteilt-50000.csv"
    write_spread_sample(path, 50_000)
    at = _run(env_file=path, monkeypatch=monkeypatch)
    layer = _providers_layer(at)
    assert layer["groups"] == []  # not one marker row
    laender, kreise = layer["aggregates"]
    assert len(laender["rows"]) <= 16 and len(kreise["rows"]) <= 402
    assert sum(count for _, count in laender["rows"]) == 50_000
    assert sum(count for _, count in kreise["rows"]) == 50_000
    # Where each Kreis' symbol goes comes from a file that never changes.
    areas = json.loads(assets.asset_path(kreise["areas"]).read_text(encoding="utf-8"))
    assert areas["05382"][2] == "Rhein-Sieg-Kreis"
    assert layer["points"].endswith("-{ags}.json")
    assert len(json.dumps(_map_args(at)["view"])) < 60_000
    # The key figures and the list still count every provider.
    assert at.metric[0].value == "50000"
    assert any("von 50000" in caption.value for caption in at.caption)


def test_lang_in_the_url_translates_the_page_and_stays_in_the_url():
    at = _run({"lang": "ar", "kreis": "05382", "typ": "jugendamt"})
    assert at.title[0].value.endswith("Rhein-Sieg-Kreis")
    assert at.sidebar.header[0].value == "عوامل التصفية"
    options = _map_args(at)["options"]
    assert options["lang"] == "ar" and options["dir"] == "rtl"
    assert options["label"] == "خريطة الخدمات"
    assert [t["label"] for t in options["types"]][6] == "مكتب رعاية الشباب (Jugendamt)"
    # The filter's own URL update keeps the language.
    assert _param(at, "lang") == ["ar"] and _param(at, "kreis") == ["05382"]


def test_an_unknown_lang_falls_back_to_german():
    at = _run({"lang": "xx"})
    assert at.sidebar.header[0].value == "Filter"
    assert _map_args(at)["options"]["lang"] == "de"


def test_the_language_switch_changes_language_and_url():
    at = _run({"kreis": "05382"})
    (switch,) = [box for box in at.selectbox if box.key == "ui_language_switch"]
    assert switch.value == "de"
    switch.set_value("uk").run()
    assert not at.exception
    assert at.sidebar.header[0].value == "Фільтри"
    assert _param(at, "lang") == ["uk"] and _param(at, "kreis") == ["05382"]


def test_programme_layers_hatch_their_gemeinden_with_legend_and_url(tmp_path, monkeypatch):
    path = tmp_path / "programme.csv"
    path.write_text(
        "ags;programm;jahr;hinweis\n"
        "05382056;Familienmanager;2021;<b>fett</b>\n"
        "05382056;Audit;2019;\n"
        "05382060;Bündnis;;\n"
        "05314000;Familienmanager;2020;\n"  # Bonn: outside the Kreis, not drawn there
        "12345678;Audit;;\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FAMILIENKARTE_PROGRAMME", str(path))
    at = _run({"kreis": "05382", "programm": ["familienmanager", "audit"]})
    view = _map_args(at)["view"]
    (overlay,) = [layer["overlay"] for layer in view["layers"] if "overlay" in layer]
    assert overlay["areas"] == [[0, 1]]  # Hennef: both programmes, hatched apart
    (tip,) = overlay["tips"]
    assert "seit 2021" in tip and "&lt;b&gt;fett&lt;/b&gt;" in tip and "<b>" not in tip
    legend = [line for line in view["lines"] if line[2:] == ["hatch"]]
    assert [line[0] for line in legend] == [
        "Familienmanager (zertifiziert): 1 Gemeinde",
        "Audit familiengerechte Kommune: 1 Gemeinde",
    ]
    assert _param(at, "programm") == ["familienmanager", "audit"]
    # The unknown AGS reaches the row report; the sources name the list.
    captions = " ".join(c.value for c in at.caption)
    assert "Programme: programme.csv" in captions
    assert any("12345678" in str(frame.value) for frame in at.dataframe)


def test_an_edit_in_another_process_reaches_the_map_on_the_next_view(postgres, monkeypatch):
    from dataclasses import replace as changed

    from store import Store, seed_store

    url = postgres.database()
    other = Store(url)  # another app process on the same database
    other.migrate()
    seed_store(other)
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", url)
    at = _run({"kreis": "05382"})
    first = next(r for r in other.records() if r.postcode.startswith("537"))
    assert first.name in json.dumps(_map_args(at), ensure_ascii=False)
    other.save(changed(first, name="Umbenannt im anderen Prozess"), "anna")
    other.retire(other.records()[-1].id, "anna")
    at.run()
    names = json.dumps(_map_args(at), ensure_ascii=False)
    assert "Umbenannt im anderen Prozess" in names and first.name not in names
    other.engine.dispose()


def test_an_unreachable_database_leaves_the_map_up_and_says_so_in_plain_words(
    monkeypatch, tmp_path
):

    from dashboard import cache

    monkeypatch.setenv(
        "FAMILIENKARTE_DATABASE_URL", "postgresql+psycopg://karte:geheim@127.0.0.1:1/familien"
    )
    monkeypatch.setenv("FAMILIENKARTE_CACHE", str(tmp_path / "cache"))
    clear_caches()
    cache._LAST_GOOD.clear()  # this process has seen no data of this database
    at = _run({"kreis": "05382"})
    warnings = " ".join(w.value for w in at.warning)
    assert "gerade nicht erreichbar" in warnings
    assert "127.0.0.1" not in warnings and "karte" not in warnings and "geheim" not in warnings
    assert "Beispieldaten" in warnings  # nothing kept of this database: says what it shows
    assert _map_rows(at)  # the providers are still on the map


def test_a_start_while_the_database_is_down_shows_the_last_data_kept_on_disk(
    postgres, tmp_path, monkeypatch
):

    from dashboard import cache
    from tests.harness.stores import own_provider, seeded_with_own

    url = postgres.database()
    monkeypatch.setenv("FAMILIENKARTE_DATABASE_URL", url)
    monkeypatch.setenv("FAMILIENKARTE_CACHE", str(tmp_path / "cache"))
    seeded_with_own(url, own_provider("nur-in-der-datenbank", "Familienzentrum aus der Datenbank"))
    clear_caches()
    cache._LAST_GOOD.clear()
    _run({"kreis": "05382"})
    assert cache._SNAPSHOT_IDLE.wait(120)  # written in the background
    assert cache.snapshot_path().is_file()
    # The database goes away; the app starts anew (nothing of the last run in memory).
    postgres.drop(url)
    clear_caches()
    cache._LAST_GOOD.clear()
    at = _run({"kreis": "05382"})
    warnings = " ".join(w.value for w in at.warning)
    assert "Die Angebote zeigen den Stand von heute" in warnings
    names = [row[3] for row in _map_rows(at)]
    assert "Familienzentrum aus der Datenbank" in names
    clear_caches()


def test_a_story_steps_and_ending_it_leaves_the_map_on_the_slides_view():
    """The presentation draws each slide's figures, steps through the story and, on
    "Beenden", hands the map the slide's view (the map reads its URL again)."""
    at = _run({"praesentation": "1", "geschichte": "fruehe-hilfen-nrw", "folie": "1"})
    first = at.get("html")
    assert any("fk-kpis" in element.proto.body for element in first)
    at.button(key="slide_next").click().run()
    assert not at.exception, at.exception
    assert _param(at, "folie") == ["2"]
    kreis_or_land = _param(at, "kreis") or _param(at, "land")
    types = _param(at, "typ")
    at.button(key="slide_exit").click().run()
    assert not at.exception, at.exception
    assert "praesentation" not in at.query_params and "titel" not in at.query_params
    # The map page shows the slide's region and types, from its own widgets.
    assert (_param(at, "kreis") or _param(at, "land")) == kreis_or_land
    assert _param(at, "typ") == types
    assert at.sidebar.selectbox[0].value == land_and_kreis(kreis_or_land[0])[0]


@pytest.mark.slow
def test_a_slide_of_dates_per_head_shows_the_most_and_the_fewest_and_names_those_without():
    from dashboard.export.figures import build_report, slide_figures
    from reports import StoryView, render_pdf

    at = _run({"praesentation": "1", "geschichte": "fruehe-hilfen-nrw", "folie": "4"})
    (chart,) = at.get("vega_lite_chart")
    spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
    assert "Termine je 10.000" in spec and "unter 18" in spec  # wrapped to the column
    figures = slide_figures(StoryView(region="05", chart="termine"))
    values = [bar.value for bar in figures.bars]
    assert len(values) == 6 and values == sorted(values, reverse=True)
    assert any(not float(v).is_integer() for v in values)  # rates, not counts
    assert figures.chart_note.startswith("Ohne einen einzigen Termin")
    assert any(line.startswith("Termine: Daten der Netzwerke") for line in figures.sources)
    notes = any(figures.chart_note in element.proto.body for element in at.get("html"))
    assert notes, "the slide on the screen does not name the Kreise without a date"
    pdf = PdfReader(io.BytesIO(render_pdf(build_report(StoryView(region="05", chart="termine")))))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Ohne einen einzigen Termin" in text and "Daten der Netzwerke" in text


def test_a_slide_of_networks_shows_the_rarest_professions_as_shares_with_the_figures():
    from dashboard.export.figures import build_report, slide_figures
    from reports import StoryView, render_pdf

    at = _run({"praesentation": "1", "geschichte": "fruehe-hilfen-nrw", "folie": "5"})
    assert not at.exception
    view = StoryView(region="05", chart="netzwerke")
    figures = slide_figures(view)
    values = [bar.value for bar in figures.bars]
    # The rarest first, as shares in % – never summed up into a rest bar.
    assert len(values) == 7 and values == sorted(values) and all(0 <= v <= 100 for v in values)
    assert "übrige" not in [bar.label for bar in figures.bars]
    # The sample leaves one profession out of each network: some share is below 100 %.
    assert values[0] < 100
    assert "Netzwerke Frühe Hilfen mit" in figures.chart_note and "je 10.000 unter 18" in (
        figures.chart_note
    )
    assert any(line.startswith("Netzwerke: Daten der Netzwerke") for line in figures.sources)
    pdf = PdfReader(io.BytesIO(render_pdf(build_report(view))))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Netzwerke Frühe Hilfen mit" in text
    # All Länder side by side, whichever the slide shows
    assert "Netzwerke Frühe Hilfen nach Ländern" in text
    assert "Nordrhein-Westfalen" in text and "Bayern" in text
    assert "Mitglieder je 10.000 unter 18" in text


# The place search above the map.


def test_a_link_with_a_place_shows_its_kreis_zoomed_to_the_place_and_marked():
    at = _run({"ort": "53721"})
    assert _param(at, "kreis") == ["05382"] and _param(at, "ort") == ["53721"]
    view = _map_args(at)["view"]
    lat, lon, label = view["place"]
    assert label == "PLZ 53721 (Siegburg), Rhein-Sieg-Kreis"
    (south, west), (north, east) = view["bounds"]
    assert south < lat < north and west < lon < east and north - south < 0.2
    assert any("ist auf der Karte markiert" in c.value for c in at.caption)
    # every provider of the Kreis is a marker, not a count per area
    assert len(_map_rows(at)) > 20


def test_a_place_typed_above_the_map_moves_the_map_there():
    at = _run()
    at.text_input(key="f_search").input("Hamburg Wilhelmsburg").run()
    assert _param(at, "ort") == ["Hamburg Wilhelmsburg"] and _param(at, "kreis") == ["02000"]
    assert _map_args(at)["view"]["place"][2].startswith("Wilhelmsburg, Hamburg")


def test_a_shared_name_above_the_map_is_asked_back_before_the_map_moves():
    at = _run()
    at.text_input(key="f_search").input("Frankfurt").run()
    assert _param(at, "kreis") == [] and _map_args(at)["view"]["place"] is None
    (choice,) = [r for r in at.radio if r.label == "Welcher Ort ist gemeint?"]
    choice.set_value(1).run()  # the second: Frankfurt (Oder)
    assert _param(at, "kreis") == ["12053"]
    assert _map_args(at)["view"]["place"][2].startswith("Frankfurt (Oder)")


def test_odd_input_above_the_map_says_what_to_type_and_leaves_the_map():
    at = _run({"kreis": "05382"})
    at.text_input(key="f_search").input("A-1010 Wien").run()
    assert any("keine deutsche Postleitzahl" in w.value for w in at.warning)
    assert _param(at, "kreis") == ["05382"] and _map_args(at)["view"]["place"] is None


def test_from_the_place_on_the_map_the_list_is_one_click_away():
    at = _run({"ort": "Siegburg"})
    at.button(key="map_to_list").click().run()
    assert at.title[0].value == "Hilfe in meiner Nähe"
    assert at.text_input[0].value == "Siegburg" and at.header[0].value.endswith("Rhein-Sieg-Kreis)")


def test_a_popup_names_the_provider_s_next_dates_for_families():
    at = _run({"kreis": "05382", "typ": "familienzentrum"})
    coming = [detail[12] for detail in _details(at) if detail[12]]
    assert coming, "no Familienzentrum of the sample has a date"
    now = datetime.now(BERLIN)
    for dates in coming:
        assert len(dates) <= 2
        starts = [datetime.fromisoformat(start) for _, start in dates]
        assert starts == sorted(starts) and all(
            start > now - timedelta(hours=3) for start in starts
        )
        assert all("(Muster)" in title for title, _ in dates)


def test_the_map_shows_only_providers_with_family_dates_this_week_when_asked():
    every = _map_rows(_run({"kreis": "05382"}))
    at = _run({"kreis": "05382", "termine": "woche"})
    this_week = _map_rows(at)
    assert 0 < len(this_week) < len(every)
    assert _param(at, "termine") == ["woche"]


def test_the_legend_lists_only_the_types_on_the_map_with_their_counts():
    view = _map_args(_run({"kreis": "05382", "typ": ["familienhebamme", "kita"]}))["view"]
    rows = [row for _, rows in view["providers"]["groups"] for row in rows]
    shown = sorted({row[2][0] for row in rows})
    assert [index for index, _ in view["legend"]] == shown
    assert sum(count for _, count in view["legend"]) == len(rows)
    assert set(shown) <= {TYPE_INDEX["familienhebamme"], TYPE_INDEX["kita"]}
    everything = _map_args(_run({"kreis": "05382"}))["view"]["legend"]
    assert len(everything) > len(view["legend"])


def test_a_house_of_several_types_is_drawn_in_the_colour_of_the_type_asked_for(
    tmp_path, monkeypatch
):
    path = tmp_path / "haus.csv"
    path.write_text(
        HEADER + "\nx1,Familienzentrum mit Kita,familienzentrum;kita,,53721,Siegburg,"
        "50.7997,7.2043,,,,\n",
        encoding="utf-8",
    )
    for wanted in ("kita", "familienzentrum"):
        view = _map_args(_run({"kreis": "05382", "typ": wanted}, path, monkeypatch))["view"]
        (row,) = [row for _, rows in view["providers"]["groups"] for row in rows]
        assert row[2][0] == TYPE_INDEX[wanted]  # the other type stays in the popup
        assert view["legend"] == [[TYPE_INDEX[wanted], 1]]


def test_this_week_shows_dates_at_their_own_place_as_pins_within_the_area():
    plain = _map_args(_run({"land": "05"}))["view"]
    assert plain["dates"] == []
    view = _map_args(_run({"land": "05", "termine": "woche"}))["view"]
    assert view["dates"], "no Eltern-Treff of the sample in NRW this week"
    for lat, lon, label in view["dates"]:
        assert land_at(lat, lon) == "05"
        title, when, place = label.split(" · ")
        assert title == "Eltern-Treff im Stadtteilzentrum (Muster)"
        assert when.startswith("Mi.") and when.endswith("15:00")
        assert place.startswith("Stadtteilzentrum (Muster), ")
    legend = [line for line in view["lines"] if line[2:] == ["date"]]
    assert legend == [[f"Termine an eigenem Ort, nächste 7 Tage: {len(view['dates'])}", "", "date"]]
