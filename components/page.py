"""The page around the map: title, styles, data problems and link notices (renders with st.*)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.data import Problem
from components.markup import escape, escape_markdown
from components.navigation import Fallback, Selection
from components.route_map import RISK_COLOURS
from components.texts import Texts

_CSS = (
    """
<style>
.erm-stage h3 { margin: .1rem 0 .2rem; font-size: 1.25rem; }
.erm-stage h4, .erm-summary h4 { margin: .8rem 0 .2rem; font-size: 1rem; }
.erm-kicker { margin: 0; font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; opacity: .8; }
.erm-fromto { margin: 0 0 .4rem; font-weight: 600; }
dl.erm-facts { margin: .3rem 0 !important; padding: 0 !important; }
.erm-facts dt { font-weight: 600; font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; opacity: .75; }
.erm-facts dd { margin: 0 0 .45rem; }
.erm-facts dd ul { margin: 0; padding-left: 1rem; }
.erm-sources, .erm-places { padding-left: 1.1rem; margin: .2rem 0; }
.erm-sources a { overflow-wrap: anywhere; }
.erm-note { font-size: .9rem; border-left: 3px solid #888; padding-left: .5rem; }
.erm-legend { display: flex; flex-wrap: wrap; gap: .4rem 2rem; font-size: .85rem; }
.erm-legend ul { list-style: none; display: flex; flex-wrap: wrap; gap: .1rem .9rem; margin: .2rem 0 0; padding: 0; }
.erm-legend li { display: flex; align-items: center; gap: .3rem; }
.erm-risk { display: inline-block; padding: 0 .35rem; border-radius: .25rem; font-weight: 600; }
"""
    + "".join(
        f".erm-risk-{level} {{ background: {colour}; color: {'#fff' if level >= 4 else '#111'}; }}\n"
        for level, colour in RISK_COLOURS.items()
    )
    + "</style>"
)


def render_header(texts: Texts) -> None:
    st.html(_CSS)
    st.title(texts("title"))
    st.markdown(texts("tagline"))
    st.caption(texts("how_to"))


def render_problems(problems: Sequence[Problem], texts: Texts) -> None:
    """Data problems in the page, one per line, instead of a traceback."""
    lines = "".join(f"<li><code>{escape(p.location)}</code>: {escape(p.message)}</li>" for p in problems)
    st.error(texts("data_problems", count=len(problems)))
    st.html(f'<ul class="erm-problems">{lines}</ul>')


def render_notice(notice: Selection | None, route_name: str, texts: Texts) -> None:
    if notice is None:
        return
    key = "notice_unknown_route" if notice.fallback is Fallback.UNKNOWN_ROUTE else "notice_unknown_stage"
    # st.warning renders Markdown; the link and the route name are not ours, so they are made literal.
    st.warning(texts(key, asked=escape_markdown(notice.asked[:80]), route=escape_markdown(route_name)), icon="⚠️")
