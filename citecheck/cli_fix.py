"""The ``fix`` command's run: the audit (as ``audit`` runs it, without a
report), the changes its suggestions ask for, the diff on stdout (or the
files written, with ``--write``) and the list of changes on stderr. Kept
apart from :mod:`citecheck.cli`, which parses the options."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import click

from citecheck.audit import AuditOptions, run_audit
from citecheck.cli_options import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    open_cache,
    report_unreadable,
    resolver_from,
    sigterm_stops,
    stopped_exit_code,
)
from citecheck.config import ServiceSettings
from citecheck.errors import FixRefused
from citecheck.fixes import OriginalFile, plan_fixes, unified_diff, write_fixed
from citecheck.fixes.plan import FixPlan
from citecheck.models import ReadError
from citecheck.progress import SILENT, Progress, TerminalProgress
from citecheck.reports.escape import terminal_text
from citecheck.results import DocumentAudit

EXIT_CHANGES = EXIT_FINDINGS
"""Changes were proposed (or written), or a confident one could not be placed."""


@dataclass(frozen=True, slots=True)
class FixRun:
    """What the audit of the files gave: each document's audit, and the
    files that could not be read."""

    audits: tuple[DocumentAudit, ...]
    errors: tuple[ReadError, ...]


def audit_for_fix(
    files: tuple[str, ...],
    *,
    settings: ServiceSettings,
    options: dict[str, Any],
    audit_options: AuditOptions,
) -> FixRun:
    """The audit of ``files`` with the service and cache options of ``audit``
    (no report is written: a fix is no run to keep)."""
    cache = open_cache(options)
    try:
        with resolver_from(settings, options, cache) as resolver:
            result = run_audit(
                files,
                resolver=resolver,
                options=audit_options,
                report=None,
                progress=_progress(),
                keep_audits=True,
            )
    finally:
        if cache is not None:
            cache.close()
    return FixRun(result.audits, result.errors)


def fix_from_cli(
    files: tuple[str, ...],
    *,
    settings: ServiceSettings,
    options: dict[str, Any],
    audit_options: AuditOptions,
    write: bool,
    min_confidence: float,
) -> int:
    """Audit, plan, print (or write); return the exit code: 0 nothing to
    change, 1 changes proposed or written (or a confident one that could
    not be placed), 2 a file that could not be read, patched or written,
    130 or 143 when stopped by Ctrl-C or SIGTERM (a file is written whole
    or not at all)."""
    try:
        with sigterm_stops():
            return _fix(
                files,
                settings=settings,
                options=options,
                audit_options=audit_options,
                write=write,
                min_confidence=min_confidence,
            )
    except KeyboardInterrupt as stop:
        click.echo("citecheck: interrupted", err=True)
        return stopped_exit_code(stop)


def _fix(
    files: tuple[str, ...],
    *,
    settings: ServiceSettings,
    options: dict[str, Any],
    audit_options: AuditOptions,
    write: bool,
    min_confidence: float,
) -> int:
    run = audit_for_fix(files, settings=settings, options=options, audit_options=audit_options)
    failed = bool(run.errors)
    for error in run.errors:
        report_unreadable(error)
    plans: list[FixPlan] = []
    stdout = sys.stdout.buffer
    for audit in sorted(run.audits, key=lambda a: a.document.path):
        try:
            plan = plan_fixes(
                audit, OriginalFile.read(audit.document.path), min_confidence=min_confidence
            )
            if write:
                write_fixed(plan)
            else:
                stdout.write(unified_diff(plan))
                stdout.flush()
        except FixRefused as exc:
            click.echo(terminal_text(f"citecheck: {exc}"), err=True)
            failed = True
            continue
        plans.append(plan)
        _list_changes(plan, written=write)
    click.echo(_summary(plans, written=write), err=True)
    if failed:
        return EXIT_USAGE
    confident_unplaced = any(s.confidence >= min_confidence for p in plans for s in p.skipped)
    if any(p.changed for p in plans) or confident_unplaced:
        return EXIT_CHANGES
    return EXIT_OK


def _list_changes(plan: FixPlan, *, written: bool) -> None:
    """Each change with its evidence, each correction not made with its reason."""
    done = "written" if written else "proposed"
    for change in plan.changes:
        click.echo(
            terminal_text(
                f"{change.path}:{change.line}: entry {change.entry_label}: {change.summary} "
                f"(confidence {change.confidence:.2f}, {done})"
            ),
            err=True,
        )
        for reason in change.evidence:
            click.echo(terminal_text(f"    {reason}"), err=True)
    for skipped in plan.skipped:
        click.echo(
            terminal_text(
                f"{skipped.path}:{skipped.location.line}: entry {skipped.entry_label}: "
                f"not changed: {skipped.summary}: {skipped.reason}"
            ),
            err=True,
        )


def _summary(plans: Sequence[FixPlan], *, written: bool) -> str:
    changes = sum(len(p.changes) for p in plans)
    files = sum(p.changed for p in plans)
    skipped = sum(len(p.skipped) for p in plans)
    if not changes:
        text = "citecheck: no change to make"
    else:
        done = "written" if written else "proposed"
        text = (
            f"citecheck: {changes} change{'s' if changes != 1 else ''} {done} in "
            f"{files} file{'s' if files != 1 else ''}"
        )
    if skipped:
        text += f"; {skipped} not made (listed above)"
    if changes and not written:
        text += "; apply with `git apply` or `patch -p1`, or run again with --write"
    return text


def _progress() -> Progress:
    """A status line on stderr when a person is watching it."""
    return TerminalProgress(sys.stderr) if sys.stderr.isatty() else SILENT
