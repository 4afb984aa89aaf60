"""One view of a story (:class:`reports.StoryView`) made concrete: its map view for
the web map, its key figures and chart, and the :class:`reports.Report` the exports
draw. Shared by the presentation, the stories and the exports, so a slide on the
screen and its PNG or PDF show the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

import clock
import planning
import providers
import reports
from dashboard import cache
from dashboard.i18n.event_wording import moment_label
from dashboard.i18n.texts import is_rtl, language, number, programme_label, t, type_label
from dashboard.map import choropleth
from dashboard.map.boundary_layer import View, build_view
from dashboard.map.programme_layer import programme_count, programme_list, with_programmes
from dashboard.map.provider_layer import (
    AGGREGATE_ABOVE,
    ProviderMarkers,
    drawn_as,
    provider_markers,
)
from dashboard.widgets.real_data import sample_text
from geodata import area_level, land_and_kreis, successor, within
from providers import SERVICE_TYPES, filter_providers, service_type

#: The measures' service types when a slide names none (its share needs one).
_ALL_TYPES = tuple(s.code for s in SERVICE_TYPES)


def region_name(region: str | None) -> str:
    """A region's name, or "Deutschland"."""
    return cache.area_name(region) or t("view_germany")


def vocabulary() -> reports.Vocabulary:
    """What stories may name: Länder and Kreise, service types, programmes."""
    regions = {*cache.boundaries("land").index, *cache.boundaries("kreis").index}
    return reports.Vocabulary(regions, set(_ALL_TYPES), set(planning.PROGRAMME_CODES), successor)


def shown_providers(view: reports.StoryView) -> pd.DataFrame:
    """The providers of the slide's types within its region."""
    land, kreis = land_and_kreis(view.region)
    return filter_providers(cache.provider_data().frame, view.types, land=land, kreis=kreis)


def _shading(view: reports.StoryView, web: View) -> choropleth.Shading | None:
    if not view.measure:
        return None
    service = view.types or _ALL_TYPES
    measures = choropleth.measures_by_area(service, view.n_km, None, area_level(view.region))
    return choropleth.shading(web, measures, view.measure, "natuerlich")


def map_view(
    view: reports.StoryView, shown: pd.DataFrame, counts: bool = True
) -> tuple[View, ProviderMarkers]:
    """The web map of a slide: boundaries, choropleth, programme hatching, and the
    ``shown`` providers (``counts=False``: always markers, e.g. for a file with no
    server behind it). A slide's types never change while it is shown: counts only
    when its own providers are too many for markers."""
    web = build_view(view.region)
    shades = _shading(view, web)
    if shades is not None:
        web = choropleth.shaded_view(web, shades)
    web = with_programmes(web, view.programmes, view.region)
    land, kreis = land_and_kreis(view.region)
    many = len(shown) > AGGREGATE_ABOVE
    return web, provider_markers(shown, view.types, land, kreis, counts and many)


def _types_text(view: reports.StoryView) -> str:
    if not view.types:
        return t("all_types")
    return ", ".join(type_label(code) for code in view.types)


def kpis(view: reports.StoryView, shown: pd.DataFrame) -> tuple[reports.Kpi, ...]:
    """Three or four key figures of the slide's region."""
    region = view.region
    gemeinden = cache.boundaries("gemeinde")
    in_region = int(within(gemeinden.index, region).sum())
    second = reports.Kpi(
        t("kpi_slide_familienmanager", total=number(in_region)),
        number(programme_list().count("familienmanager", region)),
    )
    if view.chart == "geburten":  # the slide of the clinics: its small ones instead
        small = birth_figures(region, view.n_km).clinics.clinics["small"].sum()
        second = reports.Kpi(
            t("births_small", threshold=number(planning.SMALL_CLINIC_BIRTHS)), number(int(small))
        )
    figures = [
        reports.Kpi(t("kpi_slide_providers", types=_types_text(view)), number(len(shown))),
        second,
    ]
    service = view.types or _ALL_TYPES
    coverage, _, _ = choropleth.coverage(service, view.n_km)
    share = planning.share_beyond(coverage, view.n_km, region)
    figures.append(
        reports.Kpi(
            t("kpi_share", n=view.n_km),
            t("no_figure") if share is None else f"{number(share * 100, 1)} %",
        )
    )
    inhabitants, _ = cache.population().total(region)
    figures.append(reports.Kpi(t("kpi_inhabitants"), number(inhabitants)))
    return tuple(figures)


