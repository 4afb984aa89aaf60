"""Exports drawn offline without Streamlit: PNG slide and print page, chart, PDF
report, standalone HTML; every text from data escaped; German characters kept."""

from __future__ import annotations

import html
import io
from dataclasses import replace

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader
from shapely.geometry import box

from reports import (
    PRINT,
    SLIDE,
    Bar,
    Hatch,
    Kpi,
    LegendEntry,
    Report,
    TableSection,
    WebMap,
    bar_chart,
    chart_png,
    chart_svg,
    render_pdf,
    render_png,
    render_table_pdf,
    standalone_html,
)
from reports.layout import slide_layout
from reports.slide import slide_figure

HOSTILE = "<script>alert('x')</script> Köln „Süd“"


@pytest.fixture(scope="module")
def report() -> Report:
    # Two squares near Bonn: one white, one shaded; one hatched; three providers.
    areas = gpd.GeoDataFrame(
        {"name": ["Nord", "Süd"], "fill": ["#ffffff", "#2c7fb8"]},
        geometry=[box(7.0, 50.8, 7.2, 51.0), box(7.0, 50.6, 7.2, 50.8)],
        crs="EPSG:4326",
    )
    return Report(
        title=HOSTILE,
        caption="Größe, Maß und Übersicht",
        areas=areas,
        outline=gpd.GeoSeries([box(7.0, 50.6, 7.2, 51.0)], crs="EPSG:4326"),
        points=pd.DataFrame(
            {"lat": [50.9, 50.7, 50.75], "lon": [7.1, 7.1, 7.15], "color": ["#d81b60"] * 3}
        ),
        hatches=(Hatch("Familienmanager", "#ad1457", 45, areas.geometry.iloc[:1]),),
        legend=(
            LegendEntry("Familienhebamme", "#d81b60"),
            LegendEntry("Familienmanager: 1 Gemeinde", "#ad1457", "hatch", 45),
        ),
        kpis=(Kpi("Angebote", "3"), Kpi("Anteil über 10 km", "12,5 %")),
        bars=(Bar("Familienhebamme", 3, "#d81b60"), Bar(HOSTILE, 1, "#1e88e5")),
        chart_title="Angebote je Art",
        table=(("Familienhebamme", "3"), (HOSTILE, "1")),
        programmes=(("Familienmanager (zertifiziert)", "1"),),
        notes=("Fiktive Beispieldaten",),
        sources=("Grenzen: © GeoBasis-DE / BKG (2016)", "Einwohner: Destatis, Stand 31.12.2011"),
        stand="Stand der Darstellung: 26.11.2026",
        filters="Rhein-Sieg-Kreis · Familienhebamme",
    )


def _image(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


@pytest.mark.parametrize(("size", "dpi"), [(SLIDE, 100), (PRINT, 300)])
def test_the_png_has_the_size_asked_for_and_shows_map_legend_and_figures(report, size, dpi):
    pixels = _image(render_png(report, size, dpi=dpi))
    height, width, _ = pixels.shape
    assert (width, height) == size
    # The map (left three quarters) shows the shaded area's blue …
    left = pixels[int(height * 0.1) : int(height * 0.75), : int(width * 0.7)]
    blue = np.all(np.abs(left - [0x2C, 0x7F, 0xB8]) < 12, axis=-1).mean()
    assert blue > 0.03
    # … the providers' colour, and the hatching's colour (map or legend).
    pink = np.all(np.abs(pixels - [0xD8, 0x1B, 0x60]) < 20, axis=-1).sum()
    hatch = np.all(np.abs(pixels - [0xAD, 0x14, 0x57]) < 20, axis=-1).sum()
    assert pink > 50 and hatch > 50
    # The legend strip along the bottom of the map is written …
    strip = pixels[int(height * 0.6) : int(height * 0.88), : int(width * 0.7)]
    assert (strip.sum(axis=-1) < 300).mean() > 0.003
    # … and so is the column of key figures beside the map.
    side = pixels[int(height * 0.08) : int(height * 0.4), int(width * 0.75) :]
    assert (side.sum(axis=-1) < 300).mean() > 0.01
    # The footer line (sources) is written.
    footer = pixels[int(height * 0.9) :, : int(width * 0.6)]
    assert (footer.sum(axis=-1) < 600).mean() > 0.002


@pytest.mark.parametrize(("size", "dpi"), [(SLIDE, 100), (PRINT, 300)])
def test_no_text_of_the_picture_is_smaller_than_24_pixels_of_a_slide(report, size, dpi):
    figure = slide_figure(
        replace(report, chart_note="Ohne Termin: " + ", ".join(["Kreis"] * 40)), size, dpi
    )
    try:
        texts = [*figure.texts, *(t for legend in figure.legends for t in legend.get_texts())]
        # Font points → pixels of the picture → pixels of a slide 1080 high.
        sizes = [t.get_fontsize() * dpi / 72 / (size[1] / 1080) for t in texts]
        assert len(texts) >= 10 and min(sizes) >= 24 - 0.01
        # Nothing is drawn beyond the bottom of the picture (a long note is cut).
        renderer = figure.canvas.get_renderer()
        assert min(t.get_window_extent(renderer).y0 for t in texts) >= 0
    finally:
        plt.close(figure)


@pytest.mark.parametrize(("lines", "caption"), [(1, False), (2, True), (3, True), (4, True)])
def test_the_map_takes_sixty_percent_of_a_slide_and_everything_fits(lines, caption):
    plan = slide_layout(lines, caption)
    assert plan.map_share >= 0.6
    assert plan.side_width >= 350
    assert plan.footer_top + lines * 30 <= 1080


def test_the_chart_renders_offline_with_labels_as_text_not_markup(report):
    chart = bar_chart(report.bars, "Angebote je Art", font_size=24)
    png = chart_png(chart)
    assert png.startswith(b"\x89PNG")
    svg = chart_svg(chart)
    assert "<script>alert" not in svg


def test_a_chart_of_rates_writes_one_decimal_and_counts_stay_whole():
    rates = bar_chart([Bar("Bonn", 12.34, "#005a9c"), Bar("Köln", 0.0, "#005a9c")], "Je 10.000")
    svg = chart_svg(rates)
    assert "12,3" in svg and "0,0" in svg
    counts = chart_svg(bar_chart([Bar("Kita", 12, "#005a9c")], "Angebote"))
    assert ">12<" in counts and "12,0" not in counts


def test_the_pdf_has_two_pages_with_title_figures_tables_and_sources(report):
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Köln „Süd“" in first and "Größe, Maß und Übersicht" in first
    assert "Rhein-Sieg-Kreis · Familienhebamme" in first
    assert "Angebote" in second and "12,5 %" in second
    assert "Familienmanager (zertifiziert)" in second
    assert "© GeoBasis-DE / BKG (2016)" in second and "Destatis" in second
    assert "Stand der Darstellung: 26.11.2026" in second
    # The hostile title is shown as text (escaped in the HTML, not run or dropped).
    assert "<script>alert('x')</script>" in first
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in name for name in fonts)


