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

from bench.machine import describe
from deploy.server import Server, stop_all_on_sigterm

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
PAGES = {"app": "app.py", "floor": "bench/floor_app.py"}
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
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: npm ci --prefix bench", file=sys.stderr)
        return 2
    stop_all_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    with ExitStack() as running:
        servers = {
            name: running.enter_context(Server(script, log=work / f"{name}.log")) for name, script in PAGES.items()
        }
        for name, server in servers.items():  # warm-up, not counted: a server's first run builds its caches
            lighthouse(server.url, "desktop", work / f"{name}-warm-up.json")
        for preset in ("desktop", "mobile"):
            for run in range(args.runs):
                for name in PAGES if run % 2 == 0 else list(PAGES)[::-1]:
                    url = servers[name].url
                    figures = lighthouse(url, preset, work / f"{name}-{preset}-{run}.json")
                    print(f"[{preset} {name} r{run}] {figures}", flush=True)
                    results.setdefault((preset, name), []).append(figures)
    print(f"\n{describe()}; Lighthouse {LIGHTHOUSE.resolve().parent.parent.name}, {args.runs} runs each\n")
    print("| preset | measure | app | floor | app - floor | app ÷ floor |")
    print("|---|---|---|---|---|---|")
    for preset in ("desktop", "mobile"):
        for measure in ("performance", "accessibility", "cls", "tbt_ms", "lcp_s", "bytes_kb"):
            app = statistics.median(r[measure] for r in results[(preset, "app")])
            floor = statistics.median(r[measure] for r in results[(preset, "floor")])
            ratio = f"{app / floor:.2f}" if floor else "–"
            print(f"| {preset} | {measure} | {app:.2f} | {floor:.2f} | {app - floor:+.2f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
