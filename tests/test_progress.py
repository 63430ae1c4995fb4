"""The status line of a long audit, as a person at a terminal sees it."""

from __future__ import annotations

import io
from pathlib import Path

from citecheck.audit import run_audit
from citecheck.models import Lookup
from citecheck.progress import TerminalProgress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class NoRecords:
    def resolve(self, identifiers: object) -> dict[str, Lookup]:
        return {}


def screen(raw: str) -> list[str]:
    """What each rewrite of the line showed."""
    return [part.rstrip() for part in raw.split("\r") if part.strip()]


def test_the_line_counts_documents_then_judging_with_the_time_left() -> None:
    stream = io.StringIO()
    clock = Clock()
    # No refresh tick during the test: every line comes from a call below.
    progress = TerminalProgress(stream, interval=0.2, tick=3600, clock=clock)
    progress.read(1)
    clock.now = 0.1
    progress.read(2)  # too soon after the last rewrite: not shown
    clock.now = 1.0
    progress.read(3)
    progress.resolving(12, lambda: 4)
    clock.now = 2.0
    progress.judged(1, 4, 3)
    clock.now = 4.0
    progress.judged(4, 4, 9)
    progress.finished()
    assert screen(stream.getvalue()) == [
        "read 1 documents",
        "read 3 documents",
        "resolving 12 identifiers",
        "judged 1/4 documents, 3 findings, about 6 s left",
        "judged 4/4 documents, 9 findings",
    ]
    assert stream.getvalue().endswith("\r" + " " * len("judged 4/4 documents, 9 findings") + "\r")


def test_the_pipeline_reports_its_progress(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"p{n}.md").write_text("Claim [1].\n\nReferences\n1. mdpi.com [mdpi.com]\n")
    seen: list[tuple[str, tuple[object, ...]]] = []

    class Recorder:
        def read(self, documents: int) -> None:
            seen.append(("read", (documents,)))

        def resolving(self, identifiers: int, waiting: object) -> None:
            seen.append(("resolving", (identifiers,)))

        def judged(self, done: int, total: int, findings: int) -> None:
            seen.append(("judged", (done, total)))

        def finished(self) -> None:
            seen.append(("finished", ()))

    run_audit([tmp_path], resolver=NoRecords(), progress=Recorder())
    assert seen == [
        ("read", (1,)),
        ("read", (2,)),
        ("read", (3,)),
        ("resolving", (0,)),
        ("judged", (1, 3)),
        ("judged", (2, 3)),
        ("judged", (3, 3)),
        ("finished", ()),
    ]
