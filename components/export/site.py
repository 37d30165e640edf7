"""`python -m components.export_site OUT_DIR [--data-dir PATH] [--lang en|ko] [--app-url URL] [--force]`: the static story.

The audience's way in, light enough for a room of phones on one venue Wi-Fi. One page per route and
language (named by `builders.share.story_path`: English at OUT_DIR's root, other languages in `<lang>/`,
each with its index.html), each telling every stage: Previous / Next, a horizontal swipe on the text,
the arrow keys, clicks on the map, and deep links (`southern.html#stage-6`, the form the page writes,
named by `builders.share.stage_anchor`; `?stage=6` and the older `#stage=6` work too). The map flies to
each stage's leg. Every route page has the content note (with a Hide button), a link to the same stage
in the other language, and one to the full app at this stage (`<app-url>?route=&stage=&lang=`).

By default every language is written; `--lang X` writes only X. `--app-url` is the app's address: an
http(s) URL with a host or a path from the root (`/app/`) is used as given, a relative path is read from
the story's root folder (default `../`: the story served at `/story/` beside the app at `/`, so `../../`
from a page in `ko/`). Anything else (`javascript:`, `//host`, a backslash, whitespace) exits 2.

The styles are inline, Leaflet and the map's code (the same components/web/ scripts as the app's) are
in `assets/`, loaded with `defer`, and the country outlines are a script asked for after the page has
loaded (a page opened from file:// cannot fetch). No CDN and no server code: it opens from file:// with
no network and from any static host. Same data, same validation, same escaping as the app.

OUT_DIR may hold other files: an export writes only its own files, lists them in OUT_DIR/.erm-site-files,
and on the next export removes only those of them it no longer writes (a route taken out of the data).
A file in its way that it did not write (your own index.html) stops it before it writes anything;
`--force` replaces such files and adopts them: from then on they are the export's, updated and removed
like the rest. It never writes or removes through a symbolic link: a link (or a file with other hard
links) where it writes stops it, and a stale file behind one is left. A bad OUT_DIR (a file, a folder it
cannot write, one inside the data or holding it, the project, your home, `/`, `/var`, `/tmp` or a system
folder such as /etc, /usr, /proc or anything in them) is one line on stderr, exit 1, as is a file in its way.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from branca.element import Figure, MacroElement
from jinja2 import Template

from components.builders.assets import (
    BASEMAP_SOURCE,
    MAP_JS,
    STORY_JS,
    install_leaflet,
    install_map_code,
    outlines_near,
)
from components.builders.assets import MapAssets as Assets
from components.builders.markup import escape, route_summary, stage_card
from components.builders.palette import legend_html, stylesheet
from components.builders.route_map import build_base_map
from components.builders.share import share_url, stage_anchor, story_path
from components.domain.journey import Journey, Route
from components.domain.navigation import View, view_query
from components.domain.settings import Settings, data_dir_from
from components.domain.urls import link_problem, quoted
from components.schema.data import read_journey
from components.schema.story import read_story
from components.texts.en import LANGUAGE_NAMES, LANGUAGES, Texts

ASSETS_DIR = "assets"
_NO_SCRIPT = "<noscript><style>.erm-site-card[hidden] { display: block; }</style></noscript>"
MANIFEST = ".erm-site-files"  # the files the last export wrote, one path (relative to OUT_DIR) a line
DEFAULT_APP_URL = "../"  # the story is served at /story/, beside the app at /

# The page around the map: the map beside the text on a wide screen; on a phone the map stays at the
# top, the text scrolls under it and Previous / Next sit at the bottom, under the thumb. Every control
# is at least 48 px square. The stage card, legend and badges come from the shared stylesheet.
_SITE_CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111; background: #fff; }
:lang(ko) { word-break: keep-all; }
a { color: #1d4ed8; }
.erm-site-map { position: fixed; left: 0; top: 0; z-index: 0; width: 58vw; height: 100vh; background: #dbe9f4;
  contain: strict; }
.erm-site-map .folium-map { width: 100%; height: 100%; }
.erm-site-text { margin-left: 58vw; max-width: 42vw; padding: 0 1.25rem 2rem; }
.erm-site-head { display: flex; flex-wrap: wrap; gap: 0 1rem; justify-content: space-between; }
.erm-site-head a, .erm-routes a, .erm-site-app, .erm-index a { display: inline-flex; align-items: center;
  justify-content: center; min-height: 48px; min-width: 48px; }
.erm-content-note { display: flex; align-items: center; gap: .75rem; margin: .25rem 0; padding: 0 0 0 .75rem;
  background: #fff7e6; border-left: 4px solid #b45309; }
.erm-content-note[hidden] { display: none; }
.erm-content-note span { flex: 1; }
.erm-content-note button { min-height: 48px; min-width: 48px; padding: 0 .9rem; font: inherit; color: #7c2d12;
  background: transparent; border: 0; text-decoration: underline; cursor: pointer; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .75rem 0 .25rem; }
.erm-site-nav { position: sticky; top: 0; z-index: 2; display: flex; align-items: center; gap: .5rem;
  padding: .5rem 0; background: #fff; }
.erm-site-nav button { min-height: 48px; min-width: 6.5rem; padding: .5rem 1rem; font: inherit; font-weight: 600;
  border-radius: .5rem; border: 2px solid #1d4ed8; background: #fff; color: #1d4ed8; cursor: pointer; }
.erm-site-nav #erm-next { background: #1d4ed8; color: #fff; }
.erm-site-nav button:disabled { border-color: #9ca3af; background: #f3f4f6; color: #4b5563; cursor: default; }
#erm-position { flex: 1; margin: 0; text-align: center; font-weight: 600; }
.erm-site-card { scroll-margin-top: 5rem; }
.erm-site-card h2 { margin: .1rem 0 .3rem; font-size: 1.3rem; }
.erm-routes { list-style: none; display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: 0; padding: 0; }
.erm-routes a[aria-current] { color: #111; font-weight: 700; text-decoration: none; }
.erm-index { max-width: 48rem; margin: 0 auto; padding: 0 1rem 2rem; }
.erm-index ul { list-style: none; padding: 0; }
.erm-index li a { font-size: 1.1rem; }
.leaflet-container { font: 14px/1.4 system-ui, sans-serif; }
.leaflet-bar a, .leaflet-touch .leaflet-bar a { width: 48px; height: 48px; line-height: 48px; font-size: 24px; }
.erm-overview { min-height: 48px !important; }
.leaflet-control-attribution { font-size: 12px; }
.leaflet-control-attribution a { display: inline-block; padding: 6px 2px; }
@media (max-width: 760px) {
  .erm-site-map { position: sticky; z-index: 3; width: 100%; height: 40vh; }
  .erm-site-text { margin-left: 0; max-width: none; padding: 0 1rem 5.5rem; }
  .erm-site-nav { position: fixed; top: auto; bottom: 0; left: 0; right: 0; padding: .5rem 1rem;
    box-shadow: 0 -2px 8px rgba(0, 0, 0, .15); }
  .erm-site-nav button { min-width: 5.5rem; }
  .erm-site-card { scroll-margin-top: calc(40vh + .5rem); }
}
"""


