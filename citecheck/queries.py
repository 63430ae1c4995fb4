"""Searches as identifiers: what an entry is searched by, and back.

An entry without an identifier a service resolves is searched for by what
it says. The search is an :class:`~citecheck.models.Identifier` of type
``query`` whose value is the :class:`~citecheck.models.SearchQuery` as
canonical JSON, so that the pipeline deduplicates, caches and schedules
searches exactly as it does lookups: two pages citing the same reference
in the same words make one search.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, fields

from citecheck.models import SERVICE_OF, Claims, Entry, Identifier, IdType, SearchQuery

__all__ = [
    "MAX_QUERY_TEXT",
    "query_for_entry",
    "query_from_identifier",
    "query_identifier",
    "searchable_text",
]

MAX_QUERY_TEXT = 400
"""Characters of an entry's text sent as the bibliographic query: a
reference string is rarely longer, and Crossref's request line is limited."""

MIN_QUERY_WORDS = 3
"""Words (of three letters or more) an entry's text needs to be searched
by: a bare host or a lone surname finds anything and proves nothing."""

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>|[*_`\\]+|\[\^?[^\]]{0,20}\]\(#[^)]*\)")
_WORD = re.compile(r"[^\W\d_]{3,}")
_FIRST_PAGE = re.compile(r"[A-Za-z]?\d+")
_FIELDS = frozenset(f.name for f in fields(SearchQuery))


def query_for_entry(entry: Entry, *, ignore_identifiers: bool = False) -> SearchQuery | None:
    """What ``entry`` is searched by, or None when there is nothing to
    search by (a bare host, a marker) or no need (an identifier a service
    resolves: that is looked up, not searched, unless ``ignore_identifiers``:
    the search for the right one when the entry's is wrong)."""
    if not ignore_identifiers and any(i.type in SERVICE_OF for i in entry.identifiers):
        return None
    raw = entry.raw
    for identifier in entry.identifiers:
        if identifier.raw:
            raw = raw.replace(identifier.raw, " ")
    claims = entry.claims
    # A BibTeX entry's source is field syntax, not a reference string: the
    # services are asked the fields read from it, written as one.
    text = citation_text(claims) if raw.lstrip().startswith("@") else searchable_text(raw)
    site_words = set(_WORD.findall((claims.site or "").lower()))
    words = [w for w in _WORD.findall(text.lower()) if w not in site_words]
    if len(words) < MIN_QUERY_WORDS and not claims.title:
        return None
    first = claims.first_author
    pages = _FIRST_PAGE.search(claims.pages or "")
    return SearchQuery(
        text=text or (claims.title or ""),
        title=_folded(claims.title),
        author=first.family if first is not None and not first.is_organisation else None,
        year=claims.year,
        journal=_folded(claims.journal),
        volume=claims.volume,
        pages=pages.group(0) if pages else None,
    )


def searchable_text(raw: str) -> str:
    """An entry's text as a bibliographic query: links, markup and
    identifiers' URLs out, white space folded, cut at a word boundary."""
    text = _MARKUP.sub(" ", _URL.sub(" ", raw))
    text = " ".join(text.split()).strip(" .;,-–—[]()")
    if len(text) > MAX_QUERY_TEXT:
        text = text[:MAX_QUERY_TEXT].rsplit(" ", 1)[0]
    return text


def citation_text(claims: Claims) -> str:
    """The claims written as a plain reference string: ``Surname A, Surname
    B. Title. Journal. Year;Volume:Pages.``"""
    people = ", ".join(" ".join(filter(None, (a.family, a.given))) for a in claims.authors[:6])
    numbers = ";".join(
        part
        for part in (
            str(claims.year) if claims.year else "",
            ":".join(filter(None, (claims.volume, claims.pages))),
        )
        if part
    )
    parts = (people, claims.title, claims.journal, numbers)
    return searchable_text(". ".join(p.strip(" .") for p in parts if p))


def query_identifier(query: SearchQuery) -> Identifier:
    """The search as an identifier: its value the query as canonical JSON
    (keys sorted, empty fields left out), so equal queries are one key."""
    data = {k: v for k, v in asdict(query).items() if v not in (None, "", False)}
    value = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Identifier(IdType.QUERY, value)


def query_from_identifier(identifier: Identifier) -> SearchQuery:
    """The query a ``query`` identifier holds; raises ValueError when its
    value is not one (a cache or report row from elsewhere)."""
    if identifier.type is not IdType.QUERY:
        raise ValueError(f"{identifier} is no search")
    try:
        data = json.loads(identifier.value)
    except ValueError as exc:
        raise ValueError(f"a search whose query is not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("text", ""), str):
        raise ValueError("a search whose query is not an object with a text")
    unknown = set(data) - _FIELDS
    if unknown:
        raise ValueError(f"a search with unknown fields {sorted(unknown)}")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ValueError(f"a search whose year is {year!r}")
    for name in ("title", "author", "journal", "volume", "pages", "doi"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ValueError(f"a search whose {name} is not text")
    return SearchQuery(
        text=data.get("text", ""),
        title=data.get("title"),
        author=data.get("author"),
        year=year,
        journal=data.get("journal"),
        volume=data.get("volume"),
        pages=data.get("pages"),
        doi=data.get("doi"),
        deposit=bool(data.get("deposit", False)),
    )


def _folded(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split())
