"""Real-browser fixtures: a real `streamlit run` server on localhost and Debian's Chromium via Playwright.

These tests fail (they never skip) when Chromium or the server is missing: CI installs both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, Playwright, expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.domain.journey import Journey, Route
from components.schema.data import read_journey
from components.ui.page import key_selector
from components.ui.stage_panel import NEXT_KEY, PANEL_KEY, PREVIOUS_KEY, SHARE_KEY, STAGES_KEY, stage_key
from deploy import server as harness
from deploy.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import SHIPPED_DATA

# A slow CI machine (2 cores, a Streamlit server and Chromium at once) must not fail on a 5 s default.
expect.set_options(timeout=15_000)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"

_shipped = read_journey(SHIPPED_DATA).journey
assert _shipped is not None
JOURNEY: Journey = _shipped
_southern = JOURNEY.route("southern")
assert _southern is not None
SOUTHERN: Route = _southern


class Server(harness.Server):
    """`streamlit run app.py` as a user starts it, with the shipped .streamlit/config.toml; log in artifacts/."""

    def __init__(self, data_dir: Path | None = None, extra: list[str] | None = None) -> None:
        port = harness.free_port()
        super().__init__(
            "app.py",
            args=extra or [],
            env={"ESCAPE_MAP_DATA": str(data_dir) if data_dir is not None else None},
            port=port,
            log=ARTIFACTS / f"server-{port}.log",
        )


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    with Server() as srv:
        yield srv


@pytest.fixture(scope="session")
def offline_server() -> Iterator[Server]:
    with Server(extra=["--", "--offline"]) as srv:
        yield srv


STORY_URL = "/story/"  # where deploy/ serves the static story


@pytest.fixture(scope="session")
def story_server() -> Iterator[Server]:
    """The app told where the audience's story is: share links and QR codes give the story first."""
    with Server(extra=["--", "--story-url", STORY_URL]) as srv:
        yield srv


# CSS selectors built from the keys' owners.
PANEL = key_selector(PANEL_KEY)
STAGE_CARD = f"{PANEL} section.erm-stage"
NEXT_BUTTON = f"{key_selector(NEXT_KEY)} button"
PREVIOUS_BUTTON = f"{key_selector(PREVIOUS_KEY)} button"
SHARE_BUTTON = f"{key_selector(SHARE_KEY)} button"
DIALOG = '[role="dialog"]'


def pick_stage(page: Page, step: int) -> None:
    """Choose a stage in the panel's list of stages (it opens, then closes on the choice)."""
    page.locator(f"{key_selector(STAGES_KEY)} summary").click()
    page.locator(f"{key_selector(stage_key(step))} button").click()
    expect(page.locator(key_selector(stage_key(step)))).to_have_count(0)


def stage_heading(page: Page) -> str:
    return f"{STAGE_CARD} .erm-kicker"


def open_page(page: Page, title: str) -> None:
    """Go to another page of the app through its link (the top navigation, or the sidebar on a phone)."""
    page.get_by_role("link", name=title).first.click()


def map_frame(page: Page) -> Frame:
    handle = page.wait_for_selector(MAP_FRAME, state="attached", timeout=30_000)
    frame = handle.content_frame()
    assert frame is not None
    frame.locator(".erm-place").first.wait_for(state="visible", timeout=30_000)
    return frame


def open_app(page: Page, server: Server, query: str = "") -> Frame:
    page.goto(server.url + query)
    return map_frame(page)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium", pytrace=False)
    chromium = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 390 x 844 phone with touch."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


TILE_HOSTS = ("tile.openstreetmap.org",)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop page that records every request; map tiles get a blank local answer."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    # This machine has no internet: answer tile requests locally so the test is quick and quiet.
    context.route(
        lambda url: any(host in url for host in TILE_HOSTS),
        lambda route: route.fulfill(status=204, body=b""),
    )
    tab = context.new_page()
    tab.requests = requests  # type: ignore[attr-defined]
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs  # type: ignore[attr-defined]
    yield tab
    context.close()


class ScriptRuns:
    """The script runs the server reports to this page: whole-page runs and fragment runs, counted.

    Read from the websocket itself (Streamlit's ForwardMsg `script_finished`), so what is counted is
    what the server did, not what the page happens to show.
    """

    def __init__(self, page: Page):
        self.full = 0
        self.fragment = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") != "script_finished":
            return
        if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            self.full += 1
        elif message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.fragment += 1


def wait_idle(page: Page) -> None:
    """Until the script run a key or click started is over (a key pressed mid-run may be applied twice)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=15_000)
