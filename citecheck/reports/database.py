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
interrupted, or whose process dies, keeps every batch committed before (the
audit hands over a batch within :data:`citecheck.audit.COMMIT_WITHIN` of
its first document being judged, and all it holds when stopped); its
status is then ``interrupted`` (or stays ``running`` when the process was
killed outright). A running run has an owner (process, host, heartbeat:
:mod:`citecheck.reports.ownership`), and :meth:`ReportDatabase.resume_run`
takes over only a run that owner abandoned.

The file is opened as the lookup cache is (:mod:`citecheck.cache.store`):
WAL mode, so readers never wait for the writer; a busy timeout, so writers
wait for each other; ``BEGIN IMMEDIATE`` for every write. It is marked with
its own ``PRAGMA application_id``, and its layout version is kept in
``PRAGMA user_version``. Unlike the cache, a report is never dropped: a
database of another application or another layout version is refused with
:class:`ReportError` and left as it was. The layout, and the checks a file
passes before it is used, are in :mod:`citecheck.reports.schema`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils import Database

from citecheck.errors import ReportError as ReportError
from citecheck.models import Entry, EntryRole, Finding, Lookup, ReadError, Verdict
from citecheck.reports import codec, ownership, reading, schema
from citecheck.reports.schema import APPLICATION_ID as APPLICATION_ID
from citecheck.reports.schema import SCHEMA_VERSION as SCHEMA_VERSION
from citecheck.reports.schema import RunStatus as RunStatus
from citecheck.results import AuditResult, DocumentAudit
from citecheck.sqlite_files import Guard, write_transaction

DEFAULT_REPORT_PATH = "citecheck-report.db"
"""Where the command line writes the report unless told otherwise."""

