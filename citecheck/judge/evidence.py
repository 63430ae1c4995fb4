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

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Final, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from citecheck.matching.normalise import normalise
from citecheck.matching.titles import TITLE_STOP_WORDS
from citecheck.models import Author, Record
from citecheck.names import PARTICLES, name_words
from citecheck.names import transliteration_key as _transliteration_key

__all__ = ["TextEvidence", "TitleChange", "authors_left_out", "text_evidence", "title_change"]

TITLE_FOUND_PARTIAL: Final = 92.0
"""Partial ratio of the record's title (main part) against the whole entry
text for "the title is in the entry": the title must appear nearly
verbatim, a typo or a changed ending aside."""

TITLE_LOCATED_PARTIAL: Final = 75.0
"""Partial ratio from which the place where the title best aligns is taken
for where the entry gives its title, changed or not."""

_WINDOW_SLACK = 24  # characters looked at beyond the aligned place

_YEAR_WORD: Final = re.compile(r"1[5-9]\d\d|20\d\d")

BREAK: Final = "qzbreakqz"
"""Stands in the marked text where a sentence (or a quoted title) ends."""
_SENTENCE_END: Final = re.compile(r"[.?!”\"](?=\s)")

_NOT_NAMES: Final = frozenset({"et", "al", "eds", "ed", "editors", "editor", "by"})
_BIBLIOGRAPHIC_WORDS: Final = frozenset(
    "vol volume issue pages page edition eds editor editors proceedings proc retrieved "  # noqa: SIM905
    "accessed available online epub ahead print doi pmid pmcid arxiv https http www org "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec press university journal".split()
)

TITLE_FOUND_MIN_WORDS: Final = 3
"""A title of fewer words ("Sleep apnea") is found in many entries by chance."""

MAX_DROPPED: Final = 2
"""Title words a claim may skip at one place and still follow the title."""

ALIGNMENT_GAP: Final = 2
"""Claimed words in a row that are no title words after which the claim is
taken to have left the title: a near-miss changes a word or two."""

BEGINS_TITLE_WORDS: Final = 3
"""Content words a claim must share with the start of the record's title,
in order, to count as the title cut short rather than another title."""

TITLE_START_WORDS: Final = 4
"""First content words of a title that, standing together in an entry,
show the entry starts the title (shorter starts are shared by chance)."""

SURNAMES_LOOKED_FOR: Final = 3
"""How many of the record's authors are looked for in the entry text: the
ones every style names first; later ones are often cut by "et al."."""

WORD_PREFIX: Final = 5
"""Two words of at least this many letters that share this many first
letters count as one word (analysis/analyses, tumour/tumor)."""

TYPO_MIN_LETTERS: Final = 3
"""Or that are one letter apart, the longer of at least this many letters
(a typo: Ramsey/Ramsy, based/ased, with/wit, and/nd); two letters apart
are two words (organic/inorganic), and so are two-letter words (in/is)."""

