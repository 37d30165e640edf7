"""Map remounts per stage change: does "Next" keep the map's iframe, its window and its Leaflet map?

    python -m bench.browser.remounts [--steps 9]

A random token is planted on the map's iframe element, its window and its Leaflet map; it survives (or
not) `--steps` clicks on Next. Baseline, as the control: the same number of route switches, which do
replace the map (the base map is per route), proving the probe detects a remount. Goal: 0 remounts.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page

from bench.browser.common import (
    MAP_FRAME,
    NEXT_BUTTON,
    SIDEBAR,
    STEP_TIMEOUT_MS,
    MapProbe,
    Run,
    desktop_page,
    median,
    ms,
    open_app,
    open_picker,
    parser,
    run,
    table,
    wait_idle,
    wait_stage,
)


@dataclass
class RemountCount:
    changes: int = 0
    element_lost: int = 0
    window_lost: int = 0
    map_lost: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, probe: dict[str, bool], seconds: float) -> None:
        self.changes += 1
        self.element_lost += not probe["element"]
        self.window_lost += not probe["window"]
        self.map_lost += not probe["map"]
        self.seconds.append(seconds)

    @property
    def remounts(self) -> int:
        """Changes that replaced the iframe element or its window (either one loses the probe)."""
        return max(self.element_lost, self.window_lost)


def m2_next(page: Page, url: str, count: int, steps: int) -> RemountCount:
    open_app(page, url)
    result = RemountCount()
    probe = MapProbe(page)
    for step in range(2, steps + 2):
        start = time.perf_counter()
        page.locator(NEXT_BUTTON).click(timeout=STEP_TIMEOUT_MS)
        wait_stage(page, step, count)
        elapsed = time.perf_counter() - start
        wait_idle(page)
        result.add(probe.read(), elapsed)
    return result


def m2_route(page: Page, url: str, routes: list[Any], switches: int) -> RemountCount:
    open_app(page, url)
    result = RemountCount()
    probe = MapProbe(page)
    # southern -> mongolia -> sea -> vietnam -> southern ...: neighbours differ in stage and place counts, so
    # the wait below cannot be satisfied by the previous route's map.
    by_id = {r.route_id: r for r in routes}
    order = [by_id[i] for i in ("mongolia", "sea", "vietnam", "southern") if i in by_id]
    for i in range(switches):
        route = order[i % len(order)]
        open_picker(page, "route")
        option = page.locator(SIDEBAR).get_by_role("button", name=route.text("name", "en"), exact=True)
        option.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
        start = time.perf_counter()
        option.click(timeout=STEP_TIMEOUT_MS)
        wait_stage(page, 1, len(route.legs), places=len(route.places), legs=len(route.legs))
        page.frame_locator(MAP_FRAME).locator(".erm-place").first.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
        elapsed = time.perf_counter() - start
        wait_idle(page)
        result.add(probe.read(), elapsed)
    return result


def m2_section(m2n: RemountCount, m2r: RemountCount, steps: int) -> list[str]:
    def row(name: str, r: RemountCount) -> list[str]:
        return [
            name,
            str(r.changes),
            f"**{r.remounts}**",
            str(r.element_lost),
            str(r.window_lost),
            str(r.map_lost),
            ms(median([s * 1000 for s in r.seconds])),
        ]

    return [
        "## M2: map remounts per stage change",
        "",
        "A random token is planted on the map's `<iframe>` element, on its `window` (`window.__probe`) and on the "
        "Leaflet map (`window.map`). After each change (waited for: the panel counter and "
        "`path.erm-highlight-<k>` in the *current* iframe, then the script run over) the tokens are read back, "
        "and planted again if lost. Remount = iframe element or its window replaced. The route switch (sidebar "
        "route buttons, southern → mongolia → sea → vietnam → …) is the control: the base map is per route, "
        "so it must remount.",
        "",
        table(
            [
                "change",
                "changes",
                "remounts",
                "iframe element lost",
                "iframe window lost",
                "Leaflet map lost",
                "median click → waited state (ms, wall)",
            ],
            [row(f"Next → ({steps} stages, southern)", m2n), row(f"route switch ({steps}, control)", m2r)],
        ),
        "",
        f"Goal 0 remounts on Next: **{'met' if m2n.remounts == 0 else 'not met'}**. Control: "
        f"{m2r.remounts}/{m2r.changes} route switches detected as remounts "
        f"({'the probe detects a remount' if m2r.remounts == m2r.changes else 'CHECK: the probe missed remounts'}).",
        "",
    ]


def measure(bench: Run, args: argparse.Namespace) -> list[str]:
    with desktop_page(bench.browser, bench.online) as page:
        m2n = m2_next(page, bench.server.url, bench.count, bench.steps)
        m2r = m2_route(page, bench.server.url, list(bench.journey.routes), bench.steps)
    return m2_section(m2n, m2r, bench.steps)


def main() -> int:
    args = parser((__doc__ or "").split("\n\n")[0]).parse_args()
    return run("Browser benchmark: map remounts", "python -m bench.browser.remounts", [measure], args)


if __name__ == "__main__":
    sys.exit(main())
