"""Plain-data forms of the domain types, for JSON output and reports."""

from __future__ import annotations

from typing import Any

from citecheck.models import (
    Citation,
    Claims,
    Document,
    Entry,
    Finding,
    Identifier,
    IdentifierProblem,
    Location,
    ReadError,
)


def location(loc: Location | None) -> dict[str, int] | None:
    return None if loc is None else {"line": loc.line, "column": loc.column}


def identifier(ident: Identifier) -> dict[str, Any]:
    return {
        "type": ident.type.value,
        "value": ident.value,
        "raw": ident.raw,
        "location": location(ident.location),
    }


def problem(item: IdentifierProblem) -> dict[str, Any]:
    return {
        "type": item.type.value,
        "raw": item.raw,
        "reason": item.reason,
        "location": location(item.location),
    }


def claims(item: Claims) -> dict[str, Any]:
    return {
        "authors": [
            {"family": a.family, "given": a.given, "organisation": a.is_organisation}
            for a in item.authors
        ],
        "et_al": item.et_al,
        "year": item.year,
        "title": item.title,
        "title_kind": item.title_kind.value,
        "journal": item.journal,
        "volume": item.volume,
        "issue": item.issue,
        "pages": item.pages,
        "site": item.site,
    }


def entry(item: Entry) -> dict[str, Any]:
    return {
        "label": item.label,
        "number": item.number,
        "role": item.role.value,
        "location": location(item.location),
        "end_line": item.end_line,
        "raw": item.raw,
        "url": item.url,
        "aliases": list(item.aliases),
        "identifiers": [identifier(i) for i in item.identifiers],
        "claims": claims(item.claims),
    }


def citation(item: Citation) -> dict[str, Any]:
    return {
        "marker": item.marker,
        "style": item.style.value,
        "location": location(item.location),
        "labels": list(item.labels),
        "author_years": [
            {"surname": p.surname, "year": p.year, "et_al": p.et_al} for p in item.author_years
        ],
    }


def document(item: Document) -> dict[str, Any]:
    return {
        "path": item.path,
        "format": item.format.value,
        "sha256": item.sha256,
        "size": item.size,
        "reference_heading": location(item.reference_heading),
        "entries": [entry(e) for e in item.entries],
        "links": [entry(e) for e in item.links],
        "citations": [citation(c) for c in item.citations],
        "text_identifiers": [identifier(i) for i in item.text_identifiers],
        "identifier_problems": [problem(p) for p in item.identifier_problems],
    }


def finding(item: Finding) -> dict[str, Any]:
    return {
        "code": item.code.value,
        "severity": item.severity.label,
        "message": item.message,
        "path": item.path,
        "location": location(item.location),
        "entry": item.entry_label,
        "evidence": dict(item.evidence),
    }


def read_error(item: ReadError) -> dict[str, str]:
    return {"path": item.path, "reason": item.reason}