#: Areas shown at each end of the chart of dates per head (most, fewest).
EVENT_BARS_EACH = 3


def _event_bars(view: reports.StoryView) -> tuple[str, tuple[reports.Bar, ...], str]:
    """Family dates per 10,000 under 18 in the areas with the most and the fewest,
    and the note naming the areas without a single date."""
    figure = dates_figure(view.region)
    ranked = figure.ranked
    if len(ranked) > 2 * EVENT_BARS_EACH:
        ranked = pd.concat([ranked.head(EVENT_BARS_EACH), ranked.tail(EVENT_BARS_EACH)])
    rows = tuple(
        reports.Bar(str(name), round(float(rate), 1), "#005a9c")
        for name, rate in zip(ranked["name"], ranked["je_10000"], strict=True)
    )
    title = t("chart_events_per_area", days=clock.FOUR_WEEKS_DAYS)
    without = figure.without
    note = (
        t("events_per_area_none", count=number(len(without)), names=", ".join(without))
        if without
        else ""
    )
    return title, rows, note


#: The type the births figures are about.
CLINIC = "geburtsklinik"


@dataclass(frozen=True)
class BirthFigures:
    """Geburtskliniken of a region: births per clinic (``clinics``) and the share of
    the inhabitants (``people``) and of the under-18s (``children``, Zensus 2022)
    whose Gemeinde lies farther than N km from the nearest clinic (straight line)."""

    clinics: planning.ClinicBirths
    people: float | None
    children: float | None


@cache.follows_providers
@st.cache_resource(show_spinner=False, max_entries=64)
def birth_figures(
    region: str | None, n_km: int, threshold: int = planning.SMALL_CLINIC_BIRTHS
) -> BirthFigures:
    """The figures of the Planung page's section and of the births slide (once per
    region, N, threshold and data version: a slide asks twice, a page on every rerun;
    treat as read-only)."""
    coverage, _, clinics = choropleth.coverage((CLINIC,), n_km)
    found = planning.clinic_births(clinics, cache.births(), threshold).in_region(region)
    under_18 = cache.need().figures["unter_18"]
    return BirthFigures(
        found,
        planning.share_beyond(coverage, n_km, region),
        planning.share_beyond(coverage, n_km, region, people=under_18),
    )


def percent(share: float | None) -> str:
    """A share as the UI writes it ("12,3 %"), or "keine Angabe"."""
    return t("no_figure") if share is None else f"{number(share * 100, 1)} %"


def _birth_bars(view: reports.StoryView) -> tuple[str, tuple[reports.Bar, ...], str]:
    """Births in the clinics per Land (all Germany) or Kreis, the most first, and the
    note with the small clinics and the shares beyond N km."""
    figures = birth_figures(view.region, view.n_km)
    level = "land" if view.region is None else "kreis"
    per_area = figures.clinics.by_area(level).sort_values("births", ascending=False)
    names = cache.boundaries(level)["name"]
    color = service_type(CLINIC).color
    rows = tuple(
        reports.Bar(str(names.get(ags, ags)), int(births), color)
        for ags, births in per_area["births"].items()
    )
    note = t(
        "births_slide_note_area",
        small=number(int(figures.clinics.clinics["small"].sum())),
        clinics=number(len(figures.clinics.clinics)),
        threshold=number(figures.clinics.threshold),
        n=view.n_km,
        people=percent(figures.people),
        children=percent(figures.children),
    )
    title = "chart_births_per_land" if level == "land" else "chart_births_per_kreis"
    return t(title), rows, note


