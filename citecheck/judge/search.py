"""Searches judged: which candidate, if any, is the work an entry describes.

A search always returns something, so a candidate is accepted only on
positive evidence that it is the entry's work, stricter than for a record
an identifier named (where the citing author chose the work):

- the *title* identifies it: the claimed title is the record's (same or
  abridged), or the record's title is in the entry's own text. People,
  year or journal alone never do: the same authors' other papers share
  them, and a near-miss of a real title by its real author is exactly
  what an invented reference looks like;
- the title is not changed (a word added, swapped or dropped makes
  another work, not a typo);
- the people or the year agree: a title shared with another work (short
  titles, "Global cancer statistics") by other authors in another year is
  that other work.

The accepted candidate's details are then compared as for any record:
same work, same details (``verified-by-search``), or wrong details
(``metadata-mismatch``), with the identifier found as the suggestion.
No candidate accepted, and every service answered: ``no-such-work``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from citecheck.judge.assessment import Assessment, assess
from citecheck.matching import JournalRelation, TitleRelation, YearRelation, normalise
from citecheck.models import (
    DEFAULT_SEVERITY,
    Entry,
    FindingCode,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Record,
    Severity,
    Suggestion,
)

__all__ = ["Validated", "suggested_identifier", "typo_between", "unindexed_kind", "validate"]

MAX_VALIDATED = 12
"""Candidates compared at most: the services rank the work among their
first few when they hold it."""

SHORT_TITLE_WORDS = 4
"""Content words below which a title is shared by many works."""

ACCEPTED = frozenset(
    {FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES, FindingCode.METADATA_MISMATCH}
)


@dataclass(frozen=True, slots=True)
class Validated:
    """The candidate accepted as the entry's work, with its assessment."""

    record: Record
    assessment: Assessment

    @property
    def confidence(self) -> float:
        return self.assessment.work.probability


def validate(entry: Entry, candidates: Sequence[Record]) -> Validated | None:
    """The candidate that is ``entry``'s work, or None when none is shown
    to be. Of several, the one whose details agree most with the entry's
    (the journal version over its preprint, the work over its correction),
    then the one with the fewest problems."""
    accepted: list[tuple[int, int, float, int, Validated]] = []
    for position, record in enumerate(candidates[:MAX_VALIDATED]):
        assessment = assess(entry, record)
        if not _identifies(assessment, entry, record):
            continue
        accepted.append(
            (
                -_agreements(assessment),
                len(assessment.problems),
                -assessment.work.probability,
                position,
                Validated(record, assessment),
            )
        )
    if not accepted:
        return None
    accepted.sort(key=lambda item: item[:4])
    return accepted[0][4]


def _identifies(assessment: Assessment, entry: Entry, record: Record) -> bool:
    if assessment.code not in ACCEPTED or assessment.identified_by not in ("title", "text"):
        return False
    if any(problem.field == "title" for problem in assessment.problems):
        return False
    if _is_notice(record) and not _is_notice_title(entry.claims.title or entry.raw):
        return False  # "Corrigendum: <the title>" is the correction, not the work
    comparison = assessment.work.comparison
    title, authors, year = comparison.title, comparison.authors, comparison.year
    text = assessment.work.text
    record_words = len(normalise(record.title or "").split())
    # The people and the year, as read or, where the reader read none, as
    # the entry's text gives them.
    first = authors.first_author_matches if authors is not None else text.first_author_found
    other_year = (
        year.relation is YearRelation.DIFFERENT if year is not None else not text.year_found
    )
    if title is not None:
        # The claimed title must be the record's, or a long enough piece
        # of it: a claimed title that merely holds the record's (its
        # "Gout" in "Sympathetic neural responses for Gout") is another.
        if title.relation is TitleRelation.DIFFERENT:
            return False
        claimed_words = len(normalise(entry.claims.title or "").split())
        short_piece = min(claimed_words, record_words) < SHORT_TITLE_WORDS
        if (
            title.relation is not TitleRelation.SAME
            and short_piece
            and not (first and not other_year)
        ):
            return False
        if title.relation is TitleRelation.PARAPHRASED and not assessment.work.text.title_found:
            return False  # other words for the title: a near-miss, unless the text holds it
        change = assessment.work.title_change
        if change is not None and len(change.added) >= 2 and not change.holds_title:
            # The head of the record's title continued by words of another:
            # an invented title grafted onto a real one.
            return False
    people = authors is not None and authors.matched > 0
    if not record.authors and entry.claims.authors and (other_year or year is None):
        return False  # an authorless record shares only the title
    if authors is not None and not people:
        # None of the people: only the very title, long enough to be its
        # own, in the very year, says it is this work (with wrong authors):
        # the same title by others a year apart is another work as often.
        exact = title is not None and title.relation is TitleRelation.SAME
        same_year = year is not None and year.relation is YearRelation.SAME
        if not (exact and same_year) or record_words < SHORT_TITLE_WORDS:
            return False
    short = record_words < SHORT_TITLE_WORDS
    return not (short and not (first and not other_year))


