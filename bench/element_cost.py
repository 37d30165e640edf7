"""Where the story page's blocking time comes from: the page with some of its parts left out.

    python -m bench.element_cost [--repeats 4] [--out bench/results/element_cost.md]
    python -m bench.element_cost --lighthouse [--repeats 3] [--out bench/results/element_cost_lighthouse.md]

Each variant is app.py with some parts replaced by nothing: a wrapper script written beside app.py for
the run (so Streamlit serves the same static/ folder), one `streamlit run` each. Chromium loads each
at 412 x 823 with its CPU slowed 4x (as Lighthouse's mobile preset), until the map (or, without it, the
stage card) is drawn and 3 s more; the page's own PerformanceObserver lists the long tasks. Reported:
blocking time as Lighthouse counts it (each long task's time over 50 ms, from the first paint on) and
all long tasks' time, medians, variants alternating, the first round a warm-up not counted. A profile,
not a score: read the differences between variants of one run.

With `--lighthouse`, each variant is scored as the issue scores the page: npm's Lighthouse, mobile preset
(simulated throttling: the observed tasks replayed with the CPU 4x slower), blocking time and performance,
beside the floor that draws its map in the wide layout (bench/lighthouse_bench.py). It answers "what would
it take": how far each part, or all of them, stand between the page and the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.lighthouse_bench import LIGHTHOUSE, PAGES, lighthouse
from bench.machine import describe, wait_quiet
from deploy.chromium import CHROMIUM, CHROMIUM_ARGS
from deploy.server import ROOT, Server, stop_all_on_sigterm

# A part: the functions that draw it, as (module, name); the wrapper replaces each with a no-op.
PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "map": (("components.ui.stage_panel", "render_map"),),
    "stepper": (("components.ui.stage_panel", "_render_stepper"), ("components.ui.stage_panel", "_render_stages")),
    "sidebar": (("components.ui.sidebar", "render_sidebar"),),
    "header+note": (("components.ui.page", "render_top"),),
}
VARIANTS: tuple[tuple[str, ...], ...] = ((), *((part,) for part in PARTS), tuple(PARTS))
WRAPPER = """import importlib, runpy
for module, name in {calls!r}:
    setattr(importlib.import_module(module), name, lambda *args, **kwargs: None)
runpy.run_path({app!r}, run_name="__main__")
"""
OBSERVE = """
window.__erm_long = []; window.__erm_fcp = null;
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__erm_long.push([e.startTime, e.duration]); })
  .observe({type: "longtask", buffered: true});
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") window.__erm_fcp = e.startTime; })
  .observe({type: "paint", buffered: true});
"""


FLOOR = ("floor",)  # with --lighthouse: the floor that draws its map in the wide layout, for reference


def name(variant: tuple[str, ...]) -> str:
    if variant == FLOOR:
        return "the floor (its map, wide)"
    return (
        "the whole page"
        if not variant
        else ("without " + " and ".join(variant) if len(variant) < len(PARTS) else f"without all {len(PARTS)}")
    )


def browser_blocking(page: Page, url: str, variant: tuple[str, ...]) -> tuple[float, float]:
    """Blocking time from the first paint and all long tasks' time (ms), Chromium's CPU slowed 4x."""
    page.context.add_init_script(OBSERVE)
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url + "?route=southern")
    if "map" in variant:
        page.locator(".erm-kicker").first.wait_for(timeout=60_000)
    else:
        page.frame_locator("iframe").first.locator(".erm-place").first.wait_for(timeout=60_000)
    time.sleep(3)
    tasks, fcp = page.evaluate("window.__erm_long"), page.evaluate("window.__erm_fcp") or 0
    blocking = sum(max(0.0, duration - 50) for start, duration in tasks if start >= fcp)
    return blocking, sum(duration for _, duration in tasks)


def lighthouse_blocking(url: str, out: Path) -> tuple[float, float]:
    """Lighthouse mobile: total blocking time (ms) and the performance score."""
    wait_quiet(os.getpid(), 30, cores=0.5)  # Lighthouse multiplies the blocking it sees, other work's too
    figures = lighthouse(url, "mobile", out)
    return figures["tbt_ms"], figures["performance"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=4, help="rounds counted, after one warm-up round")
    parser.add_argument("--lighthouse", action="store_true", help="score each variant with Lighthouse mobile")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.lighthouse and not LIGHTHOUSE.exists():
        print("Lighthouse is missing: npm ci --prefix bench", file=sys.stderr)
        return 2
    stop_all_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="element-cost-"))
    variants: list[tuple[str, ...]] = list(VARIANTS) + ([FLOOR] if args.lighthouse else [])
    results: dict[tuple[str, ...], list[tuple[float, float]]] = {variant: [] for variant in variants}
    with ExitStack() as running:
        servers = {}
        for i, variant in enumerate(VARIANTS):
            script = ROOT / f".erm-variant-{i}.py"  # beside app.py: Streamlit serves static/ from the script's folder
            calls = [call for part in variant for call in PARTS[part]]
            script.write_text(WRAPPER.format(calls=calls, app=str(ROOT / "app.py")), encoding="utf-8")
            running.callback(script.unlink, missing_ok=True)
            servers[variant] = running.enter_context(Server(str(script), log=work / f"{i}.log"))
        if args.lighthouse:
            floor_script, floor_args = PAGES["floor_map_wide"]
            servers[FLOOR] = running.enter_context(
                Server(floor_script, args=("--", *floor_args), log=work / "floor.log")
            )
        if args.lighthouse:

            def measure(variant: tuple[str, ...], url: str, round_: int) -> tuple[float, float]:
                return lighthouse_blocking(url, work / f"{variants.index(variant)}-{round_}.json")

        else:
            pw = running.enter_context(sync_playwright())
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            running.callback(browser.close)

            def measure(variant: tuple[str, ...], url: str, round_: int) -> tuple[float, float]:
                context = browser.new_context(viewport={"width": 412, "height": 823})
                try:
                    return browser_blocking(context.new_page(), url, variant)
                finally:
                    context.close()

        for round_ in range(args.repeats + 1):
            for variant in variants if round_ % 2 == 0 else variants[::-1]:
                figures = measure(variant, servers[variant].url, round_)
                if round_:
                    results[variant].append(figures)
    setting, columns = (
        ("Lighthouse mobile preset (simulated throttling)", "blocking time (ms) | performance")
        if args.lighthouse
        else ("Chromium, CPU slowed 4×, 412 × 823", "blocking time (ms, from first paint) | all long tasks (ms)")
    )
    lines = [
        f"{describe()}; {setting}; {args.repeats} rounds after a warm-up, medians",
        "",
        f"| page | {columns} | runs (blocking) |",
        "|---|---:|---:|---|",
    ]
    for variant, runs in results.items():
        blocking = statistics.median(r[0] for r in runs)
        other = statistics.median(r[1] for r in runs)  # performance, or all long tasks' time
        lines.append(f"| {name(variant)} | {blocking:.0f} | {other:.0f} | {', '.join(f'{r[0]:.0f}' for r in runs)} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        command = "python -m bench.element_cost" + (" --lighthouse" if args.lighthouse else "")
        args.out.write_text(f"# Element cost ({command})\n\n{report}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
