"""What the cache and the report share as SQLite files: the guard that lets
the threads of a run share one connection."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from citecheck.errors import CacheError, ReportError
from citecheck.sqlite_files import Guard

WAIT = 0.2
"""Seconds a thread is given to get past a lock it should not get past."""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "file.db"


@pytest.fixture
def db(path: Path) -> Database:
    # As the cache and the report open theirs: threads share the connection.
    return Database(sqlite3.connect(path, check_same_thread=False))


@pytest.fixture
def guard(db: Database, path: Path) -> Iterator[Guard]:
    guard = Guard(db, path, error=ReportError, name="report")
    yield guard
    guard.close()


@pytest.mark.parametrize(("error", "name"), [(CacheError, "cache"), (ReportError, "report")])
def test_a_closed_guard_refuses_with_the_given_error_and_name(
    db: Database, path: Path, error: type[Exception], name: str
) -> None:
    guard = Guard(db, path, error=error, name=name)
    guard.close()
    guard.close()

    with pytest.raises(error) as raised, guard.using("read"):
        pytest.fail("an operation ran on a closed file")

    assert str(raised.value) == f"cannot read {path}: the {name} is closed"


def test_a_sqlite_error_becomes_the_given_error_chained_to_it(
    guard: Guard, db: Database, path: Path
) -> None:
    with pytest.raises(ReportError) as raised, guard.using("write to"):
        db.execute("INSERT INTO missing VALUES (1)")

    assert str(raised.value) == f"cannot write to {path}: no such table: missing"
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)


def test_other_errors_pass_through_unchanged(guard: Guard) -> None:
    with pytest.raises(ValueError, match="not SQLite"), guard.using("read"):
        raise ValueError("not SQLite")


def test_one_operation_at_a_time(guard: Guard) -> None:
    entered = threading.Event()

    def other_operation() -> None:
        with guard.using("read"):
            entered.set()

    other = threading.Thread(target=other_operation)
    with guard.using("read"):
        other.start()
        assert not entered.wait(WAIT)
    other.join()

    assert entered.is_set()


def test_close_waits_for_the_operation_under_way(guard: Guard, db: Database) -> None:
    closer = threading.Thread(target=guard.close)
    with guard.using("read"):
        closer.start()
        closer.join(WAIT)
        assert closer.is_alive()
        assert db.execute("SELECT 1").fetchone() == (1,)
    closer.join()

    with pytest.raises(ReportError, match="closed"), guard.using("read"):
        pass