_PARTICLES: Final = frozenset(p.rstrip(".").lower() for p in PARTICLES)
# Words and names repeat across a corpus: their keys are worth keeping.
transliteration_key = lru_cache(maxsize=65536)(_transliteration_key)
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
    years_given: tuple[int, ...] = ()
    """The years (1500 to 2099) the entry text holds, in order."""
    title_begins: bool = False
    """The first words of the record's title stand together in the entry
    text: a title cut short, however the rest of the entry was read."""
    text: str = ""
    """The entry text in comparison form (links and identifiers aside)."""
    title_window: str = ""
    """The part of the text where the record's title best aligns, with some
    words either side ("" when it aligns nowhere well): what the entry
    calls the work, however the reader cut it."""
    title_verbatim: bool = False
    """The record's title (with its subtitle) stands in the text word for
    word, in comparison form."""
    title_located: float = 0.0
    """How well the title aligns there (rapidfuzz partial ratio, 0 when nowhere)."""
    words_before_title: tuple[str, ...] = ()
    """The words before that place (numbers and "et al." aside): in nearly
    every style, the authors."""

    first_author_found: bool = False
    et_al: bool = False
    """The entry says "et al." somewhere, or elides names with "…" (APA
    lists the first nineteen, "…", and the last)."""
    authors_left_out: int = 0
    """Record authors missing between the first and the last one that the
    words before the title name (see :func:`authors_left_out`)."""
    unexplained: int = 0
    """Words of the entry that are none of the record's: not its title's,
    authors', journal's, nor the words every entry has (vol, pp, month
    names). Many of them, with little of the title, are another title."""
    authors_before_title: int = 0
    """Words before the title that are words of a name in the record's
    author list (any author, organisations included)."""

    @property
    def names_first_authors(self) -> bool:
        """The record's first authors are named in the entry: all of the
        first three, or the first one before "et al."."""
        if self.surnames_looked_for == 0:
            return False
        return self.surnames_found == self.surnames_looked_for or (
            self.et_al and self.first_author_found
        )

    def holds(self, value: str | None) -> bool:
        """Whether the entry text holds ``value`` (a journal, a volume) as
        whole words, in comparison form."""
        wanted = normalise(value) if value else ""
        return bool(wanted) and f" {wanted} " in f" {self.text} "


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

    aligned: int = 0
    """Claimed words aligned, in order, with words of the record's title."""
    title_words: int = 0
    """Content words of the record's title (and subtitle)."""
    from_start: bool = False
    """The alignment starts at the title's first word."""

    @property
    def changed(self) -> bool:
        """The claim changes the title's words, beyond cutting it short."""
        return bool(self.added_inside or self.dropped_inside)

    @property
    def holds_title(self) -> bool:
        """Every word of the record's title is in the claim, in order, unchanged:
        the reader ran the title on into what follows it (the journal)."""
        return not self.changed and self.title_words > 0 and self.aligned == self.title_words

    @property
    def begins_title(self) -> bool:
        """The claim starts as the title does for a few words, unchanged,
        then stops or runs on: a cut title, however it was read."""
        return not self.changed and self.from_start and self.aligned >= BEGINS_TITLE_WORDS


class _RecordWords(NamedTuple):
    """What of a record the entry text is searched for, in comparison form."""

    main: str
    """The title as the record gives it."""
    full: str
    """The title and the subtitle."""
    title_words: tuple[str, ...]
    """Content words of the title and subtitle."""
    title_set: frozenset[str]
    title_spellings: _Vocabulary
    looked_for: tuple[tuple[str, ...], ...]
    """Surname words of the first authors."""
    explained: frozenset[str]
    """Words an entry of this record may hold besides its title and names."""
    every_name: frozenset[str]
    years: frozenset[str]


@lru_cache(maxsize=4096)
def _record_words(record: Record) -> _RecordWords:
    # A corpus cites the same records again and again: their side of the
    # comparison is worked out once.
    title_words = tuple(_content_words(_title_text(record)))
    looked_for = tuple(
        words for a in record.authors[:SURNAMES_LOOKED_FOR] if (words := _surname_words(a))
    )
    journal_words = frozenset(
        w
        for name in (record.journal, *record.journal_abbreviations)
        if name
        for w in normalise(name).split()
    )
    every_name = frozenset(
        w
        for a in record.authors
        for w in (*name_words(a.family), *name_words(a.given))
        if len(w) > 1
    )
    return _RecordWords(
        main=normalise(record.title or ""),
        full=_title_text(record),
        title_words=title_words,
        title_set=frozenset(title_words),
        title_spellings=_Vocabulary(frozenset(title_words)),
        looked_for=looked_for,
        explained=frozenset(title_words) | _BIBLIOGRAPHIC_WORDS | journal_words,
        every_name=every_name,
        years=frozenset(str(y) for y in record.years),
    )


