"""The persistent lookup cache: answers of the services, kept in SQLite.

One row per (service, identifier type, identifier key) holds how the lookup
ended, when the answer was received and, for FOUND, the record as JSON (see
:mod:`citecheck.cache.codec`). Answers that say something about the
identifier (FOUND, OTHER_AGENCY) stay fresh longer than NOT_FOUND, which a
service may soon take back (a DOI registered this morning); COULD_NOT_VERIFY
says nothing and is never stored. Only records and outcomes are written:
never request URLs, so never API keys.

Several processes may share the file (two editors checking at once, CI jobs):
the database runs in WAL mode, so readers never wait for a writer; writers
wait up to a busy timeout for each other, and every write is one short
``BEGIN IMMEDIATE`` transaction, so a writer never has to upgrade a read lock,
the case SQLite cannot wait out.

The file is marked with ``PRAGMA application_id``, so a path that points at
someone else's database is refused rather than emptied; the layout has a
version in ``PRAGMA user_version``, and a cache of another version is dropped
and created anew: it is only a cache.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import platformdirs
from sqlite_utils import Database

from citecheck.cache.codec import (
    record_from_dict,
    record_to_dict,
    search_from_dict,
    search_to_dict,
)
from citecheck.errors import CacheError as CacheError  # "as": re-exported from here
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Record, Service
from citecheck.sqlite_files import Guard, read_layout, when_free, write_transaction

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Version of the table layout, kept in ``PRAGMA user_version``."""

APPLICATION_ID = 0x43437463
"""``PRAGMA application_id`` of a citecheck cache (``CCtc``)."""

BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another process's write before giving up."""

_TABLE = "lookups"
_CHUNK = 500
"""Identifiers per query in :meth:`CacheStore.get_many`; SQLite allows 999
parameters in old builds."""

_STORED = frozenset({LookupStatus.FOUND, LookupStatus.NOT_FOUND, LookupStatus.OTHER_AGENCY})

_UPSERT = f"""
INSERT INTO {_TABLE} (service, id_type, id_key, status, fetched_at, agency, reason, record)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (service, id_type, id_key) DO UPDATE SET
    status = excluded.status,
    fetched_at = excluded.fetched_at,
    agency = excluded.agency,
    reason = excluded.reason,
    record = excluded.record
WHERE excluded.fetched_at >= {_TABLE}.fetched_at
"""
# The WHERE keeps the newer answer when two processes store the same key
# out of order, and stops a re-stored cache hit from rolling a row back.


@dataclass(frozen=True, slots=True)
class CachePolicy:
    """How long stored answers stay fresh, in seconds.

    ``found_ttl`` applies to FOUND and OTHER_AGENCY, ``not_found_ttl`` to
    NOT_FOUND. An answer is fresh while its age is below the TTL, so a TTL
    of 0 turns reading off. Raises ValueError for a negative TTL.
    """

    found_ttl: float = 30 * 86400
    not_found_ttl: float = 1 * 86400

    def __post_init__(self) -> None:
        if self.found_ttl < 0 or self.not_found_ttl < 0:
            raise ValueError("cache TTLs must not be negative")

    def ttl(self, status: LookupStatus) -> float:
        """Return the TTL of an answer with ``status``."""
        return self.not_found_ttl if status is LookupStatus.NOT_FOUND else self.found_ttl


DEFAULT_POLICY = CachePolicy()


@dataclass(frozen=True, slots=True)
class CacheCount:
    """How many answers of one service and status the cache holds."""

    service: Service
    status: LookupStatus
    fresh: int
    expired: int

    @property
    def total(self) -> int:
        return self.fresh + self.expired


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What the cache holds. ``size`` is in bytes, write-ahead log included."""

    path: Path
    size: int
    counts: tuple[CacheCount, ...] = ()

    @property
    def fresh(self) -> int:
        return sum(count.fresh for count in self.counts)

    @property
    def expired(self) -> int:
        return sum(count.expired for count in self.counts)

    @property
    def total(self) -> int:
        return self.fresh + self.expired


def default_cache_path() -> Path:
    """Return where the cache lives unless told otherwise: ``lookups.db`` in
    the user's cache directory for citecheck (the directory may not exist yet)."""
    return Path(platformdirs.user_cache_dir("citecheck")) / "lookups.db"


