"""The status line of a long audit, as a person at a terminal sees it."""

from __future__ import annotations

import io
from pathlib import Path

from citecheck.audit import run_audit
from citecheck.lookup_stream import ImmediateLookups
from citecheck.models import Identifier, Lookup, LookupStatus, Record, Service
from citecheck.progress import Status, TerminalProgress, describe


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def screen(raw: str) -> list[str]:
    """What each rewrite of the line showed."""
    return [part.rstrip() for part in raw.split("\r") if part.strip()]


def status(**changes: object) -> Status:
    values: dict[str, object] = dict(
        total=100, read=0, reading=True, asked=0, resolved=0, waiting=0, judged=0, findings=0
    )
    values.update(changes)
    return Status(**values)  # type: ignore[arg-type]


def test_while_reading_the_line_counts_documents_and_identifiers() -> None:
    assert describe(status(read=12), elapsed=1.0) == "read 12/100 · judged 0, 0 findings"
    assert (
        describe(status(read=40, asked=300, resolved=120, waiting=3), elapsed=2.0)
        == "read 40/100 · resolved 120/300 identifiers, 3 requests waiting on rate limits"
        " · judged 0, 0 findings"
    )


def test_the_time_left_comes_from_the_pace_of_judging_so_far() -> None:
    # 25 of 100 judged in 10 s: 30 s more.
    line = describe(status(read=60, asked=900, resolved=700, judged=25, findings=7), elapsed=10.0)
    assert line == (
        "read 60/100 · resolved 700/900 identifiers · judged 25, 7 findings · about 30 s left"
    )
    assert describe(status(read=100, reading=False, judged=100), elapsed=10.0) == (
        "read 100/100 · judged 100, 0 findings"
    )


def test_once_everything_is_read_the_slower_of_judging_and_resolving_gives_the_time_left() -> None:
    # Judging says 10 s more (50 of 100 in 10 s); resolving says 30 s
    # (100 of 400 identifiers in 10 s).
    line = describe(
        status(read=100, reading=False, asked=400, resolved=100, judged=50, findings=7),
        elapsed=10.0,
    )
    assert line.endswith("about 30 s left")


def test_the_line_is_rewritten_in_place_at_most_every_interval_then_cleared() -> None:
    stream = io.StringIO()
    clock = Clock()
    progress = TerminalProgress(stream, interval=0.2, clock=clock)
    progress.update(status(read=1))
    clock.now = 0.1
    progress.update(status(read=2))  # too soon after the last rewrite: not shown
    clock.now = 1.0
    progress.update(status(read=3))
    progress.finished()
    assert screen(stream.getvalue()) == [
        "read 1/100 · judged 0, 0 findings",
        "read 3/100 · judged 0, 0 findings",
    ]
    # The last write blanks the line and returns to its start.
    assert stream.getvalue().endswith("\r" + " " * len("read 3/100 · judged 0, 0 findings") + "\r")


def test_the_pipeline_reports_reading_resolving_and_judging(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"p{n}.md").write_text(
            f"Claim [1].\n\nReferences\n1. Smith J. A title. J Test. 2020. doi:10.5555/p{n}\n"
        )
    seen: list[Status] = []

    class Recorder:
        def update(self, status: Status) -> None:
            seen.append(status)

        def finished(self) -> None:
            seen.append(status(read=-1))

    def found(identifiers: list[Identifier]) -> dict[str, Lookup]:
        return {
            i.key: Lookup(
                i,
                LookupStatus.FOUND,
                Service.CROSSREF,
                record=Record(Service.CROSSREF, doi=i.value, title="A title", issued_year=2020),
            )
            for i in identifiers
        }

    run_audit([tmp_path], resolver=ImmediateLookups(found), progress=Recorder())
    assert seen[-1] == status(read=-1)  # finished, once, last
    updates = seen[:-1]
    assert [(s.read, s.judged) for s in updates if s.reading] == [(1, 1), (2, 2), (3, 3)]
    assert {s.total for s in updates} == {3}
    last = updates[-1]
    assert (last.reading, last.read, last.asked, last.resolved, last.judged) == (False, 3, 3, 3, 3)
