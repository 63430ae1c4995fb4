"""One entry's identifiers must name one work."""

from __future__ import annotations

from citecheck.judge.crosscheck import disagreements
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Record, Service

DOI = Identifier(IdType.DOI, "10.1182/blood-2005-08-3182")
OTHER_DOI = Identifier(IdType.DOI, "10.1038/nrc1388")
PMID = Identifier(IdType.PMID, "16269611")
PMCID = Identifier(IdType.PMCID, "PMC3531190")


def found(identifier: Identifier, **ids: str) -> Lookup:
    return Lookup(
        identifier, LookupStatus.FOUND, Service.PUBMED, record=Record(Service.PUBMED, **ids)
    )


def test_a_pubmed_record_whose_doi_is_the_cited_doi_agrees() -> None:
    lookups = {PMID.key: found(PMID, pmid="16269611", doi="10.1182/blood-2005-08-3182")}
    assert (
        disagreements([Identifier(IdType.DOI, "10.1182/BLOOD-2005-08-3182"), PMID], lookups) == []
    )


def test_a_pubmed_record_with_another_doi_disagrees_with_the_cited_doi() -> None:
    lookups = {PMID.key: found(PMID, pmid="16269611", doi="10.1182/blood-2005-08-3182")}
    [disagreement] = disagreements([OTHER_DOI, PMID], lookups)
    assert disagreement.source == PMID
    assert disagreement.cited == OTHER_DOI
    assert disagreement.recorded == "10.1182/blood-2005-08-3182"
    assert str(disagreement) == (
        "pmid:16269611 has DOI 10.1182/blood-2005-08-3182, but the entry cites DOI 10.1038/nrc1388"
    )


def test_a_pmcid_naming_another_pmid_disagrees_once_even_when_both_sides_say_so() -> None:
    lookups = {
        PMCID.key: found(PMCID, pmcid="PMC3531190", pmid="23193287"),
        PMID.key: found(PMID, pmid="16269611", pmcid="PMC1111111"),
    }
    found_ = disagreements([PMCID, PMID], lookups)
    assert len(found_) == 1
    assert found_[0].source == PMCID


def test_nothing_is_judged_from_identifiers_not_found_or_not_verified() -> None:
    lookups = {
        PMID.key: Lookup(PMID, LookupStatus.COULD_NOT_VERIFY, Service.PUBMED, reason="timeout"),
        DOI.key: Lookup(DOI, LookupStatus.NOT_FOUND, Service.CROSSREF),
    }
    assert disagreements([DOI, PMID], lookups) == []


def test_a_record_without_the_other_identifier_says_nothing() -> None:
    lookups = {PMID.key: found(PMID, pmid="16269611")}
    assert disagreements([OTHER_DOI, PMID], lookups) == []
