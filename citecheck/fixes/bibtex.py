"""Corrections in BibTeX.

An entry's span is the reader's, from its ``@`` to its closing delimiter,
and must still hold the entry's text. Its fields are read again here with
their exact spans; only a field whose value is one literal (``{…}``,
``"…"`` or a number) is edited, never one built from ``@string`` macros.

- A wrong identifier is replaced in the ``doi``, ``pmid``, ``pmcid`` or
  ``eprint`` field that holds it (the DOI part of a URL there, when written
  so), and wherever it is written in ``url``, ``note`` and ``howpublished``.
- An identifier is added as a field after the last one, in the entry's
  style: the same indentation, spacing around ``=``, delimiters, case of
  the field name and trailing comma (``doi = {10.x/y},``).
- A field shown wrong (see :mod:`citecheck.fixes.record_fields`) gets the
  record's value, in the old value's delimiters (a title in double braces
  keeps them; pages keep their dash, ``--`` by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.fixes.editing import DocumentText, Edit, Unplaceable
from citecheck.fixes.forms import label
from citecheck.fixes.prose import replace_in
from citecheck.fixes.record_fields import FieldValue
from citecheck.identifiers import parse_identifier
from citecheck.models import Entry, Identifier, IdType
from citecheck.parsing.latex import latex_to_identifier_text

_HEADER = re.compile(r"@\s*[A-Za-z]\w*\s*([{(])")
_NAME = re.compile(r"[A-Za-z_][\w:.+-]*")
_DIGITS = re.compile(r"[0-9]+")
_MACRO = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
_ID_FIELDS = {"doi": IdType.DOI, "pmid": IdType.PMID, "pmcid": IdType.PMCID, "eprint": None}
_FIELD_OF = {IdType.DOI: "doi", IdType.PMID: "pmid", IdType.PMCID: "pmcid"}
_TEXT_FIELDS = ("url", "note", "howpublished")
_PAGE_DASH = re.compile(r"\s*(?:--|[-–—])\s*")


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an entry, with its exact spans in the document's text.
    ``content`` is the span inside the delimiters (the digits of a number),
    None when the value is built from macros or joined with ``#``."""

    name: str
    written_name: str
    name_start: int
    name_end: int
    equals: int
    value_start: int
    value_end: int
    delimiter: str
    content: tuple[int, int] | None
    comma_end: int | None


def entry_fields(document: DocumentText, entry: Entry) -> list[Field]:
    """The fields of ``entry``, read from the text; raises Unplaceable when
    the text there is not the entry's, or its fields cannot be read."""
    start = document.entry_start(entry)
    text = document.text
    if text[start : start + len(entry.raw)] != entry.raw:
        raise Unplaceable("the entry's text is not where the reader found it")
    header = _HEADER.match(text, start)
    if header is None:
        raise Unplaceable("the entry's header cannot be read")
    close = "}" if header.group(1) == "{" else ")"
    limit = start + len(entry.raw)
    reader = _FieldReader(text, header.end(), limit, close)
    return reader.fields()


def replace_identifier(
    document: DocumentText, entry: Entry, wrong: Identifier, right: Identifier
) -> list[Edit]:
    """The edits that put ``right`` wherever ``wrong`` is written in the entry."""
    edits: list[Edit] = []
    text = document.text
    for field in entry_fields(document, entry):
        if field.content is None:
            continue
        start, end = field.content
        content = text[start:end]
        if field.name in _ID_FIELDS:
            plain = latex_to_identifier_text(content)[0].strip()
            hint = _ID_FIELDS[field.name]
            parsed = parse_identifier(plain, hint if hint is not None else wrong.type)
            if not isinstance(parsed, Identifier) or parsed.key != wrong.key:
                continue
            if right.type is not wrong.type:
                raise Unplaceable(f"{label(right)} cannot go in the {field.name} field")
            try:
                edits.extend(replace_in(text, start, end, wrong, right, markup=False))
            except Unplaceable:
                # A bare value (a PMID's digits, a DOI with LaTeX escapes):
                # the whole of it is the identifier.
                lead = len(content) - len(content.lstrip())
                value = right.value
                if "\\_" in content:
                    value = value.replace("_", "\\_")
                if right.type is IdType.PMCID and not content.strip().upper().startswith("PMC"):
                    value = value.removeprefix("PMC")
                edits.append(Edit(start + lead, start + len(content.rstrip()), value))
        elif field.name in _TEXT_FIELDS:
            try:
                edits.extend(replace_in(text, start, end, wrong, right, markup=False))
            except Unplaceable as exc:
                if "not written" not in str(exc):
                    raise
    if not edits:
        raise Unplaceable(f"{label(wrong)} is not written in a field that can be edited")
    if any(char in right.value for char in "{}"):
        raise Unplaceable(f"{label(right)} holds a brace, which BibTeX cannot hold as it is")
    return edits


