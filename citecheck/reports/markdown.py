"""An audit as Markdown, for an editor to paste into a review.

A title, a summary table, then one section per document: a table of its
references with their verdicts and a list of the document's own findings.
Findings across documents and unreadable files close the report. Words,
not symbols, say how serious each problem is, so the report reads the
same pasted as plain text.
"""

from __future__ import annotations

from collections import Counter

from citecheck.models import Finding, FindingCode, Severity
from citecheck.reports.escape import markdown_cell, markdown_inline
from citecheck.reports.json_output import ReferenceRow, finding_order, reference_rows, sorted_audits
from citecheck.results import AuditResult, DocumentAudit, FailPolicy

TITLE = "# Citation check"

SEVERITY_WORDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}

_VERIFIED = frozenset({FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES})


def render(result: AuditResult, *, policy: FailPolicy) -> str:
    """``result`` as a Markdown report ending in a newline; raises nothing."""
    audits = sorted_audits(result)
    lines = [TITLE, ""]
    if result.run_id is not None:
        lines += [f"Run {result.run_id}.", ""]
    lines += _summary(result, audits, policy)
    for audit in audits:
        lines += ["", *_document(audit)]
    if result.corpus_findings:
        lines += ["", "### Across documents", ""]
        lines += [
            _finding_item(f, with_path=True)
            for f in sorted(result.corpus_findings, key=finding_order)
        ]
    if result.errors:
        lines += ["", "### Unreadable files", ""]
        lines += [
            f"- {markdown_inline(error.path)}: {markdown_inline(error.reason)}"
            for error in sorted(result.errors, key=lambda e: e.path)
        ]
    return "\n".join(lines) + "\n"


def describe_policy(policy: FailPolicy) -> str:
    """``error or worse``, ``warning or worse, or could-not-verify``, ``nothing``."""
    parts: list[str] = []
    if policy.threshold is not None:
        parts.append(f"{SEVERITY_WORDS[policy.threshold]} or worse")
    if policy.codes:
        parts.append(", ".join(sorted(code.value for code in policy.codes)))
    return ", or ".join(parts) or "nothing"


def cell(text: str) -> str:
    """``text`` safe inside a table cell: see :func:`escape.markdown_cell`."""
    return markdown_cell(text)


def _summary(result: AuditResult, audits: list[DocumentAudit], policy: FailPolicy) -> list[str]:
    rows = [row for audit in audits for row in reference_rows(audit)]
    verified = sum(1 for row in rows if row.verdict is not None and row.verdict.code in _VERIFIED)
    severities = Counter(f.severity for f in result.findings)
    failing = result.failing(policy)
    policy_text = describe_policy(policy)
    if failing:
        verdict = (
            f"**{failing} finding{'s' if failing != 1 else ''} "
            f"{'fail' if failing != 1 else 'fails'} the policy** ({policy_text})."
        )
    else:
        verdict = f"No finding fails the policy ({policy_text})."
    counts = [
        len(audits),
        len(rows),
        verified,
        severities[Severity.ERROR],
        severities[Severity.WARNING],
        severities[Severity.INFO],
        len(result.errors),
    ]
    return [
        "| Documents | References | Verified | Errors | Warnings | Notes | Unreadable |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| " + " | ".join(str(n) for n in counts) + " |",
        "",
        verdict,
    ]


def _document(audit: DocumentAudit) -> list[str]:
    lines = [f"### {markdown_inline(audit.document.path)}", ""]
    rows = reference_rows(audit)
    if rows:
        lines += [
            "| # | Verdict | Claim | Record | Explanation |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [_reference_row(row) for row in rows]
    else:
        lines.append("No reference list.")
    own = sorted(audit.document_findings, key=finding_order)
    if own:
        lines += ["", "Document checks:", ""]
        lines += [_finding_item(f, with_path=False) for f in own]
    return lines


def _reference_row(row: ReferenceRow) -> str:
    verdict = row.verdict
    if verdict is None:
        word, record, explanation = "not checked", "", ""
    elif verdict.code is FindingCode.VERIFIED:
        word, record, explanation = "verified (ok)", verdict.recorded, ""
    else:
        word = f"{verdict.code.value} ({SEVERITY_WORDS[verdict.severity]})"
        record, explanation = verdict.recorded, verdict.message
    cells = [row.label, word, row.claimed, record, explanation]
    return "| " + " | ".join(cell(text) for text in cells) + " |"


def _finding_item(finding: Finding, *, with_path: bool) -> str:
    where = [finding.path] if with_path else []
    if finding.location is not None:
        where.append(f"line {finding.location.line}")
    prefix = f"{markdown_inline(' '.join(where))}: " if where else ""
    word = SEVERITY_WORDS[finding.severity]
    return f"- {prefix}{word}, {finding.code.value}: {markdown_inline(finding.message)}"
