"""The ``citecheck`` command line: parses options, calls the library, prints.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage error or a file that could not be read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import click

from citecheck import __version__
from citecheck.audit import AuditResult, FailPolicy, audit_offline, read_documents
from citecheck.models import Document, Format, ReadError, Severity
from citecheck.parsing import DEFAULT_MAX_BYTES
from citecheck.reports import serialize
from citecheck.reports.terminal import render_document, render_findings

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])

_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class ByteSize(click.ParamType[int]):
    """A size such as ``20MB``, ``512K`` or ``1048576`` (bytes)."""

    name = "size"
    _UNITS: ClassVar[dict[str, int]] = {
        "": 1,
        "B": 1,
        "K": 1024,
        "KB": 1024,
        "M": 1024**2,
        "MB": 1024**2,
        "G": 1024**3,
        "GB": 1024**3,
    }

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", str(value), re.IGNORECASE)
        if not match:
            self.fail(f"{value!r} is not a size such as 20MB, 512K or 1048576", param, ctx)
        return int(float(match.group(1)) * self._UNITS[match.group(2).upper()])


def input_options(function: F) -> F:
    """Options shared by every command that reads documents."""
    function = click.option(
        "--max-size",
        type=ByteSize(),
        default=DEFAULT_MAX_BYTES,
        envvar="CITECHECK_MAX_SIZE",
        show_envvar=True,
        show_default="20MB",
        help="Refuse files larger than this.",
    )(function)
    function = click.argument(
        "files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str)
    )(function)
    return function


_FORMAT_CHOICE = click.Choice([f.value for f in Format], case_sensitive=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citecheck")
def main() -> None:
    """Find every citation in an article and check it.

    \b
    citecheck parse article.md            what was found, as a table
    citecheck audit article.md --offline  findings that need no network
    """


@main.command()
@input_options
@click.option(
    "--format",
    "--input-format",
    "input_format",
    type=_FORMAT_CHOICE,
    help="Read every file as this format instead of detecting it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def parse(files: tuple[str, ...], max_size: int, input_format: str | None, as_json: bool) -> None:
    """Show the reference list, links, in-text citations and identifiers found.

    \b
    Example:
      citecheck parse article.md
      citecheck parse --json refs.bib | jq '.[0].entries | length'
    """
    fmt = Format(input_format.lower()) if input_format else None
    documents: list[Document] = []
    errors: list[ReadError] = []
    for item in read_documents(files, fmt=fmt, max_bytes=max_size):
        if isinstance(item, ReadError):
            errors.append(item)
            _report_unreadable(item)
        else:
            documents.append(item)
            if not as_json:
                click.echo(render_document(item))
                click.echo()
    if as_json:
        click.echo(
            json.dumps([serialize.document(d) for d in documents], indent=2, ensure_ascii=False)
        )
    sys.exit(EXIT_USAGE if errors else EXIT_OK)


@main.command()
@input_options
@click.option(
    "--input-format",
    "input_format",
    type=_FORMAT_CHOICE,
    help="Read every file as this format instead of detecting it.",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Run only the checks that need no network (required until online resolving lands).",
)
@click.option(
    "--fail-on",
    default="error",
    show_default=True,
    envvar="CITECHECK_FAIL_ON",
    show_envvar=True,
    help="Severity (error, warning, info, never) or finding codes, comma-separated, that fail the run.",
)
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
def audit(
    files: tuple[str, ...],
    max_size: int,
    input_format: str | None,
    offline: bool,
    fail_on: str,
    as_json: bool,
    quiet: bool,
) -> None:
    """Check every citation of the given files (or folders) and report findings.

    \b
    Example:
      citecheck audit article.md --offline
      citecheck audit docs/ --offline --fail-on warning --json > findings.json
    """
    try:
        policy = FailPolicy.parse(fail_on)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from None
    if not offline:
        raise click.UsageError(
            "resolving identifiers against Crossref and PubMed is not built yet; "
            "run with --offline for the checks that need no network"
        )
    fmt = Format(input_format.lower()) if input_format else None
    result = audit_offline(files, fmt=fmt, max_bytes=max_size)
    for error in result.errors:
        _report_unreadable(error)
    if as_json:
        click.echo(json.dumps(_result_json(result, policy), indent=2, ensure_ascii=False))
    else:
        output = render_findings(result, policy, style=_styler())
        if quiet:
            output = output.splitlines()[-1]
        click.echo(output)
    if result.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if result.failing(policy) else EXIT_OK)


def _result_json(result: AuditResult, policy: FailPolicy) -> dict[str, Any]:
    return {
        "documents": [
            {
                "path": audit.document.path,
                "format": audit.document.format.value,
                "sha256": audit.document.sha256,
                "entries": len(audit.document.entries),
                "citations": len(audit.document.citations),
                "findings": [serialize.finding(f) for f in audit.findings],
            }
            for audit in result.audits
        ],
        "unreadable": [serialize.read_error(e) for e in result.errors],
        "failing": len(result.failing(policy)),
    }


def _styler() -> Callable[[str, Severity], str]:
    if not sys.stdout.isatty():
        return lambda text, severity: text
    return lambda text, severity: click.style(text, fg=_SEVERITY_COLOURS[severity], bold=True)


def _report_unreadable(error: ReadError) -> None:
    click.echo(f"citecheck: {error.path}: {error.reason}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
