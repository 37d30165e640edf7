"""Each audience in Chromium: a presenter with a keyboard, a lecturer sharing, a Korean reader, a phone, axe."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from components.builders.share import PRESENTER_SYMBOL_PX, QUIET_ZONE, presenter_qr, qr_png
from components.ui.page import SHARE_QR_KEY, key_selector
from tests.browser.conftest import (
    ARTIFACTS,
    DIALOG,
    MAP_FRAME,
    NEXT_BUTTON,
    SHARE_BUTTON,
    SOUTHERN,
    STAGE_CARD,
    Server,
    map_frame,
    open_app,
    stage_heading,
    wait_idle,
)
from tests.conftest import qr_modules

pytestmark = pytest.mark.browser

LEGS = len(SOUTHERN.legs)
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def test_presenter_mode_big_map_big_text_and_the_keyboard(page: Page, server: Server) -> None:
    frame = open_app(page, server, "?route=southern&stage=2&present=1")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator(f"{STAGE_CARD} .erm-kicker")).to_have_text(f"Stage 2 of {LEGS}")
    assert page.locator(MAP_FRAME).bounding_box()["height"] >= 600  # type: ignore[index]
    font = page.locator(f"{STAGE_CARD} dd").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 20
    frame.evaluate("window.__ermProbe = 1")
    centre = frame.evaluate("JSON.stringify(window.map.getCenter())")
    page.mouse.click(5, 300)  # focus the page, not the map
    wait_idle(page)
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"{STAGE_CARD} .erm-kicker")).to_have_text(f"Stage 3 of {LEGS}")
    wait_idle(page)
    page.keyboard.press("PageDown")  # what a presentation clicker sends
    expect(page.locator(f"{STAGE_CARD} .erm-kicker")).to_have_text(f"Stage 4 of {LEGS}")
    wait_idle(page)
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"{STAGE_CARD} .erm-kicker")).to_have_text(f"Stage 3 of {LEGS}")
    expect(page).to_have_url(re.compile(r"[?&]stage=3(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]present=1(&|$)"))
    page.wait_for_timeout(1200)  # the flight
    assert frame.evaluate("window.__ermProbe") == 1  # same map, it moved
    assert frame.evaluate("JSON.stringify(window.map.getCenter())") != centre
    page.screenshot(path=str(ARTIFACTS / "presenter.png"))
    page.get_by_role("button", name="Exit presenter mode").click()
    expect(page.get_by_role("link", name="The bigger picture")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"present=1"))


def test_share_panel_gives_the_link_and_a_qr_code_of_it(page: Page, server: Server) -> None:
    open_app(page, server, "?route=mongolia&stage=2")
    page.get_by_role("button", name="Share").click()
    code = page.locator(f"{DIALOG} code").first
    expect(code).to_contain_text("route=mongolia")
    link = code.inner_text().strip()
    assert re.fullmatch(rf"{re.escape(server.url)}\?route=mongolia&stage=2&lang=en", link), link
    expect(page.locator(f"{DIALOG} code")).to_have_count(1)  # no story URL: the app's link only
    expect(page.get_by_text("For the audience")).to_have_count(0)
    image = page.locator(f"{DIALOG} img").first
    expect(image).to_be_visible()
    assert image.bounding_box()["width"] >= 300  # type: ignore[index]
    with urllib.request.urlopen(image.get_attribute("src") or "", timeout=10) as response:
        served = Image.open(io.BytesIO(response.read())).convert("L")
    expected = Image.open(io.BytesIO(qr_png(link).png)).convert("L")
    assert served.size == expected.size
    assert served.tobytes() == expected.tobytes()  # the picture encodes exactly this link


SHARE_QR = f"{DIALOG} {key_selector(SHARE_QR_KEY)} img"


def served_png(page: Page, selector: str) -> bytes:
    """The picture the page shows, as the server sent it."""
    with urllib.request.urlopen(page.locator(selector).get_attribute("src") or "", timeout=10) as response:
        return bytes(response.read())


def same_picture(a: bytes, b: bytes) -> bool:
    first, second = (Image.open(io.BytesIO(x)).convert("L") for x in (a, b))
    return first.size == second.size and first.tobytes() == second.tobytes()


@pytest.mark.parametrize(
    ("lang", "folder", "audience_label", "app_label"),
    [
        ("en", "", "For the audience", "The full map"),
        ("ko", "ko/", "관객용", "전체 지도"),
    ],
)
def test_share_panel_gives_the_audience_its_story_at_this_stage_and_the_app_beside_it(
    page: Page, story_server: Server, lang: str, folder: str, audience_label: str, app_label: str
) -> None:
    open_app(page, story_server, f"?route=southern&stage=6&lang={lang}")
    share = page.locator(SHARE_BUTTON)
    for step in (6, 7):
        share.click()
        codes = page.locator(f"{DIALOG} code")
        audience = f"{story_server.url}story/{folder}southern.html#stage-{step}"
        expect(codes).to_have_count(2)
        expect(codes.nth(0)).to_have_text(audience)  # first, under its label
        expect(codes.nth(1)).to_have_text(f"{story_server.url}?route=southern&stage={step}&lang={lang}")
        expect(page.locator(DIALOG).get_by_text(audience_label)).to_be_visible()
        expect(page.locator(DIALOG).get_by_text(app_label)).to_be_visible()
        assert same_picture(served_png(page, SHARE_QR), qr_png(audience).png)  # the QR code opens the story
        page.keyboard.press("Escape")
        expect(page.locator(DIALOG)).to_have_count(0)
        if step == 6:
            page.locator(NEXT_BUTTON).click()
            expect(page.locator(stage_heading(page))).to_contain_text("7")
            wait_idle(page)


@pytest.mark.parametrize(("fixture", "expected"), [("story_server", "story/southern.html#stage-1"), ("server", "?")])
def test_the_handout_links_the_audience_story_when_there_is_one(
    page: Page, request: pytest.FixtureRequest, fixture: str, expected: str
) -> None:
    """The A4 handout is for the audience: its printed link and QR code open the story, else the app."""
    server: Server = request.getfixturevalue(fixture)
    open_app(page, server, "?route=southern&stage=4")
    page.locator(SHARE_BUTTON).click()
    with page.expect_download() as download:
        page.locator(DIALOG).get_by_role("button", name="handout").click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    link = re.search(r'<figcaption>[^<]*<br><a href="([^"]+)"', html)
    assert link is not None
    assert link[1].startswith(f"{server.url}{expected}")
    if fixture == "server":
        assert "route=southern" in link[1]


@pytest.mark.parametrize(
    ("width", "height", "shrink", "symbol_px"),
    [
        (1920, 1080, 1, PRESENTER_SYMBOL_PX),  # the projector it is sized for (components/builders/share.py says why)
        (1280, 720, 2, PRESENTER_SYMBOL_PX // 2),  # a smaller one: exactly half, so all of it is on the screen
    ],
)
def test_presenter_qr_code_scans_from_the_back_row(
    browser: Browser, story_server: Server, width: int, height: int, shrink: int, symbol_px: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        page = context.new_page()
        open_app(page, story_server, "?route=southern&stage=6&present=1")
        wait_idle(page)
        page.locator(SHARE_BUTTON).click()
        image = page.locator(SHARE_QR)
        expect(image).to_be_visible()
        page.wait_for_function(f"document.querySelector({json.dumps(SHARE_QR)}).complete")
        box = image.bounding_box()
        assert box is not None
        natural = image.evaluate("e => e.naturalWidth")
        assert box["width"] == box["height"] == natural / shrink  # never rescaled but by a whole factor
        png = served_png(page, SHARE_QR)
        scale, modules = qr_modules(png)
        on_screen = box["width"] / (modules + 2 * QUIET_ZONE)  # screen pixels per module
        assert on_screen == scale / shrink
        assert on_screen.is_integer()  # whole pixels per module: sharp edges for the phones' cameras
        assert on_screen * modules >= symbol_px, (on_screen, modules)
        assert 0 <= box["x"] <= width - box["width"]  # all of it on the screen
        assert 0 <= box["y"] <= height - box["height"]
        audience = f"{story_server.url}story/southern.html#stage-6"
        assert same_picture(png, presenter_qr(audience).png)  # it opens the audience's story
        page.screenshot(path=str(ARTIFACTS / f"presenter-share-{height}.png"))
    finally:
        context.close()


def test_public_address_is_what_the_qr_code_encodes(browser: Browser) -> None:
    public = "https://films.example.org/escape/"
    srv = Server(extra=["--", "--public-url", public])
    try:
        page = browser.new_page()
        open_app(page, srv, "?route=sea&stage=1")
        page.get_by_role("button", name="Share").click()
        expect(page.locator(f"{DIALOG} code").first).to_have_text(f"{public}?route=sea&stage=1&lang=en")
        page.close()
    finally:
        srv.stop()


def test_korean_everywhere_and_the_switch_back(page: Page, server: Server) -> None:
    open_app(page, server, "?route=southern&stage=1&lang=ko")
    assert page.evaluate("document.documentElement.lang") == "ko"
    leg = SOUTHERN.leg(1)
    expect(page.locator(f"{STAGE_CARD} h3")).to_have_text(leg.translations["stage_ko"])
    expect(page.locator(stage_heading(page))).to_have_text(f"{LEGS}단계 중 1단계")
    frame = map_frame(page)
    frame.locator(".erm-place-1").hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(SOUTHERN.places[0].translations["name_ko"])
    expect(page.get_by_role("button", name="발표 모드")).to_be_attached()  # in the sidebar, in Korean
    page.get_by_role("button", name="English").click()
    expect(page.locator(f"{STAGE_CARD} h3")).to_have_text(leg.stage)
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    assert page.evaluate("document.documentElement.lang") == "en"


def test_phone_layout_map_fits_and_stages_step_without_the_sidebar(phone: Page, server: Server) -> None:
    frame = open_app(phone, server, "?route=southern&stage=2")
    box = phone.locator(MAP_FRAME).bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    expect(phone.locator('[data-testid="stSidebar"]')).not_to_be_in_viewport()
    main_card = phone.locator(STAGE_CARD)
    expect(main_card.locator(".erm-kicker")).to_have_text(f"Stage 2 of {LEGS}")
    next_button = phone.locator(NEXT_BUTTON)
    next_button.scroll_into_view_if_needed()
    next_button.tap()
    expect(main_card.locator(".erm-kicker")).to_have_text(f"Stage 3 of {LEGS}")
    assert frame.evaluate("window.map.gestureHandling.enabled()") is True
    phone.screenshot(path=str(ARTIFACTS / "phone.png"))


def test_phone_one_finger_scrolls_the_page_past_the_map(phone: Page, server: Server) -> None:
    frame = open_app(phone, server, "?route=southern&stage=1")
    phone.locator(MAP_FRAME).scroll_into_view_if_needed()
    box = phone.locator(MAP_FRAME).bounding_box()
    assert box is not None
    scroller = '[data-testid="stMain"]'
    before = phone.locator(scroller).evaluate("e => e.scrollTop")
    centre_before = frame.evaluate("JSON.stringify(window.map.getCenter())")
    cdp = phone.context.new_cdp_session(phone)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 30 * step}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    phone.wait_for_timeout(600)
    assert phone.locator(scroller).evaluate("e => e.scrollTop") > before  # the page moved…
    assert frame.evaluate("JSON.stringify(window.map.getCenter())") == centre_before  # …the map did not


def test_embed_shows_the_map_and_the_stage_text(page: Page, server: Server) -> None:
    open_app(page, server, "?route=southern&stage=5&embed=true")
    card = page.locator(STAGE_CARD)
    expect(card.locator(".erm-kicker")).to_have_text(f"Stage 5 of {LEGS}")
    expect(card).to_be_visible()


def axe_violations(page: Page, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """The serious and critical violations; with `rules`, every violation of those rules."""
    assert AXE.is_file(), "axe-core is missing: npm ci --prefix tests/browser"
    page.add_script_tag(path=str(AXE))
    options: dict[str, Any] = {"resultTypes": ["violations"], "iframes": False}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results: dict[str, Any] = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [v for v in results["violations"] if rules or v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("main", "?route=southern&stage=2"),
        ("presenter", "?route=southern&stage=2&present=1"),
        ("korean", "?route=southern&stage=2&lang=ko"),
    ],
)
def test_no_serious_accessibility_violations(page: Page, server: Server, name: str, query: str) -> None:
    open_app(page, server, query)
    page.wait_for_timeout(500)
    serious = axe_violations(page)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(serious, indent=2))
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def test_headings_descend_one_level_at_a_time(page: Page, server: Server) -> None:
    """Title (h1), the route (h2, for screen readers), the stage (h3): Lighthouse's heading order."""
    open_app(page, server, "?route=southern&stage=2")
    expect(page.locator(f"{STAGE_CARD} h3")).to_have_text(SOUTHERN.leg(2).stage)
    assert axe_violations(page, ["heading-order"]) == []


def test_keyboard_reaches_the_map_markers_and_selects_with_enter(page: Page, server: Server) -> None:
    frame = open_app(page, server, "?route=southern&stage=1")
    marker = frame.locator(".erm-place-4")
    expect(marker).to_have_attribute("tabindex", "0")
    expect(marker).to_have_attribute("role", "button")
    assert "Beijing" in (marker.text_content() or "")  # the name a screen reader announces
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 4 of {LEGS}", timeout=15_000)
