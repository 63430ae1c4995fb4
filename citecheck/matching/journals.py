"""The claimed journal against the record's journal: :func:`compare_journal`.

A claim matches the journal's full title, a recorded abbreviation (ISO,
NLM), the title without its qualifier or section, or a word-by-word
abbreviation of any of them (``J Clin Oncol``, ``JCO``), all compared in
:func:`normalise`'d form. Pure; never raises for odd text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from citecheck.matching.normalise import normalise

__all__ = ["JournalComparison", "JournalRelation", "compare_journal"]


class JournalRelation(StrEnum):
    """How the claimed journal relates to the record's journal."""

    SAME = "same"
    """The journal's full title."""
    ABBREVIATION = "abbreviation"
    """A recorded abbreviation (ISO, NLM) or a word-by-word abbreviation of the title."""
    DIFFERENT = "different"
    """Neither the title nor an abbreviation of it."""


@dataclass(frozen=True, slots=True)
class JournalComparison:
    """The claimed journal against the record's title and abbreviations.
    ``matched_name`` is the record's name the claim matched best (None when
    it matched none); ``score`` the fuzzy ratio with it, 100 for a
    word-by-word abbreviation."""

    claimed: str
    matched_name: str | None
    score: float
    relation: JournalRelation


# --------------------------------------------------------------------------
# Thresholds. Scores are rapidfuzz's, 0-100, on normalised text.

JOURNAL_SAME_RATIO: Final = 95.0
"""Ratio for one journal name against another. Real neighbours score high:
Journal of Clinical Oncology/Neurology 91, American Journal of Physiology/
Pathology 92, so only near-identical names (Disease/Diseases 98) pass."""


# Words an abbreviation may leave out: function words in the languages
# journal titles are written in, elided articles (``dell'``, ``l'``), the
# ``s`` of an English possessive, and the "Part"/"Section" before a letter.
_JOURNAL_STOP_WORDS: Final = frozenset(
    "of the and for in on at to a an d l s "  # noqa: SIM905 (a word list reads best as text)
    "de des du la le les et "
    "der die das den und fur "
    "di del dell della delle degli e "
    "part pt section sect series ser".split()
)
# Where a journal's name ends and its qualifier begins: NLM adds the place
# in brackets ("Science (New York, N.Y.)"), a subtitle after " : " or ";",
# a translation after "=".
_JOURNAL_QUALIFIER = re.compile(r"\s*[:;=(]")
# PubMed titles name a journal's section after a full stop ("Biochimica et
# biophysica acta. Molecular cell research"); a claim of the journal without
# its section is an abbreviation of it. Only the record's title is cut there:
# abbreviations are full of full stops ("J. Appl. Ichthyol.").
_JOURNAL_SECTION = re.compile(r"\.\s")


def compare_journal(
    claimed: str | None, journal: str | None, abbreviations: Sequence[str]
) -> JournalComparison | None:
    """The claimed journal against the record's title and abbreviations;
    None when either side has none, or nothing is left once normalised."""
    if not claimed or not (journal or abbreviations):
        return None
    return _compare_journal(claimed, journal, tuple(abbreviations))


# A corpus cites the same journals again and again, in the same few forms.
@lru_cache(maxsize=4096)
def _compare_journal(
    claimed: str, journal: str | None, abbreviations: tuple[str, ...]
) -> JournalComparison | None:
    claims = _journal_forms(claimed)
    if not claims:
        return None
    # Each form of the record's names, with the name it comes from and what
    # matching it means; the first (the full title's) wins a form.
    names: dict[str, tuple[str, JournalRelation]] = {}
    if journal:
        for form in _journal_forms(journal):
            names.setdefault(form, (journal, JournalRelation.SAME))
        for form in _journal_forms(_JOURNAL_SECTION.split(journal, maxsplit=1)[0]):
            names.setdefault(form, (journal, JournalRelation.ABBREVIATION))
    for name in abbreviations:
        for form in _journal_forms(name):
            names.setdefault(form, (name, JournalRelation.ABBREVIATION))
    for claim in claims:
        if claim in names:  # the common case, without fuzzy scores
            name, relation = names[claim]
            return JournalComparison(claimed, name, 100.0, relation)
    best_name, best_score = None, 0.0
    for form, (name, relation) in names.items():
        for claim in claims:
            score = fuzz.ratio(claim, form)
            if score >= JOURNAL_SAME_RATIO:
                return JournalComparison(claimed, name, round(score, 1), relation)
            if claim.replace(" ", "") == form.replace(" ", ""):  # IUCr Data, IUCrData
                return JournalComparison(claimed, name, _STRUCTURAL, relation)
            if _content(claim.split()) == _content(form.split()):  # Lab Chip, Lab on a Chip
                return JournalComparison(claimed, name, _STRUCTURAL, JournalRelation.ABBREVIATION)
            if score > best_score:
                best_name, best_score = name, score
    for form, (name, _) in names.items():
        theirs = form.split()
        for claim in claims:
            words = claim.split()
            if _abbreviates(words, theirs) or _abbreviates(theirs, words):
                return JournalComparison(claimed, name, _STRUCTURAL, JournalRelation.ABBREVIATION)
    if journal and _names_proceedings(claimed, journal):
        return JournalComparison(claimed, journal, _STRUCTURAL, JournalRelation.ABBREVIATION)
    return JournalComparison(claimed, best_name, round(best_score, 1), JournalRelation.DIFFERENT)


