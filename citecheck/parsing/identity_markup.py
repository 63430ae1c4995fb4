"""What an HTML page or a JATS file says about its own article: the
``<meta name="citation_…">`` tags (and Dublin Core's and PRISM's), the page
heading or title; JATS ``article-meta`` and ``journal-meta``. Pure; never
raises."""

from __future__ import annotations

import html
import re

from citecheck.models import ArticleIdentity, Author
from citecheck.parsing.identity_lines import MAX_TITLE_LENGTH, first_doi, title_like
from citecheck.parsing.xmltree import Node, Text, parse_xml, walk

__all__ = ["MAX_HEAD", "TAG", "html_identity", "jats_identity"]

MAX_HEAD = 200_000
"""Characters of an HTML page or JATS file searched for the article's own
metadata (``<head>``, ``<front>``): it comes first."""

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1_TAG = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_ARTICLE_META = re.compile(r"<article-meta\b.*?</article-meta\s*>", re.DOTALL)
_JOURNAL_META = re.compile(r"<journal-meta\b.*?</journal-meta\s*>", re.DOTALL)


def html_identity(text: str) -> ArticleIdentity:
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
    doi = first_doi(meta.get("citation_doi", []) + meta.get("prism.doi", []))
    doi = doi or first_doi(v for v in meta.get("dc.identifier", []) if "10." in v)
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
        text = " ".join(html.unescape(TAG.sub(" ", match[1])).split())
        if pattern is _TITLE_TAG:
            parts = _SITE_SEPARATOR.split(text)
            text = max(parts, key=lambda p: len(p.split()))
        if title_like(text, ending=False):
            return text
    return None


def jats_identity(text: str) -> ArticleIdentity:
    meta = _ARTICLE_META.search(text[:MAX_HEAD])
    if meta is None:
        return ArticleIdentity()
    root = parse_xml(meta[0])
    found: list[str] = []
    doi = None
    for node in walk(root):
        if node.tag == "article-id" and node.attr("pub-id-type").lower() == "doi":
            doi = first_doi([_node_text(node)])
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
