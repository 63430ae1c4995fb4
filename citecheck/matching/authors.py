"""Claimed authors against the record's author list: :func:`compare_authors`.

Names are compared in their own forms on top of :func:`normalise`: surname
keys with and without particles, each part of a compound surname,
transliteration skeletons (:func:`~citecheck.names.transliteration_key`),
and an organisation's names and acronyms. Pure; never raises for odd text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, NamedTuple

from rapidfuzz import fuzz

from citecheck.matching.normalise import normalise
from citecheck.models import Author
from citecheck.names import PARTICLES, name_words, transliteration_key

__all__ = ["AuthorComparison", "compare_authors"]


@dataclass(frozen=True, slots=True)
class AuthorComparison:
    """The claimed authors against the record's author list.

    ``score`` is ``matched / claimed`` as a percentage with the first
    claimed author weighted double; a first author found in the record but
    not first there earns single weight only.
    """

    claimed: int
    """Surnames claimed (organisations count as names)."""
    matched: int
    """How many of them are in the record's author list."""
    first_author_matches: bool
    """The claimed first author is the record's first author."""
    soft: bool
    """Some match needed the lenient (transliteration-level) score, or a
    given name standing where the family name should be: a softer verdict,
    never an accusation."""
    unmatched: tuple[str, ...]
    """Claimed surnames not found, as the entry writes them."""
    score: float


# --------------------------------------------------------------------------
# Thresholds. Scores are rapidfuzz's, 0-100, on normalised text.

NAME_LENIENT_RATIO: Final = 88.0
"""Ratio between transliteration keys (:func:`~citecheck.names.transliteration_key`)
for a soft name match. The keys make most spellings of one name equal (Müller/
Mueller, Tchaikovsky/Chaikovskiy, Jurgen/Yurgen, Wei/Wey); the ratio takes
what is left (Dostoevsky/Dostoyevsky 90, Chebyshev/Tschebyscheff 89).
Different names one letter apart stay below: Hansen/Hanson 83, Miller/Muller
83, Martin/Martinez 86, Rollinson/Robinson 88 (not above)."""

NAME_LENIENT_MIN_LENGTH: Final = 6
"""Shorter keys must be equal to match softly: one letter is 20-40 % of a
short name, and Jiang/Yang or Zhang/Zhuang (91) are different people."""

ORGANISATION_RATIO: Final = 90.0
"""Ratio for two spellings of one organisation (``Organization``/``Organisation``,
a dropped ``the``); organisation names are long, so 90 still means a few
characters at most."""

FIRST_AUTHOR_WEIGHT: Final = 2.0
"""The first author names the work in most styles (``Smith et al.``), so a
wrong first author weighs as much as two wrong co-authors."""


# --------------------------------------------------------------------------
# Names

_PARTICLES: Final = frozenset(p.rstrip(".") for p in PARTICLES)
_ORGANISATION_STOP_WORDS: Final = frozenset({"of", "the", "and", "for", "on", "in", "at"})
_BRACKETED = re.compile(r"\(([^()]+)\)")

# How well a claimed name matched a record author, best first. The last two
# are soft: a transliteration, or a record that swapped given and family.
_FULL, _PART, _ORGANISATION, _SWAPPED, _LENIENT = 5, 4, 3, 2, 1


class _Name(NamedTuple):
    """The forms one person's name is compared in."""

    full: frozenset[str]
    """The whole surname, with and without particles and spaces."""
    parts: frozenset[str]
    """Each word of the surname (particles and single letters aside)."""
    given: str
    """The whole given name, folded; ``""`` when it is only initials."""
    initial: str


@lru_cache(maxsize=8192)
def _name(family: str, given: str) -> _Name:
    # Names repeat across a corpus (the same authors, the same records), so
    # their forms are worth keeping.
    words = _words(family)
    given_words = _words(given) if given else ()
    if len(words) == 1:  # most surnames: one word, no particle
        full = parts = frozenset(words)
    else:
        core = [w for w in words if w not in _PARTICLES] or words
        full = frozenset({" ".join(words), " ".join(core), "".join(words), "".join(core)})
        parts = frozenset(w for w in core if len(w) > 1)
    return _Name(
        full,
        parts,
        " ".join(given_words) if any(len(w) > 1 for w in given_words) else "",
        given_words[0][0] if given_words else "",
    )


@lru_cache(maxsize=8192)
def _transliteration_keys(family: str) -> frozenset[str]:
    """Transliteration keys of the whole surname (particles aside) and of its
    parts; only asked for names that found no exact match."""
    words = name_words(family)
    core = [w for w in words if w not in _PARTICLES] or words
    return frozenset(transliteration_key(w) for w in {"".join(core), *core} if len(w) > 1)


@lru_cache(maxsize=2048)
def _organisation_names(author: Author) -> frozenset[str]:
    """What an organisation (or a person a record may have filed one as)
    can be called: its name in either order, its acronym, any acronym it
    gives in brackets. ``WHO`` for World Health Organization."""
    names = {normalise(author.family)}
    if author.given:
        names |= {
            normalise(f"{author.given} {author.family}"),
            normalise(f"{author.family} {author.given}"),
        }
    for name in list(names):
        words = [w for w in name.split() if w not in _ORGANISATION_STOP_WORDS]
        if len(words) > 1:
            names.add("".join(w[0] for w in words))
    names.update(normalise(inside) for inside in _BRACKETED.findall(author.family))
    return frozenset(names - {""})


