"""Server memory of N visitors who each upload 5 MB files and press "Show this data", against N who only look.

For each run a fresh `streamlit run app.py` (the shipped .streamlit/config.toml, 127.0.0.1 only) is started and
warmed up by one session. Then N Chromium contexts are opened one after another and kept open: in `upload`
each uploads a valid places.csv and routes.csv of about 5 MB each (MAX_FILE_BYTES), plus `--refused` extra
5 MB files the app does not read, and presses "Show this data" (waiting for "This tab shows your data");
in `baseline` each opens the same page and uploads nothing. The server's RSS (/proc/PID/status VmRSS) and
Streamlit's own byte counts (/_stcore/metrics, where served) are read

* before: after the warm-up, the server idle;
* open: with all N sessions connected;
* closed: 10 s after every context was closed (the sessions are kept for server.disconnectedSessionTTL,
  for a reconnect);
* after TTL: once the TTL has passed and one more session came and went (Streamlit drops expired sessions
  only when it stores another), the server idle again.

A third run repeats `upload` with MALLOC_MMAP_THRESHOLD_ fixed, to tell memory still referenced from memory
the allocator keeps. The TTL is `--ttl` seconds (shipped: Streamlit's 120 s) so that a run ends in minutes. The report is printed
and written to `--out`; nothing here asserts on anything.

usage: python -m bench.upload_sessions [--sessions 20] [--refused 0] [--ttl 20] [--out bench/results/upload_sessions.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect, sync_playwright

from bench.machine import describe, settle
from components.schema.data import MAX_FILE_BYTES
from components.ui.pages import OWN_DATA_PATH
from deploy.chromium import CHROMIUM, CHROMIUM_ARGS
from deploy.server import ROOT, Server, stop_all, stop_all_on_sigterm
from tests.conftest import PLACES_HEADER, ROUTES_HEADER

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
PHASES = ("before", "open", "closed", "after TTL")
MB = 1_000_000
TIMEOUT_MS = 120_000
MMAP_ENV = "MALLOC_MMAP_THRESHOLD_=131072"


def valid_files(places: int = 2000, size: int = MAX_FILE_BYTES - 2000) -> dict[str, bytes]:
    """places.csv and routes.csv of `size` bytes each that pass every check: one route through all places."""

    def place(i: int, summary: str) -> str:
        kind = "origin" if i == 0 else "destination" if i == places - 1 else "transit"
        lat, lon = 40 + (i % 100) / 100, 120 + (i // 100) / 100
        return f"p{i},Place {i},CN,{lat:.2f},{lon:.2f},{kind},{summary},Report 2021 https://example.org/r"

    def leg(i: int, risks: str) -> str:
        return f"r,Long route,{i},p{i - 1},p{i},road,Stage {i},3,{risks},Report 2021 https://example.org/r"

    per_place = (size - len(PLACES_HEADER)) // places - len(place(places - 1, "")) - 1
    per_leg = (size - len(ROUTES_HEADER)) // (places - 1) - len(leg(places, "")) - 1
    rows_p = [place(i, "s" * per_place) for i in range(places)]
    rows_r = [leg(i, "w" * per_leg) for i in range(1, places)]
    return {
        "places.csv": ("\n".join([PLACES_HEADER, *rows_p]) + "\n").encode(),
        "routes.csv": ("\n".join([ROUTES_HEADER, *rows_r]) + "\n").encode(),
    }


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    assert match is not None
    return int(match.group(1)) * 1024 / MB


def streamlit_bytes(server: Server) -> dict[str, float]:
    """Streamlit's own count of the bytes it holds, by kind (uploaded files, session state), in MB."""
    try:
        with urllib.request.urlopen(f"{server.url}_stcore/metrics", timeout=10) as response:
            text = response.read().decode()
    except OSError:  # not served by every Streamlit server mode: the RSS is the measure
        return {}
    held: dict[str, float] = {}
    for line in text.splitlines():
        match = re.match(r'cache_memory_bytes\{cache_type="([^"]+)"[^}]*\}\s+([\d.e+]+)', line)
        if match:
            held[match.group(1)] = held.get(match.group(1), 0.0) + float(match.group(2)) / MB
    return held


@dataclass
class Run:
    name: str
    rss: dict[str, float] = field(default_factory=dict)
    uploads: dict[str, float] = field(default_factory=dict)  # MB in Streamlit's uploaded-file manager
    state: dict[str, float] = field(default_factory=dict)  # MB of session state
    shut_down: int = 0  # sessions Streamlit shut down by the end (the warm-up and passing ones included)

    def read(self, phase: str, server: Server) -> None:
        settle(server.pid, 60)
        held = streamlit_bytes(server)
        self.rss[phase] = rss_mb(server.pid)
        self.uploads[phase] = held.get("UploadedFileManager", 0.0)
        self.state[phase] = held.get("st_session_state", 0.0)


def open_data_page(browser: Browser, server: Server) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url + OWN_DATA_PATH)
    page.locator(UPLOAD_INPUT).wait_for(state="attached", timeout=TIMEOUT_MS)
    return context, page


