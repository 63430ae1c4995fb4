"""Which list of a document is its reference list: by heading, or by structure."""

from __future__ import annotations

import pytest

from citecheck.models import Document, Location
from citecheck.parsing import markdown
from citecheck.parsing.source import Source


def read_markdown(*lines: str) -> Document:
    """The document of these Markdown lines (line n of the file is ``lines[n - 1]``)."""
    return markdown.parse(Source(path="inline.md", text="\n".join(lines) + "\n"))


def found(document: Document) -> tuple[str | None, Location | None, list[int]]:
    """How the list was found, its heading, and the line of each entry."""
    return (
        document.reference_list_found_by,
        document.reference_heading,
        [e.location.line for e in document.entries],
    )


NUMBERED = [
    "1. Smith AB, Lee C. Receptors in the brain. J Neurosci. 2020;12:1-9. doi:10.5555/a.1",
    "2. Kim D. Clearance of solutes. Glia. 2019;3:4-5. PMID: 1234567",
    "3. Park E, Chen W. Sleep and fluid flow. Sleep. 2018;5:6-7.",
    "4. Rossi L. Ageing and water. Brain. 2017;1:2-3. https://doi.org/10.5555/b.2",
]
WIKI_LINKS = [
    "[Hartmann et al., End-feet and clearance (2019)](https://doi.org/10.5555/glia.1)",
    "[Okafor et al., Water transport in mice (2020)](https://pubmed.ncbi.nlm.nih.gov/3123456/)",
    "[Linde et al., Pulsation drives inflow (2018)](https://doi.org/10.5555/flow.2)",
]
BODY = "Water moves along vessels [1][2] and sleep speeds it [3][4]."


# --- by heading ------------------------------------------------------------------


def test_a_heading_that_says_the_entries_are_links_to_the_cited_papers_opens_the_list() -> None:
    document = read_markdown(BODY, "", "## Links to the cited papers", *WIKI_LINKS)

    assert found(document) == ("heading", Location(3, 1), [4, 5, 6])


def test_a_heading_of_notes_and_reference_list_opens_the_list() -> None:
    document = read_markdown(BODY, "", "**Notes and reference list**", "", *NUMBERED)

    assert found(document) == ("heading", Location(3, 1), [5, 6, 7, 8])


@pytest.mark.parametrize(
    "heading",
    [
        "Referencias",
        "Referências",
        "Literatur",
        "Literaturverzeichnis",
        "Bibliographie",
        "Références",
        "Bibliografia",
        "Riferimenti bibliografici",
        "Литература",
        "参考文献",
        "参考资料",
        "文献",
    ],
)
def test_a_heading_in_another_language_opens_the_list(heading: str) -> None:
    document = read_markdown(BODY, "", f"## {heading}", *NUMBERED)

    assert found(document) == ("heading", Location(3, 1), [4, 5, 6, 7])


def test_a_heading_over_remarks_that_look_like_no_references_is_no_reference_list() -> None:
    document = read_markdown(
        "Text.",
        "",
        "## Notes",
        "1. The authors thank the reviewers for their comments.",
        "2. Figures were drawn by the second author.",
        "3. Code is available on request.",
    )

    assert found(document) == (None, None, [])


def test_a_references_heading_takes_its_list_even_of_bare_titles() -> None:
    document = read_markdown(
        "Text [1].",
        "",
        "## References",
        "1. Velmoxitide, a selective receptor antagonist",
        "2. Receptor expression across epithelial tumours",
    )

    assert found(document) == ("heading", Location(3, 1), [4, 5])


def test_a_notes_list_that_opens_with_remarks_but_is_mostly_references_is_under_its_heading() -> (
    None
):
    remarks = [
        "- The authors thank the reviewers.",
        "- Figures were drawn by the second author.",
        "- Code is available on request.",
    ]
    references = [f"- {line[3:]}" for line in NUMBERED]
    document = read_markdown(BODY, "", "## Notes", *remarks, *references, f"- {NUMBERED[0][3:]}")

    assert found(document) == ("heading", Location(3, 1), [4, 5, 6, 7, 8, 9, 10, 11])


# --- by structure ----------------------------------------------------------------


def test_a_numbered_list_with_no_heading_is_found_by_its_structure() -> None:
    document = read_markdown(BODY, "", *NUMBERED)

    assert found(document) == ("structure", None, [3, 4, 5, 6])
    assert [e.label for e in document.entries] == ["1", "2", "3", "4"]
    assert [m.marker for m in document.citations] == ["[1]", "[2]", "[3]", "[4]"]


def test_a_list_under_a_heading_that_names_no_reference_list_is_found_by_structure() -> None:
    document = read_markdown(BODY, "", "## Material consulted", "", *NUMBERED)

    assert found(document) == ("structure", Location(3, 1), [5, 6, 7, 8])


def test_entries_without_identifiers_or_years_are_a_list_when_the_markers_point_at_them() -> None:
    entries = [
        "- Smith J — Receptors and their ligands",
        "- Lee C — Clearance of solutes from the brain",
        "- Kim D – Sleep and fluid flow, Sleep Journal",
        "- Park E — Ageing and water channels",
    ]

    cited = read_markdown(BODY, "", *entries)
    uncited = read_markdown("Water moves along vessels.", "", *entries)

    assert found(cited) == ("structure", None, [3, 4, 5, 6])
    assert [e.raw for e in cited.entries] == [line[2:] for line in entries]
    assert found(uncited) == (None, None, [])


