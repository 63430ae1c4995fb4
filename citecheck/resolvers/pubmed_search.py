"""Searching PubMed by what an entry claims: E-utilities ``ecitmatch``
when journal, year, volume, first page and author are known, else (or when
it matches nothing) ``esearch``; then ``efetch`` of the PMIDs found.

The term is built from field-tagged words: the title's distinctive words
in ``[ti]`` and the first author's surname in ``[au]``, ANDed. When that
finds nothing, the title words are asked alone, so that a genuine work
cited with a wrong first author is still found (the judge then says what
differs). The year is never a term: a wrong year would hide the work.

esearch is asked for JSON (``retmode=json``). Only a proper answer (an
``esearchresult`` with a count and an id list, no ``ERROR``) says what
PubMed holds; anything else raises ServiceUnavailable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from citecheck.config import ServiceSettings
from citecheck.errors import ServiceUnavailable
from citecheck.models import (
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Record,
    SearchQuery,
    Service,
)
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import describe_body, one_line

ESEARCH_PATH = "/esearch.fcgi"
ECITMATCH_PATH = "/ecitmatch.cgi"
CITATION_KEY = "citecheck"
"""The key ECitMatch echoes back with the PMID of the citation line."""
MAX_ESEARCH_BYTES = 1 * MB
TITLE_WORDS = 8
"""Distinctive title words in a term: enough to single a work out, few
enough that one misspelt word does not hide it (PubMed ANDs them all)."""

_WORD = re.compile(r"[^\W_]{3,}")
# Words too common in titles to narrow a search; PubMed ignores most of them anyway.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "into",
        "over",
        "under",
        "between",
        "among",
        "within",
        "without",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "its",
        "their",
        "our",
        "via",
        "using",
        "use",
        "used",
        "based",
        "study",
        "studies",
        "analysis",
        "new",
        "role",
        "effect",
        "effects",
        "case",
        "report",
        "review",
        "during",
        "after",
        "before",
        "versus",
    ]
)


class PubMedSearch:
    """Searches PubMed; the records of the PMIDs found come from ``fetch``
    (the PubMed resolver's efetch), so a candidate is a full record."""

    def __init__(
        self,
        settings: ServiceSettings,
        http: HttpClient,
        *,
        limiter: RateLimiter,
        fetch: Callable[[list[Identifier]], list[Lookup]],
    ) -> None:
        self._settings = settings
        self._http = http
        self._limiter = limiter
        self._fetch = fetch
        self._url = settings.eutils_url.rstrip("/") + ESEARCH_PATH

    def search(self, query: SearchQuery, *, rows: int) -> list[Record]:
        """The records PubMed finds for ``query``: by citation matching
        when journal, year, volume, first page and author are all known,
        else (or when that matches nothing) by its title words and first
        author. An empty list when PubMed answered that nothing matches;
        raises ServiceUnavailable when it did not answer properly."""
        pmids: list[str] = []
        if citation_matchable(query):
            pmids = self._match_citation(query)
        words = title_terms(query.title or "")
        if not pmids and words and query.author:
            pmids = self._esearch(f"{words} AND {author_term(query.author)}", rows)
        if not pmids and words:
            pmids = self._esearch(words, rows)
        if not pmids:
            return []
        lookups = self._fetch([Identifier(IdType.PMID, pmid) for pmid in pmids])
        failed = [lookup for lookup in lookups if lookup.status is LookupStatus.COULD_NOT_VERIFY]
        if failed and len(failed) == len(lookups):
            raise ServiceUnavailable(
                failed[0].reason or "efetch failed", service=Service.PUBMED.value
            )
        return [lookup.record for lookup in lookups if lookup.record is not None]

    def _match_citation(self, query: SearchQuery) -> list[str]:
        """ECitMatch: the PMID of the one article with this journal, year,
        volume, first page and author, when PubMed knows it."""
        fields = (query.journal, str(query.year), query.volume, query.pages, query.author)
        line = "|".join(_bdata_field(field or "") for field in fields) + f"|{CITATION_KEY}|"
        response = self._http.send(
            "GET",
            self._settings.eutils_url.rstrip("/") + ECITMATCH_PATH,
            service=Service.PUBMED.value,
            limiter=self._limiter,
            params={
                "db": "pubmed",
                "retmode": "xml",
                "bdata": line,
                **self._settings.eutils_identity(),
            },
            headers={"User-Agent": self._settings.user_agent},
            max_bytes=MAX_ESEARCH_BYTES,
        )
        if response.status_code != 200:
            raise ServiceUnavailable(
                f"HTTP {response.status_code}",
                service=Service.PUBMED.value,
                status=response.status_code,
            )
        return ecitmatch_ids(response.text)

    def _esearch(self, term: str, rows: int) -> list[str]:
        params: dict[str, Any] = {
            "db": "pubmed",
            "term": term,
            "retmode": "json",
            "retmax": rows,
            **self._settings.eutils_identity(),
        }
        response = self._http.send(
            "GET",
            self._url,
            service=Service.PUBMED.value,
            limiter=self._limiter,
            params=params,
            headers={"User-Agent": self._settings.user_agent},
            max_bytes=MAX_ESEARCH_BYTES,
        )
        if response.status_code != 200:
            raise ServiceUnavailable(
                f"HTTP {response.status_code}",
                service=Service.PUBMED.value,
                status=response.status_code,
            )
        return esearch_ids(response.content, describe=lambda: describe_body(response))


def citation_matchable(query: SearchQuery) -> bool:
    """Whether ``query`` has every field ECitMatch matches on."""
    return bool(query.journal and query.year and query.volume and query.pages and query.author)


def ecitmatch_ids(text: str) -> list[str]:
    """The PMID of an ECitMatch answer to one citation line: ``[pmid]``,
    or ``[]`` when PubMed says ``NOT_FOUND`` or ``AMBIGUOUS``; raises
    ServiceUnavailable for an answer that is not ECitMatch's."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    mine = [line for line in lines if f"|{CITATION_KEY}|" in line]
    if len(mine) != 1:
        raise ServiceUnavailable(
            one_line(f"ECitMatch answer without the citation asked ({text[:80]!r})"),
            service=Service.PUBMED.value,
        )
    result = mine[0].rsplit(f"|{CITATION_KEY}|", 1)[1].strip()
    if result.isdigit() and len(result) <= 8:
        return [result]
    if result.upper().startswith(("NOT_FOUND", "AMBIGUOUS")):
        return []
    raise ServiceUnavailable(
        one_line(f"ECitMatch answer {result[:60]!r} is no PMID"), service=Service.PUBMED.value
    )


def _bdata_field(text: str) -> str:
    # A bar or a line break would end the field or the citation early.
    return " ".join(text.replace("|", " ").split())


def esearch_ids(body: bytes, *, describe: Callable[[], str] = lambda: "") -> list[str]:
    """The PMIDs of an esearch JSON answer, in PubMed's order; raises
    ServiceUnavailable for anything but a proper answer."""

    def refuse(why: str) -> ServiceUnavailable:
        detail = describe()
        return ServiceUnavailable(
            one_line(f"esearch answer {why}" + (f" ({detail})" if detail else "")),
            service=Service.PUBMED.value,
        )

    try:
        data = json.loads(body)
    except ValueError:
        raise refuse("is not JSON") from None
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise refuse("has no esearchresult")
    if "ERROR" in result:
        raise refuse(f"is an error: {result['ERROR']}")
    ids = result.get("idlist")
    count = result.get("count")
    if not isinstance(ids, list) or not isinstance(count, str | int) or not str(count).isdigit():
        raise refuse("has no count and id list")
    pmids = [str(pmid) for pmid in ids]
    if not all(pmid.isdigit() and len(pmid) <= 8 for pmid in pmids):
        raise refuse("lists ids that are no PMIDs")
    return pmids


def title_terms(title: str) -> str:
    """The title's distinctive words as ``[ti]`` terms ANDed, longest first
    (the longest words are the rarest), at most :data:`TITLE_WORDS`."""
    words = [w for w in _WORD.findall(title.lower()) if w not in _COMMON and not w.isdigit()]
    unique = list(dict.fromkeys(words))
    chosen = sorted(unique, key=len, reverse=True)[:TITLE_WORDS]
    # Kept in title order: the term reads like the title when logged.
    ordered = [w for w in unique if w in chosen]
    return " AND ".join(f"{w}[ti]" for w in ordered)


def author_term(surname: str) -> str:
    """A surname as an ``[au]`` term, quoted when it has spaces or hyphens."""
    clean = " ".join(re.sub(r"[\"\[\]()]", " ", surname).split())
    return f'"{clean}"[au]' if re.search(r"[\s-]", clean) else f"{clean}[au]"


def records_found(records: Sequence[Record]) -> list[Record]:
    """Records without repeats (a PMID listed twice), in order."""
    seen: set[str] = set()
    unique = []
    for record in records:
        key = record.pmid or record.doi or ""
        if key in seen:
            continue
        seen.add(key)
        unique.append(record)
    return unique
