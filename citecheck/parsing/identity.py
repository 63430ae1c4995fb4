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

Every rule is meant to be sure of what it takes: a line that may be a title
and may be a sentence is no title. Pure; never raises.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from citecheck.identifiers import scan
from citecheck.matching.normalise import normalise
from citecheck.models import ArticleIdentity, Author, Document, Format, Identifier, IdType
from citecheck.names import PARTICLES
from citecheck.parsing.source import Source
from citecheck.parsing.xmltree import Node, Text, parse_xml, walk

__all__ = ["read_identity"]

TOP_LINES = 30
"""Non-empty lines counted as the top of a document, where its own DOI and
title are written (a PDF's first page holds more, but its title block is
within these)."""

MAX_HEAD = 200_000
"""Characters of an HTML page or JATS file searched for the article's own
metadata (``<head>``, ``<front>``): it comes first."""

MAX_WORDS = 8000
"""Distinct content words kept of a document without a title (see
:attr:`ArticleIdentity.words`): a review's text has a few thousand."""

KEYWORDS = 8
"""The most frequent content words searched by when no title is known."""

MAX_NAMED = 100
"""Named markers kept (``Wagner et al. [39]``): enough to check a deposit by."""

NAMED_WINDOW = 240
"""Characters after ``Surname et al.`` searched for its marker."""

MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 40
MAX_TITLE_LENGTH = 300
MAX_HEADER_LENGTH = 160
"""A running page header is a short line; longer repeated lines are text."""

MAX_WORDS_BESIDE_DOI = 10
"""Words a line at the top may hold besides the article's own DOI (a
first page's ``Journal 11(4), 621–630 (2011) · DOI …`` line)."""

# Lines that are labels of a page or section, never an article's title.
_LABELS = frozenset(
    (
        "abstract", "summary", "introduction", "background", "contents", "review",
        "references", "bibliography", "keywords", "key words", "methods", "results",
        "discussion", "conclusion", "conclusions", "acknowledgements", "acknowledgments",
        "article", "research article", "original article", "original research",
        "review article", "research paper", "letter", "editorial", "commentary",
        "perspective", "open access", "key issues", "expert commentary",
        "five-year view", "table of contents",
    )
)  # fmt: skip
# Lines that open like a caption or a journal's name, never an article's title.
_NOT_TITLE_START = re.compile(
    r"^\s*(?:table|figure|fig\.|supplementary|journal\s+of|proceedings|annals\s+of|"
    r"archives\s+of|transactions|bulletin|international\s+journal)\b",
    re.IGNORECASE,
)
_FRONT_END = re.compile(
    r"^\s*(?:abstract|summary|introduction|background|keywords?|key\s+words)\b", re.IGNORECASE
)
_URLISH = re.compile(r"https?://|www\.|@|\.(?:com|org|net|edu)\b", re.IGNORECASE)
_DOI_LABEL = re.compile(r"\bdoi\b|doi\.org/", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[a-z]{3}[.!] +[A-Z]")
_LETTER = re.compile(r"[^\W\d_]")
_MARKER = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]")
_NAMED = re.compile(
    r"\b([A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[^\W\d_]+)?)\s+(?:et\s+al\.?|and\s+[A-ZÀ-ÖØ-Þ][^\W\d_]+)"
)
_LONE_MARKER = re.compile(r"\[\s*(\d{1,4})\s*\]")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+")