class SiteStory(MacroElement):
    """Previous / Next, keys, swipe, deep links and map clicks for the static page (erm-story.js `erm.story`)."""

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


def index_path(language: str) -> str:
    """A language's index page: `index.html` in the folder of its route pages (story_path owns where those lie)."""
    return story_path("index", language)


def _up(page: str) -> str:
    """From a page (a path relative to the story's root) back to the root: "" or "../"."""
    return "../" * page.count("/")


def app_link(app_url: str, page: str, route_id: str, step: int, language: str) -> str:
    """The full app at this stage, as linked from `page`: a relative app_url is read from the story's root."""
    parts = urlsplit(app_url)
    base = app_url if parts.scheme or parts.netloc or app_url.startswith("/") else _up(page) + app_url
    return share_url(base, view_query(route_id, step, View(language=language)))  # the app's own share link


@dataclass(frozen=True, slots=True)
class _Site:
    """What every page needs; paths relative to the story's root."""

    scripts: tuple[str, ...]
    leaflet_root: str
    leaflet_css: str  # leaflet.css, its url(images/…) relative to leaflet_root
    countries: str
    app_url: str
    languages: tuple[str, ...]

    def head(self, texts: Texts, title: str, page: str, *, with_map: bool = True) -> str:
        """The page's <head>: every style inline, the map's scripts (if it has a map) deferred."""
        up = _up(page)
        leaflet_css = (
            self.leaflet_css.replace("url(images/", f"url({up}{self.leaflet_root}/images/") if with_map else ""
        )
        scripts = "".join(f'<script defer src="{escape(up + src)}"></script>' for src in self.scripts if with_map)
        return (
            f'<!DOCTYPE html><html lang="{escape(texts.language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>"
            f'<meta name="description" content="{escape(texts("tagline").replace("*", ""))}">'
            f"<style>{leaflet_css}\n{stylesheet()}{_SITE_CSS}</style>{scripts}"
            # Without JavaScript (a strict reader mode, a blocked script) every stage is shown, one after another.
            f"{_NO_SCRIPT if with_map else ''}</head>"
        )

    def languages_html(self, texts: Texts, page: str, route_id: str | None) -> str:
        """Links to this page in the other languages written; a route page's keep the stage (erm-story.js)."""
        links = []
        for other in self.languages:
            if other == texts.language:
                continue
            if route_id is None:
                href, follow = index_path(other), ""
            else:
                href, follow = f"{story_path(route_id, other)}#{stage_anchor(1)}", ' data-erm-link="hash"'
            links.append(
                f'<a href="{escape(_up(page) + href)}" hreflang="{escape(other)}" lang="{escape(other)}"{follow}>'
                f"{escape(LANGUAGE_NAMES.get(other, other))}</a>"
            )
        return "".join(links)


