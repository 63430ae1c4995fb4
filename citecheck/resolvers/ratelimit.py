"""Rate limiting: at most N requests a second and M in flight, per bucket.

Each service route has a bucket (Crossref single-work routes, Crossref list
routes, NCBI E-utilities). A request takes a slot: it waits until fewer than
``concurrency`` requests are in flight and until its start time, which is
spaced ``1 / rate`` seconds after the previous start. So in any window of
one second, ``[t, t + 1)``, no more than ``rate`` requests start.

Processes that share a cache also share a ledger of start times
(:mod:`~citecheck.resolvers.budget`), so that together they keep to the
rate too. The limits can be lowered or raised from a service's own headers
(``x-rate-limit-limit``, ``x-rate-limit-interval``, ``x-concurrency-limit``)
when it sends them. The clock and sleep are injected, so tests run on a fake
clock.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citecheck.resolvers.budget import SharedBudget

# Start times are spaced 1/rate apart and then this much more: requests
# reach a service a few milliseconds earlier or later than they start here,
# and a service counting a strict one-second window would otherwise see
# rate + 1 of them now and then (seen against the stand-in server). 5 ms
# costs 5 % of the allowance at 10 requests/s, under 2 % at 3/s. Spacing is
# kept between the times requests really start, not only as planned.
SPACING_MARGIN = 0.005


@dataclass(frozen=True, slots=True)
class Limits:
    """Requests per second and requests in flight."""

    rate: float
    concurrency: int


class RateLimiter:
    """A bucket's limiter. Thread-safe; ``slot()`` is the only way in."""

    def __init__(
        self,
        *,
        rate: float,
        concurrency: int = 1,
        name: str = "",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        budget: SharedBudget | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if rate <= 0 or concurrency < 1:
            raise ValueError("rate must be positive and concurrency at least 1")
        self.name = name
        # Shared with the other processes of one cache: see budget.py.
        self._budget = budget
        self._wall = wall
        self._limits = Limits(rate, concurrency)
        self._clock = clock
        self._sleep = sleep
        self._condition = threading.Condition()
        self._in_flight = 0
        self._waiting = 0
        self._next_start = float("-inf")
        self._last_start = float("-inf")

    @property
    def limits(self) -> Limits:
        return self._limits

    @property
    def waiting(self) -> int:
        """Requests waiting for a slot now (for progress displays)."""
        return self._waiting

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Wait for a free slot and a start time, then hold the slot."""
        with self._condition:
            self._waiting += 1
            while self._in_flight >= self._limits.concurrency:
                self._condition.wait()
            self._in_flight += 1
            self._waiting -= 1
            start = max(self._clock(), self._next_start)
            self._next_start = start + self._spacing()
        try:
            self._wait_until(start)
            if self._budget is not None:
                now = self._wall()
                booked = self._budget.book(self.name, self._limits.rate, not_before=now)
                if booked > now:
                    self._sleep(booked - now)
            yield
        finally:
            with self._condition:
                self._in_flight -= 1
                self._condition.notify()

    def _spacing(self) -> float:
        return 1.0 / self._limits.rate + SPACING_MARGIN

    def _wait_until(self, start: float) -> None:
        """Sleep until ``start``, then make sure the request really starts a
        full spacing after the one before. A thread that wakes late (a busy
        interpreter) would otherwise start close to the next one, which
        wakes on time: a service counting strict one-second windows then
        sees rate + 1 requests."""
        while True:
            delay = start - self._clock()
            if delay > 0:
                self._sleep(delay)
            with self._condition:
                now = self._clock()
                earliest = self._last_start + self._spacing()
                if now >= earliest:
                    self._last_start = now
                    self._next_start = max(self._next_start, now + self._spacing())
                    return
                start = earliest

    def update(self, limits: Limits) -> None:
        """Adopt limits a service announced (pool names vary; numbers rule)."""
        with self._condition:
            if limits == self._limits:
                return
            self._limits = limits
            self._condition.notify_all()


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}


def limits_from_headers(headers: Mapping[str, str], current: Limits) -> Limits | None:
    """The limits announced by ``x-rate-limit-limit``, ``x-rate-limit-interval``
    and ``x-concurrency-limit``, or None when the headers announce nothing
    readable. A missing part keeps its ``current`` value."""
    rate = current.rate
    concurrency = current.concurrency
    announced = False
    limit = _positive_float(headers.get("x-rate-limit-limit"))
    if limit is not None:
        interval = _interval_seconds(headers.get("x-rate-limit-interval")) or 1.0
        rate = limit / interval
        announced = True
    parallel = _positive_float(headers.get("x-concurrency-limit"))
    if parallel is not None and parallel >= 1:
        concurrency = int(parallel)
        announced = True
    return Limits(rate, concurrency) if announced else None


def _positive_float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if number > 0 and number == number and number != float("inf") else None


def _interval_seconds(value: str | None) -> float | None:
    if value is None:
        return None
    match = _INTERVAL.match(value)
    if not match:
        return None
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    return seconds if seconds > 0 else None
