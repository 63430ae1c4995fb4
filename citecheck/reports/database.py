"""The audit report as a SQLite database, appended to by every run.

One file (``citecheck-report.db`` unless told otherwise) keeps every run:
``runs`` (one row per run: when, which version, the settings, how it
ended), ``documents`` (one per file, unreadable ones included), then the
``references`` (entries and links, each with its verdict), ``citations``,
``records`` (one per identifier looked up in a run) and ``findings`` of each
document. The views ``run_summary``, ``document_summary`` and
``latest_findings`` answer the usual questions in plain SQL.

A run is written as it goes: :meth:`ReportDatabase.add_audits` commits each
batch of documents in one transaction of its own, so a run that is
interrupted, or whose process dies, keeps every batch committed before; its
status then stays ``running`` (or ``interrupted``, when the caller could
still say so).

The file is opened as the lookup cache is (:mod:`citecheck.cache.store`):
WAL mode, so readers never wait for the writer; a busy timeout, so writers
wait for each other; ``BEGIN IMMEDIATE`` for every write. It is marked with
its own ``PRAGMA application_id``, and its layout version is kept in
``PRAGMA user_version``. Unlike the cache, a report is never dropped: a
database of another application or another layout version is refused with
:class:`ReportError` and left as it was.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum, StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils import Database

from citecheck.errors import CitecheckError
from citecheck.models import (
    Entry,
    EntryRole,
    Finding,
    FindingCode,
    Lookup,
    ReadError,
    Record,
    Severity,
    Verdict,
)
from citecheck.reports import codec
from citecheck.results import AuditResult, DocumentAudit

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Version of the table layout, kept in ``PRAGMA user_version``."""

APPLICATION_ID = 0x43437270
"""``PRAGMA application_id`` of a citecheck report (``CCrp``)."""

BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another process's write before giving up."""

DEFAULT_REPORT_PATH = "citecheck-report.db"
"""Where the command line writes the report unless told otherwise."""

_SECRET_WORDS = ("key", "token", "secret", "password")
"""A setting whose name contains one of these is never stored."""

_VERDICT_COLUMNS: tuple[FindingCode, ...] = (
    FindingCode.VERIFIED,
    FindingCode.VERIFIED_WITH_NOTES,
    FindingCode.WRONG_WORK,
    FindingCode.METADATA_MISMATCH,
    FindingCode.IDENTIFIER_NOT_FOUND,
    FindingCode.REGISTERED_ELSEWHERE,
    FindingCode.IDENTIFIERS_DISAGREE,
    FindingCode.RETRACTED,
    FindingCode.EXPRESSION_OF_CONCERN,
    FindingCode.CORRECTED,
    FindingCode.UNVERIFIABLE,
    FindingCode.COULD_NOT_VERIFY,
)
"""The verdict codes ``run_summary`` counts, one column each. Spelled out
rather than taken from VERDICT_CODES: a new code changes the view, and so
needs a new SCHEMA_VERSION."""

# "line 12", "lines 3, 7 and 9", "12:5": what moves when text is edited.
_LINE_NUMBERS = re.compile(r"\blines?\s+\d+(?:(?:\s*[-–,]\s*|\s+and\s+)\d+)*|\b\d+:\d+\b")


class ReportError(CitecheckError):
    """The report file cannot be used: not a SQLite database, corrupted,
    another application's database, a layout this version cannot read,
    locked for longer than the busy timeout; or a run that does not exist or
    is no longer running. The message is one line."""


class RunStatus(StrEnum):
    """How a run stands."""

    RUNNING = "running"
    """Started and not finished: still going, or its process died."""
    COMPLETED = "completed"
    """Every document was audited."""
    INTERRUPTED = "interrupted"
    """Stopped early (Ctrl-C, SIGTERM); what was written before is kept."""
    FAILED = "failed"
    """Stopped by an error; what was written before is kept."""


