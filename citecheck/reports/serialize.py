"""Plain-data forms of the domain types, for JSON output and reports."""

from __future__ import annotations

from typing import Any

from citecheck.models import (
    ArticleIdentity,
    Citation,
    Claims,
    Document,
    Entry,
    Finding,
    Identifier,
    IdentifierProblem,
    Location,
    Lookup,
    ReadError,
    Record,
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
        "reference_list_found_by": item.reference_list_found_by,
        "entries": [entry(e) for e in item.entries],
        "links": [entry(e) for e in item.links],
        "citations": [citation(c) for c in item.citations],
        "text_identifiers": [identifier(i) for i in item.text_identifiers],
        "identifier_problems": [problem(p) for p in item.identifier_problems],
        "identity": identity(item.identity),
    }


def identity(item: ArticleIdentity) -> dict[str, Any]:
    """What the document says about itself (its content words left out)."""
    return {
        "doi": item.doi,
        "title": item.title,
        "title_abridged": item.title_abridged,
        "authors": [{"family": a.family, "given": a.given} for a in item.authors],
        "journal": item.journal,
        "volume": item.volume,
        "issue": item.issue,
        "year": item.year,
        "found_by": list(item.found_by),
        "keywords": list(item.keywords),
        "named_citations": [{"surname": s, "number": n} for s, n in item.named_citations],
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


def record(item: Record) -> dict[str, Any]:
    return {
        "service": item.service.value,
        "doi": item.doi,
        "pmid": item.pmid,
        "pmcid": item.pmcid,
        "title": item.title,
        "subtitle": item.subtitle,
        "authors": [
            {
                "family": a.family,
                "given": a.given,
                "organisation": a.is_organisation,
                "orcid": a.orcid or None,
            }
            for a in item.authors
        ],
        "issued_year": item.issued_year,
        "print_year": item.print_year,
        "online_year": item.online_year,
        "journal": item.journal,
        "journal_abbreviations": list(item.journal_abbreviations),
        "volume": item.volume,
        "issue": item.issue,
        "pages": item.pages,
        "article_number": item.article_number,
        "type": item.type.value,
        "type_label": item.type_label,
        "notices": [
            {
                "kind": n.kind.value,
                "source": n.source,
                "doi": n.doi,
                "pmid": n.pmid,
                "year": n.year,
                "label": n.label,
            }
            for n in item.notices
        ],
        # How long the deposited reference list is; its entries are shown
        # where they are used (a recovered list's finding), not with every record.
        "deposited_references": item.deposit.count if item.deposit is not None else None,
    }


def lookup(item: Lookup) -> dict[str, Any]:
    return {
        "identifier": identifier(item.identifier),
        "status": item.status.value,
        "service": item.service.value,
        "agency": item.agency,
        "reason": item.reason,
        "fetched_at": item.fetched_at,
        "from_cache": item.from_cache,
        "record": record(item.record) if item.record is not None else None,
    }
