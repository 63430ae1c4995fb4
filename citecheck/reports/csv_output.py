"""An audit's findings as CSV, one row each, for spreadsheets.

Every cell of article text goes through :func:`escape.csv_cell`, so that no
title or path is run as a formula; line and column stay numbers.
"""

from __future__ import annotations

import csv
import io

from citecheck.reports.escape import csv_cell
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
                csv_cell(finding.path),
                location.line if location else "",
                location.column if location else "",
                finding.severity.label,
                finding.code.value,
                csv_cell(finding.entry_label or ""),
                csv_cell(finding.message),
                csv_cell(finding.claimed),
                csv_cell(finding.recorded),
            )
        )
    return buffer.getvalue()