def build_site(
    journey: Journey,
    out_dir: Path,
    texts: Texts | Sequence[Texts],
    *,
    basemap: Path = BASEMAP_SOURCE,
    app_url: str = DEFAULT_APP_URL,
    force: bool = False,
) -> list[Path]:
    """Write each language's index.html and route pages, and assets/; return the pages written.

    Only the export's own files are written or removed, never through a link: see the module's docstring.
    Raises UnsafeOutputError before writing anything when a file in the way is not the export's (unless
    `force`), or is a link, a folder, or not a plain file; ValueError for an app_url no page may link to.
    """
    problem = system_folder_problem(out_dir)
    if problem is not None:
        raise UnsafeOutputError(problem)
    if (url_problem := link_problem(app_url, relative=True)) is not None:
        raise ValueError(f"app_url {quoted(app_url)}: {url_problem}")
    languages = [texts] if isinstance(texts, Texts) else list(texts)
    out_dir.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(out_dir)
    output = _Output(out_dir, owned, force=force)
    names = [
        (t, route, name)
        for t in languages
        for route, name in [(None, index_path(t.language)), *((r, story_path(r.route_id, t.language)) for r in journey)]
    ]
    pages = [out_dir / name for _, _, name in names]
    outlines_json = outlines_near(basemap.read_text(encoding="utf-8"), journey.bounds)
    # Named after the content (a CDN may cache it for good); the same as a script beside it, for file://.
    countries = f"{ASSETS_DIR}/countries-{hashlib.sha256(outlines_json.encode()).hexdigest()[:12]}.geojson"
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
        outlines = [out_dir / countries, (out_dir / countries).with_suffix(".js")]
        written = [*pages, *outlines, *copies]
        output.check([*written, out_dir / MANIFEST])  # every refusal comes before the first file is written
        # Listed before they are written: an export cut short still knows which files are its own.
        write_manifest(output, [*owned, *written])
        for target, source in copies.items():
            output.write(target, source.read_bytes())
        leaflet_css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    output.write(outlines[0], outlines_json)
    output.write(outlines[1], _as_script("ermCountries", outlines_json))
    root = f"{ASSETS_DIR}/{leaflet.name}"
    site = _Site(
        scripts=(f"{root}/leaflet.js", f"{ASSETS_DIR}/{code.name}/{MAP_JS}", f"{ASSETS_DIR}/{code.name}/{STORY_JS}"),
        leaflet_root=root,
        leaflet_css=leaflet_css,
        countries=countries,
        app_url=app_url,
        languages=tuple(t.language for t in languages),
    )
    for (t, route, name), page in zip(names, pages, strict=True):
        html = _index_page(journey, t, site, name) if route is None else _route_page(journey, route, t, site, name)
        output.write(page, html)
    output.remove(set(owned) - set(written))
    write_manifest(output, written)
    return pages


