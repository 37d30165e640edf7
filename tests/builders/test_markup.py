"""components.builders.markup: escaping and the HTML of tooltips, the stage card and the route summary."""

from __future__ import annotations

import re

import pytest

from components.builders.markup import WORD_JOINER, escape, escape_markdown, route_summary, source_link, stage_card
from components.schema.data import build_journey
from components.texts.en import Texts
from tests.conftest import PLACES_HEADER, csv_text, mini_routes

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "`${alert(1)}`",
    '" onmouseover="alert(1)',
    "\\`);alert(1);//",
    "[link](javascript:alert(1))",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_leaves_no_markup_or_template_syntax(payload: str) -> None:
    out = escape(payload)
    for dangerous in ("<", ">", '"', "`", "${", "\\"):
        assert dangerous not in out
    assert escape("Tumen & Yalu") == "Tumen &amp; Yalu"


@pytest.mark.parametrize(
    ("source", "href", "label"),
    [
        ("Hazlitt 2013, https://hazlitt.net/feature/x", "https://hazlitt.net/feature/x", "Hazlitt 2013"),
        ("https://a.org/p.", "https://a.org/p", "a.org"),
        ("NK News 2013", None, "NK News 2013"),
        ("javascript:alert(1)", None, "javascript:alert(1)"),
    ],
)
def test_source_link(source: str, href: str | None, label: str) -> None:
    html = source_link(source)
    if href is None:
        assert "<a " not in html
    else:
        assert f'href="{href}"' in html
        assert 'rel="noopener noreferrer"' in html
    assert f">{escape(label)}</" in html


def test_stage_card_and_summary_escape_every_data_text() -> None:
    payload = "<img src=x onerror=alert(1)>"
    places = csv_text(
        PLACES_HEADER,
        [
            f'north,{payload},KP,42.44,129.75,origin,"{payload}","{payload} https://e.org/<x>"',
            "middle,Midcity,CN,42.89,129.5,hiding,s,src https://e.org/s",
            "south,Southport,TH,13.75,100.5,destination,s,src https://e.org/s",
        ],
    )
    routes = mini_routes().replace("Across", payload).replace("Main route", payload)
    journey = build_journey(places.encode(), routes.encode()).journey
    assert journey is not None
    route = journey.routes[0]
    texts = Texts()
    for html in (
        stage_card(route, 1, texts),
        route_summary(route, texts),
    ):  # the map's tooltips are put together in the browser from escaped words (tests/test_map_code.py)
        assert "<img" not in html
        assert "&lt;img" in html


