"""A minimal, safe XML element tree that remembers where each element starts.

The XML is parsed with :mod:`xml.parsers.expat` directly, because expat
reports where each element starts (ElementTree does not). :func:`parse_xml`
returns the document as a tree of :class:`Node` and :class:`Text`, each
holding its character offset in the text it was read from.

- Names: tags and attributes are known by their local names, so
  ``xlink:href`` is ``href`` and ``mml:math`` is ``math`` (an attribute is
  also kept under its full name).
- Safety: nothing outside the text is ever loaded. The DOCTYPE's external DTD
  is not fetched, external entities are ignored, an entity the DTD would have
  defined (``&nbsp;``) becomes its HTML character, and an entity declared in
  the document itself stops reading (it could expand exponentially).
  Elements nested deeper than :data:`MAX_DEPTH` are dropped with their text.
- Encoding: the text is already decoded; the document's own encoding
  declaration is ignored.
- Errors: text that is not well-formed yields the tree read before the
  error; an element cut off by it has no ``end`` (see :attr:`Node.closed`).
  Nothing here raises.
"""

from __future__ import annotations

import bisect
import html.entities
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

__all__ = ["MAX_DEPTH", "Node", "Text", "outermost", "parse_xml", "walk"]

logger = logging.getLogger(__name__)

# Real articles nest a few dozen elements deep; deeper elements are dropped, so
# that hostile nesting cannot make the per-element work of readers quadratic.
MAX_DEPTH = 500


@dataclass(frozen=True, slots=True)
class Text:
    """A run of character data; ``exact`` when the source holds it verbatim at
    ``offset`` (not an entity or a CDATA section), so inner offsets are exact."""

    text: str
    offset: int
    exact: bool


@dataclass(eq=False, slots=True)
class Node:
    """An element: its local ``tag``, its attributes, the character ``offset``
    of its start tag and ``end``, that of its end tag (just past the tag of an
    empty element; None when an XML error cut the element off). The document
    itself is a node tagged ``#document``."""

    tag: str
    attrs: dict[str, str]
    offset: int
    parent: Node | None
    children: list[Node | Text] = field(default_factory=list)
    end: int | None = None
    index: int = 0
    """Position among the parent's children."""

    def attr(self, name: str) -> str:
        """Return the attribute's value stripped of surrounding space, or ''."""
        return self.attrs.get(name, "").strip()

    def elements(self) -> Iterator[Node]:
        """Return an iterator over the child elements (not the text)."""
        return (child for child in self.children if isinstance(child, Node))

    def child(self, tag: str) -> Node | None:
        """Return the first child element tagged ``tag``, or None."""
        return next((child for child in self.elements() if child.tag == tag), None)

    @property
    def closed(self) -> bool:
        """False for an element cut off by an XML error: its text may be partial."""
        return self.end is not None


def walk(node: Node, prune: Callable[[Node], bool] = lambda _: False) -> Iterator[Node]:
    """Yield the descendants of ``node`` in document order, not entering (nor
    yielding) those ``prune`` rejects. Iterative: documents may nest deeply."""
    stack = list(reversed(list(node.elements())))
    while stack:
        current = stack.pop()
        if prune(current):
            continue
        yield current
        stack.extend(reversed(list(current.elements())))


def outermost(node: Node, tags: frozenset[str], prune: frozenset[str] = frozenset()) -> list[Node]:
    """Return the outermost descendants of ``node`` whose tag is in ``tags``,
    in document order, not looking inside elements whose tag is in ``prune``."""
    found: list[Node] = []
    stack = list(reversed(list(node.elements())))
    while stack:
        current = stack.pop()
        if current.tag in tags:
            found.append(current)
        elif current.tag not in prune:
            stack.extend(reversed(list(current.elements())))
    return found


def parse_xml(text: str) -> Node:
    """Return the ``#document`` node of the XML ``text``, holding what was
    read before the first error, if any. Never raises."""
    return _Builder(text).build()


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _ByteOffsets:
    """Maps expat's UTF-8 byte indices back to offsets in the decoded text."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._extra: list[int] = []
        extra = 0
        for match in re.finditer(r"[^\x00-\x7f]", text):
            self._starts.append(match.start() + extra)
            extra += len(match.group().encode("utf-8", "surrogatepass")) - 1
            self._extra.append(extra)

    def char_offset(self, byte_index: int) -> int:
        count = bisect.bisect_left(self._starts, byte_index)
        return max(byte_index - (self._extra[count - 1] if count else 0), 0)


class _Refused(Exception):
    """Internal: the document asks for something a reader must not do."""


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.root = Node("#document", {}, 0, None)
        self.current = self.root
        self.depth = 0
        self.ignored = 0
        self.offsets = _ByteOffsets(text)
        # The document's own encoding declaration is overridden: the text is
        # already decoded, and is handed to expat as UTF-8.
        self.parser = expat.ParserCreate(encoding="UTF-8")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        # Pretend an external DTD exists (never loaded), so that an entity it
        # would define is skipped rather than a fatal error, DOCTYPE or not.
        self.parser.UseForeignDTD(True)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.SkippedEntityHandler = self.skipped
        self.parser.EntityDeclHandler = self.declared

    def offset(self) -> int:
        return self.offsets.char_offset(self.parser.CurrentByteIndex)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.ignored or self.depth >= MAX_DEPTH:
            self.ignored += 1
            return
        self.depth += 1
        attrs = dict(attributes)
        for key, value in attributes.items():
            attrs.setdefault(_local(key), value)
        node = Node(_local(name), attrs, self.offset(), self.current)
        node.index = len(self.current.children)
        self.current.children.append(node)
        self.current = node

    def end(self, name: str) -> None:
        if self.ignored:
            self.ignored -= 1
            return
        self.depth -= 1
        self.current.end = self.offset()
        if self.current.parent is not None:
            self.current = self.current.parent

    def data(self, text: str) -> None:
        if self.ignored:
            return
        offset = self.offset()
        self.current.children.append(Text(text, offset, self.text.startswith(text, offset)))

    def skipped(self, name: str, is_parameter_entity: bool) -> None:
        character = html.entities.html5.get(f"{name};")
        if character and not is_parameter_entity and not self.ignored:
            self.current.children.append(Text(character, self.offset(), False))

    def declared(
        self,
        name: str,
        is_parameter_entity: bool,
        value: str | None,
        *rest: object,
    ) -> None:
        # Entities defined in the document itself can expand exponentially
        # ("billion laughs"); no document we read needs them, so reading stops.
        if value is not None:
            raise _Refused(f"entity {name!r} declared in the document")

    def build(self) -> Node:
        try:
            self.parser.Parse(self.text.encode("utf-8", "surrogatepass"), True)
        except (expat.ExpatError, _Refused) as error:
            logger.debug("XML not read to the end, keeping what was read: %s", error)
            # The text being read when the error came may be cut short.
            if self.current.children and isinstance(self.current.children[-1], Text):
                self.current.children.pop()
        return self.root
