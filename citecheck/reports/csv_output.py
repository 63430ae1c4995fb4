"""An audit as CSV for spreadsheets: one row per reference (verified ones
too), or one row per finding (:func:`render_findings`).

Every cell of article text goes through :func:`escape.csv_cell`, so that no
title or path is run as a formula; line and column stay numbers. An entry
is written as its marker (``[12]``, ``[smith2020]``), so that a spreadsheet
reads the label as text, never as the number 12 or the date 1.10.
"""

from __future__ import annotations

import csv
import io

from citecheck.reports.escape import csv_cell
from citecheck.results import AuditResult, FailPolicy

COLUMNS = (
    "document",
    "entry",
    "line",
    "identifiers",
    "verdict",
    "severity",
    "claimed",
    "recorded",
    "suggestion",
    "replaces",
    "message",
)

FINDING_COLUMNS = (
    "path",
    "line",
    "column",
    "severity",
    "code",
    "entry",
    "message",
    "claimed",
    "recorded",
)


def render(result: AuditResult, policy: FailPolicy | None = None) -> str:
    """Every reference-list entry of ``result`` with its verdict, documents
    in path order and entries in list order, with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for audit in sorted(result.audits, key=lambda a: a.document.path):
        entries = {entry.label: entry for entry in audit.document.entries}
        for verdict in audit.verdicts:
            entry = entries.get(verdict.entry_label)
            identifiers = " ".join(str(i) for i in entry.identifiers) if entry else ""
            suggestion = verdict.suggestion
            writer.writerow(
                (
                    csv_cell(audit.document.path),
                    csv_cell(f"[{verdict.entry_label}]"),
                    verdict.location.line,
                    csv_cell(identifiers),
                    verdict.code.value,
                    verdict.severity.label,
                    csv_cell(verdict.claimed),
                    csv_cell(verdict.recorded),
                    csv_cell(str(suggestion.identifier)) if suggestion else "",
                    csv_cell(str(suggestion.replaces))
                    if suggestion and suggestion.replaces
                    else "",
                    csv_cell(verdict.message),
                )
            )
    return buffer.getvalue()


def render_findings(result: AuditResult, policy: FailPolicy | None = None) -> str:
    """Every finding of ``result`` as CSV with a header row, in file order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FINDING_COLUMNS)
    for finding in result.findings:
        location = finding.location
        writer.writerow(
            (
                csv_cell(finding.path),
                location.line if location else "",
                location.column if location else "",
                finding.severity.label,
                finding.code.value,
                csv_cell(f"[{finding.entry_label}]" if finding.entry_label else ""),
                csv_cell(finding.message),
                csv_cell(finding.claimed),
                csv_cell(finding.recorded),
            )
        )
    return buffer.getvalue()
