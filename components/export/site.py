"""`python -m components.export_site OUT_DIR [--data-dir PATH] [--lang en|ko]`: the story as a static site.

One page per route (the map, every stage's text and risks with sources, Previous / Next, deep links
by URL hash: `southern.html#stage=3`), the offline basemap, and Leaflet and the map's code (the same
components/web/ scripts as the app's) beside them in `assets/`. No
CDN and no server code: it opens from file:// with no network and from any static host, so it scales
to any number of viewers. Same data, same validation, same escaping as the app.

OUT_DIR may hold other files: an export writes only its own files, lists them in OUT_DIR/.erm-site-files,
and on the next export removes only those of them it no longer writes (a route taken out of the data).
A bad OUT_DIR (a file, a folder it cannot write, a folder inside the data) is one line on stderr, exit 1.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

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
MANIFEST = ".erm-site-files"  # the files the last export wrote, one path (relative to OUT_DIR) a line

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
    """Write index.html, one page per route and assets/; return the pages written.

    Only the export's own files are written or removed: see the module's docstring.
    """
    share_compiled_templates()
    out_dir.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(out_dir)
    pages = [out_dir / "index.html", *(out_dir / f"{route.route_id}.html" for route in journey)]
    with tempfile.TemporaryDirectory(prefix="erm-site-assets-") as staging:
        # Leaflet and our code are installed aside, then copied file by file: what we copy is what we own
        # (and the gesture plugin that install_leaflet adds is not needed here).
        leaflet = install_leaflet(Path(staging))
        code = install_map_code(Path(staging))
        copies = {
            out_dir / ASSETS_DIR / source.relative_to(staging): source
            for folder in (leaflet, code)
            for source in sorted(folder.rglob("*"))
            if source.is_file()
        }
        written = [*pages, *copies]
        # Listed before they are written: an export cut short still knows which files are its own.
        write_manifest(out_dir, [*owned, *written])
        for target, source in copies.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
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
    for route, page in zip(journey, pages[1:], strict=True):
        _write_route_page(journey, route, texts, assets, page)
    links = "".join(
        f'<li><a href="{escape(page.name)}">{escape(route.text("name", texts.language))}</a></li>'
        for route, page in zip(journey, pages[1:], strict=True)
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
    pages[0].write_text(index, encoding="utf-8")
    _remove_owned(out_dir, set(owned) - set(written))
    write_manifest(out_dir, written)
    return pages


def read_manifest(out_dir: Path) -> list[Path]:
    """The files an earlier export wrote in out_dir: only paths inside it (a hand-edited line cannot reach out)."""
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    root = out_dir.resolve()
    owned = []
    for line in lines:
        path = out_dir / line.strip()
        if line.strip() and path.name != MANIFEST and path.resolve().is_relative_to(root) and path.resolve() != root:
            owned.append(path)
    return owned


def write_manifest(out_dir: Path, files: Iterable[Path]) -> None:
    names = sorted({path.relative_to(out_dir).as_posix() for path in files})
    (out_dir / MANIFEST).write_text("".join(f"{name}\n" for name in names), encoding="utf-8")


def _remove_owned(out_dir: Path, stale: set[Path]) -> None:
    """Remove files an earlier export wrote and this one did not, and the folders that leaves empty."""
    for path in sorted(stale):
        if path.is_symlink() or path.is_file():
            path.unlink()
        folder = path.parent
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def out_dir_problem(out_dir: Path, data_dir: Path) -> str | None:
    """Why the site cannot be written to out_dir, in one line; None when it can."""
    target, data = out_dir.resolve(), data_dir.resolve()
    if target == data or target.is_relative_to(data):
        return f"{out_dir} is inside the data folder {data_dir}: choose a folder outside it"
    existing = next(folder for folder in (target, *target.parents) if folder.exists())
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write to {existing}: permission denied"
    return None


def _write_route_page(journey: Journey, route: Route, texts: Texts, assets: Assets, page: Path) -> None:
    fmap = build_base_map(route, texts, assets, stances=journey.stances, offline=True)
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


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (argparse prints the usage first), exit code 2 as argparse's."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(prog="python -m components.export_site", description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default="en")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or data_dir_from([], os.environ)
    problem = out_dir_problem(args.out_dir, data_dir)
    if problem is not None:
        print(f"{parser.prog}: {problem}", file=sys.stderr)
        return 1
    result = read_journey(data_dir)
    if result.journey is None:
        for line in result.problems:
            print(line)
        return 1
    texts = Texts(args.lang, story=read_story(data_dir))
    try:
        pages = build_site(result.journey, args.out_dir, texts, basemap=Settings(data_dir, offline=True).basemap)
    except OSError as error:  # a file in the way, a full disk, a folder that turned read-only
        where = error.filename or args.out_dir
        print(f"{parser.prog}: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} pages and assets/ to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
