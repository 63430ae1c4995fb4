"""The Markdown reader: wiki exports, vendor guides, code, links and identifiers."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from citecheck.models import (
    Author,
    CitationStyle,
    Claims,
    Document,
    EntryRole,
    Format,
    Identifier,
    IdType,
    Location,
    TitleKind,
)
from citecheck.parsing import markdown
from citecheck.parsing.source import Source


def read(*lines: str) -> Document:
    """The document of these Markdown lines (line n of the file is ``lines[n - 1]``)."""
    return markdown.parse(Source(path="inline.md", text="\n".join(lines) + "\n"))


def ids(identifiers: tuple[Identifier, ...]) -> list[str]:
    return [str(i) for i in identifiers]


def located(identifiers: tuple[Identifier, ...]) -> list[tuple[str, Location | None]]:
    return [(str(i), i.location) for i in identifiers]


def test_a_missing_fixture_fails_the_test_rather_than_skipping_it(
    load_fixture: Callable[[str], Source],
) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"markdown/no-such-page\.md"):
        load_fixture("markdown/no-such-page.md")


# --- a wiki page exported to Markdown ------------------------------------------------


@pytest.fixture
def wiki(load_fixture: Callable[[str], Source]) -> Document:
    return markdown.parse(load_fixture("markdown/wiki-page.md"))


def test_wiki_page_reference_list_is_the_link_list_under_references(wiki: Document) -> None:
    assert wiki.format is Format.MARKDOWN
    assert wiki.reference_heading == Location(18, 1)
    assert [(e.label, e.number, e.location, e.role) for e in wiki.entries] == [
        (str(n), n, Location(18 + n, 1), EntryRole.REFERENCE) for n in range(1, 12)
    ]


def test_wiki_page_entries_take_identifiers_from_their_link_targets(wiki: Document) -> None:
    assert [ids(e.identifiers) for e in wiki.entries] == [
        ["doi:10.5555/glia.2019.0412"],
        ["pmid:31234567"],
        ["doi:10.5555/jcbfm.2018.77"],
        ["doi:10.5555/sleep.2021.1103"],
        ["pmid:35550101"],
        ["doi:10.5555/neuro.2022.0099"],
        ["doi:10.5555/alz.2023.0310"],
        ["pmid:32345678"],
        ["doi:10.5555/ther.2024.0005"],
        ["doi:10.5555/oedema.2017.0042"],
        ["pmid:36660012"],
    ]
    assert wiki.entries[1].url == "https://pubmed.ncbi.nlm.nih.gov/31234567/"
    assert wiki.entries[1].identifiers[0].location == Location(20, 62)


@pytest.mark.parametrize(
    ("label", "surname", "year", "description"),
    [
        ("1", "Hartmann", 2019, "AQP4 end-feet and solute clearance"),
        ("3", "van der Linde", 2018, "Arterial pulsation drives CSF inflow"),
        ("4", "Niwa-Sato", 2021, "Sleep expands the interstitial space"),
        ("5", "Müller", 2022, "Ageing and AQP4 polarisation"),
        ("6", "Ferreira-Lopes", 2022, "AQP4 in the ageing human cortex"),
        ("7", "O'Donnell", 2023, "AQP4 mislocalisation and amyloid"),
    ],
)
def test_wiki_page_link_labels_claim_first_author_year_and_a_description(
    wiki: Document, label: str, surname: str, year: int, description: str
) -> None:
    entry = next(e for e in wiki.entries if e.label == label)

    assert entry.claims == Claims(
        authors=(Author(surname),),
        et_al=True,
        year=year,
        title=description,
        title_kind=TitleKind.DESCRIPTION,
    )


def test_wiki_page_markers_cite_nine_of_eleven_entries(wiki: Document) -> None:
    assert [(c.marker, c.location) for c in wiki.citations] == [
        ("[1]", Location(3, 177)),
        ("[2]", Location(3, 180)),
        ("[3]", Location(5, 93)),
        ("[4]", Location(6, 89)),
        ("[5]", Location(7, 68)),
        ("[6]", Location(7, 72)),
        ("[7]", Location(9, 80)),
        ("[8]", Location(10, 77)),
        ("[9]", Location(11, 87)),
    ]
    cited = {label for c in wiki.citations for label in c.labels}
    assert [e.label for e in wiki.entries if e.label not in cited] == ["10", "11"]


def test_wiki_page_external_link_to_a_listed_pmid_is_a_link_with_its_own_label(
    wiki: Document,
) -> None:
    (link,) = wiki.links

    assert (link.label, link.role, link.location) == ("L1", EntryRole.LINK, Location(17, 1))
    assert link.url == "https://pubmed.ncbi.nlm.nih.gov/31234567/"
    assert ids(link.identifiers) == ["pmid:31234567"]
    assert link.claims == Claims(
        title="Review of perivascular clearance", title_kind=TitleKind.DESCRIPTION
    )
    assert wiki.entries[1].claims.authors == (Author("Okafor"),)


def test_wiki_page_has_no_identifiers_in_running_text(wiki: Document) -> None:
    assert wiki.text_identifiers == ()
    assert wiki.identifier_problems == ()


# --- a vendor's technical guide ----------------------------------------------------------


@pytest.fixture
def guide(load_fixture: Callable[[str], Source]) -> Document:
    return markdown.parse(load_fixture("markdown/vendor-guide.md"))


def test_vendor_guide_reference_list_is_the_numbered_bullet_list(guide: Document) -> None:
    assert guide.reference_heading == Location(36, 1)
    assert [(e.label, e.location) for e in guide.entries] == [
        ("1", Location(38, 6)),
        ("2", Location(39, 6)),
        ("3", Location(40, 6)),
        ("4", Location(41, 6)),
        ("5", Location(42, 6)),
        ("6", Location(44, 6)),
        ("7", Location(45, 6)),
        ("8", Location(46, 6)),
        ("9", Location(47, 6)),
        ("10", Location(48, 7)),
        ("11", Location(49, 7)),
        ("12", Location(50, 7)),
    ]
    assert all(e.identifiers == () for e in guide.entries)


@pytest.mark.parametrize(
    ("label", "claims"),
    [
        (
            "1",
            Claims(
                title="Velmoxitide, a selective KRT19 antagonist",
                title_kind=TitleKind.PAGE_TITLE,
                site="PMC",
            ),
        ),
        ("2", Claims(site="mdpi.com")),
        (
            "3",
            Claims(
                title="KRT19 expression across epithelial tumours",
                title_kind=TitleKind.PAGE_TITLE,
                site="The Oncology Letter",
            ),
        ),
        (
            "7",
            Claims(
                title="Structural basis of velmoxitide binding to KRT19",
                title_kind=TitleKind.PAGE_TITLE,
                site="PMC",
            ),
        ),
        (
            "8",
            Claims(
                title="Structural basis of velmoxitide binding to KRT19",
                title_kind=TitleKind.PAGE_TITLE,
                site="PubMed",
            ),
        ),
        (
            "9",
            Claims(
                title="What trials have tested dorvanitide?",
                title_kind=TitleKind.PAGE_TITLE,
                site="synapse.example.com",
            ),
        ),
        ("11", Claims(site="caprelimab-info.example.net")),
    ],
)
def test_vendor_guide_entries_claim_page_titles_and_hosts(
    guide: Document, label: str, claims: Claims
) -> None:
    entry = next(e for e in guide.entries if e.label == label)

    assert entry.claims == claims


def test_vendor_guide_markers_in_every_form_but_not_in_code(guide: Document) -> None:
    assert [(c.marker, c.location, c.labels) for c in guide.citations] == [
        ("[1]", Location(11, 74), ("1",)),
        ("[2]", Location(11, 78), ("2",)),
        ("[3]", Location(11, 146), ("3",)),
        ("[4]", Location(11, 149), ("4",)),
        ("[5]", Location(15, 149), ("5",)),
        ("[6]", Location(16, 72), ("6",)),
        ("[7]", Location(16, 75), ("7",)),
        ("[5]", Location(19, 36), ("5",)),
        ("[6]", Location(20, 23), ("6",)),
        ("[7]", Location(20, 26), ("7",)),
        ("[\\[8\\]](#)", Location(24, 66), ("8",)),
        ("[\\[9\\]](#)", Location(24, 116), ("9",)),
        ("[\\[10\\]](#)", Location(24, 126), ("10",)),
        ("[\\[11\\]](#)", Location(25, 52), ("11",)),
        ("[\\[12\\]](#)", Location(34, 83), ("12",)),
    ]
    assert {c.style for c in guide.citations} == {CitationStyle.NUMERIC}


def test_vendor_guide_trial_numbers_in_the_text_are_identifiers(guide: Document) -> None:
    assert located(guide.text_identifiers) == [
        ("nct:NCT04455667", Location(15, 41)),
        ("nct:NCT03322119", Location(16, 27)),
        ("nct:NCT03322119", Location(16, 104)),
        ("nct:NCT03322119", Location(20, 1)),
    ]
    assert guide.identifier_problems == ()
    assert guide.links == ()


# --- code ---------------------------------------------------------------------------


def test_markers_in_fenced_code_and_inline_code_are_not_citations() -> None:
    document = read(
        "Text [1].",
        "",
        "```python",
        "values[2] = values[3]",
        "```",
        "",
        "~~~",
        "x = [4]",
        "~~~",
        "",
        "Use `arr[5]` or ``arr[6]`` here [7].",
    )

    assert [(c.marker, c.location) for c in document.citations] == [
        ("[1]", Location(1, 6)),
        ("[7]", Location(11, 33)),
    ]


@pytest.mark.parametrize(
    ("lines", "markers"),
    [
        (["a `code [1]` b [2]"], ["[2]"]),
        (["a ``code with ` inside [1]`` b [2]"], ["[2]"]),
        (["a `code that", "wraps [1]` b [2]"], ["[2]"]),
        (["a stray ` backtick", "", "next paragraph [1] and `x [2]` [3]"], ["[1]", "[3]"]),
        (["unpaired `` run [1] and ` one [2]"], ["[1]", "[2]"]),
    ],
    ids=["span", "longer fence", "over a line break", "not over a paragraph", "unpaired"],
)
def test_a_code_span_runs_to_the_next_equal_run_of_backticks_in_its_paragraph(
    lines: list[str], markers: list[str]
) -> None:
    assert [c.marker for c in read(*lines).citations] == markers


@pytest.mark.parametrize(
    "marker",
    ["1.", "-", "[1]"],
    ids=["numbered", "bullets", "bracketed"],
)
def test_latex_quotes_in_list_entries_leave_every_entry_in_the_list(marker: str) -> None:
    # ``like this'' opens with two backticks: read as code spans, two
    # entries' quotes paired up and blanked out everything between them.
    document = read(
        "Text [1] [2] [3] [4].",
        "",
        "## References",
        "",
        f"{marker} Smith AB. ``A quoted title''. J One. 2020;1:1.",
        f"{marker} Lee C. A plain title. J Two. 2019;2:3.",
        f"{marker} Kim D. ``Another'' quoted title. J Three. 2018;3:4.",
        f"{marker} Park E. ``A third''. J Four. 2017;1:2.",
    )

    assert [e.raw for e in document.entries] == [
        "Smith AB. ``A quoted title''. J One. 2020;1:1.",
        "Lee C. A plain title. J Two. 2019;2:3.",
        "Kim D. ``Another'' quoted title. J Three. 2018;3:4.",
        "Park E. ``A third''. J Four. 2017;1:2.",
    ]


def test_latex_quotes_in_a_plain_one_per_line_list_leave_every_entry() -> None:
    document = read(
        "References",
        "Smith AB. ``A quoted title''. J One. 2020;1:1.",
        "Lee C. ``Title two''. J Two. 2019;2:3.",
        "Kim D. Title three. J Three. 2018;3:4.",
    )

    assert [e.location.line for e in document.entries] == [2, 3, 4]


@pytest.mark.parametrize(
    ("lines", "markers"),
    [
        (["- a `code [1]` b [2]", "- c [3]"], ["[2]", "[3]"]),
        (["- a ``code [1]`` b", "- c ``x [2]`` [3]"], ["[3]"]),
        (["- a `stray [1]", "- b [2] ` c [3]"], ["[1]", "[2]", "[3]"]),
        (["1. a `stray [1]", "2. b [2] ` c [3]"], ["[1]", "[2]", "[3]"]),
        (["a `stray [1]", "# Heading [2] `"], ["[1]", "[2]"]),
        (["a ``echo ''`` [1] and ``x'' [2]"], ["[1]", "[2]"]),
        (["``quoted'' [1] and ``more'' [2]"], ["[1]", "[2]"]),
    ],
    ids=[
        "span in an item",
        "double spans in items",
        "not over a bullet",
        "not over a number",
        "not over a heading",
        "code ending in quotes",
        "latex quotes",
    ],
)
def test_a_code_span_stays_inside_its_list_item_and_latex_quotes_are_no_code(
    lines: list[str], markers: list[str]
) -> None:
    assert [c.marker for c in read(*lines).citations] == markers


def test_backticks_that_pair_with_nothing_are_read_in_one_pass() -> None:
    # Runs of 1 to 299 backticks, none with a partner: 45 kB that a pattern
    # looking for each run's closer would read some 45,000 times.
    ticks = "x".join("`" * n for n in range(1, 300))
    started = time.perf_counter()

    document = read(ticks, "Text [1].")

    assert time.perf_counter() - started < 2.0
    assert [(c.marker, c.location) for c in document.citations] == [("[1]", Location(2, 6))]


def test_markers_in_html_comments_and_pre_blocks_are_not_citations() -> None:
    document = read(
        "Text [1]. <!-- [2] -->",
        "<pre>",
        "a[3]",
        "</pre>",
        "<code>b[4]</code> [5] and a lone <code> tag [6]",
    )

    assert [c.marker for c in document.citations] == ["[1]", "[5]", "[6]"]


def test_an_unclosed_fence_hides_the_rest_of_the_document() -> None:
    document = read("Text [1].", "```", "code [2]", "more [3]")

    assert [c.marker for c in document.citations] == ["[1]"]


def test_identifiers_in_fenced_code_are_ignored_but_inline_code_counts() -> None:
    document = read(
        "```",
        "NCT01234567 doi:10.5555/code.1",
        "```",
        "The DOI `doi:10.5555/inline.2` is set in code type.",
    )

    assert located(document.text_identifiers) == [("doi:10.5555/inline.2", Location(4, 10))]


# --- links and identifiers outside the reference list ----------------------------------


def test_links_to_works_outside_the_reference_list_are_links_with_claims() -> None:
    document = read(
        "# Topic",
        "",
        "Background in [Lee et al., a review of wetness (2018)](https://doi.org/10.5555/rev.1).",
        "",
        "## See also",
        "- [Water](/wiki/water)",
        "- [A page about wetness](https://example.org/wet)",
        "",
        "## External links",
        "- [Wetness overview](https://pubmed.ncbi.nlm.nih.gov/7654321/)",
        "- [Archive copy](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/)",
    )

    assert [(link.label, link.location, ids(link.identifiers)) for link in document.links] == [
        ("L1", Location(3, 15), ["doi:10.5555/rev.1"]),
        ("L2", Location(10, 3), ["pmid:7654321"]),
        ("L3", Location(11, 3), ["pmcid:PMC1234567"]),
    ]
    assert [link.claims for link in document.links] == [
        Claims(
            authors=(Author("Lee"),),
            et_al=True,
            year=2018,
            title="a review of wetness",
            title_kind=TitleKind.DESCRIPTION,
        ),
        Claims(title="Wetness overview", title_kind=TitleKind.DESCRIPTION),
        Claims(title="Archive copy", title_kind=TitleKind.DESCRIPTION),
    ]
    assert document.text_identifiers == ()
    assert document.entries == ()


def test_identifiers_in_running_text_are_located() -> None:
    document = read(
        "Trials NCT01234567 and NCT07654321 ran; see doi:10.5555/prose.1 for details.",
        "Also arXiv:2101.00001 and PMID: 1234567.",
    )

    assert located(document.text_identifiers) == [
        ("nct:NCT01234567", Location(1, 8)),
        ("nct:NCT07654321", Location(1, 24)),
        ("doi:10.5555/prose.1", Location(1, 45)),
        ("arxiv:2101.00001", Location(2, 6)),
        ("pmid:1234567", Location(2, 27)),
    ]


def test_malformed_identifiers_are_problems_located_in_reading_order() -> None:
    document = read(
        "A bad doi:10.1234/ here and PMID: 123456789012 there.",
        "",
        "References",
        "1. Smith AB. Title. J One. 2020;1:1. doi:10.5555/",
    )

    assert [(p.type, p.raw, p.reason, p.location) for p in document.identifier_problems] == [
        (IdType.DOI, "doi:10.1234/", "DOI has no suffix", Location(1, 7)),
        (
            IdType.PMID,
            "PMID: 123456789012",
            "PMID has 12 digits; PMIDs have at most 8",
            Location(1, 29),
        ),
        (IdType.DOI, "doi:10.5555/", "DOI has no suffix", Location(4, 38)),
    ]
    assert document.text_identifiers == ()
    assert document.entries[0].identifiers == ()


def test_an_entry_lists_each_identifier_once_at_its_first_place() -> None:
    document = read(
        "References",
        "1. Smith AB. Title. J One. 2020;1:1. doi:10.5555/ABC.1 https://doi.org/10.5555/abc.1 "
        "PMID: 1234567 https://pubmed.ncbi.nlm.nih.gov/1234567/",
    )

    assert located(document.entries[0].identifiers) == [
        ("doi:10.5555/ABC.1", Location(2, 38)),
        ("pmid:1234567", Location(2, 86)),
    ]


def test_a_reference_style_link_and_its_definition_are_not_citations() -> None:
    document = read("As [shown before][1] and [2].", "", "[1]: https://doi.org/10.5555/def.1")

    assert [(c.marker, c.location) for c in document.citations] == [("[2]", Location(1, 26))]
    assert located(document.text_identifiers) == [("doi:10.5555/def.1", Location(3, 6))]


def test_footnotes_are_entries_and_their_references_citations() -> None:
    document = read(
        "A claim.[^1] Another claim.[^wet]",
        "",
        "[^1]: Smith AB, Lee C. Water is wet. J Water. 2020;1(2):3-4. doi:10.5555/wet.1",
        "[^wet]: Kim D. (2019). Wetness revisited.",
    )

    assert [(e.label, e.number, e.location, ids(e.identifiers)) for e in document.entries] == [
        ("1", 1, Location(3, 7), ["doi:10.5555/wet.1"]),
        ("wet", None, Location(4, 9), []),
    ]
    assert document.entries[0].claims.title == "Water is wet"
    assert [(c.marker, c.style, c.labels) for c in document.citations] == [
        ("[^1]", CitationStyle.FOOTNOTE, ("1",)),
        ("[^wet]", CitationStyle.FOOTNOTE, ("wet",)),
    ]
