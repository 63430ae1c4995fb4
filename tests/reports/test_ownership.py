"""A running run has an owner, whose heartbeat tells it is not abandoned."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citecheck.reports.database import SCHEMA_VERSION, ReportDatabase, ReportError
from citecheck.reports.ownership import Owner, heartbeat, owned_by_another

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
HERE = socket.gethostname()


def test_a_run_records_this_process_as_its_owner_and_renews_its_heartbeat(
    tmp_path: Path,
) -> None:
    now = [NOW]
    path = tmp_path / "report.db"
    with ReportDatabase.open(path, clock=lambda: now[0]) as report:
        run_id = report.start_run(version="0", command="audit", settings={})
        now[0] += timedelta(seconds=30)
        report.beat(run_id)
    with sqlite3.connect(path) as db:
        row = db.execute("select owner_pid, owner_host, heartbeat_at from runs").fetchone()
    assert row == (os.getpid(), HERE, "2026-05-01T12:00:30+00:00")


def test_the_heartbeat_beats_while_the_block_runs_and_stops_after() -> None:
    beats: list[int] = []
    three = threading.Event()

    def beat() -> None:
        beats.append(1)
        if len(beats) == 3:
            three.set()

    with heartbeat(beat, every=0.01):
        assert three.wait(5)
    count = len(beats)
    threading.Event().wait(0.05)
    assert len(beats) == count


def test_a_failed_beat_is_logged_and_the_heartbeat_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []
    twice = threading.Event()

    def beat() -> None:
        calls.append(1)
        if len(calls) == 2:
            twice.set()
        raise ReportError("the report is locked")

    with heartbeat(beat, every=0.01):
        assert twice.wait(5)
    assert "cannot renew the run's heartbeat: the report is locked" in caplog.text


def test_a_live_process_of_this_host_owns_its_run() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        owner = Owner(child.pid, HERE)
        assert owned_by_another(owner, NOW, NOW) == owner
    finally:
        child.kill()
        child.wait()
    assert owned_by_another(owner, NOW, NOW) is None  # the process is gone


def test_another_host_owns_its_run_until_its_heartbeat_is_stale() -> None:
    owner = Owner(1, "another-host.invalid")
    assert owned_by_another(owner, NOW, NOW + timedelta(seconds=299)) == owner
    assert owned_by_another(owner, NOW, NOW + timedelta(seconds=301)) is None


def test_a_run_without_an_owner_is_judged_by_its_heartbeat_alone() -> None:
    assert owned_by_another(None, NOW, NOW + timedelta(seconds=10)) is not None
    assert owned_by_another(None, NOW, NOW + timedelta(hours=1)) is None


def test_a_report_of_layout_3_gets_the_owner_columns_and_keeps_its_runs(tmp_path: Path) -> None:
    path = tmp_path / "report.db"
    with ReportDatabase.open(path, clock=lambda: NOW) as report:
        report.start_run(version="0", command="audit", settings={})
    with sqlite3.connect(path) as db:
        for column in ("owner_pid", "owner_host", "heartbeat_at"):
            db.execute(f"alter table runs drop column {column}")
        db.execute("PRAGMA user_version = 3")

    with ReportDatabase.open(path, clock=lambda: NOW) as report:
        assert [run.id for run in report.runs()] == [1]
        report.start_run(version="0", command="audit", settings={})
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        owners = db.execute("select id, owner_pid from runs order by id").fetchall()
    assert owners == [(1, None), (2, os.getpid())]