def _same_organisation(claimed: Author, recorded: Author) -> bool:
    """Whether two authors can be one organisation: a name of one is a name
    of the other, a run of two or more of its words, or the same but for a
    few letters (Organization/Organisation). Never on one shared word."""
    claimed_name = normalise(claimed.family)
    recorded_names = _organisation_names(recorded)
    if claimed_name in recorded_names or not recorded_names.isdisjoint(
        _organisation_names(claimed)
    ):
        return True
    return any(
        (" " in claimed_name and f" {claimed_name} " in f" {name} ")
        or (" " in name and f" {name} " in f" {claimed_name} ")
        or fuzz.ratio(claimed_name, name, score_cutoff=ORGANISATION_RATIO) > 0
        for name in recorded_names
    )


def _exact_level(claimed: Author, mine: _Name, recorded: Author, their: _Name) -> int:
    """How well ``claimed`` names ``recorded`` without leniency; 0 for not."""
    if claimed.is_organisation or recorded.is_organisation:
        if not _same_organisation(claimed, recorded):
            return 0
        return _FULL if claimed.is_organisation == recorded.is_organisation else _ORGANISATION
    if not mine.full.isdisjoint(their.full):
        return _FULL
    return _PART if not mine.parts.isdisjoint(their.parts) else 0


def _soft_level(claimed: Author, mine: _Name, recorded: Author, their: _Name) -> int:
    """How well ``claimed`` names ``recorded`` leniently; 0 for not at all."""
    if claimed.is_organisation or recorded.is_organisation:
        return 0
    # Given and family swapped in the record (East Asian names): the claimed
    # surname is the record's whole given name. Not one word of it, since
    # given names are made of syllables that are surnames too (Myung Jin).
    if their.given in mine.full:
        return _SWAPPED
    for a in _transliteration_keys(claimed.family):
        for b in _transliteration_keys(recorded.family):
            if a == b or (
                min(len(a), len(b)) >= NAME_LENIENT_MIN_LENGTH
                and fuzz.ratio(a, b, score_cutoff=NAME_LENIENT_RATIO) > 0
            ):
                return _LENIENT
    return 0


def compare_authors(
    claimed: Sequence[Author], recorded: Sequence[Author]
) -> AuthorComparison | None:
    """The claimed authors against the record's; None when either list is empty.

    Every claimed author is looked for among the record authors not yet
    taken: first all of them exactly (whole surname, one part of a compound
    surname, an organisation's name or acronym), then the rest leniently
    (swapped given and family names, transliterations), so that a lenient
    match never takes an author an exact one needs. Among candidates the
    best level wins, then an agreeing initial, then the same position.
    Record authors the claim leaves out (``et al.``, a truncated list)
    cost nothing.
    """
    # An author whose name folds to nothing ("-") claims nothing.
    claimed = [a for a in claimed if _words(a.family)]
    if not claimed or not recorded:
        return None
    assigned: list[int | None] = [None] * len(claimed)
    levels: dict[int, int] = {}  # record position -> level of its match
    # The usual case first, cheaply: the same surname at the same place in
    # the list, initials agreeing (or none claimed). No candidate beats it,
    # and the rest of a long author list need not even be read.
    for position, (author, there) in enumerate(zip(claimed, recorded, strict=False)):
        if _plainly_same(author, there):
            assigned[position] = position
            levels[position] = _FULL
    for level_of in (_exact_level, _soft_level):
        for position, author in enumerate(claimed):
            if assigned[position] is None:
                mine = _name(author.family, author.given)
                found = _find(level_of, author, mine, position, recorded, levels)
                if found is not None:
                    assigned[position], levels[found[0]] = found
    return _author_comparison(claimed, assigned, levels)


def _plainly_same(claimed: Author, recorded: Author) -> bool:
    if claimed.is_organisation or recorded.is_organisation:
        return False
    if _words(claimed.family) != _words(recorded.family):
        return False
    initial = _initial(claimed.given)
    return not initial or initial == _initial(recorded.given)


def _initial(given: str) -> str:
    words = _words(given) if given else ()
    return words[0][0] if words else ""


@lru_cache(maxsize=16384)
def _words(name: str) -> tuple[str, ...]:
    return tuple(name_words(name))


def _find(
    level_of: Callable[[Author, _Name, Author, _Name], int],
    author: Author,
    name: _Name,
    position: int,
    recorded: Sequence[Author],
    taken: Container[int],
) -> tuple[int, int] | None:
    """The record position and level of the best match for ``author``."""
    best: tuple[int, bool, bool, int] | None = None
    for index, candidate in enumerate(recorded):
        if index in taken:
            continue
        their = _name(candidate.family, candidate.given)
        if level := level_of(author, name, candidate, their):
            agrees = bool(name.initial) and name.initial == their.initial
            best = max(best or (0, False, False, 0), (level, agrees, index == position, -index))
    return (-best[3], best[0]) if best is not None else None


def _author_comparison(
    claimed: Sequence[Author], assigned: Sequence[int | None], levels: dict[int, int]
) -> AuthorComparison:
    first_matches = assigned[0] == 0
    # The first author counts double where the claim puts them, once when
    # found elsewhere in the record.
    first_weight = FIRST_AUTHOR_WEIGHT if first_matches else 1.0
    earned = sum(1.0 for index in assigned[1:] if index is not None)
    earned += first_weight if assigned[0] is not None else 0.0
    return AuthorComparison(
        claimed=len(claimed),
        matched=sum(index is not None for index in assigned),
        first_author_matches=first_matches,
        soft=any(level <= _SWAPPED for level in levels.values()),
        unmatched=tuple(
            a.family for a, index in zip(claimed, assigned, strict=True) if index is None
        ),
        score=round(100.0 * earned / (FIRST_AUTHOR_WEIGHT + len(claimed) - 1), 1),
    )
