"""Entry forms read by rule: physics, ``Author — Title`` and an organisation as author.

Each is a whole-entry form the sequence labeller reads badly and a
pattern reads with certainty:

- physics, ``A. B. Smith and C. Jones, Phys. Rev. Lett. 86, 5188 (2001).``
  and ``Smith A. et al., Phys. Rev. D 12, 345 (1999)``: authors, journal,
  volume, first page, year; no title;
- an HTML list's ``Author — Title (2015)``;
- an organisation that wrote the work, ``World Health Organization.`` or
  ``American Diabetes Association (2019).``, at the head: its name is the
  author; the rest of the entry is left to the labeller.
"""

from __future__ import annotations

import re

from citecheck.models import Author, Claims
from citecheck.parsing.claims_fields import ORGANISATION_WORDS, authors_of

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_PHYSICS = re.compile(
    r"^(?P<authors>[^()\d]+?),\s+(?P<journal>[A-Z][A-Za-z.&' ]{1,60}?[A-Za-z.])\s*,?\s+"
    r"(?P<volume>[A-Z]?\d+[A-Z]?)\s*,\s*(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)\s*"
    rf"\((?P<year>{_YEAR})\)\.?$"
)
_DASH = re.compile(
    r"^(?P<authors>[^\d—–()]{3,100}?)\s+[—–]\s+(?P<title>[^—–]+?)"
    rf"(?:\s*\((?P<year>{_YEAR})[a-z]?\))?\.?$"
)
# An organisation's name at the head: words with no stop inside, then a
# stop or the year's bracket.
_ORGANISATION_HEAD = re.compile(r"^(?P<name>[^\W\d][^.()\d;:]{2,120}?)(?:\.\s+|\s+(?=\())")
_INITIAL = re.compile(r"\b[A-Z]\.")


def read_physics(text: str) -> Claims | None:
    """The claims of a physics entry, or None for another form."""
    if not text.endswith((")", ").")):
        return None
    match = _PHYSICS.match(text)
    if match is None:
        return None
    authors, et_al = authors_of(match["authors"])
    if not authors or any(author.is_organisation for author in authors):
        return None
    pages = re.sub(r"\s*[-–]\s*", "–", match["pages"])
    return Claims(
        authors=authors,
        et_al=et_al,
        year=int(match["year"]),
        journal=match["journal"].strip(" ,.") or None,
        volume=match["volume"],
        pages=pages,
    )


def read_dash(text: str) -> Claims | None:
    """The claims of ``Author — Title (year)``, or None for another form."""
    if "—" not in text and "–" not in text:
        return None
    match = _DASH.match(text)
    if match is None:
        return None
    names = match["authors"]
    authors, et_al = authors_of(names)
    # Every word of the head must be part of a name: a title with a dash in
    # it ("Cities — a history") is no author list.
    words_read = sum(len(f"{a.family} {a.given}".split()) for a in authors)
    if not authors or words_read < len(re.sub(r"\b(?:and|&|et al\.?)\b|,", " ", names).split()):
        return None
    return Claims(
        authors=authors,
        et_al=et_al,
        year=int(match["year"]) if match["year"] else None,
        title=match["title"].strip(" .,") or None,
    )


def organisation_head(text: str) -> tuple[Author, str] | None:
    """The organisation that heads ``text`` as author, and the text after it;
    None when the head is no organisation's name."""
    match = _ORGANISATION_HEAD.match(text)
    if match is None:
        return None
    name = match["name"].strip(" ,")
    if not ORGANISATION_WORDS.search(name) or _INITIAL.search(name) or "," in name:
        return None
    return Author(name, is_organisation=True), text[match.end() :].strip()
