"""Options, parameter types and helpers shared by the ``citecheck`` commands.

The commands themselves live in :mod:`citecheck.cli`; everything here turns
options into library settings and library errors into exit codes.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import click

from citecheck.audit import FailPolicy
from citecheck.cache import CacheError, CachePolicy, CacheStore, default_cache_path, is_damaged
from citecheck.config import (
    ARXIV_URL,
    CLINICALTRIALS_URL,
    CROSSREF_URL,
    DATACITE_URL,
    EUTILS_URL,
    IDCONV_URL,
    ServiceSettings,
)
from citecheck.identifiers import parse_identifier
from citecheck.models import FindingCode, Format, Identifier, IdType, ReadError, Severity
from citecheck.parsing import DEFAULT_MAX_BYTES
from citecheck.reports.database import ReportDatabase, ReportError
from citecheck.reports.escape import terminal_text
from citecheck.resolve import Resolver
from citecheck.resolvers.budget import SharedBudget
from citecheck.resolvers.http import RetryPolicy

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNVERIFIED = 3
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (SIGINT): 128 + the signal's number, as shells report it."""
EXIT_TERMINATED = 143
"""Stopped by SIGTERM: 128 + 15."""

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


class BaseUrl(click.ParamType[str]):
    """A service's base URL: ``http`` or ``https``, with a host. Anything else
    (``ftp://x``, ``file:///etc``, ``http://[::1``) is a usage error before
    any work, rather than every reference "could not verify"."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        try:
            parts = urlsplit(text)
            _port = parts.port  # raises ValueError for a port that is no number
        except ValueError as exc:
            self.fail(f"{text!r} is not a URL: {exc}", param, ctx)
        if parts.scheme not in ("http", "https"):
            self.fail(f"{text!r} is not an http:// or https:// URL", param, ctx)
        if not parts.hostname:
            self.fail(f"{text!r} names no host", param, ctx)
        return text


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
        {"default": CROSSREF_URL, "type": BaseUrl()},
    ),
    _OptionSpec(
        "--eutils-url",
        "CITECHECK_EUTILS_URL",
        "NCBI E-utilities base URL.",
        {"default": EUTILS_URL, "type": BaseUrl()},
    ),
    _OptionSpec(
        "--idconv-url",
        "CITECHECK_IDCONV_URL",
        "PMC ID converter base URL.",
        {"default": IDCONV_URL, "type": BaseUrl()},
    ),
    _OptionSpec(
        "--datacite-url",
        "CITECHECK_DATACITE_URL",
        "DataCite REST API base URL (DOIs Crossref says are DataCite's).",
        {"default": DATACITE_URL, "type": BaseUrl()},
    ),
    _OptionSpec(
        "--arxiv-url",
        "CITECHECK_ARXIV_URL",
        "arXiv API base URL (arXiv identifiers; one request every 3 s).",
        {"default": ARXIV_URL, "type": BaseUrl()},
    ),
    _OptionSpec(
        "--clinicaltrials-url",
        "CITECHECK_CLINICALTRIALS_URL",
        "ClinicalTrials.gov base URL (NCT numbers, API v2).",
        {"default": CLINICALTRIALS_URL, "type": BaseUrl()},
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
    _OptionSpec(
        "--cache-days",
        "CITECHECK_CACHE_DAYS",
        "Days a found record stays fresh in the cache; a retraction or correction "
        "published since is seen only once it has expired (0: always ask).",
        {"type": click.FloatRange(min=0), "default": 30.0, "show_default": True},
    ),
    _OptionSpec(
        "--not-found-days",
        "CITECHECK_NOT_FOUND_DAYS",
        "Days a service's 'does not exist' stays fresh (a DOI registered today).",
        {"type": click.FloatRange(min=0), "default": 1.0, "show_default": True},
    ),
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
        datacite_url=options["datacite_url"],
        arxiv_url=options["arxiv_url"],
        clinicaltrials_url=options["clinicaltrials_url"],
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


DAY = 86400.0


def open_cache(options: dict[str, Any]) -> CacheStore | None:
    if options["no_cache"]:
        return None
    path = options["cache_path"] or default_cache_path()
    policy = CachePolicy(
        found_ttl=options.get("cache_days", 30.0) * DAY,
        not_found_ttl=options.get("not_found_days", 1.0) * DAY,
    )
    try:
        return CacheStore.open(path, policy=policy)
    except CacheError as exc:
        raise cache_unusable(exc, path) from None


def cache_unusable(error: CacheError, path: str | Path) -> CacheUnusable:
    """The one line for a cache that cannot be used; for a damaged one, with
    the command that starts it afresh."""
    hint = (
        f" (`citecheck cache clear --cache {path}` starts it afresh)" if is_damaged(error) else ""
    )
    return CacheUnusable(f"cannot use the cache: {error}{hint}")


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


_colour = "auto"


def set_colour(mode: str) -> None:
    """``auto`` (on a terminal, unless NO_COLOR is set), ``always`` or ``never``."""
    global _colour
    _colour = mode


def colour_wanted() -> bool:
    if _colour != "auto":
        return _colour == "always"
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def styler() -> Callable[[str, Severity], str]:
    if not colour_wanted():
        return lambda text, severity: text
    # color=True: "always" colours a pipe too (click strips it otherwise).
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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as Ctrl-C is, so that a run stops the same way: the
    report marks it interrupted before the command exits."""


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated` in the main
    thread (Python's default would end the process at once, leaving the run
    marked running). Only the main thread may set signal handlers: elsewhere
    the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stopped_exit_code(stop: KeyboardInterrupt) -> int:
    """The exit code of a run stopped by ``stop``: 143 for SIGTERM, 130 for Ctrl-C."""
    return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED


def resume_command(files: tuple[str, ...]) -> str:
    """The command that goes on with a stopped run: the one that was run, with
    ``--resume``, when it can be read from ``sys.argv``; else the files, with
    a word on the options."""
    argv = sys.argv[1:]
    if argv[:1] == ["audit"]:
        rest = [arg for arg in argv[1:] if arg != "--resume"]
        return shlex.join(["citecheck", "audit", "--resume", *rest])
    return shlex.join(["citecheck", "audit", "--resume", *files]) + " (with the same options)"


class OutputUnusable(click.ClickException):
    """The --output file cannot be written: exit 2."""

    exit_code = EXIT_USAGE


def check_output_path(output: str | None) -> None:
    """Refuse, before any work, an --output whose folder is missing or cannot
    be written to (read-only, not ours)."""
    if output is None:
        return
    folder = Path(output).parent
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {folder} does not exist", param_hint="--output")
    # A file made and removed there: the one test that a read-only file
    # system, a folder of another user and a pseudo file system all fail.
    probe = _temporary_name(Path(output))
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or exc
        raise click.BadParameter(
            f"cannot write in the folder {folder}: {reason}", param_hint="--output"
        ) from None


def _temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def write_output(output: str, text: str) -> None:
    """Write ``text`` to ``output`` whole or not at all: to a temporary name in
    the same folder, renamed over ``output`` once complete, so a full disk or
    a stop never leaves a partial file (nor spoils the file there before).
    Raises :class:`OutputUnusable` with one line when it cannot be written."""
    target = Path(output)
    temporary = _temporary_name(target)
    try:
        # 0o666 less the umask: the mode a plain open() would give.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with open(descriptor, "w", encoding="utf-8", closefd=True) as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputUnusable(f"cannot write {output}: {exc.strerror or exc}") from None


EXIT_BROKEN_PIPE = 141
"""Stdout closed before the output was all written (``citecheck … | head``):
128 + SIGPIPE, what a shell reports for a program the closed pipe stopped."""


class Commands(click.Group):
    """The ``citecheck`` group, with the endings every command shares: a
    closed stdout ends the command quietly (exit 141) rather than with a
    traceback, and a run stopped by a signal exits at once once the report
    says so, without waiting for requests still in flight."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Only the program goes through here; CliRunner calls main() itself.
        try:
            return self.main(*args, **kwargs)
        except SystemExit as end:
            if end.code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
                # The run is marked interrupted and the files are closed:
                # threads waiting on the services have nothing left to save,
                # and joining them could take --timeout times the retries.
                for stream in (sys.stdout, sys.stderr):
                    with suppress(OSError, ValueError):
                        stream.flush()
                os._exit(end.code)
            raise


def _silence_stdout() -> None:
    """Point stdout at the null device, so that what Python still holds for
    it is not flushed into the closed pipe at exit (another traceback)."""
    with suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def resolver_from(
    settings: ServiceSettings, options: Mapping[str, Any], cache: CacheStore | None
) -> Resolver:
    """The resolver of a command, from its service options. Runs that share
    a cache share its rate ledger too (``<cache>.ratelimit``), so that
    parallel runs keep to the services' limits together."""
    return Resolver(
        settings,
        cache=cache,
        offline=options["offline"],
        refresh=options["refresh"],
        retry=RetryPolicy(attempts=options["retries"] + 1),
        dtd_dir=dtd_dir(dict(options)),
        budget=SharedBudget.beside(cache.path) if cache is not None else None,
    )