class CacheStore:
    """Stored lookups, read and written by identifier and service.

    Create one with :meth:`open`; close it with :meth:`close` or a ``with``
    block. One store may be shared by the threads of a run. Every method
    raises :class:`CacheError` when SQLite fails.
    """

    def __init__(
        self, db: Database, *, path: Path, policy: CachePolicy, clock: Callable[[], float]
    ) -> None:
        # Use open(), which also checks and prepares the file.
        self._db = db
        self._path = path
        self._policy = policy
        self._clock = clock
        self._guard = Guard(db, path, error=CacheError, name="cache")
        # Set once a read or a write failed (a damaged page, a full disk):
        # the run goes on without that half of the cache, said once.
        self._reads_off = False
        self._writes_off = False

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        policy: CachePolicy = DEFAULT_POLICY,
        clock: Callable[[], float] = time.time,
    ) -> CacheStore:
        """Open the cache at ``path``, creating the file and its directory if
        needed. ``clock`` returns the current Unix time; TTLs are measured by it.

        Returns the store. Raises :class:`CacheError` when the file is not a
        SQLite database, is corrupted, belongs to another application, or
        cannot be created or opened.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or exc
            raise CacheError(f"cannot create the directory of {path}: {reason}") from exc
        try:
            # timeout is SQLite's busy timeout. A lock guards the connection,
            # so threads may share it.
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot open {path}: {exc}") from exc
        try:
            # No plugins: sqlite-utils would otherwise run any installed
            # plugin's hooks on our connection.
            db = Database(conn, execute_plugins=False)
            _prepare_when_free(db, path)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.Error):
                raise CacheError(f"cannot use {path} as a cache: {exc}") from exc
            raise
        return cls(db, path=path, policy=policy, clock=clock)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def policy(self) -> CachePolicy:
        return self._policy

    def get(self, identifier: Identifier, service: Service) -> Lookup | None:
        """Return the fresh stored answer of ``service`` for ``identifier``
        (``from_cache`` set), or None when there is none or it has expired."""
        return self.get_many([identifier], service).get(identifier.key)

    def get_many(self, identifiers: Iterable[Identifier], service: Service) -> dict[str, Lookup]:
        """Return the fresh stored answers of ``service`` for ``identifiers``,
        keyed by :attr:`Identifier.key`; identifiers with no fresh answer are left out.
        Asks SQLite once per identifier type and 500 identifiers."""
        wanted: dict[str, Identifier] = {}
        for identifier in identifiers:
            wanted.setdefault(identifier.key, identifier)
        by_type: dict[IdType, list[str]] = {}
        for key, identifier in wanted.items():
            by_type.setdefault(identifier.type, []).append(key)
        found: dict[str, Lookup] = {}
        if self._reads_off:
            return found
        try:
            self._read_many(wanted, by_type, service, found)
        except CacheError as exc:
            if not isinstance(exc.__cause__, sqlite3.Error):
                raise  # closed
            self._reads_off = True
            logger.warning(
                "%s; going on without reading the cache (%s)", exc, _afresh_hint(self._path)
            )
        return found

    def _read_many(
        self,
        wanted: dict[str, Identifier],
        by_type: dict[IdType, list[str]],
        service: Service,
        found: dict[str, Lookup],
    ) -> None:
        now = self._clock()
        with self._guard.using("read"):
            for id_type, keys in by_type.items():
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    marks = ", ".join("?" * len(chunk))
                    rows = self._db.query(
                        f"SELECT id_key, status, fetched_at, agency, reason, record"
                        f" FROM {_TABLE}"
                        f" WHERE service = ? AND id_type = ? AND id_key IN ({marks})",
                        [service.value, id_type.value, *chunk],
                    )
                    for row in rows:
                        lookup = self._decode(row, wanted[row["id_key"]], service, now)
                        if lookup is not None:
                            found[row["id_key"]] = lookup

    def put(self, lookup: Lookup) -> None:
        """Store ``lookup``, replacing an older answer for its key.

        COULD_NOT_VERIFY says nothing about the identifier, so it is not
        stored; nor is a lookup of :attr:`Service.CACHE`, which names no
        service. Without ``fetched_at`` the answer counts as received now.
        """
        self.put_many([lookup])

    def put_many(self, lookups: Iterable[Lookup]) -> None:
        """Store ``lookups`` as :meth:`put` does, in one transaction.

        A write that fails (a full disk, a damaged page, a lock held too
        long) is logged once, and the store writes nothing more: the run goes
        on with its answers in memory, rather than one error per answer.
        Raises CacheError only when the store is closed."""
        now = self._clock()
        rows = [self._encode(lookup, now) for lookup in lookups if _storable(lookup)]
        if not rows or self._writes_off:
            return
        try:
            with self._guard.using("write"), self._transaction():
                self._db.conn.executemany(_UPSERT, rows)
        except CacheError as exc:
            if not isinstance(exc.__cause__, sqlite3.Error):
                raise  # closed
            if _busy(exc.__cause__):
                # Another process held the file past the busy timeout: this
                # answer is kept in memory; the next write may well pass.
                logger.warning("%s", exc)
                return
            self._writes_off = True
            logger.warning("%s; going on without storing answers", exc)

    def stats(self) -> CacheStats:
        """Return how many answers the cache holds per service and status,
        fresh and expired, with the file's path and size."""
        expired_sql, expired_args = self._expired_where(self._clock())
        with self._guard.using("read"):
            rows = list(
                self._db.query(
                    f"SELECT service, status, COUNT(*) AS total,"
                    f" COALESCE(SUM({expired_sql}), 0) AS expired"
                    f" FROM {_TABLE} GROUP BY service, status ORDER BY service, status",
                    expired_args,
                )
            )
        counts = []
        for row in rows:
            try:
                service, status = Service(row["service"]), LookupStatus(row["status"])
            except ValueError:
                logger.warning("cache rows with unknown service or status: %r", row)
                continue
            total, expired = int(row["total"]), int(row["expired"])
            counts.append(CacheCount(service, status, fresh=total - expired, expired=expired))
        return CacheStats(path=self._path, size=self._size(), counts=tuple(counts))

    def clear(self, *, expired_only: bool = False) -> int:
        """Remove every stored answer, or only the expired ones; return how
        many were removed. The file keeps its size until SQLite reuses the space."""
        if expired_only:
            where, args = self._expired_where(self._clock())
        else:
            where, args = "1", []
        with self._guard.using("write"), self._transaction():
            cursor = self._db.execute(f"DELETE FROM {_TABLE} WHERE {where}", args)
            return cursor.rowcount

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
        return f"CacheStore({str(self._path)!r})"

    def _transaction(self) -> AbstractContextManager[None]:
        return write_transaction(self._db)

    def _expired_where(self, now: float) -> tuple[str, list[Any]]:
        """A SQL condition true for expired rows, and its parameters. Mirrors
        :meth:`_is_fresh`: a row is fresh while ``fetched_at`` is after its cutoff."""
        not_found_cutoff = now - self._policy.not_found_ttl
        found_cutoff = now - self._policy.found_ttl
        # The first term alone lets SQLite range-scan the fetched_at index.
        return (
            "(fetched_at <= ?"
            " AND CASE WHEN status = ? THEN fetched_at <= ? ELSE fetched_at <= ? END)",
            [
                max(not_found_cutoff, found_cutoff),
                LookupStatus.NOT_FOUND.value,
                not_found_cutoff,
                found_cutoff,
            ],
        )

    def _is_fresh(self, status: LookupStatus, fetched_at: float, now: float) -> bool:
        return fetched_at > now - self._policy.ttl(status)

    def _encode(self, lookup: Lookup, now: float) -> Sequence[Any]:
        record = lookup.record
        if lookup.identifier.type is IdType.QUERY:
            # A search keeps its candidates where a lookup keeps its record.
            kept: dict[str, Any] | None = search_to_dict(lookup.candidates, lookup.searched)
        else:
            kept = None if record is None else record_to_dict(record)
        record_json = (
            None if kept is None else json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        )
        return (
            lookup.service.value,
            lookup.identifier.type.value,
            lookup.identifier.key,
            lookup.status.value,
            now if lookup.fetched_at is None else lookup.fetched_at,
            lookup.agency,
            lookup.reason,
            record_json,
        )

    def _decode(
        self, row: dict[str, Any], identifier: Identifier, service: Service, now: float
    ) -> Lookup | None:
        """Return the row as a Lookup, or None when it has expired or cannot be
        read back (logged: a row this version cannot read is a miss, not an error)."""
        try:
            status = LookupStatus(row["status"])
            if status not in _STORED:
                raise ValueError(f"status {status.value!r} is never stored")
            fetched_at = row["fetched_at"]
            if not isinstance(fetched_at, int | float):
                raise ValueError(f"fetched_at is {fetched_at!r}")
            record = None
            candidates: tuple[Record, ...] = ()
            searched: tuple[str, ...] = ()
            if identifier.type is IdType.QUERY:
                if row["record"] is None:
                    raise ValueError("a search stored without its candidates")
                candidates, searched = search_from_dict(json.loads(row["record"]))
                if (status is LookupStatus.FOUND) != bool(candidates):
                    raise ValueError(
                        f"search status {status.value!r} with {len(candidates)} candidates"
                    )
            else:
                if row["record"] is not None:
                    record = record_from_dict(json.loads(row["record"]))
                if (status is LookupStatus.FOUND) != (record is not None):
                    raise ValueError(f"status {status.value!r} with record {record is not None}")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError too
            logger.warning(
                "ignoring unreadable cache row for %s from %s: %s", identifier, service, exc
            )
            return None
        if not self._is_fresh(status, float(fetched_at), now):
            return None
        return Lookup(
            identifier=identifier,
            status=status,
            service=service,
            record=record,
            agency=row["agency"],
            reason=row["reason"],
            fetched_at=float(fetched_at),
            from_cache=True,
            candidates=candidates,
            searched=searched,
        )

    def _size(self) -> int:
        size = 0
        for file in (self._path, self._path.with_name(self._path.name + "-wal")):
            with suppress(FileNotFoundError):
                size += file.stat().st_size
        return size


