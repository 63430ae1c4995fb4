"""The ``citecheck`` command line: parses options, calls the library, prints.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage error or a file that could not be read; 3 (``resolve``) an
identifier that could not be verified.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from citecheck import __version__
from citecheck.audit import AuditResult, FailPolicy, audit_offline, read_documents
from citecheck.cache import CacheError, CacheStore, default_cache_path
from citecheck.config import CROSSREF_URL, EUTILS_URL, IDCONV_URL, ServiceSettings
from citecheck.identifiers import parse_identifier
from citecheck.models import Document, Format, Identifier, IdType, LookupStatus, ReadError, Severity
from citecheck.parsing import DEFAULT_MAX_BYTES
from citecheck.reports import serialize
from citecheck.reports.lookups import render_cache_stats, render_lookup
from citecheck.reports.terminal import render_document, render_findings
from citecheck.resolve import SERVICE_OF, Resolver
from citecheck.resolvers.http import RetryPolicy

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNVERIFIED = 3

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


def service_options(function: F) -> F:
    """Options for every command that talks to the services."""
    options = [
        click.option(
            "--crossref-url",
            default=CROSSREF_URL,
            envvar="CITECHECK_CROSSREF_URL",
            show_envvar=True,
            show_default=True,
            help="Crossref REST API base URL.",
        ),
        click.option(
            "--eutils-url",
            default=EUTILS_URL,
            envvar="CITECHECK_EUTILS_URL",
            show_envvar=True,
            show_default=True,
            help="NCBI E-utilities base URL.",
        ),
        click.option(
            "--idconv-url",
            default=IDCONV_URL,
            envvar="CITECHECK_IDCONV_URL",
            show_envvar=True,
            show_default=True,
            help="PMC ID converter base URL.",
        ),
        click.option(
            "--mailto",
            envvar="CITECHECK_MAILTO",
            show_envvar=True,
            help="Contact address: Crossref's polite pool, NCBI's email.",
        ),
        click.option(
            "--ncbi-api-key",
            envvar="CITECHECK_NCBI_API_KEY",
            show_envvar=True,
            help="NCBI API key (10 requests/s instead of 3).",
        ),
        click.option(
            "--crossref-plus-token",
            envvar="CITECHECK_CROSSREF_PLUS_TOKEN",
            show_envvar=True,
            help="Crossref Metadata Plus token.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="Seconds to wait for an answer.",
        ),
        click.option(
            "--crossref-rate",
            type=click.FloatRange(min=0.01),
            envvar="CITECHECK_CROSSREF_RATE",
            show_envvar=True,
            help="Crossref single-work requests a second (default: the pool's published limit).",
        ),
        click.option(
            "--crossref-list-rate",
            type=click.FloatRange(min=0.01),
            envvar="CITECHECK_CROSSREF_LIST_RATE",
            show_envvar=True,
            help="Crossref list requests a second (default: the pool's published limit).",
        ),
        click.option(
            "--ncbi-rate",
            type=click.FloatRange(min=0.01),
            envvar="CITECHECK_NCBI_RATE",
            show_envvar=True,
            help="NCBI requests a second (default: 3, or 10 with a key).",
        ),
        click.option(
            "--retries",
            type=click.IntRange(min=0, max=10),
            default=3,
            show_default=True,
            envvar="CITECHECK_RETRIES",
            show_envvar=True,
            help="Retries of a request answered 429 or 5xx, or that timed out.",
        ),
        click.option(
            "--cache",
            "cache_path",
            type=click.Path(dir_okay=False, path_type=str),
            envvar="CITECHECK_CACHE",
            show_envvar=True,
            help="Cache file (default: in the user's cache folder).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option(
            "--offline",
            is_flag=True,
            help="Answer from the cache only; a miss is 'could not verify'.",
        ),
        click.option(
            "--refresh", is_flag=True, help="Ignore cached answers (new answers are still stored)."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _settings(options: dict[str, Any]) -> ServiceSettings:
    return ServiceSettings(
        crossref_url=options["crossref_url"],
        eutils_url=options["eutils_url"],
        idconv_url=options["idconv_url"],
        mailto=options["mailto"] or None,
        ncbi_api_key=options["ncbi_api_key"] or None,
        crossref_plus_token=options["crossref_plus_token"] or None,
        timeout=options["timeout"],
        crossref_single_rate=options["crossref_rate"],
        crossref_list_rate=options["crossref_list_rate"],
        ncbi_rate=options["ncbi_rate"],
    )


class CacheUnusable(click.ClickException):
    """The cache file cannot be opened: an input error, exit 2."""

    exit_code = EXIT_USAGE


def _open_cache(options: dict[str, Any]) -> CacheStore | None:
    if options["no_cache"]:
        return None
    path = options["cache_path"] or default_cache_path()
    try:
        return CacheStore.open(path)
    except CacheError as exc:
        raise CacheUnusable(f"cannot use the cache: {exc}") from None


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


@main.command()
@click.argument("identifiers", nargs=-1, required=True)
@service_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def resolve(identifiers: tuple[str, ...], as_json: bool, **options: Any) -> None:
    """Look DOIs, PMIDs and PMCIDs (or URLs of them) up and print their records.

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
        identifier = _read_identifier(text)
        if identifier is None:
            click.echo(f"citecheck: {text!r} is not a DOI, PMID, PMCID or a URL of one", err=True)
            bad = True
        elif identifier.type not in SERVICE_OF:
            click.echo(
                f"citecheck: {identifier} cannot be looked up (only DOIs, PMIDs, PMCIDs)", err=True
            )
            bad = True
        else:
            wanted.append(identifier)
    cache = _open_cache(options)
    try:
        with Resolver(
            _settings(options),
            cache=cache,
            offline=options["offline"],
            refresh=options["refresh"],
            retry=RetryPolicy(attempts=options["retries"] + 1),
            dtd_dir=_dtd_dir(options),
        ) as resolver:
            lookups = resolver.resolve(wanted)
    finally:
        if cache is not None:
            cache.close()
    ordered = [lookups[key] for key in dict.fromkeys(i.key for i in wanted)]
    if as_json:
        click.echo(
            json.dumps([serialize.lookup(item) for item in ordered], indent=2, ensure_ascii=False)
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


def _cache_path_option(function: F) -> F:
    return click.option(
        "--cache",
        "cache_path",
        type=click.Path(dir_okay=False, path_type=str),
        envvar="CITECHECK_CACHE",
        show_envvar=True,
        help="Cache file (default: in the user's cache folder).",
    )(function)


@cache.command("stats")
@_cache_path_option
def cache_stats(cache_path: str | None) -> None:
    """Print where the cache is, its size, and its answers per service and status.

    \b
    Example:
      citecheck cache stats --cache ./lookups.db
    """
    store = _open_cache({"no_cache": False, "cache_path": cache_path})
    assert store is not None
    with store:
        click.echo(render_cache_stats(store.stats()))


@cache.command("clear")
@_cache_path_option
@click.option("--expired", is_flag=True, help="Remove only answers past their time.")
def cache_clear(cache_path: str | None, expired: bool) -> None:
    """Remove the cached answers (all of them, or only the expired ones).

    \b
    Example:
      citecheck cache clear --expired
    """
    store = _open_cache({"no_cache": False, "cache_path": cache_path})
    assert store is not None
    with store:
        removed = store.clear(expired_only=expired)
    click.echo(f"removed {removed} cached answer{'s' if removed != 1 else ''}")


def _read_identifier(text: str) -> Identifier | None:
    found = parse_identifier(text)
    if found is None and text.strip().isdigit():
        found = parse_identifier(text, hint=IdType.PMID)
    return found if isinstance(found, Identifier) else None


def _dtd_dir(options: dict[str, Any]) -> Path:
    """Where Biopython may keep DTDs: beside the cache, never fetched."""
    base = Path(options["cache_path"]) if options.get("cache_path") else default_cache_path()
    return base.parent / "dtd"


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
