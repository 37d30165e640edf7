"""The server harness (deploy/server.py): a real `streamlit run` started, found healthy, and stopped as a group."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from deploy import server as harness

PAGE = 'import os\nimport streamlit as st\n\nst.write(os.environ.get("ERM_PROBE", "unset"))\n'


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "page.py"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_starts_answers_and_stops_with_its_process_group(script: Path, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with harness.Server(str(script), cwd=tmp_path, log=log, env={"ERM_PROBE": "set"}) as server:
        assert server.url == f"http://127.0.0.1:{server.port}/"
        with urllib.request.urlopen(server.health_url, timeout=10) as response:
            assert response.read().strip() == b"ok"
        assert os.getpgid(server.pid) == server.pid  # the leader of its own group
        assert server in harness._running
    assert server.process.poll() is not None
    assert server not in harness._running
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)
    assert "127.0.0.1" in log.read_text()  # Streamlit's start-up lines went to the log
    server.stop()  # a second stop is harmless


def test_a_server_that_cannot_start_is_stopped_and_reported_with_its_log(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    running = list(harness._running)  # other tests' servers may be up
    with pytest.raises(RuntimeError, match="exited") as failed:
        harness.Server("missing.py", cwd=tmp_path, log=log)
    assert "missing.py" in str(failed.value)  # the log's tail: Streamlit's own message
    assert "missing.py" in log.read_text()
    assert harness._running == running  # stopped and forgotten
