"""Fonts of every export: DejaVu Sans, shipped with matplotlib (a dependency of the
app), so exports need no font of the machine and no font service, and German
characters (ä, ö, ü, ß, „ “) come out right everywhere."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FAMILY = "DejaVu Sans"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


@cache
def register_chart_fonts() -> None:
    """Let the chart renderer (vl-convert) find DejaVu Sans (once per process)."""
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))


def font_face_css() -> str:
    """The ``@font-face`` rules of the PDFs (WeasyPrint reads the files from disk)."""
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{REGULAR.as_uri()}"); }}\n'
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: bold; '
        f'src: url("{BOLD.as_uri()}"); }}'
    )
