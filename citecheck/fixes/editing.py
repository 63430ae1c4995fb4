"""What every format's editor shares: the text it edits, the edit it makes,
and the refusal when a span cannot be found exactly."""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.fixes.original import TextLines
from citecheck.models import Entry


@dataclass(frozen=True, slots=True)
class Edit:
    """``text[start:end]`` becomes ``new`` (offsets in the text as read)."""

    start: int
    end: int
    new: str


class Unplaceable(Exception):
    """A correction whose place in the source cannot be found exactly; the
    message says why, and nothing is changed."""


class DocumentText:
    """The text of a document as its reader saw it (line endings ``\\n``),
    with its lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = TextLines(text)

    def entry_start(self, entry: Entry) -> int:
        """Where the entry starts; raises Unplaceable when its line is gone."""
        start = self.lines.offset(entry.location)
        if start is None:
            raise Unplaceable(f"line {entry.location.line} of the entry is not in the file")
        return start

    def last_line(self, entry: Entry) -> int:
        last = entry.end_line or entry.location.line
        if last > self.lines.count():
            raise Unplaceable(f"line {last} of the entry is not in the file")
        return last
