"""What a document says about itself: :func:`read_identity`.

An article's own DOI, title, authors and venue, read where each format
states them plainly:

- HTML: ``<meta name="citation_doi|citation_title|citation_author…">`` (the
  tags scholarly publishers put in every article page), Dublin Core and
  PRISM's equivalents, else the first ``<h1>`` or the ``<title>`` without
  its site name;
- JATS: ``article-meta``'s DOI, ``article-title``, authors, and the
  journal's title, volume, issue and year;
- Markdown: the H1 at the top (or a first line standing alone as a title),
  an author line under it, a ``doi:`` line near the top;
- plain text from a PDF: a DOI labelled near the top or repeated in page
  headers; the title-like lines above an author line on the first page;
  running page headers (``Expert Rev. Anticancer Ther. 11(4), (2011)``,
  ``Smith et al.``, a short title) when the first page lost its title block.

What a line is (a title, authors, a venue) is told by
:mod:`citecheck.parsing.identity_lines`; HTML's and JATS's own metadata is
read by :mod:`citecheck.parsing.identity_markup`. Pure; never raises.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from citecheck.identifiers import scan
from citecheck.matching.normalise import normalise
from citecheck.models import ArticleIdentity, Author, Document, Format, Identifier, IdType
from citecheck.parsing.identity_lines import (
    DOI_LABEL,
    HEADER_AUTHORS,
    LETTER,
    MAX_HEADER_LENGTH,
    MIN_TITLE_WORDS,
    NOT_NAMES,
    author_line,
    first_doi,
    header_author,
    title_like,
    title_piece,
    venue,
)
from citecheck.parsing.identity_markup import TAG, html_identity, jats_identity
from citecheck.parsing.source import Source

__all__ = ["read_identity"]

TOP_LINES = 30
"""Non-empty lines counted as the top of a document, where its own DOI and
title are written (a PDF's first page holds more, but its title block is
within these)."""


MAX_WORDS = 8000
"""Distinct content words kept of a document without a title (see
:attr:`ArticleIdentity.words`): a review's text has a few thousand."""

KEYWORDS = 8
"""The most frequent content words searched by when no title is known."""

MAX_NAMED = 100
"""Named markers kept (``Wagner et al. [39]``): enough to check a deposit by."""

NAMED_WINDOW = 240
"""Characters after ``Surname et al.`` searched for its marker."""


MAX_WORDS_BESIDE_DOI = 10
"""Words a line at the top may hold besides the article's own DOI (a
first page's ``Journal 11(4), 621–630 (2011) · DOI …`` line)."""

_FRONT_END = re.compile(
    r"^\s*(?:abstract|summary|introduction|background|keywords?|key\s+words)\b", re.IGNORECASE
)
_MARKER = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]")
_NAMED = re.compile(
    r"\b([A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[^\W\d_]+)?)\s+(?:et\s+al\.?|and\s+[A-ZÀ-ÖØ-Þ][^\W\d_]+)"
)
_LONE_MARKER = re.compile(r"\[\s*(\d{1,4})\s*\]")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+")

_CONTENT_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "these",
        "those",
        "which",
        "were",
        "was",
        "are",
        "been",
        "have",
        "has",
        "had",
        "also",
        "such",
        "than",
        "into",
        "between",
        "both",
        "after",
        "within",
        "through",
        "their",
        "there",
        "other",
        "more",
        "most",
        "can",
        "may",
        "could",
        "would",
        "should",
        "not",
        "but",
        "its",
        "our",
        "all",
        "one",
        "two",
        "three",
        "however",
        "including",
        "shown",
        "found",
        "study",
        "studies",
        "used",
        "using",
        "use",
        "well",
        "while",
        "when",
        "where",
        "whereas",
    ]
)

