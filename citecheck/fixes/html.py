"""Corrections in HTML.

An entry's span is the element that holds it: the innermost ``<li>``,
``<dd>``, ``<p>``, ``<td>`` or ``<div>`` around the place its text starts,
closed by an explicit end tag. A wrong identifier is replaced wherever it is
written in that element (a link's ``href`` and its text alike), escaped for
HTML; an identifier is added as a link, ``<a href="https://doi.org/…">
doi:…</a>``, after the element's last content, before its end tag. An
element whose end tag is left out (HTML allows it for ``<li>``) is not
edited.
"""

from __future__ import annotations

from html.parser import HTMLParser

from citecheck.fixes.editing import DocumentText, Edit, Unplaceable
from citecheck.fixes.forms import html_link
from citecheck.fixes.original import TextLines
from citecheck.fixes.prose import replace_in
from citecheck.models import Entry, Identifier, Location

_HOLDERS = frozenset({"li", "dd", "p", "td", "div"})


class HtmlText(DocumentText):
    """An HTML document's text, with the spans of its entry-holding elements."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._elements: list[tuple[int, int]] | None = None

    def elements(self) -> list[tuple[int, int]]:
        """``(start tag start, end tag start)`` of every element that may
        hold an entry and has an end tag."""
        if self._elements is None:
            finder = _ElementFinder(self.lines)
            try:
                finder.feed(self.text)
                finder.close()
            except Exception:  # html.parser is lenient; what was read still counts
                pass
            self._elements = finder.spans
        return self._elements

    def element_of(self, entry: Entry) -> tuple[int, int]:
        """The span of the element that holds ``entry``; raises Unplaceable."""
        start = self.entry_start(entry)
        holding = [span for span in self.elements() if span[0] < start < span[1]]
        if not holding:
            raise Unplaceable("no element with an end tag holds the entry")
        return min(holding, key=lambda span: span[1] - span[0])


def replace_identifier(
    document: HtmlText, entry: Entry, wrong: Identifier, right: Identifier
) -> list[Edit]:
    """The edits that put ``right`` wherever ``wrong`` is written in the entry's element."""
    start, end = document.element_of(entry)
    return replace_in(document.text, start, end, wrong, right, markup=True)


def add_identifier(document: HtmlText, entry: Entry, right: Identifier) -> list[Edit]:
    """The edit that adds a link to ``right`` before the entry element's end tag."""
    start, closing = document.element_of(entry)
    at = closing
    while at > start and document.text[at - 1].isspace():
        at -= 1
    return [Edit(at, at, " " + html_link(right))]


class _ElementFinder(HTMLParser):
    def __init__(self, lines: TextLines) -> None:
        super().__init__(convert_charrefs=True)
        self._lines = lines
        self._open: list[tuple[str, int]] = []
        self.spans: list[tuple[int, int]] = []

    def _here(self) -> int:
        line, column = self.getpos()
        offset = self._lines.offset(Location(line, column + 1))
        return offset if offset is not None else len(self._lines.text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HOLDERS:
            self._open.append((tag, self._here()))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _HOLDERS:
            return
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                start = self._open[index][1]
                del self._open[index:]
                self.spans.append((start, self._here()))
                return
