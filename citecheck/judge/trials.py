"""Registry records judged as what they are: a trial has a title, not authors.

A ClinicalTrials.gov record names its lead sponsor, not the people an
entry lists (the trial's investigators, or the authors of a paper on it),
so a trial is judged by its title alone, and never accused over authors:
the claims are compared with the record's official title and with its
brief title, each on its own and without authors, and the better
assessment stands.

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
    best = min(
        (assess(entry, form) for form in forms),
        key=lambda a: _PREFERENCE.index(a.code) if a.code in _PREFERENCE else len(_PREFERENCE),
    )
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


def _cites_article(claims: Claims) -> bool:
    journal = (claims.journal or "").casefold().replace(" ", "")
    named_journal = bool(journal) and "clinicaltrials" not in journal
    return named_journal or bool(claims.volume or claims.pages)