_ATX_H1 = re.compile(r"^ {0,3}#(?!#)\s*(.+?)\s*#*\s*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKUP = re.compile(r"[*_`]+|<[^>]+>")


def read_identity(source: Source, document: Document) -> ArticleIdentity:
    """What ``source`` (read as ``document``) says about itself. For a
    document with in-text markers but no reference list and no own title,
    also its content words and keywords, to find the article by. Never raises."""
    text = source.text
    if document.format is Format.HTML:
        identity = html_identity(text)
    elif document.format is Format.JATS:
        identity = jats_identity(text)
    elif document.format is Format.MARKDOWN:
        identity = _prose(text, markdown=True, cited=_cited_lines(document))
    elif document.format is Format.TEXT:
        identity = _prose(text, markdown=False, cited=_cited_lines(document))
    else:
        return ArticleIdentity()  # a BibTeX database is no article
    if identity.title or document.entries or not document.citations:
        return identity
    plain = TAG.sub(" ", text) if document.format is Format.HTML else text
    counts = Counter(_content_words(plain))
    frequent = Counter({w: n for w, n in counts.items() if len(w) >= 4 and not w.isdigit()})
    recurring = [w for w, n in counts.most_common(MAX_WORDS) if n >= 2]
    return replace(
        identity,
        keywords=tuple(w for w, _ in frequent.most_common(KEYWORDS)),
        words=frozenset(recurring),
        named_citations=_named_citations(plain),
    )


def _named_citations(text: str) -> tuple[tuple[str, int], ...]:
    """``(surname, n)`` for each ``Surname et al.`` (or ``Surname and
    Other``) followed in the same sentence by a lone marker ``[n]``."""
    named: list[tuple[str, int]] = []
    for match in _NAMED.finditer(text):
        window = text[match.end() : match.end() + NAMED_WINDOW]
        end = _SENTENCE_END.search(window)
        marker = _LONE_MARKER.search(window[: end.start() if end else len(window)])
        if marker is not None and match[1].lower() not in NOT_NAMES:
            named.append((match[1], int(marker[1])))
            if len(named) >= MAX_NAMED:
                break
    return tuple(named)


# --- Markdown and plain text ----------------------------------------------------


def _cited_lines(document: Document) -> frozenset[int]:
    """The lines of the document's entries and links: what they say is
    about the works cited, never about the article."""
    lines: set[int] = set()
    for entry in (*document.entries, *document.links):
        lines.update(range(entry.location.line, (entry.end_line or entry.location.line) + 1))
    return frozenset(lines)


def _prose(text: str, *, markdown: bool, cited: frozenset[int] = frozenset()) -> ArticleIdentity:
    lines = ["" if n in cited else line for n, line in enumerate(text.split("\n"), start=1)]
    top = _top_lines(lines)
    # Page headers are a PDF's: a Markdown page repeats lines for other reasons.
    headers = [] if markdown else _running_headers(lines)
    found: list[str] = []

    doi = _top_doi(top) or _header_doi(headers)
    if doi:
        found.append("doi: near the top" if _top_doi(top) else "doi: page headers")

    title: str | None = None
    title_line: int | None = None
    authors: tuple[Author, ...] = ()
    if markdown:
        title, title_line = _markdown_title(lines)
        if title:
            found.append(f"title: Markdown heading, line {title_line}")
    if title is None:
        title, title_line, authors = _title_above_authors(top, set(headers))
        if title:
            found.append(f"title: above the author line, line {title_line}")
    if title is None:
        title, title_line = _standalone_first_line(lines, set(headers), markdown=markdown)
        if title:
            found.append(f"title: first line, standing alone (line {title_line})")
    if title is not None and title_line is not None and not authors:
        authors = _authors_below(lines, title_line)
    if authors:
        found.append("authors: the author line")

    header_venue = venue(headers) or venue(line for _, line in top[:5])
    title_abridged = False
    if title is None:
        running = _running_title(headers)
        if running:
            title, title_abridged = running, True
            found.append("title: running page header (maybe shortened)")
    if not authors:
        first = header_author(headers)
        if first:
            authors = (Author(first),)
            found.append("first author: running page header")
    journal = volume = issue = None
    year = None
    if header_venue is not None:
        journal, volume, issue, year = header_venue
        found.append("journal, volume, year: page header")
    return ArticleIdentity(
        doi=doi,
        title=title,
        title_abridged=title_abridged,
        authors=tuple(authors),
        journal=journal,
        volume=volume,
        issue=issue,
        year=year,
        found_by=tuple(found),
    )


def _top_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The first TOP_LINES non-empty lines with their 1-based numbers, up to
    an abstract or introduction, which ends a title block."""
    top: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if _FRONT_END.match(stripped) and top:
            break
        top.append((number, stripped))
        if len(top) >= TOP_LINES:
            break
    return top


def _running_headers(lines: list[str]) -> list[str]:
    """Short lines that repeat (page headers and footers), most repeated first."""
    counts = Counter(
        stripped
        for stripped in (line.strip() for line in lines)
        if 3 <= len(stripped) <= MAX_HEADER_LENGTH and LETTER.search(stripped)
    )
    return [line for line, count in counts.most_common() if count >= 2]


def _top_doi(top: list[tuple[int, str]]) -> str | None:
    """A DOI labelled as one (``doi:``, ``DOI``, a doi.org link) on a short
    line at the top: the article's own, as first pages print it."""
    for _, line in top:
        if len(line) > MAX_HEADER_LENGTH or not DOI_LABEL.search(line) or _MARKER.search(line):
            continue
        for found in scan(line):
            item = found.item
            if not isinstance(item, Identifier) or item.type is not IdType.DOI:
                continue
            # A line of running text that mentions a DOI is no first-page line.
            rest = line[: found.start] + line[found.end :]
            if len(rest.split()) <= MAX_WORDS_BESIDE_DOI:
                return item.value
    return None


def _header_doi(headers: list[str]) -> str | None:
    """A DOI that page headers or footers repeat."""
    return first_doi(headers)


def _markdown_title(lines: list[str]) -> tuple[str | None, int | None]:
    """The H1 (``# Title`` or a setext one) among the top lines, if title-like."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > TOP_LINES:
            break
        heading = None
        if match := _ATX_H1.match(line):
            heading = match[1]
        elif index + 1 < len(lines) and _SETEXT_H1.match(lines[index + 1]) and line.strip():
            heading = line
        if heading is not None:
            title = _plain(heading)
            return (title, index + 1) if title_like(title, ending=False) else (None, None)
    return None, None


def _plain(markdown: str) -> str:
    text = _MARKDOWN_LINK.sub(r"\1", markdown)
    return " ".join(_MARKDOWN_MARKUP.sub("", text).split())


def _standalone_first_line(
    lines: list[str], headers: set[str], *, markdown: bool
) -> tuple[str | None, int | None]:
    """The first non-empty line, when it is title-like and stands alone (a
    blank line after it) and is no page header: how exported pages open."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        alone = index + 1 >= len(lines) or not lines[index + 1].strip()
        title = _plain(stripped) if markdown else stripped
        # The weakest rule: a journal's name or a caption on a line of its own
        # reads as a title too, so both are refused, and so are three words.
        if (
            alone
            and stripped not in headers
            and len(title.split()) > MIN_TITLE_WORDS
            and title_piece(title)
            and title_like(title, ending=True)
        ):
            return title, index + 1
        return None, None
    return None, None


def _title_above_authors(
    top: list[tuple[int, str]], headers: set[str]
) -> tuple[str | None, int | None, tuple[Author, ...]]:
    """The title-like lines (up to three) just above the first author line
    at the top, and the authors it names."""
    for position, (_, line) in enumerate(top):
        authors = author_line(line)
        if not authors:
            continue
        above: list[tuple[int, str]] = []
        for number, candidate in reversed(top[max(0, position - 3) : position]):
            if candidate in headers or not title_piece(candidate):
                break
            above.insert(0, (number, candidate))
        title = " ".join(piece for _, piece in above)
        if above and title_like(title, ending=True):
            return title, above[0][0], authors
        return None, None, ()
    return None, None, ()


def _authors_below(lines: list[str], title_line: int) -> tuple[Author, ...]:
    """The authors of an author line among the three non-empty lines under the title."""
    seen = 0
    for line in lines[title_line : title_line + 8]:
        if not line.strip():
            continue
        seen += 1
        if seen > 3:
            break
        authors = author_line(_plain(line))
        if authors:
            return authors
    return ()


def _running_title(headers: list[str]) -> str | None:
    """A repeated header that reads as a title (journals print a short
    title on alternate pages): not a venue, author names, a URL or a label."""
    for line in headers:
        if (
            len(line.split()) >= 4
            and title_piece(line)
            and title_like(line, ending=True)
            and not HEADER_AUTHORS.match(line)
            and not author_line(line)
        ):
            return line
    return None


def _content_words(text: str) -> list[str]:
    """The words of ``text`` in comparison form (see :func:`normalise`),
    stop words and words under three characters left out, in order."""
    return [
        word
        for word in _WORD.findall(normalise(text))
        if len(word) >= 3 and word not in _CONTENT_STOP
    ]
