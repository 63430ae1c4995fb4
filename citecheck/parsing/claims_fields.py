"""Turn the labelled spans of an entry into claim fields.

The sequence labeller says which words are the authors, the date, the
title, the venue, the volume and the pages; this module reads each span:
an author list into ``Author`` objects (``Surname, A. B.``, ``A. B.
Surname``, ``Surname AB``, ``Given Surname``, organisations), a date into a
year, a title or venue without its quotation marks, brackets, "In" and
trailing punctuation, a volume span into volume and issue, a pages span
into a page range. What cannot be read cleanly is left empty.
"""

from __future__ import annotations

import re

from citecheck.models import Author
from citecheck.names import PARTICLES

_YEAR = re.compile(r"(?<![\d])(1[5-9]\d\d|20\d\d)(?![\d])")
_LEADING_YEAR = re.compile(r"\s*(1[5-9]\d\d|20\d\d)[a-z]?\s*(?:[A-Z][a-z]{2}\s*(?:\d{1,2}\s*)?)?;")
_ET_AL = re.compile(r",?\s*\b(?:et\.?\s*al\b\.?|and others\b|u\.\s*a\.|&\s*al\.?)", re.IGNORECASE)
_ROLE = re.compile(
    r"\(\s*(?:eds?|dir|hrsg|coord|trans|comp|org)s?\.?\s*\)|,?\s*\b(?:eds?|editors?|hrsg|dir)\.(?=\s|$)",
    re.IGNORECASE,
)
_SPLIT_AND = re.compile(r"\s*(?:,\s*(?:and|&)\s+|\s(?:and|&|und|et|y)\s|&)\s*", re.IGNORECASE)
_INITIAL_WORD = re.compile(r"^(?:[A-Z][a-z]?\.|[A-Z]\.?-[A-Z]\.?)(?:-?[A-Z][a-z]?\.)*$")
_VANCOUVER_INITIALS = re.compile(r"^[A-Z]{1,3}$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_PARTICLES = frozenset(PARTICLES)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"}
# Words that make a name an organisation's: a person's name never holds them.
ORGANISATION_WORDS = re.compile(
    r"\b(?:organi[sz]ation|association|society|institute|institut|committee|group|"
    r"collaboration|council|agency|department|ministry|board|university|universit[éy]|"
    r"cent(?:er|re)|foundation|consortium|commission|office|service|network|alliance|"
    r"federation|union|academy|bureau|program(?:me)?|authority|corporation|inc|ltd|"
    r"government|administration|team|project|working party|task force|nations)\b",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’«»„"
_TRAILING = " .,;:/-–—"
# A part of an author list keeps its final stop: "W. E." is initials, "W. E" is not.
_PART_TRAILING = " ,;:/–—"
_IN = re.compile(r"^(?:in|dans|en|im)\s*:?\s+", re.IGNORECASE)
_VOLUME = re.compile(
    r"(?:\b(?:vol(?:ume)?|v|t|bd|tome)\.?\s*)?(?P<volume>\d+[A-Za-z]?)"
    r"(?:\s*\(\s*(?P<issue>[\w/–-]+)\s*\)|\s*,?\s*(?:no|n°|nr|issue|h)\.?\s*(?P<issue2>\d+[\w/–-]*))?",
    re.IGNORECASE,
)
_PAGES = re.compile(r"(?P<first>[A-Za-z]?\d+)(?:\s*[-–—]+\s*(?P<last>[A-Za-z]?\d+))?")
_PAGE_COUNT = re.compile(r"^\s*\d+\s*(?:p|pp|pages|s|S)\.?\s*$")


def year_of(date: str) -> int | None:
    """The one year a date span states; None for none or for two different ones
    (``1989 [1972]`` states two: which one the record has is not known)."""
    years = set(_YEAR.findall(date))
    return int(years.pop()) if len(years) == 1 else None


def leading_year(volume: str) -> int | None:
    """The year a Vancouver source span starts with: ``2011;17(1):`` -> 2011."""
    match = _LEADING_YEAR.match(volume)
    return int(match.group(1)) if match else None


def clean_text(text: str) -> str | None:
    """A title or venue span without quotation marks, a closing bracket it
    does not open, and trailing punctuation."""
    text = " ".join(text.split()).strip(_QUOTES + _TRAILING + " ")
    while text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1].rstrip(_QUOTES + _TRAILING)
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    text = text.strip(_QUOTES + _TRAILING + " ")
    return text if any(ch.isalpha() for ch in text) else None


def clean_venue(text: str) -> str | None:
    """A journal or container span: "In:" taken off too."""
    return clean_text(_IN.sub("", text.strip()))


def volume_issue(text: str) -> tuple[str | None, str | None]:
    # A span such as "2011;17(1):" holds the year first: the volume is what
    # follows the semicolon.
    text = text.split(";")[-1]
    match = _VOLUME.search(text)
    if match is None:
        return None, None
    return match["volume"], match["issue"] or match["issue2"]


