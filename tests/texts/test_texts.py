"""components.texts.en: every language has every string, with the same placeholders; numbers per language."""

from __future__ import annotations

import string

import pytest

from components.texts.en import EN, LANGUAGES, Texts, country_names


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_has_every_key_with_the_same_placeholders(language: str) -> None:
    strings = LANGUAGES[language]
    assert set(strings) == set(EN)
    for key, template in EN.items():
        assert placeholders(strings[key]) == placeholders(template), key
        assert strings[key].strip(), key


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [("en", 4720.4, 0, "4,720"), ("ko", 4720.4, 0, "4,720"), ("en", 0.25, 1, "0.2"), ("en", 2.0, 1, "2")],
)
def test_numbers_are_formatted_for_the_language(language: str, value: float, decimals: int, expected: str) -> None:
    assert Texts(language).number(value, decimals) == expected


def test_unknown_language_falls_back_to_english_and_country_names_are_localised() -> None:
    assert Texts("xx").language == "en"
    assert Texts("ko")("risk") != Texts("en")("risk")
    assert country_names("en")["KP"] == "North Korea"
    assert country_names("ko")["KP"] == "북한"


def test_every_problem_key_the_code_uses_has_a_template_in_both_languages() -> None:
    import re

    from tests.conftest import ROOT

    source = "".join(
        (ROOT / "components" / "schema" / name).read_text() for name in ("data.py", "context.py", "story.py")
    )
    used = set(re.findall(r'(?:Problem\.of\([^,]+,|\.fail\([^,]+,)\s*"([a-z_]+)"', source))
    used |= {f"not_{what}" for what in re.findall(r'\.number\([^)]*?"(latitude|longitude|days|usd|percent)"', source)}
    used |= {f"not_{what}" for what in re.findall(r'coordinate\("\w+", \d+, "(\w+)"\)', source)}
    assert len(used) > 30
    for language, strings in LANGUAGES.items():
        missing = sorted(key for key in used if f"problem.{key}" not in strings)
        assert missing == [], language


def test_problems_are_shown_in_the_page_language_and_printed_in_english() -> None:
    from components.schema.data import build_journey
    from tests.conftest import mini_routes

    places = "place_id,name,country,lat,lon,kind,summary,source\nn,N,KP,91.5,129.75,origin,s,Atlas 2020\n"
    problems = build_journey(places.encode(), mini_routes().encode()).problems
    ko = Texts("ko")
    lines = [ko.problem_line(p) for p in problems]
    assert "places.csv 2행, lat 열: 91.5은(는) 위도(−90~90)가 아닙니다" in lines
    assert any("places.csv 2행, source 열: 출처 'Atlas 2020'에 URL이 없습니다" in line for line in lines)
    assert "places.csv:2:lat: 91.5 is not a latitude (\u221290 to 90)" in [str(p) for p in problems]
    assert Texts("en").problem_line(problems[0]) == f"{problems[0].location}: {problems[0].message}"


def test_korean_ui_strings_follow_the_glossary() -> None:
    from tests.schema.test_data import korean_violations

    assert korean_violations([(key, text) for key, text in LANGUAGES["ko"].items()]) == []
