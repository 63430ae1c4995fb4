"""Cut a list of a prose document into entries.

A headed list is the text under a heading (Markdown ``#``, a bold line or a
plain line, any case; which headings announce a reference list is for
:mod:`citecheck.parsing.headings` to say, and which list is the reference
list for :mod:`citecheck.parsing.reference_list`). Its first entry fixes the
style the others must follow: numbered (``1.``, ``[1]``, ``(1)``, ``- 1.``),
Markdown links one per line, footnote definitions, bullets, or plain
paragraphs. The list ends at the next heading or at the first line that no
longer fits its style, so a trailing "To cite this document" bullet or a
"Show full description" line is not taken for an entry.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from citecheck.parsing.headings import (
    CLOSING_HEADINGS,
    HEADING_HINTS,
    heading_words,
    is_reference_words,
    short_enough,
)
from citecheck.parsing.list_evidence import looks_like_reference

# Its opening alone, for lines of any length: where it matches, so does the
# whole, and it cannot backtrack over a long line.
_MD_HEADING_START = re.compile(r"\s{0,3}(#{1,6})\s")
_NUMBERED = re.compile(
    r"^\s*(?:[-*+•]\s+)?(?:\[(?P<b>\d{1,4})\]\s*|\((?P<p>\d{1,4})\)\s*|(?P<d>\d{1,4})[.)]\s+)(?P<body>\S.*)$"
)
_BARE_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,4})\s+(?P<body>[A-Z\[].*)$")
_BULLET = re.compile(r"^\s*[-*+•]\s+(?P<body>\S.*)$")
_LINK_LINE = re.compile(
    r"^\s*(?:[-*+•]\s+)?\[(?P<label>[^\]\n]+)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)\s*$"
)
FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]{1,40})\]:\s*(?P<body>.*)$")
# A line with only a page number: "12", "Page 12", "Page 12 of 30", "- 12 -".
_PAGE_NUMBER = re.compile(r"(?i)(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]")
# Running headers are short; a long line that recurs is text, not a header.
_MAX_RUNNING_LINE = 100
# Non-entry lines a numbered list may skip (page headers, footers) when
# the next number follows within this many lines.
_LOOKAHEAD = 4


class ListStyle(Enum):
    """How the entries of a reference list are marked."""

    NUMBERED = "numbered"
    LINKS = "links"
    FOOTNOTES = "footnotes"
    BULLETS = "bullets"
    PLAIN = "plain"


class Line(NamedTuple):
    """One line of the document and the offset where it starts."""

    # A named tuple rather than a dataclass: documents have hundreds of
    # thousands of lines, and tuples are several times quicker to make.
    position: int
    """0-based."""
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class RawEntry:
    """An entry as cut from the list, before its claims are read."""

    label: str | None
    body_start: int
    lines: list[Line] = field(default_factory=list)
    body: str = ""
    link_label: str | None = None
    link_url: str | None = None
    explicit_number: int | None = None

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.body.splitlines() if part.strip())


@dataclass(frozen=True, slots=True)
class Section:
    """A list: its heading line (None when it has none), its entries, the
    span it covers, and how it was found to be the reference list."""

    heading: Line | None
    entries: list[RawEntry]
    start: int
    end: int
    style: ListStyle | None
    found_by: str = "heading"
    """"heading": under a reference heading; "structure": by the shape of
    its entries, under no heading or one that names no reference list."""


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their start offsets."""
    texts = text.split("\n")
    starts = itertools.accumulate((len(raw) + 1 for raw in texts), initial=0)
    return list(map(Line, itertools.count(), starts, texts))


def markdown_level(text: str) -> int | None:
    """The level of a Markdown ``#`` heading, or None."""
    match = _MD_HEADING_START.match(text)
    return len(match.group(1)) if match else None


def heading_candidates(lines: list[Line]) -> list[int]:
    """Positions of the lines short enough to be a heading that contain a
    word of a reference heading: found by a few substring searches over
    the short lines joined, since a test of every line for every word costs
    more than the rest of the reading, and lower-casing the whole text
    (paragraphs are long lines) nearly as much."""
    short = [line for line in lines if short_enough(line.text)]
    joined = "\n".join([line.text for line in short])
    lowered = joined.lower()
    if len(lowered) != len(joined):  # "İ" lower-cases to two characters
        return [line.position for line in short]
    # Where each short line's successor starts in ``joined``.
    nexts = list(itertools.accumulate(len(line.text) + 1 for line in short))
    found: set[int] = set()
    for hint in HEADING_HINTS:
        at = lowered.find(hint)
        while at != -1:
            index = bisect.bisect_right(nexts, at)
            found.add(short[index].position)
            # Go on from the next line: one hit makes the line a candidate.
            at = lowered.find(hint, nexts[index])
    return sorted(found)


