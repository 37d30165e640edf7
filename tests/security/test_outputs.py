"""Every attack in every text column of every file, through every output: each stays literal, none runs.

The outputs are listed once (OUTPUTS); `test_every_output_is_in_the_table` finds the functions that
write a page, a map or a file and fails on one the table does not cover, and `test_every_text_column
_is_poisoned` fails on a column the hostile folder leaves out, so neither can be added unchecked.
"""

from __future__ import annotations

import gc
import html
import importlib
import inspect
import io
import pkgutil
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import components.builders
import components.export
from components.builders import markup
from components.builders.assets import (
    BASEMAP_SOURCE,
    LEAFLET_DIR,
    LEAFLET_VERSION,
    STATIC_DIR,
    asset_links,
    install_leaflet,
)
from components.builders.charts import context_specs, durations_spec
from components.builders.compare import compare_journey, comparison_row, route_sources
from components.builders.compare_map import build_compare_map, build_compare_selection
from components.builders.markup import journey_text_html, route_summary
from components.builders.panel import panel_html
from components.builders.route_map import build_base_map, build_highlight
from components.domain.journey import Journey
from components.export.handout import handout_html
from components.export.site import build_site
from components.export.standalone import data_zip, standalone_map_html, template_zip
from components.schema import files as schema
from components.schema.context import Context, read_context
from components.schema.data import read_journey
from components.schema.story import STORY_FILE, Story, read_story
from components.texts.en import LANGUAGES, Texts
from components.ui.map_view import render_base, render_feature_group
from tests.security.attacks import ESCAPED_SANDBOX, IN_EVERY_TEXT
from tests.security.hostile_data import TEXT_KINDS, TYPED_KINDS, text_columns, write_hostile_data


@dataclass(frozen=True)
class Hostile:
    folder: Path
    journey: Journey
    story: Story
    context: Context
    work: Path  # a folder an output may write into


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    if ESCAPED_SANDBOX.exists():
        ESCAPED_SANDBOX.rmdir()
    folder = write_hostile_data(tmp_path_factory.mktemp("hostile") / "data")
    loaded = read_journey(folder)
    assert not loaded.problems, [str(p) for p in loaded.problems]
    assert loaded.journey is not None
    story, context = read_story(folder), read_context(folder)
    assert not story.problems
    assert not context.problems
    return Hostile(folder, loaded.journey, story, context, tmp_path_factory.mktemp("outputs"))


def _texts(h: Hostile, language: str) -> Texts:
    return Texts(language, story=h.story)


def _story_map(h: Hostile, language: str) -> str:
    """What streamlit-folium's component gets for the story map (components.ui.map_view)."""
    route = h.journey.routes[0]
    base = render_base(build_base_map(route, _texts(h, language), asset_links(), stances=h.journey.stances))
    highlight = render_feature_group(build_highlight(route, 2))
    return "\n".join((base.script, base.header, base.html, highlight))


def _compare_map(h: Hostile, language: str) -> str:
    texts = _texts(h, language)
    base = render_base(build_compare_map(h.journey, texts, asset_links()))
    selected = render_feature_group(build_compare_selection(h.journey, h.journey.routes[0], texts))
    return "\n".join((base.script, base.header, base.html, selected))


def _panel(h: Hostile, language: str) -> str:
    route = h.journey.routes[0]
    return "".join(panel_html(route, step, _texts(h, language), h.journey.stances) for step in route.steps)


def _text_page(h: Hostile, language: str) -> str:
    texts = _texts(h, language)
    return "".join(
        journey_text_html(route, texts, h.journey.stances) + route_summary(route, texts) for route in h.journey.routes
    )


def _compare_table(h: Hostile, language: str) -> str:
    texts = _texts(h, language)
    rows = [comparison_row(c, texts) for c in compare_journey(h.journey)]
    sources = [s for route in h.journey.routes for s in route_sources(route, h.journey.stances)]
    return repr(rows) + repr(sources)


def _charts(h: Hostile, language: str) -> str:
    texts = _texts(h, language)
    specs = context_specs(h.context.arrivals, h.context.women, h.context.fees, texts)
    return repr(specs) + "".join(repr(durations_spec(route, texts)) for route in h.journey.routes)


def _handout(h: Hostile, language: str) -> str:
    return "".join(
        handout_html(route, _texts(h, language), h.journey.stances, "https://example.org/", BASEMAP_SOURCE)
        for route in h.journey.routes
    )


def _one_file_map(h: Hostile, language: str) -> str:
    leaflet = install_leaflet()
    assert leaflet == STATIC_DIR / f"{LEAFLET_DIR}-{LEAFLET_VERSION}"
    route = h.journey.routes[0]
    return standalone_map_html(
        route, 2, _texts(h, language), h.journey.stances, offline=True, leaflet_dir=leaflet, basemap=BASEMAP_SOURCE
    )


