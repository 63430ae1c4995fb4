"""What a line of an article's front matter or page headers is: a title,
a list of authors, a venue (journal, volume, issue, year), a DOI.

The classifiers :mod:`citecheck.parsing.identity` reads a document's own
identity with. Each is meant to be sure of what it takes: a line that may
be a title and may be a sentence is no title. Pure; never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from citecheck.identifiers import scan
from citecheck.models import Author, Identifier, IdType
from citecheck.names import PARTICLES

__all__ = [
    "DOI_LABEL",
    "HEADER_AUTHORS",
    "LETTER",
    "MAX_HEADER_LENGTH",
    "MAX_TITLE_LENGTH",
    "MIN_TITLE_WORDS",
    "NOT_NAMES",
    "author_line",
    "first_doi",
    "header_author",
    "title_like",
    "title_piece",
    "venue",
]

MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 40
MAX_TITLE_LENGTH = 300
MAX_HEADER_LENGTH = 160
"""A running page header is a short line; longer repeated lines are text."""

# Lines that are labels of a page or section, never an article's title.
_LABELS = frozenset(
    (
        "abstract", "summary", "introduction", "background", "contents", "review",
        "references", "bibliography", "keywords", "key words", "methods", "results",
        "discussion", "conclusion", "conclusions", "acknowledgements", "acknowledgments",
        "article", "research article", "original article", "original research",
        "review article", "research paper", "letter", "editorial", "commentary",
        "perspective", "open access", "key issues", "expert commentary",
        "five-year view", "table of contents",
    )
)  # fmt: skip

# Lines that open like a caption or a journal's name, never an article's title.
_NOT_TITLE_START = re.compile(
    r"^\s*(?:table|figure|fig\.|supplementary|journal\s+of|proceedings|annals\s+of|"
    r"archives\s+of|transactions|bulletin|international\s+journal)\b",
    re.IGNORECASE,
)

_URLISH = re.compile(r"https?://|www\.|@|\.(?:com|org|net|edu)\b", re.IGNORECASE)
DOI_LABEL = re.compile(r"\bdoi\b|doi\.org/", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[a-z]{3}[.!] +[A-Z]")
LETTER = re.compile(r"[^\W\d_]")

# Journal, volume, issue, pages and year as page headers write them:
# "Expert Rev. Anticancer Ther. 11(4), (2011)", "Nature 410, 50–56 (2001)",
# "J Clin Invest. 2005;115(1):12-20", "Cell Mol Life Sci (2019) 76:1-12".
_JOURNAL = r"(?P<journal>[A-Z][\w.&'’ -]{2,100}?)"

_ISSUE = r"(?:\s*\((?P<issue>[\w–-]{1,10})\))?"

_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\s*[–-]\s*[A-Za-z]?\d+)?)"

_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

_VENUES = (
    re.compile(
        rf"^{_JOURNAL}[ ,]+(?P<volume>\d{{1,4}}){_ISSUE}\s*[,:]?\s*(?:{_PAGES})?\s*[,.]?\s*"
        rf"\(\s*{_YEAR}\s*\)\.?$"
    ),
    re.compile(
        rf"^{_JOURNAL}[.,]?\s+{_YEAR}\s*;\s*(?P<volume>\d{{1,4}}){_ISSUE}(?::\s*{_PAGES})?\.?$"
    ),
    re.compile(
        rf"^{_JOURNAL}\s+\(\s*{_YEAR}\s*\)\s*(?P<volume>\d{{1,4}}){_ISSUE}(?::\s*{_PAGES})?$"
    ),
)

# "Smith et al.", "Smith & Jones", "Smith, Lee and Tan" as running headers.
_SURNAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"

HEADER_AUTHORS = re.compile(
    rf"^(?P<first>{_SURNAME_WORD})(?:\s+et\s+al\.?|(?:\s*(?:,|&|and)\s*{_SURNAME_WORD})+)$"
)

_MARKS = re.compile(r"[\d*†‡§¶#∗⁎,⁰¹²³⁴⁵⁶⁷⁸⁹]+$")
_INITIAL = re.compile(r"(?:[A-Z]\.?-?){1,3}")
_NAME_WORD = re.compile(r"(?:Mc|Mac|O['’])?[A-ZÀ-ÖØ-Þ][a-zß-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zß-ÿ'’]+)*")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|·|•|\band\b|&)\s*")

# Capitalised words that start titles and headings, never names.
NOT_NAMES = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "with",
        "from",
        "to",
        "a",
        "an",
        "by",
        "at",
        "as",
        "is",
        "are",
        "via",
        "using",
        "role",
        "new",
        "novel",
        "cancer",
        "cell",
        "cells",
        "review",
        "study",
        "analysis",
        "therapy",
        "treatment",
        "disease",
        "clinical",
        "receptor",
        "receptors",
        "protein",
        "human",
        "lung",
        "breast",
        "brain",
        "tumor",
        "tumour",
    ]
)

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def _dois(text: str) -> Iterator[str]:
    for found in scan(text):
        if isinstance(found.item, Identifier) and found.item.type is IdType.DOI:
            yield found.item.value


def first_doi(values: Iterable[str]) -> str | None:
    for value in values:
        for doi in _dois(value):
            return doi
    return None


def author_line(line: str) -> tuple[Author, ...]:
    """The authors of a line that is a list of people (``Jane A Smith1,
    Li Wei2 & Omar Haddad1,3``), or ``()``. Sure only of names marked as
    authors' are (affiliation marks, initials, ``·`` between them, a
    ``By`` before them): two capitalised words alone may be a title's."""
    if len(line) > 400 or _URLISH.search(line):
        return ()
    by = bool(_BY.match(line))
    text = _BY.sub("", line)
    marked = by or "·" in text or "•" in text
    authors: list[Author] = []
    for group in _AUTHOR_SEPARATORS.split(text):
        bare = _MARKS.sub("", group.strip()).strip()
        if not bare:
            continue  # an affiliation mark alone, split off by a comma
        marked = marked or bare != group.strip()
        person = _person(bare)
        if person is None:
            return ()
        family, given, has_initial = person
        marked = marked or has_initial
        authors.append(Author(family, given))
    if len(authors) < (1 if by else 2) or not marked:
        return ()
    return tuple(authors)


