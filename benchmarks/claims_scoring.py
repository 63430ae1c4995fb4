"""What a labelled entry states (the gold), how a reading is scored against it,
and which style family the entry is in. Used by ``bench_claims.py`` and by
``scripts/train_claims_model.py`` (to choose the confidence thresholds).

Gold fields, from the labelled spans:

- first author: the first ``author`` span, cut to its first author (see
  ``first_author_window``);
- year: the first year (1500–2099) in the first ``date`` span, or where
  there is none, the year a ``volume`` span starts with (``2011;17(1):``);
- title: the first ``title`` span;
- journal: the first ``journal`` span;
- container: the first ``container`` span (proceedings, book of a chapter),
  scored only for entries with no journal span. The reader states either as
  ``Claims.journal``: the venue. Publishers and places are never venues.

Match rules (a stated value that is not a match is wrong, also where the
entry has no gold value for that field):

- first author: the stated surname, folded (case, diacritics, punctuation),
  is a run of whole words of the folded first-author window;
- year: equal;
- title, journal, container: ``rapidfuzz.fuzz.ratio`` of the folded texts
  (leading "in" taken off the container) is at least ``FUZZY``.

Style families, from the labelled spans, the first rule that holds:

1. physics: no title span, but a journal span and a volume or pages span
   (``A. B. Smith, Phys. Rev. D 12, 345 (1999)``);
2. Vancouver: the first author is ``Surname AB`` (capitals without stops after
   the surname);
3. APA/author-date: the date span comes right after the author span
   (only punctuation between them);
4. IEEE/ACM/numbered CS: the first author starts with initials
   (``A. B. Smith``);
5. Chicago/MLA/humanities: the first author is ``Surname, Given`` with a
   written-out given name, or the title is in quotation marks;
6. other: everything else (no author, organisations, full names given first).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from reference_strings import LabelledEntry, fold

from citecheck.models import Claims

FUZZY = 90
FAMILIES = ("Vancouver", "APA/author-date", "Chicago/MLA", "IEEE/ACM/CS", "physics", "other")
FIELDS = ("first author", "year", "title", "journal", "container")

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_VOLUME_YEAR = re.compile(r"\s*(1[5-9]\d\d|20\d\d)\s*[a-z]?\s*;")
_WINDOW_END = re.compile(r";|\s(?:and|&|et\.? al)\b|&", re.IGNORECASE)
_VANCOUVER = re.compile(r"^[^\W\d][\w'’-]*(?:\s[^\W\d][\w'’-]*)*\s[A-Z]{1,3}(?:[,.]|$)")
_INITIALS_FIRST = re.compile(r"^[A-Z]\.(?:\s?-?[A-Z]\.)*\s*[A-Z][\w'’-]")
_FULL_GIVEN = re.compile(r"^[\w'’ -]+,\s*[A-Z][a-z]{2,}")


def first_author_window(author: str) -> str:
    """The first author of an author span: up to the first ``;``, "and",
    ``&``, "et al", and up to the first comma, or the second one when the
    text before the first is one word (``Smith, J., …``)."""
    author = author.strip()
    cut = _WINDOW_END.search(author)
    if cut:
        author = author[: cut.start()]
    parts = author.split(",")
    if len(parts) > 1 and len(parts[0].split()) == 1:
        return ",".join(parts[:2])
    return parts[0]


def gold_year(entry: LabelledEntry) -> int | None:
    """The year of the date span; failing that, the year a Vancouver volume
    span starts with (anystyle labels ``2011;17(1):`` as one volume span)."""
    date = entry.first("date")
    if date is not None:
        match = _YEAR.search(date)
        return int(match.group(1)) if match else None
    volume = entry.first("volume")
    match = _VOLUME_YEAR.match(volume) if volume else None
    return int(match.group(1)) if match else None


def gold(entry: LabelledEntry, field: str) -> str | int | None:
    """The labelled value of ``field`` (one of ``FIELDS``), or None."""
    if field == "first author":
        author = entry.first("author")
        return first_author_window(author) if author else None
    if field == "year":
        return gold_year(entry)
    if field == "container":
        if entry.has("journal"):
            return None
        container = entry.first("container")
        return re.sub(r"^\s*in\b:?", "", container, flags=re.IGNORECASE) if container else None
    return entry.first(field)


def stated(claims: Claims, field: str) -> str | int | None:
    """What ``claims`` states for ``field``; journal and container both
    read ``Claims.journal``."""
    if field == "first author":
        return claims.authors[0].family if claims.authors else None
    if field == "year":
        return claims.year
    if field == "title":
        return claims.title
    return claims.journal


def in_scope(entry: LabelledEntry, field: str) -> bool:
    """Whether a stated ``field`` is scored on ``entry``'s row: a stated
    venue goes to the container row when the entry's venue is a container,
    else to the journal row."""
    is_container = not entry.has("journal") and entry.has("container")
    if field == "journal":
        return not is_container
    if field == "container":
        return is_container
    return True


def matches(field: str, value: str | int, expected: str | int) -> bool:
    if field == "year":
        return value == expected
    if field == "first author":
        surname, window = fold(str(value)), fold(str(expected))
        return bool(surname) and f" {surname} " in f" {window} "
    return fuzz.ratio(fold(str(value)), fold(str(expected))) >= FUZZY


def family(entry: LabelledEntry) -> str:
    """The style family of ``entry``, by the rules in the module docstring."""
    if (
        not entry.has("title")
        and entry.has("journal")
        and (entry.has("volume") or entry.has("pages"))
    ):
        return "physics"
    author = entry.first("author")
    window = first_author_window(author) if author else ""
    if _VANCOUVER.match(window):
        return "Vancouver"
    labels = [label for label, text in entry.spans if label != "other" or re.search(r"\w", text)]
    if (
        "author" in labels
        and "date" in labels
        and labels.index("date") == labels.index("author") + 1
    ):
        return "APA/author-date"
    if _INITIALS_FIRST.match(window):
        return "IEEE/ACM/CS"
    title = entry.first("title") or ""
    if _FULL_GIVEN.match(window) or (title[:1] in "\"“‘'" and title):
        return "Chicago/MLA"
    return "other"
