"""From a document's verdicts to the changes of its text.

Each verdict's corrections (:mod:`citecheck.fixes.wanted`) at or above the
confidence asked for are placed by the editor of the document's format;
one that cannot be placed exactly, or whose edits overlap another's, is
skipped with its reason. The edited text is then read again by the same
reader, and a correction is kept only when its entry reads back as intended
(the identifier added or put in place is the entry's, the wrong one is
gone, every other entry is as it was): a span found wrongly never reaches
the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.errors import FixRefused
from citecheck.fixes import bibtex, html, prose
from citecheck.fixes.editing import DocumentText, Edit, Unplaceable
from citecheck.fixes.original import OriginalFile
from citecheck.fixes.wanted import Correction, Declined, corrections
from citecheck.models import (
    Change,
    ChangeKind,
    Document,
    Entry,
    Format,
    Location,
    SkippedChange,
    TextEdit,
)
from citecheck.parsing import parse_source
from citecheck.parsing.source import Source
from citecheck.results import DocumentAudit

DEFAULT_MIN_CONFIDENCE = 0.9
"""The same-work probability a suggestion needs before it changes a file."""

EDITED_FORMATS = frozenset({Format.MARKDOWN, Format.TEXT, Format.HTML, Format.BIBTEX})


@dataclass(frozen=True)
class FixPlan:
    """The changes of one file, those skipped, and the file's text with the
    changes made (its own line endings kept)."""

    path: str
    original: OriginalFile
    changes: tuple[Change, ...]
    skipped: tuple[SkippedChange, ...]
    fixed_text: str

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def fixed_bytes(self) -> bytes:
        """The file's bytes with the changes made, encoded as it was."""
        return self.original.encode(self.fixed_text) if self.changes else self.original.data


@dataclass(frozen=True, slots=True)
class _Placed:
    correction: Correction
    index: int
    edits: tuple[Edit, ...]


def plan_fixes(
    audit: DocumentAudit,
    original: OriginalFile,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> FixPlan:
    """The changes ``audit``'s verdicts ask of the file ``original``.

    Raises FixRefused when the file is not the one audited (its sha256 differs).
    """
    document = audit.document
    if original.sha256 != document.sha256:
        raise FixRefused("the file changed since it was audited", path=original.path)
    edited = (
        html.HtmlText(original.normalised)
        if document.format is Format.HTML
        else DocumentText(original.normalised)
    )
    skipped: list[SkippedChange] = []
    placed: list[_Placed] = []
    for verdict in audit.verdicts:
        index = _entry_index(document, verdict.entry_label, verdict.location)
        if index is None:
            continue
        for wanted in corrections(verdict, document.entries[index], document.format):
            if isinstance(wanted, Declined):
                skipped.append(
                    _skip(document, wanted.entry, wanted.summary, wanted.reason, wanted.confidence)
                )
                continue
            outcome = _place(wanted, index, edited, original, document.format, min_confidence)
            if isinstance(outcome, str):
                skipped.append(
                    _skip(document, wanted.entry, wanted.summary, outcome, wanted.confidence)
                )
            else:
                placed.append(outcome)
    placed, overlapping = _apart(placed)
    skipped += [
        _skip(
            document,
            p.correction.entry,
            p.correction.summary,
            "it overlaps another change",
            p.correction.confidence,
        )
        for p in overlapping
    ]
    placed, unread = _read_back(document, edited.text, placed)
    skipped += [
        _skip(document, p.correction.entry, p.correction.summary, reason, p.correction.confidence)
        for p, reason in unread
    ]
    changes = tuple(_change(document.path, edited, p) for p in placed)
    return FixPlan(
        path=document.path,
        original=original,
        changes=changes,
        skipped=tuple(sorted(skipped, key=lambda s: s.location)),
        fixed_text=_apply_to_original(original, edited, [e for p in placed for e in p.edits]),
    )


def _place(
    correction: Correction,
    index: int,
    edited: DocumentText,
    original: OriginalFile,
    fmt: Format,
    min_confidence: float,
) -> _Placed | str:
    """The correction's edits, or why it is not made."""
    reason = _not_made(correction, fmt, min_confidence)
    if reason is not None:
        return reason
    try:
        edits = _edits(edited, fmt, correction)
        for edit in edits:
            original.encode(edit.new)  # a character the file's encoding cannot hold
    except Unplaceable as exc:
        return str(exc)
    except FixRefused as exc:
        return exc.reason
    return _Placed(correction, index, tuple(edits))


def _not_made(correction: Correction, fmt: Format, min_confidence: float) -> str | None:
    if correction.confidence < min_confidence:
        return f"confidence {_number(correction.confidence)} is below {_number(min_confidence)}"
    if fmt not in EDITED_FORMATS:
        return f"{fmt.value} documents are not edited"
    return None


def _number(share: float) -> str:
    """``0.9``, ``0.899``: a probability as people read it, no digit lost
    that makes it fall below a threshold."""
    return f"{share:.3f}".rstrip("0").rstrip(".")


def _edits(text: DocumentText, fmt: Format, correction: Correction) -> list[Edit]:
    entry = correction.entry
    if correction.kind is ChangeKind.CORRECT_FIELD:
        assert correction.field is not None
        return bibtex.correct_field(text, entry, correction.field)
    right = correction.identifier
    assert right is not None
    if isinstance(text, html.HtmlText):
        if correction.replaces is not None:
            return html.replace_identifier(text, entry, correction.replaces, right)
        return html.add_identifier(text, entry, right)
    if fmt is Format.BIBTEX:
        if correction.replaces is not None:
            return bibtex.replace_identifier(text, entry, correction.replaces, right)
        return bibtex.add_identifier(text, entry, right)
    if correction.replaces is not None:
        return prose.replace_identifier(text, entry, correction.replaces, right)
    return prose.add_identifier(text, entry, right)


def _entry_index(document: Document, label: str, location: Location) -> int | None:
    """The index of the entry a verdict is about: by label and place, or by
    label alone when only one entry has it."""
    same_label = [i for i, e in enumerate(document.entries) if e.label == label]
    exact = [i for i in same_label if document.entries[i].location == location]
    chosen = exact or (same_label if len(same_label) == 1 else [])
    return chosen[0] if chosen else None


def _skip(
    document: Document, entry: Entry, summary: str, reason: str, confidence: float
) -> SkippedChange:
    return SkippedChange(document.path, entry.label, entry.location, summary, reason, confidence)


def _apart(placed: list[_Placed]) -> tuple[list[_Placed], list[_Placed]]:
    """The corrections whose edits overlap none kept before them, and the rest."""
    kept: list[_Placed] = []
    overlapping: list[_Placed] = []
    taken: list[tuple[int, int]] = []
    for item in placed:
        spans = [(e.start, e.end) for e in item.edits]
        if any(_overlap(span, other) for span in spans for other in taken):
            overlapping.append(item)
            continue
        kept.append(item)
        taken.extend(spans)
    return kept, overlapping


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at one place overlap too: their order would be a guess.
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def _applied(text: str, edits: Sequence[Edit]) -> str:
    pieces: list[str] = []
    done = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[done : edit.start])
        pieces.append(edit.new)
        done = edit.end
    pieces.append(text[done:])
    return "".join(pieces)


