"""Options, parameter types and helpers shared by the ``citecheck`` commands.

The commands themselves live in :mod:`citecheck.cli`; everything here turns
options into library settings and library errors into exit codes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
from citecheck.reports.escape import terminal_text

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


@dataclass(frozen=True, slots=True)
class _OptionSpec:
    """One option: its flag (and parameter name, where it differs), the
    ``CITECHECK_*`` variable it reads, its help, and the rest of what
    :func:`click.option` takes (type, default, is_flag). ``--help`` shows the
    variable and the default, when there is one."""

    flag: str
    envvar: str | None
    help: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    name: str | None = None

    def apply(self, function: F) -> F:
        settings = dict(self.settings)
        if self.envvar is not None:
            settings.update(envvar=self.envvar, show_envvar=True)
        if "default" in settings:
            settings["show_default"] = True
        declarations = (self.flag, self.name) if self.name else (self.flag,)
        return click.option(*declarations, help=self.help, **settings)(function)


_RATE = click.FloatRange(min=0.01)

_CACHE_PATH = _OptionSpec(
    "--cache",
    "CITECHECK_CACHE",
    "Cache file (default: in the user's cache folder).",
    {"type": click.Path(dir_okay=False, path_type=str)},
    name="cache_path",
)

# The options of every command that talks to the services, in --help order.
_SERVICE_OPTIONS = (
    _OptionSpec(
        "--crossref-url",
        "CITECHECK_CROSSREF_URL",
        "Crossref REST API base URL.",
        {"default": CROSSREF_URL},
    ),
    _OptionSpec(
        "--eutils-url",
        "CITECHECK_EUTILS_URL",
        "NCBI E-utilities base URL.",
        {"default": EUTILS_URL},
    ),
    _OptionSpec(
        "--idconv-url",
        "CITECHECK_IDCONV_URL",
        "PMC ID converter base URL.",
        {"default": IDCONV_URL},
    ),
    _OptionSpec(
        "--mailto", "CITECHECK_MAILTO", "Contact address: Crossref's polite pool, NCBI's email."
    ),
    _OptionSpec(
        "--ncbi-api-key", "CITECHECK_NCBI_API_KEY", "NCBI API key (10 requests/s instead of 3)."
    ),
    _OptionSpec(
        "--crossref-plus-token", "CITECHECK_CROSSREF_PLUS_TOKEN", "Crossref Metadata Plus token."
    ),
    _OptionSpec(
        "--timeout",
        None,
        "Seconds to wait for an answer.",
        {"type": click.FloatRange(min=0.1), "default": 20.0},
    ),
    _OptionSpec(
        "--crossref-rate",
        "CITECHECK_CROSSREF_RATE",
        "Crossref single-work requests a second (default: the pool's published limit).",
        {"type": _RATE},
    ),
    _OptionSpec(
        "--crossref-list-rate",
        "CITECHECK_CROSSREF_LIST_RATE",
        "Crossref list requests a second (default: the pool's published limit).",
        {"type": _RATE},
    ),
    _OptionSpec(
        "--ncbi-rate",
        "CITECHECK_NCBI_RATE",
        "NCBI requests a second (default: 3, or 10 with a key).",
        {"type": _RATE},
    ),
    _OptionSpec(
        "--retries",
        "CITECHECK_RETRIES",
        "Retries of a request answered 429 or 5xx, or that timed out.",
        {"type": click.IntRange(min=0, max=10), "default": 3},
    ),
    _CACHE_PATH,
    _OptionSpec("--no-cache", None, "Neither read nor write the cache.", {"is_flag": True}),
    _OptionSpec(
        "--offline",
        None,
        "Answer from the cache only; a miss is 'could not verify'.",
        {"is_flag": True},
    ),
    _OptionSpec(
        "--refresh",
        None,
        "Ignore cached answers (new answers are still stored).",
        {"is_flag": True},
    ),
)


def service_options(function: F) -> F:
    """Options for every command that talks to the services."""
    # Decorators apply bottom-up: the last one applied is the first in --help.
    for spec in reversed(_SERVICE_OPTIONS):
        function = spec.apply(function)
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
    return _CACHE_PATH.apply(function)


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
    # The path and the reason may quote a file's name or bytes: shown safely.
    click.echo(terminal_text(f"citecheck: {error.path}: {error.reason}"), err=True)


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
