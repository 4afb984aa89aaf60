"""A report as one picture: a slide (1920 × 1080) or a print page (A4 landscape,
300 dpi), drawn with matplotlib on the server – no browser, no online service.

The layout is the slide's in the browser (:mod:`reports.layout`): title and caption
on top, the map with a legend strip along its bottom on the left, the key figures,
the chart and its note in a column beside it, the sources in the footer. Sizes are
design pixels of a slide 1080 high, scaled to the picture, so the print page looks
the same; no text is smaller than 24 of them.
"""

from __future__ import annotations

import io

import altair as alt
import matplotlib

matplotlib.use("Agg")  # no screen on a server

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

from reports import layout  # noqa: E402
from reports.chart import bar_chart, chart_png  # noqa: E402
from reports.fonts import FONT_FAMILY  # noqa: E402
from reports.mapdraw import draw_map, legend_handles  # noqa: E402
from reports.model import Report  # noqa: E402

SLIDE = (1920, 1080)
#: A4 landscape at 300 dpi.
PRINT = (3508, 2480)
_INK = "#263238"
_MUTED = "#546e7a"
_NOTE = "#8a4b00"
#: Key figures, in design pixels.
_KPI = 44


class _Canvas:
    """A figure addressed in design pixels from the top left, with text measured as
    it will be drawn (for wrapping and the legend strip)."""

    def __init__(self, figure, width: float, unit: float, dpi: int) -> None:
        self.figure = figure
        self.width = width  # in design pixels
        self.unit = unit  # picture pixels per design pixel
        self.points = 72 / dpi * unit  # design pixels → font points
        # Marker sizes and line widths (in points) were chosen for a slide at 100 dpi.
        self.lines = 1.4 * unit * 100 / dpi
        self._renderer = figure.canvas.get_renderer()

    def box(self, left: float, top: float, width: float, height: float) -> tuple:
        """A figure-fraction box (left, bottom, width, height)."""
        return (
            left / self.width,
            1 - (top + height) / layout.HEIGHT,
            width / self.width,
            height / layout.HEIGHT,
        )

    def text_width(self, text: str, px: float, bold: bool = False) -> float:
        """Width of ``text`` at ``px`` design pixels, in design pixels."""
        font = FontProperties(
            family=FONT_FAMILY, size=px * self.points, weight="bold" if bold else "normal"
        )
        width, _, _ = self._renderer.get_text_width_height_descent(text, font, ismath=False)
        return width / self.unit

    def wrap(self, text: str, px: float, width: float) -> list[str]:
        """``text`` in lines no wider than ``width`` design pixels."""
        lines: list[str] = []
        for word in text.split():
            if lines and self.text_width(f"{lines[-1]} {word}", px) <= width:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines

    def write(self, left: float, top: float, text: str, px: float, **style) -> None:
        self.figure.text(
            left / self.width,
            1 - top / layout.HEIGHT,
            text,
            fontsize=px * self.points,
            va="top",
            linespacing=1.2,
            **style,
        )


def render_png(
    report: Report, size: tuple[int, int] = SLIDE, dpi: int = 100, header: bool = True
) -> bytes:
    """The report as a PNG of exactly ``size`` pixels; without ``header`` (title and
    caption) when the page around it says them already."""
    figure = slide_figure(report, size, dpi, header)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


def slide_figure(
    report: Report, size: tuple[int, int] = SLIDE, dpi: int = 100, header: bool = True
) -> Figure:
    """The matplotlib figure of :func:`render_png` (the caller closes it)."""
    width, height = size
    unit = height / layout.HEIGHT
    with plt.rc_context({"font.family": FONT_FAMILY}):
        figure = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
        figure.patch.set_facecolor("white")
        canvas = _Canvas(figure, width / unit, unit, dpi)
        inner = canvas.width - 2 * layout.MARGIN
        footer = canvas.wrap("  ·  ".join([*report.sources, report.stand]), layout.TEXT, inner)
        plan = layout.slide_layout(
            len(footer), bool(report.caption), header=header, width=canvas.width
        )
        if header:
            canvas.write(layout.MARGIN, 10, report.title, 44, weight="bold", color=_INK)
            if report.caption:
                canvas.write(layout.MARGIN, layout.TITLE_ROW, report.caption, 26, color=_MUTED)
        strip = _legend_strip(canvas, report, plan)
        map_ax = figure.add_axes(
            canvas.box(layout.MARGIN, plan.top, plan.map_width, plan.map_height - strip)
        )
        draw_map(map_ax, report, scale=canvas.lines)
        _side_column(canvas, report, plan)
        canvas.write(layout.MARGIN, plan.footer_top, "\n".join(footer), layout.TEXT, color=_MUTED)
    return figure


