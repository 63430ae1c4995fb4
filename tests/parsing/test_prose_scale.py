"""Code fences and code spans are found in linear time: a file of backticks
is read in a moment, however long (issue 10: 160 KB took 28 s, 1 MB over
120 s). The bound is generous, for a loaded machine; the old code missed it
by a factor of ten or more."""

from __future__ import annotations

import time

import pytest

from citecheck.parsing import markdown
from citecheck.parsing.source import Source

SECONDS = 5.0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("`" * 1_000_000, id="one run of a million backticks"),
        pytest.param("``` " * 250_000, id="fence marks on one line"),
        pytest.param("x```" * 250_000, id="fence marks after text"),
        pytest.param("~" * 500_000 + "`" * 500_000, id="tildes then backticks"),
        pytest.param("`a" * 500_000, id="single backticks"),
        pytest.param(("```\n" + "`" * 1000 + "\n") * 1000, id="fence lines and long runs"),
    ],
)
def test_a_megabyte_of_backticks_is_read_in_seconds(text: str) -> None:
    start = time.monotonic()
    document = markdown.parse(Source(path="ticks.md", text=text))
    assert time.monotonic() - start < SECONDS
    assert document.entries == ()


def test_a_fence_is_still_closed_by_its_own_run_after_a_long_unclosed_line() -> None:
    text = "x" + "`" * 100_000 + "\n\n```\ndoi:10.1234/in.code\n```\n\nSee doi:10.1234/outside.\n"
    document = markdown.parse(Source(path="ticks.md", text=text))
    assert [i.value for i in document.text_identifiers] == ["10.1234/outside"]
