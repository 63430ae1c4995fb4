"""What each verdict asks to be corrected, before anything is placed.

- A suggestion (:class:`~citecheck.models.Suggestion`) with ``replaces``
  puts its identifier in place of the entry's wrong one (``wrong-work``,
  ``identifier-not-found``, ``identifiers-disagree``); without it, adds its
  identifier (``verified-by-search``, and ``metadata-mismatch`` on an entry
  found by search). Its confidence is the suggestion's own.
- In BibTeX, ``metadata-mismatch`` also corrects the fields shown wrong, from
  the record (see :mod:`citecheck.fixes.record_fields`).
"""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.fixes.forms import label
from citecheck.fixes.record_fields import FieldValue, wrong_fields
from citecheck.models import (
    ChangeKind,
    Entry,
    FindingCode,
    Format,
    Identifier,
    Record,
    Suggestion,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction an entry needs: an identifier to add or put in place
    (``identifier``, ``replaces``), or a BibTeX field to set (``field``)."""

    entry: Entry
    kind: ChangeKind
    summary: str
    confidence: float
    evidence: tuple[str, ...] = ()
    identifier: Identifier | None = None
    replaces: Identifier | None = None
    field: FieldValue | None = None


@dataclass(frozen=True, slots=True)
class Declined:
    """A suggestion that asks for nothing that can be done, and why."""

    entry: Entry
    summary: str
    reason: str
    confidence: float


def corrections(verdict: Verdict, entry: Entry, fmt: Format) -> list[Correction | Declined]:
    """The corrections ``verdict`` asks of ``entry`` (none for most verdicts)."""
    wanted: list[Correction | Declined] = []
    suggestion = verdict.suggestion
    if suggestion is not None:
        wanted += _identifier_corrections(suggestion, entry)
    if fmt is Format.BIBTEX and verdict.code is FindingCode.METADATA_MISMATCH:
        record = (suggestion.record if suggestion is not None else None) or verdict.record
        if record is not None:
            wanted += _field_corrections(verdict, entry, record)
    return wanted


def _identifier_corrections(suggestion: Suggestion, entry: Entry) -> list[Correction | Declined]:
    right, wrong = suggestion.identifier, suggestion.replaces
    evidence = (*((suggestion.typo,) if suggestion.typo else ()), *suggestion.evidence)
    keys = {i.key for i in entry.identifiers}
    confidence = suggestion.confidence
    if wrong is not None:
        summary = f"replace {label(wrong)} with {label(right)}"
        if wrong.key not in keys:
            reason = f"the entry has no {label(wrong)} to replace"
            return [Declined(entry, summary, reason, confidence)]
        kind = ChangeKind.REPLACE_IDENTIFIER
        return [Correction(entry, kind, summary, confidence, evidence, right, wrong)]
    if right.key in keys:
        return []  # the entry carries it already: nothing to do, nothing to say
    summary = f"add {label(right)}"
    same_type = [i for i in entry.identifiers if i.type is right.type]
    if same_type:
        reason = f"the entry has {label(same_type[0])} and the suggestion replaces none"
        return [Declined(entry, summary, reason, confidence)]
    return [Correction(entry, ChangeKind.ADD_IDENTIFIER, summary, confidence, evidence, right)]


def _field_corrections(
    verdict: Verdict, entry: Entry, record: Record
) -> list[Correction | Declined]:
    found = wrong_fields(entry, record, verdict.notes)
    suggestion = verdict.suggestion
    confidence = suggestion.confidence if suggestion is not None else found.probability
    wanted: list[Correction | Declined] = []
    for value in found.values:
        wanted.append(
            Correction(
                entry,
                ChangeKind.CORRECT_FIELD,
                f"set {value.name} to {value.shown!r}",
                confidence,
                (value.problem, *verdict.evidence),
                field=value,
            )
        )
    for name, reason in found.unfixable:
        wanted.append(Declined(entry, f"correct {name}", reason, confidence))
    return wanted
