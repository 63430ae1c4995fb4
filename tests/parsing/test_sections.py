"""Finding the reference list of a prose document and cutting it into entries."""

from __future__ import annotations

import pytest

from citecheck.models import Document, Location
from citecheck.parsing import markdown, text
from citecheck.parsing.headings import REFERENCE_HEADINGS, is_reference_heading
from citecheck.parsing.source import Source


def read_markdown(*lines: str) -> Document:
    """The document of these Markdown lines (line n of the file is ``lines[n - 1]``)."""
    return markdown.parse(Source(path="inline.md", text="\n".join(lines) + "\n"))


def read_text(*lines: str) -> Document:
    return text.parse(Source(path="inline.txt", text="\n".join(lines) + "\n"))


def shape(document: Document) -> list[tuple[str, int | None, int, int, int | None]]:
    """Each entry as (label, number, line, column, end_line)."""
    return [
        (e.label, e.number, e.location.line, e.location.column, e.end_line)
        for e in document.entries
    ]


# --- headings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "References",
        "REFERENCES",
        "references",
        "# References",
        "## Bibliography",
        "### Works Cited",
        "Literature Cited",
        "literature cited",
        "Notes",
        "Sources",
        "**References**",
        "**References:**",
        "References:",
        "7. References",
        "## 7. References",
        "VII. REFERENCES",
        "__Bibliography__",
        "  Works cited  ",
    ],
)
def test_a_reference_heading_is_recognised_in_any_case_and_decoration(line: str) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Reference genome assembly",
        "See the references below for details.",
        "Notes on the methods",
        "The sources of funding",
        "References " + "x" * 60,
        "",
    ],
)
def test_a_line_that_only_mentions_references_is_no_heading(line: str) -> None:
    assert not is_reference_heading(line)


@pytest.mark.parametrize("words", sorted(REFERENCE_HEADINGS))
def test_every_reference_heading_opens_a_reference_list(words: str) -> None:
    document = read_markdown(
        "Intro [1].", "", f"## {words.title()}", "1. Smith AB. T. J. 2020;1:1."
    )

    assert document.reference_heading == Location(3, 1)
    assert len(document.entries) == 1


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "# References",
        "## Bibliography",
        "**References**",
        "Works Cited:",
        "7. References",
        "LITERATURE CITED",
        "Sources",
    ],
)
def test_the_heading_location_is_where_the_list_is_announced(heading: str) -> None:
    document = read_markdown("Intro [1].", "", heading, "1. Smith AB. Title one. J One. 2020;1:1.")

    assert document.reference_heading == Location(3, 1)
    assert shape(document) == [("1", 1, 4, 4, None)]


def test_a_document_without_a_reference_heading_has_no_reference_list() -> None:
    document = read_markdown("Intro [1].", "", "1. Smith AB. Title one. J One. 2020;1:1.")

    assert document.reference_heading is None
    assert document.entries == ()


# --- list styles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["1. Smith AB. Title one. J One. 2020;1:1.", "2. Lee C. Title two. J Two. 2019;2:3."],
            [("1", 1, 2, 4, None), ("2", 2, 3, 4, None)],
            id="1.",
        ),
        pytest.param(
            ["[1] Smith AB. Title one. J One. 2020;1:1.", "[2] Lee C. Title two. J Two. 2019;2:3."],
            [("1", 1, 2, 5, None), ("2", 2, 3, 5, None)],
            id="[1]",
        ),
        pytest.param(
            ["(1) Smith AB. Title one. J One. 2020;1:1.", "(2) Lee C. Title two. J Two. 2019;2:3."],
            [("1", 1, 2, 5, None), ("2", 2, 3, 5, None)],
            id="(1)",
        ),
        pytest.param(
            ["- 1. mdpi.com [mdpi.com]", "- 2. Title two - PubMed [pubmed.ncbi.nlm.nih.gov]"],
            [("1", 1, 2, 6, None), ("2", 2, 3, 6, None)],
            id="- 1.",
        ),
        pytest.param(
            ["- Smith AB. Title one. J One. 2020;1:1.", "- Lee C. Title two. J Two. 2019;2:3."],
            [("1", 1, 2, 3, None), ("2", 2, 3, 3, None)],
            id="bullets",
        ),
        pytest.param(
            [
                "[Smith et al., first work (2020)](https://doi.org/10.5555/one)",
                "[Lee et al., second work (2019)](https://pubmed.ncbi.nlm.nih.gov/1234567/)",
            ],
            [("1", 1, 2, 1, None), ("2", 2, 3, 1, None)],
            id="links one per line",
        ),
        pytest.param(
            ["Smith AB. Title one. J One. 2020;1:1.", "Lee C. Title two. J Two. 2019;2:3."],
            [("1", 1, 2, 1, None), ("2", 2, 3, 1, None)],
            id="plain one per line",
        ),
        pytest.param(
            [
                "",
                "Smith, A. B., & Lee, C. (2020). A title that is",
                "long enough to wrap. Journal One, 1(2), 3–4.",
                "",
                "Lee, C. (2019). Title two. Journal Two, 2, 3.",
            ],
            [("1", 1, 3, 1, 4), ("2", 2, 6, 1, None)],
            id="APA paragraphs",
        ),
        pytest.param(
            ["[^4]: Smith AB. Title one. J One. 2020;1:1.", "[^note]: Lee C. Title two. 2019."],
            [("4", 4, 2, 7, None), ("note", None, 3, 10, None)],
            id="footnote definitions",
        ),
    ],
)
def test_each_list_style_is_cut_into_entries(
    lines: list[str], expected: list[tuple[str, int | None, int, int, int | None]]
) -> None:
    assert shape(read_markdown("References", *lines)) == expected


