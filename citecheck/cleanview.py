"""The clean view of a text, on which identifiers are looked for.

A :class:`CleanView` holds ``clean``: the text with zero-width characters
and soft hyphens removed, hyphen-like characters made ``-`` and full-width
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

IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Characters the clean view deletes: soft hyphen and zero-width characters."""
_HYPHENS = "\u2010\u2011\u2012\u2013\u2212"
# Every character here is outside ASCII, so an ASCII text has none of them.
_ODD_RE = re.compile(f"[{IGNORABLE}{_HYPHENS}\u3000\uff01-\uff5e]")
_IGNORABLE_RE = re.compile(f"[{IGNORABLE}]")


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
