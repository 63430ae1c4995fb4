"""Read a BibTeX database (``.bib``) into a :class:`Document`.

A small tolerant reader, written for citecheck rather than for typesetting:
it understands ``@type{key, field = value, ...}`` and ``@type(key, ...)``,
values in braces (nested), in quotes, bare numbers and ``@string`` macros
joined with ``#``, and skips ``@comment``, ``@preamble`` and any text between
entries. An entry whose closing brace is missing ends where the next line
starting with ``@type{`` begins, so one broken entry does not swallow the rest
of the file. Nothing here raises on bad input, what cannot be read is left
out, with one exception: ``@string`` macros that expand past
:data:`MAX_MACRO_CHARS` in one value, or :data:`MAX_EXPANDED_CHARS` in the
whole file (macros that double each other reach gigabytes from a kilobyte),
make the file unreadable, with a one-line :class:`InputError`.

Each entry becomes an :class:`Entry` whose claims come from its fields with
LaTeX markup turned into Unicode (see :mod:`citecheck.parsing.latex`);
identifiers come from the ``doi``, ``pmid``, ``pmcid``, ``eprint``, ``isbn``
and ``url`` fields and from any identifier written in ``note`` or
``howpublished``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from citecheck.errors import InputError
from citecheck.identifiers import parse_identifier, scan
from citecheck.models import (
    Author,
    Claims,
    Document,
    Entry,
    EntryRole,
    Format,
    Identifier,
    IdentifierProblem,
    IdType,
)
from citecheck.parsing.latex import latex_to_identifier_text, latex_to_text
from citecheck.parsing.source import Source

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)

# An "@" inside a word (an e-mail address in the junk between entries) starts nothing.
_HEADER = re.compile(r"(?<![\w.+-])@\s*([A-Za-z]\w*)\s*([{(])")
# A line that starts a new entry: where an unterminated entry is cut off.
_LINE_HEADER = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]\w*[ \t]*[{(]", re.MULTILINE)
_BRACE_KEY = re.compile(r"[^\s,{}=]*")
_PAREN_KEY = re.compile(r"[^\s,{}()=]*")
_FIELD_NAME = re.compile(r"[A-Za-z_][\w:.+-]*")
_MACRO_NAME = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
_DIGITS = re.compile(r"[0-9]+")
_SPACE = re.compile(r"\s*")

_BOOK_PART_TYPES = frozenset({"inproceedings", "incollection", "conference"})

MAX_MACRO_CHARS = 100_000
"""Characters that macros may add to one field value: far beyond any real
title or author list, far below what a macro bomb reaches."""
MAX_EXPANDED_CHARS = 5_000_000
"""Characters that macros may add in a whole file, every value together."""


@dataclass(frozen=True, slots=True)
class _Value:
    """A field value with the source offset of each of its characters.

    ``segments`` holds ``(index in text, source offset, exact)``; characters
    of a segment map to consecutive offsets when ``exact``, and all to the
    segment's offset otherwise (a macro's expansion maps to where it is used).
    """

    text: str
    segments: tuple[tuple[int, int, bool], ...]

    def offset_at(self, index: int) -> int:
        if not self.segments:
            return 0
        position = bisect.bisect_right(self.segments, (index, 1 << 62, True)) - 1
        start, offset, exact = self.segments[max(position, 0)]
        return offset + (index - start) if exact else offset


_EMPTY = _Value("", ())


@dataclass(frozen=True, slots=True)
class _RawEntry:
    kind: str
    key: str
    start: int
    end: int
    fields: dict[str, _Value]


class _Unterminated(Exception):
    """Internal signal: the entry ran into its limit before its closing delimiter."""


class _TooLong(Exception):
    """Internal signal: macros expand past a limit, at ``offset`` of the text."""

    def __init__(self, offset: int, limit: int, scope: str) -> None:
        super().__init__(offset)
        self.offset = offset
        self.reason = f"@string macros expand past {limit:,} characters {scope}"


class _Expansion:
    """What macros have added so far in the whole file."""

    def __init__(self) -> None:
        self.total = 0

    def add(self, chars: int, in_value: int, offset: int) -> None:
        """Count ``chars`` more macro characters, ``in_value`` in this value;
        raises _TooLong past either limit."""
        self.total += chars
        if in_value > MAX_MACRO_CHARS:
            raise _TooLong(offset, MAX_MACRO_CHARS, "in one value")
        if self.total > MAX_EXPANDED_CHARS:
            raise _TooLong(offset, MAX_EXPANDED_CHARS, "in the file")


class _Scanner:
    """Reads the body of one entry between ``pos`` and ``limit``."""

    def __init__(self, text: str, pos: int, limit: int, close: str, expansion: _Expansion) -> None:
        self.text = text
        self.pos = pos
        self.limit = limit
        self.close = close
        self.expansion = expansion

    def skip_space(self) -> None:
        match = _SPACE.match(self.text, self.pos, self.limit)
        if match is not None:
            self.pos = match.end()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < self.limit else ""

    def matching_brace(self, start: int) -> int:
        """Return the index of the brace closing the one at ``start``."""
        depth = 0
        text = self.text
        for index in range(start, self.limit):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return index
        raise _Unterminated

    def closing_quote(self, start: int) -> int:
        depth = 0
        text = self.text
        for index in range(start + 1, self.limit):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == '"' and depth == 0:
                return index
        raise _Unterminated

    def recover(self) -> None:
        """Skip junk up to the next comma or closing delimiter at brace depth 0."""
        depth = 0
        text = self.text
        while self.pos < self.limit:
            char = text[self.pos]
            if depth == 0 and char in (",", self.close):
                return
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            self.pos += 1
        raise _Unterminated

    def value(self, macros: dict[str, _Value]) -> _Value:
        """Read ``part # part # ...``; stops before whatever follows the value."""
        pieces: list[str] = []
        segments: list[tuple[int, int, bool]] = []
        length = 0
        expanded = 0

        def add(piece: str, offset: int, exact: bool) -> None:
            nonlocal length
            if piece:
                segments.append((length, offset, exact))
                pieces.append(piece)
                length += len(piece)

        text = self.text
        while True:
            self.skip_space()
            if self.pos >= self.limit:
                raise _Unterminated
            char = text[self.pos]
            if char == "{":
                end = self.matching_brace(self.pos)
                add(text[self.pos + 1 : end], self.pos + 1, True)
                self.pos = end + 1
            elif char == '"':
                end = self.closing_quote(self.pos)
                add(text[self.pos + 1 : end], self.pos + 1, True)
                self.pos = end + 1
            elif (match := _DIGITS.match(text, self.pos, self.limit)) is not None:
                add(match.group(), self.pos, True)
                self.pos = match.end()
            elif (match := _MACRO_NAME.match(text, self.pos, self.limit)) is not None:
                # An undefined macro expands to nothing, as in BibTeX.
                expansion = macros.get(match.group().lower(), _EMPTY).text
                expanded += len(expansion)
                self.expansion.add(len(expansion), expanded, self.pos)
                add(expansion, self.pos, False)
                self.pos = match.end()
            else:
                break
            self.skip_space()
            if self.peek() != "#":
                break
            self.pos += 1
        return _Value("".join(pieces), tuple(segments))


