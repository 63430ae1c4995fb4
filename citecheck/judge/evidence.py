"""What the entry's own text says about a record, whatever the parser read.

Parsing a reference string is uncertain; the string itself is not. Two
readings of it serve the judge:

- :func:`text_evidence`: is the record's title in the entry text, and are
  its authors' surnames and its year? A record whose title and surnames are
  nowhere in a wordy entry is another work even when no field was parsed;
  a title found verbatim proves identity even when the parser cut the
  entry wrongly (the idea behind Crossref's search-based matching with
  validation and biblio-glutton's post-validation).
- :func:`title_change`: the words a claimed title adds to the record's
  title, and the words it drops from inside it. An abridged title drops
  words at its end; a near-miss title ("Off-diagonal book Ramsey numbers"
  for "Off-diagonal Ramsey numbers") adds or swaps a word.

Pure; never raises for odd text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from citecheck.matching.normalise import normalise
from citecheck.matching.titles import TITLE_STOP_WORDS
from citecheck.models import Author, Record
from citecheck.names import PARTICLES, name_words, transliteration_key

__all__ = ["TextEvidence", "TitleChange", "authors_left_out", "text_evidence", "title_change"]

TITLE_FOUND_PARTIAL: Final = 92.0
"""Partial ratio of the record's title (main part) against the whole entry
text for "the title is in the entry": the title must appear nearly
verbatim, a typo or a changed ending aside."""

TITLE_FOUND_MIN_WORDS: Final = 3
"""A title of fewer words ("Sleep apnea") is found in many entries by chance."""

SURNAMES_LOOKED_FOR: Final = 3
"""How many of the record's authors are looked for in the entry text: the
ones every style names first; later ones are often cut by "et al."."""

WORD_PREFIX: Final = 5
"""Two words of at least this many letters that share this many first
letters count as one word (analysis/analyses, tumour/tumor)."""

WORD_RATIO: Final = 90.0
"""Or that score this ratio (a typo: Ramsey/Ramsy 91, dissolved/disolved
94); a prefix that changes the meaning stays below (organic/inorganic 88)."""

_PARTICLES: Final = frozenset(p.rstrip(".").lower() for p in PARTICLES)
_LINKS_AND_IDS: Final = re.compile(
    r"(?:https?://|www\.)\S+|\b10\.\d{4,9}/\S+|\b(?:doi|pmid|pmcid|arxiv)\b\s*:?|\bPMC\d+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TextEvidence:
    """The record's title, surnames and year looked for in the entry's text."""

    words: int
    """Content words of the entry text (numbers and stop words aside)."""
    title_words: int
    """Content words of the record's title (0 when it has none)."""
    title_coverage: float
    """Share of the record title's content words that the entry text holds."""
    title_found: bool
    """The record's title stands in the entry text nearly verbatim."""
    surnames_looked_for: int
    surnames_found: int
    year_found: bool


@dataclass(frozen=True, slots=True)
class TitleChange:
    """How a claimed title differs from the record's in words."""

    added: tuple[str, ...]
    """Content words of the claim that no word of the record's title is."""
    added_inside: tuple[str, ...]
    """Those of them between the claim's first and last word of the
    record's title: put into the title, not run on before or after it
    (a journal name the reader took for part of the title)."""
    dropped_inside: tuple[str, ...]
    """Content words of the record's title missing from the claim, before
    the claim's last word: dropped from the middle, not cut off the end."""

    @property
    def changed(self) -> bool:
        """The claim changes the title's words, beyond cutting it short."""
        return bool(self.added_inside or self.dropped_inside)


