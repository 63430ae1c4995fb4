"""A rate budget shared by the processes of one cache (the ledger beside it)."""

from __future__ import annotations

import itertools
import logging
import threading
from pathlib import Path

import pytest

from citecheck.resolvers.budget import SharedBudget
from citecheck.resolvers.ratelimit import RateLimiter


class FakeWall:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_two_processes_sharing_a_ledger_are_spaced_as_one(tmp_path: Path) -> None:
    # Two budgets on one file stand for two processes: each has its own connection.
    wall = FakeWall()
    first = SharedBudget(tmp_path / "cache.db.ratelimit", clock=wall)
    second = SharedBudget(tmp_path / "cache.db.ratelimit", clock=wall)
    starts = [
        budget.book("crossref-list", 4.0, not_before=wall.now)
        for budget in (first, second, first, second, first)
    ]
    first.close()
    second.close()

    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert starts[0] == wall.now
    assert all(gap >= 0.25 for gap in gaps), gaps


def test_buckets_have_budgets_of_their_own(tmp_path: Path) -> None:
    wall = FakeWall()
    budget = SharedBudget(tmp_path / "ledger", clock=wall)
    crossref = budget.book("crossref-list", 3.0, not_before=wall.now)
    ncbi = budget.book("ncbi", 3.0, not_before=wall.now)
    budget.close()
    assert crossref == ncbi == wall.now


def test_threads_racing_for_bookings_never_share_a_start(tmp_path: Path) -> None:
    path = tmp_path / "ledger"
    booked: list[float] = []
    lock = threading.Lock()

    def book_some() -> None:
        budget = SharedBudget(path)
        for _ in range(5):
            start = budget.book("ncbi", 1000.0, not_before=0.0)
            with lock:
                booked.append(start)
        budget.close()

    workers = [threading.Thread(target=book_some) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    booked.sort()
    assert len(booked) == 20
    assert all(b - a >= 0.001 for a, b in itertools.pairwise(booked))


def test_a_ledger_that_cannot_be_used_slows_nothing_and_is_said_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "ledger-is-a-folder"
    folder.mkdir()
    budget = SharedBudget(folder)
    with caplog.at_level(logging.WARNING):
        starts = [budget.book("ncbi", 3.0, not_before=5.0) for _ in range(3)]
    assert starts == [5.0, 5.0, 5.0]
    assert sum("rate ledger" in r.getMessage() for r in caplog.records) == 1


def test_a_limiter_waits_for_the_start_its_budget_booked(tmp_path: Path) -> None:
    wall = FakeWall()
    slept: list[float] = []
    budget = SharedBudget(tmp_path / "ledger", clock=wall)
    budget.book("ncbi", 2.0, not_before=wall.now)  # another process's request, just now
    limiter = RateLimiter(
        rate=2.0, name="ncbi", budget=budget, wall=wall, sleep=slept.append, clock=lambda: 0.0
    )
    with limiter.slot():
        pass
    budget.close()
    assert slept and slept[-1] == pytest.approx(0.505)


def test_the_ledger_lies_beside_the_cache(tmp_path: Path) -> None:
    assert SharedBudget.beside(tmp_path / "cache.db").path == tmp_path / "cache.db.ratelimit"
