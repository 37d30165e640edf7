"""components.domain.urls: the one rule for addresses a page may link to (the app's story URL, the story's app URL)."""

from __future__ import annotations

import pytest

from components.domain.urls import link_problem, quoted


@pytest.mark.parametrize(
    ("value", "relative", "problem"),
    [
        pytest.param("https://map.example.org/", False, None, id="https"),
        pytest.param("HTTP://10.0.0.5:8080/story", False, None, id="http in capitals, an address and a port"),
        pytest.param("/story/", False, None, id="a path from the root"),
        pytest.param("/", False, None, id="the root"),
        pytest.param("../", True, None, id="relative, when allowed"),
        pytest.param("app/?x=1#y", True, None, id="relative with a query"),
        pytest.param("./a:b", True, None, id="a colon after the first slash"),
        pytest.param("../", False, "not a path from the site's root", id="relative, when not allowed"),
        pytest.param("", True, "empty", id="empty"),
        pytest.param("javascript:alert(1)", True, "javascript: addresses are not allowed", id="javascript"),
        pytest.param("JAVASCRIPT:alert(1)", True, "javascript: addresses are not allowed", id="in capitals"),
        pytest.param("data:text/html,x", True, "data: addresses", id="data"),
        pytest.param("file:///etc/passwd", False, "file: addresses", id="file"),
        pytest.param("mailto:a@b.org", False, "mailto: addresses", id="mailto"),
        pytest.param("//evil.example/", True, "another host without a scheme", id="scheme-relative"),
        pytest.param("/\\evil.example/", True, "backslash", id="a backslash read as a slash"),
        pytest.param("https://a.org\\@evil.example/", False, "backslash", id="a backslash in the host"),
        pytest.param("https://", False, "no host", id="no host"),
        pytest.param("https://user@/", False, "no host", id="only a user"),
        pytest.param("http://[::1/", False, "not a well-formed address", id="an unclosed IPv6 host"),
        pytest.param("java\tscript:alert(1)", True, "whitespace or a control character", id="a tab"),
        pytest.param(" /story/", False, "whitespace", id="a leading space"),
        pytest.param("/story/\r\n", False, "whitespace", id="a line break"),
        pytest.param("/st\x00ory/", False, "control character", id="a NUL"),
        pytest.param("/st\x7fory/", False, "control character", id="DEL"),
        pytest.param("/st\u200bory/", False, "control character", id="a zero-width space"),
        pytest.param("/st\u202eory/", False, "control character", id="a right-to-left override"),
        pytest.param("/my\u00a0story/", False, "whitespace", id="a no-break space"),
        pytest.param("1x:alert(1)", True, "starts like a scheme", id="a colon in the first segment"),
    ],
)
def test_link_problem(value: str, relative: bool, problem: str | None) -> None:
    found = link_problem(value, relative=relative)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param("javascript:x", "'javascript:x'", id="short"),
        pytest.param("a\nb", "'a\\nb'", id="a line break, escaped"),
        pytest.param("x" * 80, repr("x" * 80), id="as long as allowed"),
        pytest.param("x" * 81, repr("x" * 79 + "…"), id="longer: cut"),
    ],
)
def test_quoted(value: str, shown: str) -> None:
    assert quoted(value) == shown
