"""Time to the first map painted: the app's page against the same map as one file:// page.

    python -m bench.browser.first_map [--loads 7]

From navigation start to the first numbered marker visible (and one frame later), median of `--loads`
fresh browser contexts after a warm-up. Baseline: the same route and stage written by the app's own
`components.exports.standalone_map_html` (Leaflet and outlines inlined) opened from file:// in the same
browser; app and baseline loads are interleaved.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser

from bench.browser.common import (
    MAP_FRAME,
    START_QUERY,
    TIMEOUT_MS,
    Run,
    desktop_page,
    load_average,
    median,
    ms,
    parser,
    run,
    table,
)
from components.builders.assets import install_leaflet
from components.export.standalone import standalone_map_html
from components.schema.data import read_journey
from components.texts.en import Texts
from deploy.server import ROOT


@dataclass
class Load:
    wall: float  # ms: Python, before page.goto -> Playwright saw the first marker visible
    response_end: float  # ms from navigation start (page clock)
    dcl: float
    ws_open: float | None
    ws_first: float | None  # the first message from the server (the script run has begun)
    iframe: float | None
    frame_start: float | None  # the iframe document's own navigation start
    place: float
    painted: float


def measure_load(browser: Browser, url: str, in_iframe: bool, online: bool) -> Load:
    with desktop_page(browser, online) as page:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        root = page.frame_locator(MAP_FRAME) if in_iframe else page
        root.locator(".erm-place").first.wait_for(state="visible", timeout=TIMEOUT_MS)
        wall = (time.perf_counter() - start) * 1000
        main = page.evaluate("() => window.__ermMarks")
        nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
        target = page.main_frame
        if in_iframe:
            handle = page.query_selector(MAP_FRAME)
            frame = handle.content_frame() if handle else None
            if frame is None:
                raise RuntimeError("the map iframe has no frame")
            target = frame
        target.wait_for_function("() => window.__ermMarks && window.__ermMarks.painted", timeout=TIMEOUT_MS)
        inner = target.evaluate("() => window.__ermMarks")
        origin = main["origin"]

        def rel(marks: dict[str, float], key: str) -> float | None:
            return marks[key] - origin if key in marks else None

        return Load(
            wall=wall,
            response_end=nav["responseEnd"],
            dcl=main["dcl"] - origin,
            ws_open=rel(main, "wsOpen"),
            ws_first=rel(main, "wsFirst"),
            iframe=rel(main, "iframe"),
            frame_start=inner["origin"] - origin if in_iframe else None,
            place=inner["place"] - origin,
            painted=inner["painted"] - origin,
        )


def baseline_file(tmp: Path) -> Path:
    """The baseline page: the same route and stage as one standalone HTML file, Leaflet inlined."""
    loaded = read_journey(ROOT / "data")
    if loaded.journey is None:
        raise RuntimeError(f"the shipped data does not load: {loaded.problems}")
    route = loaded.journey.route("southern")
    if route is None:
        raise RuntimeError("no southern route in the shipped data")
    html = standalone_map_html(
        route, 1, Texts(), loaded.journey.stances, offline=True, leaflet_dir=install_leaflet(tmp / "static")
    )
    path = tmp / "baseline_map.html"
    path.write_text(html, encoding="utf-8")
    return path


def m3_section(apps: list[Load], bases: list[Load], loads: int, warm_ms: float) -> list[str]:
    def col(items: list[Load], attr: str) -> str:
        values = [getattr(x, attr) for x in items if getattr(x, attr) is not None]
        return ms(median(values)) if values else "n/a"

    attrs = [
        ("response_end", "HTML response end"),
        ("dcl", "DOMContentLoaded"),
        ("ws_open", "WebSocket open"),
        ("ws_first", "first message from the server"),
        ("frame_start", "map iframe attached (its document's navigation start)"),
        ("iframe", "main thread free again: observer sees the iframe"),
        ("place", "first marker in the DOM with a visible box"),
        ("painted", "**first marker painted** (+1 frame)"),
        ("wall", "Python wall clock: `page.goto` → Playwright sees the marker visible"),
    ]
    ratio_page = median([x.painted for x in apps]) / median([x.painted for x in bases])
    ratio_wall = median([x.wall for x in apps]) / median([x.wall for x in bases])
    return [
        f"## M3: time to first map painted (median of {loads} fresh contexts after 1 warm-up)",
        "",
        "From navigation start (page clock: `performance.timeOrigin`, marks taken by an init script in every "
        "frame) to each milestone; the last row is the wall clock from the `page.goto` call. Desktop 1280x900. "
        "App: `/?route=southern&stage=1&lang=en`, offline. Baseline: the same route and stage as "
        "`components.exports.standalone_map_html(..., offline=True)` (the app's own map builder, Leaflet and "
        "country outlines inlined) opened from a file:// URL. App and baseline loads are interleaved.",
        "",
        table(
            ["milestone (ms)", "app", "baseline (file://)"], [[lab, col(apps, a), col(bases, a)] for a, lab in attrs]
        ),
        "",
        f"**Ratio app / baseline: {ratio_page:.1f}x** (first marker painted, page clock); {ratio_wall:.1f}x by the "
        f"wall clock. Goal <= 1.3x: **{'met' if ratio_page <= 1.3 else 'not met'}**.",
        "",
        "Per load, app / baseline painted (ms): "
        + ", ".join(f"{a.painted:.0f} / {b.painted:.0f}" for a, b in zip(apps, bases, strict=True))
        + f". Cold first load after the server started (warm-up, not counted): {warm_ms:.0f} ms by the wall clock.",
        "",
    ]


def add_arguments(found: argparse.ArgumentParser) -> argparse.ArgumentParser:
    found.add_argument("--loads", type=int, default=7, help="measured loads after 1 warm-up (default 7)")
    return found


def measure(bench: Run, args: argparse.Namespace) -> list[str]:
    base_url = baseline_file(bench.tmp).as_uri()
    measure_load(bench.browser, base_url, False, bench.online)  # the baseline's warm-up
    apps: list[Load] = []
    bases: list[Load] = []
    for _ in range(args.loads):  # interleaved, so drift hits both alike
        apps.append(measure_load(bench.browser, bench.server.url + START_QUERY, True, bench.online))
        bases.append(measure_load(bench.browser, base_url, False, bench.online))
        print(f"  M3 app {apps[-1].painted:.0f} ms, baseline {bases[-1].painted:.0f} ms")
    return [*m3_section(apps, bases, args.loads, bench.warm_ms), f"Load average after M3: {load_average()}.", ""]


def main() -> int:
    args = add_arguments(parser((__doc__ or "").split("\n\n")[0])).parse_args()
    return run("Browser benchmark: time to first map", "python -m bench.browser.first_map", [measure], args)


if __name__ == "__main__":
    sys.exit(main())
