"""What the cache and the report share as SQLite files of their own: reading
a file's identity, preparing a new file while other processes race to, one
connection shared by threads, and write transactions.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database


def read_layout(db: Database) -> tuple[int, int]:
    """The file's application id and layout version (``user_version``)."""
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    return int(application_id), int(version)


def when_free(db: Database, prepare: Callable[[], None], *, timeout: float) -> None:
    """Run ``prepare`` (which checks and sets up the file), again and again
    for up to ``timeout`` seconds while another process holds the file.

    Switching a new file to WAL and creating its tables take locks for which
    SQLite may answer "locked" at once rather than wait (to avoid deadlock),
    so several runs starting on one new file must retry. Raises the last
    sqlite3.Error when the file stays busy, or at once for any other error.
    """
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            prepare()
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                raise
            if db.conn.in_transaction:
                db.conn.rollback()
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


class Guard:
    """One connection that the threads of a run share: one operation at a
    time, none once closed, SQLite's errors raised as the owner's own.

    ``error`` is the owner's error class (CacheError, ReportError); ``name``
    says what the file is when it is closed ("the cache is closed").
    """

    def __init__(self, db: Database, path: Path, *, error: type[Exception], name: str) -> None:
        self._db = db
        self._path = path
        self._error = error
        self._name = name
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def using(self, action: str) -> Iterator[None]:
        """Hold the connection for one operation, which ``action`` names in
        messages ("cannot read PATH: ..."). Raises ``error`` when the file is
        closed, or from the sqlite3.Error the operation raises."""
        with self._lock:
            if self._closed:
                raise self._error(f"cannot {action} {self._path}: the {self._name} is closed")
            try:
                yield
            except sqlite3.Error as exc:
                raise self._error(f"cannot {action} {self._path}: {exc}") from exc

    def close(self) -> None:
        """Close the connection once the operation under way ends. Closing
        twice does nothing."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """One write transaction: committed when the block ends, rolled back when
    it raises. IMMEDIATE takes the write lock at once, waiting up to the busy
    timeout; a deferred transaction that read first could fail at once with
    "database is locked" when another process wrote meanwhile."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.commit()
