"""The audit pipeline: read documents, resolve their identifiers, judge every
reference, write the report, decide whether the run fails.

Data flows one way: read (documents) → resolve (every identifier of the run
once, through the cache) → judge (claims against records) → report.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from citecheck import __version__
from citecheck.checks import check_document
from citecheck.corpus import conflicting_claims_across
from citecheck.errors import InputError
from citecheck.models import (
    DEFAULT_SEVERITY,
    Document,
    EntryRole,
    FindingCode,
    Format,
    Identifier,
    Location,
    Lookup,
    ReadError,
    Severity,
    Verdict,
)
from citecheck.parsing import DEFAULT_MAX_BYTES, read_document
from citecheck.progress import SILENT, Progress
from citecheck.reports.database import ReportDatabase, RunStatus
from citecheck.results import AuditResult, DocumentAudit, FailPolicy
from citecheck.verdicts import judge_entry, verdict_finding
from citecheck.walk import NO_FILTER, PathFilter, collect_paths

logger = logging.getLogger(__name__)

__all__ = [
    "AuditOptions",
    "AuditResult",
    "DocumentAudit",
    "FailPolicy",
    "collect_paths",
    "judge_document",
    "read_documents",
    "run_audit",
]


def read_documents(
    paths: Iterable[str | Path],
    *,
    fmt: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    path_filter: PathFilter = NO_FILTER,
) -> Iterator[Document | ReadError]:
    """Each document read from ``paths``, or a ReadError for a file that
    cannot be read; one bad file never stops the others."""
    for path in collect_paths(paths, path_filter):
        try:
            yield read_document(path, fmt=fmt, max_bytes=max_bytes)
        except InputError as exc:
            logger.info("skipping %s: %s", exc.path, exc.reason)
            yield ReadError(path=exc.path, reason=exc.reason)


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """How to read and judge. ``batch_size`` is the number of documents
    written to the report in one transaction."""

    fmt: Format | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    severities: Mapping[FindingCode, Severity] = field(
        default_factory=lambda: dict(DEFAULT_SEVERITY)
    )
    batch_size: int = 100
    path_filter: PathFilter = NO_FILTER


class LookupSource(Protocol):
    """What the audit needs of a resolver."""

    def resolve(self, identifiers: Iterable[Identifier]) -> dict[str, Lookup]: ...


def run_audit(
    paths: Iterable[str | Path],
    *,
    resolver: LookupSource,
    options: AuditOptions = AuditOptions(),
    report: ReportDatabase | None = None,
    command: str = "audit",
    settings: Mapping[str, Any] | None = None,
    resume: int | None = None,
    progress: Progress = SILENT,
) -> AuditResult:
    """Read every document, resolve every identifier of every reference once,
    judge each reference, and write it all to ``report`` (when given).

    A run stopped by Ctrl-C or SIGTERM is marked interrupted in the report
    before the exception goes on; what was written before stays. ``resume``
    names such a run to go on with: documents it already judged (same path
    and content) are neither resolved nor written again, so the run ends as
    if it had never stopped.
    """
    judged: set[tuple[str, str]] = set()
    if report is None:
        run_id = None
    elif resume is not None:
        run_id = resume
        judged = report.resume_run(resume, settings=dict(settings or {}))
    else:
        run_id = report.start_run(
            version=__version__, command=command, settings=dict(settings or {})
        )
    try:
        result = _audit(
            paths,
            resolver=resolver,
            options=options,
            report=report,
            run_id=run_id,
            skip=judged,
            progress=progress,
        )
    except KeyboardInterrupt:
        progress.finished()
        if report is not None and run_id is not None:
            report.finish_run(run_id, RunStatus.INTERRUPTED)
        raise
    except BaseException:
        progress.finished()
        if report is not None and run_id is not None:
            report.finish_run(run_id, RunStatus.FAILED)
        raise
    progress.finished()
    if report is not None and run_id is not None:
        report.finish_run(run_id, RunStatus.COMPLETED)
    return result


def _audit(
    paths: Iterable[str | Path],
    *,
    resolver: LookupSource,
    options: AuditOptions,
    report: ReportDatabase | None,
    run_id: int | None,
    skip: set[tuple[str, str]],
    progress: Progress,
) -> AuditResult:
    documents: list[Document] = []
    errors: list[ReadError] = []
    for item in read_documents(
        paths, fmt=options.fmt, max_bytes=options.max_bytes, path_filter=options.path_filter
    ):
        if isinstance(item, ReadError):
            errors.append(item)
        else:
            documents.append(item)
            progress.read(len(documents))
    if report is not None and run_id is not None and errors:
        report.add_read_errors(run_id, errors)
    # A resumed run's documents already judged count for corpus findings only.
    pending = [d for d in documents if (d.path, d.sha256) not in skip]
    cited = [
        identifier
        for document in pending
        for entry in document.entries
        for identifier in entry.identifiers
    ]
    progress.resolving(len({i.key for i in cited}), getattr(resolver, "waiting", lambda: 0))
    lookups = resolver.resolve(cited)
    audits: list[DocumentAudit] = []
    batch: list[DocumentAudit] = []
    findings = 0
    for document in pending:
        audit = judge_document(document, lookups, severities=options.severities)
        audits.append(audit)
        batch.append(audit)
        findings += len(audit.findings)
        progress.judged(len(audits), len(pending), findings)
        if report is not None and run_id is not None and len(batch) >= options.batch_size:
            report.add_audits(run_id, batch)
            batch = []
    if report is not None and run_id is not None and batch:
        report.add_audits(run_id, batch)
    corpus = conflicting_claims_across(documents)
    if report is not None and run_id is not None and corpus:
        report.add_corpus_findings(run_id, corpus)
    return AuditResult(tuple(audits), tuple(errors), tuple(corpus), run_id)


def judge_document(
    document: Document,
    lookups: Mapping[str, Lookup],
    *,
    severities: Mapping[FindingCode, Severity] = DEFAULT_SEVERITY,
) -> DocumentAudit:
    """The reading checks and one verdict per reference-list entry."""
    findings = check_document(document)
    verdicts: list[Verdict] = []
    used: dict[str, Lookup] = {}
    for entry in document.entries:
        if entry.role is not EntryRole.REFERENCE:
            continue
        verdict = judge_entry(entry, lookups, severities=severities)
        verdicts.append(verdict)
        finding = verdict_finding(verdict, document.path)
        if finding is not None:
            findings.append(finding)
        for identifier in entry.identifiers:
            if identifier.key in lookups:
                used[identifier.key] = lookups[identifier.key]
    # An entry with nothing to check it by gets the verdict "unverifiable",
    # which says the same: the reading finding would only repeat it.
    unverifiable = {v.entry_label for v in verdicts if v.code is FindingCode.UNVERIFIABLE}
    findings = [
        f
        for f in findings
        if not (f.code is FindingCode.NOTHING_TO_CHECK and f.entry_label in unverifiable)
    ]
    findings.sort(key=lambda f: (f.location or Location(0, 0), f.code.value))
    return DocumentAudit(document, tuple(findings), tuple(verdicts), tuple(used.values()))
