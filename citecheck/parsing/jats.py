"""Read a JATS XML article into a :class:`Document`.

The XML is read into the element tree of :mod:`citecheck.parsing.xmltree`,
which records where each element starts and loads nothing outside the file.
Tags and attributes are matched on their local names, so ``xlink:href`` is
``href`` and ``mml:math`` is ``math``. A file that is not well-formed yields
what was read before the error; nothing here raises.

What is read:

- entries: every ``<ref>`` inside a ``<ref-list>``, its claims from the
  ``element-citation``, ``nlm-citation``, ``mixed-citation`` or ``citation``
  it holds, its identifiers from ``pub-id``, ``ext-link``, ``uri`` and
  ``isbn`` elements and from any identifier written in its text;
- citations: every ``<xref ref-type="bibr">`` outside the reference list;
- text identifiers: identifiers written in the body, back matter and
  abstracts, outside the reference list and outside citations.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from citecheck.identifiers import parse_identifier, scan
from citecheck.models import (
    Author,
    Citation,
    CitationStyle,
    Claims,
    Document,
    Entry,
    EntryRole,
    Format,
    Identifier,
    IdentifierProblem,
    IdType,
    Location,
)
from citecheck.parsing.source import Source
from citecheck.parsing.xmltree import Node, Text, outermost, parse_xml, walk

# --- Text of elements -----------------------------------------------------------

# Elements that are part of a word or sentence: no space at their boundaries.
_INLINE_TAGS = (
    "italic bold sup sub sc underline overline strike monospace roman sans-serif "
    "named-content styled-content inline-formula math mi mn mo mrow msup msub"
)
_INLINE = frozenset(_INLINE_TAGS.split())
_SOFT = "\x00"
_NO_SPACE_AFTER = frozenset("([/")
_NO_SPACE_BEFORE = frozenset(",.;:)]/")


@dataclass(frozen=True, slots=True)
class _Flat:
    """An element's text; element boundaries are ``_SOFT`` characters, and
    ``pieces`` maps positions of the text back to source offsets."""

    text: str
    starts: tuple[int, ...]
    pieces: tuple[Text, ...]

    def offset_at(self, index: int) -> int:
        """The source offset of ``text[index]``: exact inside text written as
        is; inside an entity or a CDATA section, where the source differs from
        the text, the offset where that piece starts (close enough to point a
        reader at the right place)."""
        position = bisect.bisect_right(self.starts, index) - 1
        if position < 0:
            return self.pieces[0].offset if self.pieces else 0
        piece = self.pieces[position]
        return piece.offset + (index - self.starts[position]) if piece.exact else piece.offset

    def display(self) -> str:
        """The text folded for people: a boundary becomes a space unless
        punctuation or whitespace already separates the words."""
        text = self.text

        def soften(match: re.Match[str]) -> str:
            if match.group().strip(_SOFT):
                return " "
            before = text[match.start() - 1] if match.start() else " "
            after = text[match.end()] if match.end() < len(text) else " "
            if before in _NO_SPACE_AFTER or after in _NO_SPACE_BEFORE:
                return ""
            return " "

        return " ".join(re.sub(rf"[\s{_SOFT}]*{_SOFT}[\s{_SOFT}]*", soften, text).split())

    def scannable(self) -> str:
        return self.text.replace(_SOFT, " ")


def _is_mixed(node: Node) -> bool:
    """Whether ``node`` has text of its own between its children (a
    ``mixed-citation``): its punctuation then separates the children."""
    return any(isinstance(child, Text) and not child.text.isspace() for child in node.children)


def _flatten(node: Node, prune: Callable[[Node], bool] = lambda _: False) -> _Flat:
    parts: list[str] = []
    starts: list[int] = []
    pieces: list[Text] = []
    length = 0

    def add(piece: Text | None) -> None:
        nonlocal length
        if piece is None:
            parts.append(_SOFT)
            length += 1
        else:
            starts.append(length)
            pieces.append(piece)
            parts.append(piece.text)
            length += len(piece.text)

    # Items are (child, whether its boundaries separate words); None marks
    # the end of an element that separates.
    stack: list[tuple[Node | Text | None, bool]] = [
        (child, not _is_mixed(node)) for child in reversed(node.children)
    ]
    while stack:
        item, separates = stack.pop()
        if not isinstance(item, Node):
            add(item)
        elif prune(item):
            add(None)
        elif item.tag == "etal":
            add(Text("et al", item.offset, False))
        else:
            if separates and item.tag not in _INLINE:
                add(None)
                stack.append((None, True))
            mixed = _is_mixed(item)
            stack.extend((child, not mixed) for child in reversed(item.children))
    return _Flat("".join(parts), tuple(starts), tuple(pieces))


def _text(node: Node | None) -> str:
    """The element's text for people; empty for an element cut off by an error."""
    return _flatten(node).display() if node is not None and node.closed else ""


