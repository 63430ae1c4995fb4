"""Finding in-text citations: numeric markers, footnotes and author–year pointers."""

from __future__ import annotations

import time

import pytest

from citecheck.models import AuthorYear, Citation, CitationStyle, Location
from citecheck.parsing.citations import Span, expand, find_citations
from citecheck.parsing.source import Source


def cite(text: str, skip: list[Span] | None = None) -> list[Citation]:
    return find_citations(text, Source(path="inline.txt", text=text).locate, skip=skip)


def markers(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each citation of ``text`` as (marker, labels)."""
    return [(c.marker, c.labels) for c in cite(text)]


# --- numeric markers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shown before [3].", [("[3]", ("3",))]),
        ("shown before [1][2].", [("[1]", ("1",)), ("[2]", ("2",))]),
        ("shown before [1] [2].", [("[1]", ("1",)), ("[2]", ("2",))]),
        ("shown before [5,6].", [("[5,6]", ("5", "6"))]),
        ("shown before [5, 6].", [("[5, 6]", ("5", "6"))]),
        ("shown before [3;4].", [("[3;4]", ("3", "4"))]),
        ("shown before [ 7 ].", [("[ 7 ]", ("7",))]),
        ("shown before [21–23].", [("[21–23]", ("21", "22", "23"))]),
        ("shown before [21-23].", [("[21-23]", ("21", "22", "23"))]),
        ("shown before [21—23].", [("[21—23]", ("21", "22", "23"))]),
        ("shown before [1,3–5].", [("[1,3–5]", ("1", "3", "4", "5"))]),
        ("shown before [40,97,98].", [("[40,97,98]", ("40", "97", "98"))]),
        ("shown before [107].", [("[107]", ("107",))]),
    ],
)
def test_bracketed_numbers_are_numeric_markers(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    found = cite(text)

    assert [(c.marker, c.labels) for c in found] == expected
    assert {c.style for c in found} == {CitationStyle.NUMERIC}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pancreatic cancer.[\\[12\\]](#)", [("[\\[12\\]](#)", ("12",))]),
        (
            "cancer. [\\[13\\]](#)[\\[14\\]](#)",
            [("[\\[13\\]](#)", ("13",)), ("[\\[14\\]](#)", ("14",))],
        ),
        ("see [12](#cite-12).", [("[12](#cite-12)", ("12",))]),
        ("see [[12]](#ref12).", [("[[12]](#ref12)", ("12",))]),
        ("see [\\[5–7\\]](#refs).", [("[\\[5–7\\]](#refs)", ("5", "6", "7"))]),
    ],
    ids=["escaped link", "two escaped links", "fragment link", "bracketed label", "range"],
)
def test_a_link_whose_label_is_a_marker_and_target_a_fragment_is_a_marker(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert markers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wet<sup>3</sup>.", [("<sup>3</sup>", ("3",))]),
        ("wet<SUP>7</SUP>.", [("<SUP>7</SUP>", ("7",))]),
        ("wet<sup>3,4</sup>.", [("<sup>3,4</sup>", ("3", "4"))]),
        ("wet<sup>7-9</sup>.", [("<sup>7-9</sup>", ("7", "8", "9"))]),
        (
            'wet.<sup class="reference"><a href="#cite_note-3">[3]</a></sup>',
            [('<sup class="reference"><a href="#cite_note-3">[3]</a></sup>', ("3",))],
        ),
        (
            'in 1995<sup class="reference"><a href="#cite_note-4">[4]</a></sup>',
            [('<sup class="reference"><a href="#cite_note-4">[4]</a></sup>', ("4",))],
        ),
    ],
)
def test_a_superscript_number_is_a_numeric_marker(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert markers(text) == expected


def test_a_footnote_reference_points_at_its_label() -> None:
    found = cite("A claim[^4] and another[^src].")

    assert [(c.marker, c.style, c.labels) for c in found] == [
        ("[^4]", CitationStyle.FOOTNOTE, ("4",)),
        ("[^src]", CitationStyle.FOOTNOTE, ("src",)),
    ]
    assert [c.numbers for c in found] == [(4,), ()]


@pytest.mark.parametrize(
    "text",
    [
        "a [label](https://example.org) link",
        "a [1](https://example.org/one) link to a page",
        "a reference-style [text][1] link",
        "[1]: https://example.org/one",
        "  [12]: https://doi.org/10.5555/abc",
        "in the year [2020] itself",
        "an array arr[0] and a big number [1000]",
        "escaped \\[1\\] brackets",
        "a date (March 2011) here",
        "see (Figure 2) and (Table 1) and (n = 12) and (2019)",
        "Expert Rev. Anticancer Ther. 11(4), (2011)",
        "uptake of 10<sup>6</sup> cells",
        "(In 2019) and (Phase 2, 2020) and (published 2018)",
        "a footnote definition\n[^4]: is no reference to itself",
    ],
)
def test_text_that_only_looks_like_a_marker_is_no_citation(text: str) -> None:
    assert cite(text) == []


def test_markers_are_located_by_line_and_column() -> None:
    found = cite("First line [1].\nSecond [2,3] and\n  [4–\n6] wrapped.")

    assert [(c.marker, c.location) for c in found] == [
        ("[1]", Location(1, 12)),
        ("[2,3]", Location(2, 8)),
        ("[4– 6]", Location(3, 3)),
    ]
    assert found[2].labels == ("4", "5", "6")


def test_markers_inside_skipped_regions_are_not_citations() -> None:
    found = cite("ab [1] cd [2]", skip=[Span(0, 5)])

    assert [(c.marker, c.location) for c in found] == [("[2]", Location(1, 11))]


def test_citations_come_in_reading_order_whatever_their_kind() -> None:
    text = "A (Smith et al., 2020) b<sup>2</sup> c [3] d [^n] e [\\[4\\]](#)"

    assert [c.marker for c in cite(text)] == [
        "(Smith et al., 2020)",
        "<sup>2</sup>",
        "[3]",
        "[^n]",
        "[\\[4\\]](#)",
    ]


@pytest.mark.parametrize(
    ("body", "labels"),
    [
        ("3", ("3",)),
        ("5,6", ("5", "6")),
        ("21–23", ("21", "22", "23")),
        ("21 - 23", ("21", "22", "23")),
        ("2,2,3", ("2", "3")),
        ("3-1", ("3", "1")),
        ("1-500", ("1", "500")),
    ],
    ids=["one", "list", "range", "spaced range", "repeats", "backwards", "too long to expand"],
)
def test_expand_lists_every_label_of_a_marker_once(body: str, labels: tuple[str, ...]) -> None:
    assert expand(body) == labels


# --- author–year -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker", "pointers"),
    [
        (
            "as shown (Smith et al., 2020).",
            "(Smith et al., 2020)",
            [AuthorYear("Smith", "2020", et_al=True)],
        ),
        (
            "as shown (Smith et al. 2020).",
            "(Smith et al. 2020)",
            [AuthorYear("Smith", "2020", et_al=True)],
        ),
        (
            "as shown (Smith and Jones 2019; Lee 2021).",
            "(Smith and Jones 2019; Lee 2021)",
            [AuthorYear("Smith", "2019", second_surname="Jones"), AuthorYear("Lee", "2021")],
        ),
        (
            "as shown (Smith & Jones, 2019a).",
            "(Smith & Jones, 2019a)",
            [AuthorYear("Smith", "2019a", second_surname="Jones")],
        ),
        (
            "as shown (Lee 2019, 2020a).",
            "(Lee 2019, 2020a)",
            [AuthorYear("Lee", "2019"), AuthorYear("Lee", "2020a")],
        ),
        ("as shown (see Smith, 2018).", "(see Smith, 2018)", [AuthorYear("Smith", "2018")]),
        (
            "as shown (e.g., Lee et al., 2017).",
            "(e.g., Lee et al., 2017)",
            [AuthorYear("Lee", "2017", et_al=True)],
        ),
        ("as shown (Smith 2020, p. 5).", "(Smith 2020, p. 5)", [AuthorYear("Smith", "2020")]),
        (
            "as shown (van der Berg et al., 2015).",
            "(van der Berg et al., 2015)",
            [AuthorYear("van der Berg", "2015", et_al=True)],
        ),
        ("as shown (Müller 2014).", "(Müller 2014)", [AuthorYear("Müller", "2014")]),
        ("as shown (O'Brien, 2013).", "(O'Brien, 2013)", [AuthorYear("O'Brien", "2013")]),
        (
            "as shown (Niwa-Sato et al., 2021).",
            "(Niwa-Sato et al., 2021)",
            [AuthorYear("Niwa-Sato", "2021", et_al=True)],
        ),
        (
            "as Smith et al. (2020) showed.",
            "Smith et al. (2020)",
            [AuthorYear("Smith", "2020", et_al=True)],
        ),
        (
            "as Smith and Jones (2019) showed.",
            "Smith and Jones (2019)",
            [AuthorYear("Smith", "2019", second_surname="Jones")],
        ),
        (
            "as van der Berg et al. (2015) showed.",
            "van der Berg et al. (2015)",
            [AuthorYear("van der Berg", "2015", et_al=True)],
        ),
    ],
)
def test_author_year_citations_carry_surname_and_year(
    text: str, marker: str, pointers: list[AuthorYear]
) -> None:
    found = cite(text)

    assert [(c.marker, c.style, c.labels) for c in found] == [
        (marker, CitationStyle.AUTHOR_YEAR, ())
    ]
    assert list(found[0].author_years) == pointers


def test_an_author_year_citation_may_wrap_over_a_line_but_not_a_blank_line() -> None:
    found = cite("as shown (Smith et al.,\n2020) and (Lee et al.,\n\n2019).")

    assert [(c.marker, c.location) for c in found] == [("(Smith et al., 2020)", Location(1, 10))]


def test_a_single_surname_before_a_year_is_no_narrative_citation() -> None:
    # "Smith (2020)" cannot be told from "Guidelines (2020)"; only the forms
    # with "et al." or two names are read as narrative citations.
    assert cite("As Smith (2020) showed, the Guidelines (2020) apply.") == []


def test_a_superscript_before_a_long_blank_run_is_read_in_linear_time() -> None:
    # "<sup>" and then a masked <script> (blanks to the end of the page):
    # three runs of white space side by side in the marker pattern made this
    # cubic in the blank run's length (found by the readers' fuzz test).
    text = "[[<sup>" + " " * 20_000 + "<sup>7</sup>"
    started = time.monotonic()
    found = find_citations(text, lambda offset: Location(1, offset + 1))
    assert time.monotonic() - started < 1.0
    assert [c.labels for c in found] == [("7",)]
