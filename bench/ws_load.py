"""Protocol-level load generator for the Escape Route Map (Streamlit 1.67 websocket protocol, no browser).

Each simulated visitor ("session"):

1. opens the app's websocket ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol ``streamlit``);
2. **load**: sends ``BackMsg.rerun_script`` with the page's query string (what the browser does on page
   load) and reads ``ForwardMsg`` until ``script_finished``;
3. **step**: presses the *Next* button (``components.stage_panel.NEXT_KEY``, or another ``step_key``) as the browser
   does: with the id of the fragment the button is in, so only that fragment reruns, and reads until
   ``script_finished`` again;
4. stays connected until every session has finished (a room full of phones keeps the page open), so
   the server's memory is measured with all N sessions alive; then all sessions close.

Times are measured from the start of the websocket connect (load: this includes the handshake and the
server's per-session set-up, e.g. the file watcher) and from sending the widget change (step), each to
the ``script_finished`` message. A session fails if it cannot connect, a message takes longer than
``msg_timeout`` seconds, the script finishes with a status other than FINISHED_SUCCESSFULLY, the page
shows an exception element, the step button is missing, or (with ``check_stage``) the step did not
reach stage 2 (checked twice: "Stage 2 of" in an ``st.html`` body, and ``stage=2`` in the
``page_info_changed`` query string). The floor app (bench/floor_app.py) has no stages to check.
Failures are reported with their phase (connect, load, step). Percentiles are nearest-rank over all N
sessions with failed ones counted as infinitely slow (shown as "fail"). Also reported: the time from
connect to the first ForwardMsg (how long the server took to start this session's script).

This client only triggers the runs it asks for (1 load run + 1 step run per session); a browser on
our app triggers no more (the map does not report back once drawn, see components/builders/route_map.py),
a browser on the floor app one more. The map ``component_instance`` is received and ignored.

Server cost is read from /proc: CPU = utime + stime (+ children's, live and reaped) in seconds; RSS =
VmRSS of the server plus any child processes, sampled every 0.2 s (peak) and once when all sessions are
connected and done ("held"); optionally (``hold_s``) the server CPU while they stay connected and idle.
The load generator runs on the same machine and its own CPU is reported
too, because it competes with the server for the same cores.

Module use::

    from bench.ws_load import measure
    result = measure(port, pid, n=50, query="route=southern&stage=1&lang=en")

CLI::

    python -m bench.ws_load PORT PID N [QUERY]

Bounded: N <= 500, each message <= 60 s, the whole run <= 600 s (left-over sessions are cancelled and
counted as failures); connects to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import resource
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.ui.stage_panel import NEXT_KEY

HOST = "127.0.0.1"  # never anything else
DEFAULT_QUERY = "route=southern&stage=1&lang=en"
STEP_KEY = NEXT_KEY
MAX_SESSIONS = 500
MSG_TIMEOUT_S = 60.0
RUN_TIMEOUT_S = 600.0
_TICK = os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------------------- /proc


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()  # fields from "state" (field 3) on


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    """All live descendant processes of pid (found through the ppid field of /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ppid = int(_stat_fields(int(entry))[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def proc_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds, RSS MB) of pid plus its descendants; CPU includes reaped children (cutime+cstime)."""
    f = _stat_fields(pid)
    # after the ")": index 11 utime, 12 stime, 13 cutime, 14 cstime (fields 14-17 of proc(5))
    cpu = sum(int(x) for x in f[11:15]) / _TICK
    rss = _rss_mb(pid)
    for child in descendants(pid):
        try:
            cf = _stat_fields(child)
            cpu += (int(cf[11]) + int(cf[12])) / _TICK
            rss += _rss_mb(child)
        except (OSError, IndexError, ValueError):
            pass  # exited meanwhile
    return cpu, rss


class RssSampler:
    """Samples the server's RSS (with children) every `interval` s in a thread; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, proc_usage(self.pid)[1])
            except OSError:
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# ------------------------------------------------------------------------------------ protocol


@dataclass
class SessionResult:
    load_s: float | None = None
    step_s: float | None = None
    error: str | None = None
    fragment_runs: int = 0  # script runs that reran a fragment only
    full_runs: int = 0  # script runs of the whole page
    step_seen_in_page: bool = False
    step_seen_in_url: bool = False
    messages: int = 0
    bytes: int = 0
    phase: str = "connect"  # where a failure happened: connect, load, step
    first_msg_s: float | None = None  # connect start -> first ForwardMsg of the load (server picked it up)

    @property
    def ok(self) -> bool:
        return self.error is None and self.load_s is not None and self.step_s is not None


@dataclass
class _RunState:
    step_widget: tuple[str, str] | None = None  # (widget id, id of the fragment it is in, or "")
    step_key: str = STEP_KEY
    page_script_hash: str = ""
    query_string: str = ""
    html: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    t0: float = 0.0


class SessionFailedError(Exception):
    pass


async def _read_until_finished(ws: Any, res: SessionResult, st: _RunState, timeout: float) -> None:
    st.html.clear()
    while True:
        try:
            raw = await asyncio.wait_for(ws.recv(), timeout)
        except TimeoutError:
            raise SessionFailedError(f"no message for {timeout:.0f} s") from None
        res.messages += 1
        res.bytes += len(raw)
        if res.first_msg_s is None:
            res.first_msg_s = time.perf_counter() - st.t0
        fm = ForwardMsg()
        fm.ParseFromString(raw)
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            st.page_script_hash = fm.new_session.page_script_hash
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            etype = el.WhichOneof("type")
            if etype == "button" and el.button.id.endswith(st.step_key):
                st.step_widget = (el.button.id, fm.delta.fragment_id)
            elif etype == "html":
                st.html.append(el.html.body)
            elif etype == "exception":
                st.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:160])
        elif kind == "page_info_changed":
            st.query_string = fm.page_info_changed.query_string
        elif kind == "script_finished":
            status = fm.script_finished
            if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                res.full_runs += 1
            elif status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                res.fragment_runs += 1
            else:
                raise SessionFailedError(f"script_finished {ForwardMsg.ScriptFinishedStatus.Name(status)}")
            if st.exceptions:
                raise SessionFailedError(f"exception on page: {st.exceptions[0]}")
            return