def upload(page: Page, files: dict[str, bytes]) -> None:
    page.locator(UPLOAD_INPUT).set_input_files(
        [FilePayload(name=name, mimeType="text/csv", buffer=data) for name, data in files.items()]
    )
    received = page.get_by_text("Received: ")
    for name in files:
        expect(received).to_contain_text(name, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Show this data").click()


def measure(
    name: str,
    browser: Browser,
    sessions: int,
    files: dict[str, bytes] | None,
    ttl: int,
    env: dict[str, str] | None = None,
) -> Run:
    run = Run(name)
    # Debug logging names every session Streamlit shuts down (and so frees its uploads and state).
    args = ["--server.disconnectedSessionTTL", str(ttl), "--logger.level", "debug"]
    with Server("app.py", args=args, env=env) as server:
        warm, _ = open_data_page(browser, server)
        warm.close()
        run.read("before", server)
        contexts = []
        for _ in range(sessions):
            context, page = open_data_page(browser, server)
            contexts.append(context)
            if files is not None:
                upload(page, files)
                shown = "This tab shows your data" if set(files) <= {"places.csv", "routes.csv"} else "Not shown"
                expect(page.get_by_text(shown)).to_be_visible(timeout=TIMEOUT_MS)
        run.read("open", server)
        for context in contexts:
            context.close()
        time.sleep(10)
        run.read("closed", server)
        time.sleep(ttl + 2)
        passing, _ = open_data_page(browser, server)  # its disconnect stores it, and drops the expired ones
        passing.close()
        time.sleep(5)
        run.read("after TTL", server)
        run.shut_down = server.log.read_text(errors="replace").count("Shutting down (id=")
    return run


def report(runs: list[Run], args: argparse.Namespace, files: dict[str, bytes], seconds: float) -> str:
    base, up, trimmed = runs
    machine = describe()
    sizes = ", ".join(f"{name} {len(data) / MB:.2f} MB" for name, data in files.items())
    lines = [
        "# Server memory of visitors who upload their own data (issue #19)",
        "",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {machine['nproc']} × {machine['cpu']}, {machine['memory']}; "
        f"Streamlit {machine['streamlit']}; run in {seconds:.0f} s.",
        f"`python -m bench.upload_sessions --sessions {args.sessions} --refused {args.refused} --ttl {args.ttl}`",
        "",
        f"{args.sessions} sessions, one after another, all kept open, then closed. `upload`: each uploads {sizes}"
        + (f" and {args.refused} more 5 MB file(s) the app refuses" if args.refused else "")
        + ' and presses "Show this data"; `baseline`: each opens the same page and uploads nothing.'
        + f" A fresh server for each; server.disconnectedSessionTTL = {args.ttl} s.",
        "",
        "| phase | baseline RSS | upload RSS | upload ÷ baseline | upload − baseline "
        f"| upload, {MMAP_ENV} RSS | its ÷ baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for phase in PHASES:
        b, u, t = base.rss[phase], up.rss[phase], trimmed.rss[phase]
        lines.append(
            f"| {phase} | {b:.0f} MB | {u:.0f} MB | {u / b:.2f}× | {u - b:+.0f} MB | {t:.0f} MB | {t / b:.2f}× |"
        )
    if any(up.uploads.values()) or any(up.state.values()):
        held = "; ".join(f"{p}: {up.uploads[p]:.1f} MB files, {up.state[p]:.1f} MB state" for p in PHASES)
        lines += ["", f"Streamlit's own count (upload run): {held}."]
    lines += [
        "",
        f"Sessions Streamlit shut down by the end (its debug log): baseline {base.shut_down}, upload {up.shut_down}, "
        f"upload with {MMAP_ENV} {trimmed.shut_down}, of {args.sessions + 2} each (with the warm-up and the passing one).",
        f"`{MMAP_ENV}` makes glibc give large blocks (the uploads' bytes) back to the system when they are freed:",
        "what the plain upload run keeps after its sessions are shut down is the allocator's, not a reference.",
    ]
    growth = [
        f"{phase}: {up.rss[phase] - up.rss['before']:+.0f} MB against {base.rss[phase] - base.rss['before']:+.0f} MB"
        for phase in PHASES[1:]
    ]
    lines += ["", "Growth from *before*, upload against baseline: " + "; ".join(growth) + ".", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--refused", type=int, default=0, help="extra 5 MB files per upload that the app refuses")
    parser.add_argument("--ttl", type=int, default=20, help="server.disconnectedSessionTTL in seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "upload_sessions.md")
    args = parser.parse_args()
    stop_all_on_sigterm()
    files = valid_files()
    sent = dict(files)
    for i in range(args.refused):
        sent[f"extra-{i}.csv"] = b"x" * (MAX_FILE_BYTES - 2000)
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                runs = [
                    measure("baseline", browser, args.sessions, None, args.ttl),
                    measure("upload", browser, args.sessions, sent, args.ttl),
                    measure("upload+mmap", browser, args.sessions, sent, args.ttl, {MMAP_ENV.split("=")[0]: "131072"}),
                ]
            finally:
                browser.close()
    finally:
        stop_all()
    text = report(runs, args, sent, time.monotonic() - started)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
