"""Patterns for personal names as reference lists write them.

Shared by the claims reader (author lists) and the in-text citation finder
(author–year markers), so that both agree on what a surname looks like.
"""

from __future__ import annotations

import re
import string
import unicodedata
from itertools import groupby

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


# Lower-case letters that Unicode decomposition leaves whole, as ASCII.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_NAME = re.compile(r"[\W_]+")
_ASCII_PUNCTUATION = bytes.maketrans(string.punctuation.encode(), b" " * len(string.punctuation))


def fold_letters(text: str) -> str:
    """``text`` with compatibility forms expanded (ligatures: ``ﬁ`` gives
    ``fi``), accents removed, case folded, and the letters that have no
    decomposition (ø, ł, æ, ð) spelled in ASCII; for comparison only."""
    text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold().translate(_UNDECOMPOSED)


def name_words(text: str) -> list[str]:
    """The words of a name in comparison form (see :func:`fold_letters`),
    any punctuation a word break (``O'Brien`` gives ``o``, ``brien``)."""
    if not text.isascii():
        text = fold_letters(text)
    if text.isascii():
        return text.lower().encode().translate(_ASCII_PUNCTUATION).decode().split()
    return _NOT_NAME.sub(" ", text).split()


# Letter groups that spelling systems write differently for one sound,
# longest first: German umlauts spelled out, Russian through English,
# French or German, Greek ``ph``.
_TRANSLITERATIONS = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("ue", "u"),
    ("oe", "o"),
    ("ae", "a"),
    ("ou", "u"),
    ("ph", "f"),
    ("ck", "k"),
    ("kh", "h"),
    ("x", "ks"),
    ("w", "v"),
)


def transliteration_key(name: str) -> str:
    """``name`` (one folded word, see :func:`name_words`) with the letter
    groups that spellings of one sound differ by made alike, doubled letters
    single, ``y`` inside a name as ``i`` and ``j`` starting one as ``y``:
    Mueller and Müller give ``muler``, Tschaikowsky and Chaikovskiy
    ``chaikovski``, Jurgen and Yurgen ``yurgen``, Wei and Wey ``vei``."""
    for group, sound in _TRANSLITERATIONS:
        if group in name:
            name = name.replace(group, sound)
    if name.startswith("j"):
        name = "y" + name[1:]
    name = name[:1] + name[1:].replace("y", "i")
    return "".join(letter for letter, _ in groupby(name))