async def press(ws: Any, st: _RunState, res: SessionResult, button: tuple[str, str], timeout: float) -> None:
    """Press a button as the browser does: in its fragment, if it is in one; read until the run is over."""
    wid, fragment = button
    bm = BackMsg()
    bm.rerun_script.query_string = st.query_string  # the URL as the app last set it
    bm.rerun_script.page_script_hash = st.page_script_hash
    bm.rerun_script.fragment_id = fragment
    w = bm.rerun_script.widget_states.widgets.add()
    w.id = wid
    w.trigger_value = True
    await ws.send(bm.SerializeToString())
    await _read_until_finished(ws, res, st, timeout)


async def one_session(
    port: int,
    query: str,
    msg_timeout: float,
    all_done: asyncio.Event,
    res: SessionResult,
    step_key: str = STEP_KEY,
    check_stage: bool = True,
) -> None:
    """One visitor: connect, load, step once, then stay connected until `all_done` is set."""
    url = f"ws://{HOST}:{port}/_stcore/stream"
    st = _RunState(query_string=query, step_key=step_key)
    try:
        t0 = st.t0 = time.perf_counter()
        async with websockets.connect(
            url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=msg_timeout,
            ping_interval=None,  # the browser doesn't ping either; avoids client-side drops under load
            close_timeout=5,
        ) as ws:
            res.phase = "load"
            bm = BackMsg()
            bm.rerun_script.query_string = query
            await ws.send(bm.SerializeToString())
            await _read_until_finished(ws, res, st, msg_timeout)
            res.load_s = time.perf_counter() - t0
            if st.step_widget is None:
                raise SessionFailedError(f"step button {step_key!r} not found in the page")
            if check_stage and not any("Stage 1 of" in body for body in st.html):
                raise SessionFailedError("load did not show 'Stage 1 of'")

            res.phase = "step"
            t1 = time.perf_counter()
            await press(ws, st, res, st.step_widget, msg_timeout)
            res.step_s = time.perf_counter() - t1
            if check_stage:
                res.step_seen_in_page = any("Stage 2 of" in body for body in st.html)
                res.step_seen_in_url = "stage=2" in st.query_string.split("&")
                if not (res.step_seen_in_page and res.step_seen_in_url):
                    raise SessionFailedError(
                        f"step not applied (page: {res.step_seen_in_page}, url: {res.step_seen_in_url})"
                    )
            res.phase = "held"
            await all_done.wait()  # keep the session open like a phone would
    except SessionFailedError as e:
        res.error = f"{res.phase}: {e}"
    except asyncio.CancelledError:
        res.error = res.error or f"{res.phase}: cancelled (run time limit)"
        raise
    except Exception as e:  # connect refused, connection closed, protocol errors …
        res.error = f"{res.phase}: {type(e).__name__}: {e}"[:200]


