"""Entries without an identifier judged by their searches: a candidate is
the entry's work only on the evidence of its title, never because the
search ranked it first; nothing shown to be the work, with every service
answering, is "no such work"; a service that did not answer is "could not
verify", whatever the others said."""

from __future__ import annotations

from textwrap import dedent

import pytest

from citecheck.judge.search import typo_between, unindexed_kind, validate
from citecheck.judge.verdicts import followup_search, judge_entry
from citecheck.models import (
    Author,
    Entry,
    FindingCode,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Notice,
    NoticeKind,
    Record,
    Service,
    Severity,
    WorkType,
)
from citecheck.parsing import parse_source
from citecheck.parsing.source import Source
from citecheck.queries import query_for_entry, query_identifier

SEARCHED = (
    "Crossref (bibliographic search)",
    "PubMed (citation match, title words and first author)",
)

BURGER = Record(
    service=Service.CROSSREF,
    doi="10.1182/blood-2005-08-3182",
    title="CXCR4: a key receptor in the crosstalk between tumor cells and their microenvironment",
    authors=(Author("Burger", "Jan A."), Author("Kipps", "Thomas J.")),
    issued_year=2006,
    print_year=2006,
    journal="Blood",
    volume="107",
    issue="5",
    pages="1761-1767",
    type=WorkType.JOURNAL_ARTICLE,
)
# Burger's other paper: what a search ranks first for an invented title of his.
BURGER_OTHER = Record(
    service=Service.CROSSREF,
    doi="10.1182/blood-2008-09-165142",
    title="Chemokine receptor CXCR4 in chronic lymphocytic leukemia: targeting the niche",
    authors=(Author("Burger", "Jan A."), Author("Peled", "Amnon")),
    issued_year=2009,
    journal="Blood",
    volume="113",
    pages="4-10",
    type=WorkType.JOURNAL_ARTICLE,
)
LECUN = Record(
    service=Service.CROSSREF,
    doi="10.1038/nature14539",
    title="Deep learning",
    authors=(Author("LeCun", "Yann"), Author("Bengio", "Yoshua"), Author("Hinton", "Geoffrey")),
    issued_year=2015,
    journal="Nature",
    volume="521",
    pages="436-444",
    type=WorkType.JOURNAL_ARTICLE,
)
GOODFELLOW = Record(
    service=Service.CROSSREF,
    doi="10.1007/s10710-017-9314-z",
    title="Deep learning",
    authors=(Author("Heaton", "Jeff"),),
    issued_year=2017,
    journal="Genetic Programming and Evolvable Machines",
    type=WorkType.JOURNAL_ARTICLE,
)


def entry(line: str) -> Entry:
    text = dedent(
        f"""\
        Text [1].

        ## References

        1. {line}
        """
    )
    document = parse_source(Source("page.md", text))
    [found] = document.entries
    return found


def searched(found: Entry, *candidates: Record, status: LookupStatus = LookupStatus.FOUND):
    query = query_for_entry(found)
    assert query is not None
    identifier = query_identifier(query)
    lookup = Lookup(
        identifier,
        status,
        Service.SEARCH,
        candidates=candidates,
        searched=SEARCHED,
        reason="PubMed: timeout" if status is LookupStatus.COULD_NOT_VERIFY else None,
    )
    return judge_entry(found, {identifier.key: lookup})


BURGER_LINE = (
    "Burger JA, Kipps TJ. CXCR4: a key receptor in the crosstalk between tumor cells and "
    "their microenvironment. Blood. 2006;107(5):1761-7."
)


def test_a_genuine_reference_found_by_search_is_verified_and_its_doi_suggested() -> None:
    verdict = searched(entry(BURGER_LINE), BURGER_OTHER, BURGER)
    assert (verdict.code, verdict.severity) == (FindingCode.VERIFIED_BY_SEARCH, Severity.INFO)
    assert verdict.suggestion is not None
    assert verdict.suggestion.identifier == Identifier(IdType.DOI, "10.1182/blood-2005-08-3182")
    assert verdict.suggestion.replaces is None
    assert verdict.suggestion.confidence > 0.9
    assert "found by search in Crossref (bibliographic search)" in verdict.suggestion.evidence[0]
    assert verdict.message.endswith("add DOI 10.1182/blood-2005-08-3182 to the entry")
    assert verdict.record == BURGER


def test_an_invented_title_whose_top_hit_shares_the_first_author_and_journal_is_no_such_work() -> (
    None
):
    line = (
        "Burger JA, Kipps TJ. CXCR4 signalling controls the homing of leukemic stem cells "
        "to the spleen. Blood. 2009;113(2):4-10."
    )
    verdict = searched(entry(line), BURGER_OTHER, BURGER)
    assert (verdict.code, verdict.severity) == (FindingCode.NO_SUCH_WORK, Severity.ERROR)
    assert verdict.suggestion is None
    assert "Crossref (bibliographic search) and PubMed" in verdict.message
    assert "the closest" in verdict.message and "is another work" in verdict.message
    assert verdict.recorded.startswith('"Chemokine receptor CXCR4 in chronic')


