"""Patterns for personal names as reference lists write them.

Shared by the claims reader (author lists) and the in-text citation finder
(author–year markers), so that both agree on what a surname looks like.
"""

from __future__ import annotations

import re
import unicodedata

# Lower-case particles that belong to the surname ("van der Berg", "de la Cruz").
PARTICLES = (
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "du",
    "la",
    "le",
    "dos",
    "das",
    "ter",
    "ten",
    "zu",
    "bin",
    "al",
    "el",
    "st.",
)

_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-ſ]"
_NAME_CHAR = r"[\w'’]"
# One capitalised word, possibly hyphenated or with an apostrophe: Smith,
# O'Brien, Niwa-Kawakita, McDonald, Gros-Louis, Müller.
# (After a hyphen any word character may follow, capital or not: the capital
# is a word character too, and saying it twice would let a long name be
# matched in many ways.)
SURNAME_WORD = rf"{_UPPER}{_NAME_CHAR}*(?:-{_NAME_CHAR}+)*"
PARTICLE = r"(?:" + "|".join(re.escape(p) for p in PARTICLES) + r")"
# A surname with optional leading particles: "van der Berg", "de la Cruz".
SURNAME = rf"(?:{PARTICLE}\s+){{0,3}}{SURNAME_WORD}"

ET_AL = r"et\.?\s+al\.?"


def fold(text: str) -> str:
    """Case- and accent-folded form of a name, for comparison only."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s’'‐-]+", " ", stripped).strip().casefold()
