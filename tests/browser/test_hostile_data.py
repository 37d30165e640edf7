"""The attack table (tests/security/attacks.py) in every text column, as Chromium gets each page of the app.

A real `streamlit run` on the hostile data folder: the story map, the compare map, the panel and the
other pages show every attack as text; no template ran, no markup was made, no link was made.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Frame, Page, expect

from components.ui.pages import COMPARE_PATH
from tests.browser.conftest import MAP_FRAME, STAGE_CARD, Server, map_frame, wait_idle
from tests.security.attacks import ESCAPED_SANDBOX, IN_EVERY_TEXT, TEMPLATE_EXPRESSION
from tests.security.hostile_data import write_hostile_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if ESCAPED_SANDBOX.exists():
        ESCAPED_SANDBOX.rmdir()
    with Server(data_dir=write_hostile_data(tmp_path_factory.mktemp("attacks") / "data")) as srv:
        yield srv


def _shown(page: Page, frame: Frame | None = None) -> str:
    """All the text the reader can see or a screen reader can read, page and map together."""
    text = page.locator("body").inner_text()
    if frame is not None:
        text += frame.locator("body").inner_text() + frame.locator("body").inner_html()
    return text


def _check(page: Page, shown: str) -> None:
    for attack in IN_EVERY_TEXT:
        for evaluated in attack.never:
            assert evaluated not in shown, (attack.name, evaluated)
    assert page.locator("img[src=x]").count() == 0
    assert page.title() != "pwned"
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
    assert not ESCAPED_SANDBOX.exists(), "a template in the data ran code in the server"


def test_the_story_map_and_panel_show_every_attack_as_text(page: Page, hostile_server: Server) -> None:
    page.goto(hostile_server.url + "?route=southern&stage=2")
    frame = map_frame(page)
    expect(page.locator(f"{STAGE_CARD} h3")).to_contain_text(TEMPLATE_EXPRESSION.literal)
    frame.locator(".erm-place-3").hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(TEMPLATE_EXPRESSION.literal)
    expect(page.locator("h1").first).to_contain_text(TEMPLATE_EXPRESSION.literal)  # story.toml's title
    wait_idle(page)
    _check(page, _shown(page, frame))
    assert frame.locator("img[src=x]").count() == 0


def test_the_compare_map_shows_every_attack_as_text(page: Page, hostile_server: Server) -> None:
    page.goto(hostile_server.url + COMPARE_PATH)
    handle = page.wait_for_selector(MAP_FRAME, state="attached", timeout=30_000)
    frame = handle.content_frame()
    assert frame is not None
    frame.locator(".erm-compare-label span").first.wait_for(state="visible", timeout=30_000)
    expect(frame.locator(".erm-compare-label span").first).to_contain_text(TEMPLATE_EXPRESSION.literal)
    wait_idle(page)
    _check(page, _shown(page, frame))


@pytest.mark.parametrize("path", ["text", "context", "data", "text?lang=ko"])
def test_the_other_pages_show_every_attack_as_text(page: Page, hostile_server: Server, path: str) -> None:
    page.goto(hostile_server.url + path)
    expect(page.locator("h1").first).to_contain_text(TEMPLATE_EXPRESSION.literal)
    wait_idle(page)
    _check(page, _shown(page))
