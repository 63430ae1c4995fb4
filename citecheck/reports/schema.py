"""The layout of the report file: its tables, indexes and views, and how a
file is checked and prepared before a :class:`~citecheck.reports.database.ReportDatabase`
uses it.

A report is marked with its own ``PRAGMA application_id``
(:data:`APPLICATION_ID`) and keeps its layout version in ``PRAGMA
user_version`` (:data:`SCHEMA_VERSION`). :func:`prepare` refuses a database
of another application or another layout version with :class:`ReportError`,
leaving it as it was; it switches the file to WAL mode and creates the
tables of a new one.

Tables: ``runs``, ``documents``, ``records``, ``document_lookups``,
``references``, ``citations`` and ``findings``. Views: ``run_summary``,
``document_summary``, ``latest_findings`` and ``repeated_errors``. A change to
any of them needs a new :data:`SCHEMA_VERSION`; a file of an older layout
that only lacks views is brought up to date when opened.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from citecheck.errors import ReportError
from citecheck.models import EntryRole, FindingCode, Severity
from citecheck.sqlite_files import read_layout, when_free

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 5
"""Version of the table layout, kept in ``PRAGMA user_version``."""

UPGRADABLE = frozenset({1, 2, 3, 4})
"""Older layout versions whose tables are this version's: only views were
added or changed since (2: ``repeated_errors``; 3: ``run_summary`` counts
``not-compared`` verdicts; 5: and the verdicts of searches), and columns (:data:`ADDED_COLUMNS`), added when
such a file is opened."""

ADDED_COLUMNS: tuple[tuple[str, str, type], ...] = (
    ("references", "verdict_evidence", str),  # layout 3
    ("runs", "owner_pid", int),  # layout 4: who writes a running run
    ("runs", "owner_host", str),
    ("runs", "heartbeat_at", str),
    ("references", "suggestion", str),  # layout 5: what the entry should have been
    ("references", "suggestion_replaces", str),
    ("references", "suggestion_confidence", float),
    ("references", "suggestion_evidence", str),
    ("references", "suggestion_typo", str),
)
"""Columns (table, name, type) added since layout 1: an older file gets
those it lacks when opened; their values stay empty in its old rows."""

APPLICATION_ID = 0x43437270
"""``PRAGMA application_id`` of a citecheck report (``CCrp``)."""

BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another process's write before giving up."""

VERDICT_COLUMNS: tuple[FindingCode, ...] = (
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
    FindingCode.NOT_COMPARED,
    FindingCode.VERIFIED_BY_SEARCH,
    FindingCode.NO_SUCH_WORK,
)
"""The verdict codes ``run_summary`` counts, one column each. Spelled out
rather than taken from VERDICT_CODES: a new code changes the view, and so
needs a new SCHEMA_VERSION."""


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


COUNT_COLUMNS: tuple[str, ...] = ("documents", "read_errors", "references", "links")
COUNT_COLUMNS += ("findings", "errors", "warnings", "infos")
"""The columns of ``runs`` that :data:`COUNTS` fills when a run finishes."""

COUNTS = f"""
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
"""One row: a run's :data:`COUNT_COLUMNS`, in order. Takes the run id once
per column."""


# The layout


def prepare(db: Database, path: Path) -> None:
    """Check the report file at ``path``, open as ``db``, and make it ready:
    refuse a file that is no report of this layout before changing anything
    (WAL mode included), then switch it to WAL mode and create the tables of
    a new file. Tried again for up to :data:`BUSY_TIMEOUT` while other
    processes hold a new file: switching it to WAL and creating its tables
    may meet "locked" at once.

    Returns nothing. Raises :class:`ReportError` for a file of another
    application or another layout version (left unchanged);
    :class:`sqlite3.Error` when SQLite fails.
    """
    when_free(db, lambda: _prepare(db, path), timeout=BUSY_TIMEOUT)


def _prepare(db: Database, path: Path) -> None:
    """Refuse a file that is no report of this layout before changing
    anything (WAL mode included), then switch to WAL and create the tables
    of a new file. Raises ReportError; sqlite3.Error when SQLite fails."""
    db.execute("BEGIN")
    try:
        layout = read_layout(db)
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
        layout = read_layout(db)
        _refuse(db, path, *layout)
        if layout[0] != APPLICATION_ID:
            _create_schema(db)
        elif layout[1] != SCHEMA_VERSION:
            for table, column, kind in ADDED_COLUMNS:
                if column not in db.table(table).columns_dict:
                    db.table(table).add_column(column, kind)
            _create_views(db, replace=True)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.rollback()
        raise
    db.commit()


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
    elif version != SCHEMA_VERSION and version not in UPGRADABLE:
        raise ReportError(f"{path} has report layout {version}, which this version cannot read")


# Each table's columns ("name type", "!" marking NOT NULL) and foreign keys
# (column, table); every key is an "id" column, the primary key of its table
# (but document_lookups', which is its document and position).
_TABLES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "runs": (
        """id int, started_at str!, finished_at str, version str!, command str!,
        settings str!, status str!, documents int, read_errors int, references int,
        links int, findings int, errors int, warnings int, infos int, owner_pid int,
        owner_host str, heartbeat_at str""",
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
        record_id int, verdict_evidence str, suggestion str, suggestion_replaces str,
        suggestion_confidence float, suggestion_evidence str, suggestion_typo str""",
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
    _create_views(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_views(db: Database, *, replace: bool = False) -> None:
    # An upgraded file's views are replaced: a view of an older layout
    # counts fewer verdicts than this one writes.
    for name, sql in _views().items():
        db.create_view(name, sql, ignore=not replace, replace=replace)


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
            for c in VERDICT_COLUMNS
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
        # A mistyped or invented identifier copied from page to page: given
        # an error verdict in two or more documents of a run.
        "repeated_errors": f"""SELECT
    r.run_id, LOWER(r.verdict_identifier) AS identifier,
    COUNT(DISTINCT r.document_id) AS pages, GROUP_CONCAT(DISTINCT r.verdict) AS verdicts
FROM "references" r
WHERE r.verdict_severity = '{Severity.ERROR.label}' AND r.verdict_identifier IS NOT NULL
GROUP BY r.run_id, LOWER(r.verdict_identifier)
HAVING COUNT(DISTINCT r.document_id) > 1
ORDER BY r.run_id, pages DESC, identifier""",
    }
