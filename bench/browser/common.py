"""What every browser benchmark shares: the server and Chromium, the in-page probes, the page helpers, the report.

`run(...)` starts one `streamlit run app.py` (deploy/server.py; `-- --offline` unless --online, so no
tiles are drawn and timings do not depend on tile requests) and Debian's Chromium through Playwright,
warms the server up with one load, hands both to each measure, prints the sections and writes them
under a header that describes the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

from components.domain.journey import Journey
from components.schema.data import read_journey
from components.ui.page import key_selector
from components.ui.stage_panel import NEXT_KEY, PANEL_KEY, STAGES_KEY, stage_key
from deploy.chromium import CHROMIUM, CHROMIUM_ARGS
from deploy.server import ROOT, Server, stop_all_on_sigterm

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
SIDEBAR = '[data-testid="stSidebar"]'
PANEL = key_selector(PANEL_KEY)
COUNTER = f"{PANEL} section.erm-stage .erm-kicker"
NEXT_BUTTON = f"{key_selector(NEXT_KEY)} button"
START_QUERY = "?route=southern&stage=1&lang=en"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000  # the bound on any single wait
STEP_TIMEOUT_MS = 15_000
RESULTS = ROOT / "bench" / "results" / "browser.md"


# ------------------------------------------------------------------------------------------ statistics


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p90 of 27 samples is the 25th smallest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def ms(value: float | None) -> str:
    return "n/a" if value is None or value != value else f"{value:,.0f}"


def kib(n: float) -> str:
    return f"{n / 1024:,.1f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# -------------------------------------------------------------------------------------- in-page probes

# Runs in every frame of every context before the page's own scripts. Absolute (epoch, sub-ms) times of
# DOMContentLoaded, the map iframe attached, the first `.erm-place` with a box and not hidden, and one frame
# later (painted). In the top frame it also logs every WebSocket message sent and received (page clock).
# Runs in every frame of every context before the page's own scripts. Absolute (epoch, sub-ms) times of
# DOMContentLoaded, the map iframe attached, the first `.erm-place` with a box and not hidden, and one frame
# later (painted). In the top frame it also logs every WebSocket message sent and received (page clock).
INIT_JS = """
(() => {
  const abs = () => performance.timeOrigin + performance.now();
  const m = {origin: performance.timeOrigin};
  window.__ermMarks = m;
  document.addEventListener('DOMContentLoaded', () => { m.dcl = abs(); }, {once: true});
  let timer = null, mo = null;
  const check = () => {
    if (m.iframe === undefined && document.querySelector("iframe[title='streamlit_folium.st_folium']")) m.iframe = abs();
    if (m.place === undefined) {
      const el = document.querySelector('.erm-place');
      if (el) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden') {
          m.place = abs();
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => { m.painted = abs(); };
            ch.port2.postMessage(0);
          });
          if (mo) mo.disconnect();
          if (timer) clearInterval(timer);
        }
      }
    }
  };
  mo = new MutationObserver(check);
  mo.observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['title', 'class']});
  timer = setInterval(check, 4);
  setTimeout(() => { if (timer) clearInterval(timer); if (mo) mo.disconnect(); }, 60000);
  if (window === window.top && window.WebSocket) {
    const log = window.__ermWs = [];
    const Native = window.WebSocket;
    const size = (d) => typeof d === 'string' ? d.length : (d && (d.byteLength ?? d.size)) || 0;
    class ErmWebSocket extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('open', () => { if (m.wsOpen === undefined) m.wsOpen = abs(); });
        this.addEventListener('message', (e) => {
          if (m.wsFirst === undefined) m.wsFirst = abs();
          log.push(['in', performance.now(), size(e.data)]);
        });
      }
      send(data) { log.push(['out', performance.now(), size(data)]); return super.send(data); }
    }
    window.WebSocket = ErmWebSocket;
  }
})();
"""

PLANT_JS = """
([frameSel, token]) => {
  const f = document.querySelector(frameSel);
  f.__ermProbe = token;
  f.contentWindow.__probe = token;
  if (f.contentWindow.map) f.contentWindow.map.__ermProbe = token;
}
"""

PROBE_JS = """
([frameSel, token]) => {
  const f = document.querySelector(frameSel);
  if (!f) return {element: false, window: false, map: false};
  const w = f.contentWindow;
  return {
    element: f.__ermProbe === token,
    window: !!w && w.__probe === token,
    map: !!w && !!w.map && w.map.__ermProbe === token,
  };
}
"""


# Checked on the *current* iframe (same origin), so a replaced iframe never hangs a wait.
WAIT_STAGE_JS = """
([counter, frameSel, text, step, places, legs]) => {
  const c = document.querySelector(counter);
  if (!c || c.textContent.trim() !== text) return false;
  const f = document.querySelector(frameSel);
  const d = f && f.contentDocument;
  if (!d || !d.querySelector('path.erm-highlight-' + step)) return false;
  if (places >= 0 && d.querySelectorAll('.erm-place').length !== places) return false;
  if (legs >= 0 && d.querySelectorAll('path.erm-leg').length !== legs) return false;
  return true;
}
"""

IDLE_JS = """
() => { const a = document.querySelector('[data-testid="stApp"]');
        return !!a && a.getAttribute('data-test-script-state') === 'notRunning'; }
