"""Read an HTML page by rendering it to Markdown-like text, then reading that
as prose.

The rendering keeps what matters for citations and drops the rest: headings
become ``#`` lines, ``<ol>`` items become numbered lines (honouring
``start`` and ``value``), links become ``[text](href)``, a numeric
``<sup>`` becomes a ``[n]`` marker, and code, scripts and Wikipedia's
back-links vanish. A Wikipedia-style ``<ol class="references">`` gets a
References heading of its own when the page has none right before it.
Every rendered piece remembers where it came from, so findings point at
lines of the HTML file.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
from html.parser import HTMLParser

from citecheck.models import Document, Format, Location
from citecheck.parsing.headings import is_reference_heading
from citecheck.parsing.prose import parse_prose
from citecheck.parsing.source import Source

logger = logging.getLogger(__name__)

_SKIPPED = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "math", "pre", "code"}
)
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
)
_BLOCKS = frozenset(
    {
        "div", "section", "article", "main", "header", "footer", "nav", "aside", "table",
        "tr", "blockquote", "dl", "dd", "dt", "figure", "figcaption", "body", "ul", "ol",
        "details", "summary", "caption", "tbody", "thead",
    }
)  # fmt: skip
_SKIPPED_CLASSES = ("mw-cite-backlink", "mw-editsection", "noprint")
_REFERENCE_LIST_CLASSES = re.compile(r"\b(?:references|reflist|ref-list|footnotes)\b", re.I)
_SUP_MARKER = re.compile(r"^\s*\[?\s*(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\s*\]?\s*$")


def parse(source: Source) -> Document:
    """Return the document read from an HTML page. Never raises."""
    renderer = _Renderer()
    markup_end, text_end = _markup_ends(source.text)
    try:
        renderer.feed(source.text[:markup_end])
        renderer.close()
        if text_end > markup_end:
            renderer.handle_data(html.unescape(source.text[markup_end:text_end]))
    except Exception as exc:  # html.parser is lenient; keep what was read if it is not
        logger.warning("%s: HTML parsing stopped early: %s", source.path, exc)
    text = renderer.rendered()
    return parse_prose(
        text,
        path=source.path,
        fmt=Format.HTML,
        sha256=source.sha256,
        size=source.size,
        locate=renderer.locate,
        markdown=True,
        code=False,
    )


def _markup_ends(text: str) -> tuple[int, int]:
    """Where the part of ``text`` that may hold markup ends, and where its
    text ends.

    html.parser reads a "<" that opens no complete tag, or a "<!--" that no
    "-->" closes, by searching to the end of the text, then again from the
    next character: minutes for 200 KB of ``<a href='``. After the last
    ">" no tag can close, so what follows is text (as the parser would have
    made it, slowly); from a "<!--" after the last "-->" the rest is a
    comment, as in a browser.
    """
    closed = text.rfind("-->")
    comment = text.find("<!--", closed + 3 if closed >= 0 else 0)
    text_end = comment if comment >= 0 else len(text)
    return min(text.rfind(">") + 1, text_end), text_end


# How far a start tag is looked for before the whole rest of the text is.
_TAG_WINDOW = 1024


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._open_tag_seen = False
        self._parts: list[str] = []
        self._length = 0
        self._text = ""
        self._breaks: list[int] = []
        self._anchors: list[int] = []
        self._origins: list[tuple[int, int]] = []
        self._skip = 0
        self._skip_stack: list[str] = []
        self._lists: list[int | None] = []
        # Open <a> elements: the href to render (None when the link is not
        # rendered) and where in the source the href's value starts.
        self._links: list[tuple[str | None, tuple[int, int]]] = []
        self._sup: list[str] | None = None
        self._sup_origin = (1, 0)
        self._sup_cites = False
        self._heading = False
        self._heading_start = 0
        self._last_heading = ""

    def check_for_whole_start_tag(self, i: int) -> int:
        """Where the start tag at ``i`` ends, or -1 when it does not (the
        parser then reads its "<" as text).

        html.parser looks for the end to the end of the text, and again from
        each later "<": minutes for 200 KB of ``<a b='>' ``. The end is
        looked for within _TAG_WINDOW characters first; past them (a data
        URI), in the whole text only until one tag has been found that never
        ends, so that a page pays for that search once.
        """
        rawdata = self.rawdata
        if len(rawdata) - i <= _TAG_WINDOW:
            return super().check_for_whole_start_tag(i)
        self.rawdata = rawdata[i : i + _TAG_WINDOW]
        try:
            end = super().check_for_whole_start_tag(0)
        finally:
            self.rawdata = rawdata
        if end >= 0:
            return i + end
        if self._open_tag_seen:
            return -1
        end = super().check_for_whole_start_tag(i)
        self._open_tag_seen = end < 0
        return end

    # Output and its map back to the HTML source.

    def rendered(self) -> str:
        """The Markdown-like rendering of what has been fed so far."""
        if len(self._text) != self._length:
            self._text = "".join(self._parts)
            self._breaks = [match.start() for match in re.finditer("\n", self._text)]
        return self._text

    def locate(self, offset: int) -> Location:
        """The place in the HTML source of an offset in the rendering."""
        self.rendered()
        index = bisect.bisect_right(self._anchors, offset) - 1
        if index < 0:
            return Location(1, 1)
        start = self._anchors[index]
        line, column = self._origins[index]
        # Line breaks of the rendering between the piece's start and the
        # offset, found by bisection: a long text node holds many of them.
        first = bisect.bisect_left(self._breaks, start)
        last = bisect.bisect_left(self._breaks, offset)
        if last > first:
            return Location(line + last - first, offset - self._breaks[last - 1])
        return Location(line, column + 1 + (offset - start))

    def _emit(self, text: str, origin: tuple[int, int] | None = None) -> None:
        if not text:
            return
        self._anchors.append(self._length)
        self._origins.append(origin or self.getpos())
        self._parts.append(text)
        self._length += len(text)

    def _newlines(self, count: int) -> None:
        """End the current line, leaving ``count`` newlines (a blank line for 2)."""
        have = 0
        for part in reversed(self._parts):
            content = part.rstrip(" \t\n")
            have += part.count("\n", len(content))
            if content:
                break
        else:
            return  # nothing rendered yet: no line to end
        if have < count:
            self._emit("\n" * (count - have))

    # Parser callbacks.

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "")
        if self._skip:
            if tag not in _VOID:
                self._skip_stack.append(tag)
            return
        if tag in _SKIPPED or any(name in classes for name in _SKIPPED_CLASSES):
            if tag not in _VOID:
                self._skip = 1
                self._skip_stack = [tag]
            return
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._newlines(2)
            self._emit("#" * int(tag[1]) + " ")
            self._heading = True
            self._heading_start = len(self._parts)
        elif tag == "ol":
            if _REFERENCE_LIST_CLASSES.search(classes) and not is_reference_heading(
                self._last_heading
            ):
                self._newlines(2)
                self._emit("## References")
                self._last_heading = "References"
            self._newlines(2)
            self._lists.append(_int(attributes.get("start"), 1))
        elif tag == "ul":
            self._newlines(1)
            self._lists.append(None)
        elif tag == "li":
            self._newlines(1)
            if self._lists and self._lists[-1] is not None:
                number = _int(attributes.get("value"), self._lists[-1])
                self._lists[-1] = number + 1
                self._emit(f"{number}. ")
            else:
                self._emit("- ")
        elif tag == "p":
            self._newlines(2)
        elif tag in _BLOCKS or tag in {"br", "hr"}:
            self._newlines(1)
        elif tag in {"td", "th"}:
            self._emit(" ")
        elif tag == "sup":
            self._sup = []
            self._sup_origin = self.getpos()
            self._sup_cites = "reference" in classes
        elif tag == "a":
            while self._links:  # links do not nest: a new one closes the open one
                self._close_link()
            href = attributes.get("href", "").strip()
            if self._sup is not None:
                self._sup_cites = True  # a linked superscript points somewhere
            wrap = bool(href) and not href.startswith(("#", "javascript:")) and self._sup is None
            self._links.append((href if wrap else None, self._href_origin(href)))
            if wrap:
                self._emit("[")

    def close(self) -> None:
        super().close()
        while self._links:  # a link left open at the end of the page
            self._close_link()

    def _close_link(self) -> None:
        href, origin = self._links.pop()
        if href is not None:
            target = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            self._emit(f"]({target})", origin)

    def _href_origin(self, href: str) -> tuple[int, int]:
        """The origin to give the rendered ``](href)`` so that the href maps
        to its place in the start tag (the tag's own place when not found)."""
        line, column = self.getpos()
        raw = self.get_starttag_text() or ""
        at = raw.find(href) if href else -1
        if at < 0 or "\n" in raw[:at]:
            return line, column
        return line, column + at - 2  # the rendering puts "](" before the href

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip_stack:
                while self._skip_stack and self._skip_stack.pop() != tag:
                    pass
                if not self._skip_stack:
                    self._skip = 0
            return
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self._heading:
            self._heading = False
            self._last_heading = "".join(self._parts[self._heading_start :])
            self._newlines(2)
        elif tag in {"ol", "ul"}:
            if self._lists:
                self._lists.pop()
            self._newlines(2)
        elif tag == "p":
            self._newlines(2)
        elif tag in _BLOCKS or tag == "li":
            self._newlines(1)
        elif tag == "sup" and self._sup is not None:
            content = "".join(self._sup)
            self._sup = None
            marker = _SUP_MARKER.match(content)
            if (
                marker
                and not self._sup_cites
                and content.strip().isdigit()
                and self._parts
                and self._parts[-1][-1:].isdigit()
            ):
                # "10<sup>6</sup>" is a power of ten, not a citation.
                self._emit(f"^{content.strip()}", self._sup_origin)
            else:
                self._emit(f"[{marker.group(1)}]" if marker else content, self._sup_origin)
        elif tag == "a" and self._links:
            self._close_link()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._sup is not None:
            self._sup.append(data)
            return
        if self._heading:
            data = data.replace("\n", " ")
        if any(href for href, _ in self._links):
            # Brackets inside a link label would end the label early.
            data = data.replace("[", "(").replace("]", ")")
        self._emit(data)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default
