"""The PDF report of a region, from HTML and print CSS with WeasyPrint: title and
the picture of :func:`reports.render_png` (map, legend, key figures, chart) on the
first page; key figures, providers by type, programme layers, data notes and
sources as text on the second. DejaVu Sans is embedded from the app's own
files, so German characters come out right without fonts of the machine; every
text from data is HTML-escaped before it goes into the page."""

from __future__ import annotations

import base64
import html
import json

from reports.fonts import FONT_FAMILY, font_face_css
from reports.model import Report
from reports.slide import render_png
from reports.tables import section_html

#: The map picture: A4 landscape's printable area at 200 dpi is plenty for print.
_MAP_SIZE = (2000, 1100)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _css(labels: dict[str, str]) -> str:
    page = json.dumps(labels.get("page", "Seite"), ensure_ascii=False)
    of = json.dumps(f" {labels.get('of', 'von')} ", ensure_ascii=False)
    return f"""
{font_face_css()}
@page {{
  size: A4 landscape; margin: 14mm 14mm 18mm 14mm;
  @bottom-left {{ content: element(footer); }}
  @bottom-right {{ content: {page} " " counter(page) {of} counter(pages);
                   font: 8pt "{FONT_FAMILY}"; color: #546e7a; }}
}}
body {{ font-family: "{FONT_FAMILY}"; color: #263238; font-size: 10pt; }}
h1 {{ font-size: 20pt; margin: 0 0 2mm; }}
h2 {{ font-size: 13pt; margin: 5mm 0 2mm; }}
.caption {{ color: #546e7a; margin: 0 0 3mm; }}
.filters {{ font-size: 9pt; color: #546e7a; }}
.map {{ width: 100%; }}
.second {{ page-break-before: always; }}
.kpis {{ display: flex; gap: 6mm; margin: 2mm 0 4mm; }}
.kpi {{ flex: 1; border-top: 2pt solid #6a1b9a; padding-top: 2mm; }}
.kpi b {{ display: block; font-size: 18pt; }}
.kpi span {{ font-size: 9pt; color: #546e7a; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ text-align: left; padding: 1mm 2mm; border-bottom: 0.4pt solid #cfd8dc; }}
td.n, th.n {{ text-align: right; }}
.columns {{ display: flex; gap: 8mm; }}
.columns > div {{ flex: 1; }}
.chart svg {{ max-width: 100%; height: auto; }}
p.note {{ color: #546e7a; font-size: 8.5pt; }}
footer {{ position: running(footer); font-size: 7.5pt; color: #546e7a; }}
"""


def render_pdf(report: Report) -> bytes:
    """The report as a two-page A4 landscape PDF."""
    from weasyprint import HTML  # imported late: it loads system libraries (pango)

    png = render_png(report, _MAP_SIZE, dpi=100, header=False)
    picture = base64.b64encode(png).decode("ascii")
    labels = report.labels
    kpis = "".join(
        f'<div class="kpi"><b>{_e(k.value)}</b><span>{_e(k.label)}</span></div>'
        for k in report.kpis
    )
    types = "".join(f'<tr><td>{_e(a)}</td><td class="n">{_e(b)}</td></tr>' for a, b in report.table)
    programmes = "".join(
        f'<tr><td>{_e(a)}</td><td class="n">{_e(b)}</td></tr>' for a, b in report.programmes
    )
    notes = "".join(f"<li>{_e(note)}</li>" for note in report.notes)
    sections = "".join(section_html(section) for section in report.sections)
    sources = "".join(f"<li>{_e(line)}</li>" for line in report.sources)
    footer = _e(" · ".join([*report.sources[:1], report.stand]))
    document = f"""<!DOCTYPE html>
<html lang="{_e(report.lang)}" dir="{_e(report.direction)}"><head><meta charset="utf-8">
<title>{_e(report.title)}</title><style>{_css(labels)}</style></head><body>
<footer>{footer}</footer>
<h1>{_e(report.title)}</h1>
<p class="caption">{_e(report.caption)}</p>
<p class="filters">{_e(labels.get("filters", "Auswahl"))}: {_e(report.filters)}</p>
<img class="map" alt="{_e(labels.get("map", "Karte"))}" src="data:image/png;base64,{picture}">
<section class="second">
<h2>{_e(labels.get("kpis", "Kennzahlen"))}</h2>
<div class="kpis">{kpis}</div>
<div class="columns">
<div><h2>{_e(labels.get("table", "Angebote nach Art"))}</h2>
<table><tr><th>{_e(labels.get("type", "Angebotsart"))}</th>
<th class="n">{_e(labels.get("count", "Anzahl"))}</th></tr>{types}</table></div>
<div><h2>{_e(labels.get("programmes", "Programme"))}</h2>
<table><tr><th></th><th class="n">{_e(labels.get("gemeinden", "Gemeinden"))}</th></tr>
{programmes}</table>
<h2>{_e(labels.get("notes", "Hinweise zu den Daten"))}</h2><ul>{notes}</ul>
<h2>{_e(labels.get("sources", "Datenquellen"))}</h2><ul>{sources}<li>{_e(report.stand)}</li></ul>
</div></div>
{sections}
</section>
</body></html>"""
    return HTML(string=document).write_pdf()
