"""An audit's findings as CSV, one row each, for spreadsheets."""

from __future__ import annotations

import csv
import io

from citecheck.results import AuditResult

COLUMNS = (
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


def render(result: AuditResult) -> str:
    """Every finding of ``result`` as CSV with a header row, in file order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for finding in result.findings:
        location = finding.location
        writer.writerow(
            (
                finding.path,
                location.line if location else "",
                location.column if location else "",
                finding.severity.label,
                finding.code.value,
                finding.entry_label or "",
                finding.message,
                finding.claimed,
                finding.recorded,
            )
        )
    return buffer.getvalue()