def test_numbers_are_kept_as_written_when_the_list_skips_some() -> None:
    document = read_markdown(
        "References",
        "1. Smith AB. Title one. J One. 2020;1:1.",
        "2. Lee C. Title two. J Two. 2019;2:3.",
        "5. Kim D. Title five. J Five. 2018;3:4.",
    )

    assert [(e.label, e.number) for e in document.entries] == [("1", 1), ("2", 2), ("5", 5)]


def test_footnote_definitions_anywhere_are_entries_named_by_their_label() -> None:
    document = read_markdown(
        "A claim[^4] and another[^src].",
        "",
        "[^4]: Smith AB. Title one. J One. 2020;1:1.",
        "[^src]: Lee C. Title two. J Two. 2019;2:3.",
        "    Continued on an indented line.",
    )

    assert document.reference_heading is None
    assert shape(document) == [("4", 4, 3, 7, None), ("src", None, 4, 9, 5)]
    assert document.entries[1].raw == (
        "Lee C. Title two. J Two. 2019;2:3.\n    Continued on an indented line."
    )


# --- entries over several lines ------------------------------------------------


def test_wrapped_lines_of_a_numbered_entry_are_joined() -> None:
    document = read_text(
        "References",
        "1. Smith AB, Lee C. A title that wraps",
        "over two lines. J One. 2020;1(2):3-4.",
        "2. Kim D. Title two. J Two. 2019;2:3.",
    )

    first = document.entries[0]
    assert shape(document) == [("1", 1, 2, 4, 3), ("2", 2, 4, 4, None)]
    assert first.raw == "Smith AB, Lee C. A title that wraps\nover two lines. J One. 2020;1(2):3-4."
    assert first.claims.title == "A title that wraps over two lines"
    assert first.claims.pages == "3–4"


def test_a_hanging_indent_continues_a_plain_entry() -> None:
    document = read_markdown(
        "Bibliography",
        "Smith, A. B. (2020). A long title that",
        "    wraps here. Journal One, 1, 1.",
        "Lee, C. (2019). Title two. Journal Two, 2, 3.",
    )

    assert shape(document) == [("1", 1, 2, 1, 3), ("2", 2, 4, 1, None)]
    assert document.entries[0].claims.title == "A long title that wraps here"


@pytest.mark.parametrize(
    "header",
    [
        "Clin. Exp. Example 14(2), (2019)",
        "12",
        "Page 12 of 30",
    ],
)
def test_a_running_page_header_inside_a_numbered_list_is_skipped(header: str) -> None:
    document = read_text(
        "Clin. Exp. Example 14(2), (2019)",
        "Body text [1].",
        "References",
        "1. Smith AB. A title that",
        header,
        "wraps over a page break. J One. 2020;1:1.",
        header,
        "2. Lee C. Title two. J Two. 2019;2:3.",
    )

    first = document.entries[0]
    assert shape(document) == [("1", 1, 4, 4, 6), ("2", 2, 8, 4, None)]
    assert first.raw == "Smith AB. A title that\nwraps over a page break. J One. 2020;1:1."
    assert first.claims.title == "A title that wraps over a page break"


def test_wrapped_lines_that_two_entries_share_are_no_page_header() -> None:
    # Only a line that stood before the list began can be a running header.
    document = read_markdown(
        "References",
        "1. Smith AB. Title one.",
        "   Example J. 2020;1:1.",
        "2. Lee C. Title two.",
        "   Example J. 2020;1:1.",
    )

    assert shape(document) == [("1", 1, 2, 4, 3), ("2", 2, 4, 4, 5)]
    assert [e.claims.journal for e in document.entries] == ["Example J", "Example J"]


def test_a_header_that_occurs_once_is_read_as_part_of_the_entry() -> None:
    # Nothing shows that a line met once is a page header; it stays in the entry.
    document = read_text(
        "References",
        "1. Smith AB. A title. J One. 2020;1:1.",
        "Printed by the Example Press",
        "2. Lee C. Title two. J Two. 2019;2:3.",
    )

    assert shape(document) == [("1", 1, 2, 4, 3), ("2", 2, 4, 4, None)]