def _agreements(assessment: Assessment) -> int:
    """How many of the entry's details the record has: first author, year
    (exactly), journal, volume, pages."""
    comparison = assessment.work.comparison
    authors, year, journal = comparison.authors, comparison.year, comparison.journal
    return sum(
        (
            authors is not None and authors.first_author_matches,
            year is not None and year.relation is YearRelation.SAME,
            journal is not None and journal.relation is not JournalRelation.DIFFERENT,
            comparison.volume_matches is True,
            comparison.pages_match is True,
        )
    )


_NOTICE_TITLE = re.compile(
    r"^\W*(?:corrigendum|erratum|errata|correction|retraction|retracted|withdrawn|withdrawal|"
    r"expression of concern|notice of (?:retraction|concern)|editorial expression of concern|"
    r"publisher'?s note|reply to|response to|comment on|addendum)\b",
    re.IGNORECASE,
)


def _is_notice(record: Record) -> bool:
    return bool(_NOTICE_TITLE.search(record.title or ""))


def _is_notice_title(text: str) -> bool:
    return bool(_NOTICE_TITLE.search(text)) or bool(
        re.search(r"\b(?:corrigendum|erratum|correction|retraction)\b", text, re.IGNORECASE)
    )


def suggested_identifier(record: Record) -> Identifier | None:
    """The identifier to give an entry for ``record``: its DOI, else its PMID."""
    if record.doi:
        return Identifier(IdType.DOI, record.doi)
    if record.pmid:
        return Identifier(IdType.PMID, record.pmid)
    return None


def suggestion_for(
    validated: Validated,
    *,
    replaces: Identifier | None = None,
    searched: Sequence[str] = (),
) -> Suggestion | None:
    """The suggestion a validated candidate makes, or None when its record
    has no identifier to give (or gives the one the entry has)."""
    record = validated.record
    identifier = suggested_identifier(record)
    if replaces is not None:
        # Put right the identifier of the type that is wrong.
        right = {IdType.DOI: record.doi, IdType.PMID: record.pmid, IdType.PMCID: record.pmcid}
        value = right.get(replaces.type)
        if value:
            identifier = Identifier(replaces.type, value)
    if identifier is None or (replaces is not None and identifier.key == replaces.key):
        return None
    where = f" in {', '.join(searched)}" if searched else ""
    evidence = (f"found by search{where}", *validated.assessment.evidence)
    typo = typo_between(replaces, identifier) if replaces is not None else ""
    return Suggestion(
        identifier=identifier,
        record=record,
        replaces=replaces,
        evidence=evidence,
        confidence=round(validated.confidence, 4),
        typo=typo,
    )


def typo_between(wrong: Identifier, right: Identifier) -> str:
    """How ``wrong`` differs from ``right`` when that looks like a slip of
    the keyboard; empty when they are simply different identifiers."""
    if wrong.type is not right.type:
        return ""
    a, b = wrong.value.lower(), right.value.lower()
    if a == b:
        return ""
    if right.type is IdType.DOI and b.endswith(a) and "/" not in a:
        return f"the DOI lacks its prefix {right.value[: len(b) - len(a)].rstrip('/')}"
    if OSA.distance(a, b) == 1 and Levenshtein.distance(a, b) == 2:
        return "two neighbouring characters are swapped"
    distance = Levenshtein.distance(a, b)
    if distance == 1:
        return "one character differs" if len(a) == len(b) else "one character is missing or extra"
    if distance == 2 and len(b) >= 10:
        return "two characters differ"
    return ""


_UNINDEXED_BIBTEX = re.compile(
    r"^\s*@(?:book|inbook|booklet|manual|mastersthesis|phdthesis|thesis|techreport|report|"
    r"misc|online|software|patent|unpublished|standard)\s*[{(]",
    re.IGNORECASE,
)


def unindexed_kind(entry: Entry) -> bool:
    """Whether ``entry`` may be a work Crossref and PubMed simply do not
    hold: a book (an ISBN, a BibTeX ``@book``), a thesis, a report, a web
    page, software, or anything that names no journal or volume. For such
    an entry finding nothing is a warning; for one that names a journal it
    is the mark of an invention (an error)."""
    claims = entry.claims
    if entry.has(IdType.ISBN) or _UNINDEXED_BIBTEX.search(entry.raw):
        return True
    return not (claims.journal or claims.volume)


def no_match_severity(entry: Entry, severities: Mapping[FindingCode, Severity]) -> Severity:
    """An error for an entry shaped like a journal article; a warning for
    one that may not be indexed, unless the user set the code's own."""
    chosen = severities.get(FindingCode.NO_SUCH_WORK)
    default = DEFAULT_SEVERITY[FindingCode.NO_SUCH_WORK]
    if chosen is not None and chosen is not default:
        return chosen
    return Severity.WARNING if unindexed_kind(entry) else default


def closest(lookup: Lookup) -> Record | None:
    """The service's top candidate, to show beside a "no such work"."""
    return lookup.candidates[0] if lookup.candidates else None


def searched_text(lookup: Lookup) -> str:
    return " and ".join(lookup.searched) or "the search services"


def answered(lookup: Lookup) -> bool:
    """Whether every service searched gave a proper answer."""
    return lookup.status in (LookupStatus.FOUND, LookupStatus.NOT_FOUND)