"""


# ---------------------------------------------------------------------------------------- page helpers


def new_context(browser: Browser, viewport: dict[str, int], online: bool, **extra: Any) -> BrowserContext:
    context = browser.new_context(viewport=viewport, **extra)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(INIT_JS)
    if online:  # no internet here: tiles answer "no content" at once instead of hanging
        context.route("**/*tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
    return context


def wait_idle(page: Page, timeout: int = STEP_TIMEOUT_MS) -> None:
    """Until Streamlit's script run is over (stApp's data-test-script-state), then a short settle."""
    page.wait_for_function(IDLE_JS, timeout=timeout, polling=50)
    page.wait_for_timeout(150)


def open_app(page: Page, url: str) -> None:
    page.goto(url + START_QUERY, wait_until="commit")
    page.frame_locator(MAP_FRAME).locator(".erm-place").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    wait_idle(page, TIMEOUT_MS)


def counter_text(step: int, count: int) -> str:
    return f"Stage {step} of {count}"


def wait_stage(page: Page, step: int, count: int, places: int = -1, legs: int = -1) -> None:
    page.wait_for_function(
        WAIT_STAGE_JS,
        arg=[COUNTER, MAP_FRAME, counter_text(step, count), step, places, legs],
        timeout=STEP_TIMEOUT_MS,
        polling="raf",
    )


def open_picker(page: Page, which: str) -> None:
    """Open the list of routes (the sidebar, opened first if it is collapsed) or the list of stages (beside the map)."""
    if which == "route":
        if not page.locator(SIDEBAR).is_visible():
            page.locator('[data-testid="stExpandSidebarButton"]').click(timeout=STEP_TIMEOUT_MS)
            page.locator(SIDEBAR).wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
            page.wait_for_timeout(500)  # the sidebar slides in
    else:
        page.locator(f"{key_selector(STAGES_KEY)} summary").click(timeout=STEP_TIMEOUT_MS)


def picked(page: Page, step: int) -> Locator:
    """A stage's button in the list of stages."""
    return page.locator(f"{key_selector(stage_key(step))} button")


def plant(page: Page) -> str:
    """A random token on the map's iframe element, its window and its Leaflet map (read back by PROBE_JS)."""
    token = f"{random.getrandbits(64):016x}"
    page.evaluate(PLANT_JS, [MAP_FRAME, token])
    return token