def _read_body(
    scanner: _Scanner, macros: dict[str, _Value], *, with_key: bool
) -> tuple[str, dict[str, _Value]]:
    """Read ``key, name = value, ...`` up to the closing delimiter.

    Returns the key and the fields (first occurrence wins, as in BibTeX);
    ``scanner.pos`` ends past the closing delimiter, or at the limit when
    the entry is unterminated (the fields read so far are kept).
    """
    text = scanner.text
    fields: dict[str, _Value] = {}
    key = ""
    try:
        if with_key:
            scanner.skip_space()
            pattern = _BRACE_KEY if scanner.close == "}" else _PAREN_KEY
            match = pattern.match(text, scanner.pos, scanner.limit)
            key_start = scanner.pos
            if match is not None:
                key = match.group()
                scanner.pos = match.end()
            scanner.skip_space()
            if scanner.peek() == "=":
                # No key at all: what looked like one is the first field name.
                key = ""
                scanner.pos = key_start
            elif scanner.peek() not in (",", scanner.close):
                scanner.recover()
        while True:
            while True:
                scanner.skip_space()
                if scanner.peek() != ",":
                    break
                scanner.pos += 1
            if scanner.pos >= scanner.limit:
                raise _Unterminated
            if text[scanner.pos] == scanner.close:
                scanner.pos += 1
                return key, fields
            match = _FIELD_NAME.match(text, scanner.pos, scanner.limit)
            if match is None:
                scanner.recover()
                continue
            name = match.group().lower()
            scanner.pos = match.end()
            scanner.skip_space()
            if scanner.peek() != "=":
                scanner.recover()
                continue
            scanner.pos += 1
            value = scanner.value(macros)
            fields.setdefault(name, value)
            scanner.skip_space()
            if scanner.peek() not in (",", scanner.close):
                scanner.recover()
    except _Unterminated:
        scanner.pos = scanner.limit
        return key, fields


