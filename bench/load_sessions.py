"""A room full of phones: N sessions at once, shipped settings against Streamlit's defaults (issue measure 6).

For each config a fresh Streamlit server is started (127.0.0.1 only), optionally warmed up with one
session (reported), then N = 10, 50, 100 sessions are opened at once against it with bench/ws_load.py
(the load generator: each loads the page and presses Next once). The script prints a markdown report, and writes the same report
to bench/results/concurrency.md:

* one row per config and N: ok, failures, p50/p95 time to ``script_finished`` for the load and the
  step, server CPU seconds (total and per session), server RSS with all N sessions connected (total,
  and the growth per session);
* the ratio defaults ÷ tuned for p95, CPU and RSS growth, side by side, from the same invocation;
* a verdict against the goal: 100 sessions, 0 failures, p95 ≤ 2 s.

Configs (both with ``--server.enableStaticServing true --browser.gatherUsageStats false``):

* ``tuned``: the repo's .streamlit/config.toml as shipped (picked up from the working directory);
* ``defaults``: the same, with the tuned options put back to Streamlit's defaults on the command line:
  ``--server.fileWatcherType auto --runner.postScriptGC true``.

The servers are always stopped at the end, also on error or Ctrl-C. Nothing here asserts on time.

usage: python -m bench.load_sessions [--ns 10,50,100] [--configs tuned,defaults] [--repeats 1]
                                   [--snapshot REF] [--server-per config|run] [--no-warmup]
                                   [--hold 5] [--out bench/results/concurrency.md]

``--snapshot REF`` runs a ``git archive REF`` copy of the app from a temporary directory instead of the
working tree, so parallel edits in /work/main cannot change the app under test mid-run;
``--snapshot worktree`` copies the working tree as it is now (uncommitted changes included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import ws_load
from bench.machine import describe, settle, system_busy_s, wait_quiet
from bench.snapshot import snapshot
from components.ui.stage_panel import NEXT_KEY
from deploy.server import ROOT as REPO
from deploy.server import Server, stop_all, stop_all_on_sigterm

COMMON = [
    "--server.enableStaticServing",
    "true",
    "--browser.gatherUsageStats",
    "false",
]
CONFIGS: dict[str, list[str]] = {
    "tuned": [],
    "defaults": ["--server.fileWatcherType", "auto", "--runner.postScriptGC", "true"],
    # optional, to attribute the difference (not run unless named in --configs):
    "tuned+gc": ["--runner.postScriptGC", "true"],
    "tuned+watcher": ["--server.fileWatcherType", "auto"],
}
BASELINE, CANDIDATE = "defaults", "tuned"
GOAL_N, GOAL_P95_S = 100, 2.0
QUIET = {True: "quiet", False: "**not quiet**", None: "not checked"}

# ------------------------------------------------------------------------------------ runs


@dataclass
class Row:
    config: str
    n: int
    repeat: int
    result: ws_load.RunResult
    other_cpu_s: float  # CPU used by everything else on the machine during the run (noise)
    held_idle_cpu_s: float  # server CPU while all sessions stayed connected and idle for `hold` s
    hold_s: float
    loadavg: str
    waited_s: float = 0.0
    quiet: bool | None = None  # None: not checked (--quiet-wait 0)


def run_one(config: str, n: int, repeat: int, port: int, pid: int, hold: float, quiet_wait: float) -> Row:
    waited, quiet = wait_quiet(pid, quiet_wait) if quiet_wait > 0 else (0.0, None)
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    busy0 = system_busy_s()
    result = ws_load.measure(port, pid, n, ws_load.DEFAULT_QUERY, hold_s=hold)
    busy1 = system_busy_s()
    other = (busy1 - busy0) - result.cpu_s - result.client_cpu_s - result.held_idle_cpu_s
    row = Row(config, n, repeat, result, max(0.0, other), result.held_idle_cpu_s, hold, loadavg, waited, quiet)
    print(
        f"[{config} r{repeat}] {result.line()} | other procs cpu={row.other_cpu_s:.1f}s "
        f"| idle-held cpu={row.held_idle_cpu_s:.2f}s/{hold:.0f}s | loadavg {loadavg} "
        f"| waited {waited:.0f}s for a quiet machine ({QUIET[quiet]})",
        flush=True,
    )
    return row


# ------------------------------------------------------------------------------------ report


def fmt_s(x: float) -> str:
    return "n/a" if math.isnan(x) else "fail" if math.isinf(x) else f"{x:.2f}"


def ratio(a: float, b: float) -> str:
    """a ÷ b; a percentile that is a failure (inf) makes the ratio unbounded."""
    if math.isnan(a) or math.isnan(b):
        return "n/a"
    if math.isinf(a) and math.isinf(b):
        return "both fail"
    if math.isinf(a):
        return f"∞ ({BASELINE} fail)"
    if math.isinf(b):
        return f"0 ({CANDIDATE} fail)"
    if b <= 0:
        return "n/a"
    return f"{a / b:.1f}×"


def med(rows: list[Row], attr: str) -> float:
    vals = [getattr(r.result, attr) for r in rows]
    vals = [v for v in vals if not (isinstance(v, float) and math.isnan(v))]
    return statistics.median(vals) if vals else float("nan")


def summary(rows: list[Row]) -> dict[str, float]:
    """Median over repeats (failures: summed)."""
    return {
        "ok": sum(r.result.ok for r in rows),
        "failures": sum(r.result.failures for r in rows),
        "n": sum(r.n for r in rows),
        **{
            a: med(rows, a)
            for a in (
                "load_p50",
                "load_p95",
                "step_p50",
                "step_p95",
                "cpu_s",
                "cpu_per_session",
                "rss_held_mb",
                "rss_per_session_mb",
                "rss_peak_mb",
                "client_cpu_s",
                "wall_s",
            )
        },
        "other_cpu_s": statistics.median(r.other_cpu_s for r in rows),
        "held_idle_cpu_s": statistics.median(r.held_idle_cpu_s for r in rows),
    }


def report(
    meta: dict[str, str],
    warmups: list[Row],
    rows: list[Row],
    configs: list[str],
    ns: list[int],
    repeats: int,
    notes: list[str],
) -> str:
    out: list[str] = []
    w = out.append
    w("# Concurrency: a room full of phones (protocol-level, shipped settings vs Streamlit defaults)")
    w("")
    w(
        f"Generated by `python -m bench.load_sessions {meta['args']}` on {meta['date']}. "
        "Benchmark, not a test: nothing asserts on time; compare only within this file."
    )
    w("")
    w(
        "**Machine:** "
        + ", ".join(f"{k} {meta[k]}" for k in ("nproc", "cpu", "memory", "python", "streamlit", "websockets", "kernel"))
    )
    w(f"**App under test:** {meta['app']}. Page-load query `{ws_load.DEFAULT_QUERY}`.")
    w("")
    w(
        "**Configs** (both: `--server.address 127.0.0.1 --server.enableStaticServing true "
        "--browser.gatherUsageStats false`, and the repo's `.streamlit/config.toml` from the working directory):"
    )
    w("")
    w('* `tuned` = the shipped config (`server.fileWatcherType = "none"`, `runner.postScriptGC = false`, …).')
    w(
        "* `defaults` = the same plus `--server.fileWatcherType auto --runner.postScriptGC true` "
        "(Streamlit's defaults for the two tuned options). Each config gets a fresh server"
        + (" for every run." if meta["server_per"] == "run" else "; its runs (warm-up, then N ascending) share it.")
    )
    for extra in configs:
        if extra not in (BASELINE, CANDIDATE):
            w(f"* `{extra}` = `tuned` plus `{' '.join(CONFIGS[extra])}` (attribution).")
    w("")
    w(
        "**What one session does:** open the websocket, send `rerun_script` with the query string and read "
        "until `script_finished` (**load**, timed from the start of the connect, so it includes the server's "
        f"per-session set-up), then press Next (`{NEXT_KEY}`, in the fragment it is in, as the browser does) and read until "
        "`script_finished` (**step**, timed from sending). "
        'A step counts only if the page shows "Stage 2 of" and the URL sync sends `stage=2`. All N sessions '
        "start at once and stay connected until all are done; RSS is read then. Failure = connect error, a "
        f"message gap > {ws_load.MSG_TIMEOUT_S:.0f} s, a non-successful `script_finished`, an exception "
        "element, or a step that did not apply."
    )
    w("")
    w(
        "**Not a browser:** a browser page load causes 2 script runs (the map component reports its initial "
        "state back and that reruns the script); this client triggers only the runs it asks for (1 load + 1 "
        "step per session) and ignores the map `component_instance`. Real phones therefore cost roughly one "
        "extra run per page load on top of these numbers, plus static files (not served here)."
    )
    w("")
    rep = f" (median of {repeats} repeats; failures summed)" if repeats > 1 else ""
    w(f"## Results{rep}")
    w("")
    w(
        "Times in seconds. CPU = server process utime+stime during the run (+children). RSS = server RSS with "
        "all N sessions connected; RSS MB/session = growth over the run ÷ N."
    )
    w("")
    w(
        "| config | N | ok | failures | load p50 | load p95 | step p50 | step p95 | CPU s | CPU s/session "
        "| RSS MB | RSS MB/session |"
    )
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    by: dict[tuple[str, int], dict[str, float]] = {}
    for wu in warmups:
        r = wu.result
        w(
            f"| {wu.config} (warm-up) | 1 | {r.ok} | {r.failures} | {fmt_s(r.load_p50)} | {fmt_s(r.load_p95)} "
            f"| {fmt_s(r.step_p50)} | {fmt_s(r.step_p95)} | {r.cpu_s:.2f} | {r.cpu_per_session:.3f} "
            f"| {r.rss_held_mb:.0f} | – (start-up: imports) |"
        )
    for n in ns:
        for config in configs:
            sel = [r for r in rows if r.config == config and r.n == n]
            if not sel:
                continue
            s = by[(config, n)] = summary(sel)
            w(
                f"| {config} | {n} | {s['ok']:.0f} | {s['failures']:.0f} | {fmt_s(s['load_p50'])} "
                f"| {fmt_s(s['load_p95'])} | {fmt_s(s['step_p50'])} | {fmt_s(s['step_p95'])} "
                f"| {s['cpu_s']:.2f} | {s['cpu_per_session']:.3f} | {s['rss_held_mb']:.0f} "
                f"| {s['rss_per_session_mb']:.2f} |"
            )
        b, c = by.get((BASELINE, n)), by.get((CANDIDATE, n))
        if b and c:
            w(
                f"| **{BASELINE} ÷ {CANDIDATE}** | {n} | | | | **{ratio(b['load_p95'], c['load_p95'])}** | | "
                f"**{ratio(b['step_p95'], c['step_p95'])}** | **{ratio(b['cpu_s'], c['cpu_s'])}** "
                f"| {ratio(b['cpu_per_session'], c['cpu_per_session'])} | "
                f"| {ratio(b['rss_per_session_mb'], c['rss_per_session_mb'])} |"
            )
    w("")
    w(
        f"## Side by side: ratio = {BASELINE} ÷ {CANDIDATE} (same invocation; > 1× means the shipped settings are better)"
    )
    w("")
    w(
        "| N | load p95 tuned | load p95 defaults | ratio | step p95 tuned | step p95 defaults | ratio "
        "| CPU s/session tuned | CPU s/session defaults | ratio | failures tuned / defaults |"
    )
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in ns:
        b, c = by.get((BASELINE, n)), by.get((CANDIDATE, n))
        if not (b and c):
            continue
        w(
            f"| {n} | {fmt_s(c['load_p95'])} | {fmt_s(b['load_p95'])} | {ratio(b['load_p95'], c['load_p95'])} "
            f"| {fmt_s(c['step_p95'])} | {fmt_s(b['step_p95'])} | {ratio(b['step_p95'], c['step_p95'])} "
            f"| {c['cpu_per_session']:.3f} | {b['cpu_per_session']:.3f} "
            f"| {ratio(b['cpu_per_session'], c['cpu_per_session'])}{' †' if b['failures'] or c['failures'] else ''} "
            f"| {c['failures']:.0f} / {b['failures']:.0f} |"
        )
    w("")
    w("† a run with failures: its CPU is not like for like (see Notes).")
    w("")
    w(f"## Goal: {GOAL_N} sessions, 0 failures, p95 ≤ {GOAL_P95_S:.0f} s (load and step)")
    w("")
    for config in configs:
        goal = by.get((config, GOAL_N))
        if goal is None:
            w(f"* `{config}`: not run at N = {GOAL_N}.")
            continue
        s = goal
        worst = max(s["load_p95"], s["step_p95"]) if s["ok"] else float("nan")
        met = s["failures"] == 0 and not math.isnan(worst) and worst <= GOAL_P95_S
        w(
            f"* `{config}`: {'**met**' if met else '**not met**'} — {s['failures']:.0f} failures, "
            f"load p95 {fmt_s(s['load_p95'])}, step p95 {fmt_s(s['step_p95'])} (s)."
        )
    w("")
    w("## Run details (every run; noise indicators)")
    w("")
    w(
        "`wall` = from first connect until every session finished or failed. `first msg` = connect start → "
        "first ForwardMsg of the load (time the server took to start the session's script). `client CPU` = this load "
        "generator, on the same cores. `other CPU` = everything else on the machine during the run "
        "(should be ≈ 0; if large, re-run). `idle-held CPU` = server CPU while all sessions stayed "
        "connected and idle afterwards (what open phones cost while nobody taps)."
    )
    w("")
    w(
        "| config | N | rep | wall s | first msg p50 / p95 | load / step p95 of ok sessions | client CPU s "
        "| other CPU s | idle-held CPU s | RSS before → held (peak) MB | KB/session received "
        "| quiet before? (waited s, loadavg) | errors |"
    )
    w("|---|---:|---:|---:|---|---|---:|---:|---:|---|---:|---|---|")
    for row, warm in [(wu, True) for wu in warmups] + [(row, False) for row in rows]:
        x = row.result
        errs = "; ".join(f"{k} ×{v}" for k, v in x.errors.items()).replace("|", "/") or "–"
        w(
            f"| {row.config}{' (warm-up)' if warm else ''} | {row.n} | {row.repeat} | {x.wall_s:.1f} "
            f"| {fmt_s(x.first_msg_p50)} / {fmt_s(x.first_msg_p95)} | {fmt_s(x.load_p95_ok)} / {fmt_s(x.step_p95_ok)} "
            f"| {x.client_cpu_s:.1f} | {row.other_cpu_s:.1f} | {row.held_idle_cpu_s:.2f} in {row.hold_s:.0f} s "
            f"| {x.rss_before_mb:.0f} → {x.rss_held_mb:.0f} ({x.rss_peak_mb:.0f}) "
            f"| {x.bytes_per_session / 1024:.0f} | {QUIET[row.quiet]} ({row.waited_s:.0f}, {row.loadavg}) "
            f"| {errs} |"
        )
    if notes:
        w("")
        w("## Notes")
        w("")
        out.extend(f"* {note}" for note in notes)
    w("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------ main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ns", default="10,50,100", help="session counts, comma-separated (each ≤ 500)")
    ap.add_argument("--configs", default="tuned,defaults")
    ap.add_argument("--repeats", type=int, default=1, help="repeat the whole comparison (configs alternate)")
    ap.add_argument("--snapshot", metavar="REF", help="run a git-archive copy of REF instead of the working tree")
    ap.add_argument("--server-per", choices=("config", "run"), default="config")
    ap.add_argument("--no-warmup", action="store_true")
    ap.add_argument("--hold", type=float, default=5.0, help="seconds to keep sessions idle-connected after a run")
    ap.add_argument(
        "--quiet-wait",
        type=float,
        default=180.0,
        help="before each run, wait up to this many seconds for other processes to use < 0.3 cores (0: don't)",
    )
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "concurrency.md"))
    args = ap.parse_args()
    ns = [int(x) for x in args.ns.split(",")]
    configs = [c for c in args.configs.split(",") if c]
    for c in configs:
        if c not in CONFIGS:
            ap.error(f"unknown config {c!r}; known: {', '.join(CONFIGS)}")
    if any(not 1 <= n <= ws_load.MAX_SESSIONS for n in ns) or not 1 <= args.repeats <= 5:
        ap.error("N must be 1..500 and repeats 1..5")

    stop_all_on_sigterm()  # Ctrl-C and errors stop the servers through the `with` and deploy/server.py's atexit

    work = Path(tempfile.mkdtemp(prefix="erm-load-"))
    meta = describe()
    meta["date"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    meta["args"] = " ".join(sys.argv[1:])
    meta["server_per"] = args.server_per
    notes: list[str] = []
    warmups: list[Row] = []
    rows: list[Row] = []
    try:
        if args.snapshot:
            what = snapshot(args.snapshot, work)
            app_dir = work / "app"
            meta["app"] = f"{what} (run from a temporary copy, so parallel edits cannot change it mid-run)"
        else:
            app_dir = REPO
            dirty = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True
            ).stdout.strip()
            head = subprocess.run(
                ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, capture_output=True, text=True
            ).stdout.strip()
            meta["app"] = f"working tree of {REPO} at `{head}`" + (" with uncommitted changes" if dirty else "")
        print("machine:", ", ".join(f"{k}={meta[k]}" for k in ("nproc", "cpu", "python", "streamlit")))
        print("app:", meta["app"], flush=True)

        for repeat in range(1, args.repeats + 1):
            order = configs if repeat % 2 else list(reversed(configs))  # alternate who goes first
            for config in order:
                groups = [[n] for n in ns] if args.server_per == "run" else [ns]
                for group in groups:
                    log = work / f"server-{config}-r{repeat}-{group[0]}.log"
                    with Server("app.py", args=[*COMMON, *CONFIGS[config]], cwd=app_dir, log=log) as server:
                        try:
                            if not args.no_warmup:
                                wu = run_one(config, 1, repeat, server.port, server.pid, 0.0, args.quiet_wait)
                                warmups.append(wu)
                                settle(server.pid)
                            for n in group:
                                rows.append(
                                    run_one(config, n, repeat, server.port, server.pid, args.hold, args.quiet_wait)
                                )
                                settle(server.pid)
                        except Exception:
                            print(f"--- tail of {log}:\n{server.log_tail()}", file=sys.stderr)
                            raise
                    if any(r.result.failures for r in rows if r.config == config):
                        text = log.read_text(errors="replace")
                        tracebacks = text.count("Traceback")
                        if tracebacks:
                            notes.append(
                                f"`{config}` server log had {tracebacks} traceback(s); last lines: "
                                f"`{text.strip().splitlines()[-1][:200]}`"
                            )
        noisy = [f"{r.config} N={r.n} r{r.repeat}" for r in rows if r.other_cpu_s > 0.25 * max(r.result.wall_s, 1.0)]
        if noisy:
            notes.append(
                "Other processes used more than a quarter of a core during "
                + ", ".join(noisy)
                + " (see `other CPU`); this machine is shared, so those absolute times are inflated — the "
                "ratios from the same invocation are the number to read."
            )
        notes.append(
            "Percentiles are nearest-rank over all N sessions of a run, a failed session counting as "
            "infinitely slow: p95 shows `fail` when more than 5 % of the sessions failed (p50: more than "
            "half). With N = 10, p95 is the slowest session. The run details also give p95 over the "
            "successful sessions only."
        )
        if any(r.result.failures for r in rows):
            notes.append(
                "Where sessions failed, the server CPU of that run is not like for like: the scripts of "
                "sessions that gave up were stopped (or never started), so compare CPU s/session only "
                "between runs without failures."
            )
        text = report(meta, warmups, rows, configs, ns, args.repeats, notes)
        print()
        print(text)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"written: {out}")
        return 0
    finally:
        stop_all()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
