"""Properties of the prose readers (Markdown, plain text, HTML) on arbitrary input:
they never raise, and every place they report lies inside the text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.models import Document, Location
from citecheck.parsing import html, markdown, text
from citecheck.parsing.source import Source

READERS: dict[str, Callable[[Source], Document]] = {
    "markdown": markdown.parse,
    "text": text.parse,
    "html": html.parse,
}

# Pieces that make the readers take their less travelled paths.
FRAGMENTS = [
    "[", "]", "(", ")", "[^", "]:", "](", "#", "# ", "## ", "\n", "\n\n", "  ", "\t",
    "References\n", "Notes\n", "**Bibliography**\n", "1. ", "2. ", "[1] ", "(3) ", "- ", "* ",
    "- 1. ", "<sup>", "</sup>", "<ol>", "</ol>", "<li>", "<ul>", "<h2>", "</h2>", "<a href=",
    "'https://doi.org/10.5555/x'>", "</a>", "<pre>", "<!--", "-->", "`", "```\n", "\\",
    "0", "1", "7", "12", "999", "–", "-", ",", ";", " et al.", " and ", " & ", "Smith",
    "van der Berg", "Müller", "(2020)", "2019a", "1999", "doi:10.5555/", "doi:10.5555/ab.1",
    "PMID: 123456789012", "PMID: 1234567", "NCT01234567", "pubmed.ncbi.nlm.nih.gov/42/",
    "[mdpi.com]", " - PubMed ", "12", "Page 3", "\ufffd", "ﬁ", "İ", "\f", "\u00ad",
]  # fmt: skip

citation_like = st.lists(st.sampled_from(FRAGMENTS), max_size=80).map("".join)
any_text = st.text(max_size=400)
mixed = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map(
    "".join
)


def places(document: Document) -> list[Location]:
    """Every location a document reports."""
    found: list[Location | None] = [document.reference_heading]
    for entry in (*document.entries, *document.links):
        found.append(entry.location)
        found.extend(i.location for i in entry.identifiers)
    found.extend(c.location for c in document.citations)
    found.extend(i.location for i in document.text_identifiers)
    found.extend(p.location for p in document.identifier_problems)
    return [place for place in found if place is not None]


def assert_inside(document: Document, source: Source) -> None:
    lines = source.line_count()
    for place in places(document):
        assert 1 <= place.line <= lines, (place, lines)
        assert place.column >= 1, place
    for entry in document.entries:
        if entry.end_line is not None:
            assert entry.location.line < entry.end_line <= lines, (entry, lines)


@pytest.mark.parametrize("reader", READERS)
@settings(deadline=None, max_examples=150)
@given(content=any_text)
def test_readers_never_raise_on_arbitrary_text(reader: str, content: str) -> None:
    source = Source(path=f"any.{reader}", text=content)

    assert_inside(READERS[reader](source), source)


@pytest.mark.parametrize("reader", READERS)
@settings(deadline=None, max_examples=200)
@given(content=st.one_of(citation_like, mixed))
def test_readers_never_raise_on_citation_like_text(reader: str, content: str) -> None:
    source = Source(path=f"mixed.{reader}", text=content)

    assert_inside(READERS[reader](source), source)


@pytest.mark.parametrize("reader", ["markdown", "text"])
@settings(deadline=None, max_examples=200)
@given(content=st.one_of(citation_like, mixed))
def test_a_citation_or_identifier_is_located_at_its_first_character(
    reader: str, content: str
) -> None:
    source = Source(path=f"mixed.{reader}", text=content)
    document = READERS[reader](source)
    lines = content.split("\n")

    def at(place: Location) -> str:
        return lines[place.line - 1][place.column - 1 :]

    for citation in document.citations:
        assert at(citation.location).startswith(citation.marker[0]), citation
    for identifier in document.identifiers:
        assert identifier.location is not None
        assert at(identifier.location).startswith(identifier.raw[:1]), identifier


@settings(deadline=None, max_examples=200)
@given(
    before=st.text(alphabet="abc .,;\n", max_size=20),
    low=st.integers(min_value=1, max_value=999),
    span=st.integers(min_value=0, max_value=200),
    dash=st.sampled_from(["-", "–", "—"]),
)
def test_a_bracketed_range_cites_every_number_in_it(
    before: str, low: int, span: int, dash: str
) -> None:
    high = min(low + span, 999)
    marker = f"[{low}{dash}{high}]" if high > low else f"[{low}]"
    content = f"{before}word {marker} more"
    source = Source(path="range.txt", text=content)

    (citation,) = text.parse(source).citations

    assert citation.marker == marker
    assert citation.numbers == tuple(range(low, high + 1))
    assert citation.location == source.locate(content.index(marker))