class MapProbe:
    """Tells a remount: a token planted on the map (`plant`), read back after each change and planted again where lost."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.token = plant(page)

    def read(self) -> dict[str, bool]:
        """Whether the iframe element, its window and the Leaflet map still hold the token."""
        found: dict[str, bool] = self.page.evaluate(PROBE_JS, [MAP_FRAME, self.token])
        if not all(found.values()):
            self.token = plant(self.page)
        return found


# ------------------------------------------------------------------------------------------- the machine


def run_text(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20, cwd=ROOT).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"


def machine() -> list[tuple[str, str]]:
    from importlib.metadata import version

    import streamlit
    import streamlit_folium

    cpu = "n/a"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "n/a"
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(x for x in meminfo if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    dirty = [line for line in run_text(["git", "status", "--short"]).splitlines() if line.strip()]
    return [
        ("nproc", run_text(["nproc"])),
        ("CPU", cpu),
        ("memory", mem),
        ("OS", platform.platform()),
        ("chromium --version", run_text([CHROMIUM, "--version"])),
        ("python", platform.python_version()),
        ("streamlit", streamlit.__version__),
        ("streamlit-folium", getattr(streamlit_folium, "__version__", None) or version("streamlit-folium")),
        ("folium", version("folium")),
        ("playwright (python)", version("playwright")),
        ("git HEAD", run_text(["git", "rev-parse", "--short", "HEAD"])),
        ("working tree", f"{len(dirty)} changed/untracked paths (app edited in parallel while measuring)"),
        ("load average at start (1/5/15 min)", load_average()),
    ]


# ------------------------------------------------------------------------------------------- a run


@dataclass
class Run:
    """What a measure gets: the browser, the warmed-up server, the route it steps through."""

    browser: Browser
    server: Server
    online: bool
    journey: Journey
    count: int  # stages of the southern route
    steps: int  # stage changes per round
    warm_ms: float  # the cold first load after the server started (not counted anywhere else)
    tmp: Path


Measure = Callable[[Run, argparse.Namespace], list[str]]


@contextmanager
def desktop_page(browser: Browser, online: bool) -> Iterator[Page]:
    """A page in a fresh desktop-sized browser context, closed afterwards."""
    context = new_context(browser, DESKTOP, online)
    try:
        yield context.new_page()
    finally:
        context.close()


def parser(description: str, out: Path | None = None) -> argparse.ArgumentParser:
    """The options every browser benchmark takes; a measure adds its own."""
    found = argparse.ArgumentParser(description=description)
    found.add_argument("--steps", type=int, default=9, help="stage changes per round (default 9)")
    found.add_argument("--online", action="store_true", help="draw tiles (answered 204 here) instead of --offline")
    found.add_argument("--out", type=Path, default=out, help=f"write the report here (default: {out or 'none'})")
    return found


def warm_up(browser: Browser, url: str, online: bool) -> float:
    """One load (not counted): the server's first script run imports and caches everything. Returns ms."""
    context = new_context(browser, DESKTOP, online)
    try:
        page = context.new_page()
        start = time.perf_counter()
        open_app(page, url)
        return (time.perf_counter() - start) * 1000
    finally:
        context.close()


def run(title: str, command: str, measures: Sequence[Measure], args: argparse.Namespace) -> int:
    """Start the server and the browser, run each measure in turn, print and (with --out) write the report."""
    journey = read_journey(ROOT / "data").journey
    if journey is None:
        raise SystemExit("the shipped data does not load")
    southern = journey.route("southern")
    if southern is None:
        raise SystemExit("no southern route in the shipped data")
    count = len(southern.legs)
    began = time.perf_counter()
    mode = "`--online` (tile requests answered 204 by Playwright)" if args.online else "`-- --offline` (no tiles)"
    given = " ".join(sys.argv[1:])
    report: list[str] = [
        f"# {title}",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S %z')} by `{command}{' ' + given if given else ''}`. Server: "
        "`streamlit run app.py` on 127.0.0.1 "
        f"with the repo's .streamlit/config.toml, {mode}, so timings do not depend on tile requests. Browser: "
        "Debian Chromium, headless, through Playwright; one browser for the whole run, a fresh context (empty "
        "cache, new Streamlit session) per page load. Every baseline is measured in the same process and "
        "browser. Server and browser share the machine's CPUs; other work on the machine shows in the load "
        "averages.",
        "",
        "## Machine",
        "",
        table(["", ""], [[k, f"`{v}`"] for k, v in machine()]),
        "",
    ]
    stop_all_on_sigterm()
    with (
        Server("app.py", args=[] if args.online else ["--", "--offline"], env={"ESCAPE_MAP_DATA": None}) as server,
        sync_playwright() as pw,
        tempfile.TemporaryDirectory(prefix="erm-bench-") as tmp,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            warm = warm_up(browser, server.url + START_QUERY, args.online)
            print(f"server healthy after {server.started_in:.1f}s; cold first load {warm:.0f} ms (not counted)")
            context = Run(browser, server, args.online, journey, count, min(args.steps, count - 1), warm, Path(tmp))
            for measure in measures:
                part = measure(context, args)
                print("\n".join(part))
                report += part
        finally:
            browser.close()
    report += [f"Load average at the end: {load_average()}. Total bench time {time.perf_counter() - began:.0f} s.", ""]
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(report), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0