def _legend_strip(canvas: _Canvas, report: Report, plan: layout.SlideLayout) -> float:
    """The legend as rows of entries side by side along the bottom of the map box, as
    on the slide in the browser; returns its height in design pixels."""
    if not report.legend:
        return 0
    handles = legend_handles(report.legend, scale=canvas.lines)
    # An entry is its symbol (two font sizes), the label and a gap of one font size.
    widths = [canvas.text_width(h.get_label(), layout.TEXT) + 3 * layout.TEXT for h in handles]
    rows: list[list] = [[]]
    used = 0.0
    room = plan.map_width - 2 * layout.TEXT
    for handle, width in zip(handles, widths, strict=True):
        if rows[-1] and used + width > room:
            rows.append([])
            used = 0.0
        rows[-1].append(handle)
        used += width
    height = len(rows) * (layout.LINE + 4) + 8
    top = plan.top + plan.map_height - height
    for number, row in enumerate(rows):
        canvas.figure.legend(
            handles=row,
            ncol=len(row),
            loc="upper left",
            bbox_to_anchor=canvas.box(
                layout.MARGIN + layout.TEXT / 2, top + 4 + number * (layout.LINE + 4), 0, 0
            )[:2],
            fontsize=layout.TEXT * canvas.points,
            frameon=False,
            borderpad=0,
            borderaxespad=0,
            handlelength=1.2,
            handletextpad=0.4,
            columnspacing=1.0,
        )
    return height


def _side_column(canvas: _Canvas, report: Report, plan: layout.SlideLayout) -> None:
    """Key figures one below the other, then the chart and its note."""
    left, width = plan.side_left, plan.side_width
    y = float(plan.top)
    for kpi in report.kpis[:4]:
        y = _kpi(canvas, kpi, left, y, width) + 14
    bottom = plan.top + plan.map_height
    if report.bars:
        y = _chart(canvas, report, (left, y, width, bottom - y)) + 6
    if report.chart_note:
        # What the chart leaves out, in the room that is left (the whole of it is in
        # the notes of the PDF).
        note = canvas.wrap(report.chart_note, layout.TEXT, width)
        room = max(1, int((bottom - y) // layout.LINE))
        if len(note) > room:
            note = [*note[: room - 1], note[room - 1] + " …"]
        canvas.write(left, y, "\n".join(note), layout.TEXT, color=_NOTE)


def _kpi(canvas: _Canvas, kpi, left: float, top: float, width: float) -> float:
    """A key figure with what it counts beside it (below it when that would take more
    than two lines), as on the slide in the browser; returns its bottom."""
    tall = _KPI * 1.15
    beside = canvas.text_width(kpi.value, _KPI, bold=True) + 14
    lines = canvas.wrap(kpi.label, layout.TEXT, width - beside)
    fits = len(lines) <= 2 and all(
        canvas.text_width(line, layout.TEXT) <= width - beside for line in lines
    )
    if not fits:
        lines = canvas.wrap(kpi.label, layout.TEXT, width)
        canvas.write(left, top, kpi.value, _KPI, weight="bold", color=_INK)
        canvas.write(left, top + tall, "\n".join(lines), layout.TEXT, color=_MUTED)
        return top + tall + len(lines) * layout.LINE
    high = max(tall, len(lines) * layout.LINE)
    canvas.write(left, top + (high - tall) / 2, kpi.value, _KPI, weight="bold", color=_INK)
    text_top = top + (high - len(lines) * layout.LINE) / 2 + 3
    canvas.write(left + beside, text_top, "\n".join(lines), layout.TEXT, color=_MUTED)
    return top + high


def slide_chart(
    bars, title: str, width: float, rest_label: str = "übrige", lang: str = "de"
) -> alt.Chart:
    """The bar chart of the column beside the map, ``width`` design pixels wide with
    24 px text: the same on the slide in the browser and in its picture."""
    labels = int(width * 0.55)
    return bar_chart(
        bars,
        title,
        font_size=layout.TEXT,
        width=int(width - labels - 60),  # the numbers beside the bars need room
        rest_label=rest_label,
        max_bars=layout.BARS,
        lang=lang,
        label_limit=labels,
    )


def _chart(canvas: _Canvas, report: Report, box: tuple[float, float, float, float]) -> float:
    """The chart at the top of ``box``, drawn at design size and scaled to the
    picture, never shrunk. Returns its bottom."""
    left, top, width, _ = box
    rest = report.labels.get("rest", "übrige")
    chart = slide_chart(report.bars, report.chart_title, width, rest, report.lang)
    picture = mpimg.imread(io.BytesIO(chart_png(chart, scale=canvas.unit)), format="png")
    shown_height, shown_width = (side / canvas.unit for side in picture.shape[:2])
    ax = canvas.figure.add_axes(canvas.box(left, top, shown_width, shown_height))
    ax.set_axis_off()
    ax.imshow(picture, interpolation="antialiased")
    return top + shown_height