@dataclass(frozen=True, slots=True)
class RunRow:
    """One run as :meth:`ReportDatabase.runs` lists it. The counts are those
    of the rows written so far, so a running run shows its progress."""

    id: int
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    version: str
    command: str
    documents: int
    read_errors: int
    references: int
    findings: int
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True, slots=True)
class RunDiff:
    """What changed between two runs: findings of ``new_run`` that
    ``old_run`` did not have, and findings of ``old_run`` gone from ``new_run``."""

    old_run: int
    new_run: int
    new: tuple[Finding, ...]
    fixed: tuple[Finding, ...]
    unchanged: int


class ReportDatabase:
    """The report file: runs written batch by batch, read back whole.

    Create one with :meth:`open`; close it with :meth:`close` or a ``with``
    block. Threads may share it. Every method raises :class:`ReportError`
    when SQLite fails or a run id is unknown.
    """

    def __init__(self, db: Database, *, path: Path, clock: Callable[[], datetime]) -> None:
        # Use open(), which also checks and prepares the file.
        self._db = db
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(
        cls, path: str | Path, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> ReportDatabase:
        """Open the report at ``path``, creating the file, its directory and
        its tables if needed. ``clock`` gives the times runs start and end.

        Runs that other processes left ``running`` are not touched: they may
        still be going. Returns the database. Raises :class:`ReportError` when
        the file is not a SQLite database, is corrupted, belongs to another
        application or has a layout this version cannot read (the file is
        then left unchanged), or cannot be created or opened.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise ReportError(f"cannot open {path}: {exc}") from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            db = Database(conn, execute_plugins=False)
            _prepare_when_free(db, path)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.Error):
                raise ReportError(f"cannot use {path} as a report: {exc}") from exc
            raise
        return cls(db, path=path, clock=clock)

    @property
    def path(self) -> Path:
        return self._path

    def start_run(self, *, version: str, command: str, settings: Mapping[str, Any]) -> int:
        """Record a new run as ``running`` and return its id. Settings whose
        name contains "key", "token", "secret" or "password" are left out,
        at any depth."""
        row = {
            "started_at": _iso(self._clock()),
            "version": version,
            "command": command,
            "settings": json.dumps(_public(settings), default=_json_default, ensure_ascii=False),
            "status": RunStatus.RUNNING.value,
        }
        with self._using("write to"), self._transaction():
            return self._insert("runs", row)

    def add_audits(self, run_id: int, audits: Sequence[DocumentAudit]) -> None:
        """Write the audited documents of a running run in one transaction:
        all of them, or none when something fails. Raises ReportError when
        the run is not running or a verdict names no entry of its document."""
        with self._using("write to"), self._transaction():
            self._require_running(run_id)
            for audit in audits:
                self._write_audit(run_id, audit)

    def add_read_errors(self, run_id: int, errors: Sequence[ReadError]) -> None:
        """Write the files of a running run that could not be read."""
        with self._using("write to"), self._transaction():
            self._require_running(run_id)
            for error in errors:
                self._insert(
                    "documents", {"run_id": run_id, "path": error.path, "read_error": error.reason}
                )

    def add_corpus_findings(self, run_id: int, findings: Sequence[Finding]) -> None:
        """Write findings of a running run that span documents."""
        with self._using("write to"), self._transaction():
            self._require_running(run_id)
            for finding in findings:
                self._insert("findings", {"run_id": run_id, **codec.finding_columns(finding)})

    def finish_run(self, run_id: int, status: RunStatus) -> None:
        """Mark a running run as ended with ``status``, setting its end time
        and counts. Raises ValueError for RUNNING; ReportError when the run
        does not exist or has already ended."""
        status = RunStatus(status)
        if status is RunStatus.RUNNING:
            raise ValueError("a run cannot finish as running")
        with self._using("write to"), self._transaction():
            self._require_running(run_id)
            counts = self._db.execute(_COUNTS, [run_id] * len(_COUNT_COLUMNS)).fetchone()
            sets = ", ".join(f'"{name}" = ?' for name in _COUNT_COLUMNS)
            self._db.execute(
                f"UPDATE runs SET status = ?, finished_at = ?, {sets} WHERE id = ?",
                [status.value, _iso(self._clock()), *counts, run_id],
            )

    def mark_interrupted(self, run_id: int) -> None:
        """Finish a running run as INTERRUPTED (see :meth:`finish_run`)."""
        self.finish_run(run_id, RunStatus.INTERRUPTED)

    def runs(self) -> list[RunRow]:
        """Return every run, oldest first."""
        with self._using("read"):
            rows = list(self._db.query("SELECT * FROM run_summary ORDER BY run_id"))
        try:
            return [_run_row(row) for row in rows]
        except ValueError as exc:
            raise ReportError(f"cannot read the runs of {self._path}: {exc}") from exc

    def latest_run_id(self, *, completed_only: bool = False) -> int | None:
        """Return the id of the newest run (or newest completed run), or None."""
        where = f"WHERE status = '{RunStatus.COMPLETED.value}'" if completed_only else ""
        with self._using("read"):
            value = self._db.execute(f"SELECT MAX(id) FROM runs {where}").fetchone()[0]
        return None if value is None else int(value)

    def load(self, run_id: int) -> AuditResult:
        """Return the run as an AuditResult, as written so far (``run_id`` set).

        Read back whole: documents with their entries, links, citations,
        text identifiers and identifier problems; findings; verdicts, with
        the records they rest on; lookups; read errors; corpus findings.
        Raises ReportError for an unknown run or rows this version cannot read.
        """
        with self._using("read"), self._snapshot():
            self._require_run(run_id)
            tables = {
                name: list(
                    self._db.query(f'SELECT * FROM "{name}" WHERE run_id = ? ORDER BY id', [run_id])
                )
                for name in ("documents", "references", "citations", "findings", "records")
            }
            links = list(
                self._db.query(
                    "SELECT l.* FROM document_lookups l JOIN documents d ON d.id = l.document_id"
                    " WHERE d.run_id = ? ORDER BY l.document_id, l.position",
                    [run_id],
                )
            )
        try:
            return _rebuild(run_id, tables, links)
        except ValueError as exc:
            raise ReportError(f"cannot read run {run_id} of {self._path}: {exc}") from exc

    def diff(self, old_run: int, new_run: int) -> RunDiff:
        """Compare the findings of two runs. Findings match on their path,
        code, entry label (or message without line numbers) and identifier,
        never on line numbers, which move when text is edited. Returns the
        findings new in ``new_run`` and those of ``old_run`` that are gone."""
        old = self._keyed_findings(old_run)
        new = self._keyed_findings(new_run)
        added = _unmatched(new, Counter(key for key, _ in old))
        fixed = _unmatched(old, Counter(key for key, _ in new))
        return RunDiff(old_run, new_run, added, fixed, unchanged=len(new) - len(added))

    def close(self) -> None:
        """Close the file. Closing twice does nothing."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReportDatabase({str(self._path)!r})"

    # Writing

    def _write_audit(self, run_id: int, audit: DocumentAudit) -> None:
        document = audit.document
        document_id = self._insert(
            "documents", {"run_id": run_id, **codec.document_columns(document)}
        )
        # The records of this document's lookups, by their JSON, so that a
        # verdict resting on one of them points at its row.
        stored: dict[str, int] = {}
        for position, lookup in enumerate(audit.lookups):
            record_id, record_text = self._record_row(run_id, lookup)
            if record_text is not None:
                stored.setdefault(record_text, record_id)
            self._insert(
                "document_lookups",
                {
                    "document_id": document_id,
                    "position": position,
                    "record_id": record_id,
                    "identifier": codec.identifier_text(lookup.identifier),
                },
            )
        verdicts = _assign_verdicts(document.path, document.entries, audit.verdicts)
        references: list[tuple[Entry, int]] = []
        for index, entry in enumerate((*document.entries, *document.links)):
            row = {"run_id": run_id, "document_id": document_id, **codec.entry_columns(entry)}
            row["in_reference_list"] = int(index < len(document.entries))
            verdict = verdicts.get(index)
            if verdict is not None:
                row |= codec.verdict_columns(verdict)
                if verdict.record is not None:
                    text = codec.record_json(verdict.record)
                    row["record_id"] = stored.get(text)
                    # A record no lookup of the document holds is kept here.
                    row["verdict_record"] = None if row["record_id"] else text
            references.append((entry, self._insert("references", row)))
        for citation in document.citations:
            row = {"run_id": run_id, "document_id": document_id}
            self._insert("citations", row | codec.citation_columns(citation))
        for finding in audit.findings:
            row = {"run_id": run_id, "document_id": document_id}
            row["reference_id"] = _reference_of(finding, references)
            self._insert("findings", row | codec.finding_columns(finding))

    def _record_row(self, run_id: int, lookup: Lookup) -> tuple[int, str | None]:
        """The id and record JSON of the run's row for the lookup's identifier,
        created when it is the run's first lookup of it."""
        found = self._db.execute(
            "SELECT id, record FROM records WHERE run_id = ? AND id_key = ?",
            [run_id, lookup.identifier.key],
        ).fetchone()
        if found is not None:
            return int(found[0]), found[1]
        row = {"run_id": run_id, **codec.lookup_columns(lookup)}
        return self._insert("records", row), row["record"]

    def _insert(self, table: str, row: Mapping[str, Any]) -> int:
        columns = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" * len(row))
        cursor = self._db.conn.execute(
            f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _require_run(self, run_id: int) -> str:
        found = self._db.execute("SELECT status FROM runs WHERE id = ?", [run_id]).fetchone()
        if found is None:
            raise ReportError(f"{self._path} has no run {run_id}")
        return str(found[0])

    def _require_running(self, run_id: int) -> None:
        status = self._require_run(run_id)
        if status != RunStatus.RUNNING.value:
            raise ReportError(f"run {run_id} of {self._path} is {status}, no longer running")

    # Reading

    def _keyed_findings(self, run_id: int) -> list[tuple[tuple[str, ...], Finding]]:
        with self._using("read"), self._snapshot():
            self._require_run(run_id)
            rows = list(
                self._db.query(
                    'SELECT f.*, r.verdict_identifier FROM findings f LEFT JOIN "references" r'
                    " ON r.id = f.reference_id WHERE f.run_id = ? ORDER BY f.id",
                    [run_id],
                )
            )
        try:
            return [_diff_key(row) for row in rows]
        except ValueError as exc:
            raise ReportError(f"cannot read run {run_id} of {self._path}: {exc}") from exc

    # Plumbing

    @contextmanager
    def _using(self, action: str) -> Iterator[None]:
        """Hold the database for one operation; turn SQLite errors into ReportError."""
        with self._lock:
            if self._closed:
                raise ReportError(f"cannot {action} {self._path}: the report is closed")
            try:
                yield
            except sqlite3.Error as exc:
                raise ReportError(f"cannot {action} {self._path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock at once, waiting up to the busy
        # timeout, rather than failing when a read must become a write.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        # One read transaction: a batch another process commits meanwhile is
        # seen whole or not at all.
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.rollback()


_COUNT_COLUMNS: tuple[str, ...] = ("documents", "read_errors", "references", "links")
_COUNT_COLUMNS += ("findings", "errors", "warnings", "infos")
_COUNTS = f"""
SELECT
    (SELECT COUNT(*) FROM documents WHERE run_id = ?),
    (SELECT COUNT(*) FROM documents WHERE run_id = ? AND read_error IS NOT NULL),
    (SELECT COUNT(*) FROM "references" WHERE run_id = ? AND role = '{EntryRole.REFERENCE.value}'),
    (SELECT COUNT(*) FROM "references" WHERE run_id = ? AND role = '{EntryRole.LINK.value}'),
    (SELECT COUNT(*) FROM findings WHERE run_id = ?),
    (SELECT COUNT(*) FROM findings WHERE run_id = ? AND severity = 'error'),
    (SELECT COUNT(*) FROM findings WHERE run_id = ? AND severity = 'warning'),
    (SELECT COUNT(*) FROM findings WHERE run_id = ? AND severity = 'info')
"""


def _assign_verdicts(
    path: str, entries: Sequence[Entry], verdicts: Sequence[Verdict]
) -> dict[int, Verdict]:
    """Each verdict's entry, by index: the reference entry with its label
    (and, among entries sharing a label, its location). Raises ReportError
    for a verdict that names no such entry."""
    free: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        if entry.role is EntryRole.REFERENCE:
            free[entry.label].append(index)
    assigned: dict[int, Verdict] = {}
    for verdict in verdicts:
        slots = free.get(verdict.entry_label)
        if not slots:
            raise ReportError(
                f"{path}: a verdict on entry {verdict.entry_label!r} matches no reference entry"
            )
        chosen = next((i for i in slots if entries[i].location == verdict.location), slots[0])
        slots.remove(chosen)
        assigned[chosen] = verdict
    return assigned


def _reference_of(finding: Finding, references: Sequence[tuple[Entry, int]]) -> int | None:
    """The row id of the entry a finding is about: the one with its label
    (or alias) whose lines hold the finding, else a reference entry, else
    any; None when the finding names no entry of the document."""
    label = finding.entry_label
    if label is None:
        return None
    candidates = [(e, i) for e, i in references if e.label == label] or [
        (e, i) for e, i in references if label in e.aliases
    ]
    if not candidates:
        return None
    line = finding.location.line if finding.location else None

    def rank(item: tuple[Entry, int]) -> tuple[bool, bool]:
        entry = item[0]
        last = entry.end_line or entry.location.line
        holds = line is not None and entry.location.line <= line <= last
        return (not holds, entry.role is not EntryRole.REFERENCE)

    return min(candidates, key=rank)[1]


def _rebuild(
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


def _diff_key(row: dict[str, Any]) -> tuple[tuple[str, ...], Finding]:
    finding = codec.finding_from_row(row)
    if row["verdict_identifier"] is not None:
        identifier = codec.parse_identifier(row["verdict_identifier"]).key
    else:
        identifier = finding.evidence_dict().get("identifier", "").lower()
    what = finding.entry_label
    if what is None:
        what = _LINE_NUMBERS.sub("#", finding.message)
    return (finding.path, finding.code.value, what, identifier), finding


def _unmatched(
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


def _run_row(row: dict[str, Any]) -> RunRow:
    finished = row["finished_at"]
    return RunRow(
        id=int(row["run_id"]),
        status=RunStatus(row["status"]),
        started_at=datetime.fromisoformat(row["started_at"]),
        finished_at=None if finished is None else datetime.fromisoformat(finished),
        version=row["version"],
        command=row["command"],
        documents=int(row["documents"]),
        read_errors=int(row["read_errors"]),
        references=int(row["references"]),
        findings=int(row["findings"]),
        errors=int(row["errors"]),
        warnings=int(row["warnings"]),
        infos=int(row["infos"]),
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _public(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings without any whose name suggests a secret, at any depth."""
    kept: dict[str, Any] = {}
    for name, value in settings.items():
        if any(word in str(name).lower() for word in _SECRET_WORDS):
            continue
        kept[str(name)] = _public_value(value)
    return kept


def _public_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _public(value)
    if isinstance(value, list | tuple):
        return [_public_value(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value if isinstance(value.value, str) else value.name.lower()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)  # paths, times and the like


# The layout


def _prepare_when_free(db: Database, path: Path) -> None:
    """``_prepare``, tried again while other processes hold a new file:
    switching it to WAL and creating its tables may meet "locked" at once."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.01
    while True:
        try:
            _prepare(db, path)
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                raise
            db.rollback()
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def _prepare(db: Database, path: Path) -> None:
    """Refuse a file that is no report of this layout before changing
    anything (WAL mode included), then switch to WAL and create the tables
    of a new file. Raises ReportError; sqlite3.Error when SQLite fails."""
    db.execute("BEGIN")
    try:
        layout = _layout(db)
        _refuse(db, path, *layout)
    finally:
        db.execute("ROLLBACK")
    if db.journal_mode != "wal":
        db.enable_wal()
        if db.journal_mode != "wal":  # some file systems cannot share memory
            logger.warning("report %s cannot use WAL mode; readers may wait", path)
    if layout == (APPLICATION_ID, SCHEMA_VERSION):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have just
        # created the tables.
        layout = _layout(db)
        _refuse(db, path, *layout)
        if layout[0] != APPLICATION_ID:
            _create_schema(db)
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _layout(db: Database) -> tuple[int, int]:
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    return int(application_id), int(version)


def _refuse(db: Database, path: Path, application_id: int, version: int) -> None:
    """Raise ReportError unless the file is empty or a report of this layout."""
    if application_id != APPLICATION_ID:
        if application_id != 0 or db.table_names():
            raise ReportError(f"{path} is a database of another application, not a report")
    elif version > SCHEMA_VERSION:
        raise ReportError(
            f"{path} was written by a newer citecheck (report layout {version}; this "
            f"version reads layout {SCHEMA_VERSION}): upgrade citecheck, or use another file"
        )
    elif version != SCHEMA_VERSION:
        raise ReportError(f"{path} has report layout {version}, which this version cannot read")


# Each table's columns ("name type", "!" marking NOT NULL) and foreign keys
# (column, table); every key is an "id" column, the primary key of its table
# (but document_lookups', which is its document and position).
_TABLES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "runs": (
        """id int, started_at str!, finished_at str, version str!, command str!,
        settings str!, status str!, documents int, read_errors int, references int,
        links int, findings int, errors int, warnings int, infos int""",
        (),
    ),
    "documents": (
        """id int, run_id int!, path str!, sha256 str, format str, size int, entries int,
        links int, citations int, read_error str, reference_heading_line int,
        reference_heading_column int, text_identifiers str, text_identifier_sources str,
        identifier_problems str""",
        (("run_id", "runs"),),
    ),
    "records": (
        """id int, run_id int!, identifier str!, id_key str!, id_type str!, id_value str!,
        service str!, status str!, agency str, reason str, fetched_at float,
        from_cache int, record str, title str, first_author str, year int, journal str,
        doi str, pmid str, pmcid str""",
        (("run_id", "runs"),),
    ),
    "document_lookups": (
        "document_id int!, position int!, record_id int!, identifier str!",
        (("document_id", "documents"), ("record_id", "records")),
    ),
    "references": (
        """id int, run_id int!, document_id int!, label str!, number int, role str!,
        in_reference_list int, line int!, column int!, end_line int, raw str!,
        aliases str, claimed_authors str, claimed_et_al int, claimed_year int,
        claimed_title str, claimed_title_kind str, claimed_journal str,
        claimed_volume str, claimed_issue str, claimed_pages str, claimed_site str,
        identifiers str, identifier_sources str, url str, verdict str,
        verdict_severity str, verdict_message str, verdict_line int, verdict_column int,
        verdict_identifier str, verdict_claimed str, verdict_recorded str,
        verdict_scores str, verdict_notes str, verdict_reason str, verdict_record str,
        record_id int""",
        (("run_id", "runs"), ("document_id", "documents"), ("record_id", "records")),
    ),
    "citations": (
        """id int, run_id int!, document_id int!, marker str!, style str!, line int!,
        column int!, labels str, author_years str""",
        (("run_id", "runs"), ("document_id", "documents")),
    ),
    "findings": (
        """id int, run_id int!, document_id int, reference_id int, code str!,
        severity str!, message str!, claimed str, recorded str, scores str,
        evidence str, path str!, line int, column int, entry_label str""",
        (("run_id", "runs"), ("document_id", "documents"), ("reference_id", "references")),
    ),
}
_TYPES: dict[str, type] = {"int": int, "str": str, "float": float}


def _create_schema(db: Database) -> None:
    for table, (spec, foreign) in _TABLES.items():
        columns: dict[str, type] = {}
        not_null: set[str] = set()
        for item in spec.split(","):
            name, kind = item.split()
            if kind.endswith("!"):
                not_null.add(name)
            columns[name] = _TYPES[kind.rstrip("!")]
        db.table(table).create(
            columns,
            pk=("document_id", "position") if table == "document_lookups" else "id",
            foreign_keys=[(column, other, "id") for column, other in foreign],
            not_null=not_null,
        )
    for table, index, unique in _INDEXES:
        name = f"idx_{table}_{'_'.join(index)}"
        db.table(table).create_index(index, index_name=name, unique=unique)
    for name, sql in _views().items():
        db.create_view(name, sql)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


_INDEXES: tuple[tuple[str, list[str], bool], ...] = (
    ("documents", ["run_id", "path"], False),
    ("references", ["document_id"], False),
    ("references", ["run_id", "verdict"], False),
    ("citations", ["run_id"], False),
    ("records", ["run_id", "identifier"], False),
    ("records", ["identifier"], False),
    # One row per identifier and run, whatever the case it was cited in.
    ("records", ["run_id", "id_key"], True),
    ("findings", ["run_id", "severity"], False),
    ("findings", ["run_id", "code"], False),
    ("findings", ["document_id"], False),
)


def _views() -> dict[str, str]:
    def count(table: str, where: str) -> str:
        return f'(SELECT COUNT(*) FROM "{table}" x WHERE {where})'

    severities = [s.label for s in sorted(Severity, key=lambda s: -s.value)]
    in_run = "x.run_id = runs.id"
    run_summary = [
        "runs.id AS run_id",
        "runs.status",
        "runs.started_at",
        "runs.finished_at",
        "runs.version",
        "runs.command",
        f"{count('documents', in_run)} AS documents",
        f"{count('documents', in_run + ' AND x.read_error IS NOT NULL')} AS read_errors",
        f"""{count("references", in_run + " AND x.role = 'reference'")} AS "references\"""",
        f"{count('findings', in_run)} AS findings",
        *(f"{count('findings', f'{in_run} AND x.severity = {s!r}')} AS {s}s" for s in severities),
        *(
            f"{count('references', f'{in_run} AND x.verdict = {c.value!r}')}"
            f" AS {c.value.replace('-', '_')}"
            for c in _VERDICT_COLUMNS
        ),
    ]
    in_document = "x.document_id = d.id"
    verified = (FindingCode.VERIFIED.value, FindingCode.VERIFIED_WITH_NOTES.value)
    rank = " ".join(f"WHEN {s.label!r} THEN {s.value}" for s in Severity)
    document_summary = [
        "d.run_id",
        "d.id AS document_id",
        "d.path",
        "d.format",
        "d.read_error",
        f"""{count("references", in_document + " AND x.role = 'reference'")} AS "references\"""",
        f"{count('references', f'{in_document} AND x.verdict IN {verified!r}')} AS verified",
        *(
            f"{count('findings', f'{in_document} AND x.severity = {s!r}')} AS {s}s"
            for s in severities
        ),
        "(SELECT x.severity FROM findings x WHERE x.document_id = d.id"
        f" ORDER BY CASE x.severity {rank} END DESC LIMIT 1) AS worst_severity",
    ]
    joined = ",\n    ".join
    return {
        "run_summary": f"SELECT\n    {joined(run_summary)}\nFROM runs",
        "document_summary": f"SELECT\n    {joined(document_summary)}\nFROM documents d",
        "latest_findings": f"""SELECT
    f.id AS finding_id, f.run_id, COALESCE(d.path, f.path) AS path, f.line, f.column,
    f.severity, f.code, f.message, f.entry_label, r.verdict_identifier AS identifier,
    f.claimed, f.recorded
FROM findings f
LEFT JOIN documents d ON d.id = f.document_id
LEFT JOIN "references" r ON r.id = f.reference_id
WHERE f.run_id = (SELECT MAX(id) FROM runs WHERE status = '{RunStatus.COMPLETED.value}')
ORDER BY path, f.line, f.column, f.id""",
    }
