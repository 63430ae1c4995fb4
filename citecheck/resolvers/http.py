"""HTTP for every resolver: one client per run, rate limits, bounded retries.

``HttpClient.send`` takes a slot of the bucket's :class:`RateLimiter`, sends,
adopts limits the service announces in its headers, and retries a 429, a
5xx, a timeout or a dropped connection with exponential backoff and jitter,
honouring ``Retry-After``. When retries run out it raises
:class:`ServiceUnavailable`: the caller turns that into "could not verify",
never into "not found". Any other status is returned for the caller to read.
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
    ) -> None:
        self._client = client
        self._retry = retry
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
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
    ) -> httpx.Response:
        """Send a request under ``limiter`` and return the response.

        Raises ServiceUnavailable when every attempt timed out, lost its
        connection, or was answered 429 or 5xx.
        """
        safe_url = url.split("?", 1)[0]
        reason = "no attempt made"
        status: int | None = None
        for attempt in range(1, self._retry.attempts + 1):
            retry_after: float | None = None
            with limiter.slot():
                self.requests_sent += 1
                try:
                    response = self._client.request(
                        method,
                        url,
                        params=params,
                        data=data,
                        headers=headers,
                        timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                    )
                except httpx.TimeoutException:
                    reason, status = "timeout", None
                except httpx.TransportError as exc:
                    reason, status = f"connection error ({type(exc).__name__})", None
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

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spread retries of parallel workers over the window.
        ceiling = min(self._retry.max_delay, self._retry.base_delay * 2.0 ** (attempt - 1))
        return ceiling / 2 + self._jitter() * ceiling / 2


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
