"""Identifiers met in running text, checked for existence.

An article that names a trial in its text ("the FORTRESS trial
(NCT03786094)") claims the trial exists; a number the registry answers
properly that it does not have is a finding at the place it is named
(``identifier-not-found``), and one that could not be checked says so
(``could-not-verify``, which never fails a run by itself). A number found
needs no finding: the text claims nothing else about it that could be
compared. Identifiers of other kinds in running text are not looked up.
"""

from __future__ import annotations

from collections.abc import Mapping

from citecheck.models import (
    DEFAULT_SEVERITY,
    Document,
    Finding,
    FindingCode,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Severity,
)

CHECKED_IN_TEXT: frozenset[IdType] = frozenset({IdType.NCT})
"""The kinds of identifier in running text that are looked up."""


def checked_in_text(document: Document) -> list[Identifier]:
    """The identifiers of ``document``'s running text that are looked up."""
    return [i for i in document.text_identifiers if i.type in CHECKED_IN_TEXT]


def text_identifier_findings(
    document: Document,
    lookups: Mapping[str, Lookup],
    *,
    severities: Mapping[FindingCode, Severity] = DEFAULT_SEVERITY,
) -> list[Finding]:
    """A finding for each identifier of the running text that does not
    exist or could not be checked, at the place it is named (once per
    place; an identifier never looked up gets none)."""
    findings: list[Finding] = []
    seen: set[tuple[str, object]] = set()
    for identifier in checked_in_text(document):
        lookup = lookups.get(identifier.key)
        if lookup is None or (identifier.key, identifier.location) in seen:
            continue
        seen.add((identifier.key, identifier.location))
        if lookup.status is LookupStatus.NOT_FOUND:
            code = FindingCode.IDENTIFIER_NOT_FOUND
            message = (
                f"{identifier.value}, named in the text, does not exist "
                f"({lookup.reason or 'not found'})"
            )
        elif lookup.status is LookupStatus.COULD_NOT_VERIFY:
            code = FindingCode.COULD_NOT_VERIFY
            message = (
                f"{identifier.value}, named in the text, could not be verified: "
                f"{lookup.reason or 'no answer'}"
            )
        else:
            continue
        evidence = [("identifier", str(identifier))]
        if lookup.reason:
            evidence.append(("reason", lookup.reason))
        findings.append(
            Finding(
                code=code,
                severity=severities.get(code, DEFAULT_SEVERITY[code]),
                message=message,
                path=document.path,
                location=identifier.location,
                evidence=tuple(evidence),
            )
        )
    return findings
