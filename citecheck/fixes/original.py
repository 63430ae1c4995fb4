"""A file's bytes as they are, for editing without changing anything else.

The readers see text with its line endings made ``\\n``; a correction must
leave every other byte of the file as it was: its encoding (and byte-order
mark), its line endings (``\\r\\n``, ``\\r`` or ``\\n``, even mixed), a last
line without an ending. :class:`OriginalFile` keeps the decoded text with
its endings, maps the readers' lines and columns onto it, and encodes an
edited text back the way the file was written.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from citecheck.errors import FixRefused, InputError
from citecheck.models import Location
from citecheck.parsing.loading import decode

# The order citecheck.parsing.loading.decode tries, with the codec that
# writes each back without adding or dropping a byte-order mark.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class TextLines:
    """A text's lines, cut where the readers cut them (``\\r\\n``, ``\\r``
    or ``\\n``), and the map between offsets and 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def count(self) -> int:
        return len(self.starts)

    def offset(self, location: Location) -> int | None:
        """Where a line and column fall in the text, or None when the line
        does not exist or is shorter than the column."""
        index = location.line - 1
        if not 0 <= index < len(self.starts):
            return None
        offset = self.starts[index] + location.column - 1
        return offset if offset <= self.end(location.line) else None

    def locate(self, offset: int) -> Location:
        """The line and column of an offset."""
        index = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return Location(index + 1, offset - self.starts[index] + 1)

    def start(self, line: int) -> int:
        return self.starts[line - 1]

    def end(self, line: int) -> int:
        """Where the content of ``line`` ends, before its line ending."""
        match = _LINE_BREAK.search(self.text, self.starts[line - 1])
        return match.start() if match is not None else len(self.text)

    def content(self, line: int) -> str:
        """The content of ``line``, without its ending."""
        return self.text[self.start(line) : self.end(line)]

    def ending(self, line: int) -> str:
        """The ending of ``line``: its own, or the text's first when it has
        none (the last line), or ``\\n``."""
        match = _LINE_BREAK.match(self.text, self.end(line))
        if match is not None:
            return match.group()
        first = _LINE_BREAK.search(self.text)
        return first.group() if first is not None else "\n"


@dataclass(frozen=True)
class OriginalFile:
    """The bytes of one file, decoded with their line endings kept.

    ``encoding`` is the codec of what follows the byte-order mark ``bom``
    (empty without one); ``lines`` maps the readers' lines onto ``text``.
    """

    path: str
    data: bytes
    text: str
    encoding: str
    bom: bytes = b""
    lines: TextLines = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", TextLines(self.text))

    @classmethod
    def read(cls, path: str | Path) -> OriginalFile:
        """The file at ``path``; raises FixRefused when it cannot be read, or
        decoded and encoded back to the same bytes."""
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise FixRefused(f"cannot read: {exc.strerror or exc}", path=name) from exc
        return cls.of(name, data)

    @classmethod
    def of(cls, path: str, data: bytes) -> OriginalFile:
        """The file ``path`` whose bytes are ``data``; raises FixRefused when
        they cannot be decoded and encoded back unchanged."""
        try:
            decode(data, path=path)  # the reader's own refusals (binary, PDF...)
        except InputError as exc:
            raise FixRefused(exc.reason, path=path) from exc
        bom, encoding = b"", ""
        for mark, codec in _BOMS:
            if data.startswith(mark):
                bom, encoding = mark, codec
                break
        body = data[len(bom) :]
        if not encoding:
            try:
                body.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "cp1252"
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise FixRefused(f"not valid {encoding}", path=path) from exc
        original = cls(path=path, data=data, text=text, encoding=encoding, bom=bom)
        if original.encode(text) != data:
            raise FixRefused(f"its bytes do not survive a round trip as {encoding}", path=path)
        return original

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def normalised(self) -> str:
        """The text as the readers see it: every line ending made ``\\n``."""
        return _LINE_BREAK.sub("\n", self.text)

    @property
    def patchable(self) -> bool:
        """Whether a text patch can hold this file's changes: its lines are
        bytes ending in ``\\n``, as ``patch`` and ``git apply`` read them
        (not so in UTF-16 or UTF-32)."""
        return not self.encoding.startswith(("utf-16", "utf-32"))

    def encode(self, text: str) -> bytes:
        """``text`` as this file writes it; raises FixRefused for a character
        its encoding cannot hold."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise FixRefused(
                f"{exc.object[exc.start : exc.end]!r} cannot be written in {self.encoding}",
                path=self.path,
            ) from exc