def _static_story(h: Hostile, language: str) -> str:
    out = h.work / f"site-{language}"
    pages = build_site(h.journey, out, _texts(h, language), basemap=BASEMAP_SOURCE)
    return "\n".join(page.read_text(encoding="utf-8") for page in pages) + "\n".join(
        path.read_text(encoding="utf-8") for path in (out / "assets").rglob("*.js") if "leaflet" not in path.name
    )


def _downloads(h: Hostile, language: str) -> str:
    shipped = {path.name: path.read_bytes() for path in h.folder.iterdir() if path.is_file()}
    texts: list[str] = []
    for archive in (data_zip(shipped), template_zip()):
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            texts.extend(opened.read(name).decode("utf-8-sig") for name in opened.namelist())
    return "\n".join(texts)


# name → (how it is built, whether it is HTML the browser parses, the functions it stands for)
OUTPUTS: dict[str, tuple[Callable[[Hostile, str], str], bool, tuple[str, ...]]] = {
    "story map": (_story_map, True, ("route_map.build_base_map", "route_map.build_highlight")),
    "compare map": (_compare_map, True, ("compare_map.build_compare_map", "compare_map.build_compare_selection")),
    "panel": (_panel, True, ("panel.panel_html", "markup.stage_card")),
    "text page": (_text_page, True, ("markup.journey_text_html", "markup.route_summary")),
    "compare table": (_compare_table, False, ("compare.comparison_row", "compare.route_sources")),
    "charts": (_charts, False, ("charts.context_specs", "charts.durations_spec")),
    "handout": (_handout, True, ("handout.handout_html", "handout.build_handout")),
    "one-file map": (_one_file_map, True, ("standalone.standalone_map_html",)),
    "static story": (_static_story, True, ("site.build_site",)),
    "downloads": (_downloads, False, ("standalone.data_zip", "standalone.template_zip")),
}


def _json_unescaped(text: str) -> str:
    """The text as a browser's script would see it: JSON's and jinja's tojson escapes undone."""
    for escaped, char in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ("\\u0027", "'"), ('\\"', '"')):
        text = text.replace(escaped, char)
    return text


