"""Errors raised by citecheck.

::

    CitecheckError            base of every error citecheck raises on purpose
    ├── InputError            a file that cannot be read as a document
    └── ServiceUnavailable    a service gave no proper answer: could not verify

The command line turns these into one line on stderr and an exit code;
nothing else in the library prints. A ``ServiceUnavailable`` never means
that an identifier does not exist.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Base of every error citecheck raises on purpose."""


class InputError(CitecheckError):
    """A file that cannot be read: missing, a directory, binary, too large,
    or in an encoding that cannot be decoded."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = message

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class ServiceUnavailable(CitecheckError):
    """No proper answer from a service: a timeout, a connection error, 429
    after retries, a 5xx, a 403, or a body that cannot be read.

    ``reason`` is short and fit for a report (``timeout``, ``rate limited
    (HTTP 429)``, ``HTTP 503``); ``url`` never carries query parameters, so
    no key or contact address leaks into messages.
    """

    def __init__(
        self,
        reason: str,
        *,
        service: str,
        status: int | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.service = service
        self.status = status
        self.url = url

    def __str__(self) -> str:
        where = f" ({self.url})" if self.url else ""
        return f"{self.service}: {self.reason}{where}"
