"""Corrections in Markdown and plain text.

An entry's span is the reader's: from where its text starts (after its list
marker) to the end of its last line, and it must still hold the entry's
text as the reader read it. A wrong identifier is replaced wherever it is
written in that span, in the form it was written in (the DOI of a
``https://doi.org/…`` link is replaced, the URL kept); an identifier is
added at the end of the entry's last line: `` https://doi.org/10.x/y``,
`` PMID: n`` or `` PMCID: PMCn``.
"""

from __future__ import annotations

from citecheck.fixes.editing import DocumentText, Edit, Unplaceable
from citecheck.fixes.forms import NotPlain, label, occurrences, plain_form
from citecheck.models import Entry, Identifier


def entry_span(document: DocumentText, entry: Entry) -> tuple[int, int]:
    """The entry's span in the text; raises Unplaceable when the text there
    is not the entry's any more."""
    start = document.entry_start(entry)
    last = document.last_line(entry)
    end = document.lines.end(last)
    written = entry.raw.split("\n")
    first_line_end = document.lines.end(entry.location.line)
    if document.text[start:first_line_end].strip() != written[0].strip() or (
        last > entry.location.line and document.lines.content(last).strip() != written[-1].strip()
    ):
        raise Unplaceable("the entry's text is not where the reader found it")
    return start, end


def replace_identifier(
    document: DocumentText, entry: Entry, wrong: Identifier, right: Identifier
) -> list[Edit]:
    """The edits that put ``right`` wherever ``wrong`` is written in the entry."""
    start, end = entry_span(document, entry)
    return replace_in(document.text, start, end, wrong, right, markup=False)


def replace_in(
    text: str, start: int, end: int, wrong: Identifier, right: Identifier, *, markup: bool
) -> list[Edit]:
    """The edits that put ``right`` wherever ``wrong`` is written in
    ``text[start:end]``; raises Unplaceable when it is written nowhere, or
    somewhere it cannot be replaced exactly."""
    try:
        found = occurrences(text[start:end], wrong, right, markup=markup)
    except NotPlain as exc:
        raise Unplaceable(str(exc)) from None
    if not found:
        raise Unplaceable(f"{label(wrong)} is not written in the entry's text")
    return [Edit(start + o.start, start + o.end, o.new) for o in found]


def add_identifier(document: DocumentText, entry: Entry, right: Identifier) -> list[Edit]:
    """The edit that adds ``right`` at the end of the entry."""
    start, end = entry_span(document, entry)
    at = start + len(document.text[start:end].rstrip())
    return [Edit(at, at, " " + plain_form(right))]
