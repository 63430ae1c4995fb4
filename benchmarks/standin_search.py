"""The stand-in's search engines: what they index, and Crossref's
``/works?query.…`` (PubMed's esearch and ECitMatch are in
``standin_pubmed_search.py``), over the records the stand-in serves.

Like the real engines, a Crossref search always returns its best hits: a
fabricated title gets real, different papers that share its words, its
authors or its journal, ranked by a BM25F score over title, authors,
journal and numbers (year, volume, issue, first page). esearch is boolean,
as PubMed's is: every ANDed term must match, field tags (``[ti]``, ``[au]``,
``[dp]``, ``[ta]``…) say where; nothing matching all terms is a count of 0.
ECitMatch matches journal, year, volume, first page and author exactly.

The indexes are built once per :class:`SearchIndex` (inverted lists per
field), so a query costs the postings of its words, not a scan. Bodies are
in the services' formats; statuses and faults are ``standin.py``'s.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CROSSREF_SELECTABLE",
    "PUBMED_STOPWORDS",
    "BooleanIndex",
    "Indexed",
    "SearchIndex",
    "crossref_search",
    "fold",
    "from_crossref",
    "from_generated",
    "from_pubmed",
    "name_key",
    "tokens",
]

# --------------------------------------------------------------------------
# Text

_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "đ": "d"})
_TOKEN = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]{1,200}>")


def fold(text: str) -> str:
    """Lower case, diacritics and markup out: ``Müller`` → ``muller``."""
    text = _TAG.sub(" ", text).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def name_key(text: str) -> str:
    """A name (journal, surname) compared by its letters and digits only."""
    return "".join(tokens(text))


# PubMed's stopwords: ignored in a search, and said so (phrasesignored).
PUBMED_STOPWORDS = frozenset(
    """
    a about again all almost also although always among an and another any are as at be
    because been before being between both but by can could did do does done due during each
    either enough especially etc for found from further had has have having here how however
    i if in into is it its itself just kg km made mainly make may mg might ml mm most mostly
    must nearly neither no nor obtained of often on our overall perhaps pmid quite rather
    really regarding seem seen several should show showed shown shows significantly since so
    some such than that the their theirs them then there therefore these they this those
    through thus to upon various very was we were what when which while with within without
    would
    """.split()  # noqa: SIM905  (a list of words, kept readable)
)


# --------------------------------------------------------------------------
# What is indexed


@dataclass(frozen=True, slots=True)
class Indexed:
    """One searchable work: ``key`` is its DOI (lower case) in Crossref's
    index, its PMID in PubMed's; ``body`` its Crossref item (JSON object)."""

    key: str
    title: str
    authors: tuple[tuple[str, str], ...] = ()
    """(family, given) pairs; an organisation has its name as family."""
    journals: tuple[str, ...] = ()
    """The journal's full name first, then its abbreviations."""
    year: int | None = None
    date: tuple[int, int, int] | None = None
    """The earliest publication date, missing parts as 1."""
    years: tuple[int, ...] = ()
    """Every year of publication (print and electronic), for PubMed's [dp]."""
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    type: str = "journal-article"
    abstract: str = ""
    body: Mapping[str, Any] = field(default_factory=dict)


