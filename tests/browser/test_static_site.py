"""The static story in Chromium: from file:// with every network request refused, and over HTTP."""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from components.builders.share import story_path
from components.export.site import build_site
from components.schema.story import read_story
from components.texts.en import LANGUAGES, Texts
from tests.browser.conftest import ARTIFACTS, JOURNEY, SOUTHERN
from tests.browser.test_audiences import AXE
from tests.conftest import SHIPPED_DATA

pytestmark = pytest.mark.browser

VISIBLE_CARD = ".erm-site-card:not([hidden])"
KICKER = f"{VISIBLE_CARD} .erm-kicker"
LEGS = len(SOUTHERN.legs)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data's story in every language, under story/ (as deploy/ serves it, beside the app at /)."""
    folder = tmp_path_factory.mktemp("site") / "story"
    story = read_story(SHIPPED_DATA)
    build_site(JOURNEY, folder, [Texts(language, story=story) for language in LANGUAGES])
    return folder


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def http_root(site: Path) -> Iterator[str]:
    """A plain static HTTP server for the folder holding story/."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story/"
    server.shutdown()


@pytest.fixture(params=["file", "http"])
def opened(request: pytest.FixtureRequest, browser: Browser, site: Path) -> Iterator[tuple[Page, str, list[str]]]:
    """A desktop page, the story's root URL (file:// with the network refused, or HTTP), its requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    if request.param == "file":
        root = site.as_uri() + "/"
        context.route(re.compile(r"^https?://"), lambda route: route.abort())
    else:
        root = request.getfixturevalue("http_root")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, root, requests
    context.close()
    assert errors == []


def test_the_story_steps_through_its_stages_and_stays_in_its_folder(opened: tuple[Page, str, list[str]]) -> None:
    page, root, requests = opened
    page.goto(root + "southern.html#stage=4")  # the older form of a deep link
    expect(page.locator(KICKER)).to_have_text(f"Stage 4 of {LEGS}")
    expect(page).to_have_url(re.compile(r"southern\.html#stage-4$"))  # rewritten in the canonical form
    expect(page.locator("#erm-position")).to_have_text(f"Stage 4 of {LEGS}")
    expect(page.locator(".erm-place")).to_have_count(len(SOUTHERN.places))
    expect(page.locator("path.erm-highlight-4")).to_have_count(1)
    expect(page.locator("path.erm-country").first).to_be_attached()
    page.locator("#erm-next").click()
    expect(page.locator(KICKER)).to_have_text(f"Stage 5 of {LEGS}")
    expect(page).to_have_url(re.compile(r"#stage-5$"))
    expect(page.locator("path.erm-highlight-5")).to_have_count(1)
    page.keyboard.press("ArrowLeft")
    expect(page.locator(KICKER)).to_have_text(f"Stage 4 of {LEGS}")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(KICKER)).to_have_text(f"Stage 6 of {LEGS}")
    page.locator("#erm-prev").click()
    expect(page.locator(KICKER)).to_have_text(f"Stage 5 of {LEGS}")
    page.locator(".erm-place-6").click()  # the far end of stage 5's leg, in view: it starts stage 6
    expect(page.locator(KICKER)).to_have_text(f"Stage 6 of {LEGS}")
    assert [url for url in requests if not url.startswith((root, "data:"))] == []


@pytest.mark.parametrize("link", ["#stage-6", "?stage=6", "#stage=6"])
def test_a_deep_link_opens_its_stage(opened: tuple[Page, str, list[str]], link: str) -> None:
    page, root, _ = opened
    page.goto(root + "southern.html" + link)
    expect(page.locator(KICKER)).to_have_text(f"Stage 6 of {LEGS}")
    expect(page.locator("path.erm-highlight-6")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"southern\.html#stage-6$"))
    expect(page.locator("#erm-prev")).to_be_enabled()


def test_first_and_last_stage_disable_their_button(opened: tuple[Page, str, list[str]]) -> None:
    page, root, _ = opened
    page.goto(root + "southern.html")
    expect(page.locator(KICKER)).to_have_text(f"Stage 1 of {LEGS}")
    expect(page.locator("path.erm-highlight-1")).to_have_count(1)  # the page's code has run
    expect(page.locator("#erm-prev")).to_be_disabled()
    page.goto(root + f"southern.html#stage-{LEGS + 5}")  # beyond the last: the last
    expect(page.locator(KICKER)).to_have_text(f"Stage {LEGS} of {LEGS}")
    expect(page.locator("#erm-next")).to_be_disabled()


def test_the_links_follow_the_stage(opened: tuple[Page, str, list[str]]) -> None:
    page, root, _ = opened
    page.goto(root + "southern.html#stage-2")
    expect(page.locator(KICKER)).to_have_text(f"Stage 2 of {LEGS}")
    app = page.locator("#erm-app-link")
    parent = re.escape(root.rsplit("story/", 1)[0])
    expect(app).to_have_attribute("href", re.compile(rf"^{parent}\?route=southern&stage=2&lang=en$"))
    switch = page.locator('a[hreflang="ko"]')
    expect(switch).to_have_attribute("href", re.compile(rf"^{re.escape(root)}ko/southern\.html#stage-2$"))
    page.locator("#erm-next").click()
    expect(app).to_have_attribute("href", re.compile(r"\?route=southern&stage=3&lang=en$"))
    expect(switch).to_have_attribute("href", re.compile(r"ko/southern\.html#stage-3$"))
    switch.click()
    expect(page).to_have_url(re.compile(r"ko/southern\.html#stage-3$"))
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator(KICKER)).to_have_text(Texts("ko")("stage_of", step=3, count=LEGS))
    expect(page.locator("#erm-app-link")).to_have_attribute(
        "href", re.compile(rf"^{parent}\?route=southern&stage=3&lang=ko$")
    )
    back = page.locator('a[hreflang="en"]')
    expect(back).to_have_attribute("href", re.compile(rf"^{re.escape(root)}southern\.html#stage-3$"))


