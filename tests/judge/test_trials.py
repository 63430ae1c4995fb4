"""Entries judged by an arXiv identifier or an NCT number: a trial by its
title and never by authors, a preprint like any work, and either one only
checked for existence when the entry has a DOI, PMID or PMCID."""

from __future__ import annotations

import pytest

from citecheck.judge.trials import REPORT_OF_TRIAL
from citecheck.judge.verdicts import judge_entry
from citecheck.models import (
    Author,
    Entry,
    FindingCode,
    Identifier,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Record,
    Service,
    WorkType,
)
from citecheck.parsing.claims import parse_claims

TRIAL_ID = Identifier(IdType.NCT, "NCT01234567")
PREPRINT_ID = Identifier(IdType.ARXIV, "2101.00001")
DOI = Identifier(IdType.DOI, "10.5555/prd.104.012345")

TRIAL = Record(
    service=Service.CLINICALTRIALS,
    title=(
        "A Randomised, Double-blind, Phase III Study of Widgetumab Plus Standard Care Versus "
        "Placebo Plus Standard Care in Adults With Imaginary Fever"
    ),
    subtitle="Widgetumab Plus Standard Care in Imaginary Fever",
    authors=(Author("Imaginary Pharma AG", is_organisation=True),),
    issued_year=2019,
    online_year=2018,
    type=WorkType.OTHER,
    type_label="clinical trial",
)
PREPRINT = Record(
    service=Service.ARXIV,
    doi="10.5555/prd.104.012345",
    title="Sparse Widgets for Counting Imaginary Photons",
    authors=(Author("Tanaka", "Mei"), Author("de la Garza", "Carlos")),
    issued_year=2020,
    online_year=2021,
    type=WorkType.PREPRINT,
)
ARTICLE = Record(
    service=Service.CROSSREF,
    doi="10.5555/prd.104.012345",
    title="Counting imaginary photons with sparse widgets",
    authors=(Author("Tanaka", "Mei"), Author("de la Garza", "Carlos")),
    issued_year=2021,
    journal="Physical Review D",
    journal_abbreviations=("Phys. Rev. D",),
    volume="104",
    pages="012345",
)


def entry(raw: str, *identifiers: Identifier) -> Entry:
    """An entry as the reader makes it: the claims read from its text."""
    return Entry(
        label="3",
        raw=raw,
        location=Location(20),
        identifiers=identifiers,
        claims=parse_claims(raw),
    )


def found(identifier: Identifier, record: Record) -> dict[str, Lookup]:
    return {identifier.key: Lookup(identifier, LookupStatus.FOUND, record.service, record=record)}


@pytest.mark.parametrize(
    "raw",
    [
        "Widgetumab plus standard care in imaginary fever (WIDGET-3). "
        "https://clinicaltrials.gov/study/NCT01234567",
        "Imaginary Pharma AG. A Randomised, Double-blind, Phase III Study of Widgetumab Plus "
        "Standard Care Versus Placebo Plus Standard Care in Adults With Imaginary Fever. "
        "ClinicalTrials.gov identifier: NCT01234567.",
    ],
)
def test_a_trial_is_the_cited_work_by_its_brief_or_official_title(raw: str) -> None:
    verdict = judge_entry(entry(raw, TRIAL_ID), found(TRIAL_ID, TRIAL))
    assert verdict.code in (FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES)
    assert verdict.message.startswith("NCT01234567 is the cited work")
    assert verdict.record is TRIAL


def test_people_named_for_a_trial_are_never_held_against_its_sponsor() -> None:
    raw = "Novak P, Rossi L. Widgetumab plus standard care in imaginary fever. NCT01234567."
    verdict = judge_entry(entry(raw, TRIAL_ID), found(TRIAL_ID, TRIAL))
    assert verdict.code in (FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES)
    assert not any("author" in note for note in verdict.notes)


def test_a_year_that_is_none_of_the_trials_dates_is_only_a_note() -> None:
    raw = "ClinicalTrials.gov. Widgetumab Plus Standard Care in Imaginary Fever. NCT01234567. 2024."
    verdict = judge_entry(entry(raw, TRIAL_ID), found(TRIAL_ID, TRIAL))
    assert verdict.code is FindingCode.VERIFIED_WITH_NOTES
    assert "the entry gives 2024, the record says 2019/2018" in verdict.notes


def test_a_number_that_names_another_trial_is_the_wrong_work() -> None:
    raw = "Novak P, Rossi L. Gadget therapy for fictional syndrome. NCT01234567."
    verdict = judge_entry(entry(raw, TRIAL_ID), found(TRIAL_ID, TRIAL))
    assert verdict.code is FindingCode.WRONG_WORK
    assert verdict.message.startswith('wrong work: NCT01234567 is "A Randomised, Double-blind')


def test_a_journal_article_cited_by_its_trial_number_alone_is_not_accused() -> None:
    raw = (
        "Smith J, Tan M. Gadget therapy reduces relapse in fictional syndrome. "
        "Lancet. 2023;401:112-120. NCT01234567."
    )
    verdict = judge_entry(entry(raw, TRIAL_ID), found(TRIAL_ID, TRIAL))
    assert verdict.code is FindingCode.NOT_COMPARED
    assert REPORT_OF_TRIAL in verdict.evidence
    assert verdict.message.startswith(
        'NCT01234567 is the trial "A Randomised, Double-blind, Phase III Study of Widgetumab'
    )
    assert f"; {REPORT_OF_TRIAL} — the article claims Smith and Tan 2023" in verdict.message