def _first(node: Node, tag: str, avoid: frozenset[str] = frozenset()) -> Node | None:
    return next((n for n in walk(node, lambda n: n.tag in avoid) if n.tag == tag), None)


# --- Claims -----------------------------------------------------------------------

_CITATION_TAGS = ("element-citation", "nlm-citation", "mixed-citation", "citation")
_ET_AL = re.compile(r"\bet\.?\s*al\b", re.IGNORECASE)
_INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,4}")
_NOT_COLLAB = frozenset({"contrib-group", "person-group", "xref"})
_DATE_AVOID = frozenset({"date-in-citation", "person-group", "comment"})


def _string_name(node: Node) -> Author | None:
    if node.child("surname") is not None:
        return _name(node)
    text = _text(node)
    if "," in text:
        family, _, given = text.partition(",")
        return Author(family.strip(), given.strip()) if family.strip() else None
    tokens = text.split()
    if len(tokens) > 1 and _INITIALS.fullmatch(tokens[-1]):
        return Author(" ".join(tokens[:-1]), tokens[-1])
    if len(tokens) > 1 and _INITIALS.fullmatch(tokens[0]) and "." in tokens[0]:
        return Author(" ".join(tokens[1:]), tokens[0])
    return Author(text) if text else None


def _name(node: Node) -> Author | None:
    family, given = _text(node.child("surname")), _text(node.child("given-names"))
    if not family:
        family, given = given, ""
    return Author(family, given) if family else None


def _members(
    citation: Node,
) -> tuple[list[Node], list[tuple[Node, Node | None]]]:
    """The elements naming the authors, and (container, last member) pairs
    whose following text may say "et al."."""
    groups = [n for n in walk(citation) if n.tag == "person-group"]
    chosen = [g for g in groups if g.attr("person-group-type").lower() == "author"]
    if not chosen:
        chosen = [g for g in groups if not g.attr("person-group-type")]
    if chosen:
        return [m for g in chosen for m in g.elements()], [(g, None) for g in chosen]
    # No author group: names placed directly in the citation (NLM 2 style).
    # Editors alone are never taken for authors.
    direct = [m for m in citation.elements() if m.tag in ("name", "string-name", "collab")]
    return direct, [(citation, direct[-1])] if direct else []


def _text_after(container: Node, last: Node | None) -> str:
    """The character data of ``container`` (after ``last`` when given), and the
    text right after ``container`` in its parent, up to the next element."""
    texts: list[str] = []
    children = container.children
    start = 0 if last is None else last.index + 1
    for child in children[start:]:
        if isinstance(child, Text):
            texts.append(child.text)
        elif last is not None:
            break
    parent = container.parent
    if last is None and parent is not None:
        siblings = parent.children
        for position in range(container.index + 1, len(siblings)):
            child = siblings[position]
            if not isinstance(child, Text):
                break
            texts.append(child.text)
    return " ".join(texts)


def _authors(citation: Node) -> tuple[tuple[Author, ...], bool]:
    members, containers = _members(citation)
    authors: list[Author] = []
    et_al = False
    for member in members:
        author: Author | None = None
        if not member.closed:
            continue
        if member.tag == "name":
            author = _name(member)
        elif member.tag == "string-name":
            author = _string_name(member)
        elif member.tag == "collab":
            collab = _flatten(member, lambda n: n.tag in _NOT_COLLAB).display()
            author = Author(collab, is_organisation=True) if collab else None
        elif member.tag == "etal":
            et_al = True
        if author is not None:
            authors.append(author)
    if authors and not et_al:
        et_al = any(_ET_AL.search(_text_after(c, last)) for c, last in containers)
    return tuple(authors), et_al


def _year(citation: Node) -> int | None:
    node = _first(citation, "year", _DATE_AVOID)
    match = re.search(r"(?<![0-9])[0-9]{4}(?![0-9])", _text(node))
    if match is None:
        return None
    year = int(match.group())
    return year if 1000 <= year <= 2100 else None


