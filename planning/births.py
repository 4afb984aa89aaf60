"""Geburtskliniken for planners: births per clinic and per Kreis as the G-BA
Qualitätsberichte give them – births *in* a Kreis's clinics, not births *of* its
residents (a mother from the next Kreis counts where she gave birth) – and the
clinics below a number of births a year that a planner chooses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from geodata import parents, within

#: Clinics with fewer births a year are highlighted unless the planner chooses otherwise.
SMALL_CLINIC_BIRTHS = 500


@dataclass(frozen=True)
class ClinicBirths:
    """Births per clinic.

    Attributes
    ----------
    clinics
        Indexed by provider id: ``name``, ``city``, ``kreis_ags``, ``births``
        (``Int64``; missing where the report withholds it or for a clinic not in the
        reports) and ``small`` (fewer than ``threshold`` births, known only).
    threshold
        The number of births below which a clinic counts as small.
    """

    clinics: pd.DataFrame
    threshold: int

    def in_region(self, region: str | None) -> ClinicBirths:
        """The clinics of a region (AGS; ``None``: all Germany)."""
        inside = within(self.clinics["kreis_ags"].fillna(""), region)
        return ClinicBirths(self.clinics[inside], self.threshold)

    def by_area(self, level: str = "kreis") -> pd.DataFrame:
        """Per Kreis (or Land) with a clinic: ``clinics``, ``births`` (the known ones,
        summed: births *in* its clinics), ``withheld`` (clinics without a figure) and
        ``small``."""
        keys = self.clinics["kreis_ags"]
        if level != "kreis":
            keys = parents(keys, level)
        grouped = self.clinics.groupby(keys.rename("ags"), sort=True)
        return pd.DataFrame(
            {
                "clinics": grouped.size(),
                "births": grouped["births"].sum(min_count=0).astype("int64"),
                "withheld": grouped["births"].apply(lambda b: int(b.isna().sum())),
                "small": grouped["small"].sum().astype("int64"),
            }
        )


def clinic_births(
    clinics: pd.DataFrame,
    births: Mapping[str, int | None],
    threshold: int = SMALL_CLINIC_BIRTHS,
) -> ClinicBirths:
    """Births of the given clinics (a provider frame of Geburtskliniken, with ``id``,
    ``name``, ``city`` and ``kreis_ags``) from the reports' figures by id."""
    figures = pd.array([births.get(key) for key in clinics["id"]], dtype="Int64")
    table = pd.DataFrame(
        {
            "name": clinics["name"].to_numpy(),
            "city": clinics["city"].to_numpy(),
            "kreis_ags": clinics["kreis_ags"].to_numpy(),
            "births": figures,
        },
        index=pd.Index(clinics["id"].to_numpy(), name="id"),
    )
    table["small"] = (table["births"] < threshold).fillna(False).astype(bool)
    return ClinicBirths(table, threshold)
