"""The audience link served beside the app (issue #13, items 3 and 5): a room of phones, and Lighthouse.

    python -m bench.story_room [--phones 100] [--repeats 3] [--lighthouse-runs 3] [--out PATH]

Starts one replica behind nginx as deployed (deploy/replicas.py: the story exported at start and
served at /story/, Streamlit's /static/ files from disk, every text file pre-compressed), then:

1. **a room at once**: `--phones` phones fetch a page and every file its HTML names (script and img src,
   link href of stylesheets, module preloads, preloads and icons) at the same moment through nginx, each on
   one keep-alive connection, asking for gzip as a phone does. The story's route page
   (/story/southern.html) against the baseline, the app's first page (/ and the Streamlit code it
   names), fetched the same way in the same run, in alternating order, `--repeats` times. For the app,
   also the first visit's websocket traffic (bench/ws_load.py: the page's first run and one Next, the
   messages' bytes as decoded) for as many sessions at once. A phone fails on a refused connection, a
   status other than 200 or a body that does not decode. Reported: failures, p95 seconds per phone
   (median of the repeats), bytes per phone (bodies as sent, compressed) and story ÷ app.
2. **Lighthouse** (mobile preset, npm's Lighthouse in Debian's Chromium, as bench/lighthouse_bench.py):
   the app's first page through nginx against the same page straight from the replica, and the story
   through nginx; `--lighthouse-runs` each, alternating (one warm-up run each, not counted); medians of
   LCP and bytes transferred, and nginx ÷ direct.

The HTML-and-named-files figure leaves out what a page loads later (Streamlit's lazy chunks, the map
component's iframe, the story's images from its CSS): Lighthouse's bytes are the whole visit. Nothing
here asserts on time; everything talks only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bench.lighthouse_bench import LIGHTHOUSE, lighthouse
from bench.machine import describe
from bench.ws_load import measure, percentile, proc_usage
from deploy.replicas import Cluster, start_cluster
from deploy.server import HOST, stop_all_on_sigterm

STORY_PAGE = "/story/southern.html"
APP_PAGE = "/"
# What a phone's browser asks for (Chromium on Android).
PHONE_HEADERS = {
    "Accept-Encoding": "gzip, deflate",
    "User-Agent": "Mozilla/5.0 (Linux; Android 11; moto g power) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36",
}
FETCHED_RELS = {"stylesheet", "modulepreload", "preload", "icon", "shortcut"}
REQUEST_TIMEOUT_S = 60.0
_RAW: list[str] = []  # every measured line, for the report's raw results


def say(line: str) -> None:
    print(line, flush=True)
    _RAW.append(line)


class _Assets(HTMLParser):
    """The files a page names for the browser to fetch at once: scripts, stylesheets, preloads, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("script", "img") and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "link" and values.get("href") and FETCHED_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values["href"])


def named_assets(page_url: str, html: str) -> list[str]:
    """The same-origin paths (with query) a page's HTML names, in order, each once."""
    parser = _Assets()
    parser.feed(html)
    origin = urlsplit(page_url).netloc
    paths: list[str] = []
    for url in parser.urls:
        parts = urlsplit(urljoin(page_url, url))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.netloc == origin and path not in paths:
            paths.append(path)
    return paths


@dataclass
class Phone:
    seconds: float = float("inf")
    bytes: int = 0  # response bodies as sent (compressed where the server compressed)
    files: int = 0
    error: str | None = None


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[bytes, bytes]:
    """GET path: (the body as sent, the body decoded). Raises on a status other than 200."""
    connection.request("GET", path, headers=PHONE_HEADERS)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    encoding = response.getheader("Content-Encoding", "")
    return body, gzip.decompress(body) if encoding == "gzip" else body


def one_phone(port: int, page: str, start: threading.Barrier) -> Phone:
    """One phone: the page, then every file it names, on one keep-alive connection."""
    phone = Phone()
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        start.wait()
        began = time.perf_counter()
        sent, html = _get(connection, page)
        phone.bytes, phone.files = len(sent), 1
        for path in named_assets(f"http://{HOST}:{port}{page}", html.decode("utf-8")):
            sent, _decoded = _get(connection, path)
            phone.bytes += len(sent)
            phone.files += 1
        phone.seconds = time.perf_counter() - began
    except Exception as error:  # refused, reset, timed out, a bad status or body: this phone failed
        phone.error = f"{type(error).__name__}: {error}"[:160]
    finally:
        connection.close()
    return phone


def room(port: int, page: str, phones: int) -> list[Phone]:
    """`phones` phones fetching the page and its files at the same moment."""
    start = threading.Barrier(phones)
    with ThreadPoolExecutor(max_workers=phones) as pool:
        return list(pool.map(lambda _i: one_phone(port, page, start), range(phones)))


