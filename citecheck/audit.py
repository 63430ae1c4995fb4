"""The audit pipeline: read documents, resolve their identifiers, judge every
reference, write the report, decide whether the run fails.

Data flows one way: read (documents) → resolve (every identifier of the run
once, through the cache) → judge (claims against records) → report. The
stages overlap: a document is judged as soon as its own lookups are in.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from citecheck import __version__
from citecheck.errors import InputError
from citecheck.judge.checks import check_document
from citecheck.judge.corpus import CorpusClaims
from citecheck.judge.mentions import checked_in_text, text_identifier_findings
from citecheck.judge.recovery import with_recovered_list
from citecheck.judge.verdicts import followup_search, judge_entry, verdict_finding
from citecheck.models import (
    DEFAULT_SEVERITY,
    SERVICE_OF,
    Document,
    Entry,
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
from citecheck.pending import DEFAULT_HOLD, PendingDocuments, Waiting
from citecheck.progress import SILENT, Progress, Status
from citecheck.queries import query_for_entry, query_identifier
from citecheck.reports.database import ReportDatabase, ReportError, RunStatus
from citecheck.reports.ownership import heartbeat
from citecheck.results import AuditResult, AuditTally, DocumentAudit, FailPolicy
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


COMMIT_WITHIN = 1.0
"""Seconds a judged document waits at most for its batch to be written.
Documents go to the report in batches (one transaction each) because a
commit per document costs time; but a batch that fills slowly (a corpus
whose lookups arrive a few a second) would hold judged documents for
minutes, and a process killed meanwhile loses them all, to be judged (and
asked for) again on resume. A second bounds that loss, and at the bench's
speed (some 70 documents a second) still makes batches of dozens."""


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """How to read and judge. A batch of judged documents is written to the
    report in one transaction once it holds ``batch_size`` documents or its
    first was judged ``commit_within`` seconds ago, whichever comes first."""

    fmt: Format | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    severities: Mapping[FindingCode, Severity] = field(
        default_factory=lambda: dict(DEFAULT_SEVERITY)
    )
    batch_size: int = 100
    commit_within: float = COMMIT_WITHIN
    path_filter: PathFilter = NO_FILTER
    documents_held: int = DEFAULT_HOLD
    """Documents kept whole while they wait for lookups; the rest are read again."""
    search: bool = True
    """Search Crossref and PubMed for entries without an identifier, and for
    the right identifier of an entry whose own is wrong."""
    read_ahead: int = DEFAULT_HOLD
    """Documents read but not judged at most: reading waits beyond it, so
    memory follows this window, not the size of the corpus. 500 documents
    of 30 references keep every bucket busy for half a minute or more."""


class LookupStreamLike(Protocol):
    """What the audit needs of a stream of lookups (see :class:`LookupStream`)."""

    @property
    def outstanding(self) -> int: ...

    @property
    def queued(self) -> int: ...

    def ask(self, identifiers: Iterable[Identifier]) -> None: ...

    def flush(self) -> None: ...

    def send_queued(self) -> None: ...

    def answers(self, timeout: float | None = None) -> list[Lookup]: ...

    def close(self) -> None: ...


class LookupSource(Protocol):
    """What the audit needs of a resolver."""

    def stream(self) -> LookupStreamLike: ...

    def waiting(self) -> int: ...


# How long the pipeline waits for an answer before it reports progress again.
PROGRESS_EVERY = 0.5


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
    on_judged: Callable[[DocumentAudit], None] | None = None,
    keep_audits: bool = True,
    on_started: Callable[[int], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> AuditResult:
    """Read every document, resolve every identifier of every reference once,
    judge each reference, and write it all to ``report`` (when given).

    Documents are streamed: identifiers are asked for while documents are
    still being read, and each document is judged, written to the report and
    passed to ``on_judged`` as soon as its lookups are in, so judging overlaps
    the waiting on the services. With ``keep_audits`` false the result keeps
    only counts (``AuditResult.tally``) and memory stays flat however large
    the corpus; documents come out in the order they become ready, which is
    not always the reading order.

    A run stopped by Ctrl-C or SIGTERM is marked interrupted in the report
    before the exception goes on; what was written before stays, and every
    answer that arrived is in the cache. ``resume`` names such a run to go on
    with: documents it already judged (same path and content) are neither
    resolved nor written again, so the run ends as if it had never stopped.
    ``on_started`` is given the id of the run as soon as it is recorded.
    Judged documents are written within ``options.commit_within`` seconds
    of ``clock`` (and at once when the run is stopped), so a process killed
    outright loses about that much work.

    While the run goes on, its heartbeat is renewed in the report, so that
    another process can tell it is not abandoned
    (:mod:`citecheck.reports.ownership`).
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
    pipeline = _Pipeline(
        resolver=resolver,
        options=options,
        report=report,
        run_id=run_id,
        skip=judged,
        progress=progress,
        on_judged=on_judged,
        keep_audits=keep_audits,
        clock=clock,
    )
    if run_id is not None and on_started is not None:
        on_started(run_id)
    alive: AbstractContextManager[None] = nullcontext()
    if report is not None and run_id is not None:
        alive = heartbeat(functools.partial(report.beat, run_id))
    try:
        with alive:
            result = pipeline.run(paths)
    except KeyboardInterrupt:
        progress.finished()
        pipeline.mark_interrupted()
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