def text_evidence(raw: str, record: Record) -> TextEvidence:
    """The record looked for in ``raw``, the entry's text as written
    (links and identifiers are set aside: their words are no claims)."""
    mine = _record_words(record)
    # Normalised once with its sentence ends marked: the marks bound the
    # words compared with the title; everything else reads the text without.
    marked = normalise(_SENTENCE_END.sub(f" {BREAK} ", _LINKS_AND_IDS.sub(" ", raw)))
    words = [w for w in marked.split() if w != BREAK]
    text = " ".join(words)
    vocabulary = frozenset(words)
    spellings = _Vocabulary(vocabulary)
    content = sum(1 for w in words if w not in TITLE_STOP_WORDS and not w.isdigit() and len(w) > 1)
    title_words = mine.title_words
    covered = sum(1 for w in title_words if spellings.has_spelling_of(w))
    found = False
    located = 0.0
    window = ""
    before: tuple[str, ...] = ()
    head_words: tuple[str, ...] = ()
    if len(title_words) >= TITLE_FOUND_MIN_WORDS and text and mine.main:
        place = fuzz.partial_ratio_alignment(mine.main, marked)
        if place is not None and place.score >= TITLE_LOCATED_PARTIAL:
            found = place.score >= TITLE_FOUND_PARTIAL
            located = place.score
            # Some room either side: an inserted word shifts the title's end,
            # and the alignment may start inside the title's first word.
            start = marked.rfind(" ", 0, max(0, place.dest_start - _WINDOW_SLACK)) + 1
            end = marked.find(" ", min(len(marked), place.dest_end + _WINDOW_SLACK))
            window = marked[start : end if end != -1 else len(marked)]
            head = marked[: marked.rfind(" ", 0, place.dest_start + 1) + 1]
            head_words = tuple(w for w in head.split() if w != BREAK)
            before = tuple(
                w
                for w in head_words
                if w.isalpha()
                and len(w) > 1
                and w not in TITLE_STOP_WORDS
                and w not in _NOT_NAMES
                and w not in mine.title_set
            )
    keys: frozenset[str] | None = None
    surnames = 0
    first_found = False
    for position, surname in enumerate(mine.looked_for):
        if all(w in vocabulary for w in surname):
            surnames += 1
            first_found = first_found or position == 0
            continue
        if keys is None:  # transliterations: only when a name was not found as written
            keys = frozenset(transliteration_key(w) for w in vocabulary if len(w) > 2)
        if any(transliteration_key(w) in keys for w in surname):
            surnames += 1
            first_found = first_found or position == 0
    return TextEvidence(
        words=content,
        title_words=len(title_words),
        title_coverage=covered / len(title_words) if title_words else 0.0,
        title_found=found,
        surnames_looked_for=len(mine.looked_for),
        surnames_found=surnames,
        year_found=bool(mine.years & vocabulary),
        years_given=tuple(sorted({int(w) for w in vocabulary if _YEAR_WORD.fullmatch(w)})),
        title_begins=_begins(title_words, words),
        text=text,
        title_window=window,
        title_located=located,
        title_verbatim=bool(mine.full) and f" {mine.full} " in f" {text} ",
        words_before_title=before,
        first_author_found=first_found,
        et_al=(et_al := " et al" in f" {text}" or "…" in raw or "..." in raw),
        # An entry that says "et al." leaves authors out openly.
        authors_left_out=0 if et_al else _left_out_in_text(head_words, record.authors),
        authors_before_title=sum(1 for w in before if w in mine.every_name),
        unexplained=sum(
            1
            for w in vocabulary
            if len(w) > 2
            and w.isalpha()
            and w not in TITLE_STOP_WORDS
            and w not in mine.explained
            and w not in mine.every_name
            and not mine.title_spellings.has_spelling_of(w)
        ),
    )