# Journal, volume, issue, pages and year as page headers write them:
# "Expert Rev. Anticancer Ther. 11(4), (2011)", "Nature 410, 50–56 (2001)",
# "J Clin Invest. 2005;115(1):12-20", "Cell Mol Life Sci (2019) 76:1-12".
_JOURNAL = r"(?P<journal>[A-Z][\w.&'’ -]{2,100}?)"
_ISSUE = r"(?:\s*\((?P<issue>[\w–-]{1,10})\))?"
_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\s*[–-]\s*[A-Za-z]?\d+)?)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_VENUES = (
    re.compile(
        rf"^{_JOURNAL}[ ,]+(?P<volume>\d{{1,4}}){_ISSUE}\s*[,:]?\s*(?:{_PAGES})?\s*[,.]?\s*"
        rf"\(\s*{_YEAR}\s*\)\.?$"
    ),
    re.compile(
        rf"^{_JOURNAL}[.,]?\s+{_YEAR}\s*;\s*(?P<volume>\d{{1,4}}){_ISSUE}(?::\s*{_PAGES})?\.?$"
    ),
    re.compile(
        rf"^{_JOURNAL}\s+\(\s*{_YEAR}\s*\)\s*(?P<volume>\d{{1,4}}){_ISSUE}(?::\s*{_PAGES})?$"
    ),
)
# "Smith et al.", "Smith & Jones", "Smith, Lee and Tan" as running headers.
_SURNAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
_HEADER_AUTHORS = re.compile(
    rf"^(?P<first>{_SURNAME_WORD})(?:\s+et\s+al\.?|(?:\s*(?:,|&|and)\s*{_SURNAME_WORD})+)$"
)
_MARKS = re.compile(r"[\d*†‡§¶#∗⁎,⁰¹²³⁴⁵⁶⁷⁸⁹]+$")
_INITIAL = re.compile(r"(?:[A-Z]\.?-?){1,3}")
_NAME_WORD = re.compile(r"(?:Mc|Mac|O['’])?[A-ZÀ-ÖØ-Þ][a-zß-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zß-ÿ'’]+)*")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|·|•|\band\b|&)\s*")
# Capitalised words that start titles and headings, never names.
_NOT_NAMES = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "with",
        "from",
        "to",
        "a",
        "an",
        "by",
        "at",
        "as",
        "is",
        "are",
        "via",
        "using",
        "role",
        "new",
        "novel",
        "cancer",
        "cell",
        "cells",
        "review",
        "study",
        "analysis",
        "therapy",
        "treatment",
        "disease",
        "clinical",
        "receptor",
        "receptors",
        "protein",
        "human",
        "lung",
        "breast",
        "brain",
        "tumor",
        "tumour",
    ]
)
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

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1_TAG = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_ARTICLE_META = re.compile(r"<article-meta\b.*?</article-meta\s*>", re.DOTALL)
_JOURNAL_META = re.compile(r"<journal-meta\b.*?</journal-meta\s*>", re.DOTALL)
_ATX_H1 = re.compile(r"^ {0,3}#(?!#)\s*(.+?)\s*#*\s*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKUP = re.compile(r"[*_`]+|<[^>]+>")
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def read_identity(source: Source, document: Document) -> ArticleIdentity:
    """What ``source`` (read as ``document``) says about itself. For a
    document with in-text markers but no reference list and no own title,
    also its content words and keywords, to find the article by. Never raises."""
    text = source.text
    if document.format is Format.HTML:
        identity = _html(text)
    elif document.format is Format.JATS:
        identity = _jats(text)
    elif document.format is Format.MARKDOWN:
        identity = _prose(text, markdown=True, cited=_cited_lines(document))
    elif document.format is Format.TEXT:
        identity = _prose(text, markdown=False, cited=_cited_lines(document))
    else:
        return ArticleIdentity()  # a BibTeX database is no article
    if identity.title or document.entries or not document.citations:
        return identity
    plain = _TAG.sub(" ", text) if document.format is Format.HTML else text
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
        if marker is not None and match[1].lower() not in _NOT_NAMES:
            named.append((match[1], int(marker[1])))
            if len(named) >= MAX_NAMED:
                break
    return tuple(named)


# --- HTML ---------------------------------------------------------------------


def _html(text: str) -> ArticleIdentity:
    head = text[:MAX_HEAD]
    meta: dict[str, list[str]] = {}
    for tag in _META.finditer(head):
        attributes = {
            m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "")
            for m in _ATTRIBUTE.finditer(tag[0])
        }
        name = (attributes.get("name") or attributes.get("property") or "").lower()
        content = " ".join(attributes.get("content", "").split())
        if name and content:
            meta.setdefault(name, []).append(content)
    found: list[str] = []
    doi = _first_doi(meta.get("citation_doi", []) + meta.get("prism.doi", []))
    doi = doi or _first_doi(v for v in meta.get("dc.identifier", []) if "10." in v)
    if doi:
        found.append("doi: <meta> tag")
    title = _first(meta, "citation_title", "dc.title", "prism.title")
    if title:
        found.append("title: <meta> tag")
    else:
        title = _html_heading(head)
        if title:
            found.append("title: page heading")
    names = meta.get("citation_author", []) or meta.get("dc.creator", [])
    authors = tuple(a for a in (_meta_author(n) for n in names[:50]) if a is not None)
    if authors:
        found.append("authors: <meta> tags")
    date = _first(meta, "citation_publication_date", "citation_date", "citation_year", "dc.date")
    year = re.search(r"(?:1[89]|20)\d\d", date or "")
    return ArticleIdentity(
        doi=doi,
        title=title,
        authors=authors,
        journal=_first(meta, "citation_journal_title", "prism.publicationname"),
        volume=_first(meta, "citation_volume", "prism.volume"),
        issue=_first(meta, "citation_issue", "prism.number"),
        year=int(year[0]) if year else None,
        found_by=tuple(found),
    )


def _first(meta: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for value in meta.get(name, []):
            return value[:MAX_TITLE_LENGTH]
    return None


def _meta_author(name: str) -> Author | None:
    """``Smith, Jane`` or ``Jane Smith`` as an author."""
    if "," in name:
        family, _, given = name.partition(",")
        return Author(family.strip(), given.strip()) if family.strip() else None
    words = name.split()
    if not words:
        return None
    return Author(words[-1], " ".join(words[:-1]))


def _html_heading(head: str) -> str | None:
    """The page's first ``<h1>`` when title-like, else its ``<title>``
    without a site name (``Title - PubMed``, ``Title | Journal``)."""
    for pattern in (_H1_TAG, _TITLE_TAG):
        match = pattern.search(head)
        if match is None:
            continue
        text = " ".join(html.unescape(_TAG.sub(" ", match[1])).split())
        if pattern is _TITLE_TAG:
            parts = _SITE_SEPARATOR.split(text)
            text = max(parts, key=lambda p: len(p.split()))
        if _title_like(text, ending=False):
            return text
    return None


# --- JATS ---------------------------------------------------------------------


def _jats(text: str) -> ArticleIdentity:
    meta = _ARTICLE_META.search(text[:MAX_HEAD])
    if meta is None:
        return ArticleIdentity()
    root = parse_xml(meta[0])
    found: list[str] = []
    doi = None
    for node in walk(root):
        if node.tag == "article-id" and node.attr("pub-id-type").lower() == "doi":
            doi = _first_doi([_node_text(node)])
            break
    if doi:
        found.append("doi: article-meta article-id")
    title = None
    for node in walk(root):
        if node.tag == "article-title":
            title = _node_text(node)[:MAX_TITLE_LENGTH] or None
            break
    if title:
        found.append("title: article-meta article-title")
    authors: list[Author] = []
    for contrib in (n for n in walk(root) if n.tag == "contrib"):
        if contrib.attr("contrib-type").lower() not in ("", "author"):
            continue
        name = next((n for n in walk(contrib) if n.tag in ("name", "string-name")), None)
        if name is None:
            continue
        family = _node_text(name.child("surname")) if name.child("surname") else ""
        given = _node_text(name.child("given-names")) if name.child("given-names") else ""
        if family:
            authors.append(Author(family, given))
        elif author := _meta_author(_node_text(name)):
            authors.append(author)
    if authors:
        found.append("authors: article-meta contrib-group")
    journal = None
    journal_meta = _JOURNAL_META.search(text[:MAX_HEAD])
    if journal_meta is not None:
        journal_root = parse_xml(journal_meta[0])
        journal = next(
            (_node_text(n) for n in walk(journal_root) if n.tag == "journal-title"), None
        )
    year = next(
        (_node_text(n) for n in walk(root) if n.tag == "year" and _node_text(n).isdigit()), None
    )
    return ArticleIdentity(
        doi=doi,
        title=title,
        authors=tuple(authors[:50]),
        journal=journal or None,
        volume=_child_text(root, "volume"),
        issue=_child_text(root, "issue"),
        year=int(year) if year else None,
        found_by=tuple(found),
    )


def _node_text(node: Node | None) -> str:
    if node is None:
        return ""
    pieces: list[str] = []
    stack: list[Node | Text] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Text):
            pieces.append(current.text)
        else:
            stack.extend(reversed(current.children))
    return " ".join("".join(pieces).split())


def _child_text(root: Node, tag: str) -> str | None:
    # The article's own volume and issue are article-meta's children, not
    # those of a related article or a citation inside it.
    meta = next((n for n in walk(root) if n.tag == "article-meta"), None)
    node = meta.child(tag) if meta is not None else None
    return _node_text(node) or None


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

    venue = _venue(headers) or _venue(line for _, line in top[:5])
    title_abridged = False
    if title is None:
        running = _running_title(headers)
        if running:
            title, title_abridged = running, True
            found.append("title: running page header (maybe shortened)")
    if not authors:
        first = _header_author(headers)
        if first:
            authors = (Author(first),)
            found.append("first author: running page header")
    journal = volume = issue = None
    year = None
    if venue is not None:
        journal, volume, issue, year = venue
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
        if 3 <= len(stripped) <= MAX_HEADER_LENGTH and _LETTER.search(stripped)
    )
    return [line for line, count in counts.most_common() if count >= 2]


def _dois(text: str) -> Iterator[str]:
    for found in scan(text):
        if isinstance(found.item, Identifier) and found.item.type is IdType.DOI:
            yield found.item.value


def _first_doi(values: Iterable[str]) -> str | None:
    for value in values:
        for doi in _dois(value):
            return doi
    return None


def _top_doi(top: list[tuple[int, str]]) -> str | None:
    """A DOI labelled as one (``doi:``, ``DOI``, a doi.org link) on a short
    line at the top: the article's own, as first pages print it."""
    for _, line in top:
        if len(line) > MAX_HEADER_LENGTH or not _DOI_LABEL.search(line) or _MARKER.search(line):
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
    return _first_doi(headers)


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
            return (title, index + 1) if _title_like(title, ending=False) else (None, None)
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
            and _title_piece(title)
            and _title_like(title, ending=True)
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
        authors = _author_line(line)
        if not authors:
            continue
        above: list[tuple[int, str]] = []
        for number, candidate in reversed(top[max(0, position - 3) : position]):
            if candidate in headers or not _title_piece(candidate):
                break
            above.insert(0, (number, candidate))
        title = " ".join(piece for _, piece in above)
        if above and _title_like(title, ending=True):
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
        authors = _author_line(_plain(line))
        if authors:
            return authors
    return ()


def _author_line(line: str) -> tuple[Author, ...]:
    """The authors of a line that is a list of people (``Jane A Smith1,
    Li Wei2 & Omar Haddad1,3``), or ``()``. Sure only of names marked as
    authors' are (affiliation marks, initials, ``·`` between them, a
    ``By`` before them): two capitalised words alone may be a title's."""
    if len(line) > 400 or _URLISH.search(line):
        return ()
    by = bool(_BY.match(line))
    text = _BY.sub("", line)
    marked = by or "·" in text or "•" in text
    authors: list[Author] = []
    for group in _AUTHOR_SEPARATORS.split(text):
        bare = _MARKS.sub("", group.strip()).strip()
        if not bare:
            continue  # an affiliation mark alone, split off by a comma
        marked = marked or bare != group.strip()
        person = _person(bare)
        if person is None:
            return ()
        family, given, has_initial = person
        marked = marked or has_initial
        authors.append(Author(family, given))
    if len(authors) < (1 if by else 2) or not marked:
        return ()
    return tuple(authors)


def _person(group: str) -> tuple[str, str, bool] | None:
    """``(family, given, has an initial)`` of ``Jane A. Smith``, or None."""
    tokens = group.split()
    if not 2 <= len(tokens) <= 5:
        return None
    has_initial = False
    for token in tokens:
        if token.lower() in _NOT_NAMES:
            return None
        if _INITIAL.fullmatch(token):
            has_initial = True
        elif not (_NAME_WORD.fullmatch(token) or token.lower() in PARTICLES):
            return None
    if not _NAME_WORD.fullmatch(tokens[-1]):
        return None
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(tokens[start:]), " ".join(tokens[:start]), has_initial


def _title_piece(line: str) -> bool:
    """Whether a line may be part of a title block (no URL, DOI, label,
    caption, journal name or venue)."""
    low = line.lower().strip(" .:")
    return not (
        _NOT_TITLE_START.match(line)
        or _URLISH.search(line)
        or _DOI_LABEL.search(line)
        or low in _LABELS
        or "©" in line
        or _venue([line]) is not None
        or len(line) > MAX_TITLE_LENGTH
    )


def _title_like(text: str, *, ending: bool) -> bool:
    """Whether ``text`` reads as a title: 3 to 40 words, mostly letters, no
    URL, no label (``Abstract``), one sentence at most, and (``ending``) not
    ended like a sentence or a broken line."""
    words = text.split()
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or len(text) > MAX_TITLE_LENGTH:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or _URLISH.search(text):
        return False
    if text.lower().strip(" .:") in _LABELS or _SENTENCE_BREAK.search(text):
        return False
    letters = len(_LETTER.findall(text))
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    return not (ending and text.rstrip()[-1] in ".,;:-–")


def _venue(lines: Iterable[str]) -> tuple[str, str, str | None, int] | None:
    """Journal, volume, issue and year of the first line that is a venue header."""
    for line in lines:
        if len(line) > MAX_HEADER_LENGTH:
            continue
        for pattern in _VENUES:
            match = pattern.match(line.strip())
            if match is None:
                continue
            journal = match["journal"].strip(" ,.")
            if not re.search(r"[^\W\d_]{3}", journal) or len(journal.split()) > 12:
                continue
            if match["journal"].rstrip().endswith("."):
                journal += "."  # "Ther." keeps the full stop of its abbreviation
            return journal, match["volume"], match["issue"], int(match["year"])
    return None


def _header_author(headers: list[str]) -> str | None:
    for line in headers:
        match = _HEADER_AUTHORS.match(line)
        if match and match["first"].lower() not in _NOT_NAMES:
            return match["first"]
    return None


def _running_title(headers: list[str]) -> str | None:
    """A repeated header that reads as a title (journals print a short
    title on alternate pages): not a venue, author names, a URL or a label."""
    for line in headers:
        if (
            len(line.split()) >= 4
            and _title_piece(line)
            and _title_like(line, ending=True)
            and not _HEADER_AUTHORS.match(line)
            and not _author_line(line)
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
