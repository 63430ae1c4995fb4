"""The audit pipeline: read documents, check them, decide whether the run fails.

This issue's pipeline needs no network: every document is read and checked
on its own. Resolving identifiers against Crossref and PubMed plugs in
between reading and judging.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from citecheck.checks import check_document
from citecheck.errors import InputError
from citecheck.models import Document, Finding, FindingCode, Format, ReadError, Severity
from citecheck.parsing import DEFAULT_MAX_BYTES, read_document
from citecheck.parsing.loading import EXTENSIONS

logger = logging.getLogger(__name__)

# Files a folder walk picks up: the known document extensions and .xml.
DOCUMENT_SUFFIXES = frozenset({*EXTENSIONS, ".xml"})


@dataclass(frozen=True, slots=True)
class DocumentAudit:
    """One document and what the checks found in it."""

    document: Document
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class FailPolicy:
    """What fails a run: findings at or above a severity, or with given codes."""

    threshold: Severity | None = Severity.ERROR
    codes: frozenset[FindingCode] = frozenset()

    @classmethod
    def parse(cls, text: str) -> FailPolicy:
        """Read ``error``, ``warning``, ``info``, ``never``, finding codes, or a
        comma-separated mix (``warning,dangling-citation``); raises ValueError."""
        threshold: Severity | None = None
        codes: set[FindingCode] = set()
        for word in (w.strip().lower() for w in text.split(",")):
            if not word:
                continue
            if word in ("never", "none"):
                continue
            try:
                severity = Severity.parse(word)
            except ValueError:
                try:
                    codes.add(FindingCode(word))
                except ValueError:
                    raise ValueError(
                        f"unknown severity or finding code {word!r} "
                        f"(severities: error, warning, info, never; codes: "
                        f"{', '.join(c.value for c in FindingCode)})"
                    ) from None
                continue
            if threshold is None or severity.value < threshold.value:
                threshold = severity
        return cls(threshold=threshold, codes=frozenset(codes))

    def fails(self, finding: Finding) -> bool:
        if finding.code in self.codes:
            return True
        return self.threshold is not None and finding.severity.value >= self.threshold.value


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Every document audited and every file that could not be read."""

    audits: tuple[DocumentAudit, ...]
    errors: tuple[ReadError, ...]

    @property
    def findings(self) -> list[Finding]:
        return [f for audit in self.audits for f in audit.findings]

    def failing(self, policy: FailPolicy) -> list[Finding]:
        return [f for f in self.findings if policy.fails(f)]


def collect_paths(paths: Iterable[str | Path]) -> Iterator[str]:
    """Files to read: each file as given, each folder walked for document
    files in name order (symbolic links to folders are not followed)."""
    for path in paths:
        text = str(path)
        if os.path.isdir(text):
            for root, dirs, files in os.walk(text):
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                        yield os.path.join(root, name)
        else:
            yield text


def read_documents(
    paths: Iterable[str | Path], *, fmt: Format | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | ReadError]:
    """Each document read from ``paths``, or a ReadError for a file that
    cannot be read; one bad file never stops the others."""
    for path in collect_paths(paths):
        try:
            yield read_document(path, fmt=fmt, max_bytes=max_bytes)
        except InputError as exc:
            logger.info("skipping %s: %s", exc.path, exc.reason)
            yield ReadError(path=exc.path, reason=exc.reason)


def audit_offline(
    paths: Iterable[str | Path], *, fmt: Format | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> AuditResult:
    """Read and check every document of ``paths`` without the network."""
    audits: list[DocumentAudit] = []
    errors: list[ReadError] = []
    for item in read_documents(paths, fmt=fmt, max_bytes=max_bytes):
        if isinstance(item, ReadError):
            errors.append(item)
        else:
            audits.append(DocumentAudit(item, tuple(check_document(item))))
    return AuditResult(tuple(audits), tuple(errors))
