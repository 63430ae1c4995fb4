"""Findings that span documents: one identifier cited with different claims
on different pages (a mistyped or invented DOI copied from page to page)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from citecheck.checks import claim_differences
from citecheck.describe import claims_text
from citecheck.models import DEFAULT_SEVERITY, Document, Entry, Finding, FindingCode


def conflicting_claims_across(documents: Iterable[Document]) -> list[Finding]:
    """One finding per identifier whose claims differ between two documents
    (differences within one document are that document's own finding)."""
    holders: dict[str, list[tuple[Document, Entry]]] = defaultdict(list)
    for document in documents:
        seen: set[str] = set()
        for entry in (*document.entries, *document.links):
            if entry.claims.is_empty:
                continue
            for identifier in entry.identifiers:
                if identifier.key not in seen:
                    seen.add(identifier.key)
                    holders[identifier.key].append((document, entry))
    findings: list[Finding] = []
    for cited in holders.values():
        if len({document.path for document, _ in cited}) < 2:
            continue
        first_doc, first = cited[0]
        for other_doc, other in cited[1:]:
            if other_doc.path == first_doc.path:
                continue
            differences = claim_differences(first.claims, other.claims)
            if not differences:
                continue
            identifier = next(
                i for i in other.identifiers if i.key in {j.key for j in first.identifiers}
            )
            findings.append(
                Finding(
                    code=FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS,
                    severity=DEFAULT_SEVERITY[FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS],
                    message=(
                        f"{identifier.type.value.upper()} {identifier.value} is cited with different "
                        f"{' and '.join(differences)}: {first_doc.path}:{first.location.line} "
                        f"{claims_text(first.claims)} — {other_doc.path}:{other.location.line} "
                        f"{claims_text(other.claims)}"
                    ),
                    path=other_doc.path,
                    location=other.location,
                    entry_label=other.label,
                    evidence=(
                        ("identifier", str(identifier)),
                        ("differs", ",".join(differences)),
                        ("first_path", first_doc.path),
                        ("first_line", str(first.location.line)),
                    ),
                )
            )
            break  # one finding per identifier; the report lists the first pair
    return findings
