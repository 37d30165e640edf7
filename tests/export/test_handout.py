"""components.export.handout: the A4 page has every stage and source, escapes every data text, and draws the route."""

from __future__ import annotations

import re
from html import unescape

from components.builders.compare import route_sources
from components.builders.markup import escape
from components.export.handout import build_handout, handout_html, route_box, source_html
from components.texts.en import Texts
from tests.browser.conftest import JOURNEY as SHIPPED
from tests.compare_data import compare_journey_fixture
from tests.conftest import SHIPPED_DATA

JOURNEY = compare_journey_fixture()
ALT = JOURNEY.routes[1]
LINK = "http://example.org/?route=alt&lang=en"


def test_every_stage_and_every_source_is_on_the_page() -> None:
    html = build_handout(ALT, Texts("en"), JOURNEY.stances, LINK)
    for leg in ALT.legs:
        assert escape(leg.stage) in html
        assert f"Stage {leg.step} of 3" in html
        assert escape(leg.risks) in html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for source in route_sources(ALT, JOURNEY.stances):
        assert source in text
    assert "high (4 of 5)" not in html
    assert "extreme (5 of 5)" in html
    assert "low (1 of 5)" in html


def test_data_texts_are_escaped() -> None:
    html = build_handout(ALT, Texts("en"), JOURNEY.stances, LINK + "&x=<script>")
    assert "<b>Alt</b>" not in html
    assert "&lt;b&gt;Alt&lt;/b&gt; route" in html
    assert "<script>" not in html


def test_print_rules_the_qr_code_and_the_content_note() -> None:
    html = build_handout(ALT, Texts("en"), JOURNEY.stances, LINK)
    assert "@page { size: A4; margin: 15mm; }" in html
    assert "break-inside: avoid" in html
    assert 'src="data:image/svg+xml' in html
    assert Texts("en")("content_note") in html
    assert escape(LINK) in html


def test_the_picture_numbers_every_place_and_colours_every_leg() -> None:
    html = build_handout(ALT, Texts("en"), JOURNEY.stances, LINK)
    assert html.count('<g class="place">') == len(ALT.places)
    for leg in ALT.legs:
        assert f'class="leg leg-{leg.step}"' in html


def test_country_outlines_are_kept_only_near_the_route() -> None:
    west, south, _east, _north = route_box(ALT)
    near = {
        "properties": {"iso_a2": "CN"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[west + 1, south + 1], [west + 2, south + 1], [west + 2, south + 2], [west + 1, south + 1]]
            ],
        },
    }
    far = {
        "properties": {"iso_a2": "BR"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[-50.0, -10.0], [-49.0, -10.0], [-49.0, -9.0], [-50.0, -10.0]]],
        },
    }
    html = build_handout(ALT, Texts("en"), JOURNEY.stances, LINK, [near, far])
    assert html.count('stroke="#8c8c8c"') == 1


def test_the_shipped_outlines_are_read_and_korean_works() -> None:
    route = SHIPPED.route("sea")
    assert route is not None
    html = handout_html(route, Texts("ko"), SHIPPED.stances, LINK, SHIPPED_DATA / "countries.geojson")
    assert '<html lang="ko">' in html
    assert "1단계 중 1단계" in html
    assert html.count('stroke="#8c8c8c"') >= 2  # both Koreas at least


def test_a_source_is_printed_in_full_with_its_url_linked() -> None:
    assert source_html("A & B 2020, https://example.org/a?b=1&c=2.") == (
        'A &amp; B 2020, <a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.'
    )
    assert source_html("Shin, The Defector, film, 2012") == "Shin, The Defector, film, 2012"
