"""Rows of the SQLite report, and the domain values they are read back into.

Each ``*_columns`` function turns one value into the columns of its row
(JSON text for lists and objects); each ``*_from_row`` function reads such
a row back and raises ValueError when a value is not what the writer puts
there. Records go through the cache's codec (:mod:`citecheck.cache.codec`),
so both files hold records in one format.

Identifiers are stored as ``"type:value"`` text, the form people query; the
text they were read from and where it was (``raw`` and ``location``, which
identifier equality ignores) go in a ``*_sources`` column beside them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any, TypeVar

from citecheck.cache.codec import record_from_dict, record_to_dict
from citecheck.models import (
    Author,
    AuthorYear,
    Citation,
    CitationStyle,
    Claims,
    Document,
    Entry,
    EntryRole,
    Finding,
    FindingCode,
    Format,
    Identifier,
    IdentifierProblem,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Record,
    Service,
    Severity,
    Suggestion,
    TitleKind,
    Verdict,
)

_E = TypeVar(
    "_E", CitationStyle, EntryRole, FindingCode, Format, IdType, LookupStatus, Service, TitleKind
)

Row = dict[str, Any]


def to_json(value: Any) -> str:
    """Return ``value`` as compact JSON text (non-ASCII kept as is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def from_json(text: Any, where: str) -> Any:
    """Return the value of the JSON ``text``; raises ValueError for bad JSON."""
    if not isinstance(text, str):
        raise ValueError(f"{where}: expected JSON text, got {text!r}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: {exc}") from None


# Identifiers


def identifier_text(identifier: Identifier) -> str:
    """``doi:10.1000/x``: the identifier's type and value, case kept."""
    return f"{identifier.type.value}:{identifier.value}"


def parse_identifier(text: Any, where: str = "identifier") -> Identifier:
    """Return the identifier written as ``type:value``; raises ValueError."""
    if not isinstance(text, str) or ":" not in text:
        raise ValueError(f"{where}: expected 'type:value', got {text!r}")
    kind, _, value = text.partition(":")
    return Identifier(_enum(IdType, kind, where), value)


def identifiers_columns(identifiers: Sequence[Identifier]) -> tuple[str, str]:
    """The ``identifiers`` and ``identifier_sources`` JSON of ``identifiers``."""
    texts = [identifier_text(i) for i in identifiers]
    sources = [{"raw": i.raw, **_location_json(i.location)} for i in identifiers]
    return to_json(texts), to_json(sources)


def identifiers_from_columns(texts: Any, sources: Any, where: str) -> tuple[Identifier, ...]:
    """Read back what :func:`identifiers_columns` wrote."""
    names = _json_list(texts, f"{where}.identifiers")
    spans = _json_list(sources, f"{where}.identifier_sources") if sources is not None else []
    if spans and len(spans) != len(names):
        raise ValueError(f"{where}: {len(names)} identifiers but {len(spans)} sources")
    found: list[Identifier] = []
    for index, name in enumerate(names):
        bare = parse_identifier(name, f"{where}.identifiers[{index}]")
        raw, location = "", None
        if spans:
            span = _object(spans[index], f"{where}.identifier_sources[{index}]")
            raw = _str_value(span.get("raw", ""), f"{where}.identifier_sources.raw")
            location = _location_from(span, f"{where}.identifier_sources")
        found.append(Identifier(bare.type, bare.value, raw=raw, location=location))
    return tuple(found)


# Documents


def document_columns(document: Document) -> Row:
    """The ``documents`` columns of a document that was read."""
    texts, sources = identifiers_columns(document.text_identifiers)
    heading = document.reference_heading
    return {
        "path": document.path,
        "sha256": document.sha256,
        "format": document.format.value,
        "size": document.size,
        "entries": len(document.entries),
        "links": len(document.links),
        "citations": len(document.citations),
        "reference_heading_line": heading.line if heading else None,
        "reference_heading_column": heading.column if heading else None,
        "text_identifiers": texts,
        "text_identifier_sources": sources,
        "identifier_problems": to_json(
            [
                {"type": p.type.value, "raw": p.raw, "reason": p.reason}
                | _location_json(p.location)
                for p in document.identifier_problems
            ]
        ),
    }


def document_from_row(
    row: Row,
    *,
    entries: tuple[Entry, ...],
    links: tuple[Entry, ...],
    citations: tuple[Citation, ...],
) -> Document:
    """The document of a ``documents`` row, with its entries, links and citations."""
    where = f"documents[{row['id']}]"
    heading = None
    if row["reference_heading_line"] is not None:
        heading = Location(
            _int(row["reference_heading_line"], where),
            _int(row["reference_heading_column"], where),
        )
    problems = []
    for item in _json_list(row["identifier_problems"], f"{where}.identifier_problems"):
        obj = _object(item, f"{where}.identifier_problems")
        problems.append(
            IdentifierProblem(
                type=_enum(IdType, obj.get("type"), f"{where}.identifier_problems.type"),
                raw=_str_value(obj.get("raw"), f"{where}.identifier_problems.raw"),
                reason=_str_value(obj.get("reason"), f"{where}.identifier_problems.reason"),
                location=_location_from(obj, f"{where}.identifier_problems"),
            )
        )
    return Document(
        path=_str_value(row["path"], f"{where}.path"),
        format=_enum(Format, row["format"], f"{where}.format"),
        sha256=_str_value(row["sha256"], f"{where}.sha256"),
        size=_int(row["size"], f"{where}.size"),
        entries=entries,
        links=links,
        citations=citations,
        text_identifiers=identifiers_from_columns(
            row["text_identifiers"], row["text_identifier_sources"], where
        ),
        identifier_problems=tuple(problems),
        reference_heading=heading,
    )


# Entries and their verdicts


def entry_columns(entry: Entry) -> Row:
    """The ``references`` columns of one entry or link, verdict aside."""
    claims = entry.claims
    identifiers, sources = identifiers_columns(entry.identifiers)
    return {
        "label": entry.label,
        "number": entry.number,
        "role": entry.role.value,
        "line": entry.location.line,
        "column": entry.location.column,
        "end_line": entry.end_line,
        "raw": entry.raw,
        "aliases": to_json(list(entry.aliases)),
        "claimed_authors": to_json([_author_json(a) for a in claims.authors]),
        "claimed_et_al": int(claims.et_al),
        "claimed_year": claims.year,
        "claimed_title": claims.title,
        "claimed_title_kind": claims.title_kind.value,
        "claimed_journal": claims.journal,
        "claimed_volume": claims.volume,
        "claimed_issue": claims.issue,
        "claimed_pages": claims.pages,
        "claimed_site": claims.site,
        "identifiers": identifiers,
        "identifier_sources": sources,
        "url": entry.url,
    }


def entry_from_row(row: Row) -> Entry:
    """The entry of a ``references`` row."""
    where = f"references[{row['id']}]"
    authors = tuple(
        _author_from(item, f"{where}.claimed_authors")
        for item in _json_list(row["claimed_authors"], f"{where}.claimed_authors")
    )
    claims = Claims(
        authors=authors,
        et_al=bool(_int(row["claimed_et_al"], f"{where}.claimed_et_al")),
        year=_opt_int(row["claimed_year"], f"{where}.claimed_year"),
        title=_opt_str(row["claimed_title"], f"{where}.claimed_title"),
        title_kind=_enum(TitleKind, row["claimed_title_kind"], f"{where}.claimed_title_kind"),
        journal=_opt_str(row["claimed_journal"], f"{where}.claimed_journal"),
        volume=_opt_str(row["claimed_volume"], f"{where}.claimed_volume"),
        issue=_opt_str(row["claimed_issue"], f"{where}.claimed_issue"),
        pages=_opt_str(row["claimed_pages"], f"{where}.claimed_pages"),
        site=_opt_str(row["claimed_site"], f"{where}.claimed_site"),
    )
    aliases = _json_list(row["aliases"], f"{where}.aliases")
    return Entry(
        label=_str_value(row["label"], f"{where}.label"),
        raw=_str_value(row["raw"], f"{where}.raw"),
        location=Location(_int(row["line"], f"{where}.line"), _int(row["column"], where)),
        role=_enum(EntryRole, row["role"], f"{where}.role"),
        number=_opt_int(row["number"], f"{where}.number"),
        end_line=_opt_int(row["end_line"], f"{where}.end_line"),
        identifiers=identifiers_from_columns(row["identifiers"], row["identifier_sources"], where),
        claims=claims,
        url=_opt_str(row["url"], f"{where}.url"),
        aliases=tuple(_str_value(a, f"{where}.aliases") for a in aliases),
    )


def verdict_columns(verdict: Verdict) -> Row:
    """The ``verdict*`` columns of a ``references`` row; the record is the
    caller's business (a ``records`` row, or ``verdict_record``)."""
    return {
        "verdict": verdict.code.value,
        "verdict_severity": verdict.severity.label,
        "verdict_message": verdict.message,
        "verdict_line": verdict.location.line,
        "verdict_column": verdict.location.column,
        "verdict_identifier": (
            identifier_text(verdict.identifier) if verdict.identifier is not None else None
        ),
        "verdict_claimed": verdict.claimed,
        "verdict_recorded": verdict.recorded,
        "verdict_scores": to_json(_scores_json(verdict.scores)),
        "verdict_notes": to_json(list(verdict.notes)),
        "verdict_reason": verdict.reason,
        "verdict_evidence": to_json(list(verdict.evidence)),
        **_suggestion_columns(verdict.suggestion),
    }


def _suggestion_columns(suggestion: Suggestion | None) -> Row:
    if suggestion is None:
        return {
            "suggestion": None,
            "suggestion_replaces": None,
            "suggestion_confidence": None,
            "suggestion_evidence": None,
            "suggestion_typo": None,
        }
    replaces = suggestion.replaces
    return {
        "suggestion": identifier_text(suggestion.identifier),
        "suggestion_replaces": identifier_text(replaces) if replaces is not None else None,
        "suggestion_confidence": round(suggestion.confidence, 4),
        "suggestion_evidence": to_json(list(suggestion.evidence)),
        "suggestion_typo": suggestion.typo or None,
    }


def _suggestion_from(row: Row, where: str) -> Suggestion | None:
    # Reports written before layout 5 have no suggestion columns.
    if row.get("suggestion") is None:
        return None
    replaces = row.get("suggestion_replaces")
    confidence = row.get("suggestion_confidence")
    evidence = _json_list(row.get("suggestion_evidence") or "[]", f"{where}.suggestion_evidence")
    return Suggestion(
        identifier=parse_identifier(row["suggestion"], f"{where}.suggestion"),
        replaces=(
            parse_identifier(replaces, f"{where}.suggestion_replaces")
            if replaces is not None
            else None
        ),
        evidence=tuple(_str_value(e, f"{where}.suggestion_evidence") for e in evidence),
        confidence=float(confidence) if isinstance(confidence, int | float) else 0.0,
        typo=_opt_str(row.get("suggestion_typo"), f"{where}.suggestion_typo") or "",
    )


def verdict_from_row(row: Row, entry: Entry, record: Record | None) -> Verdict | None:
    """The verdict stored on ``entry``'s row, or None for a row without one.
    The identifier judged gets back its raw text and place from the entry."""
    if row["verdict"] is None:
        return None
    where = f"references[{row['id']}]"
    identifier = None
    if row["verdict_identifier"] is not None:
        bare = parse_identifier(row["verdict_identifier"], f"{where}.verdict_identifier")
        identifier = next((i for i in entry.identifiers if i == bare), bare)
    notes = _json_list(row["verdict_notes"], f"{where}.verdict_notes")
    # Reports written before layout 3 have no evidence column.
    evidence = _json_list(row.get("verdict_evidence") or "[]", f"{where}.verdict_evidence")
    return Verdict(
        code=_enum(FindingCode, row["verdict"], f"{where}.verdict"),
        severity=_severity(row["verdict_severity"], f"{where}.verdict_severity"),
        message=_str_value(row["verdict_message"], f"{where}.verdict_message"),
        entry_label=entry.label,
        location=Location(
            _int(row["verdict_line"], f"{where}.verdict_line"),
            _int(row["verdict_column"], f"{where}.verdict_column"),
        ),
        identifier=identifier,
        record=record,
        claimed=_str_value(row["verdict_claimed"], f"{where}.verdict_claimed"),
        recorded=_str_value(row["verdict_recorded"], f"{where}.verdict_recorded"),
        scores=_scores_from(row["verdict_scores"], f"{where}.verdict_scores"),
        notes=tuple(_str_value(n, f"{where}.verdict_notes") for n in notes),
        reason=_opt_str(row["verdict_reason"], f"{where}.verdict_reason"),
        evidence=tuple(_str_value(e, f"{where}.verdict_evidence") for e in evidence),
        suggestion=_suggestion_from(row, where),
    )


# Citations


def citation_columns(citation: Citation) -> Row:
    """The ``citations`` columns of one in-text citation."""
    return {
        "marker": citation.marker,
        "style": citation.style.value,
        "line": citation.location.line,
        "column": citation.location.column,
        "labels": to_json(list(citation.labels)),
        "author_years": to_json(
            [
                {
                    "surname": p.surname,
                    "year": p.year,
                    "et_al": p.et_al,
                    "second_surname": p.second_surname,
                }
                for p in citation.author_years
            ]
        ),
    }


def citation_from_row(row: Row) -> Citation:
    """The citation of a ``citations`` row."""
    where = f"citations[{row['id']}]"
    pointers = []
    for item in _json_list(row["author_years"], f"{where}.author_years"):
        obj = _object(item, f"{where}.author_years")
        pointers.append(
            AuthorYear(
                surname=_str_value(obj.get("surname"), f"{where}.author_years.surname"),
                year=_str_value(obj.get("year"), f"{where}.author_years.year"),
                et_al=_bool(obj.get("et_al", False), f"{where}.author_years.et_al"),
                second_surname=_opt_str(obj.get("second_surname"), f"{where}.author_years"),
            )
        )
    labels = _json_list(row["labels"], f"{where}.labels")
    return Citation(
        marker=_str_value(row["marker"], f"{where}.marker"),
        location=Location(_int(row["line"], f"{where}.line"), _int(row["column"], where)),
        style=_enum(CitationStyle, row["style"], f"{where}.style"),
        labels=tuple(_str_value(label, f"{where}.labels") for label in labels),
        author_years=tuple(pointers),
    )


# Findings


def finding_columns(finding: Finding) -> Row:
    """The ``findings`` columns of one finding, links to other rows aside."""
    location = finding.location
    return {
        "code": finding.code.value,
        "severity": finding.severity.label,
        "message": finding.message,
        "claimed": finding.claimed,
        "recorded": finding.recorded,
        "scores": to_json(_scores_json(finding.scores)),
        # An object, as people query it (json_extract(evidence, '$.label'));
        # of two facts with one name, the last is kept.
        "evidence": to_json(dict(finding.evidence)),
        "path": finding.path,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "entry_label": finding.entry_label,
    }


def finding_from_row(row: Row) -> Finding:
    """The finding of a ``findings`` row."""
    where = f"findings[{row['id']}]"
    location = None
    if row["line"] is not None:
        location = Location(_int(row["line"], f"{where}.line"), _int(row["column"], where))
    evidence = _object(from_json(row["evidence"], f"{where}.evidence"), f"{where}.evidence")
    return Finding(
        code=_enum(FindingCode, row["code"], f"{where}.code"),
        severity=_severity(row["severity"], f"{where}.severity"),
        message=_str_value(row["message"], f"{where}.message"),
        path=_str_value(row["path"], f"{where}.path"),
        location=location,
        entry_label=_opt_str(row["entry_label"], f"{where}.entry_label"),
        evidence=tuple((k, _str_value(v, f"{where}.evidence")) for k, v in evidence.items()),
        claimed=_str_value(row["claimed"], f"{where}.claimed"),
        recorded=_str_value(row["recorded"], f"{where}.recorded"),
        scores=_scores_from(row["scores"], f"{where}.scores"),
    )


# Lookups and records


def record_json(record: Record) -> str:
    """The record as the cache's JSON; equal records give equal text."""
    return to_json(record_to_dict(record))


def lookup_columns(lookup: Lookup) -> Row:
    """The ``records`` columns of one lookup: how it ended, and for FOUND
    the record, with its most queried fields in columns of their own."""
    record = lookup.record
    first = record.authors[0] if record is not None and record.authors else None
    return {
        "identifier": identifier_text(lookup.identifier),
        "id_key": lookup.identifier.key,
        "id_type": lookup.identifier.type.value,
        "id_value": lookup.identifier.value,
        "service": lookup.service.value,
        "status": lookup.status.value,
        "agency": lookup.agency,
        "reason": lookup.reason,
        "fetched_at": lookup.fetched_at,
        "from_cache": int(lookup.from_cache),
        "record": record_json(record) if record is not None else None,
        "title": record.title if record else None,
        "first_author": first.family if first else None,
        "year": record.issued_year if record else None,
        "journal": record.journal if record else None,
        "doi": record.doi if record else None,
        "pmid": record.pmid if record else None,
        "pmcid": record.pmcid if record else None,
    }


def record_from_row(row: Row, column: str = "record") -> Record | None:
    """The record held in ``column`` of a row (JSON), or None."""
    text = row[column]
    if text is None:
        return None
    return record_from_dict(from_json(text, f"row {row['id']}.{column}"))


def lookup_from_row(row: Row, identifier: Identifier | None = None) -> Lookup:
    """The lookup of a ``records`` row. ``identifier`` (the citing document's
    own, with its raw text and place) replaces the row's when given."""
    where = f"records[{row['id']}]"
    stored = parse_identifier(row["identifier"], f"{where}.identifier")
    fetched_at = row["fetched_at"]
    if fetched_at is not None and not isinstance(fetched_at, int | float):
        raise ValueError(f"{where}.fetched_at: expected a number, got {fetched_at!r}")
    return Lookup(
        identifier=identifier if identifier is not None else stored,
        status=_enum(LookupStatus, row["status"], f"{where}.status"),
        service=_enum(Service, row["service"], f"{where}.service"),
        record=record_from_row(row),
        agency=_opt_str(row["agency"], f"{where}.agency"),
        reason=_opt_str(row["reason"], f"{where}.reason"),
        fetched_at=None if fetched_at is None else float(fetched_at),
        from_cache=bool(_int(row["from_cache"], f"{where}.from_cache")),
    )


# Small readers; ``where`` names the place for the error message.


def _author_json(author: Author) -> dict[str, Any]:
    item: dict[str, Any] = {
        "family": author.family,
        "given": author.given,
        "organisation": author.is_organisation,
    }
    if author.orcid:  # articles rarely give one: kept only when there is one
        item["orcid"] = author.orcid
    return item


def _author_from(item: Any, where: str) -> Author:
    obj = _object(item, where)
    return Author(
        family=_str_value(obj.get("family"), f"{where}.family"),
        given=_str_value(obj.get("given", ""), f"{where}.given"),
        is_organisation=_bool(obj.get("organisation", False), f"{where}.organisation"),
        orcid=_str_value(obj.get("orcid", ""), f"{where}.orcid"),
    )


def _scores_json(scores: Sequence[tuple[str, float]]) -> dict[str, float | None]:
    # JSON has no NaN or infinity; such a score (a bug upstream) becomes null.
    return {name: value if math.isfinite(value) else None for name, value in scores}


def _scores_from(text: Any, where: str) -> tuple[tuple[str, float], ...]:
    obj = _object(from_json(text, where), where)
    scores = []
    for name, value in obj.items():
        if value is None:
            scores.append((name, math.nan))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            scores.append((name, float(value)))
        else:
            raise ValueError(f"{where}.{name}: expected a number, got {value!r}")
    return tuple(scores)


def _location_json(location: Location | None) -> dict[str, int | None]:
    if location is None:
        return {"line": None, "column": None}
    return {"line": location.line, "column": location.column}


def _location_from(obj: dict[str, Any], where: str) -> Location | None:
    line = _opt_int(obj.get("line"), f"{where}.line")
    if line is None:
        return None
    return Location(line, _int(obj.get("column", 1), f"{where}.column"))


def _severity(value: Any, where: str) -> Severity:
    return Severity.parse(_str_value(value, where))


def _enum(cls: type[_E], value: Any, where: str) -> _E:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {value!r}")
    try:
        return cls(value)
    except ValueError:
        raise ValueError(f"{where}: unknown value {value!r}") from None


def _json_list(text: Any, where: str) -> list[Any]:
    value = from_json(text, where)
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a JSON list, got {value!r}")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, got {value!r}")
    return value


def _str_value(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {value!r}")
    return value


def _opt_str(value: Any, where: str) -> str | None:
    return None if value is None else _str_value(value, where)


def _int(value: Any, where: str) -> int:
    # bool is an int subclass, and True is no line number.
    if type(value) is not int:
        raise ValueError(f"{where}: expected an integer, got {value!r}")
    return value


def _opt_int(value: Any, where: str) -> int | None:
    return None if value is None else _int(value, where)


def _bool(value: Any, where: str) -> bool:
    if type(value) is not bool:
        raise ValueError(f"{where}: expected a boolean, got {value!r}")
    return value
