"""HTTP for every resolver: one client per run, rate limits, bounded retries.

``HttpClient.send`` takes a slot of the bucket's :class:`RateLimiter`, sends,
adopts limits the service announces in its headers, and retries a 429, a
5xx, a timeout or a dropped connection with exponential backoff and jitter,
honouring ``Retry-After``. When retries run out it raises
:class:`ServiceUnavailable`: the caller turns that into "could not verify",
never into "not found". Any other status is returned for the caller to read.

Bodies are read as a stream, so that neither a huge body nor a slow one can
take the run with it: a body over the route's ``max_bytes`` is abandoned at
once ("answer too large", not retried: it would be as large again), and each
attempt has a total deadline of ``DEADLINE_FACTOR`` times its timeout,
measured on a monotonic clock while the body arrives, since the timeout
alone bounds only the wait for each piece and a body trickling a byte a
second never trips it ("timed out", retried like any timeout).
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from citecheck.errors import ServiceUnavailable
from citecheck.resolvers.ratelimit import RateLimiter, limits_from_headers

logger = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MB = 1024 * 1024
# What a route may answer when it does not say: ample for any single
# Crossref work (the longest reference lists run to a few MB).
DEFAULT_MAX_BYTES = 16 * MB
# An attempt may take this many times its timeout in all, the body included.
DEADLINE_FACTOR = 3.0
# Headers that describe the body as sent, not the decoded body kept.
_TRANSFER_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class _Abandoned(Exception):
    """A body given up on while reading it; ``retry`` says whether another
    attempt may fare better."""

    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry.

    ``attempts`` counts every try, the first included. A ``Retry-After``
    longer than ``max_retry_after`` is not waited for: the lookup becomes
    "could not verify" at once rather than stalling a run for minutes.
    """

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0


DEFAULT_RETRY = RetryPolicy()


class HttpClient:
    """The one HTTP client of a run, shared by every resolver."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._retry = retry
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self._monotonic = monotonic
        self.requests_sent = 0

    def close(self) -> None:
        self._client.close()

    def send(
        self,
        method: str,
        url: str,
        *,
        service: str,
        limiter: RateLimiter,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> httpx.Response:
        """Send a request under ``limiter`` and return the response, its body
        read in full (decoded) and at most ``max_bytes`` long.

        Raises ServiceUnavailable when every attempt timed out, lost its
        connection, missed its total deadline, or was answered 429 or 5xx,
        and at once when a body is over ``max_bytes``.
        """
        safe_url = url.split("?", 1)[0]
        reason = "no attempt made"
        status: int | None = None
        for attempt in range(1, self._retry.attempts + 1):
            retry_after: float | None = None
            with limiter.slot():
                self.requests_sent += 1
                try:
                    response = self._attempt(
                        method,
                        url,
                        params=params,
                        data=data,
                        headers=headers,
                        timeout=timeout,
                        max_bytes=max_bytes,
                    )
                except _Abandoned as exc:
                    reason, status = exc.reason, None
                    if not exc.retry:
                        break
                except httpx.TimeoutException:
                    reason, status = "timeout", None
                except httpx.TransportError as exc:
                    reason, status = f"connection error ({type(exc).__name__})", None
                except httpx.RequestError as exc:
                    # A body that cannot be decoded, a redirect loop: no answer either.
                    reason, status = f"unreadable answer ({type(exc).__name__})", None
                else:
                    announced = limits_from_headers(response.headers, limiter.limits)
                    if announced is not None:
                        limiter.update(announced)
                    if response.status_code not in RETRIED_STATUSES:
                        return response
                    status = response.status_code
                    reason = (
                        "rate limited (HTTP 429)"
                        if status == 429
                        else f"server error (HTTP {status})"
                    )
                    retry_after = _retry_after_seconds(
                        response.headers.get("retry-after"), self._clock
                    )
            if attempt == self._retry.attempts:
                break
            if retry_after is not None and retry_after > self._retry.max_retry_after:
                reason += f", Retry-After {retry_after:.0f} s is too long to wait"
                break
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            logger.info("%s: %s; retrying in %.2f s (%s)", service, reason, delay, safe_url)
            self._sleep(delay)
        raise ServiceUnavailable(reason, service=service, status=status, url=safe_url)

    def _attempt(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        timeout: float | None,
        max_bytes: int,
    ) -> httpx.Response:
        """One request, its body read under the size cap and the deadline.
        Raises _Abandoned, or what httpx raises."""
        started = self._monotonic()
        request = self._client.build_request(
            method,
            url,
            params=params,
            data=data,
            headers=headers,
            timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
        seconds = timeout if timeout is not None else self._client.timeout.read
        deadline = None if seconds is None else started + DEADLINE_FACTOR * seconds
        response = self._client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _Abandoned(_too_large(max_bytes), retry=False)
            pieces: list[bytes] = []
            size = 0
            for piece in response.iter_bytes():
                size += len(piece)
                if size > max_bytes:
                    raise _Abandoned(_too_large(max_bytes), retry=False)
                if deadline is not None and self._monotonic() > deadline:
                    raise _Abandoned(
                        f"timed out: answer not complete within {deadline - started:g} s",
                        retry=True,
                    )
                pieces.append(piece)
        finally:
            response.close()
        kept = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in _TRANSFER_HEADERS
        ]
        return httpx.Response(
            response.status_code,
            headers=kept,
            content=b"".join(pieces),
            request=request,
            extensions=response.extensions,
        )

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spread retries of parallel workers over the window.
        ceiling = min(self._retry.max_delay, self._retry.base_delay * 2.0 ** (attempt - 1))
        return ceiling / 2 + self._jitter() * ceiling / 2


def _too_large(max_bytes: int) -> str:
    cap = f"{max_bytes / MB:g} MB" if max_bytes >= MB else f"{max_bytes} bytes"
    return f"answer too large (over {cap})"


def _retry_after_seconds(value: str | None, clock: Callable[[], float]) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    seconds: float = when.timestamp() - clock()
    return max(0.0, seconds)
