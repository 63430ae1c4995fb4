"""Registry records judged as what they are: a trial has a title, not authors.

A ClinicalTrials.gov record names its lead sponsor, not the people an
entry lists (the trial's investigators, or the authors of a paper on it),
so a trial is judged by its title alone, and never accused over authors:
the claims are compared with the record's official title and with its
brief title, each on its own and without authors, and the better
assessment stands.

A registry record has many dates (registered, first posted, started,
completed, updated) and an entry may give any of them, or the year it was
read: a year that is none of the record's is a note, not a wrong detail.

An entry that describes a journal article (a journal, volume or pages)
and gives only the trial's number cites a report of the trial, which the
number does not identify: a title that is not the trial's is then
"not compared", never "wrong work".
"""

from __future__ import annotations

from dataclasses import replace

from citecheck.judge.assessment import Assessment, assess
from citecheck.models import Claims, Entry, FindingCode, Record, Service

# Which of two assessments of one entry shows better that it is the work.
_PREFERENCE = (
    FindingCode.VERIFIED,
    FindingCode.VERIFIED_WITH_NOTES,
    FindingCode.METADATA_MISMATCH,
    FindingCode.NOT_COMPARED,
    FindingCode.WRONG_WORK,
)

REPORT_OF_TRIAL = (
    "the entry describes a journal article, which a trial's registration number does not identify"
)


def is_trial(record: Record) -> bool:
    """Whether ``record`` is a trial registry's."""
    return record.service is Service.CLINICALTRIALS


def assess_trial(entry: Entry, record: Record) -> Assessment:
    """The entry against the trial's official title and its brief title,
    authors aside: the assessment that shows best that it is the trial."""
    titles = [t for t in (record.title, record.subtitle) if t]
    forms = [replace(record, title=t, subtitle=None, authors=()) for t in titles] or [
        replace(record, authors=())
    ]
    best = min((_years_as_notes(assess(entry, form)) for form in forms), key=_rank)
    if best.code in (FindingCode.WRONG_WORK, FindingCode.METADATA_MISMATCH) and _cites_article(
        entry.claims
    ):
        return replace(
            best,
            code=FindingCode.NOT_COMPARED,
            problems=(),
            evidence=(*best.evidence, REPORT_OF_TRIAL),
        )
    return best


def _rank(assessment: Assessment) -> tuple[int, int]:
    code = assessment.code
    order = _PREFERENCE.index(code) if code in _PREFERENCE else len(_PREFERENCE)
    return order, len(assessment.problems)


def _years_as_notes(assessment: Assessment) -> Assessment:
    years = [p for p in assessment.problems if p.field == "year"]
    if not years:
        return assessment
    problems = tuple(p for p in assessment.problems if p.field != "year")
    code = assessment.code
    if code is FindingCode.METADATA_MISMATCH and not problems:
        code = FindingCode.VERIFIED_WITH_NOTES
    notes = (*assessment.notes, *(p.text for p in years))
    return replace(assessment, code=code, problems=problems, notes=notes)


def _cites_article(claims: Claims) -> bool:
    journal = (claims.journal or "").casefold().replace(" ", "")
    named_journal = bool(journal) and "clinicaltrials" not in journal
    return named_journal or bool(claims.volume or claims.pages)
