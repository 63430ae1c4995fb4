"""The audit pipeline on a corpus: judging overlaps the waiting on the
services, nothing is kept that the result does not need, and documents are
read again (as they are now) when they were not held."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from lookup_doubles import WAIT, FakeCrossref, Services

from citecheck.audit import COMMIT_WITHIN, AuditOptions, run_audit
from citecheck.models import FindingCode
from citecheck.progress import Status
from citecheck.reports.database import ReportDatabase
from citecheck.results import AuditResult, DocumentAudit


def page(folder: Path, name: str, *dois: str) -> Path:
    entries = "\n".join(
        f"{n}. Author A. A title. J Test. 2020;1:1-2. doi:{value}"
        for n, value in enumerate(dois, 1)
    )
    markers = " ".join(f"[{n}]" for n in range(1, len(dois) + 1))
    path = folder / name
    path.write_text(f"Claims {markers}.\n\n## References\n{entries}\n")
    return path


def verdicts(result: AuditResult) -> dict[str, list[tuple[str, str]]]:
    return {
        audit.document.path: [(v.entry_label, v.code.value) for v in audit.verdicts]
        for audit in result.audits
    }


def test_a_document_is_judged_while_another_still_waits_for_its_lookups(tmp_path: Path) -> None:
    page(tmp_path, "a.md", "10.5555/work.1")
    page(tmp_path, "b.md", "10.5555/work.2")
    crossref = FakeCrossref(size=1)
    crossref.gates[1] = threading.Event()  # b.md's DOI is held back ...
    judged: list[str] = []

    def on_judged(audit: DocumentAudit) -> None:
        judged.append(Path(audit.document.path).name)
        crossref.gates[1].set()  # ... until a.md has been judged

    # Were every lookup awaited before judging, the held-back batch would
    # time out (WAIT) and its failure be raised here.
    result = run_audit([tmp_path], resolver=Services(crossref), on_judged=on_judged)
    assert judged == ["a.md", "b.md"]
    assert [len(audit.verdicts) for audit in result.audits] == [1, 1]


def test_a_run_that_keeps_no_audits_counts_the_same_as_one_that_does(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(5):
        page(corpus, f"p{n}.md", f"10.5555/work.{n}", "10.5555/shared", f"10.9999/gone.{n}")
    listed = {f"10.5555/work.{n}" for n in range(5)} | {"10.5555/shared"}

    kept = run_audit([corpus], resolver=Services(FakeCrossref(size=4, listed=listed)))
    streamed = run_audit(
        [corpus], resolver=Services(FakeCrossref(size=4, listed=listed)), keep_audits=False
    )
    assert streamed.audits == ()
    assert len(kept.audits) == 5
    assert streamed.tally.documents == kept.tally.documents == 5
    assert streamed.tally.verdicts == kept.tally.verdicts
    assert streamed.tally.verdicts[FindingCode.IDENTIFIER_NOT_FOUND] == 5
    assert streamed.tally.findings == kept.tally.findings
    assert streamed.tally.error_pages == kept.tally.error_pages


def test_documents_not_held_are_read_again_and_judged_the_same(tmp_path: Path) -> None:
    for n in range(4):
        page(tmp_path, f"p{n}.md", f"10.5555/work.{n}", "10.9999/gone")
    listed = {f"10.5555/work.{n}" for n in range(4)}

    held = run_audit([tmp_path], resolver=Services(FakeCrossref(size=2, listed=listed)))
    read_again = run_audit(
        [tmp_path],
        resolver=Services(FakeCrossref(size=2, listed=listed)),
        options=AuditOptions(documents_held=0),
    )
    assert verdicts(read_again) == verdicts(held)
    assert len(verdicts(held)) == 4


def test_a_document_changed_while_it_waited_is_judged_as_it_is_now(tmp_path: Path) -> None:
    page(tmp_path, "a.md", "10.5555/work.1")
    b = page(tmp_path, "b.md", "10.5555/work.2")
    crossref = FakeCrossref(size=1, listed={"10.5555/work.1", "10.5555/work.3"})
    crossref.gates[1] = threading.Event()

    def on_judged(audit: DocumentAudit) -> None:
        if audit.document.path.endswith("a.md"):
            # b.md is edited while it waits for its lookup.
            page(tmp_path, "b.md", "10.5555/work.3")
            crossref.gates[1].set()

    result = run_audit(
        [tmp_path],
        resolver=Services(crossref),
        options=AuditOptions(documents_held=0),
        on_judged=on_judged,
    )
    [audit_b] = [audit for audit in result.audits if audit.document.path == str(b)]
    [verdict] = audit_b.verdicts
    assert str(verdict.identifier) == "doi:10.5555/work.3"
    assert verdict.code is not FindingCode.COULD_NOT_VERIFY
    assert ["10.5555/work.3"] in crossref.batches_asked
    assert crossref.started[1].wait(WAIT)


def test_reading_waits_once_the_read_ahead_window_is_full(tmp_path: Path) -> None:
    for n in range(8):
        page(tmp_path, f"p{n}.md", f"10.5555/work.{n}")
    # Batches of 4 DOIs: a window of 2 documents never fills one, so the
    # window's DOIs must go out in a part batch for the run to go on.
    crossref = FakeCrossref(size=4)
    seen: list[tuple[int, int]] = []

    class Window:
        def update(self, status: Status) -> None:
            seen.append((status.read, status.judged))

        def finished(self) -> None:
            pass

    result = run_audit(
        [tmp_path],
        resolver=Services(crossref),
        options=AuditOptions(read_ahead=2),
        progress=Window(),
    )
    assert len(result.audits) == 8
    assert max(read - judged for read, judged in seen) <= 2
    assert all(len(batch) <= 2 for batch in crossref.batches_asked)


def test_a_file_named_twice_is_read_and_judged_once(tmp_path: Path) -> None:
    page(tmp_path, "a.md", "10.5555/work.1")
    crossref = FakeCrossref(size=4)
    result = run_audit(
        [tmp_path / "a.md", tmp_path, str(tmp_path / "." / "a.md")], resolver=Services(crossref)
    )
    assert [Path(audit.document.path).name for audit in result.audits] == ["a.md"]
    assert crossref.batches_asked == [["10.5555/work.1"]]


def test_a_judged_document_is_written_within_the_bound_while_the_next_still_waits(
    tmp_path: Path,
) -> None:
    page(tmp_path, "a.md", "10.5555/work.1")
    page(tmp_path, "b.md", "10.5555/work.2")
    crossref = FakeCrossref(size=1)
    crossref.gates[1] = threading.Event()  # b.md's DOI is held back
    path = tmp_path / "report.db"
    now = [0.0]
    seen: list[list[str]] = []  # the report's documents, as another process saw them

    class Watch:
        """Once a.md is judged, lets the bound pass; then looks at the report
        from outside while b.md still waits (a few times, as the pipeline
        wakes up every PROGRESS_EVERY s), and lets b.md's answer go."""

        def update(self, status: Status) -> None:
            if status.judged != 1 or crossref.gates[1].is_set():
                return
            if not now[0]:
                now[0] = COMMIT_WITHIN
                return
            with sqlite3.connect(path) as db:
                seen.append([Path(p).name for (p,) in db.execute("select path from documents")])
            if seen[-1] or len(seen) == 3:
                crossref.gates[1].set()

        def finished(self) -> None:
            pass

    with ReportDatabase.open(path) as report:
        run_audit(
            [tmp_path],
            resolver=Services(crossref),
            report=report,
            progress=Watch(),
            clock=lambda: now[0],
        )
        result = report.load(1)
    # Batches of 100 would have held a.md until the run's end.
    assert seen[-1] == ["a.md"]
    assert sorted(Path(a.document.path).name for a in result.audits) == ["a.md", "b.md"]
