"""Across documents: one identifier cited with different claims on different pages."""

from __future__ import annotations

from textwrap import dedent

import pytest

from citecheck.describe import claims_text
from citecheck.judge.checks import claim_differences
from citecheck.judge.corpus import conflicting_claims_across, slim_claims
from citecheck.models import Author, Claims, Document, FindingCode, Severity
from citecheck.parsing import markdown
from citecheck.parsing.source import Source


def read(path: str, text: str) -> Document:
    return markdown.parse(Source(path=path, text=dedent(text).lstrip("\n")))


PAGE_A = """
    The axis matters [1].

    ## References
    1. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7. doi:10.1182/blood-2005-08-3182
    """
PAGE_B = """
    Antagonists work [1].

    ## References
    1. Miller R. CXCR4 antagonists in experimental Parkinson disease. Mov Disord. 2023;38:100-9. doi:10.1182/BLOOD-2005-08-3182
    """
PAGE_C = """
    Same work, same claims [1].

    ## References
    1. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7. doi:10.1182/blood-2005-08-3182
    """


def test_one_doi_claimed_as_two_works_on_two_pages_is_one_corpus_finding() -> None:
    [finding] = conflicting_claims_across([read("a.md", PAGE_A), read("b.md", PAGE_B)])
    assert finding.code is FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS
    assert finding.severity is Severity.WARNING
    assert finding.path == "b.md"
    assert finding.location is not None and finding.location.line == 4
    assert finding.evidence_dict() == {
        "identifier": "doi:10.1182/BLOOD-2005-08-3182",
        "differs": "authors,year,title",
        "first_path": "a.md",
        "first_line": "4",
    }
    assert finding.message.startswith(
        "DOI 10.1182/BLOOD-2005-08-3182 is cited with different authors and year and title: a.md:4"
    )


def test_the_same_claims_on_several_pages_are_no_finding() -> None:
    assert conflicting_claims_across([read("a.md", PAGE_A), read("c.md", PAGE_C)]) == []


def test_a_conflict_within_one_page_is_left_to_that_page() -> None:
    assert conflicting_claims_across([read("a.md", PAGE_A + PAGE_B)]) == []


@pytest.mark.parametrize(
    "claims",
    [
        Claims(),
        Claims(authors=(Author("Burger", "JA"),), year=2006, title="CXCR4: a key receptor"),
        Claims(authors=(Author("Burger", "JA"), Author("Kipps", "TJ")), year=2006),
        Claims(authors=(Author("Burger", "JA"), Author("Kipps", "TJ")), et_al=True),
        Claims(
            authors=(Author("Burger", "JA"), Author("Kipps", "TJ"), Author("Roe", "A")),
            year=2006,
            title="CXCR4",
            journal="Blood",
            volume="107",
            pages="1761-7",
        ),
    ],
)
def test_the_claims_kept_per_identifier_compare_and_read_as_the_whole_claims(
    claims: Claims,
) -> None:
    others = [
        Claims(authors=(Author("Smith", "A"),), year=2007, title="Another work"),
        Claims(authors=(Author("Burger", "J"),), year=2006, title="CXCR4: a key receptor"),
    ]
    kept = slim_claims(claims)
    assert claims_text(kept) == claims_text(claims)
    for other in others:
        assert claim_differences(kept, other) == claim_differences(claims, other)