def test_a_near_miss_of_a_real_title_is_not_that_work() -> None:
    line = (
        "Burger JA, Kipps TJ. CXCR4: a key receptor in the crosstalk between stromal cells and "
        "their microenvironment. Blood. 2006;107(5):1761-7."
    )
    assert validate(entry(line), (BURGER,)) is None


def test_a_short_generic_title_by_its_authors_is_found() -> None:
    line = "LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-44."
    verdict = searched(entry(line), GOODFELLOW, LECUN)
    assert verdict.code is FindingCode.VERIFIED_BY_SEARCH
    assert verdict.suggestion is not None and verdict.suggestion.identifier.value == LECUN.doi


def test_a_short_generic_title_is_not_another_authors_work_of_another_year() -> None:
    line = "LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-44."
    assert validate(entry(line), (GOODFELLOW,)) is None


def test_a_title_with_markup_is_found() -> None:
    line = (
        "Burger JA, Kipps TJ. *CXCR4*: a key receptor in the crosstalk between <i>tumor cells</i> "
        "and their microenvironment. *Blood*. 2006;107(5):1761-7."
    )
    assert searched(entry(line), BURGER).code is FindingCode.VERIFIED_BY_SEARCH


def test_the_work_found_with_a_wrong_year_is_details_differ_with_the_identifier() -> None:
    line = (
        "Burger JA, Kipps TJ. CXCR4: a key receptor in the crosstalk between tumor cells and "
        "their microenvironment. Blood. 2011;107(5):1761-7."
    )
    verdict = searched(entry(line), BURGER)
    assert (verdict.code, verdict.severity) == (FindingCode.METADATA_MISMATCH, Severity.WARNING)
    assert "year 2011" in verdict.message
    assert verdict.suggestion is not None and verdict.suggestion.identifier.value == BURGER.doi


def test_the_work_found_retracted_says_so() -> None:
    retracted = Record(
        **{
            **{f: getattr(BURGER, f) for f in BURGER.__slots__},  # type: ignore[attr-defined]
            "notices": (Notice(NoticeKind.RETRACTION, source="publisher"),),
        }
    )
    verdict = searched(entry(BURGER_LINE), retracted)
    assert verdict.code is FindingCode.RETRACTED
    assert verdict.suggestion is not None


def test_nothing_found_for_a_book_is_only_a_warning() -> None:
    line = "Alberts B. Molecular Biology of the Cell. 6th edition. New York: Garland Science; 2014."
    found = entry(line)
    assert unindexed_kind(found)
    verdict = searched(found, status=LookupStatus.NOT_FOUND)
    assert (verdict.code, verdict.severity) == (FindingCode.NO_SUCH_WORK, Severity.WARNING)
    assert "may be a work these services do not index" in verdict.message


def test_a_search_a_service_could_not_answer_is_could_not_verify_not_no_such_work() -> None:
    verdict = searched(entry(BURGER_LINE), BURGER_OTHER, status=LookupStatus.COULD_NOT_VERIFY)
    assert verdict.code is FindingCode.COULD_NOT_VERIFY
    assert verdict.reason == "PubMed: timeout"


def test_a_search_a_service_could_not_answer_still_finds_what_the_other_returned() -> None:
    verdict = searched(entry(BURGER_LINE), BURGER, status=LookupStatus.COULD_NOT_VERIFY)
    assert verdict.code is FindingCode.VERIFIED_BY_SEARCH


def test_a_bare_host_is_not_searched_and_stays_unverifiable() -> None:
    found = entry("mdpi.com [mdpi.com]")
    assert query_for_entry(found) is None
    assert judge_entry(found, {}).code is FindingCode.UNVERIFIABLE


def test_a_web_page_is_searched_and_finding_nothing_is_only_a_warning() -> None:
    found = entry("Treatment options for metastatic breast cancer [healthline.com]")
    assert query_for_entry(found) is not None
    verdict = searched(found, status=LookupStatus.NOT_FOUND)
    assert (verdict.code, verdict.severity) == (FindingCode.NO_SUCH_WORK, Severity.WARNING)


def test_a_title_on_pubmed_is_searched() -> None:
    found = entry(
        "CXCR4: a key receptor in the crosstalk between tumor cells and their microenvironment"
        " - PubMed [pubmed.ncbi.nlm.nih.gov]"
    )
    assert query_for_entry(found) is not None


