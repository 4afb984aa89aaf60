"""Bar charts (providers per type or per Kreis) with Altair, rendered offline to PNG
or SVG by ``vl-convert`` – no browser, no online service."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd
import vl_convert
from babel.numbers import get_decimal_symbol, get_group_symbol

from reports.fonts import FONT_FAMILY, register_chart_fonts
from reports.model import Bar

#: Bars shown at most; the rest are summed up in one bar (a chart stays readable).
MAX_BARS = 13


def _rows(bars: tuple[Bar, ...] | list[Bar], rest_label: str, most: int) -> pd.DataFrame:
    ordered = sorted(bars, key=lambda bar: -bar.value)
    if len(ordered) > most:
        rest = sum(bar.value for bar in ordered[most - 1 :])
        ordered = [*ordered[: most - 1], Bar(rest_label, rest, "#90a4ae")]
    return pd.DataFrame(
        {
            "label": [bar.label for bar in ordered],
            "value": [bar.value for bar in ordered],
            "color": [bar.color for bar in ordered],
        }
    )


def bar_chart(
    bars: tuple[Bar, ...] | list[Bar],
    title: str,
    font_size: int = 24,
    width: int = 640,
    height: int | None = None,
    rest_label: str = "übrige",
    max_bars: int = MAX_BARS,
    lang: str = "de",
    label_limit: int | None = None,
) -> alt.Chart:
    """A horizontal bar chart, largest first, values written at the bars (whole
    numbers as such, rates with one decimal).

    ``font_size`` is the smallest text in pixels (24 for the back of a room); beyond
    ``max_bars`` the smallest are summed up in one bar named ``rest_label``.
    Labels come from data: Vega renders them as text, never as markup. Numbers are
    written as ``lang`` writes them (in the browser and in the PNG alike); a long
    title wraps within ``width`` (and the labels' room). Labels wider than
    ``label_limit`` pixels (default: seven tenths of ``width``) end in an ellipsis.
    """
    rows = _rows(bars, rest_label, max_bars)
    step = int(font_size * 1.7)
    # Vega does not wrap titles: lines of about the characters that fit the width;
    # each line more gets its room (a view sized to fit counts the title in)
    lines = _title_lines(title, width + (label_limit or 0), font_size)
    height = (height or max(step, step * len(rows))) + (len(lines) - 1) * (font_size + 10)
    y = alt.Y(
        "label:N", sort=None, title=None, axis=alt.Axis(labelLimit=label_limit or int(width * 0.7))
    )
    base = alt.Chart(rows, title=alt.TitleParams(lines, anchor="start", fontSize=font_size + 4))
    bars_layer = base.mark_bar().encode(
        x=alt.X("value:Q", title=None, axis=None),
        y=y,
        color=alt.Color("color:N", scale=None),
    )
    counts = all(float(value).is_integer() for value in rows["value"])
    text = base.mark_text(align="left", dx=6, fontSize=font_size).encode(
        x="value:Q", y=y, text=alt.Text("value:Q", format=",d" if counts else ",.1f")
    )
    return (
        (bars_layer + text)
        .properties(width=width, height=height)
        .configure(font=FONT_FAMILY, locale={"number": _number_locale(lang)})
        .configure_axis(labelFontSize=font_size, labelColor="#263238", domain=False, ticks=False)
        .configure_view(stroke=None)
        .configure_title(color="#263238", fontSize=font_size + 4)
    )


def _title_lines(title: str, width: int, font_size: int = 24) -> list[str]:
    """A chart's title in the lines it takes within ``width`` pixels."""
    return textwrap.wrap(title, max(12, int(width / ((font_size + 4) * 0.55)))) or [""]


def _number_locale(lang: str) -> dict:
    """Vega's number locale for a language: its decimal and group marks."""
    return {
        "decimal": get_decimal_symbol(lang),
        "thousands": get_group_symbol(lang),
        "grouping": [3],
        "currency": ["", ""],
    }


def chart_png(chart: alt.Chart, scale: float = 1.0, locale: str = "de-DE") -> bytes:
    """The chart as PNG (``scale`` 2 for print), offline; numbers as ``locale`` writes them."""
    register_chart_fonts()
    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale, format_locale=locale)


def chart_svg(chart: alt.Chart, locale: str = "de-DE") -> str:
    """The chart as SVG (texts escaped by the renderer), offline."""
    register_chart_fonts()
    return vl_convert.vegalite_to_svg(chart.to_json(), format_locale=locale)
