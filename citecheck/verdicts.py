"""One verdict per reference-list entry: its claims against the real record.

The order of precedence, worst first, when several apply: identifiers that
disagree, the wrong work, an identifier that does not exist, a retraction,
wrong details, an expression of concern, another agency's DOI, could not
verify, a correction, verified with notes, verified. An entry without a DOI,
PMID or PMCID is unverifiable.

A low title score alone never accuses a paper: a wiki's short description
differs from the real title by design, so with the authors and year right it
is a note. The wrong work needs the authors to disagree as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from citecheck.crosscheck import disagreements
from citecheck.describe import claims_text, shorten
from citecheck.matching import (
    Comparison,
    JournalRelation,
    TitleRelation,
    YearRelation,
    compare,
    normalise,
)
from citecheck.models import (
    DEFAULT_SEVERITY,
    SERVICE_OF,
    Claims,
    Entry,
    Finding,
    FindingCode,
    Identifier,
    Lookup,
    LookupStatus,
    NoticeKind,
    Record,
    Service,
    Severity,
    TitleKind,
    Verdict,
)

Severities = Mapping[FindingCode, Severity]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a comparison says, before notices and other identifiers weigh in."""

    code: FindingCode
    problems: tuple[str, ...]
    notes: tuple[str, ...]


def judge_entry(
    entry: Entry, lookups: Mapping[str, Lookup], *, severities: Severities = DEFAULT_SEVERITY
) -> Verdict:
    """The verdict on ``entry`` from the lookups of its identifiers (by key)."""
    resolvable = [i for i in entry.identifiers if i.type in SERVICE_OF]
    claimed = claims_text(entry.claims) or shorten(entry.raw, 80)
    if not resolvable:
        return _verdict(
            FindingCode.UNVERIFIABLE,
            entry,
            severities,
            f"nothing to check it by: {_unverifiable_why(entry)}",
            claimed=claimed,
        )
    outcomes = [
        (identifier, lookups.get(identifier.key) or _not_looked_up(identifier))
        for identifier in resolvable
    ]
    contradictions = disagreements(resolvable, lookups)
    if contradictions:
        first = contradictions[0]
        record = _record_of(lookups, first.source)
        return _verdict(
            FindingCode.IDENTIFIERS_DISAGREE,
            entry,
            severities,
            f"{_label(first.source)} and {_label(first.cited)} name different works: {first}",
            identifier=first.source,
            record=record,
            claimed=claimed,
            recorded=_record_text(record) if record else "",
        )
    found = [
        (i, lookup)
        for i, lookup in outcomes
        if lookup.status is LookupStatus.FOUND and lookup.record
    ]
    missing = [(i, lookup) for i, lookup in outcomes if lookup.status is LookupStatus.NOT_FOUND]
    elsewhere = [
        (i, lookup) for i, lookup in outcomes if lookup.status is LookupStatus.OTHER_AGENCY
    ]
    unverified = [
        (i, lookup) for i, lookup in outcomes if lookup.status is LookupStatus.COULD_NOT_VERIFY
    ]
    if found:
        return _judge_found(entry, found, missing, severities, claimed)
    if missing:
        identifier, lookup = missing[0]
        return _verdict(
            FindingCode.IDENTIFIER_NOT_FOUND,
            entry,
            severities,
            f"{_label(identifier)} does not exist ({lookup.reason or 'not found'}) "
            f"— the article claims {claimed}",
            identifier=identifier,
            claimed=claimed,
        )
    if elsewhere:
        identifier, lookup = elsewhere[0]
        return _verdict(
            FindingCode.REGISTERED_ELSEWHERE,
            entry,
            severities,
            f"{_label(identifier)} is registered with {lookup.agency or 'another agency'}, "
            "not Crossref: it exists, but its details were not checked",
            identifier=identifier,
            claimed=claimed,
        )
    identifier, lookup = unverified[0]
    return _verdict(
        FindingCode.COULD_NOT_VERIFY,
        entry,
        severities,
        f"{_label(identifier)} could not be verified: {lookup.reason or 'no answer'}",
        identifier=identifier,
        claimed=claimed,
        reason=lookup.reason or "no answer",
    )


def verdict_finding(verdict: Verdict, path: str) -> Finding | None:
    """The finding a verdict makes (None for a plain "verified")."""
    if verdict.code is FindingCode.VERIFIED:
        return None
    evidence: list[tuple[str, str]] = []
    if verdict.identifier is not None:
        evidence.append(("identifier", str(verdict.identifier)))
    if verdict.reason:
        evidence.append(("reason", verdict.reason))
    if verdict.notes:
        evidence.append(("notes", "; ".join(verdict.notes)))
    return Finding(
        code=verdict.code,
        severity=verdict.severity,
        message=verdict.message,
        path=path,
        location=verdict.location,
        entry_label=verdict.entry_label,
        evidence=tuple(evidence),
        claimed=verdict.claimed,
        recorded=verdict.recorded,
        scores=verdict.scores,
    )


