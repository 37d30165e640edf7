"""The screening room: the story page against the floor, side by side in one run (issue #9's measures).

    python -m bench.screening_room [--sessions 100] [--repeats 3] [--steps 40] [--churn 10]

Two servers are started from the repository root with the shipped .streamlit/config.toml: the app
(`app.py`) and the floor (`bench/floor_app.py`: the first route as one folium line and one button).
For each, in alternating order so both see the same machine:

1. **stage change**: one visitor loads the page and presses Next / Previous `--steps` times, one after
   another; the server's CPU per press (all its threads) and the wall time per press, medians;
2. **a room at once**: `--sessions` visitors open the page at once and each steps once
   (bench/ws_load.py); p95 time to the first script run's end, p95 step, failures, whole-page and
   fragment runs per visitor, bytes per visitor; repeated `--repeats` times;
3. **coming and going**: `--churn` rounds of `--sessions` visitors who arrive, step and leave; the
   server's memory after the first round and after the last.

Prints a markdown report with the ratio app / floor for each figure. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg

from bench import ws_load
from bench.machine import describe, settle
from components.ui.stage_panel import NEXT_KEY, PREVIOUS_KEY
from deploy.server import Server, stop_all_on_sigterm

APPS = {
    "app": ("app.py", NEXT_KEY, PREVIOUS_KEY, True),
    "floor": ("bench/floor_app.py", "floor_next", "floor_next", False),
}
QUERY = "route=southern&lang=en"


@dataclass
class Figures:
    step_cpu_ms: list[float] = field(default_factory=list)
    step_wall_ms: list[float] = field(default_factory=list)
    load_p95_s: list[float] = field(default_factory=list)
    step_p95_s: list[float] = field(default_factory=list)
    failures: int = 0
    full_runs_per_visit: float = 0.0
    fragment_runs_per_visit: float = 0.0
    kb_per_visit: float = 0.0
    rss_first_mb: float = 0.0
    rss_last_mb: float = 0.0


async def _stepping(port: int, pid: int, forward: str, back: str, steps: int) -> tuple[list[float], list[float]]:
    """One visitor pressing Next (and Previous at the end of the route), one press after another."""
    cpu_ms, wall_ms = [], []
    async with websockets.connect(
        f"ws://{ws_load.HOST}:{port}/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,  # type: ignore[list-item]
    ) as ws:
        res, st = ws_load.SessionResult(), ws_load._RunState(query_string=QUERY)
        buttons: dict[str, tuple[str, str]] = {}
        bm = BackMsg()
        bm.rerun_script.query_string = QUERY
        for key in (forward, back):  # learn both buttons' ids from the first run
            st.step_key = key
            await ws.send(bm.SerializeToString())
            await ws_load._read_until_finished(ws, res, st, 60)
            assert st.step_widget is not None, f"no button {key}"
            buttons[key] = st.step_widget
        key = forward
        for i in range(steps):
            if forward != back and i % 9 == 8:  # turn round before the end of the route
                key = back if key == forward else forward
            c0, t0 = ws_load.proc_usage(pid)[0], time.perf_counter()
            await ws_load.press(ws, st, res, buttons[key], 60)
            wall_ms.append((time.perf_counter() - t0) * 1000)
            cpu_ms.append((ws_load.proc_usage(pid)[0] - c0) * 1000)
    return cpu_ms, wall_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--churn", type=int, default=10)
    args = parser.parse_args()
    stop_all_on_sigterm()
    logs = Path(tempfile.mkdtemp(prefix="screening-room-"))
    with ExitStack() as running:
        servers = {
            name: running.enter_context(Server(script, log=logs / f"{name}.log")) for name, (script, *_) in APPS.items()
        }
        figures = measure(servers, args)
    report(figures, args)
    return 0


def measure(servers: dict[str, Server], args: argparse.Namespace) -> dict[str, Figures]:
    """The three measures, app and floor alternating."""
    figures = {name: Figures() for name in APPS}
    order = list(APPS)
    for name, server in servers.items():  # warm-up: imports, caches
        _, forward, back, check = APPS[name]
        ws_load.measure(server.port, server.pid, 1, QUERY, step_key=forward, check_stage=check)
        asyncio.run(_stepping(server.port, server.pid, forward, back, 5))
    for repeat in range(args.repeats):
        for name in order if repeat % 2 == 0 else order[::-1]:
            server = servers[name]
            _, forward, back, check = APPS[name]
            settle(server.pid)
            cpu, wall = asyncio.run(_stepping(server.port, server.pid, forward, back, args.steps))
            figures[name].step_cpu_ms += cpu
            figures[name].step_wall_ms += wall
            settle(server.pid)
            result = ws_load.measure(server.port, server.pid, args.sessions, QUERY, step_key=forward, check_stage=check)
            print(
                f"[{name} r{repeat}] {result.line()} | runs: {result.full_runs} full, {result.fragment_runs} fragment"
            )
            f = figures[name]
            f.load_p95_s.append(result.load_p95)
            f.step_p95_s.append(result.step_p95)
            f.failures += result.failures
            f.full_runs_per_visit = result.full_runs / args.sessions
            f.fragment_runs_per_visit = result.fragment_runs / args.sessions
            f.kb_per_visit = result.bytes_per_session / 1024
    for name in order:
        server = servers[name]
        _, forward, _, check = APPS[name]
        for round_ in range(args.churn):
            settle(server.pid)
            ws_load.measure(server.port, server.pid, args.sessions, QUERY, step_key=forward, check_stage=check)
            time.sleep(2)  # the sessions' clean-up
            rss = ws_load.proc_usage(server.pid)[1]
            if round_ == 0:
                figures[name].rss_first_mb = rss
            figures[name].rss_last_mb = rss
        print(f"[{name}] churn: RSS {figures[name].rss_first_mb:.0f} → {figures[name].rss_last_mb:.0f} MB")
    return figures


def report(figures: dict[str, Figures], args: argparse.Namespace) -> None:
    app, floor = figures["app"], figures["floor"]

    def med(xs: list[float]) -> float:
        return statistics.median(xs) if xs else float("nan")

    def mean(xs: list[float]) -> float:  # CPU time is read in clock ticks (10 ms): only the total is exact
        return statistics.fmean(xs) if xs else float("nan")

    rows = [
        ("stage change, server CPU per press (ms, mean)", mean(app.step_cpu_ms), mean(floor.step_cpu_ms), ".1f"),
        ("stage change, wall per press (ms, median)", med(app.step_wall_ms), med(floor.step_wall_ms), ".1f"),
        (
            f"{args.sessions} at once: p95 first run (s, median of repeats)",
            med(app.load_p95_s),
            med(floor.load_p95_s),
            ".2f",
        ),
        (
            f"{args.sessions} at once: p95 step (s, median of repeats)",
            med(app.step_p95_s),
            med(floor.step_p95_s),
            ".2f",
        ),
        ("whole-page runs per visit (load + one step)", app.full_runs_per_visit, floor.full_runs_per_visit, ".2f"),
        ("fragment runs per visit", app.fragment_runs_per_visit, floor.fragment_runs_per_visit, ".2f"),
        ("KB sent per visit", app.kb_per_visit, floor.kb_per_visit, ".0f"),
    ]
    print(f"\n{describe()}\n")
    print("| measure | app | floor | app / floor |")
    print("|---|---|---|---|")
    for label, ours, theirs, fmt in rows:
        ratio = f"{ours / theirs:.2f}×" if theirs else "–"
        print(f"| {label} | {ours:{fmt}} | {theirs:{fmt}} | {ratio} |")
    print(f"| failures over {args.repeats}×{args.sessions} visitors | {app.failures} | {floor.failures} | |")
    for name, f in figures.items():
        print(
            f"| {name}: RSS after 1 and {args.churn} rounds of {args.sessions} | {f.rss_first_mb:.0f} → "
            f"{f.rss_last_mb:.0f} MB | +{f.rss_last_mb - f.rss_first_mb:.0f} MB | |"
        )


if __name__ == "__main__":
    sys.exit(main())
