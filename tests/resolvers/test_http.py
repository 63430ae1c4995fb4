"""Retries, backoff and Retry-After: a slow or busy service is "could not verify"."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
import respx

from citecheck.errors import ServiceUnavailable
from citecheck.resolvers.http import DEADLINE_FACTOR, MB, HttpClient, RetryPolicy
from citecheck.resolvers.ratelimit import Limits, RateLimiter

URL = "https://api.example.org/works/10.1000/x"


class Sleeper:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def service() -> Iterator[respx.MockRouter]:
    # Any request without a route fails the test: nothing reaches the network.
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture
def sleeper() -> Sleeper:
    return Sleeper()


def make_client(sleeper: Sleeper, attempts: int = 4) -> HttpClient:
    return HttpClient(
        httpx.Client(),
        retry=RetryPolicy(attempts=attempts, base_delay=1.0, max_delay=8.0, max_retry_after=60.0),
        sleep=sleeper,
        jitter=lambda: 0.5,
        clock=lambda: 1_700_000_000.0,
    )


def limiter() -> RateLimiter:
    return RateLimiter(rate=1e6, concurrency=3)


def test_a_429_with_retry_after_is_waited_out_then_succeeds(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    route = service.get(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after": "3"}, json={"message": "slow down"}),
            httpx.Response(200, json={"status": "ok"}),
        ]
    )
    response = make_client(sleeper).send("GET", URL, service="crossref", limiter=limiter())
    assert response.status_code == 200
    assert route.call_count == 2
    assert sleeper.delays == [3.0]


def test_a_retry_after_http_date_is_honoured(service: respx.MockRouter, sleeper: Sleeper) -> None:
    service.get(URL).mock(
        side_effect=[
            # 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT; ten seconds later:
            httpx.Response(503, headers={"retry-after": "Tue, 14 Nov 2023 22:13:30 GMT"}),
            httpx.Response(200),
        ]
    )
    make_client(sleeper).send("GET", URL, service="crossref", limiter=limiter())
    assert sleeper.delays == [10.0]


def test_a_429_without_retry_after_backs_off_exponentially_with_jitter(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    service.get(URL).mock(
        side_effect=[
            httpx.Response(429),
            httpx.Response(429),
            httpx.Response(429),
            httpx.Response(200),
        ]
    )
    response = make_client(sleeper).send("GET", URL, service="crossref", limiter=limiter())
    assert response.status_code == 200
    # Ceilings 1, 2, 4 s; with jitter 0.5 each delay is three quarters of its ceiling.
    assert sleeper.delays == [0.75, 1.5, 3.0]


def test_429_forever_is_could_not_verify_after_a_bounded_number_of_tries(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    route = service.get(URL).mock(return_value=httpx.Response(429))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper, attempts=3).send("GET", URL, service="crossref", limiter=limiter())
    assert route.call_count == 3
    assert caught.value.reason == "rate limited (HTTP 429)"
    assert caught.value.status == 429
    assert len(sleeper.delays) == 2


def test_a_server_error_is_retried_and_then_reported(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    service.get(URL).mock(return_value=httpx.Response(500, text="Internal Server Error"))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper, attempts=2).send("GET", URL, service="crossref", limiter=limiter())
    assert caught.value.reason == "server error (HTTP 500)"


def test_a_timeout_is_could_not_verify(service: respx.MockRouter, sleeper: Sleeper) -> None:
    service.get(URL).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper, attempts=2).send("GET", URL, service="pubmed", limiter=limiter())
    assert caught.value.reason == "timeout"
    assert caught.value.service == "pubmed"


def test_a_dropped_connection_is_could_not_verify(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    service.get(URL).mock(side_effect=httpx.RemoteProtocolError("peer closed connection"))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper, attempts=1).send("GET", URL, service="crossref", limiter=limiter())
    assert caught.value.reason == "connection error (RemoteProtocolError)"


def test_a_retry_after_longer_than_the_cap_is_not_waited_for(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    route = service.get(URL).mock(return_value=httpx.Response(429, headers={"retry-after": "3600"}))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper).send("GET", URL, service="crossref", limiter=limiter())
    assert route.call_count == 1
    assert sleeper.delays == []
    assert "Retry-After 3600 s is too long to wait" in caught.value.reason


@pytest.mark.parametrize("status", [200, 400, 403, 404])
def test_other_statuses_are_returned_for_the_caller_to_read(
    service: respx.MockRouter, sleeper: Sleeper, status: int
) -> None:
    route = service.get(URL).mock(return_value=httpx.Response(status, text="Resource not found."))
    response = make_client(sleeper).send("GET", URL, service="crossref", limiter=limiter())
    assert response.status_code == status
    assert route.call_count == 1


def test_announced_limits_are_adopted_by_the_bucket(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    service.get(URL).mock(
        return_value=httpx.Response(
            200,
            headers={
                "x-rate-limit-limit": "5",
                "x-rate-limit-interval": "1s",
                "x-concurrency-limit": "1",
            },
        )
    )
    bucket = RateLimiter(rate=10, concurrency=3)
    make_client(sleeper).send("GET", URL, service="crossref", limiter=bucket)
    assert bucket.limits == Limits(5.0, 1)


def test_error_urls_carry_no_query_parameters(service: respx.MockRouter, sleeper: Sleeper) -> None:
    service.get(URL).mock(return_value=httpx.Response(503))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper, attempts=1).send(
            "GET",
            URL + "?api_key=SECRET&mailto=me@example.org",
            service="crossref",
            limiter=limiter(),
        )
    assert caught.value.url == URL
    assert "SECRET" not in str(caught.value)


class Trickle(httpx.SyncByteStream):
    """A body sent a piece at a time, ``pause`` seconds apart, as a slow or
    hostile server sends it: each piece comes well within any read timeout."""

    def __init__(self, pieces: int, *, size: int = 1, pause: float = 0.0) -> None:
        self.pieces = pieces
        self.size = size
        self.pause = pause
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.pieces):
            if self.pause:
                time.sleep(self.pause)
            self.sent += 1
            yield b"x" * self.size


def test_a_body_over_the_cap_is_abandoned_while_streaming_and_not_retried(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    # No Content-Length: only counting while reading can stop it.
    body = Trickle(1_000, size=1024)
    route = service.get(URL).mock(return_value=httpx.Response(200, stream=body))
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper).send(
            "GET", URL, service="crossref", limiter=limiter(), max_bytes=10 * 1024
        )
    assert caught.value.reason == "answer too large (over 10240 bytes)"
    assert body.sent == 11  # reading stopped at the first piece past the cap
    assert route.call_count == 1
    assert sleeper.delays == []


def test_a_body_declared_over_the_cap_is_not_read_at_all(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    body = Trickle(10, size=1024)
    service.get(URL).mock(
        return_value=httpx.Response(200, stream=body, headers={"content-length": str(MB + 1)})
    )
    with pytest.raises(ServiceUnavailable, match=r"answer too large \(over 1 MB\)"):
        make_client(sleeper).send("GET", URL, service="crossref", limiter=limiter(), max_bytes=MB)
    assert body.sent == 0


def test_a_body_within_the_cap_is_read_whole(service: respx.MockRouter, sleeper: Sleeper) -> None:
    service.get(URL).mock(return_value=httpx.Response(200, stream=Trickle(10, size=1024)))
    response = make_client(sleeper).send(
        "GET", URL, service="crossref", limiter=limiter(), max_bytes=10 * 1024
    )
    assert response.content == b"x" * 10 * 1024


def test_a_body_trickling_past_the_total_deadline_is_a_timeout_though_no_read_times_out(
    service: respx.MockRouter, sleeper: Sleeper
) -> None:
    # Timeout 0.05 s: the deadline is DEADLINE_FACTOR times that. Each piece
    # comes after 0.02 s, so no single read would ever time out.
    route = service.get(URL).mock(
        side_effect=lambda request: httpx.Response(200, stream=Trickle(1_000, pause=0.02))
    )
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleeper, attempts=2).send(
            "GET", URL, service="crossref", limiter=limiter(), timeout=0.05
        )
    elapsed = time.monotonic() - started
    assert caught.value.reason == (
        f"timed out: answer not complete within {DEADLINE_FACTOR * 0.05:g} s"
    )
    assert route.call_count == 2  # retried like any timeout
    assert elapsed < 2 * DEADLINE_FACTOR * 0.05 + 0.5
