"""The map as one HTML file that opens from a USB stick with no network: Leaflet,
the app's map runtime, its styles, the options, the view and every data file the
view fetches are inlined; ``fetch`` is answered from the inlined files, so the
page asks no server at all. The filters at export time are noted on the page."""

from __future__ import annotations

import html
import json

from reports.model import Report, WebMap

#: The page may run its own inlined code and nothing else: no request leaves it.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'"
)


def _script_text(text: str) -> str:
    """Text safe inside ``<script>``: no ``</script`` or ``<!--`` can end it early."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def standalone_html(report: Report, web: WebMap) -> str:
    """One self-contained HTML page of the report's map: its title as heading, its
    filters, sources and Stand under it (the same data the PNG and PDF draw), and
    the interactive map ``web``."""
    title = report.title
    note = " · ".join(part for part in (report.filters, *report.sources, report.stand) if part)
    lang, direction = report.lang, report.direction
    data = json.dumps(
        {"options": web.options, "view": web.view, "files": web.files},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    style = "\n".join(web.styles)
    code = "\n;\n".join(web.scripts)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}" dir="{html.escape(direction)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{html.escape(title)}</title>
<style>{_script_text(style)}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: system-ui, sans-serif; color: #263238; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 10px 16px 6px; }}
header h1 {{ margin: 0; font-size: 22px; }}
header p {{ margin: 4px 0 0; font-size: 14px; color: #455a64; }}
#karte {{ flex: 1; min-height: 300px; }}
@media print {{ @page {{ size: A4 landscape; margin: 10mm; }} #karte {{ height: 160mm; }} }}
</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1><p id="hinweis">{html.escape(note)}</p></header>
<div id="karte" role="region" aria-label="{html.escape(title)}"></div>
<script type="application/json" id="fk-daten">{_script_text(data)}</script>
<script>{_script_text(code)}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("fk-daten").textContent);
  // Every file the map asks for is in this page: no request leaves it.
  window.fetch = function (url) {{
    var text = data.files[url];
    if (text === undefined) return Promise.reject(new Error("offline: " + url));
    return Promise.resolve({{
      ok: true, status: 200,
      json: function () {{ return Promise.resolve(JSON.parse(text)); }},
      text: function () {{ return Promise.resolve(text); }}
    }});
  }};
  var map = window.FK.create(document.getElementById("karte"), data.options);
  window.FK.show(map, data.view);
}})();
</script>
</body>
</html>
"""