def _person(group: str) -> tuple[str, str, bool] | None:
    """``(family, given, has an initial)`` of ``Jane A. Smith``, or None."""
    tokens = group.split()
    if not 2 <= len(tokens) <= 5:
        return None
    has_initial = False
    for token in tokens:
        if token.lower() in NOT_NAMES:
            return None
        if _INITIAL.fullmatch(token):
            has_initial = True
        elif not (_NAME_WORD.fullmatch(token) or token.lower() in PARTICLES):
            return None
    if not _NAME_WORD.fullmatch(tokens[-1]):
        return None
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(tokens[start:]), " ".join(tokens[:start]), has_initial


def title_piece(line: str) -> bool:
    """Whether a line may be part of a title block (no URL, DOI, label,
    caption, journal name or venue)."""
    low = line.lower().strip(" .:")
    return not (
        _NOT_TITLE_START.match(line)
        or _URLISH.search(line)
        or DOI_LABEL.search(line)
        or low in _LABELS
        or "©" in line
        or venue([line]) is not None
        or len(line) > MAX_TITLE_LENGTH
    )


def title_like(text: str, *, ending: bool) -> bool:
    """Whether ``text`` reads as a title: 3 to 40 words, mostly letters, no
    URL, no label (``Abstract``), one sentence at most, and (``ending``) not
    ended like a sentence or a broken line."""
    words = text.split()
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or len(text) > MAX_TITLE_LENGTH:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or _URLISH.search(text):
        return False
    if text.lower().strip(" .:") in _LABELS or _SENTENCE_BREAK.search(text):
        return False
    letters = len(LETTER.findall(text))
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    return not (ending and text.rstrip()[-1] in ".,;:-–")


def venue(lines: Iterable[str]) -> tuple[str, str, str | None, int] | None:
    """Journal, volume, issue and year of the first line that is a venue header."""
    for line in lines:
        if len(line) > MAX_HEADER_LENGTH:
            continue
        for pattern in _VENUES:
            match = pattern.match(line.strip())
            if match is None:
                continue
            journal = match["journal"].strip(" ,.")
            if not re.search(r"[^\W\d_]{3}", journal) or len(journal.split()) > 12:
                continue
            if match["journal"].rstrip().endswith("."):
                journal += "."  # "Ther." keeps the full stop of its abbreviation
            return journal, match["volume"], match["issue"], int(match["year"])
    return None


def header_author(headers: list[str]) -> str | None:
    for line in headers:
        match = HEADER_AUTHORS.match(line)
        if match and match["first"].lower() not in NOT_NAMES:
            return match["first"]
    return None
