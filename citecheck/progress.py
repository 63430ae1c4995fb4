"""Progress of a long audit, for a person watching a terminal.

The pipeline reports what it does through a :class:`Progress`; the command
line shows it on stderr, one line rewritten in place, only when stderr is a
terminal and ``--quiet`` is not given. The library itself never prints: the
default progress does nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, TextIO


class Progress(Protocol):
    """What the audit pipeline reports as it goes."""

    def read(self, documents: int) -> None:
        """Another document was read; ``documents`` read so far."""

    def resolving(self, identifiers: int, waiting: Callable[[], int]) -> None:
        """Resolving ``identifiers`` starts; ``waiting()`` counts requests held by rate limits."""

    def judged(self, done: int, total: int, findings: int) -> None:
        """``done`` of ``total`` documents judged, ``findings`` found so far."""

    def finished(self) -> None:
        """The audit ended (or stopped): clear the display."""


class Silent:
    """A progress that shows nothing."""

    def read(self, documents: int) -> None:
        pass

    def resolving(self, identifiers: int, waiting: Callable[[], int]) -> None:
        pass

    def judged(self, done: int, total: int, findings: int) -> None:
        pass

    def finished(self) -> None:
        pass


SILENT = Silent()


class TerminalProgress:
    """One status line on ``stream``, rewritten in place at most every
    ``interval`` s; while resolving, refreshed every ``tick`` s."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = 0.2,
        tick: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._tick = tick
        self._clock = clock
        self._last = float("-inf")
        self._width = 0
        self._started = clock()
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()

    def read(self, documents: int) -> None:
        self._show(f"read {documents} documents")

    def resolving(self, identifiers: int, waiting: Callable[[], int]) -> None:
        self._show(f"resolving {identifiers} identifiers", force=True)
        started = self._clock()

        def tick() -> None:
            while not self._stop.wait(self._tick):
                elapsed = self._clock() - started
                self._show(
                    f"resolving {identifiers} identifiers: {elapsed:.0f} s, "
                    f"{waiting()} requests waiting on rate limits"
                )

        self._stop.clear()
        self._ticker = threading.Thread(target=tick, daemon=True)
        self._ticker.start()

    def judged(self, done: int, total: int, findings: int) -> None:
        self._stop_ticker()
        elapsed = self._clock() - self._started
        left = ""
        if 0 < done < total:
            left = f", about {elapsed / done * (total - done):.0f} s left"
        self._show(
            f"judged {done}/{total} documents, {findings} findings{left}", force=done == total
        )

    def finished(self) -> None:
        self._stop_ticker()
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None

    def _show(self, text: str, *, force: bool = False) -> None:
        now = self._clock()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        padding = " " * max(0, self._width - len(text))
        self._stream.write("\r" + text + padding)
        self._stream.flush()
        self._width = len(text)