def test_the_standalone_page_inlines_everything_and_escapes_data(report):
    page = standalone_html(
        replace(
            report,
            title=HOSTILE,
            filters="Filter: Kita </script><script>alert(1)</script>",
            lang="ar",
            direction="rtl",
        ),
        WebMap(
            scripts=("window.FK = {create: function () {}, show: function () {}};",),
            styles=(".x { color: red }",),
            options={"lang": "de"},
            view={"layers": [{"url": "../../fk/b/a.json"}], "note": "</script><b>"},
            files={"../../fk/b/a.json": '{"names": ["</script>"]}'},
        ),
    )
    assert page.count("</script>") == 3  # data, runtime and start: none from data
    assert "<title>&lt;script&gt;" in page
    # The same sources and Stand as the PNG and PDF of the report, in its language.
    assert all(html.escape(line) in page for line in report.sources)
    assert html.escape(report.stand) in page
    assert '<html lang="ar" dir="rtl">' in page
    assert "connect-src 'none'" in page
    assert "http://" not in page and "https://" not in page


def test_a_member_list_prints_its_tables_over_pages_with_the_header_on_each():
    members = TableSection(
        "120 Mitglieder heute",
        ("Name", "Berufsgruppe", "Rolle"),
        tuple((f"{HOSTILE} {i}", "Familienhebamme", "Mitglied") for i in range(120)),
    )
    held = TableSection(
        "Berufsgruppen nach Bereich", ("Bereich", "Mitglieder"), (("Beratung", "3"),), (1,)
    )
    reader = PdfReader(
        io.BytesIO(
            render_table_pdf(
                "Netzwerk „Süd“",
                ("Rhein-Sieg-Kreis · Gebiet: Siegburg", "Es fehlt: Geburtsklinik"),
                (members, held),
                "Netzwerke: Daten der Netzwerke · Stand 04.12.2026",
            )
        )
    )
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3  # 120 rows do not fit one A4 page
    assert "Netzwerk „Süd“" in pages[0] and "Es fehlt: Geburtsklinik" in pages[0]
    assert all("Berufsgruppe" in page and "Stand 04.12.2026" in page for page in pages)
    assert f"Seite 1 von {len(pages)}" in pages[0]
    assert f"{HOSTILE} 119" in "".join(pages)  # as text, not markup
    assert "Beratung" in pages[-1]


def test_a_report_prints_its_further_tables_on_the_second_page(report):
    extra = TableSection("Netzwerke nach Ländern", ("Land", "Netzwerke"), ((HOSTILE, "7"),), (1,))
    reader = PdfReader(io.BytesIO(render_pdf(replace(report, sections=(extra,)))))
    second = reader.pages[-1].extract_text()
    assert "Netzwerke nach Ländern" in second and HOSTILE in second
