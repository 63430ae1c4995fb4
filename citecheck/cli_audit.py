"""The ``audit`` command's run: opening the cache and the report, choosing
the run to resume, streaming each judged document to stdout, and the exit
code of the result. Kept apart from :mod:`citecheck.cli`, which parses the
options."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from typing import Any

import click

from citecheck.audit import AuditOptions, AuditResult, DocumentAudit, FailPolicy, run_audit
from citecheck.cli_options import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNVERIFIED,
    EXIT_USAGE,
    ReportUnusable,
    colour_wanted,
    open_cache,
    open_report,
    resolver_from,
    styler,
)
from citecheck.config import ServiceSettings
from citecheck.progress import SILENT, Progress, TerminalProgress
from citecheck.reports.database import ReportDatabase, ReportError, RunStatus
from citecheck.reports.terminal import (
    CLAIM_COLUMN,
    DEFAULT_CLAIM_WIDTH,
    MIN_CLAIM_WIDTH,
    document_block,
)


def run_from_cli(
    files: tuple[str, ...],
    *,
    settings: ServiceSettings,
    options: dict[str, Any],
    audit_options: AuditOptions,
    report_path: str | None,
    recorded: dict[str, Any],
    resume: bool,
    started: list[int],
    quiet: bool,
    output_format: str | None,
) -> AuditResult:
    """Run the audit, printing each document as it is judged (unless
    ``output_format`` or ``quiet``); ``started`` gets the run's id. With
    ``resume`` and nothing to resume, says so and exits 0, so that a retry
    loop may always pass --resume."""
    cache = open_cache(options)
    report = None if report_path is None else open_report(report_path)
    try:
        resumed = _run_to_resume(report) if resume and report is not None else None
        if resume and resumed is None:
            completed = _last_completed(report) if output_format and report else None
            if report is not None and completed is not None:
                # A kill between the run's end and its output file: the run
                # is done, its output is not. Write it from the report.
                click.echo(
                    f"citecheck: run {completed} of {report_path} is complete: writing its output",
                    err=True,
                )
                return report.load(completed)
            click.echo(
                f"citecheck: {report_path} has no unfinished run: nothing to resume", err=True
            )
            sys.exit(EXIT_OK)

        def on_started(run_id: int) -> None:
            started.append(run_id)
            if resumed is not None:
                click.echo(f"citecheck: resuming run {run_id} of {report_path}", err=True)

        with resolver_from(settings, options, cache) as resolver:
            progress = _progress(quiet)
            # Without --format, each document is printed as soon as it is
            # judged and nothing is kept: memory stays flat on a corpus.
            stream_blocks = not output_format and not quiet
            style = styler()
            width = claim_width()
            # Up to STABLE_ORDER documents are printed at the end in path
            # order, so a cold and a warm run look the same; past that they
            # are printed as judged, and memory stays flat.
            held: list[tuple[str, str]] = []
            streaming = False

            def show(audit: DocumentAudit) -> None:
                nonlocal streaming
                block = document_block(audit, style, claim_width=width)
                if not streaming and len(held) < STABLE_ORDER:
                    held.append((audit.document.path, block))
                    return
                progress.finished()  # the status line is drawn again after
                if not streaming:
                    streaming = True
                    for _, earlier in sorted(held):
                        click.echo(earlier + "\n", color=colour_wanted())
                    held.clear()
                click.echo(block + "\n", color=colour_wanted())

            result = run_audit(
                files,
                resolver=resolver,
                options=audit_options,
                report=report,
                settings=recorded,
                resume=resumed,
                progress=progress,
                on_judged=show if stream_blocks else None,
                keep_audits=bool(output_format),
                on_started=on_started,
            )
            if held:
                progress.finished()
                for _, block in sorted(held):
                    click.echo(block + "\n", color=colour_wanted())
        if resumed is not None and report is not None:
            # The summary covers the whole run, the part before the stop included.
            result = report.load(resumed)
            if stream_blocks:
                # The documents were printed as they were judged (those
                # before the stop, by the run that stopped): counts only.
                result = dataclasses.replace(result, audits=(), streamed=result.tally)
        return result
    except ReportError as exc:
        raise ReportUnusable(str(exc)) from None
    finally:
        if cache is not None:
            cache.close()
        if report is not None:
            report.close()


STABLE_ORDER = 200
"""Documents whose blocks are held and printed in path order at the end."""


def claim_width() -> int:
    """Characters of a reference's claim on its line: what the terminal
    leaves beside label, line and verdict; 90 when not printing to one."""
    if not sys.stdout.isatty():
        return DEFAULT_CLAIM_WIDTH
    columns = shutil.get_terminal_size((DEFAULT_CLAIM_WIDTH + CLAIM_COLUMN, 24)).columns
    return max(MIN_CLAIM_WIDTH, columns - CLAIM_COLUMN)


def _progress(quiet: bool) -> Progress:
    """A status line on stderr when a person is watching it."""
    stream = sys.stderr
    if quiet or not stream.isatty():
        return SILENT
    return TerminalProgress(stream)


def _run_to_resume(report: ReportDatabase) -> int | None:
    """The report's last run when it did not complete, else None. Whether
    another process still owns it is asked when it is taken over."""
    runs = report.runs()
    if not runs or runs[-1].status is RunStatus.COMPLETED:
        return None
    return runs[-1].id


def _last_completed(report: ReportDatabase) -> int | None:
    """The report's last run when it completed, else None."""
    runs = report.runs()
    return runs[-1].id if runs and runs[-1].status is RunStatus.COMPLETED else None


def nothing_audited(result: AuditResult) -> str | None:
    """Why the run checked nothing, or None when it checked something: a
    gate that checks nothing must not pass (exit 2, not 0)."""
    tally = result.tally
    if result.errors:
        return None  # unreadable files are reported, and exit 2, already
    if tally.documents == 0:
        return "no file matched (check the paths, --include and --exclude)"
    if not sum(tally.verdicts.values()) and not sum(tally.findings.values()):
        return (
            f"{tally.documents} document{'s' if tally.documents != 1 else ''} read, but no "
            "reference, citation or identifier found in them (check --input-format)"
        )
    return None


def unverified_reason(result: AuditResult) -> str:
    """Why the run exits 3, in one line: how many references could not be
    verified, and the commonest reasons."""
    reasons = result.tally.unverified_reasons
    common = ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common(3))
    more = f", {len(reasons) - 3} other reasons" if len(reasons) > 3 else ""
    count = result.unverified
    return (
        f"{count} reference{'s' if count != 1 else ''} could not be verified ({common}{more}); "
        "that is exit 3, not a failure: --allow-unverified makes it a warning"
    )


def exit_code(result: AuditResult, policy: FailPolicy, *, allow_unverified: bool) -> int:
    if result.errors or nothing_audited(result) is not None:
        return EXIT_USAGE
    if result.failing(policy):
        return EXIT_FINDINGS
    if result.unverified and not allow_unverified:
        return EXIT_UNVERIFIED
    return EXIT_OK
