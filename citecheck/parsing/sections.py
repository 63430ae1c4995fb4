"""Find the reference list of a prose document and split it into entries.

The list is the text under a heading such as References, Bibliography, Works
Cited, Literature Cited, Notes or Sources (Markdown ``#``, a bold line or a
plain line, any case). Its first entry fixes the style the others must
follow: numbered (``1.``, ``[1]``, ``(1)``, ``- 1.``), Markdown links one per
line, footnote definitions, bullets, or plain paragraphs. The list ends at
the next heading or at the first line that no longer fits its style, so a
trailing "To cite this document" bullet or a "Show full description" line is
not taken for an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

REFERENCE_HEADINGS = frozenset(
    {
        "references",
        "reference",
        "reference list",
        "references cited",
        "cited references",
        "bibliography",
        "works cited",
        "literature cited",
        "cited literature",
        "literature",
        "notes",
        "notes and references",
        "references and notes",
        "endnotes",
        "footnotes",
        "sources",
        "sources cited",
        "citations",
    }
)

# Headings that close a reference list written as plain lines.
_CLOSING_HEADINGS = frozenset(
    {
        "appendix",
        "appendices",
        "acknowledgements",
        "acknowledgments",
        "author contributions",
        "funding",
        "conflict of interest",
        "conflicts of interest",
        "competing interests",
        "disclaimer",
        "see also",
        "external links",
        "further reading",
        "figure legends",
        "tables",
        "supplementary material",
        "about the authors",
        "contact",
    }
)

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_HEADING_DECORATION = re.compile(r"^[\s#*_=:.\-]*(?:(?:\d{1,2}|[IVXL]{1,5})[.)]?\s+)?|[\s#*_=:.\-]*$")
_NUMBERED = re.compile(
    r"^\s*(?:[-*+•]\s+)?(?:\[(?P<b>\d{1,4})\]\s*|\((?P<p>\d{1,4})\)\s*|(?P<d>\d{1,4})[.)]\s+)(?P<body>\S.*)$"
)
_BARE_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,4})\s+(?P<body>[A-Z\[].*)$")
_BULLET = re.compile(r"^\s*[-*+•]\s+(?P<body>\S.*)$")
_LINK_LINE = re.compile(
    r"^\s*(?:[-*+•]\s+)?\[(?P<label>[^\]\n]+)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)\s*$"
)
FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]{1,40})\]:\s*(?P<body>.*)$")
_LOOKS_LIKE_REFERENCE = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)\b|\b10\.\d{4,9}/|https?://|www\.|\bPMID\b|\[[a-z0-9.-]+\.[a-z]{2,}\]",
    re.IGNORECASE,
)
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


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document and the offset where it starts."""

    index: int
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
    """A reference list: its heading line and entries, and the span it covers."""

    heading: Line
    entries: list[RawEntry]
    start: int
    end: int
    style: ListStyle | None


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their start offsets."""
    lines: list[Line] = []
    offset = 0
    for index, raw in enumerate(text.split("\n")):
        lines.append(Line(index, offset, raw))
        offset += len(raw) + 1
    return lines


def heading_words(text: str) -> str | None:
    """The words of a heading line, undecorated and lower-cased, or None
    when the line is too long to be a heading."""
    stripped = text.strip()
    if not stripped or len(stripped) > 60:
        return None
    match = _MD_HEADING.match(stripped)
    if match:
        stripped = match.group(2)
    words = _HEADING_DECORATION.sub("", stripped)
    return re.sub(r"\s+", " ", words).lower() or None


def is_reference_heading(text: str) -> bool:
    """True for a line that announces a reference list."""
    return heading_words(text) in REFERENCE_HEADINGS


def markdown_level(text: str) -> int | None:
    """The level of a Markdown ``#`` heading, or None."""
    match = _MD_HEADING.match(text)
    return len(match.group(1)) if match else None