class _Groups:
    """Finds where ``@comment`` and ``@preamble`` groups end, in linear time
    over the whole file however many unterminated groups it holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._partners: dict[int, int] | None = None
        self._no_paren_from = len(text) + 1

    def end(self, start: int, close: str) -> int:
        """The index after the group opened at ``start``, or after the opening
        delimiter alone when the group never closes."""
        if close == ")":
            end = -1 if start >= self._no_paren_from else self.text.find(")", start)
            if end == -1:
                self._no_paren_from = min(self._no_paren_from, start)
            return end + 1 if end != -1 else start + 1
        return self.partners().get(start, start) + 1

    def partners(self) -> dict[int, int]:
        if self._partners is None:
            self._partners = {}
            opened: list[int] = []
            for index, char in enumerate(self.text):
                if char == "{":
                    opened.append(index)
                elif char == "}" and opened:
                    self._partners[opened.pop()] = index
        return self._partners


def _read_entries(text: str) -> list[_RawEntry]:
    macros: dict[str, _Value] = {
        month[:3].lower(): _Value(month, ((0, 0, False),)) for month in _MONTH_NAMES.split()
    }
    groups = _Groups(text)
    expansion = _Expansion()
    entries: list[_RawEntry] = []
    pos = 0
    following = _LINE_HEADER.search(text)
    while (header := _HEADER.search(text, pos)) is not None:
        kind = header.group(1).lower()
        close = "}" if header.group(2) == "{" else ")"
        if kind in ("comment", "preamble"):
            pos = groups.end(header.end() - 1, close)
            continue
        # An entry ends at the latest where the next line starting an entry
        # begins: a brace left open then loses one entry, not the rest.
        if following is not None and following.start() <= header.start():
            following = _LINE_HEADER.search(text, header.start() + 1)
        cut = following.start() if following is not None else len(text)
        scanner = _Scanner(text, header.end(), cut, close, expansion)
        key, fields = _read_body(scanner, macros, with_key=kind != "string")
        pos = max(scanner.pos, header.end())
        if kind == "string":
            for name, value in fields.items():
                macros[name] = value
            continue
        entries.append(_RawEntry(kind, key, header.start(), pos, fields))
    return entries


# --- Names ---------------------------------------------------------------------


def _split_top(text: str, separator: str | None) -> list[str]:
    """Split ``text`` on ``separator`` (on whitespace and ties when None) outside braces."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    previous = ""
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        if separator is None:
            # A tie (~) joins words as a space does, unless it is the \~ accent.
            is_separator = char.isspace() or (char == "~" and previous != "\\")
        else:
            is_separator = char == separator
        previous = char
        if depth == 0 and is_separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if separator is None:
        return [part for part in parts if part]
    return parts


def _wrapped(text: str) -> bool:
    """Whether ``text`` is one brace group from its first to its last character."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index == len(text) - 1
    return False


def _is_lower(token: str) -> bool:
    if token.startswith("{"):
        return False
    plain = latex_to_text(token)
    return bool(plain) and plain[0].islower()


def _author(name: str) -> Author | None:
    name = name.strip()
    if _wrapped(name):
        family = latex_to_text(name)
        return Author(family, is_organisation=True) if family else None
    parts = [part.strip() for part in _split_top(name, ",")]
    if len(parts) == 1:
        tokens = _split_top(name, None)
        last = len(tokens) - 1
        von = next((i for i in range(last) if _is_lower(tokens[i])), last)
        family_raw, given_raw = " ".join(tokens[von:]), " ".join(tokens[:von])
    else:
        # "von Last, First" or "von Last, Jr, First": Author has no suffix field,
        # so a "Jr" part is left out rather than folded into a name.
        family_raw, given_raw = parts[0], parts[-1]
    family, given = latex_to_text(family_raw), latex_to_text(given_raw)
    if not family:
        family, given = given, ""
    return Author(family, given) if family else None


def _authors(value: str) -> tuple[tuple[Author, ...], bool]:
    names: list[list[str]] = [[]]
    for token in _split_top(value, None):
        if token.lower() == "and":
            names.append([])
        else:
            names[-1].append(token)
    authors: list[Author] = []
    et_al = False
    for tokens in names:
        if not tokens:
            continue
        if len(tokens) == 1 and tokens[0].lower() == "others":
            et_al = True
            continue
        author = _author(" ".join(tokens))
        if author is not None:
            authors.append(author)
    return tuple(authors), et_al


# --- Claims and identifiers ------------------------------------------------------

_YEAR = re.compile(r"(\d{4})[a-z]?")
_DATE = re.compile(r"(\d{4})(?:[-/].*)?")


def _plausible_year(text: str, pattern: re.Pattern[str]) -> int | None:
    match = pattern.fullmatch(latex_to_text(text))
    if match is None:
        return None
    year = int(match.group(1))
    return year if 1000 <= year <= 2100 else None


def _field(fields: dict[str, _Value], *names: str) -> str | None:
    for name in names:
        value = fields.get(name)
        if value is not None and (text := latex_to_text(value.text)):
            return text
    return None


def _claims(entry: _RawEntry) -> Claims:
    fields = entry.fields
    authors, et_al = _authors(fields["author"].text) if "author" in fields else ((), False)
    year = _plausible_year(fields["year"].text, _YEAR) if "year" in fields else None
    if year is None and "date" in fields:
        year = _plausible_year(fields["date"].text, _DATE)
    journal = _field(fields, "journal", "journaltitle")
    if journal is None and entry.kind in _BOOK_PART_TYPES:
        journal = _field(fields, "booktitle")
    pages = _field(fields, "pages")
    if pages is not None:
        pages = re.sub(r"\s*[–—]\s*", "–", pages)
    return Claims(
        authors=authors,
        et_al=et_al,
        year=year,
        title=_field(fields, "title"),
        journal=journal,
        volume=_field(fields, "volume"),
        issue=_field(fields, "number"),
        pages=pages,
    )


def _plain(value: _Value) -> tuple[str, list[int]]:
    """Return the value's text with LaTeX stripped for identifier reading, and
    the source offset of each character of the result."""
    text, indices = latex_to_identifier_text(value.text)
    return text, [value.offset_at(index) for index in indices]


_WHOLE = re.compile(r".+", re.DOTALL)
_LIST_ITEM = re.compile(r"[^;,]+")


class _Collector:
    """Gathers one entry's identifiers (deduplicated) and the problems met."""

    def __init__(self, source: Source, problems: list[IdentifierProblem]) -> None:
        self.source = source
        self.problems = problems
        self.identifiers: dict[str, Identifier] = {}

    def add(self, item: Identifier | IdentifierProblem | None, offset: int) -> None:
        if item is None:
            return
        located = replace(item, location=self.source.locate(offset))
        if isinstance(located, IdentifierProblem):
            self.problems.append(located)
        else:
            self.identifiers.setdefault(located.key, located)

    def parse(self, value: _Value, hint: IdType | None, *, split: bool = False) -> None:
        text, offsets = _plain(value)
        for piece in (_LIST_ITEM if split else _WHOLE).finditer(text):
            stripped = piece.group().strip()
            if stripped:
                start = piece.start() + piece.group().index(stripped)
                self.add(parse_identifier(stripped, hint), offsets[start])

    def scan(self, value: _Value) -> None:
        text, offsets = _plain(value)
        for found in scan(text):
            self.add(found.item, offsets[found.start] if found.start < len(offsets) else 0)


