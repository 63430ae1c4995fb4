"""The pipeline recovers a missing reference list: a document with markers
and no list asks one search for its own work, and its no-reference-list
finding carries what the answer recovered."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from citecheck.audit import run_audit
from citecheck.lookup_stream import ImmediateLookups
from citecheck.models import (
    Author,
    DepositedReference,
    FindingCode,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Record,
    ReferenceDeposit,
    Service,
)
from citecheck.parsing import read_document
from citecheck.pending import looked_up
from citecheck.queries import query_from_identifier

FIXTURES = Path(__file__).parent / "fixtures" / "identity"

ARTICLE = Record(
    Service.CROSSREF,
    doi="10.5555/jpsy.2019.0042",
    title="Cracked pots in the wild: a review",
    authors=(Author("Carberry", "Josiah"), Author("Tan", "Mei")),
    issued_year=2019,
    journal="Journal of Psychoceramics",
    volume="4",
    deposit=ReferenceDeposit(
        (
            DepositedReference(
                key="ref1", unstructured="Grayson P. On the cracking of pots. 1999."
            ),
            DepositedReference(key="ref2", doi="10.5555/12345678"),
        ),
        count=2,
    ),
)


class Searches:
    """A lookup source that answers every search with ``candidates`` and
    keeps what it was asked."""

    def __init__(self, *candidates: Record, status: LookupStatus = LookupStatus.FOUND) -> None:
        self.asked: list[Identifier] = []
        self.candidates = candidates
        self.status = status

    def __call__(self, identifiers: list[Identifier]) -> Mapping[str, Lookup]:
        self.asked.extend(identifiers)
        return {
            i.key: Lookup(
                i,
                self.status,
                Service.SEARCH,
                candidates=self.candidates,
                reason="timeout" if self.status is LookupStatus.COULD_NOT_VERIFY else None,
                fetched_at=time.time(),
            )
            for i in identifiers
            if i.type is IdType.QUERY
        }


def test_a_document_without_a_list_asks_one_search_for_its_own_work() -> None:
    searches = Searches(ARTICLE)
    run_audit([FIXTURES / "first-page.txt"], resolver=ImmediateLookups(searches))
    (asked,) = searches.asked
    query = query_from_identifier(asked)
    assert query.deposit
    assert (query.doi, query.title, query.author) == (
        "10.5555/jpsy.2019.0042",
        "Cracked pots in the wild: a review",
        "Carberry",
    )


def test_a_document_with_a_list_asks_no_search_for_itself(tmp_path: Path) -> None:
    page = tmp_path / "listed.md"
    page.write_text(
        "# Cracked pots in the wild: a review\n\nPots crack [1].\n\n## References\n\n"
        "1. Grayson P. On the cracking of pots. Ann Psychoceram. 1999;12:12-19.\n",
        encoding="utf-8",
    )
    searches = [i for i in looked_up(read_document(page)) if i.type is IdType.QUERY]
    # Its entry is searched for (it has no identifier); the page itself is not.
    assert [query_from_identifier(i).deposit for i in searches] == [False]


def test_the_finding_carries_the_recovered_list() -> None:
    result = run_audit([FIXTURES / "first-page.txt"], resolver=ImmediateLookups(Searches(ARTICLE)))
    (audit,) = result.audits
    (finding,) = [f for f in audit.findings if f.code is FindingCode.NO_REFERENCE_LIST]
    evidence = finding.evidence_dict()
    assert evidence["recovered_from"] == "DOI 10.5555/jpsy.2019.0042 (Crossref deposit)"
    assert evidence["markers_covered"] == "1–2"
    assert evidence["markers_past_list"] == "3"
    assert evidence["entry_2"] == "DOI 10.5555/12345678"


def test_a_search_that_could_not_be_made_leaves_the_finding_saying_so() -> None:
    searches = Searches(status=LookupStatus.COULD_NOT_VERIFY)
    result = run_audit([FIXTURES / "first-page.txt"], resolver=ImmediateLookups(searches))
    (finding,) = [f for f in result.audits[0].findings if f.code is FindingCode.NO_REFERENCE_LIST]
    assert finding.evidence_dict()["recovery"] == "could not verify"
    assert "timeout" in finding.message
