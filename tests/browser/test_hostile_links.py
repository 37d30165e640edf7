"""No link from a query value or from the data, in Chromium: Streamlit's Markdown autolinks bare URLs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from components.builders.markup import WORD_JOINER
from components.ui.pages import COMPARE_PATH
from tests.browser.conftest import MAP_FRAME, Server
from tests.conftest import ROUTES_HEADER, csv_text, mini_places, mini_routes

pytestmark = pytest.mark.browser

ASKED = "https://evil.example/login"
# A route name with each form GFM links on its own: a URL, a www. address, an e-mail address.
ROUTE_NAME = "Main route https://evil.example/login www.evil.example evil@example.com"
# Any link the page shows to these is one the data or the address made.
HOSTILE_LINKS = 'a[href*="evil.example"], a[href^="mailto:"]'


def shown_text(locator: Locator) -> str:
    """The text as a reader sees it: the word joiners that keep it unlinked are invisible."""
    return locator.inner_text().replace(WORD_JOINER, "")


def test_a_url_in_the_query_is_shown_as_text_not_as_a_link(page: Page, server: Server) -> None:
    page.goto(f"{server.url}?route={ASKED}")
    warning = page.locator('[data-testid="stAlert"]', has_text="evil.example")
    expect(warning).to_be_visible(timeout=30_000)
    assert ASKED in shown_text(warning)
    expect(warning.locator("a")).to_have_count(0)
    expect(page.locator(HOSTILE_LINKS)).to_have_count(0)


@pytest.fixture(scope="module")
def linked_name_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The small data set whose route is called by a URL, a www. address and an e-mail address."""
    data = tmp_path_factory.mktemp("linked_name")
    (data / "places.csv").write_text(mini_places(), encoding="utf-8")
    routes = mini_routes().splitlines()[1:]
    assert all(row.startswith("main,Main route,") for row in routes)
    renamed = [row.replace("main,Main route,", f"main,{ROUTE_NAME},", 1) for row in routes]
    (data / "routes.csv").write_text(csv_text(ROUTES_HEADER, renamed), encoding="utf-8")
    with Server(data_dir=data) as srv:
        yield srv


def test_a_url_in_a_route_name_is_shown_as_text_on_the_compare_page(page: Page, linked_name_server: Server) -> None:
    page.goto(linked_name_server.url + COMPARE_PATH)
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=30_000)
    expander = page.locator('[data-testid="stExpander"] summary', has_text="evil.example")
    expect(expander).to_have_count(1, timeout=30_000)
    assert ROUTE_NAME in shown_text(expander)
    expect(expander.locator("a")).to_have_count(0)
    # The sidebar's route button shows the name too (a button label is Markdown).
    button = page.locator('[data-testid="stSidebar"] button', has_text="evil.example")
    expect(button).to_have_count(1)
    assert ROUTE_NAME in shown_text(button)
    expect(page.locator(HOSTILE_LINKS)).to_have_count(0)
