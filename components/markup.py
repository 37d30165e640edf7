"""Escaped HTML for everything that shows data as text: map tooltips, the stage card, the route summary.

Every value from a CSV passes through `escape` before it is put into HTML. The escape also covers
the characters that matter inside a JavaScript template literal (` $ \\), because folium writes
tooltip HTML into one (``bindTooltip(`<div>…</div>`)``) without escaping it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from components.journey import Cost, CountryStance, Leg, Place, Route
from components.texts import Texts, country_names

_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
}
_ESCAPE_PATTERN = re.compile("|".join(re.escape(ch) for ch in _ESCAPES))
_URL = re.compile(r"https?://[^\s<>\"']+")


def escape(text: object) -> str:
    """Text made safe for HTML (content and quoted attributes) and for JS template literals."""
    return _ESCAPE_PATTERN.sub(lambda m: _ESCAPES[m.group(0)], str(text))


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: object) -> str:
    """Text made literal for st.markdown-like elements: every ASCII punctuation mark backslash-escaped.

    That covers links, emphasis, HTML tags, `$…$` maths and Streamlit's `:colour[…]` and `:emoji:`.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


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


def leg_tooltip(leg: Leg, texts: Texts, key: str) -> str:
    risk = texts("risk_value", word=texts(f"risk.{int(leg.risk_level)}"), level=int(leg.risk_level))
    return (
        f"<span hidden>{escape(key)}</span><strong>{escape(texts('leg_tooltip', step=leg.step, stage=leg.stage))}"
        f"</strong><br>{escape(texts('from_to', origin=leg.origin.name, destination=leg.destination.name))}"
        f"<br>{escape(texts(f'mode.{leg.mode}'))} · {escape(texts('risk'))}: {escape(risk)}"
    )


def place_tooltip(place: Place, number: int, texts: Texts, key: str) -> str:
    return (
        f"<span hidden>{escape(key)}</span><strong>{escape(texts('place_tooltip', number=number, name=place.name))}"
        f"</strong><br>{escape(texts(f'kind.{place.kind}'))}"
    )


def stance_tooltip(stance: CountryStance, texts: Texts) -> str:
    names = country_names(texts.language)
    return (
        f"<strong>{escape(names.get(stance.country, stance.country))}</strong>: "
        f"{escape(texts(f'stance.{stance.stance}'))}<br>{escape(stance.text('explanation', texts.language))}"
    )


def _row(label: str, value_html: str) -> str:
    return f"<dt>{escape(label)}</dt><dd>{value_html}</dd>"


def stage_card(route: Route, step: int, texts: Texts) -> str:
    """Everything known about one stage, in reading order."""
    leg = route.leg(step)
    level = int(leg.risk_level)
    risk_text = texts("risk_value", word=texts(f"risk.{level}"), level=level)
    facts = [
        _row(texts("how"), escape(texts(f"mode.{leg.mode}"))),
        _row(texts("distance"), escape(texts("distance_value", km=texts.number(leg.distance_km)))),
        _row(texts("risk"), f'<span class="erm-risk erm-risk-{level}">{escape(risk_text)}</span>'),
    ]
    if leg.duration_note or leg.duration_days is not None:
        days = texts("duration_days", days=f"{leg.duration_days:g}") if leg.duration_days is not None else ""
        facts.append(_row(texts("duration"), escape(leg.duration_note or days)))
    if leg.cost is not None:
        facts.append(_row(texts("cost"), escape(cost_text(leg.cost, texts))))
    places = "".join(
        f"<li><strong>{escape(p.name)}</strong> ({escape(texts(f'kind.{p.kind}'))}): {escape(p.summary)}"
        f"{_note(p.note, texts)}{sources_list(p.sources)}</li>"
        for p in (leg.origin, leg.destination)
    )
    return (
        f'<section class="erm-stage" aria-label="{escape(texts("stage_of", step=step, count=len(route.legs)))}">'
        f'<p class="erm-kicker">{escape(texts("stage_of", step=step, count=len(route.legs)))}</p>'
        f"<h3>{escape(leg.stage)}</h3>"
        f'<p class="erm-fromto">{escape(texts("from_to", origin=leg.origin.name, destination=leg.destination.name))}</p>'
        f'<dl class="erm-facts">{"".join(facts)}</dl>'
        f"<h4>{escape(texts('what_can_go_wrong'))}</h4><p>{escape(leg.risks)}</p>"
        f"{_note(leg.note, texts)}"
        f"<h4>{escape(texts('sources'))}</h4>{sources_list(leg.sources)}"
        f'<h4>{escape(texts("places"))}</h4><ul class="erm-places">{places}</ul>'
        "</section>"
    )


def cost_text(cost: Cost, texts: Texts) -> str:
    parts = []
    if cost.usd is not None:
        year = texts("cost_year", year=cost.year) if cost.year else ""
        parts.append(texts("cost_value", amount=texts.number(cost.usd), year=year))
    if cost.note:
        parts.append(cost.note)
    return ": ".join(parts)


def _note(note: str, texts: Texts) -> str:
    if not note:
        return ""
    return f'<p class="erm-note"><strong>{escape(texts("sources_differ"))}:</strong> {escape(note)}</p>'


def route_summary(route: Route, texts: Texts, country_name: dict[str, str]) -> str:
    """The journey in figures: distance from the coordinates, legs, countries, durations and costs."""
    days, known = route.known_duration_days
    duration = (
        texts("summary_duration_value", days=f"{days:g}", known=known, count=len(route.legs))
        if known
        else texts("summary_duration_none")
    )
    rows = [
        _row(texts("summary_distance"), escape(texts("summary_distance_value", km=texts.number(route.total_km)))),
        _row(texts("summary_legs"), escape(str(len(route.legs)))),
        _row(texts("summary_countries"), escape(" → ".join(country_name.get(c, c) for c in route.countries))),
        _row(texts("summary_duration"), escape(duration)),
    ]
    if route.costs:
        items = "".join(
            f"<li>{escape(texts('summary_cost_item', step=step, cost=cost_text(cost, texts)))}</li>"
            for step, cost in route.costs
        )
        rows.append(_row(texts("summary_costs"), f"<ul>{items}</ul>"))
    return (
        f'<section class="erm-summary"><h3>{escape(texts("summary_heading"))}: {escape(route.name)}</h3>'
        f'<dl class="erm-facts">{"".join(rows)}</dl></section>'
    )
