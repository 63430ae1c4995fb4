"""Claims against a record, field by field: :func:`compare` and its
:class:`Comparison`.

Each field is compared by its own module (``authors``, ``years``,
``titles``, ``journals``); volume and pages, which need no more than a
comparison form, are compared here. Pure; never raises for odd text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.matching.authors import AuthorComparison, compare_authors
from citecheck.matching.journals import JournalComparison, compare_journal
from citecheck.matching.titles import TitleComparison, compare_title
from citecheck.matching.years import YearComparison, compare_year
from citecheck.models import Claims, Record

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Claims against a record, field by field. A field is None when either
    side lacks it, so that nothing unknown is ever counted as a mismatch."""

    authors: AuthorComparison | None
    year: YearComparison | None
    title: TitleComparison | None
    journal: JournalComparison | None
    volume_matches: bool | None
    pages_match: bool | None

    def scores(self) -> tuple[tuple[str, float], ...]:
        """Every number behind the comparison, named, in a fixed order."""
        scores: list[tuple[str, float]] = []
        if self.authors is not None:
            scores += [
                ("authors", self.authors.score),
                ("authors_claimed", float(self.authors.claimed)),
                ("authors_matched", float(self.authors.matched)),
                ("first_author", 100.0 if self.authors.first_author_matches else 0.0),
            ]
        if self.title is not None:
            scores += [
                ("title_token_set", self.title.token_set),
                ("title_partial", self.title.partial),
                ("title_ratio", self.title.ratio),
                ("title_best", self.title.best),
            ]
        if self.journal is not None:
            scores.append(("journal", self.journal.score))
        if self.year is not None:
            scores.append(("year_delta", float(self.year.delta)))
        if self.volume_matches is not None:
            scores.append(("volume", 100.0 if self.volume_matches else 0.0))
        if self.pages_match is not None:
            scores.append(("pages", 100.0 if self.pages_match else 0.0))
        return tuple(scores)


def compare(claims: Claims, record: Record) -> Comparison:
    """The :class:`Comparison` of ``claims`` with ``record``. Never raises."""
    claimed_pages = _first_page(claims.pages)
    record_pages = tuple(
        page for page in (_first_page(record.pages), _first_page(record.article_number)) if page
    )
    claimed_volume = _volume(claims.volume)
    record_volume = _volume(record.volume)
    return Comparison(
        authors=compare_authors(claims.authors, record.authors),
        year=compare_year(claims.year, record.years),
        title=compare_title(claims.title, claims.title_kind, record.title, record.subtitle),
        journal=compare_journal(claims.journal, record.journal, record.journal_abbreviations),
        volume_matches=(
            claimed_volume == record_volume if claimed_volume and record_volume else None
        ),
        pages_match=claimed_pages in record_pages if claimed_pages and record_pages else None,
    )


# --------------------------------------------------------------------------
# Volume and pages

_PAGE_LABEL = re.compile(r"^\s*(?:pp?\.?|pages?)\s*", re.IGNORECASE)
_PAGE_RANGE = re.compile(r"\s*[-–—‐‑−]")
_NOT_ALNUM = re.compile(r"[\W_]+")
_VOLUME_LABEL = re.compile(r"^\s*(?:vol(?:ume)?\.?)\s*", re.IGNORECASE)


def _first_page(pages: str | None) -> str:
    """The first page of ``pages`` in comparison form (``""`` when none):
    ``pp. 45–67`` gives ``45``, ``e33693`` gives ``e33693``."""
    if not pages:
        return ""
    first = _PAGE_RANGE.split(_PAGE_LABEL.sub("", pages), maxsplit=1)[0]
    return _NOT_ALNUM.sub("", first).casefold()


def _volume(volume: str | None) -> str:
    if not volume:
        return ""
    return _NOT_ALNUM.sub("", _VOLUME_LABEL.sub("", volume)).casefold()
