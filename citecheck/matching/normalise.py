"""The form text is compared in: :func:`normalise`.

Case, accents, ligatures, markup, entities, punctuation, Greek letters and
``&`` are set aside, so that two spellings of one title or name score as
one. Every other module of :mod:`citecheck.matching` compares text in this
form. Pure; never raises for odd text.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata

from citecheck.names import fold_letters

__all__ = ["normalise"]

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
