"""Escaped HTML for everything that shows data as text: map tooltips, the stage card, the route summary.

Every value from a CSV passes through `escape` before it is put into HTML. The escape also covers
the characters that matter inside a JavaScript template literal (` $ \\), because folium writes
tooltip HTML into one (``bindTooltip(`<div>…</div>`)``) without escaping it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from components.domain.journey import Cost, CountryStance, FactKind, Leg, Route, RouteFact
from components.texts.en import Texts, country_names

_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
    # Defence in depth, not the fix (components/builders/literal.py is): text from data never
    # carries template syntax into the page, should anything compile the page again.
    "{": "&#123;",
    "}": "&#125;",
}
_ESCAPE_PATTERN = re.compile("|".join(re.escape(ch) for ch in _ESCAPES))
_URL = re.compile(r"https?://[^\s<>\"']+")


# Read by screen readers, not shown: inline, so it holds before any stylesheet arrives.
READER_ONLY_STYLE = (
    "position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
)


def escape(text: object) -> str:
    """Text made safe for HTML (content and quoted attributes) and for JS template literals."""
    return _ESCAPE_PATTERN.sub(lambda m: _ESCAPES[m.group(0)], str(text))


_PLACEHOLDER_PATTERN = re.compile("|".join(re.escape(ch) for ch in _ESCAPES if ch not in "{}"))


def escape_placeholders_kept(template: str) -> str:
    """One of the app's own word templates, escaped like `escape` but with its `{name}` holes kept.

    The map's script fills the holes in the browser (erm-map.js `fill`) with words escaped by
    `escape`. Only for texts of components/texts/, never for text from data.
    """
    return _PLACEHOLDER_PATTERN.sub(lambda m: _ESCAPES[m.group(0)], template)


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# GFM's autolink literals (remark-gfm in Streamlit's frontend) are found again in the text *after* its
# backslash escapes are undone, so escaping cannot stop them: an invisible word joiner (U+2060) inside each
# trigger does. A scheme before ://, www before its dot, the @ of an e-mail address.
_AUTOLINK_TRIGGER = re.compile(r"(?<=[a-z])(?=:/)|(?<=www)(?=\.)|(?<=[-.+\w]@)(?=[-\w])", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """Text made literal for st.markdown-like elements: every ASCII punctuation mark backslash-escaped.

    That covers links, emphasis, HTML tags, `$…$` maths and Streamlit's `:colour[…]` and `:emoji:`; a word
    joiner inside every bare URL, www. address and e-mail address keeps them from being linked.
    """
    flat = _AUTOLINK_TRIGGER.sub(WORD_JOINER, " ".join(str(text).split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def source_link(source: str) -> str:
    """One source as HTML: its citation text, linked to its URL when it has an http(s) one."""
    match = _URL.search(source)
    if not match:
        return f"<span>{escape(source)}</span>"
    url = match.group(0).rstrip(".,;)")
    label = source[: match.start()].strip().rstrip(",:;–-").strip() or urlsplit(url).netloc or url
    return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'


def sources_list(sources: tuple[str, ...]) -> str:
    items = "".join(f"<li>{source_link(s)}</li>" for s in sources)
    return f'<ul class="erm-sources">{items}</ul>'


def stance_tooltip(stance: CountryStance, texts: Texts) -> str:
    names = country_names(texts.language)
    return (
        f"<strong>{escape(names.get(stance.country, stance.country))}</strong>: "
        f"{escape(texts(f'stance.{stance.stance}'))}<br>{escape(stance.text('explanation', texts.language))}"
        f"{_exception(stance, texts, tag='span')}"
    )


def _exception(stance: CountryStance, texts: Texts, *, tag: str = "p") -> str:
    """Where the country acted against its usual stance ("But: in May 2013 Laos handed nine…")."""
    text = stance.text("exception", texts.language)
    if not text:
        return ""
    lead = "<br>" if tag == "span" else ""
    return (
        f'{lead}<{tag} class="erm-exception"><strong>{escape(texts("stance_exception"))}:</strong> '
        f"{escape(text)}</{tag}>"
    )


def _row(label: str, value_html: str) -> str:
    return f"<dt>{escape(label)}</dt><dd>{value_html}</dd>"


def stage_card(
    route: Route,
    step: int,
    texts: Texts,
    stances: Mapping[str, CountryStance] | None = None,
    *,
    heading: str = "h3",
) -> str:
    """Everything known about one stage, in reading order: what, how far, how dangerous, why, who says so."""
    lang = texts.language
    leg = route.leg(step)
    level = int(leg.risk_level)
    risk_text = texts("risk_value", word=texts(f"risk.{level}"), level=level)
    facts = [
        _row(texts("how"), escape(texts(f"mode.{leg.mode}"))),
        _row(texts("distance"), escape(texts("distance_value", km=texts.number(leg.distance_km)))),
        _row(texts("risk"), f'<span class="erm-risk erm-risk-{level}">{escape(risk_text)}</span>'),
    ]
    # Cost and duration come after what can go wrong: the risk and its reasons belong together.
    more = []
    if leg.cost is not None:
        more.append(_row(texts("cost"), escape(cost_text(leg.cost, leg.text("cost_note", lang), texts))))
    duration_note = leg.text("duration_note", lang)
    if duration_note or leg.duration_days is not None:
        days = texts("duration_days", days=texts.number(leg.duration_days, 1)) if leg.duration_days is not None else ""
        more.append(_row(texts("duration"), escape(duration_note or days)))
    places = "".join(
        f"<li><strong>{escape(p.text('name', lang))}</strong> ({escape(texts(f'kind.{p.kind}'))}): "
        f"{escape(p.text('summary', lang))}{_note(p.text('note', lang), texts)}{sources_list(p.sources)}</li>"
        for p in (leg.origin, leg.destination)
    )
    countries = _countries_html(leg, texts, stances or {})
    sub = "h4" if heading == "h3" else "h3"
    kicker = texts("stage_of", step=step, count=len(route.legs))
    ends = texts("from_to", origin=leg.origin.text("name", lang), destination=leg.destination.text("name", lang))
    return (
        f'<section class="erm-stage" aria-label="{escape(kicker)}">'
        f'<p class="erm-kicker">{escape(kicker)}</p>'
        f"<{heading}>{escape(leg.text('stage', lang))}</{heading}>"
        f'<p class="erm-fromto">{escape(ends)}</p>'
        f'<dl class="erm-facts">{"".join(facts)}</dl>'
        f"<{sub}>{escape(texts('what_can_go_wrong'))}</{sub}><p>{escape(leg.text('risks', lang))}</p>"
        f"{_facts(more)}"
        f"{_note(leg.text('note', lang), texts)}"
        f"<{sub}>{escape(texts('sources'))}</{sub}>{sources_list(leg.sources)}"
        f"{countries.replace('<h4>', f'<{sub}>').replace('</h4>', f'</{sub}>')}"
        f'<{sub}>{escape(texts("places"))}</{sub}><ul class="erm-places">{places}</ul>'
        "</section>"
    )


def _countries_html(leg: Leg, texts: Texts, stances: Mapping[str, CountryStance]) -> str:
    """How the countries of this stage treat people who fled, when the data says."""
    codes = list(dict.fromkeys((leg.origin.country, leg.destination.country)))
    known = [stances[c] for c in codes if c in stances]
    if not known:
        return ""
    names = country_names(texts.language)
    items = "".join(
        f"<li><strong>{escape(names.get(s.country, s.country))}</strong>: "
        f'<span class="erm-stance erm-stance-{s.stance}">{escape(texts(f"stance.{s.stance}"))}</span>. '
        f"{escape(s.text('explanation', texts.language))}{_exception(s, texts)}"
        f"{_note(s.text('note', texts.language), texts)}"
        f"{sources_list(s.sources)}</li>"
        for s in known
    )
    return f'<h4>{escape(texts("countries_heading"))}</h4><ul class="erm-countries">{items}</ul>'


def cost_text(cost: Cost, note: str, texts: Texts) -> str:
    """The amount with its year, then what it covers (`note`, already in the reader's language)."""
    parts = []
    if cost.usd is not None:
        year = texts("cost_year", year=cost.year) if cost.year else ""
        parts.append(texts("cost_value", amount=texts.number(cost.usd), year=year))
    if note:
        parts.append(note)
    return ": ".join(parts)


def _facts(rows: list[str]) -> str:
    return f'<dl class="erm-facts">{"".join(rows)}</dl>' if rows else ""


def _note(note: str, texts: Texts) -> str:
    if not note:
        return ""
    return f'<p class="erm-note"><strong>{escape(texts("sources_differ"))}:</strong> {escape(note)}</p>'


def fact_value(fact: RouteFact, texts: Texts) -> str:
    """A whole-route figure in words: "US$3,000 (2011-2012)", "about 10 days"."""
    if fact.kind == FactKind.COST_USD:
        key = "fact_usd" if fact.value_high is None else "fact_usd_range"
        value = texts(key, amount=texts.number(fact.value), high=texts.number(fact.value_high or 0))
    else:
        key = "fact_days" if fact.value_high is None else "fact_days_range"
        value = texts(key, days=texts.number(fact.value, 1), high=texts.number(fact.value_high or 0, 1))
    start, end = fact.year_from, fact.year_to
    if start or end:
        years = str(start or end) if start is None or end is None or start == end else None
        years = years or texts("years_range", start=start, end=end)
        value += texts("fact_years", years=years)
    return value


def _facts_html(facts: tuple[RouteFact, ...], texts: Texts) -> str:
    items = "".join(
        f"<li>{escape(fact_value(fact, texts))}"
        + (f": {escape(note)}" if (note := fact.text("note", texts.language)) else "")
        + f"{sources_list(fact.sources)}</li>"
        for fact in facts
    )
    return f'<ul class="erm-route-facts">{items}</ul>'


def route_summary(route: Route, texts: Texts) -> str:
    """The journey in figures: distance from the coordinates, legs, countries, and the sourced whole-route facts.

    Durations of single legs come from different trips, so they are listed as they are, never added up;
    a duration or a fee for the whole journey comes from route_facts.csv, with its sources.
    """
    lang = texts.language
    names = country_names(lang)
    durations = route.facts_of(FactKind.DURATION_DAYS)
    rows = [
        _row(texts("summary_distance"), escape(texts("summary_distance_value", km=texts.number(route.total_km)))),
        _row(texts("summary_legs"), escape(texts.number(len(route.legs)))),
        _row(texts("summary_countries"), escape(" → ".join(names.get(c, c) for c in route.countries))),
        _row(
            texts("summary_duration"),
            _facts_html(durations, texts) if durations else escape(texts("summary_duration_none")),
        ),
    ]
    timed = [leg for leg in route.legs if leg.duration_days is not None]
    if timed:
        items = "".join(
            "<li>"
            + escape(
                texts(
                    "summary_cost_item",
                    step=leg.step,
                    cost=texts("duration_days", days=texts.number(leg.duration_days or 0, 1)),
                )
            )
            + "</li>"
            for leg in timed
        )
        rows.append(_row(texts("summary_duration_legs"), f"<ul>{items}</ul>"))
    if costs := route.facts_of(FactKind.COST_USD):
        rows.append(_row(texts("summary_cost_route"), _facts_html(costs, texts)))
    if route.costs:
        items = "".join(
            "<li>"
            + escape(
                texts(
                    "summary_cost_item", step=step, cost=cost_text(cost, route.leg(step).text("cost_note", lang), texts)
                )
            )
            + "</li>"
            for step, cost in route.costs
        )
        rows.append(_row(texts("summary_costs"), f"<ul>{items}</ul>"))
    return (
        f'<section class="erm-summary"><h3>{escape(texts("summary_heading"))}: {escape(route.text("name", lang))}</h3>'
        f'<dl class="erm-facts">{"".join(rows)}</dl></section>'
    )


def journey_text_html(route: Route, texts: Texts, stances: Mapping[str, CountryStance]) -> str:
    """Every stage of the route in order, as headed sections (a screen reader can jump between them)."""
    sections = "".join(
        f'<li id="erm-text-stage-{step}">{stage_card(route, step, texts, stances, heading="h4")}</li>'
        for step in route.steps
    )
    return (
        f'<div class="erm-journey-text">{route_summary(route, texts)}<ol class="erm-stage-list">{sections}</ol></div>'
    )