def _as_script(name: str, text: str) -> str:
    """`window.<name> = '<text>'`: a page opened from file:// may load a script, not fetch a file.

    A string literal, parsed by JSON.parse, is far cheaper for a browser than the same data as an
    object literal. In single quotes, it needs no escape when the text has no quote, backslash or line break.
    """
    plain = not any(c in text for c in "'\\\n\r\u2028\u2029")
    literal = f"'{text}'" if plain else json.dumps(text)
    return f"window.{name}={literal};\n"


def _index_page(journey: Journey, texts: Texts, site: _Site, page: str) -> str:
    up = _up(page)
    links = "".join(
        f'<li><a href="{escape(up + story_path(route.route_id, texts.language))}">'
        f"{escape(route.text('name', texts.language))}</a></li>"
        for route in journey
    )
    return (
        f'{site.head(texts, texts("title"), page, with_map=False)}<body><main class="erm-index">'
        f'<div class="erm-site-head"><span></span>{site.languages_html(texts, page, None)}</div>'
        f"<h1>{escape(texts('title'))}</h1><p>{escape(texts('tagline').replace('*', ''))}</p>"
        f'<p class="erm-content-note"><span>{escape(texts("content_note"))}</span></p>'
        f'<nav aria-label="{escape(texts("story_routes"))}"><ul>{links}</ul></nav>'
        f"<p>{escape(texts('about'))}</p><p><small>{escape(texts('attribution'))}</small></p>"
        "</main></body></html>"
    )


class UnsafeOutputError(Exception):
    """Why the export will not write in OUT_DIR, in one line: a link or a stranger's file in its way."""


# Below OUT_DIR nothing is followed: every folder and file is opened relative to the one above it, with
# O_NOFOLLOW, so a link planted after the checks fails the open instead of leading elsewhere. A FIFO
# put in the way fails the open (O_NONBLOCK) instead of hanging the export.
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK


def _plain_name(name: str) -> bool:
    """Whether name is a path below a folder that names no parent, no root and nothing odd (a manifest line)."""
    parts = name.split("/")
    return all(part not in ("", ".", "..") and "\0" not in part for part in parts) and "\\" not in name


