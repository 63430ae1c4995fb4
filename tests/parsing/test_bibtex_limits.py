"""@string macros cannot exhaust the machine: a kilobyte of macros that
double each other once reached 15–17 GB (issue 10). Past a cap on what
macros add to one value, or to the whole file, the file is refused with one
line that says why; below it, macros expand as BibTeX expands them."""

from __future__ import annotations

import time

import pytest

from citecheck.errors import InputError
from citecheck.models import Document
from citecheck.parsing import bibtex
from citecheck.parsing.source import Source


def parse_text(text: str) -> Document:
    return bibtex.parse(Source(path="bomb.bib", text=text))


def doubling(levels: int) -> str:
    """Macros s1 = s0 # s0, s2 = s1 # s1, ...: s<n> is 2**n copies of s0."""
    lines = ['@string{s0 = "ab"}']
    lines += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, levels + 1)]
    return "\n".join(lines) + f"\n@article{{k, title = s{levels}}}\n"


def test_macros_that_double_each_other_39_times_are_refused_in_one_line() -> None:
    text = doubling(39)
    assert len(text) < 1200
    start = time.monotonic()
    with pytest.raises(InputError) as raised:
        parse_text(text)
    assert time.monotonic() - start < 5.0
    assert str(raised.value) == (
        "bomb.bib: @string macros expand past 100,000 characters in one value (line 17): not read"
    )


def test_many_values_each_under_the_cap_are_refused_once_the_file_total_is_past() -> None:
    # 65,536 characters per use, under the cap for one value; a hundred
    # uses add 6.5 million, past the cap for the file.
    text = doubling(15) + "".join(f"@misc{{m{n}, note = s15}}\n" for n in range(100))
    with pytest.raises(InputError, match=r"past 5,000,000 characters in the file"):
        parse_text(text)


def test_macros_below_the_cap_expand_in_full() -> None:
    document = parse_text(
        doubling(12) + '@string{j = "Nature"}\n@article{n, journal = j # " Reviews"}\n'
    )
    titles = [e.claims.title for e in document.entries]
    assert titles == ["ab" * 4096, None]
    assert document.entries[1].claims.journal == "Nature Reviews"


def test_a_long_literal_value_is_no_expansion() -> None:
    title = "word " * 40_000
    document = parse_text(f"@article{{k, title = {{{title}}}}}\n")
    assert document.entries[0].claims.title == title.strip()
