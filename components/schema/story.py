"""The story a data folder tells: its title, tagline, content note, about text and attribution (pure).

They come from the folder's optional `story.toml` (read with the standard library's tomllib), so the
same app can tell another journey without a code change. Each key may have translations as
`<key>_<language>` (`title_ko`). Without the file, or for a key it leaves out, components.texts.en falls
back to neutral defaults, never to another story's words. Problems are located as `story.toml:<key>`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from components.schema.data import MAX_TEXT_CHARS, Problem, ProblemList, counted, excerpt, read_capped

STORY_FILE = "story.toml"
# The words a story may set (components.texts.STORY_DEFAULTS_EN has a neutral default for each).
STORY_KEYS = ("title", "page_title", "tagline", "content_note", "about", "attribution")
_LONGEST_KEY = max(len(key) for key in STORY_KEYS) + len("_ko")  # a longer key is unknown without a look


@dataclass(frozen=True, slots=True)
class Story:
    """The story's words by key ("title", "title_ko", …); empty when the folder has no story.toml."""

    words: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def get(self, key: str, language: str) -> str | None:
        """The words for `key` in `language`, else in English; None when the story does not say."""
        return self.words.get(f"{key}_{language}") or self.words.get(key) or None


def read_story(data_dir: Path) -> Story:
    """The data folder's story.toml, validated; an empty Story when there is none."""
    path = data_dir / STORY_FILE
    if not path.is_file():
        return Story()
    problems: list[Problem] = []
    raw = read_capped(path, problems)
    return Story(problems=tuple(problems)) if raw is None else build_story(raw)


def build_story(raw: bytes) -> Story:
    """Validate story.toml's contents: known keys only, each a string; the valid keys are kept."""
    try:
        document = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        return Story(problems=(Problem.of(STORY_FILE, "not_utf8", byte=f"0x{raw[err.start]:02x}", position=err.start),))
    except tomllib.TOMLDecodeError as err:
        return Story(problems=(Problem.of(STORY_FILE, "story_not_toml", error=str(err)),))
    words: dict[str, str] = {}
    problems = ProblemList()
    for key, value in document.items():
        base, _, language = key.rpartition("_") if len(key) <= _LONGEST_KEY else ("", "", "")
        known = key in STORY_KEYS or (base in STORY_KEYS and len(language) == 2 and language.isalpha())
        if not known:
            if not counted(problems, STORY_FILE):  # a file may hold a million keys
                name = excerpt(key)
                problems.append(
                    Problem.of(STORY_FILE, "story_unknown_key", None, name, name=name, allowed=", ".join(STORY_KEYS))
                )
        elif not isinstance(value, str):
            problems.append(Problem.of(STORY_FILE, "story_not_text", None, key, name=key))
        elif len(value) > MAX_TEXT_CHARS:
            problems.append(Problem.of(STORY_FILE, "text_too_long", None, key, length=len(value), limit=MAX_TEXT_CHARS))
        elif value.strip():
            words[key] = value.strip()
    return Story(words, problems.listed())