def add_identifier(document: DocumentText, entry: Entry, right: Identifier) -> list[Edit]:
    """The edit that adds a field for ``right`` after the entry's last field."""
    name = _FIELD_OF.get(right.type)
    if name is None:
        raise Unplaceable(f"no BibTeX field holds {label(right)}")
    if any(char in right.value for char in "{}"):
        raise Unplaceable(f"{label(right)} holds a brace, which BibTeX cannot hold as it is")
    fields = entry_fields(document, entry)
    if not fields:
        raise Unplaceable("the entry has no field to add one after")
    same = next((field for field in fields if field.name == name), None)
    if same is not None:
        # BibTeX reads a field's first occurrence: a second would be ignored.
        start, end = same.content or (same.value_start, same.value_end)
        if same.content is None or document.text[start:end].strip():
            raise Unplaceable(
                f"the entry has a {name} field already "
                f"({document.text[same.value_start : same.value_end]}), and it is no {label(right)}"
            )
        return [Edit(start, end, right.value)]
    # Quotes or braces as the entry's last delimited value has them.
    delimited = [field.delimiter for field in fields if field.delimiter in ('"', "{")]
    quoted = bool(delimited) and delimited[-1] == '"'
    return [_after_last(document, fields[-1], name, right.value, quoted=quoted)]


def correct_field(document: DocumentText, entry: Entry, value: FieldValue) -> list[Edit]:
    """The edit that sets the field ``value`` names to its value."""
    fields = {field.name: field for field in entry_fields(document, entry)}
    field = next((fields[name] for name in value.names if name in fields), None)
    if field is None:
        raise Unplaceable(f"the entry has no {value.name} field")
    if field.content is None:
        raise Unplaceable(f"the {field.name} field is built from @string macros")
    if not _balanced(value.value):
        raise Unplaceable(f"the record's {value.field} has unbalanced braces")
    start, end = field.content
    old = document.text[start:end]
    new = value.value
    if value.field == "pages":
        dash = "–" if "–" in old and "--" not in old else "-" if re.search(r"\d-\d", old) else "--"
        new = _PAGE_DASH.sub(dash, new)
    if old.startswith("{") and old.endswith("}") and _balanced(old[1:-1]):
        new = "{" + new + "}"
    if field.delimiter == "" and not new.isdigit():
        return [Edit(field.value_start, field.value_end, "{" + new + "}")]
    if field.delimiter == '"' and '"' in new:
        raise Unplaceable(f"the record's {value.field} holds a double quote")
    if old == new:
        raise Unplaceable(f"the {field.name} field already holds the record's value")
    return [Edit(start, end, new)]


