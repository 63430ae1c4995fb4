"""Trial numbers named in running text: looked up, and a finding at their
place when the registry has no such trial or could not be asked."""

from __future__ import annotations

from pathlib import Path

from citecheck.audit import judge_document
from citecheck.judge.mentions import checked_in_text, text_identifier_findings
from citecheck.models import (
    Document,
    FindingCode,
    Identifier,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Record,
    Service,
    Severity,
)
from citecheck.parsing import read_document
from citecheck.pending import looked_up
from citecheck.reports.terminal import document_block

ARTICLE = """# Widgetumab

The phase III WIDGET-3 trial (NCT01234567) met its primary endpoint [1].
An earlier phase I study (NCT09999999) was smaller, and arXiv:2101.00001 is
only mentioned here.

## References

1. Smith J, Tan M. Widgetumab in imaginary fever. Lancet. 2023;401:112-120.
"""
FOUND = Identifier(IdType.NCT, "NCT01234567")
MISSING = Identifier(IdType.NCT, "NCT09999999")


def article(tmp_path: Path) -> Document:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return read_document(path)


def lookups(missing: Lookup) -> dict[str, Lookup]:
    trial = Record(service=Service.CLINICALTRIALS, title="WIDGET-3")
    return {
        FOUND.key: Lookup(FOUND, LookupStatus.FOUND, Service.CLINICALTRIALS, record=trial),
        MISSING.key: missing,
    }


def test_trial_numbers_of_the_text_are_looked_up_and_nothing_else_of_it(tmp_path: Path) -> None:
    document = article(tmp_path)
    assert checked_in_text(document) == [FOUND, MISSING]
    assert [i for i in looked_up(document) if i in (FOUND, MISSING)] == [FOUND, MISSING]
    assert not any(i.type is IdType.ARXIV for i in looked_up(document))


def test_a_trial_the_registry_does_not_have_is_a_finding_where_it_is_named(
    tmp_path: Path,
) -> None:
    document = article(tmp_path)
    gone = Lookup(
        MISSING,
        LookupStatus.NOT_FOUND,
        Service.CLINICALTRIALS,
        reason="ClinicalTrials.gov has no such study (HTTP 404)",
    )
    [finding] = text_identifier_findings(document, lookups(gone))
    assert finding.code is FindingCode.IDENTIFIER_NOT_FOUND
    assert finding.severity is Severity.ERROR
    assert finding.location == Location(4, 27)
    assert finding.entry_label is None
    assert finding.message == (
        "NCT09999999, named in the text, does not exist "
        "(ClinicalTrials.gov has no such study (HTTP 404))"
    )


def test_a_trial_that_could_not_be_checked_is_said_and_never_called_missing(
    tmp_path: Path,
) -> None:
    document = article(tmp_path)
    unknown = Lookup(
        MISSING, LookupStatus.COULD_NOT_VERIFY, Service.CLINICALTRIALS, reason="timeout"
    )
    [finding] = text_identifier_findings(document, lookups(unknown))
    assert finding.code is FindingCode.COULD_NOT_VERIFY
    assert finding.message == "NCT09999999, named in the text, could not be verified: timeout"


def test_the_finding_is_part_of_the_documents_audit_and_shown_with_its_checks(
    tmp_path: Path,
) -> None:
    document = article(tmp_path)
    gone = Lookup(MISSING, LookupStatus.NOT_FOUND, Service.CLINICALTRIALS, reason="no such study")
    audit = judge_document(document, lookups(gone), search=False)
    codes = [(f.code, f.location) for f in audit.findings]
    assert (FindingCode.IDENTIFIER_NOT_FOUND, Location(4, 27)) in codes
    # The entry's own verdict is unchanged: it has no identifier (and is
    # not searched here).
    assert [v.code for v in audit.verdicts] == [FindingCode.UNVERIFIABLE]
    assert {lookup.identifier for lookup in audit.lookups} == {FOUND, MISSING}
    shown = document_block(audit)
    assert (
        f"{document.path}:4:27: error [identifier-not-found] NCT09999999, named in the text, "
        "does not exist (no such study)"
    ) in shown
