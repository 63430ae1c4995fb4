"""Every reader, on arbitrary and on hostile input, returns in time and
never raises (issue 10): generated inputs up to 20 KB, and a few shapes of
some 200 KB that once took minutes or gigabytes (runs of backticks, brackets,
``@string`` macros, deeply nested HTML and XML, lines without a space).

Time is measured per input with a bound far above what a linear reader
needs, so that a loaded machine does not fail it and a quadratic one does.
The whole file stays well under a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.errors import InputError
from citecheck.parsing import bibtex, html, jats, markdown, text
from citecheck.parsing.claims import parse_claims, parse_link_label
from citecheck.parsing.source import Source

# Seconds one input may take: a linear reader needs well under one for
# 200 KB; the quadratic paths fixed in issue 10 took from 28 s to minutes.
SECONDS_PER_INPUT = 8.0


def _document_reader(parse: Callable[[Source], object], suffix: str) -> Callable[[str], object]:
    def read(content: str) -> object:
        return parse(Source(path=f"fuzz.{suffix}", text=content))

    return read


def _read_bibtex(content: str) -> object:
    try:
        return bibtex.parse(Source(path="fuzz.bib", text=content))
    except InputError as exc:
        # The one refusal a readable BibTeX file may meet.
        assert "@string macros expand past" in exc.reason
        return None


READERS: dict[str, Callable[[str], object]] = {
    "markdown": _document_reader(markdown.parse, "md"),
    "html": _document_reader(html.parse, "html"),
    "text": _document_reader(text.parse, "txt"),
    "jats": _document_reader(jats.parse, "xml"),
    "bibtex": _read_bibtex,
    "claims": parse_claims,
    "link label": parse_link_label,
}


def read_in_time(reader: str, content: str) -> None:
    start = time.monotonic()
    READERS[reader](content)
    elapsed = time.monotonic() - start
    assert elapsed < SECONDS_PER_INPUT, f"{reader} took {elapsed:.1f} s on {len(content)} chars"


# Pieces from every format, so that generated text reaches the paths that
# matter: markers, headings, code, tags, entries, macros, identifiers.
PIECES = [
    "[", "]", "(", ")", "[^1]", "]:", "](", "# ", "## References\n", "References\n", "\n",
    "\n\n", " ", "\t", "1. ", "[1] ", "- ", "* ", "`", "``", "```\n", "~~~\n", "\\", "'", '"',
    "<p>", "</p>", "<ol>", "<li>", "</li>", "<a href='https://doi.org/10.5555/x'>", "</a>",
    "<sup>", "<pre>", "<code>", "<!--", "-->", "<script>", "<ref-list>", "<ref id='r1'>",
    "<mixed-citation>", "</mixed-citation>", "<pub-id pub-id-type='doi'>", "</pub-id>",
    "<article>", "<back>", "<![CDATA[", "]]>", "&amp;", "&#x202e;", "@article{", "@string{",
    "@comment{", "@preamble{", "title = ", "author = ", "{", "}", "#", " = ", ",", ";",
    "s # s", "Smith, J.", " and ", " et al.", "(2020)", "2019a", "Müller", "doi:10.5555/",
    "doi:10.5555/ab.1", "10.1000/", "PMID: 12345678", "PMC1234567", "arXiv:2101.00001",
    "ISBN 978-3-16-148410-0", "NCT01234567", "https://", "pubmed.ncbi.nlm.nih.gov/42/",
    "\u200f", "\u202e", "\u2066", "\U000e0041", "\u0301", "\u00ad", "\ufeff", "\ufffd", "İ",
]  # fmt: skip

generated = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=400
).flatmap(
    # Repeating what was drawn reaches the 20 KB end of the range.
    lambda parts: st.integers(1, max(1, 20_000 // max(1, len("".join(parts))))).map(
        lambda times: ("".join(parts) * times)[:20_000]
    )
)


@pytest.mark.parametrize("reader", sorted(READERS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(content=generated)
def test_every_reader_reads_generated_input_in_time_without_raising(
    reader: str, content: str
) -> None:
    read_in_time(reader, content)


SIZE = 200_000


def _repeat(piece: str) -> str:
    return (piece * (SIZE // len(piece) + 1))[:SIZE]


HOSTILE: dict[str, str] = {
    "backticks": "`" * SIZE,
    "fence marks": _repeat("``` "),
    "tildes and backticks": _repeat("~~~`x"),
    "open brackets": "[" * SIZE,
    "brackets nested": "[" * (SIZE // 2) + "]" * (SIZE // 2),
    "link starts": _repeat("[a]("),
    "footnote markers": _repeat("[^a]"),
    "string macros": _repeat("@string{a = a # a # a}\n"),
    "unterminated entries": _repeat("@article{k, title = {"),
    "macro bomb": "".join(f"@string{{s{n} = s{n - 1} # s{n - 1}}}\n" for n in range(1, 40))
    + '@string{s0 = "ab"}\n@article{k, title = s39}\n',
    "nested html": _repeat("<div>"),
    "nested sup": _repeat("<sup><a href='x'>"),
    "open comments": _repeat("<!--"),
    "open tags": _repeat("<a href='"),
    "quoted ends in tags": _repeat("<a b='>' "),
    "open comments before ends": _repeat("<!-- >"),
    "open marked sections": _repeat("<![CDATA[ >"),
    "nested xml": "<article><back><ref-list>" + _repeat("<ref><mixed-citation>"),
    "deep xml": "<article>" + "<x>" * (SIZE // 8) + "</x>" * (SIZE // 8) + "</article>",
    "long word": "a" * SIZE,
    "long doi": "doi:10.1234/" + "a" * SIZE,
    "doi prefixes": _repeat("doi:10."),
    "numbered lines": _repeat("1. Smith J. Title. 2020. doi:10.1234/x\n"),
    "author years": _repeat("(Smith et al., 2020; Lee 2019a) "),
    "names and commas": _repeat("Smith, J., "),
    "headings": _repeat("# References\n"),
    "invisible marks": _repeat("10.1234/\u202e\u0301\U000e0041"),
}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_every_reader_reads_hostile_input_in_time_without_raising(reader: str, shape: str) -> None:
    read_in_time(reader, HOSTILE[shape])
