"""One `streamlit run` server on 127.0.0.1: started on a free port, waited for, stopped with its process group.

The one harness behind the browser tests, the benchmarks and the replicas:

    with Server("app.py", args=["--", "--offline"]) as server:
        ...  # server.url, server.port, server.pid, server.log

Every server runs in its own process group (so stopping it stops anything it started) and writes its
output to a log file. A server that exits or does not answer `/_stcore/health` in time is stopped and
reported with the tail of its log. Servers still running when the interpreter exits (an error, Ctrl-C,
or SIGTERM after `stop_all_on_sigterm()`) are stopped too.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType, TracebackType

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HEALTH_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 10.0

_running: list[Server] = []


def free_port() -> int:
    """A port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout: float = HEALTH_TIMEOUT_S, process: subprocess.Popen[bytes] | None = None) -> float:
    """Wait until a Streamlit health URL answers ok, and return the seconds waited.

    Fails at once if `process` has exited, and after `timeout` seconds otherwise.
    """
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer ok within {timeout:.0f} s")


def stop_process_group(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM to the process group a `start_new_session` child leads, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


class Server:
    """`streamlit run SCRIPT --server.port PORT --server.address 127.0.0.1 ARGS`, started in `cwd`.

    `args` may end with `--` and the script's own arguments. `env` is laid over this process's
    environment; a None value removes that variable. The port defaults to a free one, the log to a new
    temporary file (kept after the server stops). With `wait`, the constructor returns once the server
    answers its health check; without, call `wait_healthy()` (to start several at once).
    """

    def __init__(
        self,
        script: str = "app.py",
        *,
        args: Sequence[str] = (),
        env: Mapping[str, str | None] | None = None,
        cwd: Path = ROOT,
        port: int | None = None,
        log: Path | None = None,
        wait: bool = True,
        timeout: float = HEALTH_TIMEOUT_S,
    ) -> None:
        self.script = script
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}/"
        self.started_in = 0.0  # seconds from start to the first healthy answer
        if log is None:
            handle, name = tempfile.mkstemp(prefix=f"erm-server-{self.port}-", suffix=".log")
            os.close(handle)
            log = Path(name)
        self.log = log
        environment = dict(os.environ)
        for key, value in (env or {}).items():
            if value is None:
                environment.pop(key, None)
            else:
                environment[key] = value
        command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port)]
        command += ["--server.address", HOST, *args]
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as output:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped as a whole, spared our Ctrl-C
            )
        _running.append(self)
        if wait:
            self.wait_healthy(timeout)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def health_url(self) -> str:
        return f"{self.url}_stcore/health"

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT_S) -> float:
        """Wait for the health answer; on failure stop the server and raise with the log's tail."""
        try:
            self.started_in = wait_healthy(self.health_url, timeout, self.process)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{self.script}: {error}; log {self.log}:\n{self.log_tail()}") from error
        return self.started_in

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL, no shutdown: what a crash looks like to the visitors and to a load balancer."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT_S)
        self._forget()

    def stop(self) -> None:
        """Stop the server and everything in its process group; safe to call more than once."""
        stop_process_group(self.process)
        self._forget()

    def _forget(self) -> None:
        if self in _running:
            _running.remove(self)

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def stop_all() -> None:
    """Stop every server this process started and has not stopped yet."""
    for server in list(_running):
        server.stop()


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    sys.exit(128 + signum)  # unwinds through every `finally` and `with`, then atexit stops the rest


def stop_all_on_sigterm() -> None:
    """Turn SIGTERM into an ordinary exit, so that the servers are stopped as on Ctrl-C."""
    signal.signal(signal.SIGTERM, _exit_on_signal)


atexit.register(stop_all)