def test_searches_of_the_same_reference_are_one_key() -> None:
    first = query_for_entry(entry(BURGER_LINE))
    again = query_for_entry(entry(BURGER_LINE))
    assert first is not None and again is not None
    assert query_identifier(first).key == query_identifier(again).key


def test_a_wrong_doi_gets_the_right_one_suggested_and_the_slip_named() -> None:
    line = BURGER_LINE + " doi:10.1182/blood-2005-08-3128"
    found = entry(line)
    typed = found.identifiers[0]
    lookups = {typed.key: Lookup(typed, LookupStatus.NOT_FOUND, Service.CROSSREF, reason="404")}
    first = judge_entry(found, lookups)
    assert first.code is FindingCode.IDENTIFIER_NOT_FOUND and first.suggestion is None
    query = followup_search(found, first)
    assert query is not None and "blood-2005" not in query.value
    lookups[query.key] = Lookup(
        query, LookupStatus.FOUND, Service.SEARCH, candidates=(BURGER,), searched=SEARCHED[:1]
    )
    verdict = judge_entry(found, lookups)
    assert verdict.code is FindingCode.IDENTIFIER_NOT_FOUND
    assert verdict.suggestion is not None
    assert verdict.suggestion.replaces == typed
    assert verdict.suggestion.identifier.value == BURGER.doi
    assert verdict.suggestion.typo == "two neighbouring characters are swapped"
    assert "did you mean DOI 10.1182/blood-2005-08-3182" in verdict.message


@pytest.mark.parametrize(
    ("wrong", "right", "slip"),
    [
        (
            "10.1182/blood-2005-08-3128",
            "10.1182/blood-2005-08-3182",
            "two neighbouring characters are swapped",
        ),
        ("10.1182/blood-2005-08-3183", "10.1182/blood-2005-08-3182", "one character differs"),
        (
            "10.1182/blood-2005-08-318",
            "10.1182/blood-2005-08-3182",
            "one character is missing or extra",
        ),
        ("10.1038/nature145", "10.1038/nature14539", "two characters differ"),
        ("10.1000/abc", "10.1182/blood-2005-08-3182", ""),
    ],
)
def test_typos_between_identifiers(wrong: str, right: str, slip: str) -> None:
    assert typo_between(Identifier(IdType.DOI, wrong), Identifier(IdType.DOI, right)) == slip


def test_searches_off_leave_an_entry_without_identifier_unverifiable() -> None:
    verdict = judge_entry(entry(BURGER_LINE), {}, search=False)
    assert verdict.code is FindingCode.UNVERIFIABLE


def test_a_correction_notice_with_the_works_title_is_not_the_work() -> None:
    notice = Record(
        service=Service.CROSSREF,
        doi="10.1182/blood-2006-99-0001",
        title="Corrigendum: " + (BURGER.title or ""),
        issued_year=2007,
        journal="Blood",
        type=WorkType.JOURNAL_ARTICLE,
    )
    assert validate(entry(BURGER_LINE), (notice,)) is None
    # With the work itself among the candidates, the work is chosen.
    found = validate(entry(BURGER_LINE), (notice, BURGER))
    assert found is not None and found.record is BURGER


def test_the_journal_version_is_chosen_over_its_preprint() -> None:
    preprint = Record(
        service=Service.CROSSREF,
        doi="10.1101/2005.08.3182",
        title=BURGER.title,
        authors=BURGER.authors,
        issued_year=2005,
        type=WorkType.PREPRINT,
    )
    found = validate(entry(BURGER_LINE), (preprint, BURGER))
    assert found is not None and found.record is BURGER


def test_a_claimed_title_that_only_holds_a_short_real_title_is_another_work() -> None:
    gout = Record(
        service=Service.CROSSREF,
        doi="10.1016/b978-0-323-48253-0.00151-3",
        title="Gout",
        authors=(Author("Orós", "M"),),
        issued_year=2019,
        type=WorkType.BOOK_CHAPTER,
    )
    line = (
        "Greenlund IM, Novotny S. Sympathetic neural responses for gout. "
        "Am J Physiol Heart Circ Physiol. 2019;21:937-45."
    )
    assert validate(entry(line), (gout,)) is None


def test_a_short_title_missing_its_last_word_is_not_that_work() -> None:
    dialog = Record(
        service=Service.CROSSREF,
        doi="10.1007/978-1-4302-4096-9_22",
        title="Using the Dialog Widget",
        authors=(Author("Freeman", "Adam"),),
        issued_year=2012,
        type=WorkType.BOOK_CHAPTER,
    )
    assert (
        validate(entry("Freeman A. Using the Dialog. Pro jQuery. 2012:621-39."), (dialog,)) is None
    )
