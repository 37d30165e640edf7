"""Lighthouse's mobile preset on the static story (the audience link), served gzipped as a CDN would.

    npm ci --prefix bench && python -m bench.story_lighthouse [--runs 3] [--route southern] [--out FILE]

Exports the story of the shipped data to a temporary folder (`python -m components.export_site`),
pre-compresses every text file (`.gz` beside it, as nginx's gzip_static expects) and serves the folder
from a small local server that sends the `.gz` with `Content-Encoding: gzip` to a client that accepts
it. Then runs npm's Lighthouse (bench/lighthouse_bench.py: Debian's Chromium, `CHROME_PATH`) with the
mobile preset (simulated slow 4G, a CPU slowed 4x) on the route's page `--runs` times (each after
waiting, up to `--quiet-wait` seconds, for the rest of the machine to be quiet), and reports the
medians of performance, accessibility, LCP, TBT, CLS and bytes transferred, with the machine's load
before the runs (Lighthouse's simulated times grow on a busy machine). Goals (issue #13): performance
>= 95, accessibility 100, LCP <= 2.5 s, <= 200 KiB. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from bench.lighthouse_bench import LIGHTHOUSE, lighthouse
from bench.machine import describe, wait_quiet
from components.builders.share import story_path
from deploy.story import precompress

REPO = Path(__file__).resolve().parent.parent
MEASURES = ("performance", "accessibility", "lcp_s", "tbt_ms", "cls", "bytes_kb")
GOALS = {"performance": ">= 95", "accessibility": "100", "lcp_s": "<= 2.5", "bytes_kb": "<= 200"}


class GzipStaticHandler(SimpleHTTPRequestHandler):
    """A static file server that sends `<file>.gz`, when there is one, to a client accepting gzip."""

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        packed = path.with_name(path.name + ".gz")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not packed.is_file():
            return super().send_head()
        body = packed.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(packed.stat().st_size))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return body

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipStaticHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} CPUs)"


def _version() -> str:
    package = LIGHTHOUSE.parent.parent / "lighthouse" / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"]) if package.is_file() else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--route", default="southern")
    parser.add_argument("--out", type=Path, help="also write the results (Markdown) here")
    parser.add_argument(
        "--quiet-wait", type=float, default=120, help="seconds to wait, before each run, for the machine to be quiet"
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: npm ci --prefix bench", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="story-lighthouse-"))
    print(f"reports in {work}", flush=True)
    site = work / "story"
    subprocess.run([sys.executable, "-m", "components.export_site", str(site)], cwd=REPO, check=True)
    files = len(precompress(site))  # as deploy/ does before nginx's gzip_static
    server = serve(work)
    url = f"http://127.0.0.1:{server.server_address[1]}/story/{story_path(args.route)}"
    before = load()
    runs = []
    loads: list[str] = []
    try:
        lighthouse(url, "mobile", work / "warm-up.json")  # not counted: Chromium's first start is slower
        for run in range(args.runs):
            # Other work on the machine slows Chromium, and Lighthouse multiplies what it observes by 4.
            waited, quiet = wait_quiet(os.getpid(), args.quiet_wait, cores=0.5)
            loads.append(f"{os.getloadavg()[0]:.1f}{'' if quiet else ' (busy)'}")
            figures = lighthouse(url, "mobile", work / f"run-{run}.json")
            print(f"[r{run}] waited {waited:.0f} s, load {loads[-1]}: {figures}", flush=True)
            runs.append(figures)
    finally:
        server.shutdown()
    after = load()
    lines = [
        "# Lighthouse on the static story, served gzipped (python -m bench.story_lighthouse)",
        "",
        f"Command: `python -m bench.story_lighthouse {' '.join(argv if argv is not None else sys.argv[1:])}`, "
        f"{datetime.date.today()}; "
        f"page `/story/{args.route}.html` from a local server sending pre-compressed files ({files} .gz); "
        f"Lighthouse {_version()}, mobile preset, one warm-up run not counted. "
        f"{', '.join(f'{k} {v}' for k, v in describe().items())}. Load average before the runs: {before}; after: {after}; "
        f"1-minute load at the start of each run (after waiting up to {args.quiet_wait:.0f} s for the machine to be "
        f"quiet; busy: it was not): {', '.join(loads)}.",
        "",
        f"| measure | median of {args.runs} | runs | goal |",
        "|---|---|---|---|",
    ]
    for measure in MEASURES:
        values = [r[measure] for r in runs]
        each = ", ".join(f"{v:.2f}" for v in values)
        lines.append(f"| {measure} | {statistics.median(values):.2f} | {each} | {GOALS.get(measure, '')} |")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
