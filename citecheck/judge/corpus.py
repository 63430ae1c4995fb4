"""Findings that span documents: one identifier cited with different claims
on different pages (a mistyped or invented DOI copied from page to page)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from citecheck.describe import claims_text
from citecheck.judge.checks import claim_differences
from citecheck.models import (
    DEFAULT_SEVERITY,
    Claims,
    Document,
    Entry,
    Finding,
    FindingCode,
    Identifier,
)


@dataclass(frozen=True, slots=True)
class _FirstCited:
    """Where an identifier was first cited with claims: no more than the
    finding needs, since one is kept per identifier of the corpus."""

    path: str
    line: int
    claims: Claims
    order: int


class CorpusClaims:
    """The first claims met for each identifier, documents added one at a
    time in reading order; a later document citing the identifier with
    different claims makes a finding (one per identifier). Holds one entry
    per identifier, never a whole document."""

    def __init__(self) -> None:
        self._first: dict[str, _FirstCited] = {}
        self._found: dict[str, Finding] = {}

    def add(self, document: Document) -> None:
        seen: set[str] = set()
        for entry in (*document.entries, *document.links):
            if entry.claims.is_empty:
                continue
            for identifier in entry.identifiers:
                key = identifier.key
                if key in seen:
                    continue
                seen.add(key)
                first = self._first.get(key)
                if first is None:
                    self._first[key] = _FirstCited(
                        document.path,
                        entry.location.line,
                        slim_claims(entry.claims),
                        len(self._first),
                    )
                elif key not in self._found and first.path != document.path:
                    finding = _conflict(first, document.path, entry, identifier)
                    if finding is not None:
                        self._found[key] = finding

    def findings(self) -> list[Finding]:
        """The findings so far, in the order their identifiers were first met."""
        ordered = sorted(self._found, key=lambda key: self._first[key].order)
        return [self._found[key] for key in ordered]


def conflicting_claims_across(documents: Iterable[Document]) -> list[Finding]:
    """One finding per identifier whose claims differ between two documents
    (differences within one document are that document's own finding)."""
    claims = CorpusClaims()
    for document in documents:
        claims.add(document)
    return claims.findings()


def _conflict(
    first: _FirstCited, path: str, other: Entry, identifier: Identifier
) -> Finding | None:
    differences = claim_differences(first.claims, other.claims)
    if not differences:
        return None
    return Finding(
        code=FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS,
        severity=DEFAULT_SEVERITY[FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS],
        message=(
            f"{identifier.type.value.upper()} {identifier.value} is cited with different "
            f"{' and '.join(differences)}: {first.path}:{first.line} "
            f"{claims_text(first.claims)} — {path}:{other.location.line} "
            f"{claims_text(other.claims)}"
        ),
        path=path,
        location=other.location,
        entry_label=other.label,
        evidence=(
            ("identifier", str(identifier)),
            ("differs", ",".join(differences)),
            ("first_path", first.path),
            ("first_line", str(first.line)),
        ),
    )


def slim_claims(claims: Claims) -> Claims:
    """The part of ``claims`` a finding compares and quotes (first author,
    year, title, and whether there are more authors), so that a corpus of
    many identifiers does not keep every entry's journal, pages and authors."""
    authors = claims.authors
    et_al = claims.et_al
    if len(authors) > 2 or (len(authors) == 2 and et_al):
        authors, et_al = authors[:1], True
    return Claims(authors=authors, et_al=et_al, year=claims.year, title=claims.title)