def assess(claims: Claims, comparison: Comparison, record: Record) -> Assessment:
    """Verified, verified with notes, wrong details or the wrong work, from a
    comparison alone (notices and other identifiers aside)."""
    problems: list[str] = []
    notes: list[str] = []
    authors, year, title, journal = (
        comparison.authors,
        comparison.year,
        comparison.title,
        comparison.journal,
    )
    authors_disagree = authors is not None and authors.matched == 0 and not authors.soft
    weak_title = title is not None and title.kind is TitleKind.DESCRIPTION
    title_differs = title is not None and title.relation is TitleRelation.DIFFERENT
    year_differs = year is not None and year.relation is YearRelation.DIFFERENT

    if authors is not None:
        if authors_disagree:
            problems.append("no claimed author is an author of the record")
        elif authors.unmatched:
            problems.append(f"not authors of the record: {', '.join(authors.unmatched)}")
        elif not authors.first_author_matches:
            problems.append("the first author differs")
        elif authors.soft:
            notes.append("an author's name is spelled differently (transliteration)")
    if year is not None:
        if year.relation is YearRelation.OFF_BY_ONE:
            notes.append(f"year {year.claimed} is one off the record's {_years(year.record_years)}")
        elif year_differs:
            problems.append(f"year {year.claimed}, the record says {_years(year.record_years)}")
    if title is not None:
        if title.relation is TitleRelation.ABRIDGED:
            notes.append("title abridged")
        elif title.relation is TitleRelation.PARAPHRASED:
            notes.append("title paraphrased")
        elif title_differs and weak_title:
            notes.append("the description shares little with the title")
        elif title_differs:
            problems.append("the title differs")
    if journal is not None:
        # An abbreviation the record itself lists (ISO, NLM) is the journal's
        # own short name, as Vancouver entries write it: no note for that.
        official = {normalise(a) for a in record.journal_abbreviations}
        if (
            journal.relation is JournalRelation.ABBREVIATION
            and normalise(journal.claimed) not in official
        ):
            notes.append("journal abbreviated")
        elif journal.relation is JournalRelation.DIFFERENT:
            problems.append(f"journal {journal.claimed!r} is not the record's")
    if comparison.volume_matches is False:
        problems.append("the volume differs")
    if comparison.pages_match is False:
        problems.append("the pages differ")

    # The wrong work: none of the people match and neither does what the work
    # is about (its title, or a description that is not even a paraphrase),
    # or, with nothing about the work to go by, its year. A description that
    # differs while the authors match proves nothing: that is only a note.
    if authors_disagree and (title_differs or (title is None and year_differs)):
        return Assessment(FindingCode.WRONG_WORK, tuple(problems), tuple(notes))
    if authors is None and title_differs and not weak_title and year_differs:
        return Assessment(FindingCode.WRONG_WORK, tuple(problems), tuple(notes))
    if problems:
        return Assessment(FindingCode.METADATA_MISMATCH, tuple(problems), tuple(notes))
    if claims.is_empty:
        notes.append("the entry claims nothing to compare")
    if notes:
        return Assessment(FindingCode.VERIFIED_WITH_NOTES, (), tuple(notes))
    return Assessment(FindingCode.VERIFIED, (), ())


def _judge_found(
    entry: Entry,
    found: Sequence[tuple[Identifier, Lookup]],
    missing: Sequence[tuple[Identifier, Lookup]],
    severities: Severities,
    claimed: str,
) -> Verdict:
    ranked = []
    for identifier, lookup in found:
        assert lookup.record is not None
        comparison = compare(entry.claims, lookup.record)
        assessment = assess(entry.claims, comparison, lookup.record)
        ranked.append((_RANK[assessment.code], identifier, lookup.record, comparison, assessment))
    ranked.sort(key=lambda item: item[0])
    _, identifier, record, comparison, assessment = ranked[0]
    recorded = _record_text(record)
    scores = comparison.scores()
    side_by_side = f"{_label(identifier)} is {recorded} — the article claims {claimed}"

    if missing:
        gone, lookup = missing[0]
        return _verdict(
            FindingCode.IDENTIFIER_NOT_FOUND,
            entry,
            severities,
            f"{_label(gone)} does not exist ({lookup.reason or 'not found'}), though "
            f"{_label(identifier)} resolves: {recorded}",
            identifier=gone,
            record=record,
            claimed=claimed,
            recorded=recorded,
            scores=scores,
        )
    code = assessment.code
    notes = [*assessment.problems, *assessment.notes]
    notice = _worst_notice(record)
    if code is not FindingCode.WRONG_WORK and notice is not None:
        notice_code = _NOTICE_CODES[notice]
        if _RANK[notice_code] < _RANK[code]:
            code = notice_code
    if code is FindingCode.WRONG_WORK:
        message = f"wrong work: {side_by_side}"
    elif code in (FindingCode.RETRACTED, FindingCode.EXPRESSION_OF_CONCERN, FindingCode.CORRECTED):
        message = f"{_label(identifier)} {_NOTICE_TEXT[code]}: {recorded}" + _suffix(notes)
    elif code is FindingCode.METADATA_MISMATCH:
        message = f"{'; '.join(assessment.problems)}: {side_by_side}"
    elif code is FindingCode.VERIFIED_WITH_NOTES:
        message = (
            f"{_label(identifier)} is the cited work ({'; '.join(assessment.notes)}): {recorded}"
        )
    else:
        message = f"{_label(identifier)} is the cited work: {recorded}"
    return _verdict(
        code,
        entry,
        severities,
        message,
        identifier=identifier,
        record=record,
        claimed=claimed,
        recorded=recorded,
        scores=scores,
        notes=tuple(notes),
    )


