"""The lookup cache: what it keeps, for how long, and how it copes with other
processes and with files it cannot use."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from citecheck.cache import (
    CacheCount,
    CacheError,
    CachePolicy,
    CacheStore,
    default_cache_path,
)
from citecheck.cache.store import APPLICATION_ID, SCHEMA_VERSION
from citecheck.models import (
    Author,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Notice,
    NoticeKind,
    Record,
    Service,
    WorkType,
)

DAY = 86400.0
START = 1_700_000_000.0

DOI = Identifier(IdType.DOI, "10.1000/ABC.123", raw="https://doi.org/10.1000/ABC.123")
PMID = Identifier(IdType.PMID, "31452104")
RECORD = Record(
    service=Service.CROSSREF,
    doi="10.1000/abc.123",
    title="A study of caching",
    authors=(Author("Smith", "J", orcid="0000-0002-1825-0097"),),
    issued_year=2019,
    journal="J Caching",
    type=WorkType.JOURNAL_ARTICLE,
    type_label="journal-article",
    notices=(Notice(NoticeKind.CORRECTION, "publisher", year=2020),),
)


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "lookups.db"


@pytest.fixture
def store(path: Path, clock: FakeClock) -> Iterator[CacheStore]:
    with CacheStore.open(path, clock=clock) as opened:
        yield opened


def found(
    identifier: Identifier = DOI,
    *,
    service: Service = Service.CROSSREF,
    fetched_at: float | None = None,
) -> Lookup:
    return Lookup(identifier, LookupStatus.FOUND, service, record=RECORD, fetched_at=fetched_at)


def not_found(identifier: Identifier = DOI, *, fetched_at: float | None = None) -> Lookup:
    return Lookup(
        identifier,
        LookupStatus.NOT_FOUND,
        Service.CROSSREF,
        reason="Resource not found.",
        fetched_at=fetched_at,
    )


def other_agency(identifier: Identifier = DOI, *, fetched_at: float | None = None) -> Lookup:
    return Lookup(
        identifier,
        LookupStatus.OTHER_AGENCY,
        Service.CROSSREF,
        agency="DataCite",
        fetched_at=fetched_at,
    )


def could_not_verify(identifier: Identifier = DOI) -> Lookup:
    return Lookup(
        identifier,
        LookupStatus.COULD_NOT_VERIFY,
        Service.CROSSREF,
        reason="HTTP 503",
        fetched_at=START,
    )


def row_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM lookups").fetchone()[0]
    conn.close()
    return count


# Where the cache lives


def test_the_default_path_is_lookups_db_in_the_user_cache_directory() -> None:
    assert default_cache_path() == Path(platformdirs.user_cache_dir("citecheck")) / "lookups.db"


def test_opening_creates_the_file_and_its_missing_directories(path: Path) -> None:
    with CacheStore.open(str(path)) as store:
        assert store.path == path
    assert path.is_file()


# What a hit looks like


def test_a_stored_answer_comes_back_whole_marked_from_cache(store: CacheStore) -> None:
    store.put(found())

    assert store.get(DOI, Service.CROSSREF) == Lookup(
        DOI,
        LookupStatus.FOUND,
        Service.CROSSREF,
        record=RECORD,
        fetched_at=START,
        from_cache=True,
    )


def test_a_hit_carries_the_identifier_as_requested_whatever_its_case(store: CacheStore) -> None:
    store.put(found())
    asked = Identifier(IdType.DOI, "10.1000/abc.123", raw="doi:10.1000/abc.123")

    hit = store.get(asked, Service.CROSSREF)

    assert hit is not None
    assert hit.identifier.value == "10.1000/abc.123"
    assert hit.identifier.raw == "doi:10.1000/abc.123"


def test_a_not_found_answer_keeps_what_the_service_said(store: CacheStore) -> None:
    store.put(not_found())

    hit = store.get(DOI, Service.CROSSREF)

    assert hit == Lookup(
        DOI,
        LookupStatus.NOT_FOUND,
        Service.CROSSREF,
        reason="Resource not found.",
        fetched_at=START,
        from_cache=True,
    )


def test_an_other_agency_answer_keeps_the_agency(store: CacheStore) -> None:
    store.put(other_agency())

    hit = store.get(DOI, Service.CROSSREF)

    assert hit is not None
    assert (hit.status, hit.agency, hit.record) == (LookupStatus.OTHER_AGENCY, "DataCite", None)


def test_answers_of_different_services_are_kept_apart(store: CacheStore) -> None:
    store.put(found(PMID, service=Service.PUBMED))

    assert store.get(PMID, Service.PMC) is None
    assert store.get(PMID, Service.PUBMED) is not None


def test_identifiers_of_different_types_are_kept_apart(store: CacheStore) -> None:
    store.put(found(PMID, service=Service.PUBMED))
    same_digits = Identifier(IdType.ISBN, PMID.value)

    assert store.get(same_digits, Service.PUBMED) is None


def test_an_identifier_never_stored_is_a_miss(store: CacheStore) -> None:
    assert store.get(DOI, Service.CROSSREF) is None


# What is stored and what is not


def test_could_not_verify_is_never_stored(store: CacheStore, path: Path) -> None:
    store.put(found())
    store.put(could_not_verify())

    hit = store.get(DOI, Service.CROSSREF)
    assert hit is not None
    assert hit.status is LookupStatus.FOUND
    store.clear()
    store.put(could_not_verify())
    assert row_count(path) == 0


def test_an_answer_said_to_come_from_the_cache_service_is_not_stored(
    store: CacheStore, path: Path
) -> None:
    store.put(found(service=Service.CACHE))

    assert row_count(path) == 0


def test_an_answer_without_a_fetch_time_counts_as_received_now(
    store: CacheStore, clock: FakeClock
) -> None:
    clock.advance(5)
    store.put(found(fetched_at=None))

    hit = store.get(DOI, Service.CROSSREF)
    assert hit is not None
    assert hit.fetched_at == START + 5


def test_a_newer_answer_replaces_an_older_one(store: CacheStore) -> None:
    store.put(found())
    store.put(not_found(fetched_at=START + 10))

    hit = store.get(DOI, Service.CROSSREF)
    assert hit is not None
    assert (hit.status, hit.fetched_at) == (LookupStatus.NOT_FOUND, START + 10)


def test_an_older_answer_stored_late_does_not_replace_a_newer_one(store: CacheStore) -> None:
    store.put(not_found(fetched_at=START + 10))
    store.put(found())

    hit = store.get(DOI, Service.CROSSREF)
    assert hit is not None
    assert hit.status is LookupStatus.NOT_FOUND


def test_a_hit_stored_again_keeps_its_original_fetch_time(
    store: CacheStore, clock: FakeClock
) -> None:
    store.put(found())
    clock.advance(29 * DAY)
    hit = store.get(DOI, Service.CROSSREF)
    assert hit is not None

    store.put(hit)
    clock.advance(2 * DAY)

    assert store.get(DOI, Service.CROSSREF) is None


def test_the_table_holds_outcomes_and_records_only_never_request_urls(path: Path) -> None:
    CacheStore.open(path).close()
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(lookups)")]
    conn.close()

    assert columns == [
        "service",
        "id_type",
        "id_key",
        "status",
        "fetched_at",
        "agency",
        "reason",
        "record",
    ]


# How long answers stay fresh


def test_a_found_record_is_fresh_at_29_days_and_gone_at_31(
    store: CacheStore, clock: FakeClock
) -> None:
    store.put(found())

    clock.advance(29 * DAY)
    assert store.get(DOI, Service.CROSSREF) is not None
    clock.advance(2 * DAY)
    assert store.get(DOI, Service.CROSSREF) is None


def test_an_other_agency_answer_lasts_as_long_as_a_found_one(
    store: CacheStore, clock: FakeClock
) -> None:
    store.put(other_agency())

    clock.advance(29 * DAY)
    assert store.get(DOI, Service.CROSSREF) is not None
    clock.advance(2 * DAY)
    assert store.get(DOI, Service.CROSSREF) is None


def test_a_not_found_answer_is_fresh_within_a_day_and_gone_after_one(
    store: CacheStore, clock: FakeClock
) -> None:
    store.put(not_found())

    clock.advance(DAY - 60)
    assert store.get(DOI, Service.CROSSREF) is not None
    clock.advance(60)
    assert store.get(DOI, Service.CROSSREF) is None


def test_the_policy_sets_how_long_answers_stay_fresh(path: Path, clock: FakeClock) -> None:
    policy = CachePolicy(found_ttl=100, not_found_ttl=10)
    with CacheStore.open(path, policy=policy, clock=clock) as store:
        store.put(found(DOI))
        store.put(not_found(PMID))
        clock.advance(50)

        assert store.get(DOI, Service.CROSSREF) is not None
        assert store.get(PMID, Service.CROSSREF) is None


def test_a_negative_ttl_is_refused() -> None:
    with pytest.raises(ValueError):
        CachePolicy(not_found_ttl=-1)


# Many at once


def test_get_many_returns_the_fresh_hits_by_identifier_key(
    store: CacheStore, clock: FakeClock
) -> None:
    stale = Identifier(IdType.DOI, "10.1000/stale")
    missing = Identifier(IdType.DOI, "10.1000/missing")
    store.put_many([not_found(stale), found(DOI)])
    store.put(found(PMID, fetched_at=START + DAY))
    clock.advance(DAY + 1)

    hits = store.get_many([DOI, PMID, stale, missing], Service.CROSSREF)

    assert set(hits) == {DOI.key, PMID.key}
    assert hits[PMID.key].identifier == PMID


def test_get_many_asks_sqlite_once_per_500_identifiers(store: CacheStore) -> None:
    identifiers = [Identifier(IdType.DOI, f"10.1000/{n}") for n in range(1200)]
    store.put_many(found(identifier) for identifier in identifiers)
    statements: list[str] = []
    store._db.conn.set_trace_callback(statements.append)

    hits = store.get_many(identifiers, Service.CROSSREF)

    assert len(hits) == 1200
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3


def test_put_many_writes_in_one_transaction(store: CacheStore, path: Path) -> None:
    statements: list[str] = []
    store._db.conn.set_trace_callback(statements.append)

    store.put_many(
        [found(Identifier(IdType.DOI, f"10.1000/{n}")) for n in range(50)] + [could_not_verify()]
    )

    assert len([s for s in statements if s.upper().startswith("BEGIN")]) == 1
    assert row_count(path) == 50


# Statistics and clearing


def test_stats_count_each_service_and_status_fresh_and_expired(
    store: CacheStore, clock: FakeClock, path: Path
) -> None:
    store.put(found(DOI))
    store.put(not_found(Identifier(IdType.DOI, "10.1000/gone")))
    store.put(not_found(Identifier(IdType.DOI, "10.1000/new"), fetched_at=START + DAY))
    store.put(found(PMID, service=Service.PUBMED))
    clock.advance(DAY + 1)

    stats = store.stats()

    assert stats.path == path
    assert stats.size > 0
    assert stats.counts == (
        CacheCount(Service.CROSSREF, LookupStatus.FOUND, fresh=1, expired=0),
        CacheCount(Service.CROSSREF, LookupStatus.NOT_FOUND, fresh=1, expired=1),
        CacheCount(Service.PUBMED, LookupStatus.FOUND, fresh=1, expired=0),
    )
    assert (stats.fresh, stats.expired, stats.total) == (3, 1, 4)


def test_clear_removes_every_answer_and_says_how_many(store: CacheStore) -> None:
    store.put_many([found(DOI), not_found(PMID)])

    assert store.clear() == 2
    assert store.stats().total == 0


def test_clear_expired_only_keeps_fresh_answers(store: CacheStore, clock: FakeClock) -> None:
    store.put_many([found(DOI), not_found(PMID)])
    clock.advance(2 * DAY)

    assert store.clear(expired_only=True) == 1
    assert store.get(DOI, Service.CROSSREF) is not None
    assert store.stats().total == 1


# Rows and files it cannot use


def test_an_unreadable_row_is_a_miss_and_is_logged(
    store: CacheStore, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store.put_many([found(DOI), found(PMID)])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE lookups SET record = '{\"v\": 999}' WHERE id_key = ?", [DOI.key])
    conn.close()

    with caplog.at_level(logging.WARNING, logger="citecheck.cache.store"):
        hits = store.get_many([DOI, PMID], Service.CROSSREF)

    assert set(hits) == {PMID.key}
    assert DOI.value in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"# My notes\nnot a database\n" * 200, id="a text file"),
        pytest.param(bytes(range(256)) * 64, id="random bytes"),
        pytest.param(b"SQLite format 3\x00" + b"\xff" * 5000, id="a damaged header"),
    ],
)
def test_a_file_that_is_no_sqlite_database_raises_cache_error(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    with pytest.raises(CacheError) as caught:
        CacheStore.open(path)

    assert "\n" not in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content


def test_a_cache_whose_schema_page_is_damaged_raises_cache_error(path: Path) -> None:
    with CacheStore.open(path) as store:
        store.put(found())
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)
    path.write_bytes(bytes(data))
    Path(f"{path}-wal").unlink(missing_ok=True)

    with pytest.raises(CacheError):
        CacheStore.open(path)


def test_a_directory_at_the_path_raises_cache_error(path: Path) -> None:
    path.mkdir(parents=True)

    with pytest.raises(CacheError):
        CacheStore.open(path)


def test_a_path_under_a_file_raises_cache_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")

    with pytest.raises(CacheError):
        CacheStore.open(tmp_path / "file" / "lookups.db")


def test_another_applications_database_is_refused_and_left_intact(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE lookups (name TEXT)")
        conn.execute("INSERT INTO lookups VALUES ('precious')")
    conn.close()

    with pytest.raises(CacheError, match="another application"):
        CacheStore.open(path)

    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM lookups").fetchall() == [("precious",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


@pytest.mark.parametrize("version", [0, SCHEMA_VERSION + 1])
def test_a_cache_of_another_layout_version_is_recreated_empty(path: Path, version: int) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE lookups (doi TEXT PRIMARY KEY, json TEXT)")
        conn.execute("INSERT INTO lookups VALUES ('10.1000/x', '{}')")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()

    with CacheStore.open(path) as store:
        assert store.stats().total == 0
        store.put(found())
        assert store.get(DOI, Service.CROSSREF) is not None

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_closed_store_raises_cache_error_and_closes_only_once(store: CacheStore) -> None:
    store.close()
    store.close()

    with pytest.raises(CacheError, match="closed"):
        store.get(DOI, Service.CROSSREF)


# Sharing the file


def test_the_file_uses_write_ahead_logging(store: CacheStore, path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_two_stores_on_one_file_see_each_others_answers(path: Path) -> None:
    with CacheStore.open(path) as first, CacheStore.open(path) as second:
        first.put(found(DOI))
        second.put(not_found(PMID))

        assert second.get(DOI, Service.CROSSREF) is not None
        assert first.get(PMID, Service.CROSSREF) is not None


def test_reading_does_not_wait_for_another_processs_write(store: CacheStore, path: Path) -> None:
    store.put(found())
    other = sqlite3.connect(path, isolation_level=None)
    try:
        # Without WAL, an exclusive lock would shut readers out until commit.
        other.execute("BEGIN EXCLUSIVE")
        other.execute("DELETE FROM lookups")
        started = time.monotonic()

        assert store.get(DOI, Service.CROSSREF) is not None
        assert time.monotonic() - started < 1
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_write_waits_for_another_writer_instead_of_failing(store: CacheStore, path: Path) -> None:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO lookups (service, id_type, id_key, status, fetched_at)"
        " VALUES ('pubmed', 'pmid', 'pmid:1', 'not-found', ?)",
        [START],
    )
    releaser = threading.Timer(0.5, other.execute, ["COMMIT"])
    releaser.start()
    try:
        started = time.monotonic()
        store.put(found())
        waited = time.monotonic() - started
    finally:
        releaser.join()
        other.close()

    assert waited >= 0.3
    assert row_count(path) == 2


def test_threads_may_share_one_store(store: CacheStore) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(30):
                identifier = Identifier(IdType.PMID, f"{n}{i:03d}")
                store.put(found(identifier, service=Service.PUBMED))
                assert store.get(identifier, Service.PUBMED) is not None
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert store.stats().total == 120


def write_from_another_process(path: str, worker: int, start: threading.Event) -> None:
    """Store 100 answers one by one and 100 in a batch, reading between."""
    start.wait()
    with CacheStore.open(path) as store:
        for n in range(100):
            identifier = Identifier(IdType.PMID, f"{worker}{n:04d}")
            store.put(found(identifier, service=Service.PUBMED))
            store.get(identifier, Service.PUBMED)
        store.put_many(
            found(Identifier(IdType.PMID, f"{worker}{n:04d}"), service=Service.PUBMED)
            for n in range(100, 200)
        )
        store.clear(expired_only=True)


def test_processes_writing_at_once_never_find_the_database_locked(path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=write_from_another_process, args=(str(path), worker, start))
        for worker in range(1, 5)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert row_count(path) == 800


def open_new_cache(path: str, start: threading.Event) -> None:
    start.wait()
    CacheStore.open(path).close()


def test_runs_starting_together_on_a_new_cache_all_open_it(tmp_path: Path) -> None:
    # Regression: a process that read the header before another created the
    # table took the new cache for a foreign database, or met "locked".
    context = multiprocessing.get_context("fork")
    for trial in range(15):
        path = str(tmp_path / f"new-{trial}" / "lookups.db")
        start = context.Event()
        workers = [context.Process(target=open_new_cache, args=(path, start)) for _ in range(6)]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(timeout=60)
        assert [worker.exitcode for worker in workers] == [0] * 6, f"trial {trial}"


class FullDisk(sqlite3.Connection):
    """A connection on a disk that has just filled up: every batch write fails."""

    def executemany(self, sql: str, rows: Any, /) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_full_disk_is_said_once_and_the_run_goes_on_without_storing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    connect = sqlite3.connect
    monkeypatch.setattr(
        sqlite3, "connect", lambda *args, **kwargs: connect(*args, **kwargs, factory=FullDisk)
    )
    path = tmp_path / "cache.db"
    with CacheStore.open(path) as store, caplog.at_level(logging.WARNING):
        for n in range(50):
            doi = Identifier(IdType.DOI, f"10.5555/full.{n}")
            store.put(Lookup(doi, LookupStatus.NOT_FOUND, Service.CROSSREF))
        assert store.get(doi, Service.CROSSREF) is None
    assert [r.getMessage() for r in caplog.records] == [
        f"cannot write {path}: database or disk is full; going on without storing answers"
    ]
