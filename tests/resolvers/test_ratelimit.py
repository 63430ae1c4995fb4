"""The rate limiter never exceeds the limits it was given or read from headers."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from citecheck.resolvers.ratelimit import SPACING_MARGIN, Limits, RateLimiter, limits_from_headers


class FakeClock:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def starts_of(limiter: RateLimiter, clock: FakeClock, count: int) -> list[float]:
    starts = []
    for _ in range(count):
        with limiter.slot():
            starts.append(clock())
    return starts


def most_in_any_second(starts: list[float], window: float = 1.0) -> int:
    """The most starts inside any half-open window [t, t + window)."""
    return max(sum(1 for s in starts if first <= s < first + window) for first in starts)


@pytest.mark.parametrize("rate", [1.0, 3.0, 5.0, 10.0])
def test_starts_never_exceed_the_rate_in_any_one_second_window(rate: float) -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=rate, clock=clock, sleep=clock.sleep)
    starts = starts_of(limiter, clock, 60)
    assert most_in_any_second(starts) <= int(rate)
    # ...and wastes little of the allowance: only the small spacing margin.
    assert starts[-1] - starts[0] == pytest.approx(59 * (1 / rate + SPACING_MARGIN), abs=1e-6)
    assert (len(starts) - 1) / (starts[-1] - starts[0]) >= 0.95 * rate


def test_a_request_that_wakes_late_pushes_the_next_one_back() -> None:
    clock = FakeClock()
    late = {"first": True}

    def oversleeping(seconds: float) -> None:
        # The first sleep overruns by 50 ms, as a thread of a busy
        # interpreter does; the others wake on time.
        clock.sleep(seconds + (0.05 if late.pop("first", False) else 0.0))

    limiter = RateLimiter(rate=3.0, clock=clock, sleep=oversleeping)
    starts = starts_of(limiter, clock, 12)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 1 / 3.0 + SPACING_MARGIN - 1e-9
    assert most_in_any_second(starts) <= 3


def test_a_limit_over_a_longer_interval_holds_in_every_window_of_that_interval() -> None:
    clock = FakeClock()
    limits = limits_from_headers(
        {"x-rate-limit-limit": "5", "x-rate-limit-interval": "2s"}, Limits(1.0, 1)
    )
    assert limits is not None
    limiter = RateLimiter(rate=limits.rate, clock=clock, sleep=clock.sleep)
    starts = starts_of(limiter, clock, 40)
    assert most_in_any_second(starts, window=2.0) <= 5


def test_the_first_request_does_not_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=1.0, clock=clock, sleep=clock.sleep)
    with limiter.slot():
        pass
    assert clock.slept == []


def test_limits_read_from_headers_take_effect_for_the_next_requests() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=10.0, concurrency=3, clock=clock, sleep=clock.sleep)
    starts_of(limiter, clock, 5)
    announced = limits_from_headers(
        {"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"},
        limiter.limits,
    )
    assert announced == Limits(rate=5.0, concurrency=1)
    limiter.update(announced)
    later = starts_of(limiter, clock, 30)
    assert most_in_any_second(later) <= 5


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-rate-limit-limit": "10", "x-rate-limit-interval": "1s"}, Limits(10.0, 1)),
        ({"x-rate-limit-limit": "50", "x-rate-limit-interval": "10s"}, Limits(5.0, 1)),
        ({"x-rate-limit-limit": "3"}, Limits(3.0, 1)),
        ({"x-concurrency-limit": "3"}, Limits(2.0, 3)),
        ({"x-rate-limit-limit": "1", "x-rate-limit-interval": "500ms"}, Limits(2.0, 1)),
        ({"x-rate-limit-limit": "lots"}, None),
        ({"x-rate-limit-limit": "0"}, None),
        ({"x-rate-limit-limit": "nan"}, None),
        ({}, None),
    ],
)
def test_limits_from_headers(headers: dict[str, str], expected: Limits | None) -> None:
    assert limits_from_headers(headers, Limits(2.0, 1)) == expected


def test_no_more_than_concurrency_requests_are_in_flight_at_once() -> None:
    limiter = RateLimiter(rate=1e6, concurrency=2)
    lock = threading.Lock()
    in_flight = 0
    most = 0

    def work() -> None:
        nonlocal in_flight, most
        with limiter.slot():
            with lock:
                in_flight += 1
                most = max(most, in_flight)
            time.sleep(0.02)
            with lock:
                in_flight -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 2


def test_invalid_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        RateLimiter(rate=0)
    with pytest.raises(ValueError):
        RateLimiter(rate=1, concurrency=0)