class _Output:
    """OUT_DIR as the export writes it: its own files only, and never through a link (see the docstring)."""

    def __init__(self, out_dir: Path, owned: Iterable[Path], *, force: bool) -> None:
        self.out_dir = out_dir
        self.root = out_dir.resolve()  # OUT_DIR itself may be a link the user made; nothing below it may
        self.owned = {self.name(path) for path in owned} | {MANIFEST}
        self.force = force

    def name(self, path: Path) -> str:
        name = path.relative_to(self.out_dir).as_posix()
        if not _plain_name(name):
            raise ValueError(f"{path} is not a file inside {self.out_dir}")
        return name

    def check(self, paths: Iterable[Path]) -> None:
        """Raise UnsafeOutputError if a file to be written is in the way: a link, a folder, a stranger's file."""
        strangers = []
        for path in paths:
            parts = self.name(path).split("/")
            for depth in range(1, len(parts) + 1):
                here = self.out_dir.joinpath(*parts[:depth])
                try:
                    info = here.lstat()
                except FileNotFoundError:
                    break
                last = depth == len(parts)
                if stat.S_ISLNK(info.st_mode):
                    raise UnsafeOutputError(
                        f"{here} is a symbolic link: the export never writes through links; remove it or choose "
                        "another folder"
                    )
                if not last and not stat.S_ISDIR(info.st_mode):
                    raise UnsafeOutputError(f"{here} is a file where the export needs a folder: move it away")
                if last and stat.S_ISDIR(info.st_mode):
                    raise UnsafeOutputError(f"{here} is a folder where the export writes a file: move it away")
                if last and (not stat.S_ISREG(info.st_mode) or info.st_nlink != 1):
                    # Writing into a hard link writes into the same file elsewhere; --force does not allow it.
                    raise UnsafeOutputError(
                        f"{here} is not a plain file (a device, a pipe, or a hard link): move it away"
                    )
                if last and not self.force and self.name(path) not in self.owned:
                    strangers.append(here)
        if strangers:
            more = f" and {len(strangers) - 1} more" if len(strangers) > 1 else ""
            raise UnsafeOutputError(
                f"{strangers[0]}{more}: not written by an export (not in {MANIFEST}), so not replaced; move "
                "such files away, or give --force to replace them and make them the export's own"
            )

    def _folder(self, parts: Sequence[str], *, make: bool) -> int:
        """The folder OUT_DIR/parts… opened, each step without following a link (made when missing, if make)."""
        fd = os.open(self.root, _FOLDER_FLAGS)
        try:
            for part in parts:
                if make:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, dir_fd=fd)
                inner = os.open(part, _FOLDER_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = inner
        except BaseException:
            os.close(fd)
            raise
        return fd

    def write(self, path: Path, content: str | bytes) -> None:
        """Write one file: one the export owns, a new one (O_EXCL: never one that appeared meanwhile), or forced."""
        name = self.name(path)
        *folders, file = name.split("/")
        new = name not in self.owned and not self.force
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            folder = self._folder(folders, make=True)
            try:
                fd = os.open(file, _FILE_FLAGS | (os.O_EXCL if new else 0), 0o666, dir_fd=folder)
            finally:
                os.close(folder)
            with os.fdopen(fd, "wb") as handle:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
                    raise UnsafeOutputError(
                        f"{path} is not a plain file (a device, a pipe, or a hard link): move it away"
                    )
                handle.truncate(0)  # only now: the checks above come before anything of the file is lost
                handle.write(data)
        except OSError as error:  # with the whole path: os.open relative to a folder names only the last part
            raise OSError(error.errno, error.strerror, str(path)) from error

    def remove(self, paths: Iterable[Path]) -> None:
        """Remove files an earlier export wrote and this one did not, and the folders that leaves empty.

        Only plain files, reached through no link: a link (the export writes none) or what lies behind one stays.
        """
        for path in sorted(paths):
            *folders, file = self.name(path).split("/")
            try:
                folder = self._folder(folders, make=False)
            except OSError:  # gone, or a link or a file on the way
                continue
            try:
                if stat.S_ISREG(os.stat(file, dir_fd=folder, follow_symlinks=False).st_mode):
                    os.unlink(file, dir_fd=folder)
            except FileNotFoundError:
                pass
            finally:
                os.close(folder)
            for depth in range(len(folders), 0, -1):
                try:
                    above = self._folder(folders[: depth - 1], make=False)
                except OSError:
                    break
                try:
                    os.rmdir(folders[depth - 1], dir_fd=above)
                except OSError:  # not empty (or not a folder): nor are the ones above
                    break
                finally:
                    os.close(above)


def read_manifest(out_dir: Path) -> list[Path]:
    """The files an earlier export wrote in out_dir: plain paths inside it (a hand-edited line cannot reach out)."""
    try:
        fd = os.open(out_dir / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return []
    except OSError as error:
        what = "a symbolic link" if error.errno == errno.ELOOP else f"not a plain file ({error.strerror})"
        raise UnsafeOutputError(f"{out_dir / MANIFEST} is {what}: move it away") from error
    with os.fdopen(fd, encoding="utf-8") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeOutputError(f"{out_dir / MANIFEST} is not a plain file: move it away")
        lines = handle.read().splitlines()
    return [out_dir / line.strip() for line in lines if _plain_name(line.strip()) and line.strip() != MANIFEST]


def write_manifest(output: _Output, files: Iterable[Path]) -> None:
    names = sorted({output.name(path) for path in files})
    output.write(output.out_dir / MANIFEST, "".join(f"{name}\n" for name in names))


def page_name_problem(journey: Journey, languages: Sequence[str]) -> str | None:
    """Why a route's page would take another page's place (a route called `index`), in one line; None when none."""
    for language in languages:
        for route in journey:
            if story_path(route.route_id, language) == index_path(language):
                return (
                    f"route id {route.route_id!r} would overwrite the list of routes ({index_path(language)}): "
                    "give the route another id in routes.csv"
                )
    return None


PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The system's own folders: refused with everything in them (as is every /lib*).
SYSTEM_TREES = frozenset({"/etc", "/usr", "/bin", "/sbin", "/boot", "/dev", "/proc", "/sys"})
# Folders that hold other people's folders: refused themselves, a folder of the story's own in them is fine
# (/var/www/story, /tmp/site, /home/ana/story).
SHARED_FOLDERS = frozenset({"/", "/var", "/tmp", "/home", "/root", "/srv", "/opt", "/mnt", "/media", "/run"})


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):  # no $HOME and no entry in the password database
        return None


def system_folder_problem(out_dir: Path) -> str | None:
    """Why out_dir is the system's or everyone's folder (/, /etc/…, /var, your home), in one line; None when not."""
    home = _home()
    # As written and as resolved: /etc/x is refused even when /etc is a link, and a link to /etc too.
    for path in dict.fromkeys([Path(os.path.abspath(out_dir)), out_dir.resolve()]):
        top = f"/{path.parts[1]}" if len(path.parts) > 1 else "/"
        if path == home:
            return f"{out_dir} is your home folder: choose a folder of the story's own, such as {path / 'story'}"
        if path.as_posix() in SHARED_FOLDERS:
            return f"{out_dir} is a shared system folder: choose a folder of the story's own, such as {path / 'story'}"
        if top in SYSTEM_TREES or top.startswith("/lib"):
            return f"{out_dir} is in the system folder {top}: choose a folder of the story's own elsewhere"
    return None


def out_dir_problem(out_dir: Path, data_dir: Path) -> str | None:
    """Why the site cannot be written to out_dir, in one line; None when it can."""
    problem = system_folder_problem(out_dir)
    if problem is not None:
        return problem
    target, data = out_dir.resolve(), data_dir.resolve()
    if target == data or target.is_relative_to(data):
        return f"{out_dir} is inside the data folder {data_dir}: choose a folder outside it"
    if data.is_relative_to(target):
        return f"{out_dir} holds the data folder {data_dir}: choose a folder outside it"
    if PROJECT_ROOT.is_relative_to(target):
        return f"{out_dir} holds the project {PROJECT_ROOT}: choose a folder of the story's own"
    existing = next(folder for folder in (target, *target.parents) if folder.exists())
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write to {existing}: permission denied"
    return None


def _in_turns(scripts: Sequence[str]) -> str:
    """The map's scripts, each after the one before in a task of its own (the first declares the map).

    One task for them all would hold a phone's main thread for long (Lighthouse's total blocking time);
    each element's script is short, and the browser may paint and answer a tap between them.
    """
    code = ""
    for script in reversed(scripts[1:]):
        code = f"setTimeout(() => {{{script}{code}}}, 0);"
    return f"{scripts[0]}{code}" if scripts else ""


_CURRENT = ' aria-current="page"'


def _route_page(journey: Journey, route: Route, texts: Texts, site: _Site, page: str) -> str:
    """One route's page: the map (its script run once the deferred scripts are in) and every stage's card."""
    up = _up(page)
    lang = texts.language
    assets = Assets(
        js=[(f"js{number}", up + src) for number, src in enumerate(site.scripts)],
        css=[],
        images=f"{up}{site.leaflet_root}/images/",
        countries=up + site.countries,
    )
    fmap = build_base_map(route, texts, assets, stances=journey.stances, offline=True)
    SiteStory().add_to(fmap)  # after the route layer, whose stages it steps through
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    # Only the map's element and script are used: folium's <head> (its viewport meta forbids zooming the
    # page, and its scripts and styles block the first paint) is replaced by ours.
    figure.render()
    map_html = figure.html.render()
    map_script = _in_turns([child.render() for child in figure.script._children.values()])
    assert "</script" not in map_script.lower()  # every data text in it is escaped (tojson escapes < and >)
    cards = "".join(
        f'<div class="erm-site-card" data-step="{step}" data-anchor="{stage_anchor(step)}"'
        f"{'' if step == 1 else ' hidden'}>{stage_card(route, step, texts, journey.stances, heading='h2')}</div>"
        for step in route.steps
    )
    routes = "".join(
        f'<li><a href="{escape(up + story_path(other.route_id, lang))}"'
        f"{_CURRENT if other.route_id == route.route_id else ''}>"
        f"{escape(other.text('name', lang))}</a></li>"
        for other in journey
    )
    first = texts("stage_of", step=1, count=len(route.legs))
    text_panel = (
        f'<div class="erm-site-text">'
        f'<div class="erm-site-head"><a href="{escape(up + index_path(lang))}">{escape(texts("story_all_routes"))}</a>'
        f"{site.languages_html(texts, page, route.route_id)}</div>"
        f'<p class="erm-content-note" id="erm-content-note"><span>{escape(texts("content_note"))}</span>'
        f'<button type="button" id="erm-note-hide">{escape(texts("content_note_hide"))}</button></p>'
        f"<h1>{escape(route.text('name', lang))}</h1>"
        f'<div class="erm-site-nav" role="group" aria-label="{escape(texts("story_stages"))}">'
        f'<button id="erm-prev" type="button" disabled>{escape(texts("previous"))}</button>'
        f'<p id="erm-position" aria-live="polite">{escape(first)}</p>'
        f'<button id="erm-next" type="button">{escape(texts("next"))}</button></div>'
        f'<p><a class="erm-site-app" id="erm-app-link" data-erm-link="query" '
        f'href="{escape(app_link(site.app_url, page, route.route_id, 1, lang))}">{escape(texts("story_open_app"))}</a></p>'
        f"{cards}{route_summary(route, texts)}{legend_html(texts)}"
        f'<nav aria-label="{escape(texts("story_routes"))}"><ul class="erm-routes">{routes}</ul></nav>'
        f"<p>{escape(texts('story_swipe_hint'))}</p>"
        f"<p>{escape(texts('safety_caption'))}</p><p><small>{escape(texts('attribution'))}</small></p></div>"
    )
    return (
        f'{site.head(texts, route.text("name", lang), page)}<body><main class="erm-site">'
        f'<div class="erm-site-map" role="region" aria-label="{escape(texts("story_map_label"))}">{map_html}</div>'
        f"{text_panel}</main>"
        # The deferred scripts (Leaflet, the map's code) run after the page is parsed, then this.
        f'<script>document.addEventListener("DOMContentLoaded", () => {{{map_script}}});</script>'
        "</body></html>"
    )


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (argparse prints the usage first), exit code 2 as argparse's."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def app_url_argument(value: str) -> str:
    """--app-url as argparse reads it: a bad one is a usage error (exit 2) naming the option and the value."""
    problem = link_problem(value, relative=True)
    if problem is not None:
        raise argparse.ArgumentTypeError(
            f"{quoted(value)} is refused ({problem}): give an http:// or https:// address with a host, "
            "or a path such as /app/ or ../"
        )
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m components.export_site", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help="write only this language (default: every one)")
    parser.add_argument(
        "--app-url",
        default=DEFAULT_APP_URL,
        type=app_url_argument,
        help="the full app's address: http(s)://host/…, a path /…, or a path relative to OUT_DIR\n"
        f"(default: {DEFAULT_APP_URL}); nothing else (javascript:, //host, backslashes, spaces)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"replace files in OUT_DIR that no export wrote (not in {MANIFEST}), such as your own\n"
        "index.html; they become the export's own: updated, and removed once it no longer writes them.\n"
        "Never writes through a symbolic link, even so",
    )
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
    story = read_story(data_dir)
    texts = [Texts(language, story=story) for language in ([args.lang] if args.lang else LANGUAGES)]
    problem = page_name_problem(result.journey, [t.language for t in texts])
    if problem is not None:
        print(f"{parser.prog}: {problem}", file=sys.stderr)
        return 1
    try:
        pages = build_site(
            result.journey,
            args.out_dir,
            texts,
            basemap=Settings(data_dir, offline=True).basemap,
            app_url=args.app_url,
            force=args.force,
        )
    except UnsafeOutputError as error:
        print(f"{parser.prog}: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file in the way, a full disk, a folder that turned read-only
        where = error.filename or args.out_dir
        print(f"{parser.prog}: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} pages ({', '.join(t.language for t in texts)}) and assets/ to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