def footnote_definitions(lines: list[Line]) -> list[RawEntry]:
    """Markdown footnote definitions ``[^label]: text`` anywhere in the document,
    with their indented continuation lines."""
    entries: list[RawEntry] = []
    current: RawEntry | None = None
    for line in lines:
        match = FOOTNOTE_DEFINITION.match(line.text)
        if match:
            current = RawEntry(match["label"], line.start + match.start("body"), [line])
            current.body = match["body"]
            entries.append(current)
        elif current is not None and line.text.startswith(("    ", "\t")) and line.text.strip():
            current.lines.append(line)
            current.body += "\n" + line.text
        else:
            current = None
    return entries


def read_section(lines: list[Line], heading_position: int, running: RunningLines) -> Section:
    """The list under the heading at ``heading_position``."""
    heading = lines[heading_position]
    level = markdown_level(heading.text)
    body = list(section_body(lines, heading_position + 1, level))
    entries, style, last = split_entries(body, running)
    end = last.end if last is not None else heading.end
    return Section(heading, entries, heading.start, end, style)


def section_body(lines: list[Line], start: int, level: int | None) -> Iterator[Line]:
    """The lines from ``start`` up to the next heading of ``level`` or
    higher (any Markdown heading when None), or a closing or reference heading."""
    for index in range(start, len(lines)):
        line = lines[index]
        line_level = markdown_level(line.text)
        if line_level is not None and (level is None or line_level <= level):
            return
        if ends_list(line.text):
            return
        yield line


def ends_list(text: str) -> bool:
    """Whether a line is a heading that closes a list or opens another one."""
    words = heading_words(text)
    return words is not None and (words in CLOSING_HEADINGS or is_reference_words(words))


def style_of(text: str) -> ListStyle:
    """The style of the list a line would open."""
    if FOOTNOTE_DEFINITION.match(text):
        return ListStyle.FOOTNOTES
    if _LINK_LINE.match(text):
        return ListStyle.LINKS
    if _NUMBERED.match(text):
        return ListStyle.NUMBERED
    if _BULLET.match(text):
        return ListStyle.BULLETS
    return ListStyle.PLAIN


def split_entries(
    body: list[Line], running: RunningLines
) -> tuple[list[RawEntry], ListStyle | None, Line | None]:
    """Cut a list body into entries; returns them, the list style and the
    last line that belongs to the list."""
    first = next((line for line in body if line.text.strip()), None)
    if first is None:
        return [], None, None
    style = style_of(first.text)
    if style is ListStyle.PLAIN:
        plain = plain_entries(body)
        return plain, style, (plain[-1].lines[-1] if plain else None)
    entries: list[RawEntry] = []
    current: RawEntry | None = None
    last: Line | None = None
    after_blank = False
    position = 0
    while position < len(body):
        line = body[position]
        position += 1
        text = line.text
        if not text.strip():
            after_blank = True
            continue
        new = _start_entry(style, line, entries)
        if new is not None:
            current = new
            entries.append(new)
            last = line
        elif (
            style is ListStyle.NUMBERED
            and current is not None
            and running.is_running(text, body[0].position)
        ):
            continue  # a running page header, footer or page number of a PDF: skip it
        elif current is not None and _continues(style, line, after_blank):
            current.lines.append(line)
            current.body += "\n" + text
            last = line
        elif (
            style is ListStyle.NUMBERED
            and current is not None
            and _number_follows(body, position - 1, entries)
        ):
            pass  # a page header or footer between two entries: skip it
        else:
            break
        after_blank = False
    return entries, style, last


def _start_entry(style: ListStyle, line: Line, entries: list[RawEntry]) -> RawEntry | None:
    text = line.text
    if style is ListStyle.NUMBERED:
        match = _NUMBERED.match(text)
        number: int | None = None
        if match:
            number = int(match["b"] or match["p"] or match["d"])
        else:
            bare = _BARE_NUMBERED.match(text)
            if bare and entries and int(bare["n"]) == _expected_number(entries):
                match, number = bare, int(bare["n"])
        if match is None or number is None:
            return None
        entry = RawEntry(str(number), line.start + match.start("body"), [line])
        entry.body = match["body"]
        entry.explicit_number = number
        _attach_link(entry)
        return entry
    if style is ListStyle.LINKS:
        link = _LINK_LINE.match(text)
        if not link:
            return None
        entry = RawEntry(None, line.start + link.start("label") - 1, [line])
        entry.body = text.strip().removeprefix("- ").removeprefix("* ")
        entry.link_label, entry.link_url = link["label"], link["url"]
        return entry
    if style is ListStyle.FOOTNOTES:
        footnote = FOOTNOTE_DEFINITION.match(text)
        if not footnote:
            return None
        entry = RawEntry(footnote["label"], line.start + footnote.start("body"), [line])
        entry.body = footnote["body"]
        return entry
    if style is ListStyle.BULLETS:
        bullet = _BULLET.match(text)
        if not bullet:
            return None
        entry = RawEntry(None, line.start + bullet.start("body"), [line])
        entry.body = bullet["body"]
        _attach_link(entry)
        return entry
    return None