@dataclass
class RoomFigures:
    failures: int = 0
    p95_s: list[float] = field(default_factory=list)
    bytes_per_phone: list[float] = field(default_factory=list)
    files: int = 0
    errors: list[str] = field(default_factory=list)
    nginx_cpu_s: list[float] = field(default_factory=list)  # nginx's CPU for the room's HTTP part
    replica_cpu_s: list[float] = field(default_factory=list)
    client_cpu_s: list[float] = field(default_factory=list)  # this process: 100 phones' threads
    ws_failures: int = 0
    ws_p95_s: list[float] = field(default_factory=list)
    ws_bytes: list[float] = field(default_factory=list)


def _record(figures: RoomFigures, phones: list[Phone]) -> str:
    figures.failures += sum(phone.error is not None for phone in phones)
    figures.errors += [phone.error for phone in phones if phone.error][:3]
    figures.p95_s.append(percentile([phone.seconds for phone in phones], 95))
    ok = [phone for phone in phones if phone.error is None]
    figures.bytes_per_phone.append(statistics.mean(phone.bytes for phone in ok) if ok else float("nan"))
    figures.files = max((phone.files for phone in ok), default=0)
    return (
        f"failures={len(phones) - len(ok)} p95={figures.p95_s[-1]:.2f}s "
        f"bytes/phone={figures.bytes_per_phone[-1] / 1024:.0f} KiB files={figures.files}"
    )


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_room(cluster: Cluster, phones: int, repeats: int) -> dict[str, RoomFigures]:
    replica_pid = next(iter(cluster.replicas.values())).pid
    results = {"story": RoomFigures(), "app": RoomFigures()}
    pages = {"story": STORY_PAGE, "app": APP_PAGE}
    for repeat in range(repeats):
        for name in ("story", "app") if repeat % 2 == 0 else ("app", "story"):
            assert cluster.nginx is not None
            before = proc_usage(cluster.nginx.pid)[0], proc_usage(replica_pid)[0], _own_cpu_s()
            phones_done = room(cluster.port, pages[name], phones)
            after = proc_usage(cluster.nginx.pid)[0], proc_usage(replica_pid)[0], _own_cpu_s()
            nginx_s, replica_s, client_s = (a - b for a, b in zip(after, before, strict=True))
            results[name].nginx_cpu_s.append(nginx_s)
            results[name].replica_cpu_s.append(replica_s)
            results[name].client_cpu_s.append(client_s)
            line = _record(results[name], phones_done)
            line += f" | cpu s: nginx={nginx_s:.2f} replica={replica_s:.2f} client={client_s:.2f}"
            if name == "app":  # the same visit's websocket: the first run and one Next
                ws = measure(cluster.port, replica_pid, phones)
                results[name].ws_failures += ws.failures
                results[name].ws_p95_s.append(ws.load_p95)
                results[name].ws_bytes.append(ws.bytes_per_session)
                line += f" | websocket: failures={ws.failures} p95 first run={ws.load_p95:.2f}s "
                line += f"bytes/session={ws.bytes_per_session / 1024:.0f} KiB"
            say(f"[room {name} r{repeat}] {line}")
    return results


