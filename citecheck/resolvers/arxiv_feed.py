"""arXiv API answers (``/api/query?id_list=…``, an Atom feed) as records.

The feed is read with :func:`~citecheck.parsing.xmltree.parse_xml`, which
never loads a DTD or an external entity and stops at an entity the document
declares itself. An answer is accepted only as a whole Atom ``<feed>``: HTML
from a proxy, plain text (arXiv's throttling notice is ``Rate exceeded.``),
a feed cut short or one in another namespace raises
:class:`~citecheck.errors.MalformedResponse`.

What a feed holds, in arXiv's own shapes:

- an entry per paper found, its ``<id>`` the abstract page of the version
  returned (``http://arxiv.org/abs/2101.00001v2``, ``…/abs/hep-th/9901001v1``);
- for a request arXiv refuses, one entry titled ``Error`` whose ``<id>`` is
  under ``https://arxiv.org/api/errors`` and whose ``<summary>`` says why
  (``incorrect id format for 1309.119``), sent with HTTP 400 (200 before
  arXiv's API moved in November 2025);
- for a well-formed identifier arXiv does not have, nothing: the feed leaves
  it out and ``opensearch:totalResults`` counts only what was found (the
  older API sometimes sent an entry with no ``<id>`` instead, which is kept
  apart as ``anonymous``: it proves nothing about what it stands for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citecheck.errors import MalformedResponse
from citecheck.models import Author, Record, Service, WorkType
from citecheck.parsing.xmltree import Node, Text, parse_xml

ATOM_NS = "http://www.w3.org/2005/Atom"

_ABS = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/abs/(?P<id>\S+?)/?$", re.IGNORECASE)
_ERRORS = re.compile(r"^https?://(?:www\.)?arxiv\.org/api/errors", re.IGNORECASE)
_VERSION = re.compile(r"v[0-9]+$")
_YEAR = re.compile(r"^([0-9]{4})-")
_JOURNAL_YEAR = re.compile(r"\b(1[89][0-9]{2}|2[0-9]{3})\b")
# Where the journal's name in a journal reference ends: the first number
# that is not part of a word ("Phys. Rev. D 76, 013009 (2007)"; the "33rd"
# of "Proc. 33rd ICML" is part of the name).
_JOURNAL_END = re.compile(r"[\s,;:(]*\b[0-9]+(?![0-9]*[A-Za-z])")
_INCORRECT_ID = re.compile(r"^incorrect id format for (?P<id>.+)$", re.IGNORECASE)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la"})
_GROUP_WORDS = frozenset({"collaboration", "consortium", "team", "group", "project"})

# How arXiv writes "a preprint" where a reference list names the venue.
ARXIV_VENUE_NAMES = ("arXiv", "arXiv preprint", "arXiv e-prints")


@dataclass(frozen=True, slots=True)
class ArxivFeed:
    """What one feed says: ``records`` by canonical identifier (see
    :func:`canonical_id`), arXiv's ``errors`` (the summaries of its Error
    entries), ``total`` (``opensearch:totalResults``, None when absent) and
    ``anonymous`` (entries without an identifier one can read)."""

    records: dict[str, Record] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    total: int | None = None
    anonymous: int = 0

    def refused_id(self) -> str | None:
        """The identifier arXiv's error names as malformed, or None."""
        for error in self.errors:
            match = _INCORRECT_ID.match(error)
            if match:
                return match.group("id").strip()
        return None


def canonical_id(value: str) -> str:
    """The form arXiv answers an identifier in, lower case, without its
    version: ``2101.00001v2`` is ``2101.00001``; an old-style identifier
    loses its subject class (``math.GT/0309136`` is ``math/0309136``)."""
    value = _VERSION.sub("", value.strip())
    archive, slash, number = value.partition("/")
    if slash:
        value = f"{archive.split('.', 1)[0]}/{number}"
    return value.lower()