@pytest.fixture(params=["with", "without"], ids=["braces escaped", "braces not escaped"])
def brace_escape(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each layer must hold alone: the mechanism (components.builders.literal) without the escape of
    braces in text from data (markup.escape, defence in depth), and with it."""
    if request.param == "without":
        kept = {char: entity for char, entity in markup._ESCAPES.items() if char not in "{}"}
        monkeypatch.setattr(markup, "_ESCAPE_PATTERN", re.compile("|".join(re.escape(char) for char in kept)))
        assert markup.escape("{}") == "{}"
    return str(request.param)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_every_attack_stays_literal_in_every_output(
    hostile: Hostile, output: str, language: str, brace_escape: str
) -> None:
    build, is_html, _ = OUTPUTS[output]
    raw = build(hostile, language)
    decoded = html.unescape(_json_unescaped(raw))
    for attack in IN_EVERY_TEXT:
        for evaluated in attack.never:
            assert evaluated not in decoded, (output, attack.name, evaluated)
        assert attack.literal in decoded, (output, attack.name)
        if is_html:
            for markup in attack.never_raw:
                assert markup not in raw, (output, attack.name, markup)
    assert not ESCAPED_SANDBOX.exists(), "a template in the data ran code"


def test_every_text_column_is_poisoned(hostile: Hostile) -> None:
    """Each column of each file is either free text (and carries the attacks) or read into a typed value."""
    for csv_file in schema.FILES:
        for column in csv_file.columns:
            assert column.cell.kind in TEXT_KINDS | TYPED_KINDS, (csv_file.name, column.name, column.cell.kind)
        header = (hostile.folder / csv_file.name).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        for column, _ in text_columns(csv_file):
            assert column in header, (csv_file.name, column)
    assert (hostile.folder / STORY_FILE).read_text(encoding="utf-8").count("{{7*7}}") >= 6


def _output_functions() -> set[str]:
    """Every public function of builders/ and export/ that writes text a page, map or file is made of."""
    found: set[str] = set()
    for package in (components.builders, components.export):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("_") or function.__module__ != module.__name__:
                    continue
                returns = str(inspect.signature(function).return_annotation)
                if any(kind in returns for kind in ("str", "bytes", "folium.", "FeatureGroup", "dict[str, object]")):
                    found.add(f"{info.name}.{name}")
    return found


# Functions that write no text from data (or only pieces the outputs above are made of), each with why.
NOT_OUTPUTS = {
    "assets.install_leaflet": "copies Leaflet's own files",
    "assets.install_map_code": "copies the app's code",
    "assets.map_code_dir": "a folder name",
    "assets.read_map_code": "the app's code",
    "assets.basemap_name": "a file name",
    "assets.install_basemap": "copies the outlines",
    "assets.outlines_near": "country outlines, no data text",
    "assets.outlines_name": "a file name",
    "assets.install_outlines_near": "copies the outlines",
    "charts.spec": "part of charts",
    "compare.route_key": "a widget key from an id",
    "compare.route_from_tooltip": "reads a click",
    "compare.durations_text": "part of the compare table",
    "compare.leg_durations_text": "part of the compare table",
    "compare.costs_text": "part of the compare table",
    "compare_map.route_tooltip": "part of the compare map",
    "compare_map.route_key_svg": "a colour and a dash pattern",
    "compare_map.all_routes_data": "part of the compare map",
    "compare_map.label_side": "a side of a label",
    "compare_map.route_style": "a colour and a dash pattern",
    "compare_map.route_styles": "colours and dash patterns",
    "handout.read_outlines": "reads the country outlines",
    "site.app_url_argument": "a check",
    "site.system_folder_problem": "a check",
    "markup.escape": "the escape itself",
    "markup.escape_markdown": "the Markdown escape itself",
    "markup.escape_placeholders_kept": "the escape of the app's own word templates",
    "markup.source_link": "part of the panel and text page",
    "markup.sources_list": "part of the panel and text page",
    "markup.stance_tooltip": "part of the maps",
    "markup.cost_text": "part of the panel",
    "markup.fact_value": "part of the text page",
    "palette.risk_badge_css": "the app's styles",
    "palette.stylesheet": "the app's styles",
    "palette.legend_html": "the app's words only",
    "panel.emphasis": "part of the panel",
    "route_map.new_map": "part of every map",
    "route_map.route_layer_data": "part of the story map",
    "share.share_url": "a link from ids: tests/security/test_inputs.py",
    "share.public_base": "an address: tests/security/test_inputs.py",
    "share.story_path": "a path from an id",
    "share.stage_anchor": "an anchor from a number",
    "share.story_link": "a link from ids: tests/security/test_inputs.py",
    "share.qr_svg_uri": "a QR code of a link",
    "handout.outlines_svg": "country outlines",
    "handout.route_svg": "part of the handout",
    "handout.qr_svg_uri": "a QR code of a link",
    "handout.source_html": "part of the handout",
    "site.index_path": "a path from a language",
    "site.app_link": "a link from ids: tests/security/test_inputs.py",
    "site.page_name_problem": "a check",
    "site.out_dir_problem": "a check",
    "standalone.neutralise": "the spreadsheet escape itself",
    "standalone.write_csv": "part of the downloads",
    "literal.install": "the fix itself",
}


def test_every_output_is_in_the_table() -> None:
    covered = {name for _, _, names in OUTPUTS.values() for name in names} | set(NOT_OUTPUTS)
    missing = _output_functions() - covered
    assert not missing, f"add a row to OUTPUTS (or NOT_OUTPUTS, with why) for: {sorted(missing)}"


def test_memory_stays_flat_over_50_renders_of_an_uploaded_map(hostile: Hostile) -> None:
    """Each rerun of an uploaded map compiles nothing keyed on its data, so nothing piles up.

    Each render gets data no render had before (the place names differ), as fifty uploads would.
    """
    route = hostile.journey.routes[0]
    texts, assets = Texts(), asset_links()

    def rerun(i: int) -> None:
        renamed = replace(route, legs=tuple(replace(leg, stage=f"{leg.stage} {{{{ {i} }}}}") for leg in route.legs))
        render_base(build_base_map(renamed, texts, assets, stances=hostile.journey.stances))
        render_feature_group(build_highlight(renamed, 1 + i % len(route.legs)))

    for i in range(10):  # warm: imports, class templates, caches of code
        rerun(i)
    tracemalloc.start()
    gc.collect()  # a folium tree is a cycle of parents and children: count only what stays reachable
    before = tracemalloc.take_snapshot()
    for i in range(10, 60):
        rerun(i)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    # With the old cache of templates compiled from rendered text: 4.6 MB kept; without: about 7 KB.
    assert grown < 1_000_000, f"{grown:,} bytes kept after 50 renders"


# The process-wide caches of the pure modules, and why none of them keeps a visitor's text.
CACHES = {
    "assets._code_digest": "the app's own files",
    "assets._digest": "a file of the app's",
    "share.qr_png": "a link, built from ids and the public address",
    "share.presenter_qr": "a link, built from ids and the public address",
    "palette._read_css": "the app's stylesheet",
    "palette._legend_html": "a language",
    "handout._read_outlines": "the country outlines",
    "en.country_names": "a language",
}


def test_no_process_wide_cache_keeps_text_from_data() -> None:
    """An upload lives in its session only: a cache shared by the process may not be keyed on its text."""
    import components.texts

    found: set[str] = set()
    for package in (components.builders, components.export, components.schema, components.domain, components.texts):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                if hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                    found.add(f"{info.name}.{name}")
    assert found == set(CACHES), f"say in CACHES why a new cache keeps no visitor's text: {sorted(found ^ set(CACHES))}"
