"""The plain-text reader, with text extracted from PDFs in mind."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from citecheck.models import Author, CitationStyle, Claims, Document, Format, Location
from citecheck.parsing import text
from citecheck.parsing.source import Source


def read(*lines: str) -> Document:
    """The document of these lines of plain text (line n is ``lines[n - 1]``)."""
    return text.parse(Source(path="inline.txt", text="\n".join(lines) + "\n"))


# --- a review article extracted from a PDF, its reference list missing -----------------


@pytest.fixture
def review(load_fixture: Callable[[str], Source]) -> Document:
    return text.parse(load_fixture("text/review.txt"))


def test_pdf_review_has_markers_but_no_reference_list(review: Document) -> None:
    assert review.format is Format.TEXT
    assert review.reference_heading is None
    assert review.entries == ()
    assert review.links == ()


def test_pdf_review_markers_with_lists_and_ranges_over_wrapped_lines(review: Document) -> None:
    assert [(c.marker, c.location, c.labels) for c in review.citations] == [
        ("[1]", Location(8, 75), ("1",)),
        ("[2,3]", Location(9, 67), ("2", "3")),
        ("[4– 6]", Location(10, 36), ("4", "5", "6")),
        ("[7, 8]", Location(11, 54), ("7", "8")),
        ("[9]", Location(12, 21), ("9",)),
        ("[10]", Location(14, 55), ("10",)),
        ("[11–13]", Location(15, 72), ("11", "12", "13")),
        ("[14]", Location(16, 49), ("14",)),
        ("[15]", Location(17, 48), ("15",)),
        ("[16]", Location(20, 65), ("16",)),
        ("[17–19]", Location(21, 68), ("17", "18", "19")),
        ("[17]", Location(22, 62), ("17",)),
        ("[20]", Location(23, 7), ("20",)),
        ("[21]", Location(24, 63), ("21",)),
        ("[21,22,24]", Location(25, 48), ("21", "22", "24")),
        ("[23]", Location(28, 64), ("23",)),
        ("[24–26]", Location(29, 31), ("24", "25", "26")),
        ("[27]", Location(30, 12), ("27",)),
    ]
    assert {c.style for c in review.citations} == {CitationStyle.NUMERIC}


def test_pdf_review_cites_every_number_from_one_to_twenty_seven(review: Document) -> None:
    cited = {n for c in review.citations for n in c.numbers}

    assert cited == set(range(1, 28))


def test_pdf_review_headers_figures_dates_and_bracketed_years_are_no_citations(
    review: Document,
) -> None:
    # Lines 19 and 26 are running headers "Clin. Exp. Example 14(2), (2019)", line 14
    # has "(Figure 2)", line 17 "(March 2011)", line 23 "[2020]" and "(Table 1)".
    lines_cited = {c.location.line for c in review.citations}

    assert not lines_cited & {4, 18, 19, 26, 33}
    assert [c for c in review.citations if c.location.line == 23] == [review.citations[12]]
    assert review.text_identifiers == ()
    assert review.identifier_problems == ()


# --- a numbered reference list extracted from a PDF --------------------------------------


@pytest.fixture
def numbered(load_fixture: Callable[[str], Source]) -> Document:
    return text.parse(load_fixture("text/numbered-references.txt"))


def test_pdf_reference_list_skips_page_headers_and_numbers_between_lines(
    numbered: Document,
) -> None:
    assert numbered.reference_heading == Location(7, 1)
    assert [(e.label, e.number, e.location, e.end_line) for e in numbered.entries] == [
        ("1", 1, Location(8, 4), 9),
        ("2", 2, Location(10, 4), 11),
        ("3", 3, Location(14, 4), 16),
        ("4", 4, Location(17, 4), 18),
    ]
    assert [e.raw for e in numbered.entries] == [
        "Hartmann J, van der Linde P, Okafor N. Fibroblast-derived ligand in the\n"
        "tumour bed. Example J Oncol. 2015;21(4):301-309. doi:10.5555/ejo.2015.301",
        "Müller K, Niwa-Sato T, et al. Adhesion-mediated drug resistance in\n"
        "epithelial cancer. Tumour Biol. 2016;37(2):1101-1110. PMID: 26543210",
        "O'Donnell R, Kim S. Stromal cells shield tumour cells from\n"
        "chemotherapy. Cancer Res Lett. 2017;9:45-52.",
        "Rossi L, Chen W. Receptor blockade restores drug sensitivity. Nature 512(3),\n"
        "88–95 (2014).",
    ]


def test_pdf_reference_list_entries_claim_what_their_joined_lines_say(
    numbered: Document,
) -> None:
    assert [[str(i) for i in e.identifiers] for e in numbered.entries] == [
        ["doi:10.5555/ejo.2015.301"],
        ["pmid:26543210"],
        [],
        [],
    ]
    assert numbered.entries[2].claims == Claims(
        authors=(Author("O'Donnell", "R"), Author("Kim", "S")),
        year=2017,
        title="Stromal cells shield tumour cells from chemotherapy",
        journal="Cancer Res Lett",
        volume="9",
        pages="45–52",
    )
    assert numbered.entries[3].claims == Claims(
        authors=(Author("Rossi", "L"), Author("Chen", "W")),
        year=2014,
        title="Receptor blockade restores drug sensitivity",
        journal="Nature",
        volume="512",
        issue="3",
        pages="88–95",
    )


def test_pdf_reference_list_markers_point_at_entries(numbered: Document) -> None:
    assert [(c.marker, c.location) for c in numbered.citations] == [
        ("[1]", Location(3, 50)),
        ("[2,3]", Location(4, 22)),
        ("[4]", Location(4, 73)),
    ]


# --- reference lists whose heading the extraction lost or does not know ---------------


def test_a_numbered_list_with_no_heading_is_found_with_its_wrapped_lines_and_page_headers() -> None:
    document = read(
        "Clin. Exp. Example 14(2), (2019)",
        "Water moves along vessels [1] and sleep [2,3] speeds it [4].",
        "1. Smith AB, Lee C. Receptors in the",
        "brain. J Neurosci. 2020;12:1-9.",
        "2. Kim D. Clearance of solutes. Glia. 2019;3:4-5.",
        "Clin. Exp. Example 14(2), (2019)",
        "3. Park E, Chen W. Sleep and fluid flow. Sleep.",
        "2018;5:6-7.",
        "4. Rossi L. Ageing and water. Brain. 2017;1:2-3.",
    )

    assert document.reference_list_found_by == "structure"
    assert document.reference_heading is None
    assert [(e.label, e.location.line, e.end_line) for e in document.entries] == [
        ("1", 3, 4),
        ("2", 5, None),
        ("3", 7, 8),
        ("4", 9, None),
    ]


def test_a_german_heading_opens_the_list_of_a_pdf_text() -> None:
    document = read(
        "Wasser fließt [1].",
        "Literaturverzeichnis",
        "[1] Smith AB. Receptors. J One. 2020;1:1.",
        "[2] Lee C. Clearance. J Two. 2019;2:3.",
    )

    assert document.reference_list_found_by == "heading"
    assert document.reference_heading == Location(2, 1)
    assert [e.label for e in document.entries] == ["1", "2"]


def test_pdf_review_running_headers_and_key_points_are_no_reference_list(
    review: Document,
) -> None:
    # Running headers with years, bullet points of prose: nothing the
    # structure of a reference list would accept.
    assert review.reference_list_found_by is None


# --- what plain text does not interpret -----------------------------------------------


def test_markdown_syntax_means_nothing_in_plain_text() -> None:
    document = read(
        "Use `arr[1]` here.",
        "```",
        "x[2]",
        "```",
        "See [wet](https://doi.org/10.5555/wet.1) and <sup>3</sup>.",
    )

    assert [(c.marker, c.location) for c in document.citations] == [
        ("[1]", Location(1, 9)),
        ("[2]", Location(3, 2)),
        ("<sup>3</sup>", Location(5, 46)),
    ]
    assert document.links == ()
    assert [(str(i), i.location) for i in document.text_identifiers] == [
        ("doi:10.5555/wet.1", Location(5, 11))
    ]


def test_broken_characters_and_ligatures_do_not_hide_markers_or_identifiers() -> None:
    document = read(
        "The ﬁrst \ufffd study [1] and the ﬂow study [2].",
        "Registered as NCT01234567\ufffd and doi:10.5555/ﬁg.1 .",
    )

    assert [(c.marker, c.location) for c in document.citations] == [
        ("[1]", Location(1, 18)),
        ("[2]", Location(1, 40)),
    ]
    assert [(str(i), i.location) for i in document.text_identifiers] == [
        ("nct:NCT01234567", Location(2, 15)),
        ("doi:10.5555/ﬁg.1", Location(2, 32)),
    ]