def _claims(citation: Node) -> Claims:
    def text(tag: str) -> str | None:
        return _text(_first(citation, tag, _DATE_AVOID)) or None

    kind = (citation.attr("publication-type") or citation.attr("citation-type")).lower()
    article_title = text("article-title")
    title = article_title or text("chapter-title")
    if title is None and kind == "book":
        title = text("source")
    journal = text("source") if kind == "journal" or article_title else None
    first_page, last_page = text("fpage"), text("lpage")
    pages = first_page
    if first_page and last_page:
        pages = f"{first_page}–{last_page}"
    elif first_page is None:
        pages = text("page-range") or text("elocation-id")
    authors, et_al = _authors(citation)
    return Claims(
        authors=authors,
        et_al=et_al,
        year=_year(citation),
        title=title,
        journal=journal,
        volume=text("volume"),
        issue=text("issue"),
        pages=pages,
    )


# --- Identifiers ------------------------------------------------------------------

_HINTS = {
    "doi": IdType.DOI,
    "pmid": IdType.PMID,
    "pubmed": IdType.PMID,
    "pmcid": IdType.PMCID,
    "pmc": IdType.PMCID,
    "arxiv": IdType.ARXIV,
    "isbn": IdType.ISBN,
}
_URL = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)
_EXPLICIT = frozenset({"pub-id", "ext-link", "uri", "isbn"})


class _Collector:
    """One entry's identifiers (deduplicated by key) and the problems met."""

    def __init__(self, source: Source, problems: list[IdentifierProblem]) -> None:
        self.source = source
        self.problems = problems
        self.identifiers: dict[str, Identifier] = {}
        self.url: str | None = None

    def add(self, item: Identifier | IdentifierProblem | None, offset: int) -> None:
        if item is None:
            return
        located = replace(item, location=self.source.locate(offset))
        if isinstance(located, IdentifierProblem):
            self.problems.append(located)
        else:
            self.identifiers.setdefault(located.key, located)

    def element(self, node: Node) -> None:
        if not node.closed:
            return
        flat = _flatten(node)
        value = flat.display()
        text = flat.scannable()
        start = len(text) - len(text.lstrip())
        offset = flat.offset_at(start) if value else node.offset
        if node.tag == "pub-id":
            hint = _HINTS.get(node.attr("pub-id-type").lower())
            if value:
                self.add(parse_identifier(value, hint), offset)
        elif node.tag == "isbn":
            if value:
                self.add(parse_identifier(value, IdType.ISBN), offset)
        else:
            href = node.attr("href")
            hint = _HINTS.get(node.attr("ext-link-type").lower())
            if href:
                if self.url is None and _URL.match(href):
                    self.url = href
                self.add(parse_identifier(href, hint), node.offset)
            elif value:
                self.add(parse_identifier(value, hint), offset)

    def scan(self, flat: _Flat) -> None:
        for found in scan(flat.scannable()):
            self.add(found.item, flat.offset_at(found.start))


def _entry(ref: Node, position: int, source: Source, problems: list[IdentifierProblem]) -> Entry:
    label_text = _text(ref.child("label"))
    alias = label_text.strip("[]().: ")
    label = ref.attr("id") or alias or label_text or str(position)
    citations = [n for n in walk(ref) if n.tag in _CITATION_TAGS]
    citations.sort(key=lambda n: _CITATION_TAGS.index(n.tag))
    # Of citation alternatives, one goes into raw: the mixed citation, which
    # is written for people, when there is one.
    others: set[int] = set()
    for alternatives in (n for n in walk(ref) if n.tag == "citation-alternatives"):
        options = [n for n in alternatives.elements() if n.tag in _CITATION_TAGS]
        mixed = [n for n in options if n.tag == "mixed-citation"]
        kept = (mixed or options)[0] if options else None
        others.update(id(n) for n in options if n is not kept)
    collector = _Collector(source, problems)
    for node in outermost(ref, _EXPLICIT):
        collector.element(node)
    collector.scan(_flatten(ref, lambda n: n.tag in _EXPLICIT or n.tag == "label"))
    return Entry(
        label=label,
        raw=_flatten(ref, lambda n: id(n) in others).display(),
        location=source.locate(ref.offset),
        role=EntryRole.REFERENCE,
        number=int(alias) if re.fullmatch(r"[0-9]{1,9}", alias) else position,
        end_line=source.locate(ref.end).line if ref.end is not None else None,
        identifiers=tuple(collector.identifiers.values()),
        claims=_claims(citations[0]) if citations else Claims(),
        url=collector.url,
        aliases=(alias,) if alias and alias != label else (),
    )


# --- Citations and running text -----------------------------------------------------

_DASHES = frozenset("-‐‑‒–—−")