def is_damaged(error: CacheError) -> bool:
    """Whether ``error`` says the cache file is damaged: SQLite reads it as a
    database whose pages are malformed. A file that is no SQLite database at
    all, or another application's, is not damage: it is the wrong file."""
    cause = error.__cause__
    if not isinstance(cause, sqlite3.DatabaseError):
        return False
    message = str(cause).lower()
    return "malformed" in message or "corrupt" in message or "not a database" in message


def set_aside(path: str | Path) -> Path | None:
    """Move a damaged cache file (and its write-ahead log) aside, to
    ``NAME.damaged-TIME``, so that a new cache can be made at ``path``. A file
    that does not start as a SQLite database does is left where it is: it may
    be something else pointed at by mistake. Returns the new name, or None
    when nothing was moved. Raises CacheError when the file cannot be moved."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            if stream.read(16) != _SQLITE_HEADER:
                return None
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.replace(aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise CacheError(f"cannot move {path} aside: {exc.strerror or exc}") from exc
    return aside


_SQLITE_HEADER = b"SQLite format 3\x00"


def _busy(error: sqlite3.Error) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _afresh_hint(path: Path) -> str:
    return f"`citecheck cache clear --cache {path}` starts it afresh"


def _storable(lookup: Lookup) -> bool:
    return lookup.status in _STORED and lookup.service is not Service.CACHE


def _prepare_when_free(db: Database, path: Path) -> None:
    """``_prepare``, tried again while other processes hold a new file."""
    when_free(db, lambda: _prepare(db, path), timeout=BUSY_TIMEOUT)


def _prepare(db: Database, path: Path) -> None:
    """Make ``db`` ready: WAL mode, then the current table layout, creating it
    when the file is new or holds another version. Raises CacheError for a
    database that is not a citecheck cache; sqlite3.Error when SQLite fails."""
    # Refuse someone else's database before anything changes it, WAL mode
    # included. The header and the table list are read in one read
    # transaction: read apart, a cache another process creates in between
    # would show tables without its application id, and be refused.
    db.execute("BEGIN")
    try:
        layout = read_layout(db)
        _refuse_foreign(db, path, layout[0])
    finally:
        db.execute("ROLLBACK")
    if db.journal_mode != "wal":
        db.enable_wal()
        if db.journal_mode != "wal":  # some file systems cannot share memory
            logger.warning("cache %s cannot use WAL mode; concurrent runs may wait", path)
    if layout == (APPLICATION_ID, SCHEMA_VERSION):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have just
        # created the tables.
        application_id, version = read_layout(db)
        _refuse_foreign(db, path, application_id)
        if application_id != APPLICATION_ID:
            _create_tables(db)
        elif version != SCHEMA_VERSION:
            logger.info(
                "cache %s has layout %s, not %s: starting afresh", path, version, SCHEMA_VERSION
            )
            db.table(_TABLE).drop(ignore=True)
            _create_tables(db)
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _refuse_foreign(db: Database, path: Path, application_id: int) -> None:
    """Raise CacheError unless the file is a citecheck cache or empty."""
    if application_id != APPLICATION_ID and (application_id != 0 or db.table_names()):
        raise CacheError(f"{path} is a database of another application, not a cache")


def _create_tables(db: Database) -> None:
    table = db.table(_TABLE)
    table.create(
        {
            "service": str,
            "id_type": str,
            "id_key": str,
            "status": str,
            "fetched_at": float,
            "agency": str,
            "reason": str,
            "record": str,
        },
        pk=("service", "id_type", "id_key"),
        not_null={"service", "id_type", "id_key", "status", "fetched_at"},
    )
    # clear(expired_only=True) finds old rows by time.
    table.create_index(["fetched_at"])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
