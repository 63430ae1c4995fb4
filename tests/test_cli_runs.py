"""How an audit ends when something outside it goes wrong: a signal, a closed
stdout, an output file that cannot be written, a bad base URL, a damaged
cache or report. Each ends with one line and its own exit code, never a
traceback, and never loses the run."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from citecheck.cache import CacheStore
from citecheck.cli import main
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Service

PAGE = "Claim [1].\n\n## References\n1. Author A. A title. J Test. 2020;1:1-2. doi:10.5555/p.{n}\n"
PROGRAM = "from citecheck.cli import main; main()"


@pytest.fixture
def pages(tmp_path: Path) -> list[str]:
    paths = []
    for n in range(3):
        path = tmp_path / f"page{n}.md"
        path.write_text(PAGE.format(n=n))
        paths.append(path.name)
    return paths


@pytest.fixture
def silent_service() -> Iterator[str]:
    """A base URL whose server takes connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_a_signal_marks_the_run_interrupted_and_says_how_to_resume(
    tmp_path: Path, pages: list[str], silent_service: str, signum: int, code: int
) -> None:
    report = tmp_path / "report.db"
    args = ["audit", "--report", "report.db", "--cache", "cache.db", "--mailto", "a@b.example"]
    args += ["--timeout", "2", "--retries", "0", "--crossref-url", silent_service, *pages]
    process = subprocess.Popen(
        [sys.executable, "-c", PROGRAM, *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not (report.exists() and _has_run(report)) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code
    assert stderr == (
        "citecheck: run 1 of report.db interrupted; go on with: citecheck audit --resume "
        + " ".join(args[1:])
        + "\n"
    )
    assert rows(report, "select status from runs") == [("interrupted",)]


def _has_run(report: Path) -> bool:
    try:
        return bool(rows(report, "select count(*) from runs")[0][0])
    except sqlite3.Error:
        return False


def test_a_closed_stdout_ends_the_audit_quietly(tmp_path: Path, pages: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # as `| head -0` does
    process = subprocess.run(
        [sys.executable, "-c", PROGRAM, "audit", "--offline", "--cache", "c.db", *pages],
        cwd=tmp_path,
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    os.close(writer)
    assert (process.returncode, process.stderr) == (141, "")


@pytest.mark.parametrize(
    ("output", "message"),
    [
        pytest.param("missing/out.json", "the folder missing does not exist", id="missing-folder"),
        pytest.param("/proc/out.json", "cannot write in the folder /proc: ", id="read-only"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, pages: list[str], output: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["audit", "--offline", "--no-cache", "--format", "json", "-o", output, *pages]
    )
    assert result.exit_code == 2
    assert f"Error: Invalid value for --output: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "citecheck-report.db").exists()


def test_an_output_that_fails_midway_leaves_the_file_before_and_no_partial_one(
    tmp_path: Path, pages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out.json"
    output.write_text("the last run's output")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["audit", "--offline", "--no-cache", "--format", "json", "-o", "out.json", *pages]
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: cannot write out.json: No space left on device\n"
    assert output.read_text() == "the last run's output"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_output_is_written_whole(
    tmp_path: Path, pages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["audit", "--offline", "--no-cache", "--format", "json", "-o", "out.json", *pages]
    )
    assert result.exit_code == 3
    assert (tmp_path / "out.json").read_text().startswith("{")


@pytest.mark.parametrize("url", ["http://[::1", "file:///etc", "ftp://x", "http://", "x:abc"])
def test_a_malformed_base_url_is_a_usage_error_before_any_work(
    tmp_path: Path, pages: list[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", "--no-cache", "--crossref-url", url, *pages])
    assert result.exit_code == 2
    assert "Invalid value for '--crossref-url'" in result.stderr
    assert not (tmp_path / "citecheck-report.db").exists()


def damaged_cache(path: Path) -> None:
    """A cache of 2,000 answers whose pages after the first two are overwritten."""
    with CacheStore.open(path) as store:
        store.put_many(
            Lookup(
                Identifier(IdType.DOI, f"10.5555/x.{n}"), LookupStatus.NOT_FOUND, Service.CROSSREF
            )
            for n in range(2000)
        )
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 : page * 4096 + 100] = b"\xff" * 100
    path.write_bytes(bytes(data))


def test_cache_stats_of_a_damaged_cache_is_one_line_naming_the_cure(tmp_path: Path) -> None:
    cache = tmp_path / "cache.db"
    damaged_cache(cache)
    result = CliRunner().invoke(main, ["cache", "stats", "--cache", str(cache)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot use the cache: cannot read {cache}: database disk image is malformed"
        f" (`citecheck cache clear --cache {cache}` starts it afresh)\n"
    )


def test_cache_clear_sets_a_damaged_cache_aside_and_starts_afresh(tmp_path: Path) -> None:
    cache = tmp_path / "cache.db"
    damaged_cache(cache)
    before = cache.read_bytes()
    result = CliRunner().invoke(main, ["cache", "clear", "--cache", str(cache)])
    assert result.exit_code == 0
    assert result.stdout == f"removed the damaged cache {cache}\n"
    (aside,) = tmp_path.glob("cache.db.damaged-????????T??????")
    assert result.stderr.endswith(f": moved it to {aside}, starting afresh\n")
    assert aside.read_bytes() == before
    stats = CliRunner().invoke(main, ["cache", "stats", "--cache", str(cache)])
    assert (stats.exit_code, stats.stdout.splitlines()[-1]) == (0, "  total: 0 fresh, 0 expired")


def test_an_audit_on_a_damaged_cache_says_so_once_and_goes_on(
    tmp_path: Path,
    pages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = tmp_path / "cache.db"
    damaged_cache(cache)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", "--offline", "--cache", str(cache), *pages])
    assert result.exit_code == 3, result.output
    assert "3 documents, 3 references: 3 could not verify" in result.stdout
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"cannot read {cache}: database disk image is malformed; going on without reading the"
        f" cache (`citecheck cache clear --cache {cache}` starts it afresh)"
    ]


def test_a_damaged_report_is_refused_with_the_command_that_recovers_it(
    tmp_path: Path, pages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for _ in range(3):
        runner.invoke(main, ["audit", "--offline", "--no-cache", "--report", "r.db", *pages])
    with sqlite3.connect("r.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(Path("r.db").read_bytes())
    last = len(data) // 4096 - 2
    data[last * 4096 : last * 4096 + 200] = b"\xff" * 200
    Path("r.db").write_bytes(bytes(data))
    before = Path("r.db").read_bytes()
    result = runner.invoke(main, ["audit", "--offline", "--no-cache", "--report", "r.db", *pages])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot use the report: r.db is damaged (")
    assert result.stderr.endswith(
        "recover what it holds with `sqlite3 r.db .recover | sqlite3 r-recovered.db`,"
        " then use --report r-recovered.db\n"
    )
    assert result.stderr.count("\n") == 1
    assert Path("r.db").read_bytes() == before