def test_stage_card_shows_every_fact_of_the_stage() -> None:
    journey = build_journey(
        csv_text(
            PLACES_HEADER,
            [
                "north,Northtown,KP,42.44,129.75,origin,Where it starts.,Atlas https://a.org",
                "middle,Midcity,CN,42.89,129.5,hiding,A place to hide.,Atlas https://a.org",
                "south,Southport,TH,13.75,100.5,destination,Where it ends.,Atlas https://a.org",
            ],
        ).encode(),
        mini_routes().encode(),
    ).journey
    assert journey is not None
    html = stage_card(journey.routes[0], 1, Texts())
    for words in (
        "Stage 1 of 2",
        "Across",
        "Northtown → Midcity",
        "across a river",
        "about 54 km",
        "extreme (5 of 5)",
        "Shot or drowned.",
        "Where it starts.",
        "A place to hide.",
        'href="https://example.org/r"',
    ):
        assert words in html
    summary = route_summary(journey.routes[0], Texts())
    assert "North Korea → China → Thailand" in summary
    assert "no sourced figure for the whole route in the data" in summary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("<b>hi</b>", "\\<b\\>hi\\<\\/b\\>"),
        ("$3,000", "\\$3\\,000"),
        (":red[alert] :smile:", "\\:red\\[alert\\] \\:smile\\:"),
        ("two\nlines", "two lines"),
        ("Yanji", "Yanji"),
    ],
)
def test_escape_markdown_makes_every_markup_literal(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


J = WORD_JOINER
# remark-gfm's autolink literals, as Streamlit's frontend finds them in text whose backslash escapes are
# already undone (mdast-util-gfm-autolink-literal; JavaScript's \w is ASCII).
GFM_AUTOLINKS = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+", re.IGNORECASE | re.ASCII)
HOSTILE_LINKS = [
    ("https://evil.example/login", f"https{J}\\:\\/\\/evil\\.example\\/login"),
    ("www.evil.example", f"www{J}\\.evil\\.example"),
    ("evil@example.com", f"evil\\@{J}example\\.com"),
    ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
    ("<https://a.b>", f"\\<https{J}\\:\\/\\/a\\.b\\>"),
    ("HTTP://EVIL.EXAMPLE", f"HTTP{J}\\:\\/\\/EVIL\\.EXAMPLE"),
    ("WWW.evil.example", f"WWW{J}\\.evil\\.example"),
    ("https://www.evil.example", f"https{J}\\:\\/\\/www{J}\\.evil\\.example"),
    ("mailto:a@b.co", f"mailto\\:a\\@{J}b\\.co"),
    ("(see www.evil.example)", f"\\(see www{J}\\.evil\\.example\\)"),
    ("route\nhttp://a.b", f"route http{J}\\:\\/\\/a\\.b"),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE_LINKS)
def test_escape_markdown_leaves_no_bare_link_to_autolink(text: str, expected: str) -> None:
    out = escape_markdown(text)
    assert out == expected
    shown = re.sub(r"\\(.)", r"\1", out)  # what the renderer's text holds once escapes are undone
    assert GFM_AUTOLINKS.search(shown) is None
    assert shown.replace(J, "") == " ".join(text.split())  # and it reads the same


@pytest.mark.parametrize("text", ["Yanji", "a: b", "3.5 days", "e.g. www", "@home", "route_1"])
def test_escape_markdown_leaves_ordinary_text_without_joiners(text: str) -> None:
    assert J not in escape_markdown(text)


def test_stage_card_in_korean_uses_the_translation_columns_and_country_stances() -> None:
    from components.schema.data import read_journey
    from tests.conftest import SHIPPED_DATA

    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    route = journey.route("southern")
    assert route is not None
    leg = route.leg(1)
    korean = stage_card(route, 1, Texts("ko"), journey.stances)
    english = stage_card(route, 1, Texts("en"), journey.stances)
    assert escape(leg.translations["stage_ko"]) in korean
    assert escape(leg.stage) in english
    assert escape(leg.stage) not in korean
    assert "북한" in korean  # country names from CLDR, in Korean
    assert "중국" in korean
    assert escape(journey.stances["CN"].translations["explanation_ko"]) in korean
    assert "sends people back to the country they fled" in english
    assert route_summary(route, Texts("ko")).count("→") == len(route.countries) - 1


def test_stance_exception_and_whole_route_facts_are_shown_with_their_sources() -> None:
    from components.builders.markup import stance_tooltip
    from components.schema.data import read_journey
    from tests.conftest import SHIPPED_DATA

    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    route = journey.route("southern")
    assert route is not None
    laos = journey.stances["LA"]
    assert laos.stance == "lets_travel_on"
    assert laos.exception
    card = stage_card(route, 6, Texts(), journey.stances)
    assert escape(laos.exception) in card
    assert "But:" in card
    assert escape(laos.translations["exception_ko"]) in stage_card(route, 6, Texts("ko"), journey.stances)
    assert escape(laos.exception) in stance_tooltip(laos, Texts())
    assert journey.stances["VN"].stance == "hands_to_china"
    summary = route_summary(route, Texts())
    assert "US&#36;3,000 (2011–2012)" in summary
    assert "about 10 days" in summary
    assert 'href="https://nknews.org/2013/03/film-review-the-defector"' in summary
    assert "at least" not in summary  # durations of different trips are never added up
    assert "Step 2: $3,000" not in stage_card(route, 2, Texts(), journey.stances)
    assert "&#36;3,000" not in stage_card(route, 2, Texts(), journey.stances)
    assert "3,000달러(2011~2012년)" in route_summary(route, Texts("ko"))
