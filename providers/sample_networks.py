"""Seeded generator of the embedded, fictional sample Netzwerke Frühe Hilfen.

Run ``uv run python -m providers.sample_networks`` to rewrite
``providers/data/sample_networks.json`` from the sample providers; the same seed
gives the same file. Every Kreis with a sample Netzwerkkoordination gets a network
of the sample providers of that Kreis, coordinated there, with its Familientelefon
as the way in for families; each leaves out one profession, so that a view has a
gap to name. The Rhein-Sieg-Kreis has two regional networks (north and south;
Siegburg, the Kreisstadt, belongs to both) and one Familientelefon that nine
partners run in turn. Names say "(Muster)", as for the providers.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from geodata import within
from networks.model import (
    EXPECTED_TYPES,
    Membership,
    Network,
    WayIn,
    network_from_record,
    network_record,
)

SAMPLE_NETWORKS_PATH = Path(__file__).parent / "data" / "sample_networks.json"
SEED = 20261204
SOURCE = "Beispieldaten (fiktiv, Familienkarte)"
#: The Kreis with two regional networks and a shared Familientelefon, its Kreisstadt.
SPLIT_KREIS = "05382"
KREISSTADT = "05382060"
_HOURS = "Mo–Fr 9–12 Uhr"
#: Never left out: without them there is no network.
_ALWAYS = {"jugendamt", "netzwerkkoordination"}


def build_sample_networks(
    providers: pd.DataFrame, gemeinden: pd.DataFrame, seed: int = SEED
) -> list[Network]:
    """The sample networks of ``providers`` (with ``kreis_ags`` and ``gemeinde_ags``);
    ``gemeinden``: the Gemeinden (AGS as index) with a ``lat`` column, for the regions."""
    networks: list[Network] = []
    coordinating = providers[providers["service_types"].map(lambda c: "netzwerkkoordination" in c)]
    for kreis, coordinations in coordinating.groupby("kreis_ags", sort=True):
        rng = random.Random(seed + int(kreis))
        here = providers[providers["kreis_ags"] == kreis]
        types = {code for codes in here["service_types"] for code in codes}
        gap = rng.choice(sorted(types & set(EXPECTED_TYPES) - _ALWAYS) or [""])
        coordination = coordinations.iloc[0]
        name = str(coordination["name"]).split(" – ")[0]
        way_in = WayIn(
            "Familientelefon", str(coordination["phone"]), _HOURS, str(coordination["email"])
        )
        coordinators = set(coordinations["id"])
        members = [
            Membership(
                str(pid),
                "koordination" if pid in coordinators else "mitglied",
                since=date(2016 + rng.randrange(9), rng.choice((1, 4, 7, 10)), 1),
            )
            for pid, codes in zip(here["id"], here["service_types"], strict=True)
            if gap not in codes and any(code in EXPECTED_TYPES for code in codes)
        ]
        if kreis != SPLIT_KREIS:
            networks.append(_network(f"netzwerk-{kreis}", name, str(kreis), (), way_in, members))
            continue
        networks += _regions(name, str(kreis), here, gemeinden, members, rng)
    return networks


def _regions(name, kreis, here, gemeinden, members, rng) -> list[Network]:
    """Two networks of a Kreis, north and south of its middle, the Kreisstadt in both;
    one Familientelefon run by nine of their members in turn."""
    own = gemeinden[within(gemeinden.index, kreis)]
    middle = own["lat"].median()
    north = tuple(sorted({*own.index[own["lat"] >= middle], KREISSTADT}))
    south = tuple(sorted({*own.index[own["lat"] < middle], KREISSTADT}))
    where = dict(zip(here["id"], here["gemeinde_ags"], strict=True))
    telephone = set(rng.sample(sorted(m.provider_id for m in members if m.role == "mitglied"), 9))
    members = [
        Membership(m.provider_id, "familientelefon", m.since) if m.provider_id in telephone else m
        for m in members
    ]
    coordinator = next(m for m in members if m.role == "koordination")
    phone = WayIn("Familientelefon Rhein-Sieg (Muster)", "02241 69690", _HOURS)
    return [
        _network(
            f"netzwerk-{kreis}-{part}",
            name.replace("(Muster)", f"{label} (Muster)"),
            kreis,
            area,
            phone,
            [m for m in members if m is coordinator or where.get(m.provider_id) in area],
        )
        for part, label, area in (("nord", "– Region Nord", north), ("sued", "– Region Süd", south))
    ]


def _network(key, name, kreis, area, way_in, members) -> Network:
    return Network(
        key,
        name,
        kreis,
        gemeinden=area,
        coordination=WayIn("Netzwerkkoordination", way_in.phone, "", way_in.email),
        way_in=way_in,
        memberships=tuple(members),
        source=SOURCE,
        last_verified=date(2026, 10, 1),
    )


def read_sample_networks(path: Path = SAMPLE_NETWORKS_PATH) -> list[Network]:
    """The sample networks of the shipped file."""
    return [network_from_record(values) for values in json.loads(path.read_text("utf-8"))]


def main() -> int:
    """Write the sample networks next to the sample providers."""
    from geodata import BoundarySet
    from providers.load import load_providers

    frame = load_providers().frame
    gemeinden = BoundarySet().frame("gemeinde")
    points = gemeinden.to_crs(25832).geometry.centroid.to_crs(4326)
    networks = build_sample_networks(frame, pd.DataFrame({"lat": points.y}, index=gemeinden.index))
    lines = (json.dumps(network_record(n), ensure_ascii=False) for n in networks)
    SAMPLE_NETWORKS_PATH.write_text("[\n" + ",\n".join(lines) + "\n]\n", "utf-8")
    print(f"{len(networks)} Beispielnetzwerke -> {SAMPLE_NETWORKS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
