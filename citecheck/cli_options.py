"""Options, parameter types and helpers shared by the ``citecheck`` commands.

The commands themselves live in :mod:`citecheck.cli`; everything here turns
options into library settings and library errors into exit codes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from citecheck.audit import FailPolicy
from citecheck.cache import CacheError, CacheStore, default_cache_path
from citecheck.config import CROSSREF_URL, EUTILS_URL, IDCONV_URL, ServiceSettings
from citecheck.identifiers import parse_identifier
from citecheck.models import FindingCode, Format, Identifier, IdType, ReadError, Severity
from citecheck.parsing import DEFAULT_MAX_BYTES
from citecheck.reports.database import ReportDatabase, ReportError

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


def settings_from(options: dict[str, Any]) -> ServiceSettings:
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


def open_cache(options: dict[str, Any]) -> CacheStore | None:
    if options["no_cache"]:
        return None
    path = options["cache_path"] or default_cache_path()
    try:
        return CacheStore.open(path)
    except CacheError as exc:
        raise CacheUnusable(f"cannot use the cache: {exc}") from None


FORMAT_CHOICE = click.Choice([f.value for f in Format], case_sensitive=False)


class SeverityOverride(click.ParamType[tuple[FindingCode, Severity]]):
    """``CODE=LEVEL``, e.g. ``corrected=warning``."""

    name = "code=level"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[FindingCode, Severity]:
        if isinstance(value, tuple):
            return value
        code, _, level = str(value).partition("=")
        try:
            return FindingCode(code.strip().lower()), Severity.parse(level)
        except ValueError:
            self.fail(f"{value!r} is not CODE=LEVEL (e.g. corrected=warning)", param, ctx)


class ReportUnusable(click.ClickException):
    """The report file cannot be opened: an input error, exit 2."""

    exit_code = EXIT_USAGE


def open_report(path: str) -> ReportDatabase:
    try:
        return ReportDatabase.open(path)
    except (ReportError, OSError) as exc:
        raise ReportUnusable(f"cannot use the report: {exc}") from None


def cache_path_option(function: F) -> F:
    return click.option(
        "--cache",
        "cache_path",
        type=click.Path(dir_okay=False, path_type=str),
        envvar="CITECHECK_CACHE",
        show_envvar=True,
        help="Cache file (default: in the user's cache folder).",
    )(function)


def read_identifier(text: str) -> Identifier | None:
    found = parse_identifier(text)
    if found is None and text.strip().isdigit():
        found = parse_identifier(text, hint=IdType.PMID)
    return found if isinstance(found, Identifier) else None


def dtd_dir(options: dict[str, Any]) -> Path:
    """Where Biopython may keep DTDs: beside the cache, never fetched."""
    base = Path(options["cache_path"]) if options.get("cache_path") else default_cache_path()
    return base.parent / "dtd"


def styler() -> Callable[[str, Severity], str]:
    if not sys.stdout.isatty():
        return lambda text, severity: text
    return lambda text, severity: click.style(text, fg=_SEVERITY_COLOURS[severity], bold=True)


def report_unreadable(error: ReadError) -> None:
    click.echo(f"citecheck: {error.path}: {error.reason}", err=True)


def report_option(function: F) -> F:
    return click.option(
        "--report",
        "report_path",
        default="citecheck-report.db",
        show_default=True,
        envvar="CITECHECK_REPORT",
        show_envvar=True,
        type=click.Path(dir_okay=False, path_type=str),
        help="The SQLite report.",
    )(function)


def fail_policy(fail_on: str) -> FailPolicy:
    try:
        return FailPolicy.parse(fail_on)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from None


def open_existing_report(path: str) -> ReportDatabase:
    if not Path(path).is_file():
        raise ReportUnusable(f"no report at {path} (run citecheck audit first, or pass --report)")
    return open_report(path)