def _network_bars(view: reports.StoryView) -> tuple[str, tuple[reports.Bar, ...], str]:
    """The professions the fewest networks of the region hold, as the share of its
    networks (%), and the note with networks, members and members per 10,000."""
    figures = networks_figure(view.region)
    rarest = figures.shares.head(reports.layout.BARS)  # no "rest" bar: shares do not add up
    rows = tuple(
        reports.Bar(type_label(code), round(float(share) * 100, 1), service_type(code).color)
        for code, share in rarest.items()
    )
    per = "–" if figures.per_10000 is None else number(figures.per_10000, 1)
    note = t(
        "networks_note",
        networks=number(figures.networks),
        members=number(figures.members),
        per=per,
    )
    return t("chart_networks"), rows, note


def _networks_by_land() -> reports.TableSection:
    """The Länder side by side: networks, members, members per 10,000 under 18, and the
    profession the fewest of their networks hold."""
    table = networks_by_land()
    names = cache.boundaries("land")["name"]
    return reports.TableSection(
        t("networks_by_land"),
        (
            t("report_land"),
            t("networks_count"),
            t("networks_members"),
            t("networks_per_10000"),
            t("networks_rarest"),
        ),
        tuple(
            (
                str(names.get(land, land)),
                number(row.networks),
                number(row.members),
                "–" if pd.isna(row.per_10000) else number(row.per_10000, 2),
                f"{type_label(row.rarest)} ({number(row.rarest_share * 100)} %)",
            )
            for land, row in table.iterrows()
        ),
        numeric=(1, 2, 3),
        note=t("networks_by_land_note"),
    )


def bars(view: reports.StoryView, shown: pd.DataFrame) -> tuple[str, tuple[reports.Bar, ...]]:
    """The chart's title and bars: providers per type, or per Kreis (per Gemeinde in
    a Kreis)."""
    if view.chart == "kreis":
        level = area_level(view.region)
        column = "gemeinde_ags" if level == "gemeinde" else "kreis_ags"
        names = cache.boundaries(level)["name"]
        counts = shown[column].value_counts()
        color = service_type(view.types[0]).color if len(view.types) == 1 else "#37474f"
        title = t("chart_per_gemeinde" if level == "gemeinde" else "chart_per_kreis")
        rows = tuple(
            reports.Bar(str(names.get(ags, ags)), int(count), color)
            for ags, count in counts.items()
        )
        return title, rows
    exploded = shown["service_types"].explode()
    counts = exploded.value_counts()
    wanted = view.types or _ALL_TYPES
    rows = tuple(
        reports.Bar(type_label(code), int(counts.get(code, 0)), service_type(code).color)
        for code in wanted
        if counts.get(code, 0)
    )
    return t("chart_per_type"), rows


def sources(measure: str | None = None, shown: pd.DataFrame | None = None) -> tuple[str, ...]:
    """One line per data source, with attribution (the Zensus where ``measure`` shows it;
    of the open provider sources those among ``shown``, all when not given)."""
    metadata = cache.boundary_metadata()
    loaded = cache.provider_data()
    listed = programme_list()
    population = cache.population()
    return (
        t("source_line_boundaries", attribution=metadata.attribution, edition=metadata.edition),
        t(
            "source_line_population",
            source=population.source,
            stand=pd.Timestamp(population.stand).strftime("%d.%m.%Y"),
        ),
        *providers_source(loaded, shown, compact=True),
        t("sources_programmes_sample")
        if listed.is_sample
        else t("sources_programmes_file", path=listed.source),
    ) + (_need_source() if measure in choropleth.NEED_MEASURES else ())


def _need_source() -> tuple[str]:
    need = cache.need()
    stand = pd.Timestamp(need.stand).strftime("%d.%m.%Y")
    return (t("source_line_need", source=need.source, stand=stand),)


def stand() -> str:
    """The Stand line of a slide or export."""
    return t("stand_line", date=clock.today().strftime("%d.%m.%Y"))


