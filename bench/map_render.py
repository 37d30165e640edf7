"""What keeping rendered map output as text costs: one rerun's map, three ways, side by side in one process.

    python -m bench.map_render [--repeats 60] [--out bench/results/map_render.md]

Each rerun builds the story map of the Defector's route (build_base_map + build_highlight) and renders
it as st_folium does (components.ui.map_view). It is timed, median of `--repeats`, with branca's
`Element(text)`:
  - kept as text (components/builders/literal.py, what the app does);
  - compiled as a jinja2 template through a shared cache keyed on the text (what the app did until
    issue #19: the cache held data, and grew with every upload);
  - compiled every time (folium's and branca's own behaviour).
The first is the fix; the other two are the baselines. It also reports the memory kept after 50 reruns
whose stage titles are new each time, as 50 uploads would be.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gc
import importlib.metadata
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import branca.element
import jinja2

from bench.machine import describe
from components.builders import literal
from components.builders.assets import asset_links
from components.builders.route_map import build_base_map, build_highlight
from components.domain.journey import Route
from components.schema.data import DEFAULT_DATA_DIR, read_journey
from components.texts.en import Texts
from components.ui.map_view import render_base, render_feature_group

MODES: dict[str, Callable[[], object]] = {
    "kept as text (the app)": lambda: literal.Rendered,
    "compiled, shared cache keyed on text (before #19)": lambda: functools.lru_cache(maxsize=1024)(jinja2.Template),
    "compiled every time (folium and branca alone)": lambda: jinja2.Template,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    journey = read_journey(DEFAULT_DATA_DIR).journey
    assert journey is not None
    route = journey.route("southern")
    assert route is not None
    texts, assets = Texts(), asset_links()

    def rerun(shown: Route, step: int) -> None:
        render_base(build_base_map(shown, texts, assets, stances=journey.stances))
        render_feature_group(build_highlight(shown, step))

    install = literal.install
    literal.install = lambda: None  # each mode sets the compiler itself
    rows = []
    try:
        for mode, compiler in MODES.items():
            branca.element.Template = compiler()  # type: ignore[attr-defined,assignment]
            for step in range(1, 6):
                rerun(route, step)
            times = []
            for i in range(args.repeats):
                start = time.perf_counter()
                rerun(route, 1 + i % len(route.legs))
                times.append(time.perf_counter() - start)
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.take_snapshot()
            for i in range(50):
                legs = tuple(dataclasses.replace(leg, stage=f"{leg.stage} {i}") for leg in route.legs)
                rerun(dataclasses.replace(route, legs=legs), 1)
            gc.collect()
            kept = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before, "filename"))
            tracemalloc.stop()
            rows.append((mode, statistics.median(times) * 1000, kept / 1e6))
    finally:
        literal.install = install
        literal.install()
    base = rows[0][1]
    machine = describe()
    lines = [
        f"{machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}, "
        f"folium {importlib.metadata.version('folium')}, branca {importlib.metadata.version('branca')}",
        "",
        f"One rerun's story map (southern, build + render as st_folium does), median of {args.repeats}; "
        "memory kept after 50 reruns of new text.",
        "",
        "| branca's Element(text) | ms per rerun | vs. the app | MB kept after 50 new texts |",
        "|---|---:|---:|---:|",
        *(f"| {mode} | {ms:.2f} | {ms / base:.2f}× | {mb:.2f} |" for mode, ms, mb in rows),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
