"""The claimed title against the record's title: :func:`compare_title`.

A claim may be the title itself, the title without its subtitle, a cut-off
piece of it, or a description in other words (wiki pages describe the works
they cite); each is told apart on scores over :func:`normalise`'d text.
Pure; never raises for odd text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from rapidfuzz import fuzz

from citecheck.matching.normalise import normalise
from citecheck.models import TitleKind

__all__ = ["TITLE_STOP_WORDS", "TitleComparison", "TitleRelation", "compare_title"]


class TitleRelation(StrEnum):
    """How the claimed title relates to the record's title."""

    SAME = "same"
    """The same title once case, accents, punctuation and markup are set aside."""
    ABRIDGED = "abridged"
    """Subtitle missing, truncated, or the claim a clear part of the title."""
    PARAPHRASED = "paraphrased"
    """Shares the substance in other words (typical of wiki descriptions)."""
    DIFFERENT = "different"
    """Shares too little with the title to be a version of it."""


@dataclass(frozen=True, slots=True)
class TitleComparison:
    """The claimed title against the record's title, scored on normalised
    text; each score is the best over the title's forms (with and without
    subtitle). ``best`` is the larger of ``token_set`` and ``partial``."""

    token_set: float
    partial: float
    ratio: float
    best: float
    kind: TitleKind
    relation: TitleRelation


# --------------------------------------------------------------------------
# Thresholds. Scores are rapidfuzz's, 0-100, on normalised text.

TITLE_SAME_RATIO: Final = 95.0
"""Whole-title ratio for SAME. After normalisation an exact citation scores
100; 95 leaves room for a typo or a British/American spelling in a title of
40 characters or more, while a changed word in a short title falls below."""

TITLE_ABRIDGED_PARTIAL: Final = 95.0
"""Partial ratio for a truncated title: the shorter side must appear in the
longer almost verbatim (a cut mid-word or a dropped ``...`` still scores
100), so a short text that merely shares some words does not qualify."""

TITLE_ABRIDGED_LENGTH: Final = 0.85
"""The shorter side must be at most this share of the longer to count as
"clearly shorter": a title missing one word is a typo-level difference that
the ratio already judges, not an abridgement."""

TITLE_ABRIDGED_MIN_WORDS: Final = 3
"""An abridgement keeps at least this many words: one or two words (``Cancer``,
``Sleep apnea``) occur verbatim in thousands of unrelated titles."""

TITLE_PARAPHRASE_BEST: Final = 60.0
"""``best`` for PARAPHRASED. Measured on 658 real Crossref and PubMed titles:
wiki-style descriptions written for 22 of them scored 64-100 against their own
paper; the same descriptions against the other titles scored below 58 in 99 %
of 14,455 pairs. A description is only ever a note, so the line sits low."""

TITLE_PARAPHRASE_MIN_SHARED: Final = 2
"""A paraphrase shares at least this many content words (no stop words) with
the title: short texts reach a moderate token-set score on stop words
(``of``, ``in the``) alone, and one shared word (``The Widget`` against
``Web Widget``) is a topic, not a work."""

# Where a title without a subtitle field is split into title and subtitle.
_SUBTITLE_BREAK = re.compile(r"[:?!]\s|\s[-–—]\s|—")
TITLE_STOP_WORDS: Final = frozenset(
    # A word list reads best as text, hence the noqa.
    "a an and are as at by de der die das du en et for from in into is its la le les "  # noqa: SIM905
    "of on or the their to und using via vs with".split()
)


def compare_title(
    claimed: str | None, kind: TitleKind, title: str | None, subtitle: str | None
) -> TitleComparison | None:
    """The claimed title against the record's title (and subtitle); None when
    either side has no title, or nothing is left once normalised."""
    if not claimed or not title:
        return None
    claim = normalise(claimed)
    main = normalise(title)
    if not claim or not main:
        return None
    if claim == main and not subtitle:  # the common case, without fuzzy scores
        return TitleComparison(100.0, 100.0, 100.0, 100.0, kind, TitleRelation.SAME)
    sub = normalise(subtitle) if subtitle else ""
    # Some publishers deposit the running head as the subtitle: no subtitle.
    if sub and f" {sub} " not in f" {main} ":
        full = f"{main} {sub}"
    else:
        full = main
        if brk := _SUBTITLE_BREAK.search(title):
            main = normalise(title[: brk.start()]) or full
    forms = (full,) if main == full else (full, main)

    scores = [
        _title_scores(claim, form, partial=form is full or len(claim) > len(form)) for form in forms
    ]
    ratio, token_set, partial = (max(column) for column in zip(*scores, strict=True))
    best = max(token_set, partial)

    if scores[0][0] >= TITLE_SAME_RATIO:
        relation = TitleRelation.SAME
    elif ratio >= TITLE_SAME_RATIO or _abridges(claim, full, scores[0][2]):
        relation = TitleRelation.ABRIDGED
    elif best >= TITLE_PARAPHRASE_BEST and _shares_substance(claim, full):
        relation = TitleRelation.PARAPHRASED
    else:
        relation = TitleRelation.DIFFERENT
    return TitleComparison(
        token_set=round(token_set, 1),
        partial=round(partial, 1),
        ratio=round(ratio, 1),
        best=round(best, 1),
        kind=kind,
        relation=relation,
    )


def _title_scores(claim: str, title: str, *, partial: bool) -> tuple[float, float, float]:
    """Ratio, token-set ratio and partial ratio (0 unless ``partial``: a
    claim shorter than the title without its subtitle aligns as well with
    the whole title); the common cases (the same text, one inside the other)
    without the cost of a partial alignment."""
    if claim == title:
        return 100.0, 100.0, 100.0
    ratio = fuzz.ratio(claim, title)
    token_set = fuzz.token_set_ratio(claim, title)
    if not partial:
        return ratio, token_set, 0.0
    if claim in title or title in claim:
        return ratio, token_set, 100.0
    return ratio, token_set, fuzz.partial_ratio(claim, title)


def _abridges(claim: str, title: str, partial: float) -> bool:
    """Whether one side is a clearly shorter, near-verbatim piece of the
    other, ``partial`` being their partial ratio."""
    shorter, longer = sorted((claim, title), key=len)
    return (
        partial >= TITLE_ABRIDGED_PARTIAL
        and len(shorter) <= TITLE_ABRIDGED_LENGTH * len(longer)
        and shorter.count(" ") + 1 >= TITLE_ABRIDGED_MIN_WORDS
    )


def _shares_substance(claim: str, title: str) -> bool:
    """Whether the claim shares enough content words with the title; a word
    counts when one is a prefix of the other (``Parkinson``/``Parkinsonian``),
    and each word of the title counts once."""
    theirs = {w for w in title.split() if w not in TITLE_STOP_WORDS}
    shared: set[str] = set()
    for word in {w for w in claim.split() if w not in TITLE_STOP_WORDS}:
        if word in theirs:
            shared.add(word)
        elif len(word) >= _PREFIX_WORD:
            shared.update(
                t
                for t in theirs
                if len(t) >= _PREFIX_WORD and (t.startswith(word) or word.startswith(t))
            )
        if len(shared) >= TITLE_PARAPHRASE_MIN_SHARED:
            return True
    return False


# Words shorter than this are compared whole: "PD" is no prefix of "PDGF".
_PREFIX_WORD: Final = 4
