"""components.texts: every language has every string, with the same placeholders; numbers per language."""

from __future__ import annotations

import string

import pytest

from components.texts import EN, LANGUAGES, Texts, country_names


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