def _after_last(
    document: DocumentText, last: Field, name: str, value: str, *, quoted: bool
) -> Edit:
    text = document.text
    lines = document.lines
    line = lines.locate(last.name_start).line
    before = text[lines.start(line) : last.name_start]
    written = name.upper() if last.written_name.isupper() else name
    gap = text[last.name_end : last.equals]
    if len(gap) > 1 and gap.strip() == "":
        # Names padded so that every "=" stands in one column.
        gap = " " * max(1, len(last.written_name) + len(gap) - len(written))
    after = text[last.equals + 1 : last.value_start]
    opening, closing = ('"', '"') if quoted else ("{", "}")
    field = f"{written}{gap}={after}{opening}{value}{closing}"
    own_line = before.strip() == "" and "\n" not in after and "\n" not in gap
    if own_line:
        if last.comma_end is not None:
            comma_line = lines.locate(last.comma_end).line
            at = lines.end(comma_line)
            if text[last.comma_end : at].strip():
                at = last.comma_end
            return Edit(at, at, f"\n{before}{field},")
        return Edit(last.value_end, last.value_end, f",\n{before}{field}")
    if last.comma_end is not None:
        return Edit(last.comma_end, last.comma_end, f" {field},")
    return Edit(last.value_end, last.value_end, f", {field}")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


class _FieldReader:
    """Reads ``key, name = value, …`` of one entry, with spans."""

    def __init__(self, text: str, pos: int, limit: int, close: str) -> None:
        self.text = text
        self.pos = pos
        self.limit = limit
        self.close = close

    def fields(self) -> list[Field]:
        text = self.text
        key_end = self._find_top(",")
        if key_end is None:
            return []
        self.pos = key_end + 1
        found: list[Field] = []
        while True:
            self._skip(" \t\n\r,")
            if self.pos >= self.limit or text[self.pos] == self.close:
                return found
            name = _NAME.match(text, self.pos, self.limit)
            if name is None:
                raise Unplaceable(f"a field of the entry cannot be read (at {self.pos})")
            self.pos = name.end()
            self._skip(" \t\n\r")
            if self.pos >= self.limit or text[self.pos] != "=":
                raise Unplaceable(f"the field {name.group()!r} has no '='")
            equals = self.pos
            self.pos += 1
            self._skip(" \t\n\r")
            value_start = self.pos
            parts: list[tuple[str, int, int]] = []
            while True:
                parts.append(self._part())
                end_of_part = self.pos
                self._skip(" \t\n\r")
                if self.pos < self.limit and text[self.pos] == "#":
                    self.pos += 1
                    self._skip(" \t\n\r")
                    continue
                break
            comma_end = None
            if self.pos < self.limit and text[self.pos] == ",":
                comma_end = self.pos + 1
                self.pos += 1
            delimiter, content_start, content_end = parts[0]
            literal = len(parts) == 1 and delimiter != "macro"
            found.append(
                Field(
                    name=name.group().lower(),
                    written_name=name.group(),
                    name_start=name.start(),
                    name_end=name.end(),
                    equals=equals,
                    value_start=value_start,
                    value_end=end_of_part,
                    delimiter=delimiter if literal else "macro",
                    content=(content_start, content_end) if literal else None,
                    comma_end=comma_end,
                )
            )

    def _part(self) -> tuple[str, int, int]:
        text = self.text
        if self.pos >= self.limit:
            raise Unplaceable("the entry ends inside a field")
        char = text[self.pos]
        if char in '{"':
            end = self._closing(self.pos)
            start = self.pos + 1
            self.pos = end + 1
            return char, start, end
        for pattern, kind in ((_DIGITS, ""), (_MACRO, "macro")):
            match = pattern.match(text, self.pos, self.limit)
            if match is not None:
                self.pos = match.end()
                return kind, match.start(), match.end()
        raise Unplaceable(f"a field value of the entry cannot be read (at {self.pos})")

    def _closing(self, start: int) -> int:
        text = self.text
        depth = 0
        quote = text[start] == '"'
        for index in range(start + 1 if quote else start, self.limit):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if not quote and depth == 0:
                    return index
            elif quote and char == '"' and depth == 0:
                return index
        raise Unplaceable("a field value of the entry is not closed")

    def _find_top(self, wanted: str) -> int | None:
        depth = 0
        for index in range(self.pos, self.limit):
            char = self.text[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif depth == 0 and char == wanted:
                return index
            if depth == 0 and char == self.close:
                return None
        return None

    def _skip(self, chars: str) -> None:
        while self.pos < self.limit and self.text[self.pos] in chars:
            self.pos += 1
