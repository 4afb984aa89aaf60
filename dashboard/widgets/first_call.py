"""Where a family calls first: the way in of the network that serves its Gemeinde, or
the Kreis's coordination or Familientelefon, or the nearest one anywhere.

One answer for In meiner Nähe and the lean family pages; each draws it its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import cache
from networks import Network, ways_in
from places import Place, first_contact


@dataclass(frozen=True)
class FirstCall:
    """The first call for one Kreis of a place.

    Attributes
    ----------
    kreis, kreis_name
        The Kreis (``None`` when the place lies in none).
    ways
        Networks serving the place, those that share one way in together.
    contact
        Without a network: the provider row to call, or ``None`` when there is none.
    elsewhere_m
        The contact lies outside the Kreis, this far away.
    """

    kreis: str | None
    kreis_name: str | None
    ways: tuple[tuple[Network, ...], ...] = ()
    contact: pd.Series | None = None
    elsewhere_m: float | None = None

    @property
    def found(self) -> bool:
        return bool(self.ways) or self.contact is not None


def first_calls(place: Place) -> list[FirstCall]:
    """The first call for each Kreis of the place (several for a postcode that spans
    Kreise and no chosen Gemeinde)."""
    frame = cache.provider_data().frame
    answers = []
    for kreis in place.kreise or (None,):
        name = cache.area_name(kreis) if kreis else None
        # The network that serves the family's Gemeinde first (both if two do).
        networks = ways_in(cache.networks(), (place.ags, *place.gemeinden), kreis or "")
        if networks:
            shared: dict = {}
            for network in networks:
                shared.setdefault(network.way_in, []).append(network)
            ways = tuple(tuple(together) for together in shared.values())
            answers.append(FirstCall(kreis, name, ways=ways))
            continue
        contact = first_contact(frame, cache.provider_index(), place, kreis)
        if contact is None:
            answers.append(FirstCall(kreis, name))
            continue
        elsewhere = None if contact.in_kreis else contact.distance_m
        answers.append(
            FirstCall(kreis, name, contact=frame.iloc[contact.position], elsewhere_m=elsewhere)
        )
    return answers