# --- where the list ends -------------------------------------------------------


def test_a_numbered_bullet_list_ends_before_a_trailing_unnumbered_bullet() -> None:
    document = read_markdown(
        "References",
        "- 1. Title one - PMC [pmc.ncbi.nlm.nih.gov]",
        "- 2. mdpi.com [mdpi.com]",
        "- To cite this document: Example Labs. [Guide]. 2026. Available at: [<https://x.org/>]",
    )

    assert shape(document) == [("1", 1, 2, 6, None), ("2", 2, 3, 6, None)]


def test_a_link_list_ends_at_the_first_line_that_is_no_link() -> None:
    document = read_markdown(
        "References",
        "[Smith et al., first work (2020)](https://doi.org/10.5555/one)",
        "[Lee et al., second work (2019)](https://doi.org/10.5555/two)",
        "Show all",
    )

    assert shape(document) == [("1", 1, 2, 1, None), ("2", 2, 3, 1, None)]


def test_a_plain_list_ends_at_a_line_that_does_not_look_like_a_reference() -> None:
    document = read_markdown(
        "References",
        "Smith AB. Title one. J One. 2020;1:1.",
        "Lee C. Title two. J Two. 2019;2:3.",
        "Thanks for reading.",
        "Kim D. Title three. J Three. 2018;3:4.",
    )

    assert shape(document) == [("1", 1, 2, 1, None), ("2", 2, 3, 1, None)]


def test_a_plain_entry_without_a_year_stays_in_the_list_when_it_opens_with_authors() -> None:
    document = read_markdown(
        "References",
        "Smith AB. Title one. J One. 2020;1:1.",
        "Dirlik, Arif. Place-based imagination. In Prazniak and Dirlik, 15–51.",
        "Lee C. Title two. J Two. 2019;2:3.",
    )

    assert shape(document) == [("1", 1, 2, 1, None), ("2", 2, 3, 1, None), ("3", 3, 4, 1, None)]


def test_a_paragraph_of_prose_after_a_plain_list_neither_joins_nor_extends_it() -> None:
    document = read_markdown(
        "References",
        "Smith AB. Title one. J One. 2020;1:1.",
        "Lee C. Title two. J Two. 2019;2:3.",
        "",
        "Thanks for reading.",
        "More prose here.",
    )

    assert shape(document) == [("1", 1, 2, 1, None), ("2", 2, 3, 1, None)]


@pytest.mark.parametrize("closing", ["Acknowledgements", "## Appendix", "Funding:", "See also"])
def test_a_closing_heading_ends_the_list(closing: str) -> None:
    document = read_text(
        "References",
        "Smith AB. Title one. J One. 2020;1:1.",
        closing,
        "Lee C. Title two. J Two. 2019;2:3.",
    )

    assert shape(document) == [("1", 1, 2, 1, None)]


def test_a_markdown_heading_of_the_same_level_ends_the_list() -> None:
    document = read_markdown(
        "## References",
        "1. Smith AB. Title one. J One. 2020;1:1.",
        "## About the authors",
        "2. Lee C. Title two. J Two. 2019;2:3.",
    )

    assert shape(document) == [("1", 1, 2, 4, None)]


def test_of_several_headed_lists_the_longest_is_the_reference_list() -> None:
    document = read_markdown(
        "# Notes",
        "1. A note written in 2001.",
        "",
        "# References",
        "1. Smith AB. Title one. J One. 2020;1:1.",
        "2. Lee C. Title two. J Two. 2019;2:3.",
        "",
        "# Sources",
        "1. Kim D. Title three. J Three. 2018;3:4.",
    )

    assert document.reference_heading == Location(4, 1)
    assert shape(document) == [("1", 1, 5, 4, None), ("2", 2, 6, 4, None)]


def test_of_two_lists_of_equal_length_the_last_is_the_reference_list() -> None:
    document = read_markdown(
        "# Notes",
        "1. A note written in 2001.",
        "",
        "# References",
        "1. Smith AB. Title one. J One. 2020;1:1.",
    )

    assert document.reference_heading == Location(4, 1)
    assert [e.raw for e in document.entries] == ["Smith AB. Title one. J One. 2020;1:1."]


def test_a_heading_followed_by_prose_is_no_reference_list() -> None:
    document = read_markdown("Notes", "", "This section is only prose.", "", "The end.")

    assert document.reference_heading is None
    assert document.entries == ()


def test_the_labels_of_a_bracketed_list_are_not_in_text_citations() -> None:
    document = read_markdown(
        "Body text [2].",
        "",
        "References",
        "[1] Smith AB. Title one. J One. 2020;1:1.",
        "[2] Lee C. Title two. J Two. 2019;2:3.",
    )

    assert [(c.marker, c.location) for c in document.citations] == [("[2]", Location(1, 11))]
