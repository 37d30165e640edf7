"""The page around the map: styles, toolbar, title, notes, legend and data problems (renders with st.*)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st

from components import state
from components.data import Problem
from components.markup import escape, escape_markdown
from components.navigation import Fallback, Selection, View
from components.route_map import legend_html, risk_badge_css
from components.share import qr_png
from components.texts import LANGUAGE_NAMES, Texts

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
/* Streamlit's caption grey is below WCAG AA contrast on white (axe color-contrast). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4a4f5a !important; }
.erm-legend { display: flex; flex-wrap: wrap; gap: .4rem 2rem; font-size: .85rem; }
.erm-legend ul { list-style: none; display: flex; flex-wrap: wrap; gap: .1rem .9rem; margin: .2rem 0 0; padding: 0; }
.erm-legend li { display: flex; align-items: center; gap: .3rem; }
.erm-risk { display: inline-block; padding: 0 .35rem; border-radius: .25rem; font-weight: 600; }
"""
    + risk_badge_css()
    + "</style>"
)


# Streamlit fixes <html lang="en"> (streamlit/streamlit#8399); screen readers need the page's language.
# Presentation clickers send Page Down / Page Up: press the Next / Previous buttons for them.
_PAGE_SCRIPT = """<script>
document.documentElement.lang = {lang};
if (!window.__ermKeys) {{
  window.__ermKeys = true;
  document.addEventListener("keydown", function (event) {{
    var which = {{PageDown: "next", PageUp: "prev"}}[event.key];
    var button = which && document.querySelector(".st-key-erm_" + which + "_main button");
    if (button && !button.disabled) {{ event.preventDefault(); button.click(); }}
  }});
}}
</script>"""

_PHONE_CSS = """
<style>
/* The sidebar shows the stage on wide screens; under the map it is for phones (sidebar closed). */
@media (min-width: 768px) { .st-key-erm_main_card { display: none; } }
</style>
"""

_PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important;
}
.block-container { padding-top: 2.5rem; max-width: 100% !important; }
.st-key-erm_present_card, .st-key-erm_present_card p, .st-key-erm_present_card li,
.st-key-erm_present_card dd { font-size: 1.35rem; line-height: 1.5; }
.st-key-erm_present_card .erm-stage h2 { font-size: 2.2rem; }
.st-key-erm_present_card .erm-kicker { font-size: 1.1rem; }
.st-key-erm_present_card button { font-size: 1.2rem; min-height: 3rem; }
</style>
"""


def render_page_style(view: View) -> None:
    """Styles for this view, and the document language."""
    st.html(_CSS + (_PRESENT_CSS if view.present else _PHONE_CSS))
    st.html(_PAGE_SCRIPT.format(lang=json.dumps(view.language)), unsafe_allow_javascript=True)


def render_toolbar(view: View, texts: Texts, link: str) -> None:
    """Language, presenter mode and sharing: at the top of the page, reachable without the sidebar."""
    with st.container(horizontal=True, key="erm_toolbar", vertical_alignment="center"):
        st.segmented_control(
            texts("language"),
            options=list(LANGUAGE_NAMES),
            format_func=LANGUAGE_NAMES.__getitem__,
            key=state.LANG_KEY,
            label_visibility="collapsed",
            on_change=state.keep_language,
        )
        st.button(
            texts("present_exit") if view.present else texts("present"),
            key="erm_present_toggle",
            on_click=state.toggle_present,
            icon=":material/close_fullscreen:" if view.present else ":material/slideshow:",
        )
        with st.popover(texts("share"), icon=":material/qr_code_2:"):
            render_share(link, texts)


def render_share(link: str, texts: Texts) -> None:
    st.markdown(texts("share_intro"))
    st.code(link, language=None, wrap_lines=True)
    code = qr_png(link)
    st.image(code.png, caption=texts("share_qr_caption"), width=code.width)


def render_header(texts: Texts) -> None:
    st.title(texts("title"))
    st.markdown(texts("tagline"))
    st.caption(texts("how_to"))


def render_content_note(view: View, texts: Texts) -> None:
    """Before the detail of violence and trafficking: a short warning the visitor (or a presenter) can hide."""
    if not view.content_note:
        return
    with st.container(key="erm_content_note"):
        st.info(texts("content_note"), icon=":material/info:")
        st.button(texts("content_note_hide"), key="erm_note_hide", on_click=state.hide_content_note)


def render_legend(texts: Texts) -> None:
    st.html(legend_html(texts))
    st.caption(texts("safety_caption"))


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
