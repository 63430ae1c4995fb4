"""What a document says about itself: its own DOI, title, authors and venue,
per format, and nothing where the text is not plain about it.

The fixtures under ``tests/fixtures/identity`` are written for these tests:
one fictional article (Crossref's test prefix ``10.5555``) as an HTML page
with citation meta tags, a JATS file, a Markdown page, the text of a PDF's
first page, and the text of pages whose title block was lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.models import ArticleIdentity, Author, Format
from citecheck.parsing import parse_source, read_document
from citecheck.parsing.source import Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "identity"

TITLE = "Cracked pots in the wild: a review"
DOI = "10.5555/jpsy.2019.0042"
AUTHORS = (Author("Carberry", "Josiah"), Author("Tan", "Mei"))


def identity(name: str) -> ArticleIdentity:
    return read_document(FIXTURES / name).identity


def identity_of(text: str, fmt: Format) -> ArticleIdentity:
    return parse_source(Source(path="inline", text=text), fmt=fmt).identity


# --- each format's own statements ---------------------------------------------------


def test_html_meta_tags_name_the_article() -> None:
    found = identity("article.html")
    assert (found.doi, found.title, found.authors) == (DOI, TITLE, AUTHORS)
    assert (found.journal, found.volume, found.issue, found.year) == (
        "Journal of Psychoceramics",
        "4",
        "3",
        2019,
    )
    assert found.found_by == ("doi: <meta> tag", "title: <meta> tag", "authors: <meta> tags")


def test_html_without_meta_tags_gives_the_page_title_without_the_site_name() -> None:
    found = identity("page-title.html")
    assert found.title == TITLE
    assert found.doi is None
    assert found.authors == ()


def test_jats_article_meta_names_the_article_and_not_its_citations() -> None:
    found = identity("article.xml")
    assert (found.doi, found.title, found.authors) == (DOI, TITLE, AUTHORS)
    assert (found.journal, found.volume, found.issue, found.year) == (
        "Journal of Psychoceramics",
        "4",
        "3",
        2019,
    )


def test_markdown_h1_author_line_and_doi_line() -> None:
    found = identity("heading.md")
    assert (found.doi, found.title, found.authors) == (DOI, TITLE, AUTHORS)
    assert found.found_by[1] == "title: Markdown heading, line 1"


def test_a_pdf_first_page_gives_the_title_above_the_author_line() -> None:
    found = identity("first-page.txt")
    assert (found.doi, found.title, found.authors) == (DOI, TITLE, AUTHORS)
    assert (found.journal, found.volume, found.year) == ("Journal of Psychoceramics", "4", 2019)
    assert not found.title_abridged


def test_pdf_page_headers_give_the_venue_and_first_author_when_the_title_is_lost() -> None:
    found = identity("page-headers.txt")
    assert found.title is None
    assert found.doi is None
    assert found.authors == (Author("Carberry"),)
    assert (found.journal, found.volume, found.issue, found.year) == (
        "J. Psychoceram.",
        "4",
        "3",
        2019,
    )
    # Known by its venue alone, it is found by what its text is about.
    assert found.keywords[:2] == ("crack", "ways")
    assert {"glazes", "vessel", "kilns"} <= found.words


def test_markers_the_text_puts_a_name_to_are_kept_when_no_title_is_known() -> None:
    text = (
        "Pots crack in many ways, and the ways they crack are studied [1]. Tan et al. showed\n"
        "that glazes change how a crack runs [12]. Smith and Jones [3] agree. Chen et al.\n"
        "found kilns matter. Others disagree [5].\n"
    )
    found = identity_of(text, Format.TEXT)
    # Chen's sentence ends before its marker: no number is put to Chen.
    assert found.named_citations == (("Tan", 12), ("Smith", 3))


def test_a_text_opening_with_a_sentence_has_no_title() -> None:
    found = identity("sentence-first.txt")
    assert found.title is None
    assert found.authors == ()


def test_a_bibtex_database_is_no_article() -> None:
    text = "@article{a, title={Cracked pots in the wild}, doi={10.5555/jpsy.2019.0042}}\n"
    assert identity_of(text, Format.BIBTEX) == ArticleIdentity()


# --- what is not taken -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Introduction\n\nPots crack [1].\n", id="a section label"),
        pytest.param("Pots crack in many ways.\n\nThey do [1].\n", id="a sentence"),
        pytest.param("See www.example.org for pots\n\nThey crack [1].\n", id="a link"),
        pytest.param("Cracked pots\n\nThey crack [1].\n", id="two words"),
        pytest.param("2019 2020 2021 2022\n\nThey crack [1].\n", id="numbers"),
        pytest.param("Journal of Psychoceramics and Glazes\n\nPots [1].\n", id="a journal"),
        pytest.param("Table 1 Pots that cracked in the kiln\n\nPots [1].\n", id="a caption"),
    ],
)
def test_a_first_line_that_is_no_title_is_not_taken(text: str) -> None:
    assert identity_of(text, Format.TEXT).title is None


def test_a_title_case_line_under_a_title_is_no_author_line() -> None:
    # Two capitalised words between commas may be a title's, not people.
    text = "Cracked Pots in the Wild\nGlaze Fracture, Kiln Heat and Clay Stress\n\nPots [1].\n"
    found = identity_of(text, Format.TEXT)
    assert found.authors == ()


def test_a_doi_in_running_text_is_not_the_articles_own() -> None:
    text = "Pots crack in many ways [1], as 10.5555/other.1999 shows at length in its pages.\n"
    assert identity_of(text, Format.TEXT).doi is None


def test_a_doi_of_a_short_reference_list_is_not_the_articles_own() -> None:
    text = (
        "# Pots\n\nPots crack [1].\n\n## References\n\n"
        "1. Grayson P. On the cracking of pots. Ann Psychoceram. 1999;12:12-19. "
        "doi:10.5555/other.1999\n"
    )
    assert identity_of(text, Format.MARKDOWN).doi is None


def test_a_line_of_text_that_names_a_doi_is_no_first_page_line() -> None:
    text = (
        "Pots crack in many ways, as the study of glazes with doi:10.5555/other.1999 shows\n"
        "at length [1].\n"
    )
    assert identity_of(text, Format.TEXT).doi is None


def test_a_doi_repeated_in_page_footers_is_the_articles_own() -> None:
    page = "Pots crack in many ways [1], and glazes change how they crack [2].\n"
    text = (page + "\n10.5555/jpsy.2019.0042 © 2019 Psychoceramics Press\n\n") * 3
    assert identity_of(text, Format.TEXT).doi == DOI


def test_a_repeated_caption_is_no_running_title() -> None:
    page = "Table 2 Pots that cracked in the kiln\n\nPots crack in many ways [1], and more [2].\n\n"
    assert identity_of(page * 3, Format.TEXT).title is None


def test_markdown_repeated_lines_are_no_page_headers() -> None:
    text = "Pots crack [1].\n\nCracked pots in the wild again\n\nCracked pots in the wild again\n"
    found = identity_of(text, Format.MARKDOWN)
    assert found.title is None


def test_a_document_with_a_reference_list_keeps_no_words() -> None:
    # Words are kept only to find an article that lost its list.
    text = "Pots crack [1].\n\nReferences\n\n1. Grayson P. On the cracking of pots. 1999.\n"
    assert identity_of(text, Format.TEXT).words == frozenset()


def test_identity_takes_no_part_in_document_equality() -> None:
    # Reports do not keep it: a document read back equals the one read.
    first = parse_source(Source(path="a", text="# A title of the page\n\nText [1].\n"))
    second = parse_source(Source(path="a", text="# Another title entirely\n\nText [1].\n"))
    assert first.identity != second.identity
    assert first == second
