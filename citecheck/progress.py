"""Progress of a long audit, for a person watching a terminal.

The pipeline reports where it is through a :class:`Progress`, often (every
document read or judged, and at least twice a second while it waits for
the services); the command line shows it on stderr, one line rewritten in
place, only when stderr is a terminal and ``--quiet`` is not given. The
library itself never prints: the default progress does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO


@dataclass(frozen=True, slots=True)
class Status:
    """Where an audit is."""

    total: int
    """Documents found to read (files given and found in folders)."""
    read: int
    """Documents read so far."""
    reading: bool
    """Whether documents are still being read."""
    asked: int
    """Identifiers asked of the services (each once)."""
    resolved: int
    """Of those, the ones answered (or found in the cache)."""
    waiting: int
    """Requests held back by rate limits right now."""
    judged: int
    """Documents done: judged (by this run, or by the run it resumes), or
    unreadable."""
    findings: int
    """Findings so far."""


class Progress(Protocol):
    """What the audit pipeline reports as it goes."""

    def update(self, status: Status) -> None:
        """The audit is at ``status``."""

    def finished(self) -> None:
        """The audit ended (or stopped): clear the display."""


class Silent:
    """A progress that shows nothing."""

    def update(self, status: Status) -> None:
        pass

    def finished(self) -> None:
        pass


SILENT = Silent()


class TerminalProgress:
    """One status line on ``stream``, rewritten in place at most every
    ``interval`` s."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._last = float("-inf")
        self._width = 0
        self._started = clock()

    def update(self, status: Status) -> None:
        now = self._clock()
        if now - self._last < self._interval:
            return
        self._last = now
        self._show(describe(status, elapsed=now - self._started))

    def finished(self) -> None:
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0

    def _show(self, text: str) -> None:
        padding = " " * max(0, self._width - len(text))
        self._stream.write("\r" + text + padding)
        self._stream.flush()
        self._width = len(text)


def describe(status: Status, *, elapsed: float) -> str:
    """The status line: documents read, identifiers resolved and requests
    waiting on rate limits, documents judged and findings, time left (once
    some documents are judged)."""
    parts = [f"read {status.read}/{status.total}"]
    if status.asked:
        resolving = f"resolved {status.resolved}/{status.asked} identifiers"
        if status.waiting:
            resolving += f", {status.waiting} requests waiting on rate limits"
        parts.append(resolving)
    parts.append(f"judged {status.judged}, {status.findings} findings")
    left = _time_left(status, elapsed)
    if left is not None:
        parts.append(f"about {left:.0f} s left")
    return " · ".join(parts)


def _time_left(status: Status, elapsed: float) -> float | None:
    """The slower of two estimates: documents still to judge at the pace so
    far, and (once every document is read) identifiers still to resolve at
    the pace so far."""
    if status.judged == 0 or status.judged >= status.total:
        return None
    estimates = [elapsed * (status.total - status.judged) / status.judged]
    if not status.reading and 0 < status.resolved < status.asked:
        estimates.append(elapsed * (status.asked - status.resolved) / status.resolved)
    return max(estimates)
