"""Select providers by service type and area."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd

from clock import STALE_AFTER_DAYS
from clock import today as clock_today


def provider_mask(
    providers: gpd.GeoDataFrame,
    types: Iterable[str] = (),
    land: str | None = None,
    kreis: str | None = None,
    gemeinde: str | None = None,
    real_only: bool = False,
) -> np.ndarray:
    """Which rows offer any of ``types`` inside the narrowest area given.

    Parameters are those of :func:`filter_providers`; returns one flag per row.
    """
    mask = np.ones(len(providers), dtype=bool)
    if real_only:
        mask &= ~providers["is_sample"].to_numpy(dtype=bool)
    wanted = set(types)
    if wanted:
        mask &= [bool(wanted.intersection(codes)) for codes in providers["service_types"]]
    for column, value in (("land_ags", land), ("kreis_ags", kreis), ("gemeinde_ags", gemeinde)):
        if value:
            mask &= (providers[column] == value).to_numpy(dtype=bool, na_value=False)
    return mask


def filter_providers(
    providers: gpd.GeoDataFrame,
    types: Iterable[str] = (),
    land: str | None = None,
    kreis: str | None = None,
    gemeinde: str | None = None,
    real_only: bool = False,
) -> gpd.GeoDataFrame:
    """Providers offering any of ``types`` inside the narrowest area given.

    Parameters
    ----------
    providers
        Frame from :func:`providers.load_providers` (with the area keys).
    types
        Service-type codes; empty means every type.
    land, kreis, gemeinde
        AGS of the area (2, 5 or 8 digits); ``None`` means no limit.
    real_only
        Leave out invented (sample) providers ("nur echte Daten").

    Returns
    -------
    GeoDataFrame
        The matching rows in their original order.
    """
    return providers[provider_mask(providers, types, land, kreis, gemeinde, real_only)]


def counts_by_area(providers: gpd.GeoDataFrame, level: str) -> pd.Series:
    """Number of providers per area of a level (``"land"``, ``"kreis"``, ``"gemeinde"``).

    Returns
    -------
    Series
        Counts indexed by AGS, sorted by AGS; areas without a provider are absent.
    """
    return providers[f"{level}_ags"].value_counts().sort_index()


def family_mask(
    providers: gpd.GeoDataFrame,
    language: str | None = None,
    life_stages: Iterable[str] = (),
    free_of_charge: bool = False,
    no_application: bool = False,
    barrier_free: bool = False,
) -> np.ndarray:
    """Which rows fit what a family asked for; every criterion left out lets all pass.

    Parameters
    ----------
    providers
        A provider frame.
    language
        A language code the service must speak (``"tr"``).
    life_stages
        Life-stage codes; a service fits if it serves any of them.
    free_of_charge, no_application, barrier_free
        Ask for services that state so (``True`` in the data; unknown does not fit).
    """
    mask = np.ones(len(providers), dtype=bool)
    if language:
        mask &= [language in codes for codes in providers["languages"]]
    wanted = set(life_stages)
    if wanted:
        mask &= [bool(wanted.intersection(codes)) for codes in providers["life_stages"]]
    for flag, asked in (
        ("free_of_charge", free_of_charge),
        ("no_application", no_application),
        ("barrier_free", barrier_free),
    ):
        if asked:
            mask &= providers[flag].fillna(False).to_numpy(dtype=bool)
    return mask


def is_stale(last_verified: object, today: date | None = None) -> bool:
    """Whether one record was last verified more than :data:`STALE_AFTER_DAYS` ago,
    or never."""
    if isinstance(last_verified, date) and not pd.isna(last_verified):
        # a date as the store gives it: no parsing (cards ask this once each)
        day = last_verified.date() if isinstance(last_verified, datetime) else last_verified
        return day < (today or clock_today()) - timedelta(days=STALE_AFTER_DAYS)
    verified = pd.to_datetime(last_verified, errors="coerce")
    if pd.isna(verified):
        return True
    limit = pd.Timestamp(today or clock_today()) - pd.Timedelta(days=STALE_AFTER_DAYS)
    return bool(verified < limit)


def stale_mask(frame: pd.DataFrame, today: date | None = None) -> pd.Series:
    """Which providers were last verified more than :data:`STALE_AFTER_DAYS` ago, or
    never."""
    today = today or clock_today()
    limit = pd.Timestamp(today) - pd.Timedelta(days=STALE_AFTER_DAYS)
    verified = pd.to_datetime(frame["last_verified"], errors="coerce")
    return (verified.isna() | (verified < limit)).rename("stale")


def freshness_by_kreis(
    frame: pd.DataFrame, region: str | None = None, today: date | None = None
) -> pd.DataFrame:
    """Per Kreis of a region (AGS; ``None``: all Germany), for a placed provider frame:
    ``kreis_ags``, ``entries``, ``verified`` (checked in the last
    :data:`STALE_AFTER_DAYS` days), ``by_provider`` (of those, by the provider itself
    through its link) and ``share`` (verified / entries), lowest share first – where a
    coordinator should send links."""
    from geodata import within

    columns = ["kreis_ags", "entries", "verified", "by_provider", "share"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    inside = frame[within(frame["kreis_ags"], region)] if region else frame
    fresh = ~stale_mask(inside, today)
    by = inside["verified_by"] if "verified_by" in inside else pd.Series("", index=inside.index)
    table = (
        pd.DataFrame(
            {
                "kreis_ags": inside["kreis_ags"].astype(str),
                "entries": 1,
                "verified": fresh.astype(int),
                "by_provider": (fresh & (by == "anbieter")).astype(int),
            }
        )
        .groupby("kreis_ags", as_index=False)
        .sum()
    )
    table["share"] = table["verified"] / table["entries"]
    return table.sort_values(["share", "kreis_ags"]).reset_index(drop=True)[columns]
