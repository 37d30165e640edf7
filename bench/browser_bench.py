#!/usr/bin/env python
"""Browser benchmarks for Escape Route Map (issue "Performance, measured", measures 2, 3 and 4, plus page weight).

Run from the repository root:  python bench/browser_bench.py  [--rounds 3] [--loads 7] [--online]

It starts its own `streamlit run app.py` on a free localhost port (with the repo's .streamlit/config.toml and,
unless --online, `-- --offline`, so no tiles are drawn and timings do not depend on tile requests), drives
Debian's Chromium through Playwright, prints markdown tables and writes them to bench/results/browser.md.
Nothing here asserts: every number is measured and reported next to a baseline measured in the same run.

  M2  map remounts per stage change: a probe planted on the map's iframe element, its window and its Leaflet
      map survives (or not) 9 clicks on "Next". Control: the same across 9 route switches, which do replace
      the map (the base map is per route), proving the probe detects a remount.
  M3  time to first map painted: navigation start to the first numbered marker visible (and one frame later),
      median of N fresh browser contexts after 1 warm-up; baseline: the same map as a standalone folium HTML
      file (Leaflet inlined) opened from file:// in the same browser.
  M4  click "Next" until both the panel counter and the map's highlight show the next stage, 9 steps x
      rounds, timed inside the page (click event -> DOM mutation), split into WebSocket round trip / sidebar /
      map / script run over; baseline: the same stage change made with the stage picker.
  Page weight on a 390x844 phone context: response bodies by type (wire, raw, gzip), plus the WebSocket.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
SIDEBAR = '[data-testid="stSidebar"]'
PANEL = ".st-key-erm_panel"
COUNTER = f"{PANEL} section.erm-stage .erm-kicker"
NEXT_BUTTON = ".st-key-erm_next button"
START_QUERY = "?route=southern&stage=1&lang=en"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000  # the bound on any single wait
STEP_TIMEOUT_MS = 15_000
RESULTS = ROOT / "bench" / "results" / "browser.md"


# --------------------------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`streamlit run app.py` on a free port; stopped (by its own pid) in `stop`, even after an error."""

    def __init__(self, offline: bool):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="erm-bench-server-", suffix=".log", delete=False)  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
        ]
        if offline:
            command += ["--", "--offline"]
        env = {k: v for k, v in os.environ.items() if k != "ESCAPE_MAP_DATA"}
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60) -> float:
        start = time.perf_counter()
        deadline = start + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}: {self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit did not become healthy within {timeout}s: {self.log_text()}")

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


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

# Armed before each timed action: t0 is the next trusted click (capture phase); then a MutationObserver on the
# page, another on the map iframe's document, and a 4 ms poll record the first moment each condition holds
# (page clock). "run" is when stApp's data-test-script-state goes from running back to notRunning.
WATCH_JS = """
([counter, frameSel, text, step]) => {
  const w = {t0: null, sidebar: null, map: null, run: null, sawRunning: false};
  if (window.__ermWatch && window.__ermWatch.stop) window.__ermWatch.stop();
  window.__ermWatch = w;
  const observers = [];
  let observedDoc = null;
  const busy = (s) => s === 'running' || s === 'rerunRequested';
  const check = (records) => {
    const now = performance.now();
    if (w.t0 === null) return;
    for (const r of (Array.isArray(records) ? records : [])) {
      if (r.attributeName === 'data-test-script-state' && busy(r.oldValue)) w.sawRunning = true;
    }
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (busy(state)) w.sawRunning = true;
    if (w.sidebar === null) {
      const c = document.querySelector(counter);
      if (c && c.textContent.trim() === text) w.sidebar = now;
    }
    const f = document.querySelector(frameSel);
    const d = f && f.contentDocument;
    if (d && d !== observedDoc) {
      observedDoc = d;
      const mo = new MutationObserver(check);
      mo.observe(d, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
      observers.push(mo);
    }
    if (w.map === null && d && d.querySelector('path.erm-highlight-' + step)) w.map = now;
    if (w.run === null && w.sawRunning && state === 'notRunning') w.run = now;
    if (w.sidebar !== null && w.map !== null && w.run !== null) w.stop();
  };
  const onStart = (e) => { if (w.t0 === null && e.isTrusted) { w.t0 = performance.now(); check(); } };
  document.addEventListener('click', onStart, true);
  const mo = new MutationObserver(check);
  mo.observe(document, {childList: true, subtree: true, characterData: true, attributes: true,
                        attributeOldValue: true, attributeFilter: ['data-test-script-state', 'class']});
  observers.push(mo);
  const timer = setInterval(check, 4);
  w.stop = () => {
    clearInterval(timer);
    observers.forEach(o => o.disconnect());
    document.removeEventListener('click', onStart, true);
  };
  w.done = () => w.sidebar !== null && w.map !== null;
}
"""

READ_WATCH_JS = """
() => { const w = window.__ermWatch;
  const log = (window.__ermWs || []).filter(e => w.t0 !== null && e[1] >= w.t0);
  const out = log.find(e => e[0] === 'out'), ins = log.filter(e => e[0] === 'in');
  return {t0: w.t0, sidebar: w.sidebar, map: w.map, run: w.run,
          sent: out ? out[1] : null, first: ins.length ? ins[0][1] : null,
          last: ins.length ? ins[ins.length - 1][1] : null, messages: ins.length,
          bytes: ins.reduce((a, e) => a + e[2], 0), largest: ins.reduce((a, e) => Math.max(a, e[2]), 0)}; }
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


def open_selectbox(page: Page, which: str) -> None:
    """Open the route picker (in the sidebar, opened first if it is collapsed) or the stage picker (beside the map)."""
    if which == "route":
        if not page.locator(SIDEBAR).is_visible():
            page.locator('[data-testid="stExpandSidebarButton"]').click(timeout=STEP_TIMEOUT_MS)
            page.locator(SIDEBAR).wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
            page.wait_for_timeout(500)  # the sidebar slides in
        page.locator(f'{SIDEBAR} [data-testid="stSelectbox"]').first.click(timeout=STEP_TIMEOUT_MS)
    else:
        page.locator(f'{PANEL} [data-testid="stSelectbox"]').click(timeout=STEP_TIMEOUT_MS)


# ----------------------------------------------------------------------------------------------- M2


@dataclass
class RemountCount:
    changes: int = 0
    element_lost: int = 0
    window_lost: int = 0
    map_lost: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, probe: dict[str, bool], seconds: float) -> bool:
        self.changes += 1
        self.element_lost += not probe["element"]
        self.window_lost += not probe["window"]
        self.map_lost += not probe["map"]
        self.seconds.append(seconds)
        return not all(probe.values())

    @property
    def remounts(self) -> int:
        """Changes that replaced the iframe element or its window (either one loses the probe)."""
        return max(self.element_lost, self.window_lost)


def plant(page: Page) -> str:
    token = f"{random.getrandbits(64):016x}"
    page.evaluate(PLANT_JS, [MAP_FRAME, token])
    return token


def m2_next(page: Page, url: str, count: int, steps: int) -> RemountCount:
    open_app(page, url)
    result = RemountCount()
    token = plant(page)
    for step in range(2, steps + 2):
        start = time.perf_counter()
        page.locator(NEXT_BUTTON).click(timeout=STEP_TIMEOUT_MS)
        wait_stage(page, step, count)
        elapsed = time.perf_counter() - start
        wait_idle(page)
        if result.add(page.evaluate(PROBE_JS, [MAP_FRAME, token]), elapsed):
            token = plant(page)
    return result


def m2_route(page: Page, url: str, routes: list[Any], switches: int) -> RemountCount:
    open_app(page, url)
    result = RemountCount()
    token = plant(page)
    # southern -> mongolia -> sea -> vietnam -> southern ...: neighbours differ in stage and place counts, so
    # the wait below cannot be satisfied by the previous route's map.
    by_id = {r.route_id: r for r in routes}
    order = [by_id[i] for i in ("mongolia", "sea", "vietnam", "southern") if i in by_id]
    for i in range(switches):
        route = order[i % len(order)]
        open_selectbox(page, "route")
        option = page.get_by_role("option").get_by_text(route.text("name", "en"), exact=True)
        option.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
        start = time.perf_counter()
        option.click(timeout=STEP_TIMEOUT_MS)
        wait_stage(page, 1, len(route.legs), places=len(route.places), legs=len(route.legs))
        page.frame_locator(MAP_FRAME).locator(".erm-place").first.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
        elapsed = time.perf_counter() - start
        wait_idle(page)
        if result.add(page.evaluate(PROBE_JS, [MAP_FRAME, token]), elapsed):
            token = plant(page)
    return result


# ----------------------------------------------------------------------------------------------- M4


@dataclass
class Step:
    how: str
    round: int
    step: int
    both: float  # ms, click -> both sidebar and map show the step
    sidebar: float
    map: float
    run: float | None  # ms, click -> script run over (as the page sees it)
    sent: float | None  # ms, click -> the rerun request leaves on the WebSocket
    first: float | None  # ms, click -> first message back from the server
    last: float | None  # ms, click -> last message back (before the next step)
    messages: int
    ws_bytes: int
    ws_largest: int
    wall: float  # ms, Python: before the click -> wait satisfied (includes Playwright's round trips)
    remounted: bool


def m4_round(page: Page, url: str, how: str, rnd: int, count: int, steps: int) -> list[Step]:
    open_app(page, url)
    token = plant(page)
    out = []
    for step in range(2, steps + 2):
        watch = [COUNTER, MAP_FRAME, counter_text(step, count), step]
        if how == "selectbox":
            # Opening the list is not timed (the watcher is armed after it): t0 is the click on the option.
            open_selectbox(page, "stage")
            target = page.get_by_role("option").nth(step - 1)
            target.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
        else:
            target = page.locator(NEXT_BUTTON)
        page.evaluate(WATCH_JS, watch)
        start = time.perf_counter()
        target.click(timeout=STEP_TIMEOUT_MS)
        page.wait_for_function("() => window.__ermWatch.done()", timeout=STEP_TIMEOUT_MS, polling="raf")
        wall = (time.perf_counter() - start) * 1000
        wait_idle(page)
        w = page.evaluate(READ_WATCH_JS)
        page.evaluate("() => window.__ermWatch.stop()")
        if w["t0"] is None:
            raise RuntimeError(f"{how}: the click on step {step} was not seen by the page")
        probe = page.evaluate(PROBE_JS, [MAP_FRAME, token])
        remounted = not (probe["element"] and probe["window"])
        if remounted:
            token = plant(page)
        t0 = w["t0"]
        out.append(
            Step(
                how=how,
                round=rnd,
                step=step,
                both=max(w["sidebar"], w["map"]) - t0,
                sidebar=w["sidebar"] - t0,
                map=w["map"] - t0,
                run=None if w["run"] is None else w["run"] - t0,
                sent=None if w["sent"] is None else w["sent"] - t0,
                first=None if w["first"] is None else w["first"] - t0,
                last=None if w["last"] is None else w["last"] - t0,
                messages=w["messages"],
                ws_bytes=w["bytes"],
                ws_largest=w["largest"],
                wall=wall,
                remounted=remounted,
            )
        )
    return out


# ----------------------------------------------------------------------------------------------- M3


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
    context = new_context(browser, DESKTOP, online)
    try:
        page = context.new_page()
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
    finally:
        context.close()


def baseline_file(tmp: Path) -> Path:
    from components.assets import install_leaflet
    from components.data import read_journey
    from components.exports import standalone_map_html
    from components.texts import Texts

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


# ---------------------------------------------------------------------------------------- page weight


def category(resource_type: str, content_type: str, url: str) -> str:
    ct = content_type.split(";")[0].strip().lower()
    if resource_type == "font" or ct.startswith("font/") or url.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if resource_type == "script" or "javascript" in ct:
        return "JS"
    if resource_type == "stylesheet" or ct == "text/css":
        return "CSS"
    if resource_type == "document" or ct == "text/html":
        return "HTML"
    if resource_type == "image" or ct.startswith("image/"):
        return "images"
    return "data (HTTP)"


@dataclass
class Weight:
    rows: dict[str, list[int]]  # category -> [requests, served compressed, wire, raw, gzip]
    ws_frames: int
    ws_raw: int
    ws_gzip: int
    encoded: list[str]  # "<encoding> <url>" of responses served compressed
    biggest: list[tuple[int, int, str]]  # (raw, gzip, url)


def page_weight(browser: Browser, url: str, online: bool) -> Weight:
    context = new_context(
        browser,
        PHONE,
        online,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    )
    responses: list[Any] = []
    ws_payloads: list[bytes] = []
    last = [time.perf_counter()]

    def on_response(response: Any) -> None:
        responses.append(response)
        last[0] = time.perf_counter()

    def on_ws(ws: Any) -> None:
        def received(payload: Any) -> None:
            ws_payloads.append(payload if isinstance(payload, bytes) else payload.encode())
            last[0] = time.perf_counter()

        ws.on("framereceived", received)

    try:
        context.on("response", on_response)
        page = context.new_page()
        page.on("websocket", on_ws)
        page.goto(url + START_QUERY, wait_until="commit")
        page.frame_locator(MAP_FRAME).locator(".erm-place").first.wait_for(state="visible", timeout=TIMEOUT_MS)
        wait_idle(page, TIMEOUT_MS)
        deadline = time.perf_counter() + 15
        while time.perf_counter() - last[0] < 2.0 and time.perf_counter() < deadline:  # 2 s without traffic
            page.wait_for_timeout(200)
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        encoded: list[str] = []
        biggest = []
        for response in responses:
            if response.url.startswith(("data:", "blob:")) or response.status in (101, 204, 304):
                continue
            try:
                body = response.body()
            except Exception:  # e.g. a redirect: no body to count
                continue
            headers = response.headers
            short = response.url.replace(url, "/")
            encoding = headers.get("content-encoding", "")
            if encoding:
                encoded.append(f"{encoding} `{short}`")
            zipped = len(gzip.compress(body, compresslevel=6)) if body else 0
            row = rows[category(response.request.resource_type, headers.get("content-type", ""), response.url)]
            row[0] += 1
            row[1] += bool(encoding)
            row[2] += response.request.sizes().get("responseBodySize", 0)
            row[3] += len(body)
            row[4] += zipped
            biggest.append((len(body), zipped, short))
        ws_raw = sum(len(p) for p in ws_payloads)
        ws_gzip = sum(len(gzip.compress(p, compresslevel=6)) for p in ws_payloads)
        biggest.sort(reverse=True)
        return Weight(dict(rows), len(ws_payloads), ws_raw, ws_gzip, encoded, biggest[:8])
    finally:
        context.close()


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


# ---------------------------------------------------------------------------------------------- report


def split_rows(name: str, steps: list[Step]) -> list[list[str]]:
    rows = []
    for label, values in (
        ("rerun request sent (WebSocket out)", [s.sent for s in steps if s.sent is not None]),
        ("first server message (WebSocket in)", [s.first for s in steps if s.first is not None]),
        ("panel counter shows the stage", [s.sidebar for s in steps]),
        ("map highlight in the iframe", [s.map for s in steps]),
        ("**both (panel and map)**", [s.both for s in steps]),
        ("script run over (stApp notRunning)", [s.run for s in steps if s.run is not None]),
        ("last server message of the step", [s.last for s in steps if s.last is not None]),
        ("Python wall clock to both", [s.wall for s in steps]),
    ):
        rows.append(
            [
                name,
                label,
                str(len(values)),
                ms(median(values)),
                ms(percentile(values, 90)),
                ms(min(values) if values else None),
                ms(max(values) if values else None),
            ]
        )
    return rows


def m3_section(apps: list[Load], bases: list[Load], loads: int, warm: Load) -> list[str]:
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
        + f". Cold first load after the server started (warm-up, not counted): {warm.painted:.0f} ms.",
        "",
    ]


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
        "route selectbox, southern → mongolia → sea → vietnam → …) is the control: the base map is per route, "
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


def m4_section(all_steps: dict[str, list[Step]], rounds: int, steps: int) -> list[str]:
    button = all_steps["button"]
    rows = split_rows('"Next" button', button) + split_rows("stage selectbox (baseline)", all_steps["selectbox"])
    per_round = []
    for how, label in (("button", "Next"), ("selectbox", "selectbox")):
        for r in range(1, rounds + 1):
            both = [s.both for s in all_steps[how] if s.round == r]
            per_round.append([label, str(r), ms(median(both)), ms(percentile(both, 90)), ms(max(both))])
    remounts = sum(s.remounted for group in all_steps.values() for s in group)
    total = sum(len(group) for group in all_steps.values())
    m4_median = median([s.both for s in button])
    msgs = median([float(s.messages) for s in button])
    ws_kib = median([float(s.ws_bytes) for s in button]) / 1024
    largest_kib = median([float(s.ws_largest) for s in button]) / 1024
    return [
        f"## M4: click → map and panel updated ({steps} steps x {rounds} rounds per variant)",
        "",
        "Timed inside the page, desktop 1280x900: t0 = the trusted `click` event (capture phase); each milestone "
        "= the first moment (MutationObserver on the page and on the map iframe's document, plus a 4 ms poll) "
        "that the panel counter reads `Stage k of 10` / `path.erm-highlight-k` exists in the map iframe / "
        "stApp's `data-test-script-state` is back to `notRunning`; WebSocket times come from a wrapper around "
        "the page's WebSocket. Each round starts from a fresh load of stage 1; each step waits for the script "
        "run to end (+150 ms) before the next click. Baseline: the same stage changes made by choosing the stage "
        "in the sidebar selectbox (opening the list is not timed).",
        "",
        table(["action", "milestone (ms after the click)", "n", "median", "p90", "min", "max"], rows),
        "",
        table(["variant", "round", "median both", "p90 both", "max both"], per_round),
        "",
        f"Goal median <= 300 ms (Next →, both updated): **{'met' if m4_median <= 300 else 'not met'}** "
        f"({m4_median:.0f} ms). Per Next click the server sends a median of {msgs:.0f} WebSocket messages, "
        f"{ws_kib:.1f} KiB (the largest message: {largest_kib:.1f} KiB). Map remounts seen during M4: {remounts} of {total} changes.",
        "",
    ]


def weight_section(weight: Weight) -> list[str]:
    order = ["JS", "CSS", "fonts", "HTML", "data (HTTP)", "images"]
    rows = []
    total = [0, 0, 0, 0, 0]
    for name in order + sorted(set(weight.rows) - set(order)):
        if name not in weight.rows:
            continue
        r = weight.rows[name]
        total = [a + b for a, b in zip(total, r, strict=True)]
        rows.append([name, str(r[0]), str(r[1]), kib(r[2]), kib(r[3]), kib(r[4])])
    rows.append(
        [
            "**HTTP total**",
            str(total[0]),
            str(total[1]),
            f"**{kib(total[2])}**",
            f"**{kib(total[3])}**",
            f"**{kib(total[4])}**",
        ]
    )
    rows.append(
        [
            "WebSocket messages received (app content, incl. the map HTML)",
            str(weight.ws_frames),
            "",
            "",
            kib(weight.ws_raw),
            kib(weight.ws_gzip),
        ]
    )
    rows.append(
        ["**all**", "", "", "", f"**{kib(total[3] + weight.ws_raw)}**", f"**{kib(total[4] + weight.ws_gzip)}**"]
    )
    big = [[f"`{u[:100]}`", kib(raw), kib(z)] for raw, z, u in weight.biggest]
    return [
        "## Page weight: first visit on a 390x844 phone context (DPR 3, touch, mobile UA, empty cache)",
        "",
        "Every response until the map is drawn, the script run is over and 2 s pass without traffic. wire = "
        "`request.sizes()['responseBodySize']` (bytes as transferred), raw = `response.body()` (decoded), gzip = "
        "each body compressed by Python's gzip at level 6 (what serving it compressed would send). WebSocket: "
        "payloads as Playwright sees them (after any permessage-deflate), gzip per message.",
        "",
        table(["type", "requests", "served compressed", "wire KiB", "raw KiB", "gzip KiB"], rows),
        "",
        "Responses served with a Content-Encoding: " + (", ".join(weight.encoded) if weight.encoded else "none") + ".",
        "",
        "Largest responses:",
        "",
        table(["url", "raw KiB", "gzip KiB"], big),
        "",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="M4 rounds of 9 steps per variant (default 3)")
    parser.add_argument("--loads", type=int, default=7, help="M3 measured loads after 1 warm-up (default 7)")
    parser.add_argument("--steps", type=int, default=9, help="stage changes per round (default 9)")
    parser.add_argument("--online", action="store_true", help="draw tiles (answered 204 here) instead of --offline")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    from components.data import read_journey

    journey = read_journey(ROOT / "data").journey
    if journey is None:
        raise SystemExit("the shipped data does not load")
    southern = journey.route("southern")
    if southern is None:
        raise SystemExit("no southern route in the shipped data")
    count = len(southern.legs)
    steps = min(args.steps, count - 1)

    began = time.perf_counter()
    mode = "`--online` (tile requests answered 204 by Playwright)" if args.online else "`-- --offline` (no tiles)"
    report: list[str] = [
        "# Browser benchmarks: Escape Route Map",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S %z')} by `python bench/browser_bench.py"
        f"{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`. Server: `streamlit run app.py` on 127.0.0.1 "
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
    sections: list[str] = []
    server = Server(offline=not args.online)
    try:
        healthy = server.wait_healthy()
        with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="erm-bench-") as tmp:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                # Warm-up (not counted): the server's first script run imports and caches everything.
                warm = measure_load(browser, server.url + START_QUERY, True, args.online)
                print(f"server healthy after {healthy:.1f}s; cold first load {warm.painted:.0f} ms (not counted)")

                # M3 -- app and baseline interleaved, so drift hits both alike.
                base_url = baseline_file(Path(tmp)).as_uri()
                measure_load(browser, base_url, False, args.online)  # baseline warm-up
                apps: list[Load] = []
                bases: list[Load] = []
                for _ in range(args.loads):
                    apps.append(measure_load(browser, server.url + START_QUERY, True, args.online))
                    bases.append(measure_load(browser, base_url, False, args.online))
                    print(f"  M3 app {apps[-1].painted:.0f} ms, baseline {bases[-1].painted:.0f} ms")
                part = m3_section(apps, bases, args.loads, warm)
                part += [f"Load average after M3: {load_average()}.", ""]
                print("\n".join(part))
                sections += part

                # M2
                context = new_context(browser, DESKTOP, args.online)
                try:
                    page = context.new_page()
                    m2n = m2_next(page, server.url, count, steps)
                    m2r = m2_route(page, server.url, list(journey.routes), steps)
                finally:
                    context.close()
                part = m2_section(m2n, m2r, steps)
                print("\n".join(part))
                sections += part

                # M4
                all_steps: dict[str, list[Step]] = {}
                for how in ("button", "selectbox"):
                    context = new_context(browser, DESKTOP, args.online)
                    try:
                        page = context.new_page()
                        runs: list[Step] = []
                        for rnd in range(1, args.rounds + 1):
                            runs += m4_round(page, server.url, how, rnd, count, steps)
                            both = [s.both for s in runs if s.round == rnd]
                            print(f"  M4 {how} round {rnd}: median both {median(both):.0f} ms")
                        all_steps[how] = runs
                    finally:
                        context.close()
                part = m4_section(all_steps, args.rounds, steps)
                part += [f"Load average after M4: {load_average()}.", ""]
                print("\n".join(part))
                sections += part

                # Page weight
                part = weight_section(page_weight(browser, server.url, args.online))
                print("\n".join(part))
                sections += part
            finally:
                browser.close()
    finally:
        server.stop()

    report += sections
    report += [f"Load average at the end: {load_average()}. Total bench time {time.perf_counter() - began:.0f} s.", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(report), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