_EPRINT_HINTS = {"arxiv": IdType.ARXIV, "pubmed": IdType.PMID, "pmc": IdType.PMCID}


def _identifiers(
    entry: _RawEntry, source: Source, problems: list[IdentifierProblem]
) -> tuple[tuple[Identifier, ...], str | None]:
    fields = entry.fields
    collector = _Collector(source, problems)
    for name, hint in (("doi", IdType.DOI), ("pmid", IdType.PMID), ("pmcid", IdType.PMCID)):
        if name in fields:
            collector.parse(fields[name], hint)
    if "eprint" in fields:
        prefix = latex_to_text(fields.get("archiveprefix", fields.get("eprinttype", _EMPTY)).text)
        collector.parse(fields["eprint"], _EPRINT_HINTS.get(prefix.lower()))
    if "isbn" in fields:
        collector.parse(fields["isbn"], IdType.ISBN, split=True)
    url: str | None = None
    if "url" in fields:
        url = _plain(fields["url"])[0].strip() or None
        collector.parse(fields["url"], None)
    for name in ("note", "howpublished"):
        if name in fields:
            collector.scan(fields[name])
    return tuple(collector.identifiers.values()), url


def parse(source: Source) -> Document:
    """Return the entries of a BibTeX database: text that is not an entry is
    skipped, and an unterminated entry keeps the fields read. Raises
    InputError only when ``@string`` macros expand past the limits."""
    entries: list[Entry] = []
    problems: list[IdentifierProblem] = []
    try:
        raw_entries = _read_entries(source.text)
    except _TooLong as exc:
        line = source.locate(exc.offset).line
        raise InputError(f"{exc.reason} (line {line}): not read", path=source.path) from None
    for number, raw in enumerate(raw_entries, start=1):
        text = source.text[raw.start : raw.end].rstrip()
        identifiers, url = _identifiers(raw, source, problems)
        entries.append(
            Entry(
                label=raw.key,
                raw=text,
                location=source.locate(raw.start),
                role=EntryRole.REFERENCE,
                number=number,
                end_line=source.locate(raw.start + max(len(text) - 1, 0)).line,
                identifiers=identifiers,
                claims=_claims(raw),
                url=url,
            )
        )
    return Document(
        path=source.path,
        format=Format.BIBTEX,
        sha256=source.sha256,
        size=source.size,
        entries=tuple(entries),
        links=(),
        citations=(),
        text_identifiers=(),
        identifier_problems=tuple(problems),
        reference_heading=None,
    )
