"""Lighthouse on the story page against the floor, desktop and mobile presets, side by side.

    npm ci --prefix bench && python -m bench.lighthouse_bench [--runs 3]

Starts the app and the floor (bench/floor_app.py) from the repository root with the shipped
.streamlit/config.toml, then runs npm's Lighthouse in Debian's Chromium (`CHROME_PATH`, default
/usr/bin/chromium) on each, alternating, `--runs` times per preset. Reports medians of the performance
score, layout shift (CLS), total blocking time, largest contentful paint and bytes transferred, and
app - floor / app ÷ floor. Map tiles cannot load on a machine without internet; both pages ask for
them the same way. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.machine import describe, wait_quiet
from deploy.server import Server, stop_all_on_sigterm

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
# name: (script, the script's own arguments). The floor as the issue defined it draws no map on a machine
# without internet (folium's CDNs); the self-hosted floors draw their line, the last in the wide layout.
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "app": ("app.py", ()),
    "floor": ("bench/floor_app.py", ()),
    "floor_map": ("bench/floor_app.py", ("--self-hosted",)),
    "floor_map_wide": ("bench/floor_app.py", ("--self-hosted", "--wide")),
}
FLOORS = [name for name in PAGES if name != "app"]
PRESETS = ("desktop", "mobile")
AUDITS = {
    "cls": "cumulative-layout-shift",
    "tbt_ms": "total-blocking-time",
    "lcp_s": "largest-contentful-paint",
    "bytes_kb": "total-byte-weight",
}


def lighthouse(url: str, preset: str, out: Path) -> dict[str, float]:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={flags}"]
    cmd += ["--only-categories=performance,accessibility"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(cmd, check=True, env=env, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    audits = report["audits"]
    figures = {name: float(audits[audit]["numericValue"]) for name, audit in AUDITS.items()}
    figures["lcp_s"] /= 1000
    figures["bytes_kb"] /= 1024
    figures["performance"] = 100 * float(report["categories"]["performance"]["score"] or 0)
    figures["accessibility"] = 100 * float(report["categories"]["accessibility"]["score"] or 0)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presets", nargs="+", choices=PRESETS, default=list(PRESETS))
    parser.add_argument(
        "--quiet-wait", type=float, default=60, help="seconds to wait, before each run, for the machine to be quiet"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: npm ci --prefix bench", file=sys.stderr)
        return 2
    stop_all_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    with ExitStack() as running:
        servers = {
            name: running.enter_context(Server(script, args=("--", *args) if args else (), log=work / f"{name}.log"))
            for name, (script, args) in PAGES.items()
        }
        for name, server in servers.items():  # warm-up, not counted: a server's first run builds its caches
            lighthouse(server.url, "desktop", work / f"{name}-warm-up.json")
        for preset in args.presets:
            for run in range(args.runs):
                for name in list(PAGES) if run % 2 == 0 else list(PAGES)[::-1]:
                    url = servers[name].url
                    # Lighthouse multiplies the blocking it sees: other work on a shared machine shows up in it.
                    _, quiet = wait_quiet(os.getpid(), args.quiet_wait, cores=0.5)
                    load = f"load {os.getloadavg()[0]:.1f}{'' if quiet else ' (busy)'}"
                    figures = lighthouse(url, preset, work / f"{name}-{preset}-{run}.json")
                    print(f"[{preset} {name} r{run}, {load}] {figures}", flush=True)
                    results.setdefault((preset, name), []).append(figures)
    print(f"\n{describe()}; Lighthouse {LIGHTHOUSE.resolve().parent.parent.name}, {args.runs} runs each\n")
    print("| preset | measure | app | " + " | ".join(FLOORS) + " | app - floor | app - floor_map_wide |")
    print("|---|---|---|" + "---|" * len(FLOORS) + "---|---|")
    for preset in args.presets:
        for measure in ("performance", "accessibility", "cls", "tbt_ms", "lcp_s", "bytes_kb"):
            value = {name: statistics.median(r[measure] for r in results[(preset, name)]) for name in PAGES}
            floors = " | ".join(f"{value[name]:.2f}" for name in FLOORS)
            app = value["app"]
            print(
                f"| {preset} | {measure} | {app:.2f} | {floors} | {app - value['floor']:+.2f} "
                f"| {app - value['floor_map_wide']:+.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
