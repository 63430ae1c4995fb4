"""The quick paths of the identifier scanner find what the plain ones found.

Each test keeps the plain form it replaced (a pattern tried at every place,
every finder run on every text, every text folded) as a reference, and
compares the two on generated text built from the pieces that make them
differ if they can.
"""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck import identifiers
from citecheck.cleanview import _FOLD, IGNORABLE, CleanView
from citecheck.identifiers import scan
from citecheck.models import Location

# Pieces of DOI prefixes and look-alikes: URL heads, "doi" in words, the
# separators a prefix allows and those it does not.
PREFIX_PIECES = [
    "doi", "DOI", "doi:", "doi: ", "doi :", "doi  ", "doi.org/", "dx.doi.org/", "www.",
    "https://", "http://", "dx.", "https://www.doi.org/", "doi.org", "/", ".", ":", " ",
    "\t", "\n", "x", "ado", "idoi", "endoi", "10.", "1234", "10.1234/abc", "%2f", "o", "i",
]  # fmt: skip
# Pieces that make every finder and the clean view take their paths.
SCAN_PIECES = [
    *PREFIX_PIECES, "PMID: 123456", "pmid", "PubMed ID 42", "pubmed/77", "pubmed.ncbi.nlm.nih.gov/",
    "PMC12345", "pmcid: pmc9", "ncbi.nlm.nih.gov/pmc/articles/", "arXiv:2101.00001", "arxiv.org/abs/",
    "hep-th/9901001", "ISBN 978-3-16-148410-0", "isbn", "0-306-40615-2", "NCT01234567", "nct",
    "ISRCTN12345678", "clinicaltrials.gov/study/", "(", ")", "[", "]", "<", ">", "v2", ".pdf",
    "\u00ad", "\u200b", "\u2010", "\u2013", "\u3000", "\uff10", "\uff44", "İ", "ü", "K", "ſ", "é",
]  # fmt: skip

prefix_text = st.lists(st.sampled_from(PREFIX_PIECES), max_size=20).map("".join)
scan_text = st.lists(st.one_of(st.sampled_from(SCAN_PIECES), st.text(max_size=4)), max_size=30).map(
    "".join
)


def plain_doi_prefix(low: str, window: int, at: int) -> re.Match[str] | None:
    """The search the quick one replaced: the prefix pattern tried at every
    place of the window."""
    if "doi" not in low[window:at]:
        return None
    return identifiers._DOI_PREFIX_RE.search(low, window, at)


def plain_candidates(view: CleanView) -> list[identifiers._Candidate]:
    """Candidates found by running every finder on the whole view."""
    found = [c for _, finder in identifiers._FINDERS for c in finder(view.low, view.clean)]
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[identifiers._Candidate] = []
    for candidate in found:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


_ODD = re.compile(f"[{IGNORABLE}\u2010\u2011\u2012\u2013\u2212\u3000\uff01-\uff5e]")
_DELETED = re.compile(f"[{IGNORABLE}]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def plain_view(text: str) -> tuple[str, str, tuple[int, ...]]:
    """The clean view made the general way, which ASCII text now skips."""
    deleted = tuple(m.start() - k for k, m in enumerate(_DELETED.finditer(text)))
    clean = _ODD.sub(lambda m: _FOLD[m.group()], text)
    low = clean.lower()
    if len(low) != len(clean):
        low = clean.translate(_ASCII_LOWER)
    return clean, low, deleted


@settings(deadline=None, max_examples=500)
@given(before=prefix_text, after=prefix_text, data=st.data())
def test_the_doi_prefix_is_found_as_by_a_search_of_the_whole_window(
    before: str, after: str, data: st.DataObject
) -> None:
    low = (before + "10.1234/x" + after).lower()
    # Mostly where a DOI head starts, as the scanner asks; sometimes anywhere.
    at = data.draw(st.one_of(st.just(len(before)), st.integers(min_value=0, max_value=len(low))))
    window = max(0, at - data.draw(st.integers(min_value=0, max_value=40)))

    quick = identifiers._doi_prefix(low, window, at)
    plain = plain_doi_prefix(low, window, at)

    assert (quick and (quick.span(), quick.group("url"))) == (
        plain and (plain.span(), plain.group("url"))
    )


def test_the_doi_prefix_is_found_after_a_url_head_and_after_a_word() -> None:
    for low in [
        "see https://www.doi.org/10.1234/x",
        "see https://dx.doi.org/10.1234/x",
        "at doi.org/10.1234/x",
        "xdoi.org/10.1234/x",
        "doi:10.1234/x",
        "endoi: 10.1234/x",
        "doi   10.1234/x",
        "doi.10.1234/x",
    ]:
        at = low.index("10.1234")
        quick = identifiers._doi_prefix(low, max(0, at - 40), at)
        plain = plain_doi_prefix(low, max(0, at - 40), at)
        assert (quick and quick.span()) == (plain and plain.span()), low


@settings(deadline=None, max_examples=400)
@given(text=scan_text)
def test_finders_given_only_texts_with_their_literals_find_what_all_finders_find(
    text: str,
) -> None:
    view = CleanView.of(text)

    assert identifiers._candidates(view) == plain_candidates(view)


@settings(deadline=None, max_examples=400)
@given(text=st.one_of(scan_text, st.text(max_size=60)))
def test_the_clean_view_of_any_text_is_the_general_one(text: str) -> None:
    view = CleanView.of(text)

    assert (view.clean, view.low, view.deleted) == plain_view(text)


@settings(deadline=None, max_examples=300)
@given(text=scan_text, offset=st.integers(min_value=0, max_value=50))
def test_scan_with_locate_locates_each_item_at_its_start(text: str, offset: int) -> None:
    def locate(at: int) -> Location:
        return Location(at // 10 + 1, at % 10 + 1)

    located = scan(text, locate=locate, offset=offset)
    plain = scan(text)

    assert [(f.start, f.end) for f in located] == [(f.start, f.end) for f in plain]
    assert [f.item for f in located] == [
        replace(f.item, location=locate(offset + f.start)) for f in plain
    ]
    assert [f.item.location for f in located] == [locate(offset + f.start) for f in plain]