# ------------------------------------------------------------------------------------- measure


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no data. With 10 samples, p95 is the maximum.

    Failed sessions are passed in as +inf (a visitor who never got the page is slower than every one
    who did), so a p95 over a run with more than 5 % failures is inf, shown as "fail".
    """
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


@dataclass
class RunResult:
    n: int
    ok: int
    failures: int
    errors: dict[str, int]
    load_p50: float
    load_p95: float
    step_p50: float
    step_p95: float
    wall_s: float
    cpu_s: float
    rss_before_mb: float
    rss_held_mb: float
    rss_peak_mb: float
    client_cpu_s: float
    bytes_per_session: float
    held_idle_cpu_s: float = 0.0
    hold_s: float = 0.0
    full_runs: int = 0  # whole-page script runs over all sessions (load and step)
    fragment_runs: int = 0
    first_msg_p50: float = float("nan")  # connect start -> first ForwardMsg: how long the server queued us
    first_msg_p95: float = float("nan")
    load_p95_ok: float = float("nan")  # over the successful sessions only
    step_p95_ok: float = float("nan")

    @property
    def cpu_per_session(self) -> float:
        return self.cpu_s / self.n

    @property
    def rss_per_session_mb(self) -> float:
        return (self.rss_held_mb - self.rss_before_mb) / self.n

    def line(self) -> str:
        def ms(x: float) -> str:
            return "n/a" if math.isnan(x) else "fail" if math.isinf(x) else f"{x * 1000:.0f}ms"

        text = (
            f"n={self.n} ok={self.ok} failures={self.failures} wall={self.wall_s:.1f}s | "
            f"load p50={ms(self.load_p50)} p95={ms(self.load_p95)} | "
            f"step p50={ms(self.step_p50)} p95={ms(self.step_p95)} | "
            f"first msg p50={ms(self.first_msg_p50)} p95={ms(self.first_msg_p95)} | "
            f"server cpu={self.cpu_s:.2f}s ({self.cpu_per_session:.3f}s/session) "
            f"rss {self.rss_before_mb:.0f}->{self.rss_held_mb:.0f} MB (peak {self.rss_peak_mb:.0f}, "
            f"{self.rss_per_session_mb:.2f} MB/session) | client cpu={self.client_cpu_s:.1f}s"
        )
        if self.errors:
            text += "\n  errors: " + "; ".join(f"{k} ×{v}" for k, v in self.errors.items())
        return text


async def _run(
    port: int,
    n: int,
    query: str,
    msg_timeout: float,
    run_timeout: float,
    pid: int,
    hold_s: float,
    step_key: str,
    check_stage: bool,
) -> tuple[list[SessionResult], float, float, float, float]:
    all_done = asyncio.Event()
    results = [SessionResult() for _ in range(n)]
    t0 = time.perf_counter()
    tasks = [
        asyncio.create_task(one_session(port, query, msg_timeout, all_done, r, step_key, check_stage)) for r in results
    ]
    while time.perf_counter() - t0 < run_timeout:
        if all(r.error is not None or r.step_s is not None for r in results):
            break
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.05)
    wall = time.perf_counter() - t0
    cpu_done, rss_held = proc_usage(pid)  # all surviving sessions still connected
    held_idle_cpu = 0.0
    if hold_s > 0:  # what open, idle sessions cost (file watchers, …)
        await asyncio.sleep(hold_s)
        held_idle_cpu = proc_usage(pid)[0] - cpu_done
    all_done.set()
    await asyncio.sleep(0)
    _, pending = await asyncio.wait(tasks, timeout=30)
    for t in pending:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results, wall, cpu_done, rss_held, held_idle_cpu


def measure(
    port: int,
    pid: int,
    n: int,
    query: str = DEFAULT_QUERY,
    msg_timeout: float = MSG_TIMEOUT_S,
    run_timeout: float = RUN_TIMEOUT_S,
    hold_s: float = 0.0,
    step_key: str = STEP_KEY,
    check_stage: bool = True,
) -> RunResult:
    """Open n sessions at once against the server at 127.0.0.1:port (process pid) and measure."""
    if not 1 <= n <= MAX_SESSIONS:
        raise ValueError(f"n must be 1..{MAX_SESSIONS}")
    cpu0, rss0 = proc_usage(pid)
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    with RssSampler(pid) as sampler:
        results, wall, cpu1, rss_held, held_idle_cpu = asyncio.run(
            _run(port, n, query, msg_timeout, run_timeout, pid, min(hold_s, 60.0), step_key, check_stage)
        )
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    errors: dict[str, int] = {}
    for r in results:
        if not r.ok:
            key = r.error or "incomplete"
            errors[key] = errors.get(key, 0) + 1
    ok = [r for r in results if r.ok]
    inf = float("inf")
    # every session counts; a failed load (or a step that failed or never happened) counts as +inf
    loads = [r.load_s if r.load_s is not None and r.phase not in ("connect", "load") else inf for r in results]
    steps = [r.step_s if r.ok and r.step_s is not None else inf for r in results]
    firsts = [r.first_msg_s if r.first_msg_s is not None else inf for r in results]
    return RunResult(
        n=n,
        ok=len(ok),
        failures=n - len(ok),
        errors=errors,
        load_p50=percentile(loads, 50),
        load_p95=percentile(loads, 95),
        step_p50=percentile(steps, 50),
        step_p95=percentile(steps, 95),
        first_msg_p50=percentile(firsts, 50),
        first_msg_p95=percentile(firsts, 95),
        load_p95_ok=percentile([r.load_s for r in ok if r.load_s is not None], 95),
        step_p95_ok=percentile([r.step_s for r in ok if r.step_s is not None], 95),
        wall_s=wall,
        cpu_s=cpu1 - cpu0,
        rss_before_mb=rss0,
        rss_held_mb=rss_held,
        rss_peak_mb=max(sampler.peak, rss_held),
        client_cpu_s=(ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime),
        bytes_per_session=sum(r.bytes for r in results) / n,
        held_idle_cpu_s=held_idle_cpu,
        hold_s=hold_s,
        full_runs=sum(r.full_runs for r in results),
        fragment_runs=sum(r.fragment_runs for r in results),
    )


def main(argv: list[str]) -> int:
    if len(argv) not in (4, 5):
        print(__doc__.split("Module use")[0].strip().splitlines()[0])
        print("usage: python -m bench.ws_load PORT PID N [QUERY]")
        return 2
    port, pid, n = int(argv[1]), int(argv[2]), int(argv[3])
    query = argv[4] if len(argv) == 5 else DEFAULT_QUERY
    result = measure(port, pid, n, query)
    print(result.line())
    print(
        json.dumps(
            {
                **asdict(result),
                "cpu_per_session": result.cpu_per_session,
                "rss_per_session_mb": result.rss_per_session_mb,
            }
        )
    )
    return 0 if result.failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
