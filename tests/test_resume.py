"""A run stopped halfway goes on where it stopped and ends as if it never had."""

from __future__ import annotations

import functools
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from lookup_doubles import FakeCrossref, Services

from citecheck import cli
from citecheck.audit import COMMIT_WITHIN, AuditOptions, LookupStreamLike, run_audit
from citecheck.cache import CacheStore
from citecheck.cli import main
from citecheck.errors import ReportError
from citecheck.lookup_stream import ImmediateLookups
from citecheck.models import Identifier, Lookup, LookupStatus, Record, Service
from citecheck.progress import Status
from citecheck.reports.database import ReportDatabase
from citecheck.results import AuditResult, DocumentAudit

SETTINGS = {"offline": True, "fail_on": "error"}


class Records:
    """Answers every identifier with a record, and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def stream(self) -> LookupStreamLike:
        return ImmediateLookups(self.resolve).stream()

    def waiting(self) -> int:
        return 0

    def resolve(self, identifiers: Iterable[Identifier]) -> dict[str, Lookup]:
        found: dict[str, Lookup] = {}
        for identifier in identifiers:
            self.asked.append(identifier.key)
            record = Record(
                Service.CROSSREF, doi=identifier.value, title="A title", issued_year=2020
            )
            found[identifier.key] = Lookup(
                identifier, LookupStatus.FOUND, Service.CROSSREF, record=record
            )
        return found


class StopsAfter(ReportDatabase):
    """A report whose process is stopped after ``batches`` batches were written."""

    batches = 2

    def add_audits(self, run_id: int, audits: Sequence[DocumentAudit]) -> None:
        if self.batches == 0:
            raise KeyboardInterrupt
        self.batches -= 1
        super().add_audits(run_id, audits)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(4):
        (folder / f"page{n}.md").write_text(
            f"Claim [1].\n\n## References\n1. Author A. A title. J Test. 2020;1:1-2. doi:10.5555/page.{n}\n"
        )
    return folder


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


def test_a_resumed_run_judges_only_what_is_left_and_ends_complete(
    corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.db"
    options = AuditOptions(batch_size=1)
    first = Records()
    with StopsAfter.open(path) as report, pytest.raises(KeyboardInterrupt):
        run_audit([corpus], resolver=first, options=options, report=report, settings=SETTINGS)
    assert rows(path, "select status from runs") == [("interrupted",)]
    assert rows(path, "select count(*) from documents") == [(2,)]

    second = Records()
    with ReportDatabase.open(path) as report:
        run_audit(
            [corpus], resolver=second, options=options, report=report, settings=SETTINGS, resume=1
        )
        resumed = report.load(1)
    # Only the two documents not yet judged were resolved and written.
    assert sorted(second.asked) == ["doi:10.5555/page.2", "doi:10.5555/page.3"]
    assert rows(path, "select id, status from runs") == [(1, "completed")]
    assert rows(path, "select count(*), count(distinct path) from documents") == [(4, 4)]
    assert rows(path, 'select count(*) from "references"') == [(4,)]
    assert rows(path, "select count(*), count(distinct identifier) from records") == [(4, 4)]
    assert len(resumed.audits) == 4

    # The same as a run that never stopped.
    fresh_path = tmp_path / "fresh.db"
    with ReportDatabase.open(fresh_path) as report:
        run_audit([corpus], resolver=Records(), options=options, report=report, settings=SETTINGS)
        fresh = report.load(1)

    def by_path(result: AuditResult) -> dict[str, object]:
        return {a.document.path: a.verdicts for a in result.audits}

    assert by_path(resumed) == by_path(fresh)
    assert sorted(f.message for f in resumed.findings) == sorted(f.message for f in fresh.findings)


def test_a_run_cannot_be_resumed_with_other_settings(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.db"
    with StopsAfter.open(path) as report, pytest.raises(KeyboardInterrupt):
        run_audit(
            [corpus],
            resolver=Records(),
            options=AuditOptions(batch_size=1),
            report=report,
            settings=SETTINGS,
        )
    with ReportDatabase.open(path) as report, pytest.raises(ReportError, match="other settings"):
        run_audit(
            [corpus], resolver=Records(), report=report, settings={"offline": False}, resume=1
        )


def test_resume_with_no_unfinished_run_does_nothing_and_succeeds(
    corpus: Path, tmp_path: Path
) -> None:
    report = str(tmp_path / "report.db")
    runner = CliRunner()
    runner.invoke(
        main, ["audit", "--offline", "--allow-unverified", "--report", report, str(corpus)]
    )
    result = runner.invoke(
        main, ["audit", "--offline", "--resume", "--report", report, str(corpus)]
    )
    # A retry loop may always pass --resume: once the run completed, it is done.
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"citecheck: {report} has no unfinished run: nothing to resume\n"
    assert rows(Path(report), "select id, status from runs") == [(1, "completed")]


def test_resume_of_a_completed_run_writes_the_output_a_late_kill_lost(
    corpus: Path, tmp_path: Path
) -> None:
    report = str(tmp_path / "report.db")
    output = tmp_path / "out.json"
    runner = CliRunner()
    args = ["audit", "--offline", "--allow-unverified", "--report", report, "--format", "json"]
    first = runner.invoke(main, [*args, "--output", str(output), str(corpus)])
    written = output.read_text()
    output.unlink()  # killed after the run completed, before its output was written

    again = runner.invoke(main, [*args, "--resume", "--output", str(output), str(corpus)])

    assert again.exit_code == first.exit_code
    assert "is complete: writing its output" in again.stderr
    assert json.loads(output.read_text())["documents"] == json.loads(written)["documents"]
    assert rows(Path(report), "select id, status from runs") == [(1, "completed")]


def test_resume_of_a_report_with_no_run_does_nothing_and_succeeds(
    corpus: Path, tmp_path: Path
) -> None:
    report = str(tmp_path / "report.db")
    result = CliRunner().invoke(
        main, ["audit", "--offline", "--resume", "--report", report, str(corpus)]
    )
    assert result.exit_code == 0
    assert result.stderr == f"citecheck: {report} has no unfinished run: nothing to resume\n"


def stop_after_two_batches(patch: pytest.MonkeyPatch) -> None:
    """Ctrl-C, as the report is about to write its third batch of documents."""
    batches = {"left": 2}
    written = ReportDatabase.add_audits

    def stopped_after_two(
        self: ReportDatabase, run_id: int, audits: Sequence[DocumentAudit]
    ) -> None:
        if batches["left"] == 0:
            raise KeyboardInterrupt
        batches["left"] -= 1
        written(self, run_id, audits)

    patch.setattr(ReportDatabase, "add_audits", stopped_after_two)


def left_running(path: Path, corpus: Path, *, pid: int, host: str, heartbeat: str) -> None:
    """A report whose run 1, started by the command line, stopped after two
    documents and is still marked running, owned by process ``pid`` of
    ``host``, last heard of at ``heartbeat``."""
    with pytest.MonkeyPatch.context() as stopping:
        stopping.setattr(cli, "AuditOptions", functools.partial(AuditOptions, batch_size=1))
        stop_after_two_batches(stopping)
        args = resume_args(path, corpus)
        args.remove("--resume")
        CliRunner().invoke(main, args)
    with sqlite3.connect(path) as db:
        db.execute(
            "update runs set status = 'running', finished_at = null,"
            " owner_pid = ?, owner_host = ?, heartbeat_at = ?",
            [pid, host, heartbeat],
        )
    assert rows(path, "select count(*) from documents") == [(2,)]


def resume_args(path: Path, corpus: Path) -> list[str]:
    return [
        "audit",
        "--offline",
        "--allow-unverified",
        "--resume",
        "--report",
        str(path),
        str(corpus),
    ]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def test_resume_refuses_a_run_whose_owner_still_runs_and_writes_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.db"
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left_running(path, corpus, pid=owner.pid, host=socket.gethostname(), heartbeat=now_iso())
        result = CliRunner().invoke(main, resume_args(path, corpus))
    finally:
        owner.kill()
        owner.wait()
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: run 1 of {path} is still being written by process {owner.pid} on "
    )
    assert result.stderr.count("\n") == 1
    assert rows(path, "select count(*), status from documents, runs") == [(2, "running")]


def test_resume_takes_a_run_whose_owner_process_is_gone_and_says_which(
    corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.db"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    left_running(path, corpus, pid=gone.pid, host=socket.gethostname(), heartbeat=now_iso())
    result = CliRunner().invoke(main, resume_args(path, corpus))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"citecheck: resuming run 1 of {path}\n"
    assert rows(path, "select count(*), count(distinct path) from documents") == [(4, 4)]
    assert rows(path, "select status, owner_pid from runs") == [("completed", os.getpid())]


@pytest.mark.parametrize(
    ("minutes_ago", "taken"),
    [pytest.param(1, False, id="heard-of-a-minute-ago"), pytest.param(60, True, id="stale")],
)
def test_a_run_of_another_host_is_taken_only_once_its_heartbeat_is_stale(
    corpus: Path, tmp_path: Path, minutes_ago: int, taken: bool
) -> None:
    path = tmp_path / "report.db"
    beat = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat(timespec="seconds")
    left_running(path, corpus, pid=os.getpid(), host="another-host.invalid", heartbeat=beat)
    result = CliRunner().invoke(main, resume_args(path, corpus))
    assert result.exit_code == (0 if taken else 2), result.output
    status = "completed" if taken else "running"
    assert rows(path, "select status from runs") == [(status,)]


class StopWhen:
    """A progress (and judged-document hook) that stops the run, as Ctrl-C
    would, at a given point: while reading, or after some documents were
    judged; a held-back lookup is let go just after, so the stop comes while
    it is in flight."""

    def __init__(self, *, read: int | None = None, judged: int | None = None) -> None:
        self.read = read
        self.judged = judged
        self.count = 0
        self.release: threading.Event | None = None

    def update(self, status: Status) -> None:
        if self.read is not None and status.reading and status.read == self.read:
            self._stop()

    def finished(self) -> None:
        pass

    def on_judged(self, audit: DocumentAudit) -> None:
        self.count += 1
        if self.judged is not None and self.count == self.judged:
            self._stop()

    def _stop(self) -> None:
        if self.release is not None:
            threading.Timer(0.2, self.release.set).start()
        raise KeyboardInterrupt


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param(StopWhen(read=3), id="while-reading"),
        pytest.param(StopWhen(judged=1), id="after-one-judged-while-resolving"),
        pytest.param(StopWhen(judged=4), id="after-four-judged-while-resolving"),
    ],
)
def test_a_run_stopped_while_resolving_asks_nothing_twice_and_ends_as_if_it_had_not(
    tmp_path: Path, stop: StopWhen
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    dois = [f"10.5555/page.{n}" for n in range(6)]
    for n, value in enumerate(dois):
        (corpus / f"page{n}.md").write_text(
            f"Claim [1].\n\n## References\n1. Author A. A title. J Test. 2020;1:1-2. doi:{value}\n"
        )
    path = tmp_path / "report.db"
    with CacheStore.open(tmp_path / "cache.db") as cache:
        # One DOI a list request, one request at a time: a stop leaves the
        # later DOIs unasked.
        crossref = FakeCrossref(size=1)
        # The lookup after the stop point is held back until just after the stop.
        held = (stop.read or stop.judged or 0) + 1
        stop.release = crossref.gates[held] = threading.Event()
        first = Services(crossref, cache=cache, list_workers=1)
        with ReportDatabase.open(path) as report, pytest.raises(KeyboardInterrupt):
            run_audit(
                [corpus],
                resolver=first,
                options=AuditOptions(batch_size=1),
                report=report,
                settings=SETTINGS,
                progress=stop,
                on_judged=stop.on_judged,
            )
        assert rows(path, "select status from runs") == [("interrupted",)]
        asked_first = first.asked()
        assert 0 < len(asked_first) < len(dois)  # stopped halfway through resolving

        second = Services(FakeCrossref(size=1), cache=cache, list_workers=1)
        with ReportDatabase.open(path) as report:
            run_audit(
                [corpus],
                resolver=second,
                options=AuditOptions(batch_size=1),
                report=report,
                settings=SETTINGS,
                resume=1,
            )
            resumed = report.load(1)

    # No DOI asked twice: each answer that arrived before the stop was cached.
    assert sorted(asked_first + second.asked()) == dois
    assert rows(path, "select id, status from runs") == [(1, "completed")]
    assert rows(path, "select count(*), count(distinct path) from documents") == [(6, 6)]
    assert rows(path, 'select count(*) from "references"') == [(6,)]

    with CacheStore.open(tmp_path / "fresh-cache.db") as cache:
        fresh_path = tmp_path / "fresh.db"
        with ReportDatabase.open(fresh_path) as report:
            run_audit(
                [corpus],
                resolver=Services(FakeCrossref(size=1), cache=cache, list_workers=1),
                report=report,
                settings=SETTINGS,
            )
            fresh = report.load(1)
    assert {a.document.path: a.verdicts for a in resumed.audits} == {
        a.document.path: a.verdicts for a in fresh.audits
    }


def test_a_resumed_cli_run_prints_only_what_it_judges_and_counts_the_whole_run(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = str(tmp_path / "report.db")
    args = ["audit", "--offline", "--allow-unverified", "--report", report, str(corpus)]
    monkeypatch.setattr(cli, "AuditOptions", functools.partial(AuditOptions, batch_size=1))
    runner = CliRunner()
    with monkeypatch.context() as stopping:
        stop_after_two_batches(stopping)
        first = runner.invoke(main, args)
    assert first.exit_code == 130
    second = runner.invoke(main, [*args, "--resume"])
    assert second.exit_code == 0, second.output
    headers = [line for line in second.stdout.splitlines() if line.startswith(str(corpus))]
    # The two documents judged after the stop, each once; the counts cover all four.
    assert len(headers) == 2
    assert "4 documents, 4 references: 4 could not verify" in second.stdout


class Killed(BaseException):
    """The process dies at this point: the audit's handling of Ctrl-C does
    not run, so the report keeps only what was committed before (as after
    kill -9, except that the run ends marked failed, not left running)."""


def test_a_document_judged_longer_ago_than_the_bound_survives_a_kill_and_is_not_judged_again(
    corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.db"
    now = [0.0]
    judged: list[str] = []

    def judging_slowly(audit: DocumentAudit) -> None:
        judged.append(Path(audit.document.path).name)
        if len(judged) == 2:
            now[0] += COMMIT_WITHIN  # the first document was judged a bound ago
        if len(judged) == 4:
            raise Killed

    # Batches of 100 would hold all four documents: only the time bound writes any.
    first = Records()
    with ReportDatabase.open(path) as report, pytest.raises(Killed):
        run_audit(
            [corpus],
            resolver=first,
            report=report,
            settings=SETTINGS,
            on_judged=judging_slowly,
            clock=lambda: now[0],
        )
    assert judged == ["page0.md", "page1.md", "page2.md", "page3.md"]
    # The first document's batch was due when the second was judged; the
    # third, judged just before the kill, was not yet.
    assert rows(path, "select path from documents order by id") == [
        (str(corpus / "page0.md"),),
        (str(corpus / "page1.md"),),
    ]

    second = Records()
    with ReportDatabase.open(path) as report:
        run_audit([corpus], resolver=second, report=report, settings=SETTINGS, resume=1)
    assert sorted(second.asked) == ["doi:10.5555/page.2", "doi:10.5555/page.3"]
    assert rows(path, "select status from runs") == [("completed",)]
    assert rows(path, "select count(*), count(distinct path) from documents") == [(4, 4)]


def test_documents_judged_before_ctrl_c_are_written_however_few(
    corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.db"
    stop = StopWhen(judged=3)
    # The third document is stopped in its hook, before it joins the batch.
    with ReportDatabase.open(path) as report, pytest.raises(KeyboardInterrupt):
        run_audit(
            [corpus],
            resolver=Records(),
            report=report,
            settings=SETTINGS,
            on_judged=stop.on_judged,
            clock=lambda: 0.0,
        )
    assert rows(path, "select status from runs") == [("interrupted",)]
    assert rows(path, "select count(*) from documents") == [(2,)]
