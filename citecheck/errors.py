"""Errors raised by citecheck.

::

    CitecheckError            base of every error citecheck raises on purpose
    ├── InputError            a file that cannot be read as a document
    ├── ServiceUnavailable    a service gave no proper answer: could not verify
    ├── MalformedResponse     a body that is not what its route promises
    │                         (also a ValueError)
    ├── CacheError            the cache file cannot be used
    ├── ReportError           the report file cannot be used, or a run id
    │                         is unknown
    └── FixRefused            a file citecheck fix will not change (it
                              changed since it was read, or cannot be
                              written back as it was)

The command line turns these into one line on stderr and an exit code;
nothing else in the library prints. Neither a ``ServiceUnavailable`` nor a
``MalformedResponse`` ever means that an identifier does not exist.
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


class MalformedResponse(CitecheckError, ValueError):
    """A body that is not what its route promises. From Crossref: not a JSON
    object, a ``status`` other than ``ok``, the wrong ``message-type``, no
    ``message``, or a work without a DOI. From PubMed efetch: empty,
    truncated, an HTML or JSON error page, an NCBI error document, or XML
    that cannot be read.

    It says nothing about whether an identifier exists: like every
    unreadable answer it means "could not verify", never "not found". It is a
    ``ValueError`` too, as a body that cannot be read is a bad value.
    """


class CacheError(CitecheckError):
    """The cache file cannot be used: not a SQLite database, corrupted,
    someone else's database, unreadable, or locked for longer than the busy
    timeout. The message is one line; the caller decides whether to go on
    without a cache."""


class ReportError(CitecheckError):
    """The report file cannot be used: not a SQLite database, corrupted,
    another application's database, a layout this version cannot read,
    locked for longer than the busy timeout; or a run that does not exist or
    is no longer running. The message is one line."""


class FixRefused(CitecheckError):
    """A file ``citecheck fix`` will not change or patch: it changed since it
    was read (its sha256 differs), it cannot be written back byte for byte
    (an encoding that does not round-trip), or it cannot be written."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = message

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
