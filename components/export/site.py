"""`python -m components.export_site OUT_DIR [--data-dir PATH] [--lang en|ko]`: the story as a static site.

One page per route (the map, every stage's text and risks with sources, Previous / Next, deep links
by URL hash: `southern.html#stage=3`), the offline basemap, and Leaflet and the map's code (the same
components/web/ scripts as the app's) beside them in `assets/`. No
CDN and no server code: it opens from file:// with no network and from any static host, so it scales
to any number of viewers. Same data, same validation, same escaping as the app.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from components.builders.assets import BASEMAP_SOURCE, MAP_JS, STORY_JS, install_leaflet, install_map_code
from components.builders.assets import MapAssets as Assets
from components.builders.markup import escape, route_summary, stage_card
from components.builders.palette import legend_html, stylesheet
from components.builders.route_map import build_base_map, share_compiled_templates
from components.domain.journey import Journey, Route
from components.domain.settings import Settings, data_dir_from
from components.schema.data import read_journey
from components.schema.story import read_story
from components.texts.en import LANGUAGES, Texts

ASSETS_DIR = "assets"

# The page around the map: the map beside the text (under it on a phone). The stage card, legend and
# badges come from the shared stylesheet (palette.stylesheet).
_SITE_CSS = """
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111; }
.folium-map { position: fixed !important; left: 0; top: 0; width: 60vw !important; height: 100vh !important; }
.erm-site-text { margin-left: 60vw; padding: 1rem 1.25rem; }
.erm-site-nav { display: flex; gap: .5rem; margin: .5rem 0 1rem; }
.erm-site-nav button { flex: 1; font: inherit; padding: .6rem; border-radius: .4rem; border: 1px solid #1d4ed8;
  background: #fff; color: #1d4ed8; cursor: pointer; }
.erm-site-nav button#erm-next { background: #1d4ed8; color: #fff; }
.erm-site-nav button:disabled { opacity: .45; cursor: default; }
nav.erm-routes a { margin-right: .8rem; }
@media (max-width: 760px) {
  .folium-map { position: relative !important; width: 100% !important; height: 60vh !important; }
  .erm-site-text { margin-left: 0; }
}
"""


def _style() -> str:
    return f"<style>\n{stylesheet()}{_SITE_CSS}</style>"


class SiteStory(MacroElement):
    """Previous / Next, keys, deep links and map clicks for the static page (erm-story.js `erm.story`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        erm.story({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SiteStory"


def build_site(journey: Journey, out_dir: Path, texts: Texts, *, basemap: Path = BASEMAP_SOURCE) -> list[Path]:
    """Write index.html, one page per route and assets/; return the pages written."""
    share_compiled_templates()
    out_dir.mkdir(parents=True, exist_ok=True)
    leaflet = install_leaflet(out_dir / ASSETS_DIR)
    code = install_map_code(out_dir / ASSETS_DIR)
    for stray in [p for p in (out_dir / ASSETS_DIR).iterdir() if p.is_dir() and p not in (leaflet, code)]:
        shutil.rmtree(stray)  # only Leaflet and our code are needed here (no gesture plugin, no staging folders)
    outlines = "data:application/json;base64," + base64.b64encode(basemap.read_bytes()).decode("ascii")
    root = f"{ASSETS_DIR}/{leaflet.name}"
    assets = Assets(
        js=[
            ("leaflet", f"{root}/leaflet.js"),
            ("erm_map", f"{ASSETS_DIR}/{code.name}/{MAP_JS}"),
            ("erm_story", f"{ASSETS_DIR}/{code.name}/{STORY_JS}"),
        ],
        css=[("leaflet_css", f"{root}/leaflet.css")],
        images=f"{root}/images/",
        countries=outlines,
    )
    pages = [_write_route_page(journey, route, texts, assets, out_dir) for route in journey]
    links = "".join(
        f'<li><a href="{escape(page.name)}">{escape(route.text("name", texts.language))}</a></li>'
        for route, page in zip(journey, pages, strict=True)
    )
    index = (
        f'<!DOCTYPE html><html lang="{escape(texts.language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(texts("title"))}</title>{_style()}</head><body><main style="max-width:48rem;margin:2rem auto;'
        f'padding:0 1rem"><h1>{escape(texts("title"))}</h1><p>{escape(texts("tagline").replace("*", ""))}</p>'
        f'<p class="erm-content-note">{escape(texts("content_note"))}</p>'
        f"<ul>{links}</ul><p>{escape(texts('about'))}</p><p><small>{escape(texts('attribution'))}</small></p>"
        "</main></body></html>"
    )
    (out_dir / "index.html").write_text(index, encoding="utf-8")
    return [out_dir / "index.html", *pages]


def _write_route_page(journey: Journey, route: Route, texts: Texts, assets: Assets, out_dir: Path) -> Path:
    fmap = build_base_map(route, texts, assets, stances=journey.stances, offline=True)
    page = out_dir / f"{route.route_id}.html"
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    lang = texts.language
    cards = "".join(
        f'<div class="erm-site-card" data-step="{step}" id="stage-{step}"'
        f"{'' if step == 1 else ' hidden'}>{stage_card(route, step, texts, journey.stances, heading='h2')}</div>"
        for step in route.steps
    )
    nav = "".join(
        f'<a href="{escape(other.route_id)}.html">{escape(other.text("name", lang))}</a>' for other in journey
    )
    text_panel = (
        f'<div class="erm-site-text"><nav class="erm-routes">{nav}</nav>'
        f"<h1>{escape(route.text('name', lang))}</h1>"
        f'<div class="erm-site-nav"><button id="erm-prev" type="button">{escape(texts("previous"))}</button>'
        f'<button id="erm-next" type="button">{escape(texts("next"))}</button></div>'
        f'<div aria-live="polite">{cards}</div>{route_summary(route, texts)}{legend_html(texts)}'
        f"<p>{escape(texts('safety_caption'))}</p><p><small>{escape(texts('attribution'))}</small></p></div>"
    )
    SiteStory().add_to(fmap)  # after the route layer, whose stages it steps through
    figure.header.add_child(Element(_style()), name="erm_site_style")
    figure.header.add_child(Element(f"<title>{escape(route.text('name', lang))}</title>"), name="erm_title")
    figure.html.add_child(Element(text_panel), name="erm_text")  # beside the map (CSS), under it on phones
    html = figure.render().replace("<html>", f'<html lang="{escape(lang)}">', 1)
    page.write_text(html, encoding="utf-8")
    return page


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m components.export_site", description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default="en")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or data_dir_from([], os.environ)
    result = read_journey(data_dir)
    if result.journey is None:
        for problem in result.problems:
            print(problem)
        return 1
    texts = Texts(args.lang, story=read_story(data_dir))
    pages = build_site(result.journey, args.out_dir, texts, basemap=Settings(data_dir, offline=True).basemap)
    print(f"wrote {len(pages)} pages and assets/ to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