def read_feed(body: bytes) -> ArxivFeed:
    """The feed in ``body``. Raises MalformedResponse unless it is a whole
    Atom feed (or when an entry holds no title)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedResponse(f"not UTF-8 ({exc.reason})") from None
    root = parse_xml(text.removeprefix("\ufeff"))
    feed = root.child("feed")
    if feed is None:
        first = next(root.elements(), None)
        what = f"<{first.tag}>" if first is not None else repr(" ".join(text.split())[:40])
        raise MalformedResponse(f"not an Atom feed ({what})")
    if feed.attrs.get("xmlns") != ATOM_NS:
        raise MalformedResponse("a feed that is not Atom's")
    if not feed.closed:
        raise MalformedResponse("the feed is cut short")
    records: dict[str, Record] = {}
    errors: list[str] = []
    anonymous = 0
    for entry in feed.elements():
        if entry.tag != "entry":
            continue
        entry_id = _child_text(entry, "id")
        if _ERRORS.match(entry_id):
            errors.append(_child_text(entry, "summary") or "an error without a summary")
            continue
        match = _ABS.match(entry_id)
        if match is None:
            anonymous += 1
            continue
        record = _record(entry)
        records[canonical_id(match.group("id"))] = record
    return ArxivFeed(records, tuple(errors), _total(feed), anonymous)


def _record(entry: Node) -> Record:
    title = _child_text(entry, "title")
    if not title:
        raise MalformedResponse("an arXiv entry without a title")
    journal_ref = _child_text(entry, "journal_ref")
    published = _year(_child_text(entry, "published"))
    updated = _year(_child_text(entry, "updated"))
    journal_year = _JOURNAL_YEAR.search(journal_ref) if journal_ref else None
    return Record(
        service=Service.ARXIV,
        doi=(_child_text(entry, "doi") or None),
        title=title,
        authors=tuple(
            author
            for node in entry.elements()
            if node.tag == "author" and (author := _author(_child_text(node, "name")))
        ),
        issued_year=published,
        print_year=int(journal_year.group(1)) if journal_year else None,
        online_year=updated if updated != published else None,
        journal=_journal_name(journal_ref) if journal_ref else None,
        # The venue of a published preprint is its journal; a reference
        # list may still call it "arXiv preprint", which is no mistake.
        journal_abbreviations=ARXIV_VENUE_NAMES if journal_ref else (),
        type=WorkType.PREPRINT,
        type_label="arXiv preprint",
    )


def _journal_name(journal_ref: str) -> str:
    """The journal's name in a journal reference: what comes before its
    volume, year or pages, or the whole reference when that leaves no name."""
    match = _JOURNAL_END.search(journal_ref)
    name = journal_ref[: match.start()].strip(" ,;:.") if match else journal_ref
    return name if sum(c.isalpha() for c in name) >= 2 else journal_ref


def _author(name: str) -> Author | None:
    """An author from arXiv's one ``<name>`` (given names first)."""
    words = name.split()
    if not words:
        return None
    if any(word.lower() in _GROUP_WORDS for word in words):
        return Author(family=name, is_organisation=True)
    while len(words) > 1 and words[-1].lower().strip(",") in _SUFFIXES:
        words = words[:-1]
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Author(family=" ".join(words[start:]).rstrip(","), given=" ".join(words[:start]))


def _total(feed: Node) -> int | None:
    text = _child_text(feed, "totalResults")
    return int(text) if text.isdigit() else None


def _year(text: str) -> int | None:
    match = _YEAR.match(text)
    return int(match.group(1)) if match else None


def _child_text(node: Node, tag: str) -> str:
    """The text of ``node``'s first child tagged ``tag`` (local name), white
    space folded; "" when there is none."""
    child = node.child(tag)
    return "" if child is None else " ".join(_text(child).split())


def _text(node: Node) -> str:
    parts: list[str] = []
    stack: list[Node | Text] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Text):
            parts.append(current.text)
        else:
            stack.extend(reversed(current.children))
    return "".join(parts)
