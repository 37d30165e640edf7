"""components.builders.panel: the story panel's text as one piece of escaped HTML."""

from __future__ import annotations

import pytest

from components.builders.markup import stage_card
from components.builders.palette import legend_html
from components.builders.panel import ITALIC_STYLE, emphasis, panel_html
from components.domain.journey import Route
from components.schema.story import build_story
from components.texts.en import Texts
from tests.conftest import hostile_journey

EM = f'<em style="{ITALIC_STYLE}">'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after *The Defector* (2012)", f"after {EM}The Defector</em> (2012)"),
        ("*<b>x</b>*", f"{EM}&lt;b&gt;x&lt;/b&gt;</em>"),  # escaped first, then put in italics
        ("a * b * c", f"a {EM} b </em> c"),
        ("one *open", "one *open"),  # no closing star: as written
        ("*two\nlines*", "*two\nlines*"),  # emphasis stays on one line
        ("", ""),
    ],
)
def test_emphasis_escapes_then_italicises(text: str, expected: str) -> None:
    assert emphasis(text) == expected


def test_the_panel_is_the_card_the_key_and_what_the_page_is(southern: Route) -> None:
    story = build_story(b'tagline = "After *The Film*."\nabout = "About it."\nattribution = "By someone."\n')
    texts = Texts(story=story)
    html = panel_html(southern, 3, texts, {})
    assert stage_card(southern, 3, texts, {}) in html
    assert legend_html(texts) in html
    assert html.index("<h2") < html.index("erm-stage") < html.index("erm-legend") < html.index("erm-about")
    for words in (f"{EM}The Film</em>", "About it.", "By someone.", texts("how_to"), texts("safety_caption")):
        assert words in html


def test_the_panel_escapes_every_data_text() -> None:
    payload = "<img src=x onerror=alert(1)>"
    journey = hostile_journey(payload)
    texts = Texts(
        story=build_story(f'tagline = "*{payload}*"\nabout = "{payload}"\nattribution = "{payload}"\n'.encode())
    )
    html = panel_html(journey.routes[0], 1, texts, journey.stances)
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")  # only ever escaped
    assert f"{EM}&lt;img src=x onerror=alert(1)&gt;</em>" in html  # the tagline, escaped then italicised
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= 5  # place, stage, tagline, about, attribution