def filters_text(view: reports.StoryView) -> str:
    """What a slide shows, in words (noted in every export)."""
    parts = [region_name(view.region), _types_text(view)]
    if view.programmes:
        parts.append(", ".join(programme_label(code) for code in view.programmes))
    if view.measure:
        parts.append(f"{t(choropleth.MEASURES[view.measure][1])} (N = {view.n_km} km)")
    return " · ".join(parts)


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_frames(region: str | None) -> tuple[gpd.GeoDataFrame, gpd.GeoSeries]:
    if area_level(region) == "gemeinde":
        gemeinden = cache.boundaries("gemeinde")
        areas = gemeinden[within(gemeinden.index, region)]
        outline = cache.boundaries("kreis").loc[[region]].geometry
    else:
        kreise = cache.boundaries("kreis")
        areas = kreise[within(kreise.index, region)]
        laender = cache.boundaries("land")
        outline = laender[within(laender.index, region)].geometry
    return areas[["name", "geometry"]].copy(), outline


@dataclass(frozen=True)
class SlideFigures:
    """What a slide says in figures, computed once and shared by the slide on the
    screen and every export of it.

    Attributes
    ----------
    shown
        The providers of the slide's types in its region.
    kpis, chart_title, bars
        Key figures and the chart.
    chart_note
        A sentence under the chart (the areas without a date), or ``""``.
    sources, stand
        One line per data source, and the Stand line.
    """

    shown: pd.DataFrame
    kpis: tuple[reports.Kpi, ...]
    chart_title: str
    bars: tuple[reports.Bar, ...]
    sources: tuple[str, ...]
    stand: str
    chart_note: str = ""


def slide_figures(view: reports.StoryView) -> SlideFigures:
    """The figures of a slide (once per run: pass them on)."""
    shown = shown_providers(view)
    note = ""
    lines = sources(view.measure, shown)
    if view.chart == "termine":
        chart_title, chart_bars, note = _event_bars(view)
        lines += (t("events_per_area_source"),)
    elif view.chart == "netzwerke":
        chart_title, chart_bars, note = _network_bars(view)
        lines += (t("networks_source"),)
    elif view.chart == "geburten":
        chart_title, chart_bars, note = _birth_bars(view)  # G-BA named among the sources
    else:
        chart_title, chart_bars = bars(view, shown)
    return SlideFigures(shown, kpis(view, shown), chart_title, chart_bars, lines, stand(), note)


def build_report(view: reports.StoryView, figures: SlideFigures | None = None) -> reports.Report:
    """Everything an export of the slide draws (``figures``: made here if not given)."""
    figures = figures or slide_figures(view)
    areas, outline = _area_frames(view.region)
    areas = areas.copy()
    legend: list[reports.LegendEntry] = []
    web = View(areas=tuple(areas.index))
    shades = _shading(view, web)
    if shades is not None:
        areas["fill"] = shades.colors()
        legend += [reports.LegendEntry(label, color, "area") for label, color in shades.legend]
    else:
        areas["fill"] = "#ffffff"
    shown = figures.shown
    # Coloured and counted as on the map: by the type the filter asked for first.
    drawn = drawn_as(shown, view.types)
    points = pd.DataFrame(
        {
            "lat": shown["lat"].to_numpy(),
            "lon": shown["lon"].to_numpy(),
            "color": [SERVICE_TYPES[index].color for index in drawn],
        }
    )
    counts = drawn.value_counts()
    legend = [
        reports.LegendEntry(
            f"{type_label(SERVICE_TYPES[index].code)} {number(int(count))}",
            SERVICE_TYPES[index].color,
            "point",
        )
        for index, count in sorted(counts.items())
    ] + legend
    gemeinden = cache.boundaries("gemeinde")
    hatches = []
    for code in view.programmes:
        item = planning.programme(code)
        ags = programme_list().gemeinden(code, view.region)["ags"]
        hatches.append(
            reports.Hatch(
                programme_label(code),
                item.color,
                item.angle,
                gemeinden.loc[gemeinden.index.intersection(ags)].geometry,
            )
        )
        legend.append(
            reports.LegendEntry(programme_count(code, view.region), item.color, "hatch", item.angle)
        )
    type_rows = tuple(
        (
            type_label(s.code),
            number(int(shown["service_types"].map(lambda c, code=s.code: code in c).sum())),
        )
        for s in SERVICE_TYPES
        if not view.types or s.code in view.types
    )
    programme_rows = tuple(
        (programme_label(code), number(programme_list().count(code, view.region)))
        for code in planning.PROGRAMME_CODES
    )
    notes = []
    invented = sample_text(cache.provider_data().frame)
    if invented:
        notes.append(invented.replace("**", ""))  # Markdown on the page
    if programme_list().is_sample:
        notes.append(t("programmes_sample"))
    notes.append(t("report_note_distance"))
    if figures.chart_note:
        notes.append(figures.chart_note)
    return reports.Report(
        title=view.title or region_name(view.region),
        caption=view.caption,
        areas=areas,
        outline=outline,
        points=points,
        hatches=tuple(hatches),
        legend=tuple(legend),
        kpis=figures.kpis,
        bars=figures.bars,
        chart_title=figures.chart_title,
        chart_note=figures.chart_note,
        table=type_rows,
        programmes=programme_rows,
        sections=(_networks_by_land(),) if view.chart == "netzwerke" else (),
        notes=tuple(notes),
        sources=figures.sources,
        stand=figures.stand,
        filters=filters_text(view),
        labels={
            "kpis": t("report_kpis"),
            "table": t("report_table"),
            "type": t("report_type"),
            "count": t("report_count"),
            "programmes": t("programmes"),
            "gemeinden": t("report_gemeinden"),
            "notes": t("report_notes"),
            "sources": t("sources_title"),
            "filters": t("report_filters"),
            "map": t("report_map"),
            "rest": t("chart_rest"),
            "page": t("report_page"),
            "of": t("report_of"),
        },
        lang=language(),
        direction="rtl" if is_rtl(language()) else "ltr",
    )


