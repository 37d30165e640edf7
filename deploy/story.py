"""The files nginx serves itself, beside the replicas: the static story and Streamlit's own front end.

    story = build_story(data_dir, run_dir / "www" / "story")   # export, then .gz copies
    static = mirror_streamlit_static(run_dir / "streamlit")    # <static>/static/js/…, with .gz copies

`build_story` runs `python -m components.export_site OUT --data-dir DIR` (the command an editor runs,
so the audience sees exactly what an export gives) into a fresh folder. `mirror_streamlit_static`
links the installed Streamlit package's hashed JavaScript, CSS and fonts (what a replica serves under
/static/) into a folder of our own, so the package folder is never written to. `precompress` then
writes a `.gz` beside every text file, compressed once at level 9: nginx's `gzip_static` sends it to
every phone that accepts gzip without compressing anything per request.

`inline_scripts` lists what the story's Content-Security-Policy must allow: the hashes of the inline
scripts folium writes into every page, and whether any page has an inline event handler (which no
hash can allow; deploy/replicas.py then falls back to 'unsafe-inline' for the story only).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from deploy.server import ROOT

# What gets a pre-compressed copy; images and fonts are compressed already.
TEXT_SUFFIXES = frozenset({".html", ".js", ".mjs", ".css", ".json", ".svg", ".geojson"})
GZIP_LEVEL = 9
EXPORT_TIMEOUT_S = 300.0


def _streamlit_static() -> Path:
    """The installed Streamlit's front end (what a replica serves at /), found without importing Streamlit."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise ImportError("Streamlit is not installed")
    return Path(spec.origin).resolve().parent / "static"


STREAMLIT_STATIC = _streamlit_static()


def build_story(data_dir: Path, out_dir: Path) -> Path:
    """Export the story of `data_dir` into the new folder `out_dir` and pre-compress it; return out_dir.

    Raises RuntimeError with the export's own message when it fails (bad data, a folder it cannot write).
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise RuntimeError(f"{out_dir} is not empty: the story is exported into a folder of its own")
    command = [sys.executable, "-m", "components.export_site", str(out_dir), "--data-dir", str(data_dir)]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_S, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise RuntimeError(f"the story's export failed ({' '.join(command[1:])}):\n{output}")
    precompress(out_dir)
    return out_dir


def mirror_streamlit_static(target: Path, source: Path = STREAMLIT_STATIC) -> Path:
    """Copy every file under source/static/ into target/static/ and pre-compress the text ones; return target.

    nginx serves `target` as the root of /static/: the same files, under the same hashed names, as
    the replicas (they run this interpreter's Streamlit), each text file with its `.gz`. Copies, not
    links: nginx's workers may run as another user, who cannot read a package under /root.
    """
    shutil.copytree(source / "static", target / "static", ignore=shutil.ignore_patterns("*.gz"))
    precompress(target)
    return target


def readable_by_all(top: Path, *folders: Path) -> None:
    """Let nginx's workers (another user when nginx starts as root) pass through top and read the folders in it."""
    top.chmod(top.stat().st_mode | 0o111)  # enter, not list
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        for parent in folder.relative_to(top).parents:
            (top / parent).chmod((top / parent).stat().st_mode | 0o111)


def precompress(folder: Path, suffixes: frozenset[str] = TEXT_SUFFIXES) -> list[Path]:
    """Write FILE.gz beside every file under folder whose suffix is in suffixes; return the .gz files.

    Each copy keeps its original's modification time (nginx's advice for gzip_static: the same
    Last-Modified and ETag either way).
    """
    sources = sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:  # zlib releases the GIL
        return list(pool.map(_gzip_beside, sources))


def _gzip_beside(path: Path) -> Path:
    target = path.with_name(path.name + ".gz")
    stat = path.stat()
    # mtime=0 in the header: the same bytes for the same file, whenever it is compressed.
    target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return target


@dataclass(frozen=True)
class InlineScripts:
    """What the HTML files of a folder run inline: CSP sources for their <script> blocks, and handlers."""

    hashes: tuple[str, ...]  # "'sha256-…'", sorted, each once
    handlers: tuple[str, ...]  # "page.html: onclick" for inline event handlers and javascript: links

    @property
    def sources(self) -> str:
        """The script-src sources that allow them: their hashes, or 'unsafe-inline' if a handler needs it."""
        return "'unsafe-inline'" if self.handlers else " ".join(self.hashes)


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # a script's text exactly as written: that is what is hashed
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._inline: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value or "" for name, value in attrs}
        self.handlers += [name for name in names if name.startswith("on")]
        self.handlers += [name for name, value in names.items() if value.strip().lower().startswith("javascript:")]
        if tag == "script" and "src" not in names:
            self._inline = []

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline is not None:
            self.scripts.append("".join(self._inline))
            self._inline = None


def inline_scripts(folder: Path) -> InlineScripts:
    """The inline scripts and handlers of every .html file under folder (the story's pages)."""
    hashes: set[str] = set()
    handlers: list[str] = []
    for page in sorted(folder.rglob("*.html")):
        finder = _ScriptFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        finder.close()
        for script in finder.scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
            hashes.add(f"'sha256-{digest}'")
        handlers += [f"{page.relative_to(folder).as_posix()}: {name}" for name in finder.handlers]
    return InlineScripts(tuple(sorted(hashes)), tuple(handlers))


def mentions(folder: Path, text: str) -> bool:
    """Whether any page (.html) under folder contains text: a tile host's name, say (its libraries' comments do not count)."""
    return any(text in page.read_text(encoding="utf-8", errors="replace") for page in folder.rglob("*.html"))
