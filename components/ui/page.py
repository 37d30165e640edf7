"""The page around the map: styles, toolbar, title, notes, legend and data problems (renders with st.*)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from time import sleep

import streamlit as st

from components.builders.markup import escape, escape_markdown
from components.builders.palette import stylesheet
from components.builders.share import QrCode, ShareLinks, presenter_qr, qr_png
from components.domain.navigation import Fallback, Selection, View
from components.schema.data import Problem, problem_count
from components.texts.en import LANGUAGE_NAMES, Texts
from components.ui import state

HEADER_KEY = "erm_header"  # the toolbar: title and language (and, when presenting, the way out)


def key_selector(key: str) -> str:
    """The CSS selector of the element with this widget or container key (Streamlit's class `st-key-<key>`)."""
    return f".st-key-{key}"


# What only the app needs, after the shared stylesheet (palette.stylesheet: stage card, legend, badges).
_APP_CSS = """
/* Streamlit's caption grey is below WCAG AA contrast on white (axe color-contrast). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4a4f5a !important; }
"""


# Streamlit fixes <html lang="en"> (streamlit/streamlit#8399); screen readers need the page's language.
# Presentation clickers send Page Down / Page Up: press the Next / Previous buttons for them.
_PAGE_SCRIPT = """<script>
document.documentElement.lang = {lang};
if (!window.__ermKeys) {{
  window.__ermKeys = true;
  document.addEventListener("keydown", function (event) {{
    var which = {{PageDown: "next", PageUp: "prev"}}[event.key];
    var button = which && document.querySelector(".st-key-erm_" + which + " button");
    if (button && !button.disabled) {{ event.preventDefault(); button.click(); }}
  }});
}}
</script>"""

# The map's height when it is first drawn, and on a phone; on a larger screen the stylesheet below makes
# it as tall as the screen allows.
MAP_HEIGHT_PX = 430

# The story page: map and stage side by side, the map as tall as the screen allows (the sidecar of
# ArcGIS StoryMaps); on a phone, the map first and the stage under it. streamlit-folium gives its
# iframe a fixed height, so the height is set here and the map inside follows it (route_map.MapSetup).
_LAYOUT_CSS = """
<style>
:root { --erm-map-h: max(480px, calc(100vh - 17rem)); }
/* The map's container holds its first height from the first paint (stage_panel); then the screen's. */
.st-key-erm_map, :has(> .st-key-erm_map) {
  height: var(--erm-map-h) !important; flex: 0 0 var(--erm-map-h) !important; overflow: hidden !important;
}
.st-key-erm_map iframe { height: var(--erm-map-h) !important; }
/* The panel beside the map is as tall as the map and scrolls; from the first paint it has the map's first
   height (stage_panel), so the page never outgrows the screen and back (a scroll bar that comes and goes
   moves everything sideways). On a phone it is under the map, as long as its text. */
@media (min-width: 640px) {
  .st-key-erm_panel, :has(> .st-key-erm_panel) {
    height: var(--erm-map-h) !important; flex: 0 0 var(--erm-map-h) !important;
  }
  .st-key-erm_panel { overflow-y: auto !important; padding-right: .5rem; }
}
@media (max-width: 639px) {
  :root { --erm-map-h: MAP_HEIGHT_PXpx; }  /* the map's first height: on a phone nothing moves */
  .st-key-erm_panel, :has(> .st-key-erm_panel) { height: auto !important; flex: none !important; overflow: visible !important; }
}
</style>
"""

_PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important;
}
[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: .75rem 1.5rem 1rem !important; max-width: 100% !important; }
:root { --erm-map-h: calc(100vh - 8.5rem); }
.st-key-erm_panel, .st-key-erm_panel p, .st-key-erm_panel li, .st-key-erm_panel dd { font-size: 1.35rem; line-height: 1.5; }
.st-key-erm_panel .erm-stage h3 { font-size: 2.4rem; line-height: 1.2; }
.st-key-erm_panel .erm-stage h4 { font-size: 1.5rem; }
.st-key-erm_panel .erm-kicker, .st-key-erm_panel .erm-facts dt { font-size: 1.1rem; }
.st-key-erm_panel .erm-risk { font-size: 2rem; }
.st-key-erm_panel button { font-size: 1.2rem; min-height: 3rem; }
/* The share dialog holds the back row's QR code (share.presenter_qr) at its own size, never shrunk. */
[data-testid="stDialog"] div:has(> [role="dialog"] .st-key-erm_share_present),
[role="dialog"]:has(.st-key-erm_share_present) {
  max-width: calc(100vw - 2rem) !important; width: max-content !important;
}
.st-key-erm_share_present p, .st-key-erm_share_present code { font-size: 1.2rem !important; }
.st-key-erm_share_present [data-testid="stImageCaption"],
.st-key-erm_share_present [data-testid="stImageCaption"] p { font-size: 1.5rem !important; color: #111 !important; }
/* A projector less tall than 1080 px: exactly half the size (the scale is even: whole pixels still). */
@media (max-height: 1000px) {
  .st-key-erm_share_present .st-key-erm_share_qr { zoom: 0.5; }
  .st-key-erm_share_present .st-key-erm_share_qr img { image-rendering: pixelated; }
  .st-key-erm_share_present [data-testid="stImageCaption"],
  .st-key-erm_share_present [data-testid="stImageCaption"] p { font-size: 3rem !important; }  /* 1.5rem, zoomed */
}
</style>
"""


# Smaller on a phone, in the inline style (a stylesheet's media query would arrive after the first paint,
# and a line that wraps until it arrives pushes the map down and back: layout shift).
# As tall as a widget (40 px): the title and the language button share one line.
_TITLE_STYLE = "font-size:clamp(1.15rem,4vw,1.6rem);line-height:40px;margin:0;padding:0;font-weight:700"
_NOTE_STYLE = "margin:0;font-size:clamp(.75rem,2.4vw,.9rem);color:#4a4f5a"


def render_page_style(view: View) -> None:
    """Styles for this view, and the document language.

    Both go in the sidebar: Streamlit loads each element type's code when it is first needed and
    holds its place meanwhile, so elements at the top of the page would push the page down and then
    let it jump back (Lighthouse: layout shift 0.78). The styles themselves arrive after the first
    paint too, so they change nothing's place on a laptop: sizes the first paint already has.
    """
    layout = _LAYOUT_CSS.replace("MAP_HEIGHT_PX", str(MAP_HEIGHT_PX))
    with st.sidebar:
        styles = f"<style>{stylesheet()}{_APP_CSS}</style>" + layout + (_PRESENT_CSS if view.present else "")
        st.html(styles + _PAGE_SCRIPT.format(lang=json.dumps(view.language)), unsafe_allow_javascript=True)


LAYOUT_FRAME_S = 0.08  # a few of a browser's frames (16 ms each at 60 Hz), and room for a busy one


def settle_layout(first_run: bool) -> None:
    """On a session's first run, let the browser apply the wide layout before any element arrives.

    The page is centred until the page's configuration arrives. Sent in the same frame as the first
    elements, it moves the whole page sideways as it appears (Lighthouse desktop: layout shift 0.2);
    a moment later, only the still empty page moves. Later runs keep the layout: they do not wait.
    """
    if first_run:
        sleep(LAYOUT_FRAME_S)


def render_top(view: View, texts: Texts, story_problems: Sequence[Problem]) -> None:
    """The header, then (rarely) the story file's problems, then the content note, close together."""
    with st.container(gap=None, key="erm_top"):  # the rows are 40 px tall: room enough between them
        render_header(view, texts)
        render_problems(story_problems, texts, heading="story_problems", warn=True)
        render_content_note(view, texts)


def render_header(view: View, texts: Texts) -> None:
    """One line, even on a phone: the title and the language (and, when presenting, the way out)."""
    # Streamlit draws each element once its code has loaded: the alignment and the fixed widths are
    # set here (not in the stylesheet, which arrives later), so nothing moves sideways meanwhile.
    with st.container(horizontal=True, key=HEADER_KEY, vertical_alignment="center", horizontal_alignment="distribute"):
        # Inline styles: the stylesheet arrives after the first paint, and the title must not jump.
        st.html(f'<h1 class="erm-title" style="{_TITLE_STYLE}">{escape(texts("title"))}</h1>', width="content")
        # The title on the left, the buttons together on the right.
        with st.container(horizontal=True, width="content", key=TOOLS_KEY, gap="small"):
            render_language_switch(view, texts)
            if view.present:  # the sidebar, where the way in is, is hidden while presenting
                render_present_toggle(view, texts)


TOOLS_KEY = "erm_tools"  # the header's buttons: the other language (and, when presenting, the way out)


def render_language_switch(view: View, texts: Texts) -> None:
    """A button for each other language, named in that language (a reader of it finds it)."""
    for language, name in LANGUAGE_NAMES.items():
        if language != view.language:
            st.button(
                name,
                key=f"erm_lang_{language}",
                icon=":material/translate:",
                on_click=state.choose_language,
                args=(language,),
            )


def render_present_toggle(view: View, texts: Texts) -> None:
    st.button(
        texts("present_exit") if view.present else texts("present"),
        key="erm_present_toggle",
        on_click=state.toggle_present,
        icon=":material/close_fullscreen:" if view.present else ":material/slideshow:",
    )


SHARE_QR_KEY = "erm_share_qr"  # the QR code's container (the browser tests measure it)
SHARE_PRESENT_KEY = "erm_share_present"  # presenter mode: the back row's QR code, the links beside it
PRESENT_SHARE_TEXT_PX = 480


def render_share(
    links: ShareLinks, texts: Texts, *, present: bool = False, more: Callable[[], None] | None = None
) -> None:
    """The link to this view and a QR code of it; with a story URL, the audience's page first, the app beside it.

    In presenter mode the QR code is sized for the back row (share.presenter_qr) with the links beside it.
    `more` draws what follows the links (the handout's button).
    """
    if not present:
        _render_share_links(links, texts, qr=qr_png(links.scanned))
        if more is not None:
            more()
        return
    with st.container(horizontal=True, gap="medium", key=SHARE_PRESENT_KEY):
        _render_qr(presenter_qr(links.scanned), texts, audience=links.audience is not None)
        with st.container(width=PRESENT_SHARE_TEXT_PX):
            _render_share_links(links, texts, qr=None)
            if more is not None:
                more()


def _render_share_links(links: ShareLinks, texts: Texts, qr: QrCode | None) -> None:
    """The links as text to copy, each under its label; the QR code (if given) right after the one it encodes."""
    if links.audience is None:
        st.markdown(texts("share_intro"))
        st.code(links.app, language=None, wrap_lines=True)
    else:
        st.markdown(texts("share_audience"))
        st.code(links.audience, language=None, wrap_lines=True)
    if qr is not None:
        _render_qr(qr, texts, audience=links.audience is not None)
    if links.audience is not None:
        st.markdown(texts("share_app"))
        st.code(links.app, language=None, wrap_lines=True)


def _render_qr(code: QrCode, texts: Texts, *, audience: bool) -> None:
    caption = texts("share_audience_qr_caption" if audience else "share_qr_caption")
    with st.container(key=SHARE_QR_KEY, width="content"):  # the PNG's own width: whole pixels per module
        st.image(code.png, caption=caption, width=code.width)


def render_content_note(view: View, texts: Texts) -> None:
    """Before the detail of violence and trafficking: one line the visitor (or a presenter) can hide."""
    if not view.content_note:
        return
    with st.container(horizontal=True, key="erm_content_note", vertical_alignment="center"):
        st.html(
            f'<p class="erm-note-line" role="note" style="{_NOTE_STYLE}">{escape(texts("content_note"))}</p>',
            width="content",
        )
        st.button(texts("content_note_hide"), key="erm_note_hide", on_click=state.hide_content_note, type="tertiary")


def render_problems(
    problems: Sequence[Problem], texts: Texts, *, heading: str = "data_problems", warn: bool = False
) -> None:
    """Data problems in the page, one per line and in the page's language, instead of a traceback."""
    if not problems:
        return
    lines = "".join(
        f"<li><code>{escape(texts.problem_location(p))}</code>: {escape(texts.problem(p))}</li>" for p in problems
    )
    (st.warning if warn else st.error)(texts(heading, count=problem_count(problems)))  # the ones left out too
    st.html(f'<ul class="erm-problems">{lines}</ul>')


def render_notice(notice: Selection | None, route_name: str, texts: Texts) -> None:
    if notice is None:
        return
    key = "notice_unknown_route" if notice.fallback is Fallback.UNKNOWN_ROUTE else "notice_unknown_stage"
    # st.warning renders Markdown; the link and the route name are not ours, so they are made literal.
    st.warning(texts(key, asked=escape_markdown(notice.asked[:80]), route=escape_markdown(route_name)), icon="⚠️")