def _left_out_in_text(before: tuple[str, ...], authors: Sequence[Author]) -> int:
    """How many of the record's authors the words before the title leave
    out while naming its first and its last: a list silently cut in the
    middle. 0 when either end is not named, or for fewer than three."""
    if len(authors) < 3 or not before:
        return 0
    words = set(before)
    named = [
        bool(_surname_words(a)) and all(w in words for w in _surname_words(a)) for a in authors
    ]
    if all(named):
        return 0
    # Only names not found as written are looked for as transliterations.
    keys = {transliteration_key(w) for w in words}
    named = [
        found
        or (
            bool(_surname_words(a))
            and all(transliteration_key(w) in keys for w in _surname_words(a))
        )
        for found, a in zip(named, authors, strict=True)
    ]
    if not (named[0] and named[-1]):
        return 0
    return named.count(False)


def _begins(title_words: Sequence[str], words: Sequence[str]) -> bool:
    """Whether the first words of a title stand together, in order, among ``words``."""
    head = list(title_words[:TITLE_START_WORDS])
    if len(head) < TITLE_START_WORDS:
        return False
    content = [w for w in words if w not in TITLE_STOP_WORDS and len(w) > 1]
    return any(content[i : i + len(head)] == head for i in range(len(content) - len(head) + 1))


def title_change(claimed: str, title: str, subtitle: str | None = None) -> TitleChange:
    """The words ``claimed`` adds to the record's title (and subtitle) and
    the words it drops from inside it.

    The claim's words are aligned with the title's in order; the title's
    words skipped between two aligned ones were dropped, those after the
    last aligned one cut off (an abridgement). Two words run together
    (``withmultiple``) or split count as the same words."""
    claim_text, full_text = normalise(claimed), normalise(f"{title} {subtitle or ''}")
    claim, full = _content_words(claim_text), _content_words(full_text)
    record_set = frozenset(full_text.split()) | _run_together(full_text.split())
    claim_set = frozenset(claim) | _run_together(claim_text.split())
    # Two of the title's words run together in the claim ("toenhanced")
    # stand for both.
    for left, right in pairwise(full_text.split()):
        if left + right in claim_set:
            claim_set |= {left, right}
    record_spellings, claim_spellings = _Vocabulary(record_set), _Vocabulary(claim_set)
    # Split apart in the claim ("SnO 2thin" for "SnO2thin"): both halves are the title's.
    halves = {
        half
        for left, right in pairwise(claim_text.split())
        if left + right in record_set
        for half in (left, right)
    }
    known = [w == BREAK or w in halves or record_spellings.has_spelling_of(w) for w in claim]
    added = tuple(w for w, k in zip(claim, known, strict=True) if not k)
    positions: list[int] = []  # where each aligned claim word is in the claim
    dropped: list[str] = []
    places: dict[str, list[int]] = {}  # where each word stands in the title
    for place, title_word in enumerate(full):
        places.setdefault(title_word, []).append(place)
    head, colon, _ = title.partition(":")
    label = frozenset(_content_words(normalise(head))) if colon else frozenset()
    pointer = 0
    start: int | None = None
    misses = 0
    after_break = False
    for index, word in enumerate(claim):
        if word == BREAK:
            after_break = bool(positions)
            continue
        # A word that is no spelling of any title word stands nowhere in it.
        at = _next_place(word, pointer, full, places) if known[index] else None
        if at is not None and positions and at > pointer:
            # Title words skipped: a word or two dropped, if the claim goes
            # on with the title after it; else the claim has left the title
            # and met one of its words by chance (a journal's "Landscape").
            follows = (
                index + 1 < len(claim)
                and at + 1 < len(full)
                and _same(claim[index + 1], full[at + 1])
            ) or (index == len(claim) - 1 and at == len(full) - 1)  # both end here
            if at - pointer > MAX_DROPPED or not follows:
                at = None
        if at is None:
            misses += 1
            if positions and (misses > ALIGNMENT_GAP or after_break):
                break  # past the title: what follows (a journal, a year) is no part of it
            continue
        misses = 0
        after_break = False
        skipped = [
            w
            for w in full[pointer:at]
            if not w.isdigit() and not claim_spellings.has_spelling_of(w)
        ]
        # Words before the first one the claim follows are dropped too,
        # unless they are a label before the title's colon ("TT: Display...").
        if positions or not set(skipped) <= label:
            dropped.extend(skipped)
        positions.append(index)
        start = at if start is None else start
        pointer = at + 1
    added_inside: tuple[str, ...] = ()
    if positions:
        # Between the first and the last word the claim follows, every word
        # it does not is put in: a word of no title, or one of the title's
        # own at a place where the title does not have it.
        first, last = positions[0], positions[-1]
        followed = set(positions)
        # A typo of one of the title's small words ("usng") is no word put in.
        small = _Vocabulary(frozenset(w for w in full_text.split() if w in TITLE_STOP_WORDS))
        added_inside = tuple(
            w
            for i, w in enumerate(claim[first:last], start=first)
            if i not in followed
            and w != BREAK
            and w not in halves
            and not w.isdigit()
            and w not in _BIBLIOGRAPHIC_WORDS
            and not small.has_spelling_of(w)
        )
    return TitleChange(
        added=added,
        added_inside=added_inside,
        dropped_inside=tuple(dropped),
        aligned=len(positions),
        title_words=len(full),
        from_start=start == 0,
    )