def _read_back(
    document: Document, text: str, placed: list[_Placed]
) -> tuple[list[_Placed], list[tuple[_Placed, str]]]:
    """The corrections whose entries read back as intended, and the others
    with why: all together first, and one by one only when that fails."""
    if not placed:
        return [], []
    if not _misread(document, text, placed):
        return placed, []
    failed: list[tuple[_Placed, str]] = []
    kept: list[_Placed] = []
    for item in placed:
        problems = _misread(document, text, [item])
        if problems:
            failed.append((item, problems[0]))
        else:
            kept.append(item)
    if kept and _misread(document, text, kept):
        failed += [(item, "the changes do not read back as intended together") for item in kept]
        kept = []
    return kept, failed


def _misread(document: Document, text: str, placed: list[_Placed]) -> list[str]:
    """What reads back otherwise than intended once ``placed`` are made."""
    edited = _applied(text, [e for p in placed for e in p.edits])
    source = Source(
        path=document.path,
        text=edited,
        sha256=hashlib.sha256(edited.encode("utf-8", "surrogatepass")).hexdigest(),
        size=len(edited),
    )
    try:
        again = parse_source(source, fmt=document.format)
    except Exception as exc:  # a reader that refuses the edited text refuses the edits
        return [f"the edited file cannot be read: {exc}"]
    if len(again.entries) != len(document.entries):
        return [
            "it would change how the reference list is read "
            f"({len(again.entries)} entries, not {len(document.entries)})"
        ]
    expected = {i: {x.key for x in e.identifiers} for i, e in enumerate(document.entries)}
    for item in placed:
        keys = expected[item.index]
        if item.correction.replaces is not None:
            keys.discard(item.correction.replaces.key)
        if item.correction.identifier is not None:
            keys.add(item.correction.identifier.key)
    problems: list[str] = []
    for index, entry in enumerate(again.entries):
        keys = {x.key for x in entry.identifiers}
        before = document.entries[index]
        if entry.label != before.label:
            problems.append(f"entry {before.label} reads back as {entry.label}")
        elif keys != expected[index]:
            problems.append(
                f"entry {before.label} reads back with {', '.join(sorted(keys)) or 'no identifier'}"
            )
    for item in placed:
        value = item.correction.field
        if value is not None and value.field == "year":
            year = again.entries[item.index].claims.year
            if str(year) != value.shown:
                problems.append(f"the year reads back as {year}")
    return problems


def _change(path: str, text: DocumentText, placed: _Placed) -> Change:
    lines = text.lines
    first = min(lines.locate(e.start).line for e in placed.edits)
    last = max(lines.locate(e.end).line for e in placed.edits)
    start, end = lines.start(first), lines.end(last)
    old = text.text[start:end]
    shifted = [Edit(e.start - start, e.end - start, e.new) for e in placed.edits]
    correction = placed.correction
    return Change(
        path=path,
        entry_label=correction.entry.label,
        kind=correction.kind,
        summary=correction.summary,
        line=first,
        end_line=last,
        old=old,
        new=_applied(old, shifted),
        edits=tuple(
            TextEdit(lines.locate(e.start), text.text[e.start : e.end], e.new) for e in placed.edits
        ),
        evidence=correction.evidence,
        confidence=correction.confidence,
    )


def _apply_to_original(original: OriginalFile, text: DocumentText, edits: list[Edit]) -> str:
    """``original``'s text with ``edits`` (made on the text as read) made,
    new lines written with the line ending of the line they are made on."""
    mapped: list[Edit] = []
    for edit in edits:
        location = text.lines.locate(edit.start)
        start = original.lines.offset(location)
        if start is None:  # the same lines, so never; but never write a guess
            raise FixRefused("an edit falls outside the file", path=original.path)
        new = edit.new.replace("\n", original.lines.ending(location.line))
        mapped.append(Edit(start, start + (edit.end - edit.start), new))
    return _applied(original.text, mapped)
