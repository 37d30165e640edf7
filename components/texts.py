"""Every UI string, in one place per language. Content (place names, risks…) comes from the data."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from babel import Locale
from babel.numbers import format_decimal

from components.texts_ko import KO

DEFAULT_LANGUAGE = "en"

EN: Mapping[str, str] = {
    "page_title": "Escape Route Map",
    "title": "Escape Route Map",
    "tagline": (
        "The journey North Korean defectors take to freedom, stage by stage, after Ann Shin's documentary "
        "*The Defector: Escape From North Korea* (2012). Places are shown at city or province level only."
    ),
    "how_to": "Click a numbered place or a line on the map, or use the sidebar, to see what can go wrong at each stage.",
    "language": "Language",
    "present": "Present",
    "present_exit": "Exit presenter mode",
    "share": "Share",
    "share_intro": "A link to exactly this view (route, stage and language). Copy it, or let people scan the code.",
    "share_qr_caption": "Scan to open this stage",
    "content_note": "Content note: violence, trafficking, death. The people are real.",
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
        "Upload places.csv and routes.csv (and countries.csv if you have one) to show another journey. "
        "They are checked first, shown only in this browser tab, kept in memory and never saved. "
        "Limits: {mb} MB and {rows} rows per file."
    ),
    "own_data_files": "CSV files",
    "own_data_use": "Show this data",
    "own_data_problems": "Not shown: the files have {count} problem(s). The map still shows the data it had.",
    "own_data_active": "This tab shows your data. Nobody else sees it.",
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
    "summary_duration": "Duration",
    "summary_duration_value": "at least {days} days on the {known} of {count} legs with a figure",
    "summary_duration_none": "no figure in the data",
    "summary_costs": "Costs",
    "summary_cost_item": "stage {step}: {cost}",
    "duration_days": "about {days} days",
    "notice_unknown_route": "The link asked for a route “{asked}”, which this map does not have; showing the first stage of “{route}” instead.",
    "notice_unknown_stage": "The link asked for stage “{asked}”, which route “{route}” does not have; showing its first stage instead.",
    "data_problems": "The map cannot be drawn: the data has {count} problem(s). Fix them in the files below and reload the page.",
    "data_problem_line": "{location}: {message}",
    "map_label": "Map of the route. The same information is in the sidebar, stage by stage.",
    "legend": "Legend",
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
    "stance.repatriates": "sends people back to North Korea",
    "stance.detains_then_deports": "detains, then sends them on to South Korea",
    "stance.lets_travel_on": "lets them travel on",
    "stance.destination": "destination: citizenship on arrival",
    "kind.origin": "where the journey starts",
    "kind.crossing": "border area",
    "kind.transit": "transit",
    "kind.hiding": "hiding",
    "kind.detention": "detention",
    "kind.destination": "destination",
}

LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": EN, "ko": KO}
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "ko": "한국어"}


class Texts:
    """The strings of one language; `texts("key", name=value)` formats one."""

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._strings = LANGUAGES[self.language]

    def __call__(self, key: str, **values: object) -> str:
        template = self._strings.get(key, EN[key])
        return template.format(**values) if values else template

    def template(self, key: str) -> str:
        """A string with its {placeholders} unfilled (for templates filled elsewhere, e.g. in the browser)."""
        return self._strings.get(key, EN[key])

    def number(self, value: float, decimals: int = 0) -> str:
        """A number as the language writes it (grouping, decimal sign), rounded."""
        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return str(format_decimal(round(value, decimals), format=pattern, locale=self.language))


@functools.lru_cache(maxsize=4)
def country_names(language: str) -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → the country's name in the language (Babel's CLDR data)."""

    return {
        code: name
        for code, name in Locale.parse(language).territories.items()
        if isinstance(code, str) and len(code) == 2
    }
