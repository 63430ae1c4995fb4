"""The HTML reader: rendering to Markdown-like text, located back in the HTML source."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from citecheck.models import (
    Author,
    CitationStyle,
    Claims,
    Document,
    EntryRole,
    Format,
    Location,
    TitleKind,
)
from citecheck.parsing import html
from citecheck.parsing.source import Source


def read(page: str) -> Document:
    return html.parse(Source(path="inline.html", text=page))


def located_ids(document: Document) -> list[list[tuple[str, Location | None]]]:
    return [[(str(i), i.location) for i in e.identifiers] for e in document.entries]


# --- a Wikipedia article -----------------------------------------------------------------


@pytest.fixture
def wikipedia(load_fixture: Callable[[str], Source]) -> Document:
    return html.parse(load_fixture("html/wikipedia-article.html"))


def test_wikipedia_reference_list_is_the_ol_of_class_references(wikipedia: Document) -> None:
    assert wikipedia.format is Format.HTML
    assert wikipedia.reference_heading == Location(13, 37)
    assert [(e.label, e.number, e.location, e.role) for e in wikipedia.entries] == [
        ("1", 1, Location(16, 263), EntryRole.REFERENCE),
        ("2", 2, Location(18, 159), EntryRole.REFERENCE),
        ("3", 3, Location(20, 124), EntryRole.REFERENCE),
    ]


def test_wikipedia_entries_leave_out_back_links_and_keep_cite_text(wikipedia: Document) -> None:
    raws = [e.raw for e in wikipedia.entries]

    assert raws[2] == (
        "Müller K, Ferreira-Lopes A. Ageing and polarisation of AQP4. Neurobiol Example. "
        "2022;101:55-63."
    )
    assert all("^" not in raw and "cite_ref" not in raw for raw in raws)


def test_wikipedia_identifiers_are_located_at_their_link_targets(wikipedia: Document) -> None:
    assert located_ids(wikipedia) == [
        [
            ("doi:10.5555/glia.2019.0412", Location(16, 565)),
            ("pmid:31234567", Location(16, 672)),
        ],
        [],
        [],
    ]


def test_wikipedia_cs1_and_vancouver_entries_claim_their_fields(wikipedia: Document) -> None:
    assert [e.claims for e in wikipedia.entries] == [
        Claims(
            authors=(Author("Hartmann", "Jana"), Author("Okafor", "Nkem")),
            year=2019,
            title="Astrocytic end-feet and solute clearance",
            journal="Glia Research",
            volume="67",
            issue="4",
            pages="412–420",
        ),
        Claims(
            authors=(Author("Niwa-Sato", "Takeshi"),),
            et_al=True,
            year=2021,
            title="Sleep expands the interstitial space",
            journal="Sleep Science",
            volume="44",
            issue="11",
            pages="1103–1111",
        ),
        Claims(
            authors=(Author("Müller", "K"), Author("Ferreira-Lopes", "A")),
            year=2022,
            title="Ageing and polarisation of AQP4",
            journal="Neurobiol Example",
            volume="101",
            pages="55–63",
        ),
    ]


def test_wikipedia_reference_superscripts_are_markers_located_in_the_html(
    wikipedia: Document,
) -> None:
    # The script's "[1][2]", the <pre> block and 10<sup>6</sup> cite nothing.
    assert [(c.marker, c.location, c.labels) for c in wikipedia.citations] == [
        ("[1]", Location(10, 89), ("1",)),
        ("[2]", Location(10, 295), ("2",)),
        ("[1]", Location(11, 23), ("1",)),
        ("[3]", Location(11, 118), ("3",)),
    ]
    assert {c.style for c in wikipedia.citations} == {CitationStyle.NUMERIC}


def test_wikipedia_external_link_to_pubmed_is_a_link(wikipedia: Document) -> None:
    assert [(e.label, e.location, e.role, e.url) for e in wikipedia.links] == [
        ("L1", Location(25, 5), EntryRole.LINK, "https://pubmed.ncbi.nlm.nih.gov/36660012/")
    ]
    assert wikipedia.links[0].claims == Claims(
        title="Review of glymphatic imaging", title_kind=TitleKind.DESCRIPTION
    )
    assert [(str(i), i.location) for i in wikipedia.links[0].identifiers] == [
        ("pmid:36660012", Location(25, 51))
    ]
    assert wikipedia.text_identifiers == ()


# --- a journal article ------------------------------------------------------------------


@pytest.fixture
def article(load_fixture: Callable[[str], Source]) -> Document:
    return html.parse(load_fixture("html/journal-article.html"))


def test_ordered_list_numbers_honour_start_and_value(article: Document) -> None:
    assert article.reference_heading == Location(10, 1)
    assert [(e.label, e.number, e.location) for e in article.entries] == [
        ("3", 3, Location(12, 5)),
        ("4", 4, Location(13, 5)),
        ("5", 5, Location(14, 15)),
    ]
    assert [[str(i) for i in e.identifiers] for e in article.entries] == [
        ["doi:10.5555/ejo.2015.301"],
        [],
        [],
    ]


def test_entities_are_decoded_before_claims_are_read(article: Document) -> None:
    assert article.entries[2].claims == Claims(
        authors=(Author("Kim", "S"), Author("O'Donnell", "R")),
        year=2017,
        title="Adhesion and drug resistance",
        journal="Cancer Research Letters",
        volume="9",
        issue="1",
        pages="45–52",
    )
    assert article.entries[1].claims.pages == "88–95"


def test_numeric_superscripts_are_markers_but_powers_of_ten_are_not(article: Document) -> None:
    assert [(c.marker, c.location, c.labels) for c in article.citations] == [
        ("[3]", Location(5, 56), ("3",)),
        ("[4,5]", Location(6, 30), ("4", "5")),
        ("[3–5]", Location(6, 66), ("3", "4", "5")),
    ]


def test_a_doi_link_in_the_text_is_a_link_and_a_fragment_link_is_not(article: Document) -> None:
    assert [(e.label, e.location, e.url) for e in article.links] == [
        ("L1", Location(8, 38), "https://doi.org/10.5555/rev.2012.0007")
    ]
    assert article.links[0].claims == Claims(
        title="2012 overview", title_kind=TitleKind.DESCRIPTION
    )


# --- rendering rules ----------------------------------------------------------------------


def test_a_references_list_without_a_heading_gets_one_at_the_list() -> None:
    document = read(
        '<p>Wet<sup>1</sup>.</p>\n<div class="reflist"><ol class="references">\n'
        "<li>Smith AB. Title. J One. 2020;1:1.</li>\n</ol></div>"
    )

    assert document.reference_heading == Location(2, 22)
    assert [(e.label, e.location) for e in document.entries] == [("1", Location(3, 5))]
    assert [(c.marker, c.location) for c in document.citations] == [("[1]", Location(1, 7))]


def test_an_unordered_list_under_a_heading_is_numbered_by_position() -> None:
    document = read(
        "<p>Text.</p><h3>Works Cited</h3>\n<ul>\n"
        "<li>Smith, A. B. (2020). Title one. <i>J One</i>, 1, 1.</li>\n"
        "<li>Lee, C. (2019). Title two. <i>J Two</i>, 2, 3.</li>\n</ul>"
    )

    assert document.reference_heading == Location(1, 13)
    assert [(e.label, e.number, e.location) for e in document.entries] == [
        ("1", 1, Location(3, 5)),
        ("2", 2, Location(4, 5)),
    ]
    assert [e.claims.journal for e in document.entries] == ["J One", "J Two"]


def test_markers_deep_in_a_long_text_node_are_located_on_their_own_line() -> None:
    lines = [f"line {n} of a long paragraph with no inline markup at all" for n in range(1, 120)]
    document = read("<p>" + "\n".join(lines) + " end [7].</p>")

    assert [(c.marker, c.location) for c in document.citations] == [("[7]", Location(119, 63))]


def test_code_scripts_and_styles_are_not_read() -> None:
    document = read(
        "<style>p::after { content: '[1]'; }</style><script>x = [2];</script>"
        "<p>Text [3] and <code>arr[4]</code>.</p><pre>y[5]</pre><noscript>[6]</noscript>"
    )

    assert [c.marker for c in document.citations] == ["[3]"]


@pytest.mark.parametrize(
    ("page", "markers", "identifiers"),
    [
        ("", [], []),
        ("<", [], []),
        ("<p>Unclosed <b>bold [1]\n<ol><li>x</ul></ol></ol><li>stray</p></div>", ["[1]"], []),
        ("</ol></ul></a></sup></h2>", [], []),
        ("<sup><sup>1</sup>", ["[1]"], []),
        ("<a href='https://doi.org/10.5555/x'><a href='#y'>[2]</a>", ["[2]"], ["doi:10.5555/x"]),
        ('<p>See <a href="https://doi.org/10.5555/y">an open link', [], ["doi:10.5555/y"]),
        ("<!-- unclosed comment [1]", [], []),
    ],
    ids=[
        "empty",
        "lone bracket",
        "unclosed and stray tags",
        "only end tags",
        "nested superscripts",
        "nested links",
        "link left open",
        "unclosed comment",
    ],
)
def test_broken_html_is_read_as_far_as_it_goes(
    page: str, markers: list[str], identifiers: list[str]
) -> None:
    document = read(page)

    assert [c.marker for c in document.citations] == markers
    assert [str(i) for i in document.identifiers] == identifiers


def test_backticks_in_html_text_are_text_not_code() -> None:
    # The rendering drops <code> and <pre>; a backtick left over is a character.
    document = read(
        "<p>As ``quoted'' [1], and a lone ` tick [2].</p>"
        "<p>A ``spanned [3]`` pair.</p><p>```</p><p>After a fence mark [4].</p>"
    )

    assert [c.marker for c in document.citations] == ["[1]", "[2]", "[3]", "[4]"]


# --- lists with no references heading ---------------------------------------------------


def test_an_ordered_list_with_no_heading_is_found_by_its_structure() -> None:
    document = read(
        "<p>Water<sup>1</sup> moves<sup>2</sup> along<sup>3</sup> vessels.</p>\n<ol>\n"
        "<li>Smith AB. Receptors. J One. 2020;1:1. doi:10.5555/a.1</li>\n"
        "<li>Lee C. Clearance. J Two. 2019;2:3.</li>\n"
        "<li>Kim D. Sleep. J Three. 2018;3:4. PMID: 1234567</li>\n</ol>"
    )

    assert document.reference_list_found_by == "structure"
    assert document.reference_heading is None
    assert [(e.label, e.location) for e in document.entries] == [
        ("1", Location(3, 5)),
        ("2", Location(4, 5)),
        ("3", Location(5, 5)),
    ]


def test_author_dash_title_items_pointed_at_by_markers_are_kept_as_entries() -> None:
    document = read(
        "<p>Water<sup>1</sup> moves<sup>2</sup> along<sup>3</sup> vessels.</p>\n"
        "<h2>Further material</h2>\n<ul>\n"
        "<li>Smith J — Receptors and their ligands</li>\n"
        "<li>Lee C – Clearance of solutes, Journal of Water 2020</li>\n"
        "<li>Kim D — Sleep and fluid flow</li>\n</ul>"
    )

    assert document.reference_list_found_by == "structure"
    assert document.reference_heading == Location(2, 1)
    assert [e.raw for e in document.entries] == [
        "Smith J — Receptors and their ligands",
        "Lee C – Clearance of solutes, Journal of Water 2020",
        "Kim D — Sleep and fluid flow",
    ]


def test_a_navigation_list_and_an_external_links_list_are_no_reference_list() -> None:
    document = read(
        '<ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li>'
        '<li><a href="/contact">Contact</a></li></ul>\n<p>Text<sup>1</sup>.</p>\n'
        "<h2>External links</h2>\n<ul>\n"
        '<li><a href="https://doi.org/10.5555/x.1">Smith AB et al. Review. 2020</a></li>\n'
        '<li><a href="https://doi.org/10.5555/x.2">Lee C et al. Review. 2019</a></li>\n'
        '<li><a href="https://pubmed.ncbi.nlm.nih.gov/7654321/">Kim D et al. 2018</a></li>\n'
        "</ul>"
    )

    assert document.reference_list_found_by is None
    assert document.entries == ()
    assert [link.url for link in document.links] == [
        "https://doi.org/10.5555/x.1",
        "https://doi.org/10.5555/x.2",
        "https://pubmed.ncbi.nlm.nih.gov/7654321/",
    ]
