"""One verdict per reference-list entry: its claims against the real record.

The order of precedence, worst first, when several apply: identifiers that
disagree, the wrong work, an identifier that does not exist, a retraction,
wrong details, an expression of concern, another agency's DOI, could not
verify, a correction, verified with notes, verified. An entry without an
identifier a service resolves is unverifiable.

An entry's claims are judged against the records of its first kind of
identifier: DOIs, PMIDs and PMCIDs; else arXiv identifiers; else NCT
numbers. The others are checked only for existence (and, through their
records, for agreement): a preprint's title often changes on publication,
and a trial's number in an article's entry names the trial, not the article.

What one record says of an entry is decided by
:func:`~citecheck.judge.assessment.assess`; this module puts the lookups of
an entry's identifiers together into its one verdict, with a message that
sets the claim beside the record, and turns a verdict into a finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from citecheck.describe import claims_text, record_text, shorten
from citecheck.judge.assessment import Assessment, Problem, assess
from citecheck.judge.crosscheck import disagreements
from citecheck.judge.search import (
    answered,
    closest,
    no_match_severity,
    searched_text,
    suggestion_for,
    unindexed_kind,
    validate,
)
from citecheck.judge.trials import REPORT_OF_TRIAL, assess_trial, is_trial
from citecheck.models import (
    DEFAULT_SEVERITY,
    SERVICE_OF,
    Entry,
    Finding,
    FindingCode,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    NoticeKind,
    Record,
    Service,
    Severity,
    Suggestion,
    Verdict,
)
from citecheck.queries import query_for_entry, query_identifier

Severities = Mapping[FindingCode, Severity]


DID_YOU_MEAN = frozenset(
    {FindingCode.WRONG_WORK, FindingCode.IDENTIFIER_NOT_FOUND, FindingCode.IDENTIFIERS_DISAGREE}
)
"""Verdicts on an identifier for which the entry is searched by its claims,
to say which identifier it should have had."""


def judge_entry(
    entry: Entry,
    lookups: Mapping[str, Lookup],
    *,
    severities: Severities = DEFAULT_SEVERITY,
    search: bool = True,
) -> Verdict:
    """The verdict on ``entry`` from the lookups of its identifiers (by key)
    and, for an entry without one a service resolves (or with a wrong one),
    of its search (:func:`~citecheck.queries.query_for_entry`)."""
    resolvable = [i for i in entry.identifiers if i.type in SERVICE_OF]
    claimed = claims_text(entry.claims) or shorten(entry.raw, 80)
    if not resolvable:
        query = query_for_entry(entry) if search else None
        if query is None:
            why = _unverifiable_why(entry)
            if search is False and entry.claims.title:
                why += " (searches are off)"
            return _verdict(
                FindingCode.UNVERIFIABLE,
                entry,
                severities,
                f"nothing to check it by: {why}",
                claimed=claimed,
            )
        searched = query_identifier(query)
        lookup = lookups.get(searched.key) or _not_looked_up(searched)
        return _judge_searched(entry, lookup, severities, claimed)
    verdict = _judge_identified(entry, resolvable, lookups, severities, claimed)
    if search and verdict.code in DID_YOU_MEAN:
        return _with_suggestion(verdict, entry, lookups)
    return verdict


def followup_search(entry: Entry, verdict: Verdict) -> Identifier | None:
    """The search to run for ``entry`` after its first verdict: for a wrong
    identifier, to find the right one; None when there is none to run."""
    if verdict.code not in DID_YOU_MEAN:
        return None
    query = query_for_entry(entry, ignore_identifiers=True)
    return query_identifier(query) if query is not None else None


def _judge_identified(
    entry: Entry,
    resolvable: Sequence[Identifier],
    lookups: Mapping[str, Lookup],
    severities: Severities,
    claimed: str,
) -> Verdict:
    judged_by = _tier(min(_tier_of(i) for i in resolvable))
    outcomes = [
        (identifier, lookups.get(identifier.key) or _not_looked_up(identifier))
        for identifier in sorted(resolvable, key=_tier_of)
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
            recorded=record_text(record) if record else "",
        )
    found = [
        (i, lookup)
        for i, lookup in outcomes
        if lookup.status is LookupStatus.FOUND and lookup.record and i.type in judged_by
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


def _judge_searched(entry: Entry, lookup: Lookup, severities: Severities, claimed: str) -> Verdict:
    """The verdict on an entry without an identifier, from its search."""
    validated = validate(entry, lookup.candidates)
    if validated is None:
        if not answered(lookup):
            reason = lookup.reason or "no answer"
            return _verdict(
                FindingCode.COULD_NOT_VERIFY,
                entry,
                severities,
                f"the search for it could not run: {reason}",
                claimed=claimed,
                reason=reason,
            )
        top = closest(lookup)
        kind = (
            " It may be a work these services do not index (a book, report, thesis or web "
            "page): check it by hand."
            if unindexed_kind(entry)
            else ""
        )
        other = f"; the closest, {record_text(top)}, is another work" if top else ""
        return _verdict(
            FindingCode.NO_SUCH_WORK,
            entry,
            severities,
            f"no such work found: nothing in {searched_text(lookup)} matches {claimed}"
            f"{other}.{kind}",
            claimed=claimed,
            recorded=record_text(top) if top else "",
            severity=no_match_severity(entry, severities),
            evidence=(f"searched {searched_text(lookup)}",),
        )
    record, assessment = validated.record, validated.assessment
    suggestion = suggestion_for(validated, searched=lookup.searched)
    recorded = record_text(record)
    found = f"found by search: {_record_label(record)} is {recorded}"
    add = f" — add {_label(suggestion.identifier)} to the entry" if suggestion else ""
    problem_texts = [p.text for p in assessment.problems]
    notes = (*problem_texts, *assessment.notes)
    evidence = (*(suggestion.evidence[:1] if suggestion else ()), *assessment.evidence)
    code = (
        FindingCode.METADATA_MISMATCH
        if assessment.code is FindingCode.METADATA_MISMATCH
        else FindingCode.VERIFIED_BY_SEARCH
    )
    severity = None
    notice = _worst_notice(record)
    if notice is not None and _RANK[_NOTICE_CODES[notice]] < _RANK[code]:
        code = _NOTICE_CODES[notice]
        message = f"{found}, and it {_NOTICE_TEXT[code]}{add}"
    elif code is FindingCode.METADATA_MISMATCH:
        severity = _mismatch_severity(assessment.problems, severities)
        message = f"{'; '.join(problem_texts)}: {found} — the article claims {claimed}{add}"
    else:
        message = f"{found}{_suffix(assessment.notes)}{add}"
    return _verdict(
        code,
        entry,
        severities,
        message,
        record=record,
        claimed=claimed,
        recorded=recorded,
        scores=_scores(assessment),
        notes=notes,
        severity=severity,
        evidence=evidence,
        suggestion=suggestion,
    )


def _with_suggestion(verdict: Verdict, entry: Entry, lookups: Mapping[str, Lookup]) -> Verdict:
    """``verdict`` with the identifier the entry should have had, when its
    search found the work it describes."""
    query = query_for_entry(entry, ignore_identifiers=True)
    lookup = lookups.get(query_identifier(query).key) if query is not None else None
    if lookup is None:
        return verdict
    validated = validate(entry, lookup.candidates)
    if validated is None:
        return verdict
    wrong = verdict.identifier or next(iter(entry.identifiers), None)
    suggestion = suggestion_for(validated, replaces=wrong, searched=lookup.searched)
    if suggestion is None:
        return verdict
    slip = f" (a slip? {suggestion.typo})" if suggestion.typo else ""
    message = (
        f"{verdict.message}; did you mean {_label(suggestion.identifier)}, "
        f"{record_text(validated.record)}?{slip}"
    )
    return replace(verdict, message=message, suggestion=suggestion)


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
    if verdict.evidence:
        evidence.append(("evidence", "; ".join(verdict.evidence)))
    if verdict.suggestion is not None:
        suggestion = verdict.suggestion
        evidence.append(("suggestion", str(suggestion.identifier)))
        if suggestion.replaces is not None:
            evidence.append(("replaces", str(suggestion.replaces)))
        if suggestion.typo:
            evidence.append(("typo", suggestion.typo))
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
        record = lookup.record
        assessment = assess_trial(entry, record) if is_trial(record) else assess(entry, record)
        ranked.append((_RANK[assessment.code], identifier, lookup.record, assessment))
    ranked.sort(key=lambda item: item[0])
    _, identifier, record, assessment = ranked[0]
    recorded = record_text(record)
    scores = _scores(assessment)
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
    problem_texts = [p.text for p in assessment.problems]
    notes = [*problem_texts, *assessment.notes]
    notice = _worst_notice(record)
    if code is not FindingCode.WRONG_WORK and notice is not None:
        notice_code = _NOTICE_CODES[notice]
        if _RANK[notice_code] < _RANK[code]:
            code = notice_code
    severity = None
    if code is FindingCode.WRONG_WORK:
        message = f"wrong work: {side_by_side}"
    elif code in (FindingCode.RETRACTED, FindingCode.EXPRESSION_OF_CONCERN, FindingCode.CORRECTED):
        message = f"{_label(identifier)} {_NOTICE_TEXT[code]}: {recorded}" + _suffix(notes)
    elif code is FindingCode.METADATA_MISMATCH:
        severity = _mismatch_severity(assessment.problems, severities)
        message = f"{'; '.join(problem_texts)}: {side_by_side}"
    elif code is FindingCode.NOT_COMPARED and REPORT_OF_TRIAL in assessment.evidence:
        message = (
            f"{_label(identifier)} is the trial {recorded}; {REPORT_OF_TRIAL} "
            f"— the article claims {claimed}"
        )
    elif code is FindingCode.NOT_COMPARED:
        message = (
            f"{_label(identifier)} resolves to {recorded}, but the entry states nothing "
            f"that shows it is that work — the article claims {claimed}"
        )
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
        severity=severity,
        evidence=assessment.evidence,
    )


def _mismatch_severity(problems: Sequence[Problem], severities: Severities) -> Severity:
    """The worst problem's severity, unless the user set the code's own."""
    chosen = severities.get(FindingCode.METADATA_MISMATCH)
    default = DEFAULT_SEVERITY[FindingCode.METADATA_MISMATCH]
    if chosen is not None and chosen is not default:
        return chosen
    return max((p.severity for p in problems), key=lambda s: s.value, default=default)


def _scores(assessment: Assessment) -> tuple[tuple[str, float], ...]:
    """The comparison's scores, and the model's and the text's when the
    decision needed them (a matching title needs neither)."""
    work = assessment.work
    if not work.text_read:
        return work.comparison.scores()
    text = work.text
    return (
        *work.comparison.scores(),
        ("same_work", round(100 * work.probability, 1)),
        ("text_title_coverage", round(100 * text.title_coverage, 1)),
        ("text_surnames_found", float(text.surnames_found)),
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
            FindingCode.NO_SUCH_WORK,
            FindingCode.NOT_COMPARED,
            FindingCode.CORRECTED,
            FindingCode.VERIFIED_WITH_NOTES,
            FindingCode.VERIFIED_BY_SEARCH,
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
    severity: Severity | None = None,
    evidence: tuple[str, ...] = (),
    suggestion: Suggestion | None = None,
) -> Verdict:
    return Verdict(
        code=code,
        severity=severity or severities.get(code, DEFAULT_SEVERITY[code]),
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
        evidence=evidence,
        suggestion=suggestion,
    )


def _record_label(record: Record) -> str:
    if record.doi:
        return f"DOI {record.doi}"
    if record.pmid:
        return f"PMID {record.pmid}"
    return "a record"


def _record_of(lookups: Mapping[str, Lookup], identifier: Identifier) -> Record | None:
    lookup = lookups.get(identifier.key)
    return lookup.record if lookup is not None else None


# The order in which kinds of identifier carry an entry's verdict (see the
# module docstring); a kind not named here comes first.
_TIERS: tuple[frozenset[IdType], ...] = (frozenset({IdType.ARXIV}), frozenset({IdType.NCT}))


def _tier_of(identifier: Identifier) -> int:
    return next((n + 1 for n, kinds in enumerate(_TIERS) if identifier.type in kinds), 0)


def _tier(number: int) -> frozenset[IdType]:
    """The kinds of identifier of tier ``number``."""
    if number:
        return _TIERS[number - 1]
    tiered = frozenset().union(*_TIERS)
    return frozenset(t for t in IdType if t not in tiered)


def _label(identifier: Identifier) -> str:
    if identifier.type is IdType.ARXIV:
        return f"arXiv:{identifier.value}"
    if identifier.type is IdType.NCT:
        return identifier.value
    return f"{identifier.type.value.upper()} {identifier.value}"


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
    # Not a proper answer either way: says nothing, like "could not verify".
    return Lookup(identifier, LookupStatus.COULD_NOT_VERIFY, service, reason="not looked up")
