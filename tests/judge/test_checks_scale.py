"""Network-free checks stay near-linear: a document citing one work
thousands of times, or listing thousands of entries, costs work that grows
with its entries, never with their pairs (issue 10).

The bounds count operations (comparisons, folds) rather than time, so they
hold on a loaded machine."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from citecheck.judge import checks
from citecheck.judge.checks import check_document
from citecheck.models import (
    Author,
    AuthorYear,
    Citation,
    CitationStyle,
    Claims,
    Document,
    Entry,
    FindingCode,
    Format,
    Identifier,
    IdType,
    Location,
)

DOI = Identifier(IdType.DOI, "10.1234/one.work")


def entry(number: int, claims: Claims, *identifiers: Identifier) -> Entry:
    return Entry(
        label=str(number),
        raw=f"{number}. an entry",
        location=Location(number, 1),
        number=number,
        identifiers=identifiers,
        claims=claims,
    )


def document(entries: list[Entry], citations: tuple[Citation, ...] = ()) -> Document:
    return Document(
        path="article.md",
        format=Format.MARKDOWN,
        sha256="",
        size=0,
        entries=tuple(entries),
        citations=citations,
    )


def claims(family: str, year: int, title: str) -> Claims:
    return Claims(authors=(Author(family, "J"),), year=year, title=title)


def counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of ``owner.name`` for the rest of the test."""
    calls = [0]
    real: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def unlike_title(n: int) -> str:
    """A title of some 20 * 1.002**n letters, unlike every other one."""
    rng = random.Random(n)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz     ") for _ in range(int(20 * 1.002**n)))


SAME = claims("Miller", 2021, "CXCR4 antagonists in experimental Parkinson disease")
OTHER_YEAR = claims("Miller", 2019, "CXCR4 antagonists in experimental Parkinson disease")
OTHER_WORK = claims("Ortega", 2015, "Microglia in amyotrophic lateral sclerosis")


def test_one_doi_cited_thousands_of_times_alike_is_compared_once_per_claim_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counting(monkeypatch, checks, "claim_differences")
    entries = [entry(n, SAME, DOI) for n in range(1, 3001)]
    entries.append(entry(3001, OTHER_YEAR, DOI))
    conflicts = list(checks.conflicting_claims(document(entries)))
    assert [(f.entry_label, f.evidence_dict()["differs"]) for f in conflicts] == [("3001", "year")]
    assert conflicts[0].evidence_dict()["first_line"] == "1"
    # Every pair would be 4.5 million comparisons.
    assert calls[0] <= 2


def test_each_citation_is_reported_once_against_the_first_it_disagrees_with() -> None:
    entries = [
        entry(1, SAME, DOI),
        entry(2, OTHER_WORK, DOI),
        entry(3, SAME, DOI),
        entry(4, OTHER_YEAR, DOI),
    ]
    found = [
        (f.entry_label, f.evidence_dict()["first_line"], f.evidence_dict()["differs"])
        for f in checks.conflicting_claims(document(entries))
    ]
    assert found == [
        ("2", "1", "authors,year,title"),
        ("3", "2", "authors,year,title"),
        ("4", "1", "year"),
    ]


def test_an_identifier_cited_in_many_distinct_ways_compares_only_its_first_forms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counting(monkeypatch, checks, "claim_differences")
    # All agree (same author and title, no year): none conflicts, so each
    # form is compared with every earlier one up to the cap.
    entries = [entry(n, Claims(authors=(Author(f"Miller{n}", "J"),)), DOI) for n in range(1, 2001)]
    list(checks.conflicting_claims(document(entries)))
    assert calls[0] <= 2000 * checks.MAX_CLAIM_FORMS


def test_thousands_of_entries_with_one_title_are_each_one_duplicate_without_scoring_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counting(monkeypatch, checks.fuzz, "ratio")
    title = "Structural basis of the binding mode of an antineoplastic peptide"
    entries = [entry(n, claims("Lee", 2020, title)) for n in range(1, 3001)]
    duplicates = list(checks.duplicate_entries(document(entries)))
    assert len(duplicates) == 2999
    assert {f.evidence_dict()["first_entry"] for f in duplicates} == {"1"}
    assert calls[0] == 0


def test_near_identical_titles_are_scored_against_titles_of_about_their_length_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counting(monkeypatch, checks.fuzz, "ratio")
    # 2,000 unlike titles of lengths from 20 to about 1,000 characters, and
    # two near-identical ones.
    entries = [entry(n, claims("Lee", 2020, unlike_title(n))) for n in range(2000)]
    near = "Plerixafor and G-CSF to mobilize stem cells in multiple myeloma"
    entries.append(entry(3000, claims("Kim", 2011, near)))
    entries.append(entry(3001, claims("Kim", 2011, near.replace("myeloma", "myelomas"))))
    duplicates = [
        (f.evidence_dict()["first_entry"], f.entry_label)
        for f in checks.duplicate_entries(document(entries))
    ]
    assert duplicates == [("3000", "3001")]
    # Every pair would be two million comparisons.
    assert calls[0] < 150_000


def test_the_title_comparisons_of_one_document_are_capped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checks, "MAX_TITLE_COMPARISONS", 1000)
    calls = counting(monkeypatch, checks.fuzz, "ratio")
    # Distinct titles of one length: the length window cannot help.
    entries = [
        entry(n, claims("Lee", 2020, f"A study of sample number {n:06d}")) for n in range(1, 501)
    ]
    list(checks.duplicate_entries(document(entries)))
    assert calls[0] == 1000


def test_author_year_citations_are_matched_to_entries_through_an_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    size = 2000
    entries = [entry(n, claims(f"Author{n}", 2000 + n % 20, f"Title {n}")) for n in range(size)]
    citations = tuple(
        Citation(
            marker=f"(Author{n}, {2000 + n % 20})",
            location=Location(n, 1),
            style=CitationStyle.AUTHOR_YEAR,
            author_years=(AuthorYear(f"Author{n}", str(2000 + n % 20)),),
        )
        for n in range(1, size)
    )
    calls = counting(monkeypatch, checks, "fold")
    found = check_document(document(entries, citations))
    assert [(f.code, f.entry_label) for f in found] == [(FindingCode.UNCITED_REFERENCE, "0")]
    # Pointers times entries would be millions of folds.
    assert calls[0] <= 10 * size
