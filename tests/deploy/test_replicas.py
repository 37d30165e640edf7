"""Two replicas behind nginx (Debian's package): sticky sessions, and what a visitor sees when one dies."""

from __future__ import annotations

import asyncio
import re
import secrets
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.ui.stage_panel import NEXT_KEY
from deploy.replicas import STICKY_COOKIE, Cluster, start_cluster

QUERY = "route=southern&stage=3&lang=en"


@dataclass
class Visitor:
    cookie: str
    upstream: str = ""
    ws: websockets.ClientConnection | None = None
    stage_text: str = ""
    next_button: str | None = None
    log: list[str] = field(default_factory=list)


async def run_script(visitor: Visitor, message: BackMsg) -> None:
    """Send one script run and read until it finishes, keeping the stage card's counter."""
    assert visitor.ws is not None
    await visitor.ws.send(message.SerializeToString())
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(visitor.ws.recv(), timeout=60))
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            found = re.search(r'class="erm-kicker">([^<]*)<', element.html.body)
            if element.WhichOneof("type") == "html" and found:
                visitor.stage_text = visitor.stage_text or found.group(1)
            if element.WhichOneof("type") == "button" and element.button.id.endswith(NEXT_KEY):
                visitor.next_button = element.button.id
        if kind == "script_finished":
            return


async def open_page(cluster: Cluster, visitor: Visitor) -> None:
    """What the browser does on page load (and on reconnect): a websocket and a run with the URL's query."""
    visitor.ws = await websockets.connect(
        f"ws://127.0.0.1:{cluster.port}/_stcore/stream",
        subprotocols=[websockets.Subprotocol("streamlit")],
        additional_headers={"Cookie": f"{STICKY_COOKIE}={visitor.cookie}"},
        max_size=None,
        open_timeout=30,
    )
    visitor.upstream = visitor.ws.response.headers.get("X-Upstream", "") if visitor.ws.response else ""
    visitor.stage_text = ""
    message = BackMsg()
    message.rerun_script.query_string = QUERY
    await run_script(visitor, message)


async def step_to_stage_4(visitor: Visitor) -> None:
    """Next, from the link's stage 3."""
    assert visitor.next_button is not None
    message = BackMsg()
    message.rerun_script.query_string = QUERY
    widget = message.rerun_script.widget_states.widgets.add()
    widget.id = visitor.next_button
    widget.trigger_value = True
    visitor.stage_text = ""
    await run_script(visitor, message)


@pytest.fixture(scope="module")
def cluster() -> object:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed: apt-get install -y nginx", pytrace=False)
    running = start_cluster(replicas=2, show_upstream=True)  # the test follows visitors to their replica
    yield running
    running.stop()


def test_sticky_sessions_and_failover(cluster: Cluster) -> None:
    # In its own thread: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _scenario(cluster)).result(timeout=300)


async def _scenario(cluster: Cluster) -> None:
    ports = sorted(cluster.replicas)
    visitors: list[Visitor] = []
    # Visitors arrive until both replicas have some (each has its own sticky cookie), at most 40.
    while len(visitors) < 40 and (len(visitors) < 6 or len({v.upstream for v in visitors}) < 2):
        visitor = Visitor(cookie=secrets.token_hex(16))
        await open_page(cluster, visitor)
        visitors.append(visitor)
    by_replica = {port: [v for v in visitors if v.upstream.endswith(f":{port}")] for port in ports}
    assert all(by_replica.values()), {p: len(v) for p, v in by_replica.items()}
    assert all(v.stage_text == "Stage 3 of 10" for v in visitors)

    # Sticky: reconnecting with the same cookie lands on the same replica.
    again = Visitor(cookie=visitors[0].cookie)
    await open_page(cluster, again)
    assert again.upstream == visitors[0].upstream

    survivor, victim = ports
    cluster.stop_replica(victim)
    killed_at = time.perf_counter()

    # Visitors on the survivor keep working: the next stage, in the same session.
    for visitor in by_replica[survivor]:
        await step_to_stage_4(visitor)
        assert visitor.stage_text == "Stage 4 of 10"

    # Visitors on the dead replica lose their connection; the page reconnects (same URL, same
    # cookie), nginx skips the dead replica, and a fresh session shows the same stage.
    for visitor in by_replica[victim]:
        with pytest.raises(websockets.ConnectionClosed):
            await step_to_stage_4(visitor)
        await open_page(cluster, visitor)
        assert visitor.upstream.endswith(f":{survivor}")
        assert visitor.stage_text == "Stage 3 of 10"  # the link's state: what the URL said
    failover_s = time.perf_counter() - killed_at
    print(f"\nfailover: {len(by_replica[victim])} visitors moved to the survivor in {failover_s:.2f} s")
    for visitor in [*visitors, again]:
        if visitor.ws is not None:
            await visitor.ws.close()