def find_reference_section(lines: list[Line]) -> Section | None:
    """The document's reference list: of all headed lists, the one with the
    most entries (the last one on a tie), or None when there is none."""
    best: Section | None = None
    for position, line in enumerate(lines):
        if not is_reference_heading(line.text):
            continue
        section = _read_section(lines, position)
        if section.entries and (best is None or len(section.entries) >= len(best.entries)):
            best = section
    return best


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


def _read_section(lines: list[Line], heading_position: int) -> Section:
    heading = lines[heading_position]
    level = markdown_level(heading.text)
    body = list(_section_body(lines, heading_position + 1, level))
    entries, style, last = _split_entries(body)
    end = last.end if last is not None else heading.end
    return Section(heading, entries, heading.start, end, style)


def _section_body(lines: list[Line], start: int, level: int | None) -> Iterator[Line]:
    for line in lines[start:]:
        line_level = markdown_level(line.text)
        if line_level is not None and (level is None or line_level <= level):
            return
        words = heading_words(line.text)
        if words in _CLOSING_HEADINGS or words in REFERENCE_HEADINGS:
            return
        yield line


def _style_of(text: str) -> ListStyle:
    if FOOTNOTE_DEFINITION.match(text):
        return ListStyle.FOOTNOTES
    if _LINK_LINE.match(text):
        return ListStyle.LINKS
    if _NUMBERED.match(text):
        return ListStyle.NUMBERED
    if _BULLET.match(text):
        return ListStyle.BULLETS
    return ListStyle.PLAIN


def _split_entries(body: list[Line]) -> tuple[list[RawEntry], ListStyle | None, Line | None]:
    """Cut a section body into entries; returns them, the list style and the
    last line that belongs to the list."""
    first = next((line for line in body if line.text.strip()), None)
    if first is None:
        return [], None, None
    style = _style_of(first.text)
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
        elif current is not None and _continues(style, line, after_blank):
            current.lines.append(line)
            current.body += "\n" + text
            last = line
        elif style is ListStyle.NUMBERED and current is not None and _number_follows(
            body, position - 1, entries
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


def _expected_number(entries: list[RawEntry]) -> int | None:
    for entry in reversed(entries):
        if entry.explicit_number is not None:
            return entry.explicit_number + 1
    return None


def _number_follows(body: list[Line], position: int, entries: list[RawEntry]) -> bool:
    expected = _expected_number(entries)
    seen = 0
    for line in body[position + 1 :]:
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
    """True when the body is blank-line separated paragraphs, some of them
    wrapped over several lines (one entry a paragraph)."""
    run = 0
    blanks = 0
    wrapped = False
    for line in body:
        if line.text.strip():
            run += 1
            wrapped = wrapped or run > 1
        else:
            blanks += run > 0
            run = 0
    return wrapped and blanks > 0


def plain_entries(body: list[Line]) -> list[RawEntry]:
    """Entries of a list written as plain lines or paragraphs; a line that
    does not look like a reference (no year, identifier, URL or host) ends it."""
    entries: list[RawEntry] = []
    paragraphs = _has_wrapped_paragraphs(body)
    current: RawEntry | None = None
    after_blank = True
    for line in body:
        text = line.text
        if not text.strip():
            after_blank = True
            continue
        if paragraphs and current is not None and not after_blank:
            current.lines.append(line)
            current.body += "\n" + text
        elif _LOOKS_LIKE_REFERENCE.search(text) or (paragraphs and not after_blank):
            current = RawEntry(None, line.start + (len(text) - len(text.lstrip())), [line])
            current.body = text.strip()
            _attach_link(current)
            entries.append(current)
        else:
            break
        after_blank = False
    return entries


_WHOLE_LINK = re.compile(r"^\[(?P<label>[^\]\n]+)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)\.?$")


def _attach_link(entry: RawEntry) -> None:
    """An entry body that is a single Markdown link reads like a link line."""
    match = _WHOLE_LINK.match(entry.body.strip())
    if match:
        entry.link_label, entry.link_url = match["label"], match["url"]