_SECRET_WORDS = ("key", "token", "secret", "password")
"""A setting whose name contains one of these is never stored."""


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
        self._guard = Guard(db, path, error=ReportError, name="report")

    @classmethod
    def open(
        cls, path: str | Path, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> ReportDatabase:
        """Open the report at ``path``, creating the file, its directory and
        its tables if needed. ``clock`` gives the times runs start and end.

        Runs that other processes left ``running`` are not touched: they may
        still be going. A damaged file (one SQLite's quick check faults) is
        refused, with the command that recovers its rows. Returns the database. Raises :class:`ReportError` when
        the file is not a SQLite database, is corrupted, belongs to another
        application or has a layout this version cannot read (the file is
        then left unchanged), or cannot be created or opened.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=schema.BUSY_TIMEOUT, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise ReportError(f"cannot open {path}: {exc}") from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            db = Database(conn, execute_plugins=False)
            schema.prepare(db, path)
            # Appending to a damaged file would bury the damage under new
            # runs: it is refused, with the way to save what it holds.
            verdict = str(db.execute("PRAGMA quick_check(1)").fetchone()[0])
            if verdict != "ok":
                raise _damaged(path, verdict)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc):
                raise _damaged(path, str(exc)) from exc
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
            **self._ownership(),
        }
        with self._guard.using("write to"), self._transaction():
            return self._insert("runs", row)

    def beat(self, run_id: int) -> None:
        """Renew the heartbeat of a run this process owns and is writing."""
        me = ownership.Owner.this_process()
        with self._guard.using("write to"), self._transaction():
            self._db.execute(
                "UPDATE runs SET heartbeat_at = ?"
                " WHERE id = ? AND status = ? AND owner_pid = ? AND owner_host = ?",
                [_iso(self._clock()), run_id, RunStatus.RUNNING.value, me.pid, me.host],
            )

    def resume_run(self, run_id: int, *, settings: Mapping[str, Any]) -> set[tuple[str, str]]:
        """Reopen a run that did not complete, to go on where it stopped.

        Only an abandoned run is taken over (see
        :mod:`citecheck.reports.ownership`); this process becomes its owner.
        Returns the (path, sha256) of the documents it already judged, which
        the caller skips. Its unreadable-file rows and corpus findings are
        removed, to be written afresh. Raises ReportError when the run
        completed, is still owned by a live process, or was started with
        other settings.
        """
        wanted = json.dumps(_public(settings), default=_json_default, ensure_ascii=False)
        with self._guard.using("write to"), self._transaction():
            status = self._require_run(run_id)
            if status == RunStatus.COMPLETED.value:
                raise ReportError(f"run {run_id} of {self._path} completed: nothing to resume")
            if status == RunStatus.RUNNING.value:
                self._refuse_if_owned(run_id)
            stored = self._db.execute(
                "SELECT settings FROM runs WHERE id = ?", [run_id]
            ).fetchone()[0]
            if json.loads(stored) != json.loads(wanted):
                raise ReportError(
                    f"run {run_id} was started with other settings ({stored}); "
                    "resume it with the same options, or start a new run"
                )
            self._db.execute(
                "DELETE FROM findings WHERE run_id = ? AND document_id IS NULL", [run_id]
            )
            self._db.execute(
                "DELETE FROM documents WHERE run_id = ? AND read_error IS NOT NULL", [run_id]
            )
            owner = self._ownership()
            self._db.execute(
                "UPDATE runs SET status = ?, finished_at = NULL,"
                " owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE id = ?",
                [RunStatus.RUNNING.value, *owner.values(), run_id],
            )
            rows = self._db.execute(
                "SELECT path, sha256 FROM documents WHERE run_id = ? AND read_error IS NULL",
                [run_id],
            ).fetchall()
        return {(str(path), str(sha)) for path, sha in rows}

    def add_audits(self, run_id: int, audits: Sequence[DocumentAudit]) -> None:
        """Write the audited documents of a running run in one transaction:
        all of them, or none when something fails. Raises ReportError when
        the run is not running or a verdict names no entry of its document."""
        with self._guard.using("write to"), self._transaction():
            self._require_running(run_id)
            for audit in audits:
                self._write_audit(run_id, audit)

    def add_read_errors(self, run_id: int, errors: Sequence[ReadError]) -> None:
        """Write the files of a running run that could not be read."""
        with self._guard.using("write to"), self._transaction():
            self._require_running(run_id)
            for error in errors:
                self._insert(
                    "documents", {"run_id": run_id, "path": error.path, "read_error": error.reason}
                )

    def add_corpus_findings(self, run_id: int, findings: Sequence[Finding]) -> None:
        """Write findings of a running run that span documents."""
        with self._guard.using("write to"), self._transaction():
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
        with self._guard.using("write to"), self._transaction():
            self._require_running(run_id)
            counts = self._db.execute(
                schema.COUNTS, [run_id] * len(schema.COUNT_COLUMNS)
            ).fetchone()
            sets = ", ".join(f'"{name}" = ?' for name in schema.COUNT_COLUMNS)
            self._db.execute(
                f"UPDATE runs SET status = ?, finished_at = ?, {sets} WHERE id = ?",
                [status.value, _iso(self._clock()), *counts, run_id],
            )

    def mark_interrupted(self, run_id: int) -> None:
        """Finish a running run as INTERRUPTED (see :meth:`finish_run`)."""
        self.finish_run(run_id, RunStatus.INTERRUPTED)

    def runs(self) -> list[RunRow]:
        """Return every run, oldest first."""
        with self._guard.using("read"):
            rows = list(self._db.query("SELECT * FROM run_summary ORDER BY run_id"))
        try:
            return [_run_row(row) for row in rows]
        except ValueError as exc:
            raise ReportError(f"cannot read the runs of {self._path}: {exc}") from exc

    def latest_run_id(self, *, completed_only: bool = False) -> int | None:
        """Return the id of the newest run (or newest completed run), or None."""
        where = f"WHERE status = '{RunStatus.COMPLETED.value}'" if completed_only else ""
        with self._guard.using("read"):
            value = self._db.execute(f"SELECT MAX(id) FROM runs {where}").fetchone()[0]
        return None if value is None else int(value)

    def load(self, run_id: int) -> AuditResult:
        """Return the run as an AuditResult, as written so far (``run_id`` set).

        Read back whole: documents with their entries, links, citations,
        text identifiers and identifier problems; findings; verdicts, with
        the records they rest on; lookups; read errors; corpus findings.
        Raises ReportError for an unknown run or rows this version cannot read.
        """
        with self._guard.using("read"), self._snapshot():
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
            return reading.rebuild(run_id, tables, links)
        except ValueError as exc:
            raise ReportError(f"cannot read run {run_id} of {self._path}: {exc}") from exc

    def diff(self, old_run: int, new_run: int) -> RunDiff:
        """Compare the findings of two runs. Findings match on their path,
        code, entry label (or message without line numbers) and identifier,
        never on line numbers, which move when text is edited. Returns the
        findings new in ``new_run`` and those of ``old_run`` that are gone."""
        old = self._keyed_findings(old_run)
        new = self._keyed_findings(new_run)
        added = reading.unmatched(new, Counter(key for key, _ in old))
        fixed = reading.unmatched(old, Counter(key for key, _ in new))
        return RunDiff(old_run, new_run, added, fixed, unchanged=len(new) - len(added))

    def close(self) -> None:
        """Close the file. Closing twice does nothing."""
        self._guard.close()

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

    def _ownership(self) -> dict[str, Any]:
        """The owner columns of a run this process starts writing now."""
        me = ownership.Owner.this_process()
        return {"owner_pid": me.pid, "owner_host": me.host, "heartbeat_at": _iso(self._clock())}

    def _refuse_if_owned(self, run_id: int) -> None:
        """Raise ReportError when the running run ``run_id`` has a live owner."""
        pid, host, beat, started = self._db.execute(
            "SELECT owner_pid, owner_host, heartbeat_at, started_at FROM runs WHERE id = ?",
            [run_id],
        ).fetchone()
        owner = None if pid is None or host is None else ownership.Owner(int(pid), str(host))
        heartbeat = datetime.fromisoformat(beat or started)
        live = ownership.owned_by_another(owner, heartbeat, self._clock())
        if live is not None:
            raise ReportError(
                f"run {run_id} of {self._path} is still being written by {live}"
                f" (last heartbeat {_iso(heartbeat)}): let it finish, or start a new run"
                " without --resume"
            )

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
        base = {"run_id": run_id, "document_id": document_id}
        self._insert_many(
            "citations", [base | codec.citation_columns(c) for c in document.citations]
        )
        self._insert_many(
            "findings",
            [
                base
                | {"reference_id": _reference_of(finding, references)}
                | codec.finding_columns(finding)
                for finding in audit.findings
            ],
        )

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

    def _insert_many(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Rows that need no id back, in one statement (rows share their columns)."""
        if not rows:
            return
        names = list(rows[0])
        columns = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" * len(names))
        self._db.conn.executemany(
            f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
            [[row[name] for name in names] for row in rows],
        )

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
        with self._guard.using("read"), self._snapshot():
            self._require_run(run_id)
            rows = list(
                self._db.query(
                    'SELECT f.*, r.verdict_identifier FROM findings f LEFT JOIN "references" r'
                    " ON r.id = f.reference_id WHERE f.run_id = ? ORDER BY f.id",
                    [run_id],
                )
            )
        try:
            return [reading.diff_key(row) for row in rows]
        except ValueError as exc:
            raise ReportError(f"cannot read run {run_id} of {self._path}: {exc}") from exc

    # Plumbing

    def _transaction(self) -> AbstractContextManager[None]:
        return write_transaction(self._db)

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        # One read transaction: a batch another process commits meanwhile is
        # seen whole or not at all.
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.rollback()


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


def _damaged(path: Path, detail: str) -> ReportError:
    recovered = path.with_name(f"{path.stem}-recovered{path.suffix}")
    return ReportError(
        f"{path} is damaged ({' '.join(detail.split())}); recover what it holds with"
        f" `sqlite3 {path} .recover | sqlite3 {recovered}`, then use --report {recovered}"
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