def _date_parts(value: Any) -> tuple[int, int, int] | None:
    try:
        parts = [int(p) for p in value["date-parts"][0] if p is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not parts:
        return None
    parts += [1] * (3 - len(parts))
    return (parts[0], parts[1], parts[2])


def from_crossref(message: Mapping[str, Any]) -> Indexed:
    """A Crossref ``/works`` message as an indexed work."""

    def first(name: str) -> str:
        value = message.get(name)
        if isinstance(value, list):
            return str(value[0]) if value else ""
        return str(value or "")

    title = first("title")
    subtitle = first("subtitle")
    if subtitle:
        title = f"{title}: {subtitle}"
    authors = []
    for person in message.get("author") or ():
        if not isinstance(person, Mapping):
            continue
        family = person.get("family") or person.get("name") or ""
        authors.append((str(family), str(person.get("given") or "")))
    journals = [str(j) for j in (message.get("container-title") or ()) if j]
    journals += [str(j) for j in (message.get("short-container-title") or ()) if j]
    dates = [
        d
        for d in (
            _date_parts(message.get(name))
            for name in ("published-print", "published-online", "issued", "published")
        )
        if d is not None
    ]
    date = min(dates) if dates else None
    issued = _date_parts(message.get("issued"))
    page = str(message.get("page") or message.get("article-number") or "")
    return Indexed(
        key=str(message.get("DOI") or "").lower(),
        title=title,
        authors=tuple(authors),
        journals=tuple(dict.fromkeys(journals)),
        year=(issued or date or (None,))[0],
        date=date,
        volume=str(message.get("volume") or ""),
        issue=str(message.get("issue") or ""),
        first_page=re.split(r"[-–]", page, maxsplit=1)[0].strip(),
        type=str(message.get("type") or "journal-article"),
        abstract=str(message.get("abstract") or ""),
        body=message,
    )


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def from_pubmed(xml_text: str) -> Indexed | None:
    """A ``<PubmedArticle>`` (or ``<PubmedBookArticle>``) as an indexed work,
    None when it cannot be read or has no PMID."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError:
        return None
    pmid = _text(root.find(".//PMID"))
    if not pmid:
        return None
    title = _text(root.find(".//ArticleTitle")) or _text(root.find(".//BookTitle"))
    authors = []
    author_list = root.find(".//AuthorList")
    for person in author_list.findall("Author") if author_list is not None else ():
        collective = _text(person.find("CollectiveName"))
        if collective:
            authors.append((collective, ""))
            continue
        family = _text(person.find("LastName"))
        given = _text(person.find("ForeName")) or _text(person.find("Initials"))
        if family:
            authors.append((family, given))
    journals = [
        _text(root.find(".//Journal/Title")),
        _text(root.find(".//Journal/ISOAbbreviation")),
        _text(root.find(".//MedlineJournalInfo/MedlineTA")),
    ]
    year_text = _text(root.find(".//PubDate/Year")) or _text(root.find(".//PubDate/MedlineDate"))
    year_match = re.search(r"\d{4}", year_text)
    year = int(year_match[0]) if year_match else None
    # [dp] searches print and electronic dates both.
    years = {year} if year else set()
    years |= {int(y.text) for y in root.findall(".//ArticleDate/Year") if (y.text or "").isdigit()}
    pages = _text(root.find(".//MedlinePgn")) or _text(root.find(".//StartPage"))
    return Indexed(
        key=pmid,
        title=title.rstrip("."),
        authors=tuple(authors),
        journals=tuple(dict.fromkeys(j for j in journals if j)),
        year=year,
        date=(year, 1, 1) if year else None,
        years=tuple(sorted(years)),
        volume=_text(root.find(".//JournalIssue/Volume")),
        issue=_text(root.find(".//JournalIssue/Issue")),
        first_page=re.split(r"[-–]", pages, maxsplit=1)[0].strip(),
        abstract=_text(root.find(".//Abstract")),
    )


# --------------------------------------------------------------------------
# The ranked index (Crossref)

# BM25F: each field's weight and length normalisation.
_K1 = 1.2
_FIELDS: dict[str, tuple[float, float]] = {
    "title": (3.0, 0.75),
    "author": (2.0, 0.5),
    "journal": (1.0, 0.5),
    "number": (1.0, 0.0),
}


class _Ranked:
    """An inverted index of works by field, scored by BM25F."""

    def __init__(self, works: list[Indexed]) -> None:
        self.works = works
        self.postings: dict[str, dict[str, dict[int, int]]] = {
            f: defaultdict(dict) for f in _FIELDS
        }
        self.lengths: dict[str, list[int]] = {f: [] for f in _FIELDS}
        self.df: dict[str, int] = defaultdict(int)
        for doc, work in enumerate(works):
            seen: set[str] = set()
            for name, words in self._fields(work).items():
                self.lengths[name].append(len(words))
                postings = self.postings[name]
                for word in words:
                    postings[word][doc] = postings[word].get(doc, 0) + 1
                seen.update(words)
            for word in seen:
                self.df[word] += 1
        self.average = {
            f: (sum(lengths) / len(lengths) if lengths else 1.0) or 1.0
            for f, lengths in self.lengths.items()
        }

    @staticmethod
    def _fields(work: Indexed) -> dict[str, list[str]]:
        names = [w for family, given in work.authors for w in tokens(f"{family} {given}")]
        numbers = [str(work.year)] if work.year else []
        numbers += tokens(f"{work.volume} {work.issue} {work.first_page}")
        return {
            "title": tokens(work.title),
            "author": names,
            "journal": [w for j in work.journals for w in tokens(j)],
            "number": numbers,
        }

    def idf(self, word: str) -> float:
        n, df = len(self.works), self.df.get(word, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def score(self, words: Iterable[str], fields: tuple[str, ...]) -> dict[int, float]:
        """Each matching work's score for ``words`` searched in ``fields``."""
        scores: dict[int, float] = defaultdict(float)
        for word in dict.fromkeys(words):
            weighted: dict[int, float] = defaultdict(float)
            for name in fields:
                weight, b = _FIELDS[name]
                lengths, average = self.lengths[name], self.average[name]
                for doc, tf in self.postings[name].get(word, {}).items():
                    norm = 1 - b + b * lengths[doc] / average
                    weighted[doc] += weight * tf / norm
            if not weighted:
                continue
            idf = self.idf(word)
            for doc, tf in weighted.items():
                scores[doc] += idf * tf * (_K1 + 1) / (_K1 + tf)
        return scores


# --------------------------------------------------------------------------
# The boolean index (PubMed)


class BooleanIndex:
    """Sets of PMIDs by title word, author surname, journal, year and number."""

    def __init__(self, works: list[Indexed]) -> None:
        self.works = {w.key: w for w in works}
        self.title: dict[str, set[str]] = defaultdict(set)
        self.tiab: dict[str, set[str]] = defaultdict(set)
        self.surname: dict[str, set[str]] = defaultdict(set)
        self.journal: dict[str, set[str]] = defaultdict(set)
        self.year: dict[int, set[str]] = defaultdict(set)
        self.any: dict[str, set[str]] = defaultdict(set)
        for work in works:
            for word in tokens(work.title):
                self.title[word].add(work.key)
                self.tiab[word].add(work.key)
                self.any[word].add(work.key)
            for word in tokens(work.abstract):
                self.tiab[word].add(work.key)
                self.any[word].add(work.key)
            for family, given in work.authors:
                self.surname[name_key(family)].add(work.key)
                for word in tokens(f"{family} {given}"):
                    self.any[word].add(work.key)
            for name in work.journals:
                self.journal[name_key(name)].add(work.key)
                for word in tokens(name):
                    self.any[word].add(work.key)
            for year in {*work.years, *([work.year] if work.year else [])}:
                self.year[year].add(work.key)
                self.any[str(year)].add(work.key)


class SearchIndex:
    """What the stand-in's searches search: ``crossref`` works (real
    messages and generated works) and ``pubmed`` articles. Build one with
    :meth:`build`; it is read-only afterwards, so threads share it."""

    def __init__(self, crossref: list[Indexed], pubmed: list[Indexed]) -> None:
        self.crossref = _Ranked(crossref)
        self.pubmed = BooleanIndex(pubmed)
        self.pubmed_ranked = _Ranked(pubmed)
        self.pubmed_doc = {w.key: n for n, w in enumerate(pubmed)}

    @classmethod
    def build(
        cls,
        crossref_messages: Iterable[Mapping[str, Any]] = (),
        pubmed_articles: Iterable[str] = (),
        *,
        crossref_works: Iterable[Indexed] = (),
        pubmed_works: Iterable[Indexed] = (),
    ) -> SearchIndex:
        """The index of Crossref messages (``/works`` message objects) and
        PubMed ``<PubmedArticle>`` XML texts, with works already indexed."""
        crossref = [from_crossref(m) for m in crossref_messages] + list(crossref_works)
        pubmed = [w for w in (from_pubmed(x) for x in pubmed_articles) if w is not None]
        pubmed += list(pubmed_works)
        return cls(crossref, pubmed)


# --------------------------------------------------------------------------
# Crossref: /works?query.bibliographic=…

CROSSREF_SELECTABLE = frozenset(
    """
    abstract URL member posted score created degree update-policy short-title license ISSN
    container-title issued update-to issue prefix approved indexed article-number
    clinical-trial-number accepted author group-title DOI is-referenced-by-count updated-by
    event chair standards-body original-title funder translator archive published-print
    alternative-id subject subtitle published-online publisher-location content-domain
    reference title link type publisher volume references-count ISBN issn-type assertion
    deposited page content-created short-container-title relation editor
    """.split()  # noqa: SIM905  (a list of words, kept readable)
)
"""The fields Crossref's ``select`` accepts."""

_FIELD_QUERIES: dict[str, tuple[str, ...]] = {
    "query.bibliographic": ("title", "author", "journal", "number"),
    "query": ("title", "author", "journal", "number"),
    "query.author": ("author",),
    "query.editor": ("author",),
    "query.contributor": ("author",),
    "query.container-title": ("journal",),
    # Crossref's other field queries, accepted and not indexed here.
    **{
        f"query.{name}": ()
        for name in [
            "affiliation",
            "degree",
            "chair",
            "translator",
            "event-name",
            "event-theme",
            "event-location",
            "event-sponsor",
            "event-acronym",
            "funder-name",
            "publisher-name",
            "publisher-location",
        ]
    },
}
"""Crossref's field queries on ``/works`` and the fields each searches
(``query.title`` is no longer one: Crossref answers it 400)."""
_MAX_ROWS = 1000


def _validation_failure(kind: str, value: str, message: str) -> tuple[int, bytes]:
    body = {
        "status": "failed",
        "message-type": "validation-failure",
        "message": [{"type": kind, "value": value, "message": message}],
    }
    return 400, json.dumps(body).encode()


def _filter_date(value: str, *, end: bool) -> tuple[int, int, int] | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not match:
        return None
    year = int(match[1])
    month = int(match[2]) if match[2] else (12 if end else 1)
    day = int(match[3]) if match[3] else (31 if end else 1)
    return (year, month, day)


def crossref_search(
    index: SearchIndex, query: Mapping[str, list[str]], *, unlisted: frozenset[str] = frozenset()
) -> tuple[int, bytes]:
    """The status and body of ``/works`` with field queries: a work list
    ranked by score (each item's ``score``), or Crossref's validation
    failure (400) for an unknown field query, filter or select field, or
    rows over 1,000. ``unlisted`` DOIs are left out, as list routes do."""
    field_queries = {name: " ".join(v) for name, v in query.items() if name.startswith("query")}
    for name in field_queries:
        if name not in _FIELD_QUERIES:
            short = name.removeprefix("query.")
            valid = ", ".join(
                sorted(n.removeprefix("query.") for n in _FIELD_QUERIES if n != "query")
            )
            return _validation_failure(
                "field-query-not-available",
                short,
                f"Field query '{short}' specified but there is no such field query for this"
                f" route. Valid field queries for this route are: {valid}",
            )
    filters: list[tuple[str, str]] = []
    for part in ",".join(query.get("filter", [])).split(","):
        if not part:
            continue
        name, _, value = part.partition(":")
        if name not in ("from-pub-date", "until-pub-date", "type", "doi"):
            return _validation_failure(
                "filter-not-available",
                name,
                f"Filter {name} specified but there is no such filter for this route",
            )
        if name.endswith("pub-date") and _filter_date(value, end=False) is None:
            return _validation_failure(
                "date-invalid",
                value,
                f"Date specified as {value} but must be of the form yyyy, yyyy-mm or yyyy-mm-dd",
            )
        filters.append((name, value))
    try:
        rows = int((query.get("rows") or ["20"])[0])
        offset = int((query.get("offset") or ["0"])[0])
    except ValueError:
        return _validation_failure(
            "integer-not-valid", "rows", "Integer specified as rows but must be a positive integer"
        )
    if not 0 <= rows <= _MAX_ROWS:
        return _validation_failure(
            "integer-not-valid",
            str(rows),
            f"Integer specified as {rows} but must be a positive integer less than or equal to {_MAX_ROWS}.",
        )
    select = [f for f in ",".join(query.get("select", [])).split(",") if f]
    for name in select:
        if name not in CROSSREF_SELECTABLE:
            return _validation_failure(
                "select-field-not-available",
                name,
                f"Field {name} specified but there is no such field",
            )

    ranked = index.crossref
    scores: dict[int, float] | None = None
    for name, text in field_queries.items():
        if not _FIELD_QUERIES[name]:
            continue
        found = ranked.score(tokens(text), _FIELD_QUERIES[name])
        if scores is None:
            scores = dict(found)
        else:  # every field query must match
            scores = {doc: s + found[doc] for doc, s in scores.items() if doc in found}
    if scores is None:  # no query: every work, as the route lists them
        scores = {doc: 1.0 for doc in range(len(ranked.works))}
    hits = [doc for doc in scores if _passes(ranked.works[doc], filters, unlisted)]
    hits.sort(key=lambda doc: (-scores[doc], doc))
    items = []
    for doc in hits[offset : offset + rows]:
        work = ranked.works[doc]
        item = dict(work.body)
        item["score"] = round(scores[doc], 6)
        if select:
            item = {k: v for k, v in item.items() if k in select}
        items.append(item)
    terms = " ".join(query.get("query", [])) or None
    message = {
        "facets": {},
        "total-results": len(hits),
        "items": items,
        "items-per-page": rows,
        "query": {"start-index": offset, "search-terms": terms},
    }
    envelope = {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": message,
    }
    return 200, json.dumps(envelope).encode()


def _passes(work: Indexed, filters: list[tuple[str, str]], unlisted: frozenset[str]) -> bool:
    if work.key in unlisted:
        return False
    for name, value in filters:
        if name == "type" and work.type != value:
            return False
        if name == "doi" and work.key != value.lower():
            return False
        if name == "from-pub-date":
            start = _filter_date(value, end=False)
            if work.date is None or (start is not None and work.date < start):
                return False
        if name == "until-pub-date":
            stop = _filter_date(value, end=True)
            if work.date is None or (stop is not None and work.date > stop):
                return False
    return True


def from_generated(work: Any, key: str, body: Mapping[str, Any] | None = None) -> Indexed:
    """A generated corpus work (``standin_corpus.Work``) as an indexed work."""
    return Indexed(
        key=key,
        title=work.title,
        authors=tuple(work.authors),
        journals=(work.journal,),
        year=work.year,
        date=(work.year, 3, 1),
        volume=work.volume,
        first_page=work.pages.split("-")[0],
        body=body or {},
    )