class _Pipeline:
    """One run: read, ask, judge as lookups arrive, write in batches that
    are full or old enough (see :data:`COMMIT_WITHIN`)."""

    def __init__(
        self,
        *,
        resolver: LookupSource,
        options: AuditOptions,
        report: ReportDatabase | None,
        run_id: int | None,
        skip: set[tuple[str, str]],
        progress: Progress,
        on_judged: Callable[[DocumentAudit], None] | None,
        keep_audits: bool,
        clock: Callable[[], float],
    ) -> None:
        self._resolver = resolver
        self._options = options
        self._report = report if run_id is not None else None
        self._run_id = run_id or 0
        self._skip = skip
        self._progress = progress
        self._on_judged = on_judged
        self._keep = keep_audits
        self._pending = PendingDocuments(hold=options.documents_held, search=options.search)
        self._corpus = CorpusClaims()
        self._tally = AuditTally()
        self._audits: list[DocumentAudit] = []
        self._batch: list[DocumentAudit] = []
        self._clock = clock
        self._batch_since = 0.0
        """When the first document of the batch was judged."""
        self._errors: list[ReadError] = []
        self._total = 0
        self._done_before = 0
        self._read = 0
        self._reading = True
        self._asked = 0
        self._resolved = 0
        self._interrupted = False

    def mark_interrupted(self) -> None:
        """Mark the run interrupted in the report, once."""
        if self._report is not None and not self._interrupted:
            self._interrupted = True
            self._report.finish_run(self._run_id, RunStatus.INTERRUPTED)

    def run(self, paths: Iterable[str | Path]) -> AuditResult:
        stream = self._resolver.stream()
        try:
            for item in self._read_documents(paths):
                self._read += 1
                if isinstance(item, ReadError):
                    self._read_error(item)
                    continue
                self._corpus.add(item)
                # A resumed run's documents already judged count for corpus findings only.
                if (item.path, item.sha256) in self._skip:
                    self._done_before += 1
                else:
                    self._wait_for(item, stream)
                self._judge_ready(stream, timeout=0)
                while len(self._pending) >= self._options.read_ahead:
                    # The window is full: reading waits for answers. With
                    # nothing in flight the queued identifiers go out in
                    # whatever batch they are in, or nothing would come.
                    if stream.outstanding <= stream.queued:
                        stream.send_queued()
                    self._judge_ready(stream, timeout=PROGRESS_EVERY, stalled=True)
            self._reading = False
            stream.flush()
            self._report_progress()
            while len(self._pending):
                self._judge_ready(stream, timeout=PROGRESS_EVERY, stalled=True)
        except KeyboardInterrupt:
            # The documents judged are written, and the run said interrupted,
            # before waiting for the requests in flight (whose answers still
            # reach the cache): a process killed while it waits leaves its
            # run interrupted, not running, and its judging kept.
            self._write_judged_before_stop()
            self.mark_interrupted()
            raise
        finally:
            stream.close()
        self._write_batch()
        corpus = self._corpus.findings()
        self._tally.add_findings(corpus)
        if self._report is not None and corpus:
            self._report.add_corpus_findings(self._run_id, corpus)
        return AuditResult(
            tuple(self._audits),
            tuple(self._errors),
            tuple(corpus),
            None if self._report is None else self._run_id,
            streamed=self._tally,
        )

    def _read_documents(self, paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
        options = self._options
        # Listed first (names only) so that progress can say how far along it
        # is; a file named twice (or through a link) is read once.
        seen: set[str] = set()
        files = []
        for file in collect_paths(paths, options.path_filter):
            real = os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                files.append(file)
        self._total = len(files)
        return read_documents(files, fmt=options.fmt, max_bytes=options.max_bytes)

    def _wait_for(self, document: Document, stream: LookupStreamLike) -> None:
        ask = self._pending.add(document)
        if ask:
            self._asked += len(ask)
            stream.ask(ask)

    def _judge_ready(
        self, stream: LookupStreamLike, *, timeout: float, stalled: bool = False
    ) -> None:
        """Take the lookups that arrived (waiting up to ``timeout`` s for
        one) and judge every document they complete. ``stalled``: nothing
        else will make progress, so documents waiting with no lookup
        outstanding are judged with what there is."""
        if stalled and not stream.outstanding and self._pending.release():
            # A lookup handed back under another key than asked would
            # otherwise stall the run.
            logger.warning("lookups missing with none outstanding; judged as not looked up")
        arrived = stream.answers(timeout=timeout) if stream.outstanding else []
        self._resolved += len(arrived)
        self._pending.arrived(arrived)
        while (waiting := self._pending.next_ready()) is not None:
            document = waiting.document
            if document is None:
                document = self._read_again(waiting)
                if document is not None and document.sha256 != waiting.sha256:
                    logger.info("%s changed while the audit ran: read as it is now", waiting.path)
                    self._pending.done(waiting)
                    self._wait_for(document, stream)
                    continue
            if document is not None:
                lookups = self._pending.lookups_for(waiting)
                audit = judge_document(
                    document,
                    lookups,
                    severities=self._options.severities,
                    search=self._options.search,
                )
                if self._options.search:
                    # A wrong identifier: the document waits for the search
                    # that finds the right one, and is judged again.
                    ask = self._pending.wait_longer(waiting, followup_searches(audit))
                    if ask is not None:
                        self._asked += len(ask)
                        stream.ask(ask)
                        continue
                self._judged(audit)
            self._pending.done(waiting)
        # Also when nothing was judged: the batch may be waiting for a
        # document that is slow to come (this runs every PROGRESS_EVERY s).
        self._write_if_due()
        self._report_progress()

    def _read_again(self, waiting: Waiting) -> Document | None:
        """The document of ``waiting``, read again; None (and a read error)
        when it cannot be read any more."""
        try:
            return read_document(
                waiting.path, fmt=self._options.fmt, max_bytes=self._options.max_bytes
            )
        except InputError as exc:
            self._read_error(ReadError(path=exc.path, reason=exc.reason))
            return None

    def _read_error(self, error: ReadError) -> None:
        # Written at once: a run stopped later still reports it.
        self._errors.append(error)
        if self._report is not None:
            self._report.add_read_errors(self._run_id, [error])

    def _judged(self, audit: DocumentAudit) -> None:
        self._tally.add(audit)
        if self._keep:
            self._audits.append(audit)
        if self._on_judged is not None:
            self._on_judged(audit)
        if self._report is not None:
            if not self._batch:
                self._batch_since = self._clock()
            self._batch.append(audit)
            self._write_if_due()

    def _write_if_due(self) -> None:
        """Write the batch when it is full or its first document waited long enough."""
        if self._batch and (
            len(self._batch) >= self._options.batch_size
            or self._clock() - self._batch_since >= self._options.commit_within
        ):
            self._write_batch()

    def _write_judged_before_stop(self) -> None:
        try:
            self._write_batch()
        except ReportError as exc:
            # The stop goes on: those documents are judged again on resume.
            logger.warning("documents judged before the stop not written: %s", exc)

    def _write_batch(self) -> None:
        # Taken out before it is written: a batch whose transaction a stop
        # rolls back is judged again on resume, and one written is never
        # written a second time by the stop's own write.
        batch, self._batch = self._batch, []
        if self._report is not None and batch:
            self._report.add_audits(self._run_id, batch)

    def _report_progress(self) -> None:
        self._progress.update(
            Status(
                total=self._total,
                read=self._read,
                reading=self._reading,
                asked=self._asked,
                resolved=self._resolved,
                waiting=self._resolver.waiting(),
                judged=self._tally.documents + self._done_before + len(self._errors),
                findings=sum(self._tally.findings.values()),
            )
        )


def followup_searches(audit: DocumentAudit) -> list[Identifier]:
    """The searches ``audit``'s verdicts call for: the right identifier of
    each entry whose own is wrong."""
    entries = {entry.label: entry for entry in audit.document.entries}
    found = []
    for verdict in audit.verdicts:
        entry = entries.get(verdict.entry_label)
        if entry is not None and (query := followup_search(entry, verdict)) is not None:
            found.append(query)
    return found


def _searches_used(entry: Entry, verdict: Verdict) -> list[Identifier]:
    """The search whose lookup ``verdict`` may rest on: an entry's own, when
    it has no identifier a service resolves, or the one for the right
    identifier of a wrong one. Built only then: building a query reads the
    whole entry text, too much to do for every entry of a corpus."""
    if any(i.type in SERVICE_OF for i in entry.identifiers):
        query = followup_search(entry, verdict)
        return [query] if query is not None else []
    found = query_for_entry(entry)
    return [query_identifier(found)] if found is not None else []


def judge_document(
    document: Document,
    lookups: Mapping[str, Lookup],
    *,
    severities: Mapping[FindingCode, Severity] = DEFAULT_SEVERITY,
    search: bool = True,
) -> DocumentAudit:
    """The reading checks, one verdict per reference-list entry, and the
    findings on the trial numbers of the running text; with ``search``,
    entries without an identifier are judged by their searches."""
    findings = check_document(document)
    verdicts: list[Verdict] = []
    used: dict[str, Lookup] = {}
    for entry in document.entries:
        if entry.role is not EntryRole.REFERENCE:
            continue
        verdict = judge_entry(entry, lookups, severities=severities, search=search)
        verdicts.append(verdict)
        finding = verdict_finding(verdict, document.path)
        if finding is not None:
            findings.append(finding)
        searches = [] if not search else _searches_used(entry, verdict)
        for identifier in (*entry.identifiers, *searches):
            if identifier.key in lookups:
                used[identifier.key] = lookups[identifier.key]
    findings.extend(text_identifier_findings(document, lookups, severities=severities))
    for identifier in checked_in_text(document):
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
    # Recovery of a missing reference list (citecheck.judge.recovery).
    findings = with_recovered_list(document, findings, lookups)
    findings.sort(key=lambda f: (f.location or Location(0, 0), f.code.value))
    return DocumentAudit(document, tuple(findings), tuple(verdicts), tuple(used.values()))
