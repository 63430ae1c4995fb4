"""The clean view of a text, on which identifiers are looked for.

A :class:`CleanView` holds ``clean``: the text with invisible characters
removed (zero-width characters, soft hyphens, bidirectional marks,
embeddings, overrides and isolates, tag characters and combining marks:
none can belong to an identifier, and each makes a DOI that looks right
unknown to the registry), hyphen-like characters made ``-`` and full-width
forms NFKC-folded; ``low``, a lower-cased copy of ``clean`` of the same
length, which patterns run on without ``IGNORECASE``; and the offsets of
the deleted characters. Only deletions shift offsets, so a sorted list of
them maps a span of the view back to the text it was made from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; LRM, RLM
    (0x202A, 0x202E),  # bidirectional embeddings and overrides
    (0x2060, 0x2060),  # word joiner
    (0x2066, 0x2069),  # bidirectional isolates
    (0xFEFF, 0xFEFF),  # byte-order mark, zero-width no-break space
    (0xE0000, 0xE007F),  # tag characters
    # Combining marks: diacritics, their extensions and supplements,
    # marks for symbols, half marks.
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
IGNORABLE = "".join(chr(c) for low, high in _INVISIBLE_RANGES for c in range(low, high + 1))
"""Characters the clean view deletes: invisible ones, and marks that only
change how the character before them looks. None is a regex metacharacter,
so the string can stand inside a character class."""
_HYPHENS = "\u2010\u2011\u2012\u2013\u2212"
# Every character here is outside ASCII, so an ASCII text has none of them.
_ODD_RE = re.compile(f"[{IGNORABLE}{_HYPHENS}\u3000\uff01-\uff5e]")
_IGNORABLE_RE = re.compile(f"[{IGNORABLE}]")
# Bidirectional marks, embeddings, overrides and isolates, and tag
# characters: the invisible characters that reorder or hide what follows.
_REORDERING = dict.fromkeys(
    [
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xE0000, 0xE0080),
    ]
)


def without_reordering(text: str) -> str:
    """``text`` without the characters that reorder or hide what a terminal
    or a page shows after them (a right-to-left override, tag characters),
    so that an identifier's source text can be printed as it was written."""
    return text if text.isascii() else text.translate(_REORDERING)


def _fold_table() -> dict[str, str]:
    """Replacement for every character _ODD_RE matches; never longer than one character."""
    table = dict.fromkeys(IGNORABLE, "")
    table.update(dict.fromkeys(_HYPHENS, "-"))
    for code in (0x3000, *range(0xFF01, 0xFF5F)):
        folded = unicodedata.normalize("NFKC", chr(code))
        # Only one-for-one folds keep offsets mappable; all of these are.
        table[chr(code)] = folded if len(folded) == 1 else chr(code)
    return table


_FOLD = _fold_table()
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class CleanView:
    """A text prepared for matching: ``clean`` (folded), ``low`` (``clean``
    lower-cased, same length) and where characters were deleted."""

    clean: str
    low: str
    deleted: tuple[int, ...]
    """For the k-th deleted character, its original offset minus k: the
    clean-view offset the deletion sits before."""

    @classmethod
    def of(cls, text: str) -> CleanView:
        """The view of ``text``."""
        if text.isascii():
            # Most texts: nothing to fold or delete, and lower() keeps the length.
            return cls(text, text.lower(), ())
        deleted: tuple[int, ...] = ()
        if _ODD_RE.search(text) is None:
            clean = text  # ordinary text: no copy, no offset map
        else:
            found = _IGNORABLE_RE.finditer(text)
            deleted = tuple(m.start() - k for k, m in enumerate(found))
            clean = _ODD_RE.sub(lambda m: _FOLD[m.group()], text)
        low = clean.lower()
        if len(low) != len(clean):
            # A few characters lower-case to two ("İ"); keep offsets aligned.
            low = clean.translate(_ASCII_LOWER)
        return cls(clean, low, deleted)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span of the clean-view span ``start:end`` (end > start)."""
        if not self.deleted:
            return start, end
        first = start + bisect_right(self.deleted, start)
        last = end - 1 + bisect_right(self.deleted, end - 1)
        return first, last + 1
