"""Helpers for the fix tests: a document read from a file of the test's
own, and verdicts carrying suggestions as the judge will make them."""

from __future__ import annotations

from pathlib import Path

from citecheck.fixes import FixPlan, OriginalFile, plan_fixes
from citecheck.models import (
    DEFAULT_SEVERITY,
    Document,
    Entry,
    FindingCode,
    Identifier,
    IdType,
    Record,
    Service,
    Suggestion,
    Verdict,
)
from citecheck.parsing import read_document
from citecheck.results import DocumentAudit


def doi(value: str) -> Identifier:
    return Identifier(IdType.DOI, value)


def pmid(value: str) -> Identifier:
    return Identifier(IdType.PMID, value)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file of the test's own, its bytes exactly as given (a str is UTF-8,
    its line endings as written)."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def entry_with(audit_path: Path, text: str) -> Entry:
    """The entry of the document at ``audit_path`` whose raw text holds ``text``."""
    document = read_document(audit_path)
    matching = [e for e in document.entries if text in e.raw]
    assert len(matching) == 1, [e.raw for e in document.entries]
    return matching[0]


def suggesting(
    entry: Entry,
    identifier: Identifier,
    *,
    replaces: Identifier | None = None,
    confidence: float = 0.97,
    code: FindingCode | None = None,
    typo: str = "",
) -> Verdict:
    """The verdict on ``entry`` that suggests ``identifier`` (in place of
    ``replaces``, when given), as the judge gives it."""
    if code is None:
        code = FindingCode.WRONG_WORK if replaces is not None else FindingCode.VERIFIED_BY_SEARCH
    record = Record(Service.CROSSREF, doi=identifier.value, title="The right work")
    return Verdict(
        code=code,
        severity=DEFAULT_SEVERITY[code],
        message="",
        entry_label=entry.label,
        location=entry.location,
        identifier=replaces,
        suggestion=Suggestion(
            identifier=identifier,
            record=record,
            replaces=replaces,
            evidence=(f"{identifier} is 'The right work', the work the entry describes",),
            confidence=confidence,
            typo=typo,
        ),
    )


def plan_for(
    path: Path, *verdicts: Verdict, min_confidence: float = 0.9, document: Document | None = None
) -> FixPlan:
    """The plan for the file at ``path`` with ``verdicts``, on ``document``
    (by default, the document read from the file now)."""
    document = document or read_document(path)
    audit = DocumentAudit(document, (), verdicts)
    return plan_fixes(audit, OriginalFile.read(path), min_confidence=min_confidence)


def fixed(path: Path, *verdicts: Verdict, min_confidence: float = 0.9) -> str:
    """The file's text once the plan's changes are made (line endings as in the file)."""
    return plan_for(path, *verdicts, min_confidence=min_confidence).fixed_bytes.decode("utf-8")
