"""What makes an entry look like a reference, and a run of entries a reference list."""

from __future__ import annotations

import pytest

from citecheck.parsing.list_evidence import Markers, looks_like_reference, weigh


def one(text: str, link_label: str | None = None) -> tuple[int, int]:
    """(reference-like, strong) for a single entry."""
    evidence = weigh([(text, link_label, None)], None)
    return evidence.reference_like, evidence.strong


@pytest.mark.parametrize(
    "entry",
    [
        "Smith AB, Lee C. Receptors in the brain. J Neurosci. 2020;12:1-9.",
        "Smith, A. B., & Lee, C. (2020). Receptors in the brain. Journal, 12, 1–9.",
        "van der Berg JK. Water channels. Glia. 2018;3:4.",
        "A. B. Smith and C. Lee, Receptors in the brain, J. Neurosci. 12 (2020) 1.",
        "Smith, John. Sermons on water. London: Example Press, 1790.",
        "Sarah Birch, Full participation (Manchester: Example Press, 2009).",
        "Smith et al. Receptors in the brain. Nature 512, 88–95 (2014).",
        "Pew Research Center. (2015). Attitudes about privacy.",
        "Иванов, Пётр И. 1927. Славянская письменность.",
        "王小明, 李四. 水通道研究[J]. 生物学报, 2020, 1(2): 3-4.",
        "———. A second book by the same author. London, 1961.",
    ],
)
def test_entries_that_open_with_authors_and_give_a_year_are_strong(entry: str) -> None:
    assert one(entry) == (1, 1)


def test_an_identifier_makes_an_entry_strong_whatever_its_shape() -> None:
    assert one("World Report on Water. Geneva. https://doi.org/10.5555/who.1") == (1, 1)
    assert one("Receptor atlas, PMID: 1234567") == (1, 1)


def test_an_author_dash_title_entry_looks_like_a_reference_but_is_not_strong() -> None:
    assert one("Smith J — Receptors and their ligands") == (1, 0)


@pytest.mark.parametrize(
    "entry",
    [
        "Smith et al. (2020) showed that blocking the receptor restores sensitivity.",
        "The receptor is expressed on tumour cells, as data from 2019 show.",
        "In 2021, two trials began.",
        "Title two - PubMed [pubmed.ncbi.nlm.nih.gov]",
        "Smith AB. " + "A very long paragraph of prose. " * 60 + "2020.",
    ],
    ids=[
        "narrative citation",
        "prose with a year",
        "a year opening prose",
        "page title",
        "too long",
    ],
)
def test_prose_narrative_citations_page_titles_and_long_paragraphs_are_not_strong(
    entry: str,
) -> None:
    assert one(entry)[1] == 0


def test_a_bare_link_counts_by_its_label_not_by_its_target() -> None:
    target = "[Wetness overview](https://pubmed.ncbi.nlm.nih.gov/7654321/)"
    labelled = "[Hartmann et al., End-feet and clearance (2019)](https://doi.org/10.5555/g.1)"

    assert one(target, "Wetness overview") == (0, 0)
    assert one(labelled, "Hartmann et al., End-feet and clearance (2019)") == (1, 1)


def test_a_run_is_a_reference_list_with_three_strong_entries_or_cited_ones() -> None:
    strong = [(f"Smith AB. Title {n}. J. 20{10 + n};1:1.", None, n) for n in range(1, 4)]
    weak = [(f"Smith J — Title number {n}", None, n) for n in range(1, 4)]

    assert weigh(strong, None).is_reference_list()
    assert not weigh(strong[:2], None).is_reference_list()
    assert not weigh(weak, None).is_reference_list()
    assert weigh(weak, Markers(labels=frozenset({"1", "2", "3"}))).is_reference_list()


def test_author_year_markers_point_at_entries_by_surname_and_year() -> None:
    entries = [
        ("van der Berg, J. (2019). Title one. J, 1, 1.", None, None),
        ("Lee, C. (2018). Title two. J, 2, 2.", None, None),
    ]
    markers = Markers(author_years=frozenset({("van der berg", "2019"), ("lee", "2020")}))

    assert weigh(entries, markers).cited == 1


def test_numbering_with_a_gap_is_not_consecutive() -> None:
    entries = [(f"Smith AB. Title. J. 2020;1:{n}.", None, n) for n in (1, 2, 4)]

    assert not weigh(entries, None).consecutive
    assert weigh(entries[:2], None).consecutive


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("A note written in 2001.", True),
        ("mdpi.com [mdpi.com]", True),
        ("See https://example.org", True),
        ("Smith AB. A title with no year.", True),
        ("The authors thank the reviewers.", False),
    ],
)
def test_looking_like_a_reference_loosely(entry: str, expected: bool) -> None:
    assert looks_like_reference(entry) is expected
