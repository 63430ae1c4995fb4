"""Rebuilding stored runs from the report's rows: the reverse of writing them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from citecheck.errors import ReportError as ReportError
from citecheck.models import Entry, Finding, ReadError, Record, Verdict
from citecheck.reports import codec
from citecheck.reports.schema import APPLICATION_ID as APPLICATION_ID
from citecheck.reports.schema import SCHEMA_VERSION as SCHEMA_VERSION
from citecheck.reports.schema import RunStatus as RunStatus
from citecheck.results import AuditResult, DocumentAudit

DEFAULT_REPORT_PATH = "citecheck-report.db"
"""Where the command line writes the report unless told otherwise."""

# "line 12", "lines 3, 7 and 9", "12:5": what moves when text is edited.
_LINE_NUMBERS = re.compile(r"\blines?\s+\d+(?:(?:\s*[-–,]\s*|\s+and\s+)\d+)*|\b\d+:\d+\b")


def rebuild(
    run_id: int, tables: Mapping[str, list[dict[str, Any]]], links: list[dict[str, Any]]
) -> AuditResult:
    """The AuditResult of a run's rows; raises ValueError for a bad row."""
    by_document: dict[str, dict[Any, list[dict[str, Any]]]] = {}
    for name in ("references", "citations", "findings"):
        grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in tables[name]:
            grouped[row["document_id"]].append(row)
        by_document[name] = grouped
    records = {row["id"]: row for row in tables["records"]}
    lookups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        lookups[link["document_id"]].append(link)

    audits: list[DocumentAudit] = []
    errors: list[ReadError] = []
    for row in tables["documents"]:
        if row["read_error"] is not None:
            errors.append(ReadError(path=row["path"], reason=row["read_error"]))
            continue
        entries: list[Entry] = []
        others: list[Entry] = []
        verdicts: list[Verdict] = []
        for item in by_document["references"][row["id"]]:
            entry = codec.entry_from_row(item)
            (entries if item["in_reference_list"] else others).append(entry)
            record: Record | None = None
            if item["record_id"] is not None:
                record = codec.record_from_row(records[item["record_id"]])
            elif item["verdict_record"] is not None:
                record = codec.record_from_row(item, "verdict_record")
            verdict = codec.verdict_from_row(item, entry, record)
            if verdict is not None:
                verdicts.append(verdict)
        document = codec.document_from_row(
            row,
            entries=tuple(entries),
            links=tuple(others),
            citations=tuple(
                codec.citation_from_row(c) for c in by_document["citations"][row["id"]]
            ),
        )
        own = {codec.identifier_text(i): i for i in reversed(document.identifiers)}
        audits.append(
            DocumentAudit(
                document=document,
                findings=tuple(
                    codec.finding_from_row(f) for f in by_document["findings"][row["id"]]
                ),
                verdicts=tuple(verdicts),
                lookups=tuple(
                    codec.lookup_from_row(
                        records[link["record_id"]],
                        own.get(link["identifier"]) or codec.parse_identifier(link["identifier"]),
                    )
                    for link in lookups[row["id"]]
                ),
            )
        )
    corpus = tuple(codec.finding_from_row(f) for f in by_document["findings"][None])
    return AuditResult(tuple(audits), tuple(errors), corpus_findings=corpus, run_id=run_id)


def diff_key(row: dict[str, Any]) -> tuple[tuple[str, ...], Finding]:
    finding = codec.finding_from_row(row)
    if row["verdict_identifier"] is not None:
        identifier = codec.parse_identifier(row["verdict_identifier"]).key
    else:
        identifier = finding.evidence_dict().get("identifier", "").lower()
    what = finding.entry_label
    if what is None:
        what = _LINE_NUMBERS.sub("#", finding.message)
    return (finding.path, finding.code.value, what, identifier), finding


def unmatched(
    items: Sequence[tuple[tuple[str, ...], Finding]], others: Counter[tuple[str, ...]]
) -> tuple[Finding, ...]:
    """The findings of ``items`` left once each key of ``others`` has matched
    one finding with that key (keys may repeat: two markers on one entry)."""
    left = others.copy()
    unmatched = []
    for key, finding in items:
        if left[key] > 0:
            left[key] -= 1
        else:
            unmatched.append(finding)
    return tuple(unmatched)
