"""One rate budget for every process that shares a cache.

Four CI jobs auditing at once, each polite on its own, together ask a
service four times its limit. Processes that share a cache file therefore
also share a small ledger beside it (``<cache>.ratelimit``, SQLite): before
a request starts, its process books a start time in the ledger, spaced
``1 / rate`` after the latest start any process booked for that bucket, and
waits until then. Each process's own :class:`~citecheck.resolvers.ratelimit.RateLimiter`
still keeps its concurrency and spacing; the ledger adds the spacing across
processes.

The ledger only ever slows requests down. When it cannot be used (locked
for too long, a read-only folder, a full disk) the process says so once and
goes on with its own limits alone: a lookup is never lost to the ledger.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

logger = logging.getLogger(__name__)

LEDGER_SUFFIX: Final = ".ratelimit"
"""The ledger's file name is the cache's with this added."""

BUSY_TIMEOUT: Final = 2.0
"""Seconds a booking waits for another process's booking; a ledger busy
for longer is left aside for the rest of the run."""

KEEP_SECONDS: Final = 10.0
"""Bookings older than this are deleted: only the latest start matters."""

MARGIN: Final = 0.005
"""Added to the spacing, as the process's own limiter does (see ratelimit)."""


class SharedBudget:
    """Start times booked by every process sharing one ledger file.

    Thread-safe. ``clock`` must be wall-clock time (the processes share it);
    it is injected for tests.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._broken = False

    @classmethod
    def beside(cls, cache_path: Path) -> SharedBudget:
        """The budget whose ledger lies beside the cache file ``cache_path``."""
        return cls(cache_path.with_name(cache_path.name + LEDGER_SUFFIX))

    def book(self, bucket: str, rate: float, not_before: float) -> float:
        """The wall-clock time at which a request of ``bucket`` may start,
        at ``not_before`` or later, now booked for it. ``not_before`` when
        the ledger cannot be used."""
        with self._lock:
            if self._broken:
                return not_before
            try:
                return self._book(bucket, rate, not_before)
            except (sqlite3.Error, OSError) as exc:
                self._broken = True
                logger.warning(
                    "the rate ledger %s cannot be used (%s): this run keeps to its own "
                    "limits only, so runs in parallel may ask the services too often",
                    self.path,
                    exc,
                )
                return not_before

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS bookings (bucket TEXT NOT NULL, start REAL NOT NULL)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS bookings_by_bucket ON bookings (bucket, start)")
            self._db = db
        return self._db

    def _book(self, bucket: str, rate: float, not_before: float) -> float:
        db = self._connection()
        spacing = 1.0 / rate + MARGIN
        db.execute("BEGIN IMMEDIATE")
        try:
            now = self._clock()
            db.execute("DELETE FROM bookings WHERE start < ?", (now - KEEP_SECONDS,))
            row = db.execute(
                "SELECT MAX(start) FROM bookings WHERE bucket = ?", (bucket,)
            ).fetchone()
            latest = row[0] if row and row[0] is not None else float("-inf")
            start = max(not_before, now, latest + spacing)
            db.execute("INSERT INTO bookings (bucket, start) VALUES (?, ?)", (bucket, start))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return start
