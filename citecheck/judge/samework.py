"""Is the entry the record's work? One calibrated probability.

Field by field evidence (title similarity and the words a title adds or
drops, author overlap both ways, the first author, year distance, venue,
volume, pages, and what the raw entry text holds of the record) is turned
into one feature vector, combined by a logistic model whose weights
``scripts/fit_samework.py`` fits on labelled pairs built from real records
(genuine citations in the variations people make, and impostors that share
a surname, a team, a journal, a topic or a neighbouring identifier). A
field neither side states contributes nothing: its "stated" feature is 0
and so are its scores.

:data:`WRONG_WORK_BELOW` is the probability under which the entry is
another work; it was chosen on the fitted pairs for a false-accusation rate
of at most 0.5 % on genuine ones (the curve is in BENCHMARKS.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property

from citecheck.judge import samework_weights
from citecheck.judge.evidence import TextEvidence, TitleChange, text_evidence, title_change
from citecheck.matching import (
    Comparison,
    JournalRelation,
    compare,
    normalise,
)
from citecheck.models import Claims, Record, TitleKind

__all__ = ["FEATURES", "WRONG_WORK_BELOW", "SameWork", "feature_vector", "same_work"]

FEATURES: tuple[str, ...] = (
    "title_stated",
    "title_ratio",
    "title_best",
    "title_added",
    "title_dropped",
    "title_description",
    "authors_stated",
    "authors_precision",
    "authors_first",
    "authors_none",
    "first_author_and_year",
    "year_stated",
    "year_delta",
    "venue_stated",
    "venue_same",
    "volume_stated",
    "volume_same",
    "pages_stated",
    "pages_same",
    "text_title_coverage",
    "text_title_found",
    "text_surnames",
    "text_no_surname",
    "text_wordy",
)
"""The model's inputs, in the order of its weights."""

WRONG_WORK_BELOW: float = samework_weights.THRESHOLD

DESCRIPTION_IS_TITLE = 90.0
"""Partial ratio from which a "description" holds the record's title."""

_WORDY = 20  # content words at which an entry counts as fully wordy
_CAP_WORDS = 3  # added or dropped title words beyond this weigh no more
_CAP_YEARS = 3


class SameWork:
    """Everything the judge knows of an entry against one record.

    The comparison of the claims is made at once; the reading of the raw
    text, and the model's probability that rests on it, only when first
    asked for: an entry whose title matches the record's needs neither
    unless something else about it is wrong, and most entries are such.
    """

    def __init__(self, claims: Claims, raw: str, record: Record) -> None:
        self.claims, self.raw, self.record = claims, raw, record
        self.comparison: Comparison = compare(claims, record)
        self.title_change: TitleChange | None = None
        """None when no title was compared or the titles are the same."""
        if (
            self.comparison.title is not None
            and claims.title
            and record.title
            and normalise(claims.title) != normalise(record.title)
        ):
            self.title_change = title_change(claims.title, record.title, record.subtitle)

    @cached_property
    def text(self) -> TextEvidence:
        """The record looked for in the entry's raw text."""
        return text_evidence(self.raw, self.record)

    @property
    def text_read(self) -> bool:
        """Whether the raw text has been read (the text scores exist)."""
        return "text" in self.__dict__

    @cached_property
    def text_title_change(self) -> TitleChange | None:
        """When no title was read, or only a "description" that is in fact
        the title nearly verbatim with the rest of the entry: how the words
        where the entry gives the record's title differ from it (None when
        it gives it nowhere)."""
        claims, text, record = self.claims, self.text, self.record
        unread = claims.title is None or (
            claims.title_kind is TitleKind.DESCRIPTION
            and text.title_located >= DESCRIPTION_IS_TITLE
        )
        if unread and text.title_window and record.title:
            return title_change(text.title_window, record.title, record.subtitle)
        return None

    @cached_property
    def features(self) -> Mapping[str, float]:
        return feature_vector(self.claims, self.comparison, self.text, self.title_change)

    @cached_property
    def probability(self) -> float:
        """That the entry and the record are the same work, 0 to 1."""
        return probability(self.features)

    @property
    def wrong_work(self) -> bool:
        return self.probability < WRONG_WORK_BELOW


def same_work(claims: Claims, raw: str, record: Record) -> SameWork:
    """The evidence that ``claims`` (read from ``raw``) and ``record`` are one work."""
    return SameWork(claims, raw, record)


def probability(features: Mapping[str, float]) -> float:
    """The model's probability for a feature vector (missing features are 0)."""
    z = samework_weights.BIAS + sum(
        weight * features.get(name, 0.0)
        for name, weight in zip(FEATURES, samework_weights.WEIGHTS, strict=True)
    )
    if z < -50:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def feature_vector(
    claims: Claims, comparison: Comparison, text: TextEvidence, change: TitleChange | None
) -> dict[str, float]:
    """The model's inputs for one entry against one record, by name."""
    f = dict.fromkeys(FEATURES, 0.0)
    title = comparison.title
    if title is not None:
        f["title_stated"] = 1.0
        f["title_ratio"] = title.ratio / 100
        f["title_best"] = title.best / 100
        f["title_description"] = float(title.kind is TitleKind.DESCRIPTION)
        if change is not None:
            f["title_added"] = min(len(change.added), _CAP_WORDS) / _CAP_WORDS
            f["title_dropped"] = min(len(change.dropped_inside), _CAP_WORDS) / _CAP_WORDS
    authors = comparison.authors
    if authors is not None:
        f["authors_stated"] = 1.0
        f["authors_precision"] = authors.matched / authors.claimed
        f["authors_first"] = float(authors.first_author_matches)
        f["authors_none"] = float(authors.matched == 0 and not authors.soft)
        # Together far stronger than apart: a linear model needs it spelled out.
        f["first_author_and_year"] = float(
            authors.first_author_matches
            and comparison.year is not None
            and comparison.year.delta <= 1
        )
    if comparison.year is not None:
        f["year_stated"] = 1.0
        f["year_delta"] = min(comparison.year.delta, _CAP_YEARS) / _CAP_YEARS
    if comparison.journal is not None:
        f["venue_stated"] = 1.0
        f["venue_same"] = float(comparison.journal.relation is not JournalRelation.DIFFERENT)
    if comparison.volume_matches is not None:
        f["volume_stated"] = 1.0
        f["volume_same"] = float(comparison.volume_matches)
    if comparison.pages_match is not None:
        f["pages_stated"] = 1.0
        f["pages_same"] = float(comparison.pages_match)
    if text.title_words:
        f["text_title_coverage"] = text.title_coverage
        f["text_title_found"] = float(text.title_found)
    if text.surnames_looked_for:
        f["text_surnames"] = text.surnames_found / text.surnames_looked_for
        f["text_no_surname"] = float(text.surnames_found == 0)
    f["text_wordy"] = min(text.words, _WORDY) / _WORDY
    return f