def test_a_plain_author_year_list_with_no_heading_is_found_by_structure() -> None:
    document = read_markdown(
        "As shown (Smith, 2020) and (Lee & Kim, 2019).",
        "",
        "Smith, A. B. (2020). A first title. Journal One, 1, 1.",
        "Lee, C., & Kim, D. (2019). A second title. Journal Two, 2, 3.",
        "Park, E. (2018). A third title. Journal Three, 3, 4.",
    )

    assert found(document) == ("structure", None, [3, 4, 5])


def test_two_reference_like_entries_with_no_heading_are_not_enough() -> None:
    document = read_markdown(BODY, "", *NUMBERED[:2])

    assert found(document) == (None, None, [])


def test_a_list_found_by_structure_wins_over_a_shorter_headed_one() -> None:
    document = read_markdown(
        BODY,
        "",
        "## Notes",
        "1. Data were collected in 2019.",
        "",
        "## Material consulted",
        *NUMBERED,
    )

    assert found(document) == ("structure", Location(6, 1), [7, 8, 9, 10])


def test_a_headed_list_wins_over_a_shorter_list_found_by_structure() -> None:
    document = read_markdown(
        BODY,
        "",
        "## Selected works of the group",
        *NUMBERED[:3],
        "",
        "## References",
        *NUMBERED,
    )

    assert found(document) == ("heading", Location(8, 1), [9, 10, 11, 12])


def test_a_longer_uncited_list_found_by_structure_loses_to_the_cited_headed_list() -> None:
    publications = [
        f"- Author A, Other B. Work number {n} of the group. J Group. {2000 + n};{n}:1-2."
        for n in range(1, 7)
    ]
    document = read_markdown(
        BODY, "", "## References", *NUMBERED, "", "## Selected publications", *publications
    )

    assert found(document) == ("heading", Location(3, 1), [4, 5, 6, 7])


def test_a_longer_list_the_markers_cite_wins_over_a_headed_list_they_do_not() -> None:
    notes = [
        "- A first remark on the data of 2001.",
        "- A second remark on the data of 2002.",
        "- A third remark on the data of 2003.",
    ]
    document = read_markdown(BODY, "", "## Notes", *notes, "", "## Material consulted", *NUMBERED)

    assert found(document) == ("structure", Location(8, 1), [9, 10, 11, 12])


# --- what is never a reference list ----------------------------------------------


def test_a_prose_bullet_list_is_no_reference_list() -> None:
    document = read_markdown(
        "Text [1].",
        "",
        "## Key points",
        "- The receptor is expressed on tumour cells, as data from 2019 show.",
        "- Smith et al. (2020) showed that blocking it restores drug sensitivity.",
        "- In 2021, two trials began; neither has reported yet.",
        "- Lee C, the lead author, disagrees (2022 interview).",
    )

    assert found(document) == (None, None, [])


@pytest.mark.parametrize("heading", ["## External links", "## See also", "Further reading"])
def test_a_list_of_links_to_papers_under_a_link_heading_is_no_reference_list(
    heading: str,
) -> None:
    document = read_markdown(BODY, "", heading, *WIKI_LINKS, *NUMBERED)

    assert found(document) == (None, None, [])


def test_a_list_of_plain_links_to_papers_with_no_heading_is_no_reference_list() -> None:
    document = read_markdown(
        "Text.",
        "",
        "- [Wetness overview](https://pubmed.ncbi.nlm.nih.gov/7654321/)",
        "- [A review of dryness](https://doi.org/10.5555/dry.1)",
        "- [Archive copy](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/)",
    )

    assert found(document) == (None, None, [])
    assert [link.label for link in document.links] == ["L1", "L2", "L3"]


def test_a_markdown_table_of_works_is_no_reference_list() -> None:
    document = read_markdown(
        "| file | what it holds |",
        "|---|---|",
        "| `one.xml` | Smith 2020 (PMID 1234567): a trial |",
        "| `two.xml` | Lee 2019 (doi:10.5555/two.1): a review |",
        "| `three.xml` | Kim 2018 (PMID 7654321): a cohort |",
    )

    assert found(document) == (None, None, [])


# --- a list broken in two -------------------------------------------------------


BROKEN = [
    "References",
    "1. Smith AB, Lee C. Receptors in the brain. J Neurosci. 2020;12:1-9.",
    "2. Kim D. Clearance of solutes. Glia. 2019;3:4-5.",
    "",
    "Figure 3 Water channels in the end-feet of astrocytes,",
    "drawn from the data of the second study; the arrows",
    "show the direction of flow, the dashes the",
    "boundaries of the perivascular space.",
    "Abbreviations used in the figure are given in the text.",
    "3. Park E, Chen W. Sleep and fluid flow. Sleep. 2018;5:6-7.",
    "4. Rossi L. Ageing and water. Brain. 2017;1:2-3.",
]


def test_a_numbered_list_broken_by_a_figure_caption_goes_on_after_it() -> None:
    document = read_markdown(BODY, "", *BROKEN)

    assert found(document) == ("heading", Location(3, 1), [4, 5, 12, 13])
    assert [e.label for e in document.entries] == ["1", "2", "3", "4"]
    assert document.entries[1].raw == "Kim D. Clearance of solutes. Glia. 2019;3:4-5."


def test_a_numbered_list_after_a_heading_does_not_continue_the_one_before() -> None:
    lines = [*BROKEN[:3], "## Appendix", *BROKEN[9:]]
    document = read_markdown(BODY, "", *lines)

    assert found(document) == ("heading", Location(3, 1), [4, 5])
