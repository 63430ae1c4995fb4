"""An audit as JUnit XML, the test report CI servers (GitLab, Jenkins) show.

Each document is a test suite named by its path. Each reference-list entry
is a test case: it fails when its verdict fails the policy, is skipped when
it could not be checked (and that does not fail the policy), and passes
otherwise. The document's own checks are one more test case, "document
checks". An unreadable file is a suite whose one test case is an error;
findings across documents are a suite of their own, when there are any.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from citecheck.models import Finding, FindingCode, Verdict
from citecheck.reports.escape import xml_text
from citecheck.reports.json_output import ReferenceRow, finding_order, reference_rows, sorted_audits
from citecheck.results import AuditResult, DocumentAudit, FailPolicy

DOCUMENT_CHECKS = "document checks"
CORPUS_SUITE = "across documents"
CORPUS_CHECKS = "cross-document checks"
UNREADABLE_CASE = "read file"

# Verdicts that mean "not checked" rather than "checked and wrong".
_UNCHECKED = frozenset({FindingCode.COULD_NOT_VERIFY, FindingCode.UNVERIFIABLE})


@dataclass(slots=True)
class _Case:
    name: str
    classname: str
    outcome: str | None = None  # "failure", "error", "skipped" or None for a pass
    kind: str = ""
    message: str = ""
    details: str = ""
    output: list[str] = field(default_factory=list)


def render(result: AuditResult, *, policy: FailPolicy) -> str:
    """``result`` as a JUnit XML document (UTF-8 declaration, ending in a
    newline). Raises nothing."""
    suites: list[tuple[str, list[_Case]]] = []
    for audit in sorted_audits(result):
        suites.append((audit.document.path, _document_cases(audit, policy)))
    if result.corpus_findings:
        findings = sorted(result.corpus_findings, key=finding_order)
        suites.append((CORPUS_SUITE, [_checks_case(CORPUS_CHECKS, CORPUS_SUITE, findings, policy)]))
    for error in sorted(result.errors, key=lambda e: e.path):
        case = _Case(UNREADABLE_CASE, error.path, "error", "unreadable", error.reason)
        suites.append((error.path, [case]))

    root = ET.Element("testsuites", {"name": "citecheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for name, cases in suites:
        counts = _counts(cases)
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(name)})
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        for case in cases:
            _write_case(suite, case)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def case_name(row: ReferenceRow) -> str:
    """``[12] Smith et al. 2023, "Title…"``: the entry's label and claims."""
    return f"[{row.label}] {row.claimed}".rstrip()


def verdict_fails(verdict: Verdict, path: str, policy: FailPolicy) -> bool:
    """Whether ``verdict`` fails ``policy``, judged as the finding it makes
    (a plain "verified" makes none, so it never fails)."""
    if verdict.code is FindingCode.VERIFIED:
        return False
    finding = Finding(
        code=verdict.code,
        severity=verdict.severity,
        message=verdict.message,
        path=path,
        location=verdict.location,
        entry_label=verdict.entry_label,
    )
    return policy.fails(finding)


def _document_cases(audit: DocumentAudit, policy: FailPolicy) -> list[_Case]:
    path = audit.document.path
    cases = [_reference_case(row, path, policy) for row in reference_rows(audit)]
    own = audit.document_findings
    cases.append(_checks_case(DOCUMENT_CHECKS, path, sorted(own, key=finding_order), policy))
    return cases


def _reference_case(row: ReferenceRow, path: str, policy: FailPolicy) -> _Case:
    case = _Case(case_name(row), path)
    verdict = row.verdict
    if verdict is None:
        case.outcome, case.message = "skipped", "not checked: no verdict was made"
    elif verdict_fails(verdict, path, policy):
        case.outcome, case.kind, case.message = "failure", verdict.code.value, verdict.message
        case.details = _verdict_details(verdict)
    elif verdict.code in _UNCHECKED:
        case.outcome, case.message = "skipped", f"{verdict.code.value}: {verdict.message}"
    return case


def _verdict_details(verdict: Verdict) -> str:
    lines = [f"line {verdict.location.line}: {verdict.severity.label} [{verdict.code.value}]"]
    if verdict.identifier is not None:
        lines.append(f"identifier: {verdict.identifier}")
    if verdict.claimed:
        lines.append(f"claimed: {verdict.claimed}")
    if verdict.recorded:
        lines.append(f"recorded: {verdict.recorded}")
    if verdict.scores:
        lines.append(
            "scores: " + ", ".join(f"{name} {value:.2f}" for name, value in verdict.scores)
        )
    lines.extend(f"note: {note}" for note in verdict.notes)
    return "\n".join(lines)


def _checks_case(name: str, classname: str, findings: list[Finding], policy: FailPolicy) -> _Case:
    case = _Case(name, classname)
    failing = [f for f in findings if policy.fails(f)]
    passing = [f for f in findings if not policy.fails(f)]
    if failing:
        case.outcome = "failure"
        case.kind = ",".join(sorted({f.code.value for f in failing}))
        case.message = (
            "1 finding fails the policy"
            if len(failing) == 1
            else f"{len(failing)} findings fail the policy"
        )
        case.details = "\n".join(_finding_line(f) for f in failing)
    case.output = [_finding_line(f) for f in passing]
    return case


def _finding_line(finding: Finding) -> str:
    where = f"{finding.path}:{finding.location.line}" if finding.location else finding.path
    return f"{where}: {finding.severity.label} [{finding.code.value}] {finding.message}"


def _counts(cases: list[_Case]) -> dict[str, int]:
    return {
        "tests": len(cases),
        "failures": sum(case.outcome == "failure" for case in cases),
        "errors": sum(case.outcome == "error" for case in cases),
        "skipped": sum(case.outcome == "skipped" for case in cases),
    }


def _write_case(suite: ET.Element, case: _Case) -> None:
    element = ET.SubElement(
        suite, "testcase", {"name": xml_text(case.name), "classname": xml_text(case.classname)}
    )
    if case.outcome is not None:
        attributes = {"type": xml_text(case.kind)} if case.kind else {}
        attributes["message"] = xml_text(case.message)
        outcome = ET.SubElement(element, case.outcome, attributes)
        if case.details:
            outcome.text = xml_text(case.details)
    if case.output:
        ET.SubElement(element, "system-out").text = xml_text("\n".join(case.output))
