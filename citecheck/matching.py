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

from __future__ import annotations

import html
import re
import string
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final, NamedTuple

from rapidfuzz import fuzz

from citecheck.models import Author, Claims, Record, TitleKind
from citecheck.names import PARTICLES, fold_letters, name_words, transliteration_key

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


class YearRelation(StrEnum):
    """How the claimed year relates to the record's years."""

    SAME = "same"
    """The claimed year is one of the record's issued, print or online years."""
    OFF_BY_ONE = "off-by-one"
    """One year away from one of them (online first, printed the next year)."""
    DIFFERENT = "different"
    """Two years or more away from every year of the record."""


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


class JournalRelation(StrEnum):
    """How the claimed journal relates to the record's journal."""

    SAME = "same"
    """The journal's full title."""
    ABBREVIATION = "abbreviation"
    """A recorded abbreviation (ISO, NLM) or a word-by-word abbreviation of the title."""
    DIFFERENT = "different"
    """Neither the title nor an abbreviation of it."""


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


@dataclass(frozen=True, slots=True)
class YearComparison:
    """The claimed year against every year of the record."""

    claimed: int
    record_years: tuple[int, ...]
    relation: YearRelation

    @property
    def delta(self) -> int:
        """Years between the claim and the nearest year of the record."""
        return min(abs(self.claimed - year) for year in self.record_years)


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

JOURNAL_SAME_RATIO: Final = 95.0
"""Ratio for one journal name against another. Real neighbours score high:
Journal of Clinical Oncology/Neurology 91, American Journal of Physiology/
Pathology 92, so only near-identical names (Disease/Diseases 98) pass."""

FIRST_AUTHOR_WEIGHT: Final = 2.0
"""The first author names the work in most styles (``Smith et al.``), so a
wrong first author weighs as much as two wrong co-authors."""


# --------------------------------------------------------------------------
# The comparison


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
# Normal forms

# A tag is ``<`` then a name that starts with a letter, so ``p < 0.05`` stays.
_TAG = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>")
_NON_WORD = re.compile(r"[\W_]+")


def _greek_name(letter: str) -> str:
    # "GREEK SMALL LETTER ALPHA" gives alpha; Unicode spells lambda "LAMDA".
    name = unicodedata.name(letter).split()[-1].lower()
    return "lambda" if name == "lamda" else name


# Lower-case Greek letters (α to ω, final ς included) spelled out, with
# spaces around so that ``TNFα`` meets ``TNF-alpha``.
_GREEK_LETTERS = str.maketrans({chr(c): f" {_greek_name(chr(c))} " for c in range(0x3B1, 0x3CA)})
# Spelled-out names glued to a neighbour (``NF-kappaB``, ``TNFalpha``) are
# split off; only names long enough never to occur by chance inside a word
# that matters. Both sides get the same treatment, so a split inside an
# ordinary word (``alphabet``) changes nothing.
_GLUED_GREEK_NAMES = "alpha beta gamma delta epsilon kappa lambda sigma omega theta".split()  # noqa: SIM905
_GLUED_GREEK = re.compile(f"({'|'.join(_GLUED_GREEK_NAMES)})")
_ASCII_PUNCTUATION = bytes.maketrans(string.punctuation.encode(), b" " * len(string.punctuation))


def normalise(text: str) -> str:
    """The comparison form of ``text``: markup and entities decoded, ``&``
    spelled ``and``, Unicode compatibility forms (ligatures) expanded,
    accents folded, lower case, Greek letters spelled out, punctuation as
    spaces, whitespace folded. Never raises; may return ``""``."""
    if "&" in text:
        text = html.unescape(text).replace("&", " and ")
    if "<" in text:
        text = _TAG.sub(" ", text)
    if not text.isascii():
        text = fold_letters(text).translate(_GREEK_LETTERS)
    if text.isascii():
        # Most text is ASCII by now: a byte table is fifty times faster than \W.
        text = text.lower().encode().translate(_ASCII_PUNCTUATION).decode()
    else:
        text = _NON_WORD.sub(" ", text)
    if any(name in text for name in _GLUED_GREEK_NAMES):
        text = _GLUED_GREEK.sub(r" \1 ", text)
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Authors

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


# --------------------------------------------------------------------------
# Year


def compare_year(claimed: int | None, record_years: Sequence[int]) -> YearComparison | None:
    """The claimed year against the record's years; None when either is missing."""
    if claimed is None or not record_years:
        return None
    delta = min(abs(claimed - year) for year in record_years)
    relation = (
        YearRelation.SAME
        if delta == 0
        else YearRelation.OFF_BY_ONE
        if delta == 1
        else YearRelation.DIFFERENT
    )
    return YearComparison(claimed, tuple(record_years), relation)


# --------------------------------------------------------------------------
# Title

# Where a title without a subtitle field is split into title and subtitle.
_SUBTITLE_BREAK = re.compile(r"[:?!]\s|\s[-–—]\s|—")
_STOP_WORDS: Final = frozenset(
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
    theirs = {w for w in title.split() if w not in _STOP_WORDS}
    shared: set[str] = set()
    for word in {w for w in claim.split() if w not in _STOP_WORDS}:
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


# --------------------------------------------------------------------------
# Journal

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
    return JournalComparison(claimed, best_name, round(best_score, 1), JournalRelation.DIFFERENT)


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
