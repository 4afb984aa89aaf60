"""A network's area on the map: its Gemeinden (or its whole Kreis) tinted and outlined
in the network colour, with legend lines for the area and for the candidates."""

from __future__ import annotations

from dataclasses import replace

import geodata
from dashboard import cache
from dashboard.i18n.texts import number, t
from dashboard.map.boundary_layer import View
from dashboard.web import assets
from networks import Network

#: The colour of a network's area and of its candidate rings (apart from every type).
NETWORK_COLOR = "#4a148c"
_OUTLINE = {"color": NETWORK_COLOR, "weight": 4}


def with_network_area(view: View, network: Network, candidates: int) -> View:
    """``view`` (of the network's Kreis) with the network's area over it."""
    gemeinden = network.gemeinden
    if not gemeinden:
        frame = cache.boundaries("gemeinde")
        gemeinden = tuple(frame["ags"][geodata.within(frame["ags"], network.kreis_ags)])
    spec = {
        "url": assets.publish_json(geodata.gemeinde_layer(cache.boundary_set(), gemeinden)),
        "pane": "fkProgrammes",  # above the Kreis's white areas, whichever file comes first
        "fill": {"fillColor": NETWORK_COLOR, "fillOpacity": 0.16},
        "outline": _OUTLINE,
        "tooltip": True,
    }
    lines = [
        (t("networks_area_legend"), f"{_OUTLINE['weight']:g}px solid {NETWORK_COLOR}"),
        (t("networks_candidate_legend", count=number(candidates)), "", "candidate"),
    ]
    return replace(view, layers=[*view.layers, spec], lines=[*lines, *view.lines])
