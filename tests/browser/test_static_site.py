"""The static story in Chromium, opened from file:// with every network request refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from components.export.site import build_site
from components.schema.data import read_journey
from components.texts.en import Texts
from tests.conftest import SHIPPED_DATA

pytestmark = pytest.mark.browser

VISIBLE_CARD = ".erm-site-card:not([hidden])"


def test_static_site_renders_steps_and_stays_in_its_folder(browser: Browser, tmp_path: Path) -> None:
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    build_site(journey, tmp_path, Texts())
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(re.compile(r"^https?://"), lambda route: route.abort())
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((tmp_path / "southern.html").as_uri() + "#stage=4")
        expect(page.locator(f"{VISIBLE_CARD} .erm-kicker")).to_have_text("Stage 4 of 10")
        expect(page.locator(".erm-place")).to_have_count(11)
        expect(page.locator("path.erm-highlight-4")).to_have_count(1)
        expect(page.locator("path.erm-country").first).to_be_attached()
        page.locator("#erm-next").click()
        expect(page.locator(f"{VISIBLE_CARD} .erm-kicker")).to_have_text("Stage 5 of 10")
        expect(page).to_have_url(re.compile(r"#stage=5$"))
        page.keyboard.press("ArrowLeft")
        expect(page.locator(f"{VISIBLE_CARD} .erm-kicker")).to_have_text("Stage 4 of 10")
        page.locator(".erm-place-5").click()
        expect(page.locator(f"{VISIBLE_CARD} .erm-kicker")).to_have_text("Stage 5 of 10")
        assert errors == []
        folder = tmp_path.as_uri()
        assert [url for url in requests if not url.startswith((folder, "data:"))] == []
    finally:
        context.close()
