"""Tables for print: a titled table as HTML for the PDF report, and a document of
tables as a PDF of its own (e.g. a network's member list to hand round).

WeasyPrint lays them out with DejaVu Sans from the app's own files; every cell is
HTML-escaped, since cells come from data.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from reports.fonts import FONT_FAMILY, font_face_css


@dataclass(frozen=True)
class TableSection:
    """A table with a heading.

    Attributes
    ----------
    title
        Its heading.
    header
        Column names.
    rows
        Cells as text, one tuple per row.
    numeric
        Positions of the columns that hold figures (set right-aligned).
    whole
        Positions of the columns never broken over lines (phone numbers, dates).
    note
        One line under the table (e.g. what a figure is per).
    """

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    whole: tuple[int, ...] = ()
    note: str = ""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def section_html(section: TableSection) -> str:
    """The section as HTML (a heading, the table, its note)."""

    def cell(tag: str, position: int, text: str) -> str:
        kinds = [
            name
            for name, columns in (("n", section.numeric), ("w", section.whole))
            if position in columns
        ]
        kind = f' class="{" ".join(kinds)}"' if kinds else ""
        return f"<{tag}{kind}>{_e(text)}</{tag}>"

    head = "".join(cell("th", i, text) for i, text in enumerate(section.header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, text) for i, text in enumerate(row)) + "</tr>"
        for row in section.rows
    )
    note = f'<p class="note">{_e(section.note)}</p>' if section.note else ""
    return (
        f"<h2>{_e(section.title)}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{note}"
    )


def render_table_pdf(
    title: str,
    lines: tuple[str, ...],
    sections: tuple[TableSection, ...],
    footer: str,
    lang: str = "de",
    direction: str = "ltr",
    page_words: tuple[str, str] = ("Seite", "von"),
) -> bytes:
    """An A4 portrait PDF: the title, lines under it (contacts, area, what is
    missing), the tables, and ``footer`` (sources, Stand) with page numbers on every
    page; a table's header row repeats on each page it runs over."""
    from weasyprint import HTML  # imported late: it loads system libraries (pango)

    page = json.dumps(page_words[0], ensure_ascii=False)
    of = json.dumps(f" {page_words[1]} ", ensure_ascii=False)
    css = f"""
{font_face_css()}
@page {{
  size: A4; margin: 16mm 14mm 20mm 14mm;
  @bottom-left {{ content: element(footer); }}
  @bottom-right {{ content: {page} " " counter(page) {of} counter(pages);
                   font: 8pt "{FONT_FAMILY}"; color: #546e7a; }}
}}
body {{ font-family: "{FONT_FAMILY}"; color: #263238; font-size: 9.5pt; }}
h1 {{ font-size: 17pt; margin: 0 0 3mm; }}
h2 {{ font-size: 12pt; margin: 6mm 0 2mm; }}
p.line {{ margin: 0 0 1.2mm; }}
p.note {{ color: #546e7a; font-size: 8.5pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ text-align: start; padding: 1mm 1.5mm; border-bottom: 0.4pt solid #cfd8dc;
          vertical-align: top; }}
th {{ border-bottom: 1pt solid #546e7a; }}
td.n, th.n {{ text-align: end; }}
td.w {{ white-space: nowrap; }}
tr {{ page-break-inside: avoid; }}
footer {{ position: running(footer); font-size: 7.5pt; color: #546e7a; }}
"""
    said = "".join(f'<p class="line">{_e(line)}</p>' for line in lines)
    tables = "".join(section_html(section) for section in sections)
    document = f"""<!DOCTYPE html>
<html lang="{_e(lang)}" dir="{_e(direction)}"><head><meta charset="utf-8">
<title>{_e(title)}</title><style>{css}</style></head><body>
<footer>{_e(footer)}</footer>
<h1>{_e(title)}</h1>{said}{tables}
</body></html>"""
    return HTML(string=document).write_pdf()
