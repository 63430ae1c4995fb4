"""Entry forms read by rule: physics, ``Author — Title`` and an organisation as author.

Each is a whole-entry form the sequence labeller reads badly and a
pattern reads with certainty:

- physics, ``A. B. Smith and C. Jones, Phys. Rev. Lett. 86, 5188 (2001).``
  and ``Smith A. et al., Phys. Rev. D 12, 345 (1999)``: authors, journal,
  volume, first page, year; no title;
- an HTML list's ``Author — Title (2015)``: one to four personal names,
  an em dash (an en dash is too common inside titles), the title;
- an organisation that wrote the work, ``World Health Organization.`` or
  ``American Diabetes Association (2019).``, at the head: its name is the
  author; the rest of the entry is left to the labeller.
"""

from __future__ import annotations

import re

from citecheck.models import Author, Claims
from citecheck.parsing.claims_fields import ORGANISATION_WORDS, authors_of

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A journal abbreviation: capitalised words, most ending in a stop
# ("Phys. Rev. Lett.", "J. Chem. Phys.", "Nature"), joined by "of", "and", "&".
_JOURNAL_WORD = r"(?:[A-Z][A-Za-z]*\.?|of|and|&|the|in)"
_PHYSICS = re.compile(
    rf"^(?P<authors>[^()\d]+?),\s+(?P<journal>[A-Z][A-Za-z]*\.?(?:\s?{_JOURNAL_WORD}){{0,7}})\s*,?\s*"
    r"(?P<volume>[A-Z]?\d+[A-Z]?)\s*,\s*(?P<pages>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)\s*"
    rf"\((?P<year>{_YEAR})\)\.?$"
)
# A person's name as an HTML list writes it: "Priya Raman", "P. Raman",
# "Raman, P."; names joined by commas, "and" or "&".
_PERSON = (
    r"(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s(?:[A-Z][\w'’-]+|[A-Z]\.|van|von|de|der|da|di|la|le)){1,3}"
)
_DASH = re.compile(
    rf"^(?P<authors>{_PERSON}(?:(?:,\s|,?\s(?:and|&)\s){_PERSON}){{0,3}})\s+(?:—|--)\s+"
    rf"(?P<title>[^—()]+?)(?:\s*\((?P<year>{_YEAR})[a-z]?\))?\.?$"
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
    journal, volume = match["journal"].strip(" ,."), match["volume"]
    if volume[0].isalpha():
        # "Phys. Rev. D24": the letter is the journal's section.
        journal, volume = f"{journal} {volume[0]}", volume[1:]
    return Claims(
        authors=authors,
        et_al=et_al,
        year=int(match["year"]),
        journal=journal or None,
        volume=volume,
        pages=pages,
    )


def read_dash(text: str) -> Claims | None:
    """The claims of ``Author — Title (year)``, or None for another form."""
    if "—" not in text and "–" not in text:
        return None
    match = _DASH.match(text)
    if match is None:
        return None
    authors, et_al = authors_of(match["authors"])
    if not authors or any(author.is_organisation for author in authors):
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
