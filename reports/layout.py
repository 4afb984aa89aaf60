"""Where things sit on a slide – one plan for the slide in the browser and for its
picture (PNG, PDF), so that both look alike.

The map takes the largest part: at least 60 % of a 1920 × 1080 slide, its legend a
strip along its bottom. Beside it a narrow column holds the key figures, the chart
and its note; title and caption are above, the sources below over the whole width.

Sizes are *design pixels* of a slide 1080 high. The browser shows them as CSS
pixels; a picture scales them to its own height (its width may differ: an A4 page
is narrower than a slide). No text is smaller than 24 design pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Height of a slide in design pixels.
HEIGHT = 1080
#: Left and right margin of the slide; the gap between map and column.
MARGIN = 24
GAP = 24
#: Top of the caption (the title row above it: title and the presenter's buttons).
TITLE_ROW = 66
#: Room of the one-line caption, gap included.
CAPTION_ROW = 43
#: Space between map and sources; below the sources.
FOOTER_GAP = 10
BOTTOM = 6
#: One line of 24 px text.
LINE = 30
#: The smallest text anywhere on a slide.
TEXT = 24
#: An average character of 24 px text, a little wide on purpose: an estimate must
#: not give fewer lines than the browser or the picture really need.
CHAR = 11.5
#: The share of the slide the map aims at (a little above the 60 % it must reach).
MAP_SHARE = 0.605
#: Bars of the chart beside the map (beyond them the smallest are summed up in one).
BARS = 7
#: The column beside the map is never narrower (figures and chart labels need it).
MIN_SIDE = 350


@dataclass(frozen=True)
class SlideLayout:
    """The boxes of one slide, in design pixels.

    Attributes
    ----------
    width
        Width of the slide (1920 for a slide, less for an A4 page).
    top
        Where map and column begin (below title and caption).
    map_width, map_height
        The map's box, legend strip included, at the left margin.
    side_width
        The column beside the map.
    footer_lines
        Lines of the sources below the map.
    """

    width: float
    top: int
    map_width: int
    map_height: int
    side_width: int
    footer_lines: int

    @property
    def side_left(self) -> int:
        """Left edge of the column beside the map."""
        return MARGIN + self.map_width + GAP

    @property
    def footer_top(self) -> int:
        """Top of the sources' first line."""
        return self.top + self.map_height + FOOTER_GAP

    @property
    def map_share(self) -> float:
        """The map's part of the slide's area."""
        return self.map_width * self.map_height / (self.width * HEIGHT)


def estimated_lines(text: str, width: float, char: float = CHAR) -> int:
    """How many lines of 24 px ``text`` take at ``width`` (an estimate a little high)."""
    return max(1, math.ceil(len(text) * char / width)) if text else 0


def slide_layout(
    footer_lines: int, caption: bool, header: bool = True, width: float = 1920
) -> SlideLayout:
    """The boxes of a slide whose sources take ``footer_lines`` lines.

    ``caption``: a caption line under the title; ``header``: title (and caption) are
    drawn at all (a PDF page says them in its own heading).
    """
    top = (TITLE_ROW + (CAPTION_ROW if caption else 0)) if header else MARGIN
    map_height = HEIGHT - top - FOOTER_GAP - LINE * footer_lines - BOTTOM
    inner = int(width - 2 * MARGIN - GAP)
    wanted = math.ceil(MAP_SHARE * width * HEIGHT / map_height)
    map_width = max(min(wanted, inner - MIN_SIDE), inner // 2)
    return SlideLayout(width, top, map_width, map_height, inner - map_width, footer_lines)