def run_lighthouse(cluster: Cluster, runs: int, work: Path) -> dict[str, list[dict[str, float]]]:
    replica = next(iter(cluster.replicas))
    urls = {
        "app through nginx": cluster.url,
        "app direct": f"http://{HOST}:{replica}/",
        "story through nginx": cluster.story_url + STORY_PAGE.rsplit("/", 1)[1],
    }
    names = list(urls)
    for name, url in urls.items():  # warm-up, not counted
        lighthouse(url, "mobile", work / f"{name.replace(' ', '-')}-warm-up.json")
    results: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for run in range(runs):
        for name in names if run % 2 == 0 else names[::-1]:
            figures = lighthouse(urls[name], "mobile", work / f"{name.replace(' ', '-')}-{run}.json")
            say(f"[lighthouse {name} r{run}] {' '.join(f'{k}={v:.2f}' for k, v in figures.items())}")
            results[name].append(figures)
    return results


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(
    args: argparse.Namespace,
    room_figures: dict[str, RoomFigures] | None,
    lighthouse_figures: dict[str, list[dict[str, float]]] | None,
) -> str:
    command = " ".join(["python -m bench.story_room", *sys.argv[1:]])
    lines = [f"Command: `{command}`", "", f"{describe()}", ""]
    lines += ["Load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()), ""]
    if room_figures:
        story, app = room_figures["story"], room_figures["app"]
        app_ws_bytes = _median(app.ws_bytes)
        app_total = _median(app.bytes_per_phone) + app_ws_bytes

        def ratio(a: float, b: float) -> str:
            return f"{a / b:.3f}" if b else "–"

        story_p95, app_p95 = _median(story.p95_s), _median(app.p95_s)
        story_kib, app_kib = _median(story.bytes_per_phone) / 1024, _median(app.bytes_per_phone) / 1024
        lines += [
            f"### {args.phones} phones at once through nginx ({args.repeats} repeats, medians)",
            "",
            f"| measure | story ({STORY_PAGE}) | app's first visit ({APP_PAGE}) | story ÷ app |",
            "|---|---|---|---|",
            f"| failures (all repeats) | {story.failures} | {app.failures} (websocket: {app.ws_failures}) | |",
            f"| files per phone (HTML + named) | {story.files} | {app.files} | |",
            f"| p95 seconds per phone, HTML + named files | {story_p95:.2f} | {app_p95:.2f} | "
            f"{ratio(story_p95, app_p95)} |",
            f"| KiB per phone, HTML + named files (gzip) | {story_kib:.0f} | {app_kib:.0f} | "
            f"{ratio(story_kib, app_kib)} |",
            f"| KiB per phone, + first websocket run and one Next (decoded) | {story_kib:.0f} | "
            f"{app_total / 1024:.0f} | {ratio(story_kib * 1024, app_total)} |",
            f"| p95 seconds, websocket first run ({args.phones} sessions at once) | – | {_median(app.ws_p95_s):.2f} | |",
            f"| CPU seconds for the room's HTTP part: nginx | {_median(story.nginx_cpu_s):.2f} | "
            f"{_median(app.nginx_cpu_s):.2f} | |",
            f"| … the replica (the app's page only: its code comes from disk) | {_median(story.replica_cpu_s):.2f} | "
            f"{_median(app.replica_cpu_s):.2f} | |",
            f"| … the phones (this process's threads, on the same cores) | {_median(story.client_cpu_s):.2f} | "
            f"{_median(app.client_cpu_s):.2f} | |",
            "",
        ]
        for name, figures in room_figures.items():
            if figures.errors:
                lines.append(f"{name} errors (first): {'; '.join(figures.errors[:3])}")
    if lighthouse_figures:
        names = list(lighthouse_figures)
        lines += [
            f"### Lighthouse, mobile preset ({args.lighthouse_runs} runs each, alternating, medians)",
            "",
            "| measure | " + " | ".join(names) + " | nginx ÷ direct (app) |",
            "|---|" + "---|" * len(names) + "---|",
        ]
        for measure_name in ("performance", "accessibility", "lcp_s", "tbt_ms", "bytes_kb"):
            values = [_median([r[measure_name] for r in lighthouse_figures[n]]) for n in names]
            via, direct = values[0], values[1]
            cells = " | ".join(f"{v:.2f}" for v in values)
            lines.append(
                f"| {measure_name} | {cells} | {via / direct:.2f} |" if direct else f"| {measure_name} | {cells} | – |"
            )
        lines.append("")
    lines += ["Raw results:", "", "```", *_RAW, "```", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="0: no Lighthouse")
    parser.add_argument("--out", type=Path, help="also write the report here (markdown)")
    args = parser.parse_args(argv)
    if not 1 <= args.phones <= 500:
        parser.error("--phones: 1 to 500")
    if args.lighthouse_runs and not LIGHTHOUSE.exists():
        print("Lighthouse is missing: npm ci --prefix bench (or --lighthouse-runs 0)", file=sys.stderr)
        return 2
    stop_all_on_sigterm()
    # Every phone comes from 127.0.0.1: the per-client session limits are lifted for the websocket part
    # (repeats come faster than the bucket of new sessions refills).
    cluster = start_cluster(replicas=1, sessions_per_client=max(args.phones + 10, 150), new_sessions_per_second=1000)
    try:
        # Warm up: the replica's first run builds its caches; nginx opens its files once.
        measure(next(iter(cluster.replicas.values())).port, next(iter(cluster.replicas.values())).pid, 1)
        room(cluster.port, STORY_PAGE, 1)
        room(cluster.port, APP_PAGE, 1)
        room_figures = run_room(cluster, args.phones, args.repeats) if args.repeats else None
        work = Path(tempfile.mkdtemp(prefix="story-room-lighthouse-"))
        lighthouse_figures = run_lighthouse(cluster, args.lighthouse_runs, work) if args.lighthouse_runs else None
    finally:
        cluster.stop()
    text = report(args, room_figures, lighthouse_figures)
    print("\n" + text)
    if args.out:
        args.out.write_text(f"# The audience link beside the app (bench/story_room.py)\n\n{text}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
