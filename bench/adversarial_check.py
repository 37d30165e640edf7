"""Hostile uploads against ordinary ones: the checker's time and memory on 5 MB files, side by side.

    python -m bench.adversarial_check [--repeats 3] [--out bench/results/adversarial_check.md]

Each case is a places.csv and a routes.csv of just under MAX_FILE_BYTES each, built in memory and checked by
`build_journey` on their bytes, as an upload is. The baseline is an ordinary data set of the same size (long-ish
real-looking rows, which the checker accepts); every hostile case fills its cells with what once made the checker
slow: runs of spaces and of separators in source cells, many sources that are not followable, near-books that
make a pattern give back, long words, doubled quotes, routes whose steps leave huge gaps. It reports the median
time, the ratio to the baseline (goal: at most 2 times and 3 s), the peak memory the check allocates (tracemalloc, in a
separate untimed run) and the problems listed and counted. Last, the pattern the sources were split with before,
`\\s*;\\s+`, on one cell of spaces, against today's split: the quadratic cost the attack used.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from components.schema.data import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    LoadResult,
    build_journey,
    problem_count,
    split_sources,
)

PLACES_HEADER = "place_id,name,country,lat,lon,kind,summary,source,name_ko"
ROUTES_HEADER = "route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source,duration_days,cost_usd"
BUDGET = MAX_FILE_BYTES - 20_000  # each file stays just under the upload limit
SOURCE = "Reuters 2019, “A journey out”, https://example.org/news/2019/journey-out-of-the-north"
BOOK = "Barbara Demick, Nothing to Envy: Ordinary Lives in North Korea (2009), ISBN 978-0-385-52390-5"
SUMMARY = (
    "A border town where people wait for a crossing, often for weeks, hidden by relatives or brokers; "
    "the river is narrow here and frozen in winter, and patrols have grown since 2012. "
)
GOAL_RATIO, GOAL_S = 2.0, 3.0
T = TypeVar("T")


def quoted(cell: str) -> str:
    """One CSV cell, quoted with its quotes doubled (every hostile cell is written this way)."""
    return '"' + cell.replace('"', '""') + '"'


def filled(header: str, rows: Iterator[str]) -> bytes:
    """The header and as many rows as fit in BUDGET bytes (and MAX_ROWS), as CSV bytes."""
    lines, size = [header], len(header) + 1
    for line in rows:
        size += len(line.encode()) + 1
        if size > BUDGET or len(lines) > MAX_ROWS:
            break
        lines.append(line)
    return ("\n".join(lines) + "\n").encode()


def ordinary() -> tuple[bytes, bytes]:
    """Valid data: places with a long summary and two sources; routes of 40 legs through them."""

    def places() -> Iterator[str]:
        for i in range(MAX_ROWS):
            lat, lon = 30 + (i % 2000) / 100, 100 + (i // 2000) / 10
            yield (
                f"p{i},Place number {i},CN,{lat:.2f},{lon:.2f},transit,{quoted(SUMMARY * 2)},"
                f"{quoted(f'{SOURCE}; {BOOK}')},장소 {i}"
            )

    def routes(count: int) -> Iterator[str]:
        for i in range(count - 1):
            route, step = i // 40, i % 40 + 1
            yield (
                f"r{route},Route {route},{step},p{i},p{i + 1},road,Stage {step} of route {route},3,"
                f"{quoted(SUMMARY * 2)},{quoted(f'{SOURCE}; {BOOK}')},2.5,1500"
            )

    places_csv = filled(PLACES_HEADER, places())
    return places_csv, filled(ROUTES_HEADER, routes(places_csv.count(b"\n") - 1))


def hostile(
    place_cells: Callable[[int], dict[str, str]], route_cells: Callable[[int], dict[str, str]]
) -> tuple[bytes, bytes]:
    """A data set whose cells are replaced, row by row, by the hostile ones the two functions give."""

    def rows(
        header: str, base: Callable[[int], dict[str, str]], cells: Callable[[int], dict[str, str]]
    ) -> Iterator[str]:
        for i in range(MAX_ROWS):
            row = base(i) | cells(i)
            yield ",".join(quoted(row.get(name, "")) for name in header.split(","))

    def place(i: int) -> dict[str, str]:
        cells = {"place_id": f"p{i}", "name": "P", "country": "CN", "lat": "30", "lon": "100", "kind": "transit"}
        return cells | {"summary": "A town.", "source": SOURCE}

    def leg(i: int) -> dict[str, str]:
        steps = {"route_id": f"r{i}", "route_name": "R", "step": "1", "from_place": "p0", "to_place": "p1"}
        return steps | {"mode": "road", "stage": "S", "risk_level": "3", "risks": "r", "source": SOURCE}

    return filled(PLACES_HEADER, rows(PLACES_HEADER, place, place_cells)), filled(
        ROUTES_HEADER, rows(ROUTES_HEADER, leg, route_cells)
    )


NEAR = MAX_TEXT_CHARS - 10  # hostile cells stay just within the limit: every rule runs on them
CASES: dict[str, Callable[[], tuple[bytes, bytes]]] = {
    "runs of spaces in sources": lambda: hostile(
        lambda i: {"source": "a" + " " * NEAR + "b"}, lambda i: {"source": "a" + " " * NEAR + ";"}
    ),
    "runs of separators in sources": lambda: hostile(
        lambda i: {"source": "; " * (NEAR // 2)}, lambda i: {"source": " ;" * (NEAR // 2)}
    ),
    "a thousand unfollowable sources a cell": lambda: hostile(
        lambda i: {"source": "x; " * (NEAR // 3)}, lambda i: {"source": "Atlas; " * (NEAR // 7)}
    ),
    "near-books and near-films": lambda: hostile(
        lambda i: {"source": "Author, " + "Title (" * (NEAR // 7)},
        lambda i: {"source": "Director, " + "Title, film, 19" * (NEAR // 15)},
    ),
    "long words in ids, numbers and codes": lambda: hostile(
        lambda i: {"place_id": f"p{i}" + "P" * NEAR, "lat": "9" * NEAR, "country": "K" * 900},
        lambda i: {"route_id": f"r{i}" + "_" * NEAR, "step": "1" * 4000, "cost_usd": "1e" + "9" * NEAR},
    ),
    "quotes and brackets": lambda: hostile(
        lambda i: {"summary": '"' * NEAR, "source": '("[' * (NEAR // 3), "name_ko": "'\"" * (NEAR // 2)},
        lambda i: {"risks": '"' * NEAR, "source": ")]}" * (NEAR // 3)},
    ),
    "cells over the limit": lambda: hostile(
        lambda i: {"source": "x" + " " * MAX_TEXT_CHARS + "x"}, lambda i: {"source": "; " * MAX_TEXT_CHARS}
    ),
    "steps far apart (a gap each)": lambda: hostile(
        lambda i: {"source": SOURCE}, lambda i: {"step": "10000", "source": SOURCE, "risks": SUMMARY * 20}
    ),
}


def timed(work: Callable[[], T], repeats: int) -> tuple[float, T]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mb(work: Callable[[], LoadResult]) -> float:
    """The most memory the check allocates at once, its input excluded (tracemalloc slows it: never timed)."""
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def old_split(text: str) -> tuple[str, ...]:
    """How sources were split before: `\\s*;\\s+` retries its `\\s*` from every space of a run."""
    return tuple(part.strip() for part in re.split(r"\s*;\s+", text) if part.strip())


def report(repeats: int) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    lines = [
        "# The checker on hostile 5 MB uploads, against an ordinary 5 MB upload",
        "",
        f"Generated by `python -m bench.adversarial_check --repeats {repeats}` on {datetime.now():%Y-%m-%d %H:%M}. "
        "Benchmark, not a test: nothing asserts on time; compare only within this file.",
        "",
        f"**Machine:** nproc {os.cpu_count()}, cpu {cpu}, python {platform.python_version()} "
        "(shared with other people's work: figures move by some 10 %).",
        "",
        "Each case: a places.csv and a routes.csv of just under 5,000,000 bytes (or 20,000 rows) each, checked by "
        "`build_journey` on "
        f"their bytes, as an upload is; time = median of {repeats}. Goal: ≤ {GOAL_RATIO:g}× the ordinary upload "
        f"and ≤ {GOAL_S:g} s. Peak MB = the most the check allocates at once (tracemalloc, a separate run).",
        "",
        "| case | MB (places + routes) | rows (places + routes) | time s | ÷ ordinary | goal | peak MB "
        "| problems listed | problems found |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    baseline_s = 0.0
    for name, build in {"ordinary (the baseline; valid)": ordinary, **CASES}.items():
        places, routes = build()
        assert max(len(places), len(routes)) <= MAX_FILE_BYTES, name
        seconds, result = timed(lambda p=places, r=routes: build_journey(p, r), repeats)
        if not baseline_s:
            assert result.ok, [str(p) for p in result.problems[:3]]
            baseline_s = seconds
        else:
            assert not result.ok, name
        ratio = seconds / baseline_s
        met = "met" if ratio <= GOAL_RATIO and seconds <= GOAL_S else "**missed**"
        rows = places.count(b"\n") + routes.count(b"\n") - 2  # a quoted newline would count: none here
        peak = peak_mb(lambda p=places, r=routes: build_journey(p, r))
        longest = max((len(p.message) for p in result.problems), default=0)
        found = problem_count(result.problems)
        lines.append(
            f"| {name} | {len(places) / 1e6:.2f} + {len(routes) / 1e6:.2f} | {rows:,} | {seconds:.2f} | {ratio:.2f}× | {met} | {peak:.0f} | "
            f"{len(result.problems)} (longest {longest} chars) | {found:,} |"
        )
        print(lines[-1], file=sys.stderr)
    lines += [
        "",
        "The pattern sources were split with before the fix, on one cell of spaces between two words, against "
        "today's split (the cell is longer than MAX_TEXT_CHARS, which the checker now refuses before splitting; "
        "the attack sent four cells of 60,000):",
        "",
        "| cell | before: `\\s*;\\s+` s | now: `split_sources` s | before ÷ now |",
        "|---|---:|---:|---:|",
    ]
    for spaces in (5_000, 20_000):
        cell = "a" + " " * spaces + "b"
        before, _ = timed(lambda c=cell: old_split(c), 1)
        now, _ = timed(lambda c=cell: split_sources(c), repeats)
        lines.append(f"| {spaces:,} spaces | {before:.3f} | {now:.6f} | {before / now:,.0f}× |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the report here (bench/results/adversarial_check.md)")
    args = parser.parse_args()
    text = report(args.repeats)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