def pages_of(text: str) -> str | None:
    """A page range or a single page; None for a page count (``561 p.``)."""
    if _PAGE_COUNT.match(text):
        return None
    match = _PAGES.search(text)
    if match is None:
        return None
    if match["last"]:
        return f"{match['first']}–{match['last']}"
    return match["first"]


def authors_of(text: str) -> tuple[tuple[Author, ...], bool]:
    """The authors an author span names, and whether it says "et al.".

    Returns no authors when the span cannot be cut into names cleanly.
    """
    text = " ".join(text.split())
    et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text)
    text = _ROLE.sub("", text).strip(_PART_TRAILING)
    if not text or not any(ch.isalpha() for ch in text):
        return (), et_al
    if ORGANISATION_WORDS.search(text) and ";" not in text:
        return (Author(text.rstrip(" .,;:"), is_organisation=True),), et_al
    # Each part with whether a comma (not "and", "&" or ";") came before it:
    # only a comma separates a surname from its given names.
    parts: list[tuple[str, bool]] = []
    for chunk in text.split(";"):
        for piece in _SPLIT_AND.split(chunk):
            for number, part in enumerate(piece.split(",")):
                part = part.strip(_PART_TRAILING)
                if part:
                    parts.append((part, number > 0))
    authors: list[Author] = []
    index = 0
    while index < len(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        read = _one_author(
            parts[index][0],
            following[0] if following and following[1] else None,
            first=not authors,
        )
        if read is None:
            return tuple(authors), et_al
        author, used = read
        authors.append(_without_final_stop(author))
        index += used
    return tuple(authors), et_al


def _without_final_stop(author: Author) -> Author:
    """``Osei.`` -> ``Osei``, ``Ruth.`` -> ``Ruth``: the stop that ends an
    author list is no part of a name; that of an initial (``W. E.``) is."""
    family, given = author.family, author.given
    if family.endswith(".") and len(family.split()[-1]) > 3:
        family = family[:-1]
    if given.endswith(".") and len(given.split()[-1]) > 3:
        given = given[:-1]
    return Author(family, given) if (family, given) != (author.family, author.given) else author


def _is_initials(part: str) -> bool:
    words = part.replace(".", ". ").split()
    return (
        bool(words)
        and part.lower() not in _SUFFIXES
        and all(
            _INITIAL_WORD.match(word) or (_VANCOUVER_INITIALS.match(word) and len(words) == 1)
            for word in words
        )
    )


def _initials(part: str) -> str:
    return "".join(ch for ch in part if ch.isupper())


def _is_name(words: list[str]) -> bool:
    return bool(words) and all(_NAME_WORD.match(word) for word in words)


def _one_author(part: str, following: str | None, *, first: bool) -> tuple[Author, int] | None:
    """The author ``part`` begins and how many parts it takes (1, or 2 when
    ``following``, the part after a comma, holds its given names)."""
    words = part.split()
    if not _is_name(words):
        return None
    # "Surname AB" (Vancouver) and "Surname A. B.": initials after the name.
    trailing = 0
    while trailing < len(words) - 1 and _is_initials(words[-1 - trailing]):
        trailing += 1
    if trailing and not _is_initials(words[0]):
        return Author(" ".join(words[:-trailing]), _initials(" ".join(words[-trailing:]))), 1
    # "Surname, A. B." and "Surname, Given" (the latter only for a list's
    # first author: later ones in Chicago and MLA are written given first).
    if following is not None and not _is_initials(part):
        following_words = following.split()
        if following.lower().strip(".") in _SUFFIXES:
            return Author(part), 2
        if _is_initials(following) or (
            first
            and len(words) <= 3
            and 1 <= len(following_words) <= 3
            and _is_name(following_words)
            and not _has_initial_first(following_words)
            and all(word[:1].isupper() for word in following_words)
        ):
            return Author(part, _given(following)), 2
    # "A. B. Surname" and "Given Surname".
    given_end = 0
    while given_end < len(words) - 1 and _INITIAL_WORD.match(words[given_end]):
        given_end += 1
    if given_end == 0 and len(words) > 1:
        if words[-1].lower() in _SUFFIXES and len(words) > 2:
            words = words[:-1]
        family_start = len(words) - 1
        while family_start > 1 and words[family_start - 1].lower() in _PARTICLES:
            family_start -= 1
        return Author(" ".join(words[family_start:]), " ".join(words[:family_start])), 1
    if _is_initials(part):
        return None
    return Author(" ".join(words[given_end:]), _initials(" ".join(words[:given_end]))), 1


def _has_initial_first(words: list[str]) -> bool:
    return bool(_INITIAL_WORD.match(words[0])) and len(words) > 1


def _given(part: str) -> str:
    return _initials(part) if _is_initials(part) else part
