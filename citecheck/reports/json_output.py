"""The whole audit as one JSON document, for scripts and dashboards.

Keys come in a fixed order and lists in a fixed order (documents and
unreadable files by path, references in list order, findings by place),
so two runs over the same files give byte-identical output.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from citecheck import __version__
from citecheck.describe import claims_text, shorten
from citecheck.models import EntryRole, Finding, Location, Severity, Suggestion, Verdict
from citecheck.reports import serialize
from citecheck.reports.escape import json_text
from citecheck.results import AuditResult, DocumentAudit, FailPolicy


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One reference-list entry as reports show it: its verdict, or None when
    the entry was never judged (an offline check makes no verdicts)."""

    label: str
    line: int
    claimed: str
    verdict: Verdict | None


def reference_rows(audit: DocumentAudit) -> list[ReferenceRow]:
    """Every reference-list entry of ``audit`` with its verdict, in list order."""
    rows = [ReferenceRow(v.entry_label, v.location.line, v.claimed, v) for v in audit.verdicts]
    judged = {v.entry_label for v in audit.verdicts}
    for entry in audit.document.entries:
        if entry.role is EntryRole.REFERENCE and entry.label not in judged:
            claimed = claims_text(entry.claims) or shorten(entry.raw, 80)
            rows.append(ReferenceRow(entry.label, entry.location.line, claimed, None))
    # Stable: rows on one line keep the order the verdicts gave them.
    rows.sort(key=lambda row: row.line)
    return rows


def finding_order(finding: Finding) -> tuple[str, Location, str, str, str]:
    """Sort key that puts findings in file order, then by code."""
    return (
        finding.path,
        finding.location or Location(0, 0),
        finding.code.value,
        finding.entry_label or "",
        finding.message,
    )


def sorted_audits(result: AuditResult) -> list[DocumentAudit]:
    """The audits of ``result`` by document path."""
    return sorted(result.audits, key=lambda audit: audit.document.path)


def render(result: AuditResult, *, policy: FailPolicy) -> str:
    """``result`` as indented JSON text ending in a newline; raises nothing.
    Invisible characters of article text are written as escapes."""
    return (
        json_text(json.dumps(as_data(result, policy=policy), indent=2, ensure_ascii=False)) + "\n"
    )


def as_data(result: AuditResult, *, policy: FailPolicy) -> dict[str, Any]:
    """``result`` as plain data (what :func:`render` writes)."""
    audits = sorted_audits(result)
    return {
        "version": __version__,
        "run_id": result.run_id,
        "documents": [_document(audit) for audit in audits],
        "unreadable": [
            serialize.read_error(error) for error in sorted(result.errors, key=lambda e: e.path)
        ],
        "corpus_findings": [
            serialize.finding(f) for f in sorted(result.corpus_findings, key=finding_order)
        ],
        "summary": _summary(result, audits, policy),
    }


def _document(audit: DocumentAudit) -> dict[str, Any]:
    document = audit.document
    return {
        "path": document.path,
        "format": document.format.value,
        "sha256": document.sha256,
        "references": [_reference(row) for row in reference_rows(audit)],
        "findings": [serialize.finding(f) for f in sorted(audit.findings, key=finding_order)],
    }


def _reference(row: ReferenceRow) -> dict[str, Any]:
    verdict = row.verdict
    if verdict is None:
        return {
            "label": row.label,
            "line": row.line,
            "verdict": None,
            "severity": None,
            "message": None,
            "claimed": row.claimed,
            "recorded": None,
            "identifier": None,
            "scores": {},
            "notes": [],
            "reason": None,
            "suggestion": None,
        }
    return {
        "label": row.label,
        "line": row.line,
        "verdict": verdict.code.value,
        "severity": verdict.severity.label,
        "message": verdict.message,
        "claimed": verdict.claimed,
        "recorded": verdict.recorded or None,
        "identifier": str(verdict.identifier) if verdict.identifier is not None else None,
        "scores": dict(verdict.scores),
        "notes": list(verdict.notes),
        "reason": verdict.reason,
        "suggestion": _suggestion(verdict.suggestion),
    }


def _suggestion(suggestion: Suggestion | None) -> dict[str, Any] | None:
    """What the entry should have been: the identifier to add or to put in
    place of ``replaces``, with why."""
    if suggestion is None:
        return None
    return {
        "identifier": str(suggestion.identifier),
        "replaces": str(suggestion.replaces) if suggestion.replaces is not None else None,
        "confidence": suggestion.confidence,
        "typo": suggestion.typo or None,
        "evidence": list(suggestion.evidence),
    }


def _summary(
    result: AuditResult, audits: list[DocumentAudit], policy: FailPolicy
) -> dict[str, Any]:
    verdicts = Counter(v.code.value for audit in audits for v in audit.verdicts)
    severities = Counter(f.severity for f in result.findings)
    return {
        "documents": len(audits),
        "references": sum(len(reference_rows(audit)) for audit in audits),
        "verdicts": dict(sorted(verdicts.items())),
        "severities": {
            severity.label: severities[severity]
            for severity in sorted(Severity, key=lambda s: s.value, reverse=True)
        },
        "failing": result.failing(policy),
        "unreadable": len(result.errors),
    }
