"""Compare what an entry claims about a work with the work's real record.

:func:`compare` puts :class:`~citecheck.models.Claims` beside a
:class:`~citecheck.models.Record` field by field and returns a
:class:`Comparison`: for each field a relation (same, a harmless variant,
different) and the scores behind it. It judges nothing; ``verdicts`` does.

Everything is compared in the form :func:`normalise` gives (case, accents,
ligatures, markup, entities, punctuation, Greek letters, ``&``), so that two
spellings of one title or name score as one. Names and journals have their
own forms on top: surname keys without particles, transliteration skeletons,
abbreviation word lists. Pure functions; nothing here does I/O or raises for
odd text.
"""

from citecheck.matching.authors import AuthorComparison, compare_authors
from citecheck.matching.comparison import Comparison, compare
from citecheck.matching.journals import JournalComparison, JournalRelation, compare_journal
from citecheck.matching.normalise import normalise
from citecheck.matching.titles import TitleComparison, TitleRelation, compare_title
from citecheck.matching.years import YearComparison, YearRelation, compare_year

__all__ = [
    "AuthorComparison",
    "Comparison",
    "JournalComparison",
    "JournalRelation",
    "TitleComparison",
    "TitleRelation",
    "YearComparison",
    "YearRelation",
    "compare",
    "compare_authors",
    "compare_journal",
    "compare_title",
    "compare_year",
    "normalise",
]
