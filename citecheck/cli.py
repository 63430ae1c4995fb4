"""The ``citecheck`` command line: parses options, calls the library, prints.

Exit codes: 0 nothing at or above ``--fail-on`` (``fix``: nothing to change);
1 findings at or above it (``fix``: changes proposed or written);
2 a usage error or a file that could not be read; 3 (``resolve``) an
identifier that could not be verified; 130 and 143 a run stopped by Ctrl-C or
SIGTERM (marked interrupted in the report, to go on with ``--resume``); 141
stdout closed before the output was written.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import Any, cast

import click

from citecheck import __version__
from citecheck.audit import (
    AuditOptions,
    AuditResult,
    FailPolicy,
    read_documents,
)
from citecheck.cache import CacheError, CacheStore, default_cache_path, is_damaged, set_aside
from citecheck.cli_audit import (
    claim_width,
    exit_code,
    nothing_audited,
    run_from_cli,
    unverified_reason,
)
from citecheck.cli_fix import fix_from_cli
from citecheck.cli_options import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNVERIFIED,
    EXIT_USAGE,
    FORMAT_CHOICE,
    Commands,
    ReportUnusable,
    SeverityOverride,
    cache_path_option,
    cache_unusable,
    check_output_path,
    colour_wanted,
    fail_policy,
    input_options,
    open_cache,
    open_existing_report,
    read_identifier,
    report_option,
    report_unreadable,
    resolver_from,
    resume_command,
    service_options,
    set_colour,
    settings_from,
    sigterm_stops,
    stopped_exit_code,
    styler,
    write_output,
)
from citecheck.config import ServiceSettings
from citecheck.fixes import DEFAULT_MIN_CONFIDENCE
from citecheck.models import (
    DEFAULT_SEVERITY,
    SERVICE_OF,
    Document,
    FindingCode,
    Format,
    Identifier,
    LookupStatus,
    ReadError,
    Severity,
)
from citecheck.reports import csv_output, serialize
from citecheck.reports.database import ReportDatabase, ReportError
from citecheck.reports.escape import json_text, terminal_text
from citecheck.reports.lookups import render_cache_stats, render_lookup
from citecheck.reports.terminal import render_audit, render_diff, render_document
from citecheck.walk import PathFilter


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citecheck")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    envvar="CITECHECK_COLOR",
    show_envvar=True,
    help="Colour the terminal output; auto: on a terminal, unless NO_COLOR is set.",
)
def main(color: str) -> None:
    """Find every citation in an article and check it against Crossref and PubMed.

    \b
    citecheck audit article.md --mailto you@example.org   judge every reference
    citecheck audit docs/ --format sarif -o out.sarif     a corpus, for CI
    citecheck parse article.md                            what was found, as a table
    citecheck fix article.md > fix.diff                   corrections, as a diff
    citecheck resolve 10.1038/nrc1388                     one record
    citecheck report show                                 the last run again
    """
    set_colour(color)


@main.command()
@input_options
@click.option(
    "--format",
    "--input-format",
    "input_format",
    type=FORMAT_CHOICE,
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
            report_unreadable(item)
        else:
            documents.append(item)
            if not as_json:
                click.echo(render_document(item))
                click.echo()
    if as_json:
        click.echo(
            json_text(
                json.dumps([serialize.document(d) for d in documents], indent=2, ensure_ascii=False)
            )
        )
    sys.exit(EXIT_USAGE if errors else EXIT_OK)


OUTPUT_FORMATS = {
    "json": "citecheck.reports.json_output",
    "sarif": "citecheck.reports.sarif",
    "junit": "citecheck.reports.junit",
    "markdown": "citecheck.reports.markdown",
    "csv": "citecheck.reports.csv_output",
}


@main.command()
@input_options
@service_options
@click.option(
    "--input-format",
    "input_format",
    type=FORMAT_CHOICE,
    help="Read every file as this format instead of detecting it.",
)
@click.option(
    "--report",
    "report_path",
    default="citecheck-report.db",
    show_default=True,
    envvar="CITECHECK_REPORT",
    show_envvar=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="SQLite report every run is appended to.",
)
@click.option("--no-report", is_flag=True, help="Write no SQLite report.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(OUTPUT_FORMATS)),
    help="Machine output: to --output, or to stdout instead of the summary.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=str),
    help="File for the --format output.",
)
@click.option(
    "--fail-on",
    default="error",
    show_default=True,
    envvar="CITECHECK_FAIL_ON",
    show_envvar=True,
    help="Severity (error, warning, info, never) or finding codes, comma-separated, that fail the run.",
)
@click.option(
    "--allow-unverified",
    is_flag=True,
    help="References that could not be verified are warnings, not exit code 3.",
)
@click.option(
    "--severity",
    "severity_overrides",
    type=SeverityOverride(),
    multiple=True,
    help="Change a finding's severity, e.g. --severity corrected=warning (repeatable).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="In folders, read only files matching this glob (repeatable), e.g. '*.md'.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="In folders, skip files and folders matching this glob (repeatable), e.g. 'drafts/*'.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Go on with the report's last run if it did not complete (same options needed).",
)
@click.option(
    "--search/--no-search",
    default=True,
    show_default=True,
    help="Search Crossref and PubMed for references without an identifier, and for the "
    "right identifier of a wrong one.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary lines.")
def audit(
    files: tuple[str, ...],
    max_size: int,
    input_format: str | None,
    report_path: str,
    no_report: bool,
    output_format: str | None,
    output: str | None,
    fail_on: str,
    allow_unverified: bool,
    severity_overrides: tuple[tuple[FindingCode, Severity], ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    resume: bool,
    search: bool,
    quiet: bool,
    **options: Any,
) -> None:
    """Check every citation of the given files (or folders) against Crossref
    and PubMed, write the SQLite report and print a summary.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 for
    a usage error, an unreadable file or a run that audited nothing (no file
    matched, or no reference, citation or identifier in the files read), 3 when a reference with an
    identifier could not be verified (unless --allow-unverified); 130 or 143
    when stopped by Ctrl-C or SIGTERM: the run is kept, marked interrupted,
    and --resume goes on with it (only once no live process owns it; with
    nothing to resume, --resume does nothing and exits 0).

    \b
    Example:
      citecheck audit article.md --mailto editor@example.org
      citecheck audit docs/ --format sarif --output citecheck.sarif
      citecheck audit page.md --offline --allow-unverified
    """
    try:
        policy = FailPolicy.parse(fail_on)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from None
    if output and not output_format:
        raise click.UsageError("--output needs --format (json, sarif, junit, markdown or csv)")
    severities = {**DEFAULT_SEVERITY, **dict(severity_overrides)}
    audit_options = AuditOptions(
        fmt=Format(input_format.lower()) if input_format else None,
        max_bytes=max_size,
        severities=severities,
        path_filter=PathFilter(include=include, exclude=exclude),
        search=search,
    )
    settings = settings_from(options)
    if resume and no_report:
        raise click.UsageError("--resume goes on with a run of the report: drop --no-report")
    check_output_path(output)
    missing = [path for path in files if not os.path.lexists(path)]
    if missing and len(missing) == len(files):
        # Nothing to audit: no report is started for it.
        for path in missing:
            click.echo(f"citecheck: {terminal_text(path)}: no such file or folder", err=True)
        sys.exit(EXIT_USAGE)
    started: list[int] = []
    try:
        with sigterm_stops():
            result = run_from_cli(
                files,
                settings=settings,
                options=options,
                audit_options=audit_options,
                report_path=None if no_report else report_path,
                recorded={**_recorded_settings(settings, options, fail_on), "search": search},
                resume=resume,
                started=started,
                quiet=quiet,
                output_format=output_format,
            )
            for error in result.errors:
                report_unreadable(error)
            if output_format:
                rendered = _render(output_format, result, policy)
                if output:
                    write_output(output, rendered)
                else:
                    click.echo(rendered, nl=not rendered.endswith("\n"))
            if not output_format or output:
                summary = render_audit(result, policy, style=styler(), claim_width=claim_width())
                if quiet:
                    summary = "\n".join(summary.splitlines()[-2:])
                click.echo(summary, color=colour_wanted())
    except KeyboardInterrupt as stop:
        if started:
            where = f"run {started[0]} of {report_path} interrupted"
            click.echo(f"citecheck: {where}; go on with: {resume_command(files)}", err=True)
        else:
            click.echo("citecheck: interrupted", err=True)
        sys.exit(stopped_exit_code(stop))
    nothing = nothing_audited(result)
    if nothing is not None:
        click.echo(f"citecheck: nothing was audited: {nothing}", err=True)
    code = exit_code(result, policy, allow_unverified=allow_unverified)
    if code == EXIT_UNVERIFIED:
        click.echo(f"citecheck: {unverified_reason(result)}", err=True)
    sys.exit(code)


def _render(output_format: str, result: AuditResult, policy: FailPolicy) -> str:
    module = importlib.import_module(OUTPUT_FORMATS[output_format])
    return cast(str, module.render(result, policy=policy))


def _recorded_settings(
    settings: ServiceSettings, options: dict[str, Any], fail_on: str
) -> dict[str, Any]:
    """The settings a report keeps for a run: never a key or token."""
    return {
        "crossref_url": settings.crossref_url,
        "eutils_url": settings.eutils_url,
        "idconv_url": settings.idconv_url,
        "datacite_url": settings.datacite_url,
        "arxiv_url": settings.arxiv_url,
        "clinicaltrials_url": settings.clinicaltrials_url,
        "polite": settings.polite,
        "ncbi_api_key": "set" if settings.ncbi_api_key else "unset",
        "offline": options["offline"],
        "refresh": options["refresh"],
        "fail_on": fail_on,
    }


@main.command()
@input_options
@service_options
@click.option(
    "--input-format",
    "input_format",
    type=FORMAT_CHOICE,
    help="Read every file as this format instead of detecting it.",
)
@click.option(
    "--write", is_flag=True, help="Make the changes in the files instead of printing a diff."
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_MIN_CONFIDENCE,
    show_default=True,
    help="Same-work probability a suggestion needs to change anything.",
)
def fix(
    files: tuple[str, ...],
    max_size: int,
    input_format: str | None,
    write: bool,
    min_confidence: float,
    **options: Any,
) -> None:
    """Audit the files and print the corrections their references need as a
    unified diff: identifiers a search found added, wrong ones replaced, and
    in BibTeX the fields shown wrong set to the record's values. Each change
    is listed on stderr with its evidence, and so is each correction not made.

    Exit 0 when nothing needs changing, 1 when changes are proposed (or
    written), or a confident one could not be placed; 2 for a usage error or
    a file that could not be read, patched or written (one that changed
    since it was read is never written).

    \b
    Example:
      citecheck fix article.md --mailto editor@example.org > fix.diff
      git apply fix.diff
      citecheck fix refs.bib --write --min-confidence 0.95
    """
    code = fix_from_cli(
        files,
        settings=settings_from(options),
        options=options,
        audit_options=AuditOptions(
            fmt=Format(input_format.lower()) if input_format else None, max_bytes=max_size
        ),
        write=write,
        min_confidence=min_confidence,
    )
    sys.exit(code)


@main.command()
@click.argument("identifiers", nargs=-1, required=True)
@service_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def resolve(identifiers: tuple[str, ...], as_json: bool, **options: Any) -> None:
    """Look DOIs, PMIDs, PMCIDs, arXiv IDs or NCT numbers (or URLs of them) up
    and print their records.

    A bare number is read as a PMID. Exit 0 when every identifier got a
    proper answer (found, not found, another agency), 3 when one could not
    be verified, 2 when an argument is no identifier.

    \b
    Example:
      citecheck resolve 10.1038/nrc1388 PMID:16269611 PMC3531190
      citecheck resolve --offline --json https://doi.org/10.1182/blood-2005-08-3182
    """
    wanted: list[Identifier] = []
    bad = False
    for text in identifiers:
        identifier = read_identifier(text)
        if identifier is None:
            click.echo(f"citecheck: {text!r} is not a DOI, PMID, PMCID or a URL of one", err=True)
            bad = True
        elif identifier.type not in SERVICE_OF:
            click.echo(
                terminal_text(
                    f"citecheck: {identifier} cannot be looked up "
                    "(only DOIs, PMIDs, PMCIDs, arXiv IDs, NCT numbers)"
                ),
                err=True,
            )
            bad = True
        else:
            wanted.append(identifier)
    cache = open_cache(options)
    try:
        with resolver_from(settings_from(options), options, cache) as resolver:
            lookups = resolver.resolve(wanted)
    finally:
        if cache is not None:
            cache.close()
    ordered = [lookups[key] for key in dict.fromkeys(i.key for i in wanted)]
    if as_json:
        click.echo(
            json_text(
                json.dumps(
                    [serialize.lookup(item) for item in ordered], indent=2, ensure_ascii=False
                )
            )
        )
    else:
        for item in ordered:
            click.echo(render_lookup(item))
    if bad:
        sys.exit(EXIT_USAGE)
    unverified = any(item.status is LookupStatus.COULD_NOT_VERIFY for item in ordered)
    sys.exit(EXIT_UNVERIFIED if unverified else EXIT_OK)


@main.group()
def cache() -> None:
    """Inspect or empty the cache of the services' answers.

    \b
    Example:
      citecheck cache stats
      citecheck cache clear --expired
    """


@cache.command("stats")
@cache_path_option
def cache_stats(cache_path: str | None) -> None:
    """Print where the cache is, its size, and its answers per service and status.

    \b
    Example:
      citecheck cache stats --cache ./lookups.db
    """
    path = cache_path or default_cache_path()
    try:
        with CacheStore.open(path) as store:
            stats = store.stats()
    except CacheError as exc:
        raise cache_unusable(exc, path) from None
    click.echo(render_cache_stats(stats))


@cache.command("clear")
@cache_path_option
@click.option("--expired", is_flag=True, help="Remove only answers past their time.")
def cache_clear(cache_path: str | None, expired: bool) -> None:
    """Remove the cached answers (all of them, or only the expired ones).

    \b
    Example:
      citecheck cache clear --expired
    """
    path = cache_path or default_cache_path()
    try:
        with CacheStore.open(path) as store:
            removed = store.clear(expired_only=expired)
    except CacheError as exc:
        # A damaged cache is what clearing is for: it is moved aside (its
        # answers cannot be read back anyway) and a new one made.
        aside = set_aside(path) if is_damaged(exc) else None
        if aside is None:
            raise cache_unusable(exc, path) from None
        click.echo(f"citecheck: {exc}: moved it to {aside}, starting afresh", err=True)
        try:
            CacheStore.open(path).close()
        except CacheError as again:
            raise cache_unusable(again, path) from None
        click.echo(f"removed the damaged cache {path}")
        return
    click.echo(f"removed {removed} cached answer{'s' if removed != 1 else ''}")


@main.group()
def report() -> None:
    """Show, compare and export the runs stored in the SQLite report.

    \b
    Example:
      citecheck report show
      citecheck report diff 3 4
      citecheck report export --format sarif --output run.sarif
    """


def _stored_run(database: ReportDatabase, run_id: int | None) -> AuditResult:
    chosen = run_id if run_id is not None else database.latest_run_id()
    if chosen is None:
        raise ReportUnusable("the report holds no run yet")
    try:
        return database.load(chosen)
    except ReportError as exc:
        raise ReportUnusable(str(exc)) from None


@report.command("show")
@report_option
@click.option("--run", "run_id", type=int, help="Run number (default: the latest).")
@click.option(
    "--fail-on", default="error", show_default=True, help="As for audit: what counts as failing."
)
def report_show(report_path: str, run_id: int | None, fail_on: str) -> None:
    """Print a stored run as `citecheck audit` printed it.

    \b
    Example:
      citecheck report show --run 2
    """
    policy = fail_policy(fail_on)
    with open_existing_report(report_path) as database:
        result = _stored_run(database, run_id)
    click.echo(
        render_audit(result, policy, style=styler(), claim_width=claim_width()),
        color=colour_wanted(),
    )


@report.command("diff")
@report_option
@click.argument("old_run", type=int)
@click.argument("new_run", type=int)
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="Exit 1 when a finding new in NEW_RUN is at or above --fail-on.",
)
@click.option(
    "--fail-on",
    default="error",
    show_default=True,
    help="With --fail-on-new: severity or finding codes, as for audit.",
)
def report_diff(
    report_path: str, old_run: int, new_run: int, fail_on_new: bool, fail_on: str
) -> None:
    """List the findings that are new in NEW_RUN and those fixed since OLD_RUN.

    Exit 0, or with --fail-on-new 1 when a new finding is at or above
    --fail-on (a gate on what a change brought, not on what was there).

    \b
    Example:
      citecheck report diff 3 4 --fail-on-new
    """
    policy = fail_policy(fail_on)
    with open_existing_report(report_path) as database:
        try:
            difference = database.diff(old_run, new_run)
        except ReportError as exc:
            raise ReportUnusable(str(exc)) from None
    click.echo(render_diff(difference))
    if fail_on_new and any(policy.fails(finding) for finding in difference.new):
        sys.exit(EXIT_FINDINGS)


@report.command("export")
@report_option
@click.option("--run", "run_id", type=int, help="Run number (default: the latest).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted([*OUTPUT_FORMATS, "findings-csv"])),
    required=True,
    help="csv: one row per reference; findings-csv: one row per finding.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=str), help="File (default: stdout)."
)
@click.option(
    "--fail-on", default="error", show_default=True, help="As for audit: what counts as failing."
)
def report_export(
    report_path: str, run_id: int | None, output_format: str, output: str | None, fail_on: str
) -> None:
    """Write a stored run as JSON, CSV, SARIF, JUnit or Markdown.

    \b
    Example:
      citecheck report export --format csv > references.csv
    """
    policy = fail_policy(fail_on)
    check_output_path(output)
    with open_existing_report(report_path) as database:
        result = _stored_run(database, run_id)
    rendered = (
        csv_output.render_findings(result)
        if output_format == "findings-csv"
        else _render(output_format, result, policy)
    )
    if output:
        write_output(output, rendered)
    else:
        click.echo(rendered, nl=not rendered.endswith("\n"))


if __name__ == "__main__":  # pragma: no cover
    main()