def _range_end(xref: Node) -> Node | None:
    """The xref closing a range ``<xref/>–<xref/>`` that ``xref`` opens, if any."""
    parent = xref.parent
    if parent is None:
        return None
    siblings = parent.children
    between: list[str] = []
    for position in range(xref.index + 1, len(siblings)):
        child = siblings[position]
        if isinstance(child, Text):
            between.append(child.text)
            continue
        dash = "".join(between).strip()
        if child.tag == "xref" and len(dash) == 1 and dash in _DASHES:
            return child
        return None
    return None


def _citations(root: Node, refs: list[Node], source: Source) -> list[Citation]:
    ids = [ref.attr("id") for ref in refs]
    ref_ids: dict[str, int] = {}
    for index, ref_id in enumerate(ids):
        if ref_id:
            ref_ids.setdefault(ref_id, index)
    found: list[tuple[int, Citation]] = []
    for node in walk(root, lambda n: n.tag == "ref-list"):
        if node.tag != "xref":
            continue
        rids = node.attr("rid").split()
        kind = node.attr("ref-type")
        if kind != "bibr" and not (not kind and rids and all(r in ref_ids for r in rids)):
            continue
        marker = _text(node) or node.attr("rid")
        labels = tuple(rids)
        other = _range_end(node)
        if other is not None and len(rids) == 1:
            last = other.attr("rid").split()
            if len(last) == 1 and rids[0] in ref_ids and last[0] in ref_ids:
                first_at, last_at = ref_ids[rids[0]], ref_ids[last[0]]
                if first_at < last_at:
                    labels = tuple(i for i in ids[first_at : last_at + 1] if i)
                    marker = f"{marker}–{_text(other) or last[0]}"
        citation = Citation(
            marker=marker,
            location=source.locate(node.offset),
            style=CitationStyle.XREF,
            labels=labels,
        )
        found.append((node.offset, citation))
    return [citation for _, citation in sorted(found, key=lambda pair: pair[0])]


_FRONT = frozenset({"front", "front-stub"})
_ABSTRACTS = frozenset({"abstract", "trans-abstract"})
_NOT_TEXT = frozenset({"ref-list", "xref"})


def _text_identifiers(
    root: Node, source: Source, problems: list[IdentifierProblem]
) -> list[Identifier]:
    """Identifiers in running text: the body and back matter, and of the front
    matter only the abstracts (its article ids are the article's own)."""
    flats = [_flatten(root, lambda n: n.tag in _NOT_TEXT or n.tag in _FRONT)]
    for front in outermost(root, _FRONT, _NOT_TEXT):
        for abstract in outermost(front, _ABSTRACTS, _NOT_TEXT):
            flats.append(_flatten(abstract, lambda n: n.tag in _NOT_TEXT))
    found: list[tuple[int, Identifier]] = []
    for flat in flats:
        for item in scan(flat.scannable()):
            offset = flat.offset_at(item.start)
            located = replace(item.item, location=source.locate(offset))
            if isinstance(located, IdentifierProblem):
                problems.append(located)
            else:
                found.append((offset, located))
    return [identifier for _, identifier in sorted(found, key=lambda pair: pair[0])]


def _heading(root: Node, source: Source) -> Location | None:
    ref_list = _first(root, "ref-list")
    if ref_list is None:
        return None
    for node in (ref_list, *walk(ref_list, lambda n: n.tag == "ref")):
        if node.tag == "ref-list" and (title := node.child("title")) is not None:
            return source.locate(title.offset)
    parent = ref_list.parent
    if parent is not None and parent.tag == "sec" and (title := parent.child("title")):
        return source.locate(title.offset)
    return source.locate(ref_list.offset)


def parse(source: Source) -> Document:
    """Return the references, citations and identifiers of a JATS article.
    Never raises: a file that is not well-formed yields what was read before
    the error."""
    root = parse_xml(source.text)
    refs = [
        ref
        for ref_list in outermost(root, frozenset({"ref-list"}))
        for ref in outermost(ref_list, frozenset({"ref"}))
    ]
    problems: list[IdentifierProblem] = []
    entries = [_entry(ref, number, source, problems) for number, ref in enumerate(refs, 1)]
    citations = _citations(root, refs, source)
    text_identifiers = _text_identifiers(root, source, problems)
    return Document(
        path=source.path,
        format=Format.JATS,
        sha256=source.sha256,
        size=source.size,
        entries=tuple(entries),
        links=(),
        citations=tuple(citations),
        text_identifiers=tuple(text_identifiers),
        identifier_problems=tuple(problems),
        reference_heading=_heading(root, source),
    )
