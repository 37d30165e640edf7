"""The standing table of hostile inputs: one row per attack class, each with what must never come out.

Every output of the app is run against the rows that can reach it (tests/security/test_outputs.py,
test_inputs.py, test_browser.py). A new attack class is a new row here; a new output or column is
found by the tests themselves and fails until it is covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Where a sandbox escape would leave its mark if data were ever evaluated as a template.
ESCAPED_SANDBOX = Path("/tmp/erm-security-template-ran")


@dataclass(frozen=True)
class Attack:
    """A hostile text and what shows it worked: an evaluated form, or raw markup where HTML is expected."""

    name: str
    attack_class: str  # markup, template, markdown, url scheme, separators, sizes, file names, counts
    text: str
    never: tuple[str, ...] = ()  # must not appear in any output (after HTML entities are decoded)
    never_raw: tuple[str, ...] = ()  # must not appear undecoded in an HTML output (it would be markup)
    literal: str = ""  # must appear, decoded, in every output that shows the column


TEMPLATE_EXPRESSION = Attack("expression", "template", "Zz{{7*7}}Zz", never=("Zz49Zz",), literal="Zz{{7*7}}Zz")
TEMPLATE_STATEMENT = Attack(
    "statement", "template", "Yy{% if 1 %}IF{% endif %}Yy", never=("YyIFYy",), literal="Yy{% if 1 %}IF{% endif %}Yy"
)
TEMPLATE_COMMENT = Attack("comment", "template", "Xx{# gone #}Xx", never=("XxXx",), literal="Xx{# gone #}Xx")
TEMPLATE_SANDBOX_ESCAPE = Attack(
    "sandbox escape",
    "template",
    "Ww{% set o = cycler.__init__.__globals__.os %}{{ o.mkdir('" + str(ESCAPED_SANDBOX) + "') }}"
    "{{ o.getpid() }}{{ o.environ.keys()|list }}Ww",
    never=("WwNoneWw", "Ww[", "WwWw"),
    literal="Ww{% set o = cycler.__init__.__globals__.os %}",
)
MARKUP = Attack(
    "markup",
    "markup",
    "Vv<img src=x onerror=alert(1)></script><script>alert(2)</script>`${alert(3)}`Vv",
    never_raw=("<img src=x", "<script>alert(2)", "${alert(3)}"),
    literal="Vv<img src=x onerror=alert(1)>",
)
MARKDOWN = Attack(
    "markdown",
    "markdown",
    "Uu [click](javascript:alert(1)) https://evil.example/login **bold** :red[red] $x$ Uu",
    literal="[click](javascript:alert(1))",
)

# What every text column of every file, and every story.toml key, receives at once.
IN_EVERY_TEXT = (TEMPLATE_EXPRESSION, TEMPLATE_STATEMENT, TEMPLATE_COMMENT, TEMPLATE_SANDBOX_ESCAPE, MARKUP, MARKDOWN)

# Hostile addresses: none may become a link or a script in the app.
URL_SCHEMES = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "\\\\evil.example\\x",
    "https://evil.example/\n<script>",
)

# Cells built to make a careless pattern backtrack, or a careless message echo a whole cell.
SEPARATORS = (
    " " * 20_000,
    ";" * 20_000,
    "; " * 10_000,
    " ;" * 10_000,
    "a" + " " * 19_000 + ";",
    '"' * 20_000,
    "(" * 10_000 + ")" * 10_000,
    "x, " * 6_000 + "(2020",
    "https://" + "a" * 19_990,
    "A, " + "b " * 9_000 + "(1999), ISBN " + "9" * 500,
)

# Upload names: only the files the schema names are taken, each once. A name is matched by its last
# part only (nothing is ever written by name), so "x/../routes.csv" is routes.csv, harmlessly.
FILE_NAMES = (
    "../../etc/passwd",
    "routes.csv.csv",
    "places.csv.exe",
    "places.csv\x00.txt",
    "рlaces.csv",  # a Cyrillic "р"
    ".places.csv",
    "places .csv",
    "C:\\places.csv\\..\\x",
    "a" * 5_000 + ".csv",
    "",
)

# Sizes: one past each limit of components/schema/files.py (a cell, a file, its rows, a header name).
SIZES = ("cell", "file", "rows", "header")

# Counts: what a stranger may send many of (files in one upload, problems in one file, routes far apart).
COUNTS = {"files in one upload": 42, "problems in one file": 5_000, "routes at step 10,000": 2_000}

# Every attack class of the issue, and the rows that stand for it: the suite tests each.
ATTACK_CLASSES: dict[str, tuple[object, ...]] = {
    "markup": (MARKUP,),
    "template": (TEMPLATE_EXPRESSION, TEMPLATE_STATEMENT, TEMPLATE_COMMENT, TEMPLATE_SANDBOX_ESCAPE),
    "markdown": (MARKDOWN,),
    "url scheme": URL_SCHEMES,
    "separators": SEPARATORS,
    "sizes": SIZES,
    "file names": FILE_NAMES,
    "counts": tuple(COUNTS),
}
