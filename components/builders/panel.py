"""The story panel's text as one piece of HTML (pure): the stage card, the map's key and what the page is.

One piece because a phone pays for every element Streamlit draws: the panel as about fifteen Streamlit
elements cost a phone's browser more than half a second of blocking work on a first visit
(docs/performance.md). components/ui/stage_panel.py draws it with one `st.html`, under the controls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from components.builders.markup import READER_ONLY_STYLE, escape, stage_card
from components.builders.palette import legend_html
from components.domain.journey import CountryStance, Route
from components.texts.en import Texts

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
# Italics in the system's own italic face. In the page's font (Streamlit's Source Sans) they would fetch its
# italic face, 135 KB for one line at the foot of the panel; on a phone's slow network that download
# holds up the code every element of the first screen waits for (docs/performance.md: Lighthouse mobile
# blocking time). A system face is already on the device.
ITALIC_STYLE = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def emphasis(text: str) -> str:
    """Escaped text with `*words*` in italics: the one Markdown the story file's texts use (a film's title)."""
    return _EMPHASIS.sub(rf'<em style="{ITALIC_STYLE}">\1</em>', escape(text))


def panel_html(route: Route, step: int, texts: Texts, stances: Mapping[str, CountryStance]) -> str:
    """The route's name (for screen readers), the card of `step`, the key, and what the page is and whose story."""
    # The route's name as the panel's heading, for screen readers only: the page's title is the h1,
    # the stage's title an h3 (inline style: the stylesheet arrives after the first paint).
    heading = f'<h2 style="{READER_ONLY_STYLE}">{escape(route.text("name", texts.language))}</h2>'
    # The key and the page's story close the panel: nothing under the map, which grows to the screen's
    # height once the stylesheet arrives, so nothing there can be pushed down.
    about = (
        f'<div class="erm-about"><p>{emphasis(texts("tagline"))}</p><p>{escape(texts("about"))}</p>'
        f'<p class="erm-caption">{escape(texts("how_to"))}</p>'
        f'<p class="erm-caption">{escape(texts("attribution"))}</p></div>'
    )
    return (
        f"{heading}{stage_card(route, step, texts, stances)}{legend_html(texts)}"
        f'<p class="erm-caption">{escape(texts("safety_caption"))}</p>{about}'
    )