def _next_place(
    word: str, pointer: int, full: list[str], places: dict[str, list[int]]
) -> int | None:
    """The first place from ``pointer`` on where ``full`` has ``word`` or a
    spelling of it. A word found as written is looked up, not searched for."""
    exact = places.get(word)
    if exact is not None:
        at = bisect.bisect_left(exact, pointer)
        if at < len(exact):
            # A spelling of it may stand earlier than the word itself.
            first = exact[at]
            return next((i for i in range(pointer, first) if _same(word, full[i])), first)
    return next((i for i in range(pointer, len(full)) if _same(word, full[i])), None)


def _run_together(words: list[str]) -> frozenset[str]:
    return frozenset(a + b for a, b in pairwise(words))


def _same(a: str, b: str) -> bool:
    return a == b or (not a.isdigit() and _same_word(a, b))


def _title_text(record: Record) -> str:
    return normalise(f"{record.title or ''} {record.subtitle or ''}")


def _content_words(text: str) -> list[str]:
    return [w for w in text.split() if w not in TITLE_STOP_WORDS and len(w) > 1]


class _Vocabulary:
    """Words to look a word up in, by its spellings: itself, a word that
    shares its first letters, or one a letter apart (:func:`_same_word`),
    found without comparing it with every word."""

    __slots__ = ("_prefixes", "_typo_candidates", "words")

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self._prefixes = frozenset(w[:WORD_PREFIX] for w in words if len(w) >= WORD_PREFIX)
        self._typo_candidates = [w for w in words if len(w) >= 2 and not w.isdigit()]

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def has_spelling_of(self, word: str) -> bool:
        if word in self.words:
            return True
        if word.isdigit():
            return False
        if len(word) >= WORD_PREFIX and word[:WORD_PREFIX] in self._prefixes:
            return True
        if len(word) < 2 or not self._typo_candidates:
            return False
        close = process.extractOne(
            word, self._typo_candidates, scorer=Levenshtein.distance, score_cutoff=1
        )
        return close is not None and max(len(word), len(close[0])) >= TYPO_MIN_LETTERS


@lru_cache(maxsize=65536)
def _same_word(a: str, b: str) -> bool:
    if len(a) >= WORD_PREFIX and len(b) >= WORD_PREFIX and a[:WORD_PREFIX] == b[:WORD_PREFIX]:
        return True
    if max(len(a), len(b)) < TYPO_MIN_LETTERS or min(len(a), len(b)) < 2:
        return False
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


@lru_cache(maxsize=8192)
def _surname_words_of(family: str) -> tuple[str, ...]:
    every = name_words(family)
    # A surname that is all particle-like words (Le, Du, Da) is itself.
    words = [w for w in every if w not in _PARTICLES] or every
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
