"""The machine the benchmarks share: what it is, how busy everyone else keeps it, when a server is idle."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import time
from pathlib import Path

from bench.ws_load import proc_usage


def system_busy_s() -> float:
    """CPU seconds all processes on the machine have used (user+nice+system+irq+softirq+steal)."""
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in parts[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def describe() -> dict[str, str]:
    """The machine and the versions that matter, for a report's header."""
    import streamlit

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "memory": f"{mem / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "websockets": importlib.metadata.version("websockets"),
        "kernel": platform.release(),
    }


def settle(pid: int, max_wait_s: float = 120.0) -> float:
    """Wait until the server is idle (< 5 % of a core over 1 s): the previous run's sessions closed and
    their script threads ended (scripts of sessions that timed out may still be running). Returns the wait."""
    t0 = time.monotonic()
    time.sleep(1.0)
    while time.monotonic() - t0 < max_wait_s:
        c0 = proc_usage(pid)[0]
        time.sleep(1.0)
        if proc_usage(pid)[0] - c0 < 0.05:
            break
    return time.monotonic() - t0


def wait_quiet(pid: int, max_wait_s: float, cores: float = 0.3) -> tuple[float, bool]:
    """Wait until everything else on the machine uses < `cores` over 3 s (other people's tests share
    this box). Returns (seconds waited, whether it got quiet); after max_wait_s it runs anyway."""
    t0 = time.monotonic()
    while True:
        b0, c0 = system_busy_s(), proc_usage(pid)[0]
        time.sleep(3.0)
        other = (system_busy_s() - b0) - (proc_usage(pid)[0] - c0)
        if other / 3.0 < cores:
            return time.monotonic() - t0, True
        if time.monotonic() - t0 >= max_wait_s:
            return time.monotonic() - t0, False