def test_a_trial_number_that_does_not_exist_is_not_found() -> None:
    lookup = Lookup(
        TRIAL_ID,
        LookupStatus.NOT_FOUND,
        Service.CLINICALTRIALS,
        reason="ClinicalTrials.gov has no such study (HTTP 404)",
    )
    raw = "Widgetumab plus standard care in imaginary fever. NCT01234567."
    verdict = judge_entry(entry(raw, TRIAL_ID), {TRIAL_ID.key: lookup})
    assert verdict.code is FindingCode.IDENTIFIER_NOT_FOUND
    assert verdict.message.startswith(
        "NCT01234567 does not exist (ClinicalTrials.gov has no such study (HTTP 404))"
    )


ARTICLE_ENTRY = (
    "Tanaka M, de la Garza C. Counting imaginary photons with sparse widgets. "
    "Phys Rev D. 2021;104:012345. doi:10.5555/prd.104.012345. arXiv:2101.00001. NCT01234567."
)


def test_an_entry_with_a_doi_is_judged_by_it_whatever_its_preprint_and_trial_say() -> None:
    lookups = {**found(DOI, ARTICLE), **found(PREPRINT_ID, PREPRINT), **found(TRIAL_ID, TRIAL)}
    verdict = judge_entry(entry(ARTICLE_ENTRY, DOI, PREPRINT_ID, TRIAL_ID), lookups)
    # The preprint's title differs from the article's and the trial's is
    # another altogether: neither is held against the entry.
    assert verdict.code is FindingCode.VERIFIED
    assert verdict.identifier == DOI


def test_a_preprint_or_trial_beside_a_doi_must_still_exist() -> None:
    gone = Lookup(
        PREPRINT_ID, LookupStatus.NOT_FOUND, Service.ARXIV, reason="not in arXiv's answer"
    )
    lookups = {**found(DOI, ARTICLE), PREPRINT_ID.key: gone, **found(TRIAL_ID, TRIAL)}
    verdict = judge_entry(entry(ARTICLE_ENTRY, DOI, PREPRINT_ID, TRIAL_ID), lookups)
    assert verdict.code is FindingCode.IDENTIFIER_NOT_FOUND
    assert verdict.identifier == PREPRINT_ID
    assert verdict.message.startswith(
        "arXiv:2101.00001 does not exist (not in arXiv's answer), though DOI "
        "10.5555/prd.104.012345 resolves"
    )


def test_a_preprint_whose_arxiv_record_names_another_doi_disagrees() -> None:
    other = Identifier(IdType.DOI, "10.5555/other.1")
    lookups = {**found(other, ARTICLE), **found(PREPRINT_ID, PREPRINT)}
    raw = "Tanaka M. Sparse widgets. doi:10.5555/other.1. arXiv:2101.00001."
    verdict = judge_entry(entry(raw, other, PREPRINT_ID), lookups)
    assert verdict.code is FindingCode.IDENTIFIERS_DISAGREE


def test_arxivs_own_doi_for_the_preprint_is_no_disagreement() -> None:
    own = Identifier(IdType.DOI, "10.48550/arXiv.2101.00001")
    datacite = Record(
        service=Service.DATACITE,
        doi="10.48550/arxiv.2101.00001",
        title=PREPRINT.title,
        authors=PREPRINT.authors,
        issued_year=2020,
    )
    lookups = {**found(own, datacite), **found(PREPRINT_ID, PREPRINT)}
    raw = (
        "Tanaka M, de la Garza C. Sparse widgets for counting imaginary photons. 2020. "
        "doi:10.48550/arXiv.2101.00001. arXiv:2101.00001."
    )
    verdict = judge_entry(entry(raw, own, PREPRINT_ID), lookups)
    assert verdict.code is FindingCode.VERIFIED


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (
            "Tanaka M, de la Garza C. Sparse widgets for counting imaginary photons. "
            "arXiv:2101.00001. 2020.",
            FindingCode.VERIFIED,
        ),
        (
            'M. Tanaka and C. de la Garza, "Sparse Widgets for Counting Imaginary Photons," '
            "arXiv preprint arXiv:2101.00001, 2021.",
            FindingCode.VERIFIED,
        ),
        (
            "Kim J, Lee S. Deep learning for protein folding. arXiv:2101.00001 (2021).",
            FindingCode.WRONG_WORK,
        ),
    ],
)
def test_an_entry_with_only_an_arxiv_identifier_is_judged_on_arxivs_record(
    raw: str, code: FindingCode
) -> None:
    verdict = judge_entry(entry(raw, PREPRINT_ID), found(PREPRINT_ID, PREPRINT))
    assert verdict.code is code


def test_an_arxiv_identifier_that_could_not_be_checked_says_so() -> None:
    lookup = Lookup(PREPRINT_ID, LookupStatus.COULD_NOT_VERIFY, Service.ARXIV, reason="timeout")
    verdict = judge_entry(
        entry("Sparse widgets. arXiv:2101.00001", PREPRINT_ID), {PREPRINT_ID.key: lookup}
    )
    assert (verdict.code, verdict.reason) == (FindingCode.COULD_NOT_VERIFY, "timeout")
    assert verdict.message == "arXiv:2101.00001 could not be verified: timeout"
