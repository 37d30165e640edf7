"""Altair charts of the context figures and of the stage durations (pure: returns chart objects).

Conflicting figures stay visible: the line follows the main figure of each year, and every other
figure is a separate, differently shaped point whose tooltip names its source.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.domain.journey import Route
from components.schema.context import localised
from components.texts.en import Texts

ChartLike = alt.LayerChart | alt.FacetChart | alt.Chart

INK = "#1f2937"
OTHER = "#b45309"


def arrivals_chart(arrivals: pd.DataFrame, texts: Texts) -> ChartLike:
    arrivals = arrivals[arrivals["figure"] != "up_to"]  # a total of many years is not one year's point
    data = arrivals.assign(
        figure_label=arrivals["figure"].map({"main": texts("chart_main"), "other": texts("chart_other")})
    )
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=texts("chart_year"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("arrivals:Q", title=texts("chart_arrivals")),
    )
    line = base.transform_filter(alt.datum.figure == "main").mark_line(color=INK)
    points = base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape("figure_label:N", title=texts("chart_figure")),
        color=alt.Color(
            "figure_label:N",
            scale=alt.Scale(domain=[texts("chart_main"), texts("chart_other")], range=[INK, OTHER]),
            title=texts("chart_figure"),
        ),
        tooltip=_tooltip(
            texts, [("year:O", "chart_year"), ("arrivals:Q", "chart_arrivals"), ("women:Q", "chart_women")]
        ),
    )
    return alt.layer(line, points).properties(height=300, title=texts("chart_arrivals_title"))


def women_chart(women: pd.DataFrame, texts: Texts) -> ChartLike:
    """The line follows the main yearly figures; averages, part-year and cumulative figures are separate points."""
    figure = women["figure"] if "figure" in women.columns else pd.Series("main", index=women.index)
    data = women.assign(cumulative=figure != "main")
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=texts("chart_year"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("share_percent:Q", title=texts("chart_share"), scale=alt.Scale(domain=[0, 100])),
    )
    line = base.transform_filter(~alt.datum.cumulative).mark_line(color=INK)
    points = base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape("cumulative:N", legend=None),
        color=alt.condition(alt.datum.cumulative, alt.value(OTHER), alt.value(INK)),
        tooltip=_tooltip(texts, [("period:N", "chart_period"), ("share_percent:Q", "chart_share")]),
    )
    return alt.layer(line, points).properties(height=300, title=texts("chart_women_title"))


def fees_chart(fees: pd.DataFrame, texts: Texts) -> ChartLike:
    dated = fees.dropna(subset=["year_to"]).copy()
    dated["year"] = dated["year_from"].fillna(dated["year_to"]).astype(float) / 2 + dated["year_to"].astype(float) / 2
    base = alt.Chart(dated).encode(
        x=alt.X("year:Q", title=texts("chart_year"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    )
    tooltip = _tooltip(texts, [("usd_low:Q", "chart_low"), ("usd_high:Q", "chart_high"), ("covers:N", "chart_covers")])
    scale = alt.Scale(type="log")
    ranges = (
        base.transform_filter("isValid(datum.usd_low)")
        .mark_rule(color=INK, strokeWidth=2)
        .encode(y=alt.Y("usd_low:Q", title=texts("chart_usd"), scale=scale), y2="usd_high:Q", tooltip=tooltip)
    )
    ends = base.mark_point(filled=True, size=60, color=OTHER).encode(
        y=alt.Y("usd_high:Q", scale=scale), tooltip=tooltip
    )
    starts = (
        base.transform_filter("isValid(datum.usd_low)")
        .mark_point(filled=True, size=60, color=INK)
        .encode(y=alt.Y("usd_low:Q", scale=scale), tooltip=tooltip)
    )
    return alt.layer(ranges, starts, ends).properties(height=300, title=texts("chart_fees_title"))


def durations_spec(route: Route, texts: Texts) -> dict[str, object] | None:
    """durations_chart as a spec. Not cached here: a visitor's own route must not outlive their session
    (components.ui.loading caches the shipped data's, by the data's key)."""
    rows = _durations_rows(route, texts)
    return spec(_durations_chart(rows, texts.language)) if rows else None


def _durations_rows(route: Route, texts: Texts) -> tuple[tuple[int, str, float, str], ...]:
    return tuple(
        (
            leg.step,
            texts("stage_option", step=leg.step, stage=leg.text("stage", texts.language)),
            leg.duration_days,
            leg.text("duration_note", texts.language),
        )
        for leg in route.legs
        if leg.duration_days is not None
    )


def durations_chart(route: Route, texts: Texts) -> ChartLike | None:
    """The stages whose typical duration the data gives, in travel order; None when there is none."""
    rows = _durations_rows(route, texts)
    return _durations_chart(rows, texts.language) if rows else None


def _durations_chart(rows: tuple[tuple[int, str, float, str], ...], language: str) -> ChartLike:
    texts = Texts(language)
    frame = pd.DataFrame([{"step": r[0], "stage": r[1], "days": r[2], "note": r[3]} for r in rows])
    chart: ChartLike = (
        alt.Chart(frame)
        .mark_bar(color=INK)
        .encode(
            x=alt.X("days:Q", title=texts("chart_days")),
            y=alt.Y("stage:N", sort=alt.SortField("step"), title=None),
            tooltip=[
                alt.Tooltip("stage:N", title=texts("stage")),
                alt.Tooltip("days:Q", title=texts("chart_days")),
                alt.Tooltip("note:N", title=texts("duration")),
            ],
        )
        .properties(title=texts("chart_durations_title"))
    )
    return chart


def _tooltip(texts: Texts, fields: list[tuple[str, str]]) -> list[alt.Tooltip]:
    shared = [("confidence:N", "chart_confidence"), ("source:N", "sources"), ("note:N", "sources_differ")]
    return [alt.Tooltip(field, title=texts(key)) for field, key in [*fields, *shared]]


def spec(chart: ChartLike) -> dict[str, object]:
    """The Vega-Lite spec, without Altair's JSON-schema validation (the tests validate the same charts;
    per rerun it cost more than the rest of the page)."""
    result: dict[str, object] = chart.to_dict(validate=False)
    return result


def context_specs(
    arrivals: pd.DataFrame, women: pd.DataFrame, fees: pd.DataFrame, texts: Texts
) -> list[dict[str, object] | None]:
    """The three context charts as specs (None where the data folder has no file for one)."""
    return [
        None if table.empty else spec(build(localised(table, texts.language), texts))
        for table, build in ((arrivals, arrivals_chart), (women, women_chart), (fees, fees_chart))
    ]
