"""A decoded input file and the mapping from character offsets to lines."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from citecheck.models import Location


@dataclass(frozen=True)
class Source:
    """The text of one input file, with its identity.

    ``text`` is the decoded content with line endings normalised to ``\\n``
    (so that offsets and line numbers agree whatever the file used).
    """

    path: str
    text: str
    sha256: str = ""
    size: int = 0
    _line_starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        object.__setattr__(self, "_line_starts", starts)

    def locate(self, offset: int) -> Location:
        """Return the 1-based line and column of a character offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        index = max(index, 0)
        return Location(index + 1, offset - self._line_starts[index] + 1)

    def line_count(self) -> int:
        return len(self._line_starts)
