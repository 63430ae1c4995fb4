"""Put together what the style rules and the sequence labeller read of one entry.

The rules (APA, CS1, Vancouver heads) cut author lists almost without
error but often end a title or a journal at the wrong stop; the labeller
finds the fields' bounds in any style and knows how sure it is of each.
So, field by field:

- authors: the rules' when they read any, else the labeller's;
- any other field: the rules' value when the labeller's own reading of
  that field, sure or not, agrees with it (two readers that work
  differently agreeing is good evidence, and the rules' value keeps its
  exact form); else the labeller's value when it is sure of it; else none.
"""

from __future__ import annotations

import unicodedata
from typing import TypeVar

from rapidfuzz import fuzz

from citecheck.models import Claims

T = TypeVar("T", int, str)
# Folded texts this alike (rapidfuzz ratio, 0–100) are one title or journal.
_SAME_TEXT = 90


def combine(ruled: Claims | None, sure: Claims, read: Claims) -> Claims:
    """The claims of an entry from the rules' reading ``ruled`` (None when no
    rule matched), the labeller's ``sure`` fields and all it ``read``."""
    if ruled is None:
        return sure
    return Claims(
        authors=ruled.authors or sure.authors,
        et_al=ruled.et_al if ruled.authors else sure.et_al,
        year=_pick(ruled.year, sure.year, read.year),
        title=_pick_text(ruled.title, sure.title, read.title),
        journal=_pick_text(ruled.journal, sure.journal, read.journal),
        volume=_pick(ruled.volume, sure.volume, read.volume),
        issue=_pick(ruled.issue, sure.issue, read.issue),
        pages=_pick(ruled.pages, sure.pages, read.pages),
    )


def _pick(ruled: T | None, sure: T | None, read: T | None) -> T | None:
    if ruled is not None and ruled == read:
        return ruled
    return sure


def _pick_text(ruled: str | None, sure: str | None, read: str | None) -> str | None:
    if (
        ruled is not None
        and read is not None
        and fuzz.ratio(_fold(ruled), _fold(read)) >= _SAME_TEXT
    ):
        return ruled
    return sure


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())
