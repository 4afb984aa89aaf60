"""A report as one picture: a slide (1920 × 1080) or a print page (A4 landscape,
300 dpi), drawn with matplotlib on the server – no browser, no online service.

Layout: title and caption on top, the map on the left with its legend, the key
figures and the bar chart on the right, sources and Stand in the footer. Sizes
are given for 1080 pixels of height and scaled, so the print page looks the same.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no screen on a server

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from reports.chart import MAX_BARS, bar_chart, chart_png  # noqa: E402
from reports.fonts import FONT_FAMILY  # noqa: E402
from reports.mapdraw import draw_map, legend_handles  # noqa: E402
from reports.model import Report  # noqa: E402

SLIDE = (1920, 1080)
#: A4 landscape at 300 dpi.
PRINT = (3508, 2480)
_INK = "#263238"
_MUTED = "#546e7a"


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def render_png(
    report: Report, size: tuple[int, int] = SLIDE, dpi: int = 100, header: bool = True
) -> bytes:
    """The report as a PNG of exactly ``size`` pixels; without ``header`` (title and
    caption) when the page around it says them already."""
    width, height = size
    unit = height / 1080  # one pixel of the 1080 design in this picture
    points = 72 / dpi * unit  # design pixels → font points

    def font(px: float) -> float:
        return px * points

    with plt.rc_context({"font.family": FONT_FAMILY}):
        figure = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
        figure.patch.set_facecolor("white")
        if header:
            figure.text(
                0.03, 0.955, report.title, fontsize=font(54), weight="bold", color=_INK, va="top"
            )
        if header and report.caption:
            figure.text(
                0.03,
                0.875,
                _wrapped(report.caption, 110),
                fontsize=font(28),
                color=_MUTED,
                va="top",
            )
        map_ax = figure.add_axes((0.02, 0.13, 0.44, 0.68))
        draw_map(map_ax, report, scale=unit * 1.4)
        if report.legend:
            handles = legend_handles(report.legend, scale=unit * 1.4)
            for handle in handles:
                handle.set_label(_wrapped(handle.get_label(), 24))
            figure.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(0.465, 0.82),
                fontsize=font(24 if len(handles) <= 12 else 20),
                frameon=False,
                labelspacing=0.35,
                handletextpad=0.5,
            )
        _kpis(figure, report, font)
        if report.bars:
            _chart(figure, report, unit)
        footer = _wrapped("  ·  ".join([*report.sources, report.stand]), 150)
        figure.text(0.03, 0.02, footer, fontsize=font(20), color=_MUTED, va="bottom")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        plt.close(figure)
    return buffer.getvalue()


def _kpis(figure, report: Report, font) -> None:
    for i, kpi in enumerate(report.kpis[:4]):
        column, row = i % 2, i // 2
        x = 0.66 + column * 0.17
        y = 0.82 - row * 0.2
        figure.text(x, y, kpi.value, fontsize=font(52), weight="bold", color=_INK, va="top")
        figure.text(x, y - 0.07, _wrapped(kpi.label, 22), fontsize=font(22), color=_MUTED, va="top")


def _chart(figure, report: Report, unit: float) -> None:
    top = 0.82 - 0.2 * ((min(len(report.kpis), 4) + 1) // 2)
    box = (0.65, 0.13, 0.33, max(0.15, top - 0.13))
    width_px = box[2] * figure.get_figwidth() * figure.dpi
    height_px = box[3] * figure.get_figheight() * figure.dpi
    rows = min(len(report.bars), MAX_BARS)
    # Laid out at design size (24 px text), then scaled to the picture.
    step = max(20, min(34, int(height_px / unit / (rows + 1.5))))
    chart = bar_chart(
        report.bars,
        report.chart_title,
        font_size=min(22, step - 6),
        width=int(width_px / unit * 0.42),
        height=step * rows,
        rest_label=report.labels.get("rest", "übrige"),
        lang=report.lang,
    )
    picture = mpimg.imread(io.BytesIO(chart_png(chart, scale=unit)), format="png")
    ax = figure.add_axes(box)
    ax.set_axis_off()
    ax.imshow(picture, interpolation="antialiased")
    ax.set_anchor("NW")
