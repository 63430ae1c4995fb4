"""Who owns a run of the report, and when a run is abandoned.

A run being written belongs to one process: the report keeps its process id
and host (``runs.owner_pid``, ``runs.owner_host``) and a heartbeat
(``runs.heartbeat_at``) that the owner renews every :data:`HEARTBEAT_EVERY`
seconds while the run goes on. ``--resume`` may take a run over only when it
is abandoned: it ended early (interrupted, failed), or it is still marked
running but its owner is gone: a process of this host that no longer exists,
or a heartbeat older than :data:`STALE_AFTER` (a process of another host, or
a process id this host has since given to another program).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from citecheck.errors import ReportError

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 30.0
"""Seconds between two heartbeats of a running run."""

STALE_AFTER = 300.0
"""Seconds without a heartbeat after which a running run is abandoned."""


@dataclass(frozen=True, slots=True)
class Owner:
    """The process that writes a run: its id and its host's name."""

    pid: int
    host: str

    @classmethod
    def this_process(cls) -> Owner:
        return cls(os.getpid(), socket.gethostname())

    def __str__(self) -> str:
        return f"process {self.pid} on {self.host}"


def process_exists(pid: int) -> bool:
    """Whether a process of this host has the id ``pid``. True when it cannot
    be told (another user's process, a system without signals): the
    heartbeat then decides."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def owned_by_another(
    owner: Owner | None,
    heartbeat: datetime,
    now: datetime,
    *,
    stale_after: float = STALE_AFTER,
) -> Owner | None:
    """The live owner of a run marked running, or None when it is abandoned.

    ``owner`` is None for a run written before runs had owners: only its
    heartbeat (its start, for such a run) then tells. This process never
    counts as another owner of a run it finds running: it cannot be writing
    that run unless it resumed it, and it asks before it does.
    """
    if now - heartbeat > timedelta(seconds=stale_after):
        return None
    if owner is None:
        return Owner(0, "an older citecheck")
    me = Owner.this_process()
    if owner.host == me.host and (owner.pid == me.pid or not process_exists(owner.pid)):
        return None
    return owner


@contextmanager
def heartbeat(beat: Callable[[], None], *, every: float = HEARTBEAT_EVERY) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds, from a thread of its own, while
    the block runs. A beat that fails is logged: the run goes on, and at worst
    its run may be taken over once stale."""
    stop = threading.Event()

    def beating() -> None:
        while not stop.wait(every):
            try:
                beat()
            except ReportError as exc:
                logger.warning("cannot renew the run's heartbeat: %s", exc)

    thread = threading.Thread(target=beating, name="citecheck-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
