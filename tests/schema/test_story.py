"""components.schema.story: the data folder's story.toml, validated, and Texts that tell it."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.schema.story import STORY_FILE, Story, build_story, read_story
from components.texts.en import STORY_DEFAULTS_EN, Texts
from tests.conftest import SHIPPED_DATA

# (case id, story.toml text, expected problems as (column = key, words in the message))
BAD_STORIES: list[tuple[str, str | bytes, list[tuple[str | None, str]]]] = [
    ("not TOML", 'title = "unclosed\n', [(None, "not valid TOML")]),
    ("unknown key", 'title = "T"\ncolour = "red"\n', [("colour", "not a story key")]),
    ("language too long", 'title_kor = "T"\n', [("title_kor", "not a story key")]),
    ("number, not text", "title = 3\n", [("title", "must be text")]),
    ("table, not text", '[title]\nen = "T"\n', [("title", "must be text")]),
    ("list, not text", 'tagline_ko = ["a", "b"]\n', [("tagline_ko", "must be text")]),
    ("too long", 'about = "' + "x" * 4001 + '"\n', [("about", "4,001 characters")]),
    ("not UTF-8", 'title = "Caf\xe9"\n'.encode("latin-1"), [(None, "not UTF-8")]),
    ("two problems", 'x = "1"\ntitle = true\n', [("x", "not a story key"), ("title", "must be text")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in BAD_STORIES], ids=[c[0] for c in BAD_STORIES])
def test_bad_story_files_are_located_problems(text: str | bytes, expected: list[tuple[str | None, str]]) -> None:
    story = build_story(text.encode() if isinstance(text, str) else text)
    assert [(p.column, p.file) for p in story.problems] == [(column, STORY_FILE) for column, _ in expected]
    for problem, (column, words) in zip(story.problems, expected, strict=True):
        assert words in problem.message, str(problem)
        assert str(problem).startswith(f"story.toml:{column}: " if column else "story.toml: ")
        assert Texts("ko").problem(problem) != problem.message  # the page can show it in Korean


def test_valid_keys_are_kept_and_language_falls_back_to_english() -> None:
    story = build_story('title = "A Walk"\ntitle_ko = "걷기"\ntagline = "Far."\nabout = "  "\n'.encode())
    assert story.problems == ()
    assert story.get("title", "ko") == "걷기"
    assert story.get("tagline", "ko") == "Far."
    assert story.get("about", "en") is None  # blank is the same as absent
    assert story.get("content_note", "en") is None


def test_without_a_story_file_the_texts_are_neutral(tmp_path: Path) -> None:
    story = read_story(tmp_path)
    assert story == Story()
    for language in ("en", "ko"):
        texts = Texts(language, story=story)
        for key in STORY_DEFAULTS_EN:
            told = texts(key)
            assert told == Texts(language)(key)
            for word in ("Defector", "North Korea", "Ann Shin", "북한", "탈북", "앤 신"):
                assert word not in told, (language, key)


def test_texts_tell_the_story_in_the_page_language() -> None:
    story = build_story('title = "A Walk"\ntitle_ko = "걷기"\ncontent_note = "Cold nights {x}."\n'.encode())
    assert Texts("en", story=story)("title") == "A Walk"
    assert Texts("ko", story=story)("title") == "걷기"
    assert Texts("ko", story=story)("page_title") == "걷기"  # the title serves as page title
    assert Texts("ko", story=story)("content_note") == "Cold nights {x}."  # English, never formatted
    assert Texts("ko", story=story)("tagline") == Texts("ko")("tagline")  # neutral default
    assert Texts("en", story=story)("route") == "Route"  # other keys are untouched


def test_the_shipped_story_tells_the_defector_in_both_languages() -> None:
    story = read_story(SHIPPED_DATA)
    assert story.problems == ()
    for key in ("title", "tagline", "content_note", "about", "attribution"):
        assert story.get(key, "en"), key
        assert story.words.get(f"{key}_ko"), key
    assert "The Defector" in (story.get("tagline", "en") or "")
    assert "film, 2012" in (story.get("attribution", "en") or "")