def test_the_content_note_is_on_every_route_page_and_hides(opened: tuple[Page, str, list[str]]) -> None:
    page, root, _ = opened
    for language in LANGUAGES:
        texts = Texts(language, story=read_story(SHIPPED_DATA))
        for route in JOURNEY:
            page.goto(root + story_path(route.route_id, language))
            note = page.locator("#erm-content-note")
            expect(note).to_be_visible()
            expect(note).to_contain_text(texts("content_note"))
    page.goto(root + "southern.html")
    page.get_by_role("button", name="Hide").click()
    expect(page.locator("#erm-content-note")).to_be_hidden()
    page.locator("#erm-next").click()
    expect(page.locator("#erm-content-note")).to_be_hidden()  # stays hidden while stepping


def _swipe(context: BrowserContext, page: Page, selector: str, dx: float, dy: float = 0) -> None:
    """A one-finger swipe from the middle of the element (Chromium's own touch events)."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 150)
    cdp = context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 9):
        point = {"x": x + dx * step / 8, "y": y + dy * step / 8}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


@pytest.fixture
def phone_story(browser: Browser, site: Path) -> Iterator[tuple[BrowserContext, Page]]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route(re.compile(r"^https?://"), lambda route: route.abort())
    page = context.new_page()
    page.goto(site.as_uri() + "/southern.html#stage-3")
    expect(page.locator(KICKER)).to_have_text(f"Stage 3 of {LEGS}")
    yield context, page
    context.close()


@pytest.mark.parametrize(
    ("where", "dx", "dy", "stage"),
    [
        pytest.param(".erm-site-text h1", -160, 0, 4, id="left on the text: next"),
        pytest.param(".erm-site-text h1", 160, 0, 2, id="right on the text: previous"),
        pytest.param(".erm-site-text h1", -40, 0, 3, id="too short: nothing"),
        pytest.param(".erm-site-text h1", -100, 120, 3, id="mostly down (a scroll): nothing"),
        pytest.param(".erm-site-map", -160, 0, 3, id="on the map (it pans): nothing"),
    ],
)
def test_a_swipe_on_the_text_turns_the_stage(
    phone_story: tuple[BrowserContext, Page], where: str, dx: float, dy: float, stage: int
) -> None:
    context, page = phone_story
    _swipe(context, page, where, dx, dy)
    page.wait_for_timeout(300)
    expect(page.locator(KICKER)).to_have_text(f"Stage {stage} of {LEGS}")


def test_people_may_zoom_and_every_control_is_big_enough_to_touch(phone_story: tuple[BrowserContext, Page]) -> None:
    _, page = phone_story
    viewport = page.locator('meta[name="viewport"]')
    expect(viewport).to_have_count(1)
    content = viewport.get_attribute("content") or ""
    assert "user-scalable" not in content
    assert "maximum-scale" not in content
    controls = page.locator(
        ".erm-site-nav button, #erm-note-hide, #erm-app-link, .erm-site-head a, .erm-routes a, "
        ".leaflet-control-zoom a, .erm-overview"
    )
    assert controls.count() >= 9
    small = []
    for index in range(controls.count()):
        control = controls.nth(index)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box is not None
        if box["width"] < 48 or box["height"] < 48:
            small.append((control.evaluate("e => e.outerHTML.slice(0, 80)"), box["width"], box["height"]))
    assert small == []


@pytest.mark.parametrize("name", ["southern.html", "ko/southern.html", "index.html"])
def test_no_accessibility_violations(opened: tuple[Page, str, list[str]], name: str) -> None:
    page, root, _ = opened
    page.goto(root + name + ("#stage-6" if "southern" in name else ""))
    page.wait_for_load_state("load")
    page.wait_for_timeout(800)  # the country outlines are drawn after the load
    violations = _all_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-story-{name.replace('/', '-')}.json").write_text(json.dumps(violations, indent=2))
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def _all_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe violation, whatever its impact (test_audiences.axe_violations keeps the serious ones)."""
    assert AXE.is_file(), "axe-core is missing: npm ci --prefix tests/browser"
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations"""
    )
    return found


def test_without_javascript_every_stage_is_shown(browser: Browser, site: Path) -> None:
    """A reader whose browser runs no script (a strict reader mode, a blocked script) still gets every stage."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.as_uri() + "/" + story_path("southern"))
        cards = page.locator(".erm-site-card")
        expect(cards).to_have_count(LEGS)
        for step in range(1, LEGS + 1):
            expect(cards.nth(step - 1)).to_be_visible()
    finally:
        context.close()
