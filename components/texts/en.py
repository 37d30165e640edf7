"""Every UI string, in one place per language. Content (place names, risks…) comes from the data."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Protocol

from babel import Locale
from babel.numbers import format_decimal

from components.texts.ko import KO

DEFAULT_LANGUAGE = "en"

# The story's own words (title, tagline, content note, about, attribution) come from the data folder's
# story.toml (components/schema/story.py); these neutral defaults are used only where it has none.
STORY_DEFAULTS_EN: Mapping[str, str] = {
    "page_title": "Route map",
    "title": "Route map",
    "tagline": (
        "A journey, stage by stage: what can go wrong at each step, and the sources behind every figure. "
        "Places are shown at city or province level only."
    ),
    "content_note": "Content note: this map describes dangerous journeys.",
    "about": "This map shows the routes of its data folder, stage by stage, with a source for every fact.",
    "attribution": "Every fact names its source.",
}

EN: Mapping[str, str] = {
    **STORY_DEFAULTS_EN,
    "how_to": "Click a numbered place or a line on the map, or step with Previous and Next, to see what can go wrong at each stage.",
    "language": "Language",
    "present": "Present",
    "present_exit": "Exit presenter mode",
    "share": "Share",
    "share_intro": "A link to exactly this view (route, stage and language). Copy it, or let people scan the code.",
    "share_qr_caption": "Scan to open this stage",
    "share_audience": "**For the audience**: a light page for phones, the story at this stage.",
    "share_audience_qr_caption": "Scan to follow the story on your phone",
    "share_app": "**The full map**: the interactive app at exactly this view.",
    "content_note_hide": "Hide",
    "text_version": "The whole journey as text",
    "text_version_intro": "Every stage of this route with all its facts and sources, for reading without the map.",
    "context_heading": "The bigger picture",
    "context_intro": (
        "Figures around the journey, each with its source. Where sources disagree, every figure is shown: "
        "the line follows the main figure, other figures are separate points."
    ),
    "context_missing": "This data folder has no file for this chart.",
    "context_sources_table": "Every figure with its source",
    "tab_arrivals": "Arrivals in South Korea",
    "tab_women": "Share of women",
    "tab_fees": "Broker fees",
    "tab_durations": "How long stages take",
    "chart_arrivals_title": "North Koreans arriving in South Korea per year",
    "chart_women_title": "Share of women among arrivals (%)",
    "chart_fees_title": "Broker and rescue fees over time (US$, log scale)",
    "chart_durations_title": "Stages of this route with a typical duration",
    "chart_year": "Year",
    "chart_arrivals": "Arrivals",
    "chart_women": "Women",
    "chart_share": "Women (%)",
    "chart_period": "Period",
    "chart_figure": "Figure",
    "chart_main": "main figure",
    "chart_other": "other source or early tally",
    "chart_low": "Low (US$)",
    "chart_high": "High (US$)",
    "overview": "Overview",
    "overview_hint": "Show the whole route",
    "page_story": "The journey",
    "page_context": "The bigger picture",
    "page_text": "The journey as text",
    "page_own_data": "Your own data",
    "pages": "Pages",
    "stage_picker": "Choose a stage",
    "chart_covers": "What it pays for",
    "chart_usd": "US$ (log scale)",
    "chart_days": "Days",
    "chart_confidence": "Confidence (H/M/L)",
    "durations_none": "The data gives no typical duration for any stage of this route.",
    "durations_caption": "Only stages with a sourced figure are shown; the others have none in the data.",
    "own_data": "Use your own data",
    "own_data_intro": (
        "Upload places.csv and routes.csv (and countries.csv and route_facts.csv if you have them), one of each, "
        "to show another journey. "
        "They are checked first, shown only in this browser tab, kept in memory and never saved. "
        "Limits: {mb} MB and {rows} rows per file."
    ),
    "own_data_files": "CSV files",
    "own_data_use": "Show this data",
    "own_data_received": "Received: {names}.",
    "story_problems": "The story file has {count} problem(s): neutral words are shown where it is wrong.",
    "own_data_problems": "Not shown: the files have {count} problem(s). The map still shows the data it had.",
    "own_data_active": "This tab shows your data. Nobody else sees it.",
    "own_data_left_out": "Not read: {count} file(s) this map does not take. The others are shown.",
    "own_data_forget": "Back to the shipped data",
    "download_template": "Download a template",
    "download_data": "Download the current data",
    "download_map": "Download this map as one HTML file",
    "route": "Route",
    "stage": "Stage",
    "previous": "Previous",
    "next": "Next",
    "stage_option": "{step}. {stage}",
    "stage_of": "Stage {step} of {count}",
    "from_to": "{origin} → {destination}",
    "how": "How",
    "distance": "Distance",
    "distance_value": "about {km} km in a straight line",
    "risk": "Risk",
    "risk_value": "{word} ({level} of 5)",
    "what_can_go_wrong": "What can go wrong here",
    "places": "Places",
    "countries_heading": "How the countries treat people who fled",
    "sources": "Sources",
    "sources_differ": "Note on the sources",
    "duration": "Typical duration",
    "cost": "Cost",
    "cost_value": "US${amount}{year}",
    "cost_year": " ({year})",
    "summary_heading": "The whole route",
    "summary_distance": "Total distance",
    "summary_distance_value": "about {km} km as the crow flies (roads are longer)",
    "summary_legs": "Legs",
    "summary_countries": "Countries",
    "summary_duration": "Duration of the whole journey",
    "summary_duration_none": "no sourced figure for the whole route in the data",
    "summary_duration_legs": "Stages with a typical duration (figures from different trips; not added up)",
    "summary_cost_route": "Cost of the whole journey",
    "summary_costs": "Costs of single stages",
    "summary_cost_item": "stage {step}: {cost}",
    "fact_days": "about {days} days",
    "fact_days_range": "{days} to {high} days",
    "fact_usd": "US${amount}",
    "fact_usd_range": "US${amount} to US${high}",
    "fact_years": " ({years})",
    "years_range": "{start}–{end}",
    "duration_days": "about {days} days",
    "notice_unknown_route": "The link asked for a route “{asked}”, which this map does not have; showing the first stage of “{route}” instead.",
    "notice_unknown_stage": "The link asked for stage “{asked}”, which route “{route}” does not have; showing its first stage instead.",
    "data_problems": "The map cannot be drawn: the data has {count} problem(s). Fix them in the files below and reload the page.",
    "data_problem_line": "{location}: {message}",
    "map_label": "Map of the route. The same information is in the sidebar, stage by stage.",
    "legend": "Legend",
    "story_map_label": "Map of the route. Every stage is told in the text beside it.",
    "story_open_app": "Open the full map at this stage",
    "story_all_routes": "All routes",
    "story_routes": "Routes",
    "story_stages": "Stages",
    "story_swipe_hint": "Swipe the text or use the arrow keys to change stage.",
    "legend_risk": "Risk (colour and thickness)",
    "legend_mode": "How (line style)",
    "legend_map": "On the map",
    "legend_places": "places, numbered in travel order",
    "legend_selected": "the selected stage",
    "place_tooltip": "{number}. {name}",
    "leg_tooltip": "{step}. {stage}",
    "safety_caption": (
        "No safe house, crossing point or broker location is shown. Distances are straight lines between "
        "cities; real journeys are longer."
    ),
    "mode.foot": "on foot",
    "mode.river": "across a river",
    "mode.road": "by road",
    "mode.rail": "by train",
    "mode.motorbike": "by motorbike",
    "mode.boat": "by boat",
    "mode.air": "by plane",
    "risk.1": "low",
    "risk.2": "moderate",
    "risk.3": "serious",
    "risk.4": "high",
    "risk.5": "extreme",
    "legend_stance": "How each country treats people who fled",
    "stance.origin": "country they flee: leaving is a crime",
    "stance.repatriates": "sends people back to the country they fled",
    "stance.hands_to_china": "hands people it catches to China, which sends them back",
    "stance_exception": "But",
    "stance.detains_then_deports": "detains, then sends them on to South Korea",
    "stance.lets_travel_on": "lets them travel on",
    "stance.destination": "destination: citizenship on arrival",
    "kind.origin": "where the journey starts",
    "kind.crossing": "border area",
    "kind.transit": "transit",
    "kind.hiding": "hiding",
    "kind.detention": "detention",
    "kind.destination": "destination",
    # Data problems (components/schema/data.py, context.py, story.py): `problem.<key>`, filled with the problem's values.
    "problem_location_row": "{file} row {row}",
    "problem_location_row_column": "{file} row {row}, column {column}",
    "problem_location_column": "{file} column {column}",
    "problem.folder_missing": "this data folder does not exist",
    "problem.file_too_large": "the file is larger than {limit:,} bytes",
    "problem.file_size": "the file is {size:,} bytes; the limit is {limit:,}",
    "problem.upload_unknown_file": "this app reads only {accepted}; rename the file or leave it out",
    "problem.upload_twice": "two files are called {name}; upload one",
    "problem.upload_missing": "upload this file too: the map needs places.csv and routes.csv",
    "problem.upload_too_many": (
        "{count} files: this app reads at most {limit}, one of each of {accepted}; the others were left out"
    ),
    "problem.file_missing": "the file is missing from the data folder {folder}",
    "problem.file_unreadable": "the file cannot be read ({reason})",
    "problem.file_empty": "the file is empty: it needs a header row and at least one data row",
    "problem.not_text": "this is not a text file (it contains NUL bytes); save it as CSV",
    "problem.not_utf8": "the file is not UTF-8 text (byte {byte} at position {position}); save it as CSV UTF-8",
    "problem.not_csv": "the file is not valid CSV ({error})",
    "problem.not_commas": "the columns are not separated by commas; save the file as comma-separated CSV",
    "problem.column_twice": "the column {name!r} appears twice in the header",
    "problem.column_missing": "the required column {name!r} is missing from the header",
    "problem.too_many_rows": "the file has {rows:,} rows; the limit is {limit:,}",
    "problem.ragged": "this row has {cells} cells but the header has {columns} columns",
    "problem.no_rows": "the file has a header but no data rows",
    "problem.cell_empty": "this cell is empty but is required",
    "problem.text_too_long": "the text is {length:,} characters long; the limit is {limit:,}",
    "problem.source_item": (
        "the source {item!r} has no URL: give a URL, or cite a book as “Author, Title (Year)” "
        "(optionally “, ISBN …”) or a film as “Director, Title, film, Year”"
    ),
    "problem.bad_id": (
        "{value!r} is not a valid id: use lowercase letters, digits, '-' and '_', starting with a letter or digit"
    ),
    "problem.not_one_of": "{value!r} is not one of: {allowed}",
    "problem.not_whole": "{value!r} is not a whole number",
    "problem.out_of_range": "{number} is out of range ({low} to {high})",
    "problem.not_number": "{value!r} is not a number",
    "problem.not_finite": "{value!r} is not a finite number",
    "problem.not_latitude": "{value} is not a latitude ({low} to {high})",
    "problem.not_longitude": "{value} is not a longitude ({low} to {high})",
    "problem.not_days": "{value} is not a number of days ({low} to {high})",
    "problem.not_usd": "{value} is not an amount in US dollars ({low} to {high})",
    "problem.not_percent": "{value} is not a percentage ({low} to {high})",
    "problem.too_precise": (
        "{value} has {decimals} decimals; use at most {limit} (city or province level, so no exact location is published)"
    ),
    "problem.bad_country": "{value!r} is not an ISO 3166-1 alpha-2 country code (like KP, CN, TH)",
    "problem.place_id_used": "the place id {value!r} is already used in row {first}",
    "problem.unknown_place": "unknown place {value!r}: it is not a place_id in {table}",
    "problem.unknown_route": "unknown route {value!r}: it is not a route_id in {table}",
    "problem.same_place": "the leg starts and ends at the same place ({value!r})",
    "problem.cost_year_without_usd": "cost_year is given but cost_usd is empty: which amount is it the year of?",
    "problem.route_name_differs": (
        "route {route!r} is called {name!r} in row {first} but {here!r} here; use one name per route"
    ),
    "problem.step_repeated": "step {step} of route {route!r} is already in row {first}",
    "problem.steps_missing": "route {route!r} has no step {step}: steps must run 1, 2, 3… without gaps",
    "problem.steps_missing_range": "steps {first}–{last} of route {route!r} are missing: steps must run 1, 2, 3… without gaps",
    "problem.leg_discontinuous": (
        "step {step} of route {route!r} starts at {start!r}, but step {previous} (row {previous_row}) ended at {end!r}"
    ),
    "problem.country_repeated": "the country {value!r} is already described in row {first}",
    "problem.women_over_arrivals": "{women} women is more than the {arrivals} arrivals of the row",
    "problem.high_below_low": "the high amount {high} is below the low amount {low}",
    "problem.period_reversed": "the period ends ({end}) before it starts ({start})",
    "problem.story_not_toml": "the file is not valid TOML ({error})",
    "problem.story_unknown_key": "{name!r} is not a story key; use {allowed}, each optionally with _<language> (title_ko)",
    "problem.story_not_text": "the value of {name!r} must be text in quotes",
    "problem.more_problems": "… and {count:,} more problems",
    # The routes side by side (components/ui/compare_view.py) and the A4 handout (components/export/handout.py).
    "page_compare": "Compare the routes",
    "compare_heading": "Compare the routes",
    "compare_intro": (
        "Every route of this map at once, each in its own colour and line pattern. Why do people take the long "
        "way round instead of a shorter crossing? The table puts the routes side by side: countries and how "
        "each treats people who fled, distance, risk, time and cost, as far as the data knows them, with the "
        "sources of every row under it. Click a route on the map to open it in the story."
    ),
    "compare_click": "Click to open this route in the story",
    "compare_overview_hint": "Show every route",
    "compare_map_key": "The routes (colour and line pattern)",
    "compare_selected": "thicker, dark edge: the route selected in the story",
    "compare_table_heading": "The routes in figures",
    "compare_table_caption": (
        "Click a column header to sort. Distances are straight lines between places; real journeys are longer. "
        "Durations of single stages come from different trips and are never added up: the table counts them, "
        "and gives a duration for the whole route only where the data has one."
    ),
    "compare_col.route": "Route",
    "compare_col.countries": "Countries crossed (how each treats people who fled)",
    "compare_col.legs": "Legs",
    "compare_col.distance_km": "Distance (km, straight lines)",
    "compare_col.modes": "How",
    "compare_col.highest_risk": "Highest risk",
    "compare_col.risk_stages": "Stages at that risk",
    "compare_col.duration": "Duration of the whole route",
    "compare_col.legs_timed": "Stages with a duration",
    "compare_col.costs": "Known costs (year)",
    "compare_col.sources": "Sources",
    "compare_country": "{country} ({stance})",
    "compare_risk": "{level} of 5: {word}",
    "compare_legs_timed": "{timed} of {legs}",
    "compare_none": "not in the data",
    "compare_cost_route": "whole route: {cost}",
    "compare_sources_heading": "Every row's sources",
    "compare_sources_of": "{route}: the row in words and its {count} sources",
    "compare_leg_durations": "Stages with a typical duration (figures from different trips; not added up)",
    "compare_open": "Open this route in the story",
    "handout": "Handout (A4, print)",
    "handout_help": "One route on paper: the map, every stage with its risk, the sources and a QR code of the link.",
    "handout_print": "Print",
    "handout_screen_hint": "This page is made for A4 paper: print it, or save it as PDF from the print dialog.",
    "handout_map_caption": (
        "The route drawn from its places' coordinates: straight lines, shorter than the real journey. "
        "Numbers: places in travel order; colour and thickness: risk; line style: how people travel."
    ),
    "handout_stages": "Stage by stage",
    "handout_stage_sources": "Sources: {refs}",
    "handout_qr": "Scan to open this route in the interactive map",
    "handout_sources": "Sources",
    "handout_sources_intro": "The numbers in brackets under each stage point to this list.",
}

LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": EN, "ko": KO}
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "ko": "한국어"}


class _Story(Protocol):
    """What Texts needs of a story (components.story.Story): its words for a key in a language, if any."""

    def get(self, key: str, language: str) -> str | None: ...


class _Problem(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def row(self) -> int | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def key(self) -> str: ...
    @property
    def values(self) -> tuple[tuple[str, object], ...]: ...


class Texts:
    """The strings of one language; `texts("key", name=value)` formats one.

    With a story (the data folder's story.toml), its words replace the neutral defaults for the story
    keys (title, tagline, content note…): in this language, else in English, else the default.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE, *, story: _Story | None = None):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._strings = LANGUAGES[self.language]
        self.story = story

    def __call__(self, key: str, **values: object) -> str:
        told = self._told(key)
        if told is not None:
            return told  # the story's own words, never a template
        template = self.template(key)
        return template.format(**values) if values else template

    def template(self, key: str) -> str:
        """A string with its {placeholders} unfilled (for templates filled elsewhere, e.g. in the browser)."""
        return self._strings.get(key, EN[key])

    def _told(self, key: str) -> str | None:
        """The story's words for a story key, in this language or else in English; None when it has none."""
        if self.story is None or key not in STORY_DEFAULTS_EN:
            return None
        told = self.story.get(key, self.language)
        if told is None and key == "page_title":
            told = self.story.get("title", self.language)
        return told

    def number(self, value: float, decimals: int = 0) -> str:
        """A number as the language writes it (grouping, decimal sign), rounded."""
        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return str(format_decimal(round(value, decimals), format=pattern, locale=self.language))

    def problem(self, problem: _Problem) -> str:
        """A data problem's message in this language (its English message when it has no key)."""
        if not problem.key:
            return problem.message
        return self(f"problem.{problem.key}", **dict(problem.values))

    def problem_location(self, problem: _Problem) -> str:
        """Where the problem is, in words: "places.csv row 7, column lat" / "places.csv 7행, lat 열"."""
        if problem.row is not None and problem.column is not None:
            return self("problem_location_row_column", file=problem.file, row=problem.row, column=problem.column)
        if problem.row is not None:
            return self("problem_location_row", file=problem.file, row=problem.row)
        if problem.column is not None:
            return self("problem_location_column", file=problem.file, column=problem.column)
        return problem.file

    def problem_line(self, problem: _Problem) -> str:
        return self("data_problem_line", location=self.problem_location(problem), message=self.problem(problem))


@functools.lru_cache(maxsize=4)
def country_names(language: str) -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → the country's name in the language (Babel's CLDR data)."""

    return {
        code: name
        for code, name in Locale.parse(language).territories.items()
        if isinstance(code, str) and len(code) == 2
    }
