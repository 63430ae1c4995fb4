"""The CSV export a spreadsheet opens: one row per finding, no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from citecheck.audit import AuditResult
from citecheck.reports import csv_output

FORMULA_STARTS = tuple("=+-@\t\r")


def rows(result: AuditResult) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_output.render_findings(result))))


def test_no_cell_of_a_hostile_reference_list_starts_a_formula(
    hostile_result: AuditResult, unseen: Callable[[str], list[str]]
) -> None:
    found = rows(hostile_result)
    assert len(found) == len(hostile_result.findings)
    for row in found:
        for column, value in row.items():
            assert not value.startswith(FORMULA_STARTS), (column, value)
            assert unseen(value) == [], (column, value)
    assert found[0]["path"] == '\'=HYPERLINK("http://evil.example","open")␛[2J.md'
    unverifiable = next(row for row in found if row["code"] == "unverifiable")
    assert unverifiable["claimed"] == '\'@SUM(1+1)*cmd|" /C calc"!A0 2019, "-2+3 rows␁"'


def test_line_and_column_stay_numbers(hostile_result: AuditResult) -> None:
    found = rows(hostile_result)
    assert [(row["line"], row["column"]) for row in found] == [
        (str(f.location.line), str(f.location.column)) if f.location else ("", "")
        for f in hostile_result.findings
    ]


def test_ordinary_findings_are_written_as_they_are(audit_result: AuditResult) -> None:
    found = rows(audit_result)
    assert found[0]["path"] == "docs/review.md"
    by_message = {row["message"]: row for row in found}
    assert "entry 4 (Lee et al. 2017) is never cited in the text" in by_message


def test_no_cell_of_the_references_csv_starts_a_formula_and_labels_stay_text(
    hostile_result: AuditResult, audit_result: AuditResult
) -> None:
    for result in (hostile_result, audit_result):
        found = list(csv.DictReader(io.StringIO(csv_output.render(result))))
        assert len(found) == sum(len(a.verdicts) for a in result.audits)
        for row in found:
            for column, value in row.items():
                assert not value.startswith(FORMULA_STARTS), (column, value)
            assert row["entry"].startswith("[") and row["entry"].endswith("]")
    documents = [
        r["document"] for r in csv.DictReader(io.StringIO(csv_output.render(audit_result)))
    ]
    assert documents == sorted(documents)