def text_evidence(raw: str, record: Record) -> TextEvidence:
    """The record looked for in ``raw``, the entry's text as written
    (links and identifiers are set aside: their words are no claims)."""
    text = normalise(_LINKS_AND_IDS.sub(" ", raw))
    words = text.split()
    vocabulary = frozenset(words)
    content = sum(1 for w in words if w not in TITLE_STOP_WORDS and not w.isdigit() and len(w) > 1)
    title = _title_text(record)
    title_words = _content_words(title)
    covered = sum(1 for w in title_words if _word_in(w, vocabulary))
    found = (
        len(title_words) >= TITLE_FOUND_MIN_WORDS
        and fuzz.partial_ratio(
            normalise(record.title or ""), text, score_cutoff=TITLE_FOUND_PARTIAL
        )
        > 0
    )
    looked_for = [a for a in record.authors[:SURNAMES_LOOKED_FOR] if _surname_words(a)]
    keys: frozenset[str] | None = None
    surnames = 0
    for author in looked_for:
        if all(w in vocabulary for w in _surname_words(author)):
            surnames += 1
            continue
        if keys is None:  # transliterations: only when a name was not found as written
            keys = frozenset(transliteration_key(w) for w in vocabulary if len(w) > 2)
        if any(transliteration_key(w) in keys for w in _surname_words(author)):
            surnames += 1
    years = {str(y) for y in record.years}
    return TextEvidence(
        words=content,
        title_words=len(title_words),
        title_coverage=covered / len(title_words) if title_words else 0.0,
        title_found=found,
        surnames_looked_for=len(looked_for),
        surnames_found=surnames,
        year_found=bool(years & vocabulary),
    )


def title_change(claimed: str, title: str, subtitle: str | None = None) -> TitleChange:
    """The words ``claimed`` adds to the record's title (and subtitle) and
    the words it drops from inside it."""
    claim = _content_words(normalise(claimed))
    full = _content_words(normalise(f"{title} {subtitle or ''}"))
    record_set = frozenset(full)
    known = [_word_in(w, record_set) for w in claim]
    added = tuple(w for w, k in zip(claim, known, strict=True) if not k)
    inside = [i for i, k in enumerate(known) if k]
    added_inside = (
        tuple(
            w
            for w, k in zip(
                claim[inside[0] : inside[-1]], known[inside[0] : inside[-1]], strict=True
            )
            if not k
        )
        if inside
        else ()
    )
    claim_set = frozenset(claim)
    # Where the claim stops following the record's title: words missing
    # after that point were cut off (abridged), words before it dropped.
    last = max((i for i, w in enumerate(full) if _word_in(w, claim_set)), default=-1)
    dropped = tuple(w for w in full[:last] if not _word_in(w, claim_set))
    return TitleChange(added=added, added_inside=added_inside, dropped_inside=dropped)


def _title_text(record: Record) -> str:
    return normalise(f"{record.title or ''} {record.subtitle or ''}")


def _content_words(text: str) -> list[str]:
    return [w for w in text.split() if w not in TITLE_STOP_WORDS and len(w) > 1]


def _word_in(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``word`` or a spelling of it (a typo, another ending) is in
    ``vocabulary``."""
    if word in vocabulary:
        return True
    if word.isdigit():
        return False
    return any(_same_word(word, other) for other in vocabulary)


@lru_cache(maxsize=65536)
def _same_word(a: str, b: str) -> bool:
    if len(a) >= WORD_PREFIX and len(b) >= WORD_PREFIX and a[:WORD_PREFIX] == b[:WORD_PREFIX]:
        return True
    if min(len(a), len(b)) < WORD_PREFIX or abs(len(a) - len(b)) > 2:
        return False
    return fuzz.ratio(a, b, score_cutoff=WORD_RATIO) > 0


@lru_cache(maxsize=8192)
def _surname_words_of(family: str) -> tuple[str, ...]:
    words = [w for w in name_words(family) if w not in _PARTICLES]
    return tuple(w for w in words if len(w) > 1)


def _surname_words(author: Author) -> tuple[str, ...]:
    if author.is_organisation:
        return tuple(_content_words(normalise(author.family))[:3])
    return _surname_words_of(author.family)


def authors_left_out(claimed: Sequence[Author], recorded: Sequence[Author]) -> int:
    """How many of the record's authors a complete-looking claimed list
    leaves out from its middle: the claimed authors found, in order, at
    positions of the record's list with gaps between them, or ending with
    the record's last author while fewer. 0 when nothing can be said (a
    claimed name not found, one author claimed, the list merely cut short,
    which styles do)."""
    if len(claimed) < 2 or len(recorded) <= len(claimed):
        return 0
    keys = [_surname_words(a) for a in recorded]
    positions: list[int] = []
    start = 0
    for author in claimed:
        mine = _surname_words(author)
        found = next((i for i in range(start, len(keys)) if mine and keys[i] == mine), None)
        if found is None:
            return 0
        positions.append(found)
        start = found + 1
    if positions[0] != 0:
        return 0
    gaps = positions[-1] + 1 - len(positions)
    if positions[-1] == len(recorded) - 1:
        return len(recorded) - len(claimed)
    return gaps