def dates_figure(
    region: str | None,
    days: tuple[date, date] | None = None,
    stage: str | None = None,
    denominator: pd.Series | None = None,
) -> planning.DatesPerArea:
    """Family dates per 10,000 (see :func:`planning.dates_per_10000`) on this
    process's data: the Planung page and a slide's chart show the same numbers."""
    levels = {level: cache.boundaries(level) for level in ("land", "kreis")}
    under_18 = cache.need().figures["unter_18"]
    return planning.dates_per_10000(
        cache.event_data(), levels, under_18, region, days, stage, denominator
    )


def networks_figure(region: str | None) -> planning.NetworkFigures:
    """The networks of ``region`` in figures (see :func:`planning.network_figures`)."""
    return planning.network_figures(
        cache.networks(),
        cache.provider_data().frame,
        cache.need().figures["unter_18"],
        region,
        clock.today(),
    )


def networks_by_land() -> pd.DataFrame:
    """Every Land with networks side by side (see :func:`planning.figures_by_land`)."""
    return planning.figures_by_land(
        cache.networks(),
        cache.provider_data().frame,
        cache.need().figures["unter_18"],
        cache.boundaries("land").index,
        clock.today(),
    )


def providers_source(
    loaded: providers.ProviderData, shown: pd.DataFrame | None = None, compact: bool = False
) -> tuple[str, ...]:
    """Where the shown providers come from, for footers and exports: the sample, the
    default install's real and invented providers, the editors' store with its Stand,
    or the operator's file by name – never the database's host, port, name or user –
    then the attribution of each open source among them (among ``shown``, when given;
    ``compact``: all in one short line, for a slide's sources line)."""
    if loaded.is_sample:
        return (t("sources_providers_sample"),)
    rows = loaded.frame if shown is None else shown
    if loaded.stored_at is not None:
        store = "sources_providers_store_short" if compact else "sources_providers_store"
        first = t(store, when=moment_label(loaded.stored_at))
    elif loaded.source == providers.SAMPLE_PATH:
        first = t("sources_providers_embedded")
    else:
        first = t("sources_providers_file", path=loaded.source.name)
    if compact:  # one line: a slide has room for three
        named = providers.credits(rows["source"])
        return (first if named is None else f"{first} {t('sources_real_compact', credits=named)}",)
    return (first, *providers.attributions(rows["source"]))