_RANK: dict[FindingCode, int] = {
    code: rank
    for rank, code in enumerate(
        (
            FindingCode.IDENTIFIERS_DISAGREE,
            FindingCode.WRONG_WORK,
            FindingCode.IDENTIFIER_NOT_FOUND,
            FindingCode.RETRACTED,
            FindingCode.METADATA_MISMATCH,
            FindingCode.EXPRESSION_OF_CONCERN,
            FindingCode.REGISTERED_ELSEWHERE,
            FindingCode.COULD_NOT_VERIFY,
            FindingCode.CORRECTED,
            FindingCode.VERIFIED_WITH_NOTES,
            FindingCode.VERIFIED,
            FindingCode.UNVERIFIABLE,
        )
    )
}
_NOTICE_CODES = {
    NoticeKind.RETRACTION: FindingCode.RETRACTED,
    NoticeKind.WITHDRAWAL: FindingCode.RETRACTED,
    NoticeKind.EXPRESSION_OF_CONCERN: FindingCode.EXPRESSION_OF_CONCERN,
    NoticeKind.CORRECTION: FindingCode.CORRECTED,
}
_NOTICE_TEXT = {
    FindingCode.RETRACTED: "was retracted",
    FindingCode.EXPRESSION_OF_CONCERN: "carries an expression of concern",
    FindingCode.CORRECTED: "was corrected",
}


def _worst_notice(record: Record) -> NoticeKind | None:
    kinds = {notice.kind for notice in record.notices}
    for kind in (
        NoticeKind.RETRACTION,
        NoticeKind.WITHDRAWAL,
        NoticeKind.EXPRESSION_OF_CONCERN,
        NoticeKind.CORRECTION,
    ):
        if kind in kinds:
            return kind
    return None


def _verdict(
    code: FindingCode,
    entry: Entry,
    severities: Severities,
    message: str,
    *,
    identifier: Identifier | None = None,
    record: Record | None = None,
    claimed: str = "",
    recorded: str = "",
    scores: tuple[tuple[str, float], ...] = (),
    notes: tuple[str, ...] = (),
    reason: str | None = None,
) -> Verdict:
    return Verdict(
        code=code,
        severity=severities.get(code, DEFAULT_SEVERITY[code]),
        message=message,
        entry_label=entry.label,
        location=entry.location,
        identifier=identifier,
        record=record,
        claimed=claimed,
        recorded=recorded,
        scores=scores,
        notes=notes,
        reason=reason,
    )


def _record_text(record: Record) -> str:
    """``"Title B" (Kim, Lee; 2019)`` — the record as the messages show it."""
    title = f'"{shorten(record.title, 90)}"' if record.title else "an untitled record"
    names = [a.family for a in record.authors[:3]]
    people = ", ".join(names) + (" et al." if len(record.authors) > 3 else "")
    year = record.issued_year or record.print_year or record.online_year
    inside = "; ".join(part for part in (people, str(year or "")) if part)
    return f"{title} ({inside})" if inside else title


def _record_of(lookups: Mapping[str, Lookup], identifier: Identifier) -> Record | None:
    lookup = lookups.get(identifier.key)
    return lookup.record if lookup is not None else None


def _label(identifier: Identifier) -> str:
    return f"{identifier.type.value.upper()} {identifier.value}"


def _years(years: tuple[int, ...]) -> str:
    return "/".join(str(y) for y in years) or "no year"


def _suffix(notes: Sequence[str]) -> str:
    return f" ({'; '.join(notes)})" if notes else ""


def _unverifiable_why(entry: Entry) -> str:
    others = [str(i) for i in entry.identifiers]
    if others:
        return f"only {', '.join(others)}, which no service here resolves"
    if entry.claims.title:
        return "no DOI, PMID or PMCID, only a title"
    if entry.claims.site:
        return f"only a host ({entry.claims.site})"
    return "no DOI, PMID or PMCID"


def _not_looked_up(identifier: Identifier) -> Lookup:
    service = SERVICE_OF.get(identifier.type, Service.PMC)
    return Lookup(identifier, LookupStatus.COULD_NOT_VERIFY, service, reason="not looked up")
