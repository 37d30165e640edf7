"""components.schema.context and components.builders.charts: the sourced figures behind the charts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.builders.charts import arrivals_chart, durations_chart, fees_chart, women_chart
from components.schema.context import build_context, read_context
from components.schema.data import read_journey
from components.texts.en import Texts
from tests.conftest import SHIPPED_DATA

ARRIVALS = "year,arrivals,women,figure,confidence,source,note\n"
WOMEN = "period,year,share_percent,confidence,source,note\n"
FEES = "year_from,year_to,usd_low,usd_high,covers,confidence,source,note\n"

BAD: list[tuple[str, str, str, int, str, str]] = [
    (
        "arrivals not a number",
        "arrivals.csv",
        ARRIVALS + "2009,many,,main,H,src,\n",
        2,
        "arrivals",
        "not a whole number",
    ),
    ("more women than arrivals", "arrivals.csv", ARRIVALS + "2019,10,20,main,H,src,\n", 2, "women", "more than"),
    ("unknown figure kind", "arrivals.csv", ARRIVALS + "2019,10,,best,H,src,\n", 2, "figure", "not one of"),
    ("no source", "arrivals.csv", ARRIVALS + "2019,10,,main,H,,\n", 2, "source", "empty"),
    ("bad confidence", "women_share.csv", WOMEN + "2019,2019,80,high,src,\n", 2, "confidence", "not one of"),
    ("share over 100", "women_share.csv", WOMEN + "2019,2019,180,H,src,\n", 2, "share_percent", "not a percentage"),
    ("low above high", "fees.csv", FEES + "2010,2010,9000,100,x,M,src,\n", 2, "usd_high", "below the low"),
    ("period backwards", "fees.csv", FEES + "2016,2010,1,2,x,M,src,\n", 2, "year_to", "ends (2010) before"),
    ("fee not a number", "fees.csv", FEES + "2016,2016,lots,2,x,M,src,\n", 2, "usd_low", "not a number"),
    ("no high fee", "fees.csv", FEES + "2016,2016,1,,x,M,src,\n", 2, "usd_high", "empty"),
    ("year before the series", "arrivals.csv", ARRIVALS + "1900,10,,main,H,src,\n", 2, "year", "out of range"),
    (
        "unknown share figure",
        "women_share.csv",
        WOMEN.replace("source", "figure,source") + "2019,2019,80,H,best,src,\n",
        2,
        "figure",
        "not one of",
    ),
]


def test_optional_cells_may_be_left_empty() -> None:
    """A fee "up to" an amount has no low end; a share without a figure column, or with it blank, is the main one."""
    context = build_context(
        {
            "fees.csv": (FEES + "2016,2016,,2,x,M,src https://example.org/s,\n").encode(),
            "women_share.csv": (
                WOMEN.replace("source", "figure,source") + "2019,2019,80,H,,src https://example.org/s,\n"
            ).encode(),
        }
    )
    assert context.problems == ()
    assert context.fees["usd_low"].isna().all()
    assert list(context.women["figure"]) == ["main"]
    plain = build_context({"women_share.csv": (WOMEN + "2019,2019,80,H,src https://example.org/s,\n").encode()})
    assert list(plain.women["figure"]) == ["main"]
    assert list(plain.women.columns[:4]) == ["period", "year", "share_percent", "figure"]


@pytest.mark.parametrize(("file", "text", "row", "column", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_context_rows(file: str, text: str, row: int, column: str, words: str) -> None:
    context = build_context({file: text.encode()})
    assert any((p.file, p.row, p.column) == (file, row, column) and words in p.message for p in context.problems), [
        str(p) for p in context.problems
    ]


def test_shipped_context_is_valid_and_keeps_conflicting_figures() -> None:
    context = read_context(SHIPPED_DATA)
    assert context.problems == ()
    per_year = context.arrivals.groupby("year").size()
    assert per_year[2009] == 3  # 2,914 official and two early tallies, all kept
    main = context.arrivals[context.arrivals["figure"] == "main"]
    assert main["year"].is_unique
    assert int(main.loc[main["year"] == 2009, "arrivals"].iloc[0]) == 2914
    assert (context.arrivals["source"].str.len() > 0).all()
    assert len(context.women) > 5
    assert len(context.fees) > 5


def test_missing_context_files_give_empty_tables(tmp_path: Path) -> None:
    context = read_context(tmp_path)
    assert context.arrivals.empty
    assert context.problems == ()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_charts_carry_every_figure_and_its_source(language: str) -> None:
    context = read_context(SHIPPED_DATA)
    texts = Texts(language)
    for chart, table in (
        (arrivals_chart, context.arrivals),
        (women_chart, context.women),
        (fees_chart, context.fees),
    ):
        spec = chart(table, texts).to_dict()
        values = next(iter(spec["datasets"].values()))
        assert len(values) == len(table.dropna(subset=["year_to"])) if "year_to" in table else len(table)
        tooltips = str(spec)
        assert "source" in tooltips
        assert texts("sources") in tooltips


def test_durations_chart_only_for_routes_with_durations() -> None:
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    southern, sea = journey.route("southern"), journey.route("sea")
    assert southern is not None
    assert sea is not None
    chart = durations_chart(southern, Texts())
    assert chart is not None
    rows = next(iter(chart.to_dict()["datasets"].values()))
    assert {row["days"] for row in rows} == {leg.duration_days for leg in southern.legs if leg.duration_days}
    assert durations_chart(sea, Texts()) is None


def test_arrivals_series_is_whole_and_adds_up_to_the_ministrys_total() -> None:
    """Every year 2000-2024 once as the main figure; with the years before, the end-2024 total 34,314."""
    arrivals = read_context(SHIPPED_DATA).arrivals
    main = arrivals[arrivals["figure"] == "main"]
    years = main["year"].tolist()
    assert sorted(y for y in years if y >= 2000) == list(range(2000, 2025))
    assert len(years) == len(set(years))  # no year twice as the main figure
    before = arrivals[(arrivals["figure"] == "up_to") | ((arrivals["figure"] == "main") & (arrivals["year"] < 2000))]
    assert before["arrivals"].tolist() == [947, 148]
    counted = pd.concat([before, main[main["year"] >= 2000]])
    assert int(counted["arrivals"].sum()) == 34_314


def test_a_total_of_many_years_is_not_drawn_as_one_year() -> None:
    arrivals = read_context(SHIPPED_DATA).arrivals
    spec = arrivals_chart(arrivals, Texts()).to_dict()
    drawn = {row["year"] for dataset in spec["datasets"].values() for row in dataset}
    assert 1998 not in drawn
    assert 1999 in drawn