# Words that name no particular meeting: every proceedings title has some.
_VENUE_NOISE: Final = frozenset(
    "proceedings proc conference conf international intl annual symposium symp "  # noqa: SIM905
    "meeting congress ieee acm cvf usenix siam aaai in of the on and for".split()
)
_MEETING_WORDS: Final = (
    "conference",
    "proceedings",
    "symposium",
    "workshop",
    "meeting",
    "congress",
    "advances in",
)
# A meeting renamed, whose old acronym its proceedings' title still spells.
_RENAMED: Final = {"neurips": "nips"}
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)?$")


def _names_proceedings(claimed: str, journal: str) -> bool:
    """Whether ``claimed`` names the meeting whose proceedings ``journal``
    is: ``CVPR`` or ``Proc. IEEE Conf. Computer Vision and Pattern
    Recognition`` for "2019 IEEE/CVF Conference on Computer Vision and
    Pattern Recognition (CVPR)". Every telling word of the claim (years,
    ordinals and words such as "Proceedings" or "IEEE" aside) must be a
    word of the record's title, the acronym it gives in brackets, or the
    initials of a run of its words."""
    lowered = journal.lower()
    if not any(word in lowered for word in _MEETING_WORDS) and "(" not in journal:
        return False
    theirs = _telling(normalise(journal))
    mine = [_RENAMED.get(w, w) for w in _telling(normalise(claimed))]
    if not mine or not theirs:
        return False
    words = set(theirs)
    # Acronyms are made of the meeting's words, "International Conference"
    # included (ICML): their initials are read over the whole title.
    every = [w for w in normalise(journal).split() if not _ORDINAL.match(w)]
    stop = [w in _JOURNAL_STOP_WORDS for w in every]
    for word in mine:
        if word in words:
            continue
        if not any(_initials_end(word, every, stop, j) is not None for j in range(len(every))):
            return False
    return True


def _telling(text: str) -> list[str]:
    return [w for w in text.split() if w not in _VENUE_NOISE and not _ORDINAL.match(w)]


# The score of a match made on structure (same words, an abbreviation).
_STRUCTURAL: Final = 100.0


@lru_cache(maxsize=4096)
def _journal_forms(name: str) -> tuple[str, ...]:
    """The normalised name, and the name without its qualifier when it has
    one; a leading "The" dropped from both."""
    head = _JOURNAL_QUALIFIER.split(name, maxsplit=1)[0]
    forms = (normalise(name), normalise(head)) if head != name else (normalise(name),)
    return tuple(dict.fromkeys(f.removeprefix("the ") for f in forms if f))


def _content(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in _JOURNAL_STOP_WORDS]


def _abbreviates(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether ``short`` abbreviates ``long`` word by word: each word of
    ``short`` a prefix of its word (``Biol``), a contraction of it (``Natl``
    for National: a prefix and the last letters), or the initials of a run
    of words (``USA``, ``JCO``); function words may be left out on either side."""
    if len(short) > len(long) or len(long) > _JOURNAL_MAX_WORDS:
        return False
    if _content(short) == _content(long):
        return False
    stop = [w in _JOURNAL_STOP_WORDS for w in long]
    memo: dict[tuple[int, int], bool] = {}

    def from_(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[i, j]
        if i == len(short) or j == len(long):
            done = all(stop[j:]) and all(w in _JOURNAL_STOP_WORDS for w in short[i:])
        else:
            word = short[i]
            done = (
                (_shortens(word, long[j]) and from_(i + 1, j + 1))
                or (stop[j] and from_(i, j + 1))
                or (word in _JOURNAL_STOP_WORDS and from_(i + 1, j))
                or ((end := _initials_end(word, long, stop, j)) is not None and from_(i + 1, end))
            )
        memo[i, j] = done
        return done

    return from_(0, 0)


# No journal title has more words; longer text is no journal name.
_JOURNAL_MAX_WORDS: Final = 30


def _initials_end(word: str, long: Sequence[str], stop: Sequence[bool], j: int) -> int | None:
    """Where a run of ``long`` from ``j`` whose initials spell ``word`` ends
    (function words inside the run skipped); None when there is none."""
    if len(word) < 2 or not word.isalpha():
        return None
    k = j
    for letter in word:
        while k < len(long) and stop[k] and long[k][0] != letter:
            k += 1
        if k == len(long) or long[k][0] != letter:
            return None
        k += 1
    return k


def _shortens(word: str, full: str) -> bool:
    if full.startswith(word):
        return True
    # A contraction keeps a prefix and the last letters: Natl, Intl, Dept.
    return any(
        full.startswith(word[:cut]) and full.endswith(word[cut:]) for cut in range(1, len(word))
    )
