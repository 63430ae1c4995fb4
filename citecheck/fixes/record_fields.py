"""Which BibTeX fields a ``metadata-mismatch`` shows wrong, and the record's
values for them.

A field is corrected only when the verdict says it is wrong: the entry is
assessed against the record again (:func:`~citecheck.judge.assessment.assess`
is pure, so it finds the same problems, each with the field it is about), and
only the problems whose words are among the verdict's notes count. A
difference the verdict did not report (one the judge found to be a
misreading, say) is never "corrected". The confidence of a correction is
the suggestion's, or else the same-work probability of that assessment.

The values, as BibTeX writes them: the year the record gives for print
(else its earliest), the volume, the pages (or the article number), the
title with its subtitle, the journal's name, and the authors as
``Family, Given and …`` (``and others`` kept, for as many names as the
entry listed). LaTeX's special characters are escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.judge.assessment import assess
from citecheck.models import Author, Entry, Record

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "year": ("year",),
    "volume": ("volume",),
    "pages": ("pages",),
    "title": ("title",),
    "venue": ("journal", "journaltitle", "booktitle"),
    "authors": ("author",),
}
"""The BibTeX fields that may hold each field the judge compares, in the
order they are looked for."""

_SPECIAL = re.compile(r"[&%$#_]")


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A BibTeX field to set: one of ``names`` (whichever the entry has) gets
    ``value``, already escaped for BibTeX; ``shown`` is the value for people,
    ``problem`` the verdict's words that show the old one wrong."""

    field: str
    names: tuple[str, ...]
    value: str
    shown: str
    problem: str

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True, slots=True)
class WrongFields:
    """The fields to correct, those shown wrong that cannot be (``(field,
    reason)``), and the same-work probability of the entry and the record."""

    values: tuple[FieldValue, ...]
    unfixable: tuple[tuple[str, str], ...]
    probability: float


def wrong_fields(entry: Entry, record: Record, notes: tuple[str, ...]) -> WrongFields:
    """The fields of ``entry`` that the verdict's ``notes`` show wrong, with
    the record's values. Never raises."""
    assessment = assess(entry, record)
    values: list[FieldValue] = []
    unfixable: list[tuple[str, str]] = []
    seen: set[str] = set()
    for problem in assessment.problems:
        if problem.text not in notes or problem.field in seen:
            continue
        seen.add(problem.field)
        shown = _record_value(problem.field, record, entry)
        if shown is None:
            unfixable.append((problem.field, f"the record gives no {problem.field}"))
            continue
        value = shown if problem.field == "authors" else escape_latex(shown)
        values.append(
            FieldValue(problem.field, FIELD_NAMES[problem.field], value, shown, problem.text)
        )
    return WrongFields(tuple(values), tuple(unfixable), assessment.work.probability)


def escape_latex(text: str) -> str:
    """``text`` with LaTeX's special characters escaped (``&`` as ``\\&``)."""
    return _SPECIAL.sub(lambda match: "\\" + match.group(), text)


def _record_value(field: str, record: Record, entry: Entry) -> str | None:
    if field == "year":
        year = record.print_year or record.issued_year
        return str(year) if year else None
    if field == "volume":
        return record.volume or None
    if field == "pages":
        return record.pages or record.article_number or None
    if field == "title":
        if not record.title:
            return None
        return f"{record.title}: {record.subtitle}" if record.subtitle else record.title
    if field == "venue":
        return record.journal or None
    if field == "authors":
        return bibtex_authors(
            record.authors, keep=len(entry.claims.authors) if entry.claims.et_al else None
        )
    return None


def bibtex_authors(authors: tuple[Author, ...], *, keep: int | None = None) -> str | None:
    """The ``author`` field of ``authors``: ``Family, Given and …``; with
    ``keep``, the first ``keep`` names and ``and others``. None without authors."""
    if not authors:
        return None
    chosen = authors if keep is None or keep <= 0 else authors[:keep]
    names = [_bibtex_name(author) for author in chosen]
    if keep is not None and len(authors) > len(chosen):
        names.append("others")
    return " and ".join(names)


def _bibtex_name(author: Author) -> str:
    family = escape_latex(author.family)
    if author.is_organisation or "," in family or re.search(r"\band\b", family, re.I):
        return "{" + family + "}"
    given = escape_latex(author.given)
    return f"{family}, {given}" if given else family
