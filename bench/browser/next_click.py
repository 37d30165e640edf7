"""Click "Next" until both the panel and the map show the next stage, against the same change made with the stage picker.

    python -m bench.browser.next_click [--rounds 3] [--steps 9]

`--steps` changes x `--rounds` rounds per variant, timed inside the page from the trusted click event to
the DOM mutations, split into WebSocket round trip / panel / map / script run over. Baseline: the same
stage changes made by choosing the stage in the stage picker (opening its list is not timed).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

from playwright.sync_api import Page

from bench.browser.common import (
    COUNTER,
    MAP_FRAME,
    NEXT_BUTTON,
    STEP_TIMEOUT_MS,
    MapProbe,
    Run,
    counter_text,
    desktop_page,
    load_average,
    median,
    ms,
    open_app,
    open_picker,
    parser,
    percentile,
    picked,
    run,
    table,
    wait_idle,
)

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
    probe = MapProbe(page)
    out = []
    for step in range(2, steps + 2):
        watch = [COUNTER, MAP_FRAME, counter_text(step, count), step]
        if how == "picker":
            # Opening the list is not timed (the watcher is armed after it): t0 is the click on the stage.
            open_picker(page, "stage")
            target = picked(page, step)
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
        found = probe.read()
        remounted = not (found["element"] and found["window"])
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


def m4_section(all_steps: dict[str, list[Step]], rounds: int, steps: int) -> list[str]:
    button = all_steps["button"]
    rows = split_rows('"Next" button', button) + split_rows("list of stages (baseline)", all_steps["picker"])
    per_round = []
    for how, label in (("button", "Next"), ("picker", "list of stages")):
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
        "in the panel's list of stages (opening the list is not timed).",
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


def add_arguments(found: argparse.ArgumentParser) -> argparse.ArgumentParser:
    found.add_argument("--rounds", type=int, default=3, help="rounds of --steps changes per variant (default 3)")
    return found


def measure(bench: Run, args: argparse.Namespace) -> list[str]:
    all_steps: dict[str, list[Step]] = {}
    for how in ("button", "picker"):
        with desktop_page(bench.browser, bench.online) as page:
            runs: list[Step] = []
            for rnd in range(1, args.rounds + 1):
                runs += m4_round(page, bench.server.url, how, rnd, bench.count, bench.steps)
                both = [s.both for s in runs if s.round == rnd]
                print(f"  M4 {how} round {rnd}: median both {median(both):.0f} ms")
            all_steps[how] = runs
    return [*m4_section(all_steps, args.rounds, bench.steps), f"Load average after M4: {load_average()}.", ""]


def main() -> int:
    args = add_arguments(parser((__doc__ or "").split("\n\n")[0])).parse_args()
    return run("Browser benchmark: Next → updated", "python -m bench.browser.next_click", [measure], args)


if __name__ == "__main__":
    sys.exit(main())