def _continues(style: ListStyle, line: Line, after_blank: bool) -> bool:
    """Whether a line that starts no entry belongs to the current one."""
    text = line.text
    if _BULLET.match(text) or _NUMBERED.match(text) or _LINK_LINE.match(text):
        return False
    if after_blank or style is ListStyle.LINKS:
        return False
    if style is ListStyle.BULLETS or style is ListStyle.FOOTNOTES:
        return text.startswith((" ", "\t"))
    return True


class RunningLines:
    """The running page headers and footers of text extracted from a PDF.

    A line inside a reference list is one when it holds only a page number,
    or when the same line already stood before the list began: a header
    recurs on every page, the pages of the article's body included, while
    a wrapped line of an entry (two entries may well end alike) does not.
    """

    def __init__(self, lines: list[Line]) -> None:
        self._lines = lines
        self._first: dict[str, int] | None = None

    def is_running(self, text: str, list_start: int) -> bool:
        """Whether ``text``, a line of a list that starts at line position
        ``list_start``, is a page header, footer or number."""
        stripped = text.strip()
        if _PAGE_NUMBER.fullmatch(stripped):
            return True
        if len(stripped) > _MAX_RUNNING_LINE:
            return False
        if self._first is None:  # built once, and only for lists that need it
            self._first = {}
            for line in self._lines:
                self._first.setdefault(line.text.strip(), line.position)
        return self._first.get(stripped, list_start) < list_start


def _expected_number(entries: list[RawEntry]) -> int | None:
    for entry in reversed(entries):
        if entry.explicit_number is not None:
            return entry.explicit_number + 1
    return None


def _number_follows(body: list[Line], position: int, entries: list[RawEntry]) -> bool:
    expected = _expected_number(entries)
    seen = 0
    for index in range(position + 1, len(body)):
        line = body[index]
        if not line.text.strip():
            continue
        seen += 1
        if seen > _LOOKAHEAD:
            return False
        match = _NUMBERED.match(line.text)
        if match and int(match["b"] or match["p"] or match["d"]) == expected:
            return True
    return False


def _has_wrapped_paragraphs(body: list[Line]) -> bool:
    """True when the list is blank-line separated paragraphs, some of them
    wrapped over several lines (one entry a paragraph).

    Only the paragraphs that open like references count, up to the first
    that does not: a one-per-line list followed by a paragraph of prose is
    not a list of paragraphs.
    """
    paragraphs = 0
    wrapped = False
    run = 0
    for line in body:
        if not line.text.strip():
            run = 0
            continue
        if run == 0:
            if not looks_like_reference(line.text):
                break
            paragraphs += 1
        run += 1
        wrapped = wrapped or run > 1
    return wrapped and paragraphs > 1


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def plain_entries(body: list[Line]) -> list[RawEntry]:
    """Entries of a list written as plain lines or paragraphs.

    In a list of paragraphs every paragraph is an entry. In a list of lines
    every line is one, except that a line indented deeper than its entry's
    first line continues it (a hanging indent); a line that does not look
    like a reference (no year, identifier, URL, host or opening author) ends the list.
    """
    entries: list[RawEntry] = []
    paragraphs = _has_wrapped_paragraphs(body)
    current: RawEntry | None = None
    after_blank = True
    for line in body:
        text = line.text
        if not text.strip():
            after_blank = True
            continue
        hanging = (
            current is not None
            and not after_blank
            and _indent(text) > _indent(current.lines[0].text)
        )
        if current is not None and not after_blank and (paragraphs or hanging):
            current.lines.append(line)
            current.body += "\n" + text
        elif looks_like_reference(text):
            current = RawEntry(None, line.start + _indent(text), [line])
            current.body = text.strip()
            _attach_link(current)
            entries.append(current)
        else:
            break
        after_blank = False
    return entries


_WHOLE_LINK = re.compile(
    r"^\[(?P<label>[^\]\n]+)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)\.?$"
)


def _attach_link(entry: RawEntry) -> None:
    """An entry body that is a single Markdown link reads like a link line."""
    match = _WHOLE_LINK.match(entry.body.strip())
    if match:
        entry.link_label, entry.link_url = match["label"], match["url"]
