"""Searches for an entry's work: Crossref first, then PubMed when Crossref
ranked nothing close.

A search answers a ``query`` identifier (:mod:`citecheck.queries`) with a
:class:`~citecheck.models.Lookup` whose ``candidates`` are the works the
services ranked first. They are candidates, never answers: a search always
returns something, and its top hit for an invented title is a real,
different paper. The judge validates each (:mod:`citecheck.judge.search`).

How a search ends:

- FOUND: every service asked answered, with candidates;
- NOT_FOUND: every service asked answered, with none;
- COULD_NOT_VERIFY: a service did not answer properly; the candidates of
  those that did are kept (one of them may still be the work), but what
  the silent one holds is unknown, so "no such work" cannot be said, and
  the lookup is never cached.

PubMed is asked only when Crossref's candidates hold none whose title is
close to the claimed one (or none at all): it costs two or three NCBI
requests, and most works PubMed holds are Crossref's too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from citecheck.errors import MalformedResponse, ServiceUnavailable
from citecheck.matching import normalise
from citecheck.models import Identifier, Lookup, LookupStatus, Record, SearchQuery, Service
from citecheck.queries import query_from_identifier
from citecheck.resolvers.crossref import CrossrefResolver
from citecheck.resolvers.pubmed_search import PubMedSearch, citation_matchable, records_found
from citecheck.resolvers.reasons import one_line

CROSSREF_ROWS = 5
"""Candidates asked of Crossref: the work, when there, is nearly always
among the first few; more would only be more to validate."""

PUBMED_ROWS = 5

CLOSE_TITLE = 0.9
"""Share of the claimed title's words a Crossref candidate's title must
hold for PubMed not to be asked as well."""

SEARCHED_CROSSREF = "Crossref (bibliographic search)"
SEARCHED_CROSSREF_DOI = "Crossref (the article's DOI)"
SEARCHED_PUBMED = "PubMed (citation match, title words and first author)"


class SearchResolver:
    """Answers searches; each call may block on the rate limits of both
    services, so the stream runs several at once."""

    def __init__(
        self,
        crossref: CrossrefResolver,
        pubmed: PubMedSearch,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._crossref = crossref
        self._pubmed = pubmed
        self._clock = clock

    def search(self, identifier: Identifier) -> Lookup:
        """The lookup of one search (a ``query`` identifier)."""
        try:
            query = query_from_identifier(identifier)
        except ValueError as exc:
            return Lookup(
                identifier,
                LookupStatus.COULD_NOT_VERIFY,
                Service.SEARCH,
                reason=one_line(f"unreadable search: {exc}"),
            )
        candidates: list[Record] = []
        searched: list[str] = []
        failures: list[str] = []
        crossref_failed = self._ask_crossref(query, candidates, searched, failures)
        pubmed_can = bool(query.title) or citation_matchable(query)
        if pubmed_can and not query.deposit and (crossref_failed or not _close(query, candidates)):
            self._ask_pubmed(query, candidates, searched, failures)
        candidates = records_found(candidates)
        if failures:
            status = LookupStatus.COULD_NOT_VERIFY
            reason = "; ".join(failures)
        elif candidates:
            status, reason = LookupStatus.FOUND, None
        else:
            status, reason = LookupStatus.NOT_FOUND, f"nothing found in {' or '.join(searched)}"
        return Lookup(
            identifier,
            status,
            Service.SEARCH,
            reason=reason,
            fetched_at=None if failures else self._clock(),
            candidates=tuple(candidates),
            searched=tuple(searched),
        )

    def _ask_crossref(
        self,
        query: SearchQuery,
        candidates: list[Record],
        searched: list[str],
        failures: list[str],
    ) -> bool:
        """Crossref's candidates into ``candidates``; True when it failed."""
        searched.append(SEARCHED_CROSSREF_DOI if query.doi else SEARCHED_CROSSREF)
        try:
            candidates.extend(
                self._crossref.search(
                    query.text, rows=CROSSREF_ROWS, deposit=query.deposit, doi=query.doi
                )
            )
        except ServiceUnavailable as exc:
            failures.append(f"Crossref: {exc.reason}")
            return True
        except MalformedResponse as exc:
            failures.append(one_line(f"Crossref: malformed answer ({exc})"))
            return True
        return False

    def _ask_pubmed(
        self,
        query: SearchQuery,
        candidates: list[Record],
        searched: list[str],
        failures: list[str],
    ) -> None:
        searched.append(SEARCHED_PUBMED)
        try:
            candidates.extend(self._pubmed.search(query, rows=PUBMED_ROWS))
        except ServiceUnavailable as exc:
            failures.append(f"PubMed: {exc.reason}")


def _close(query: SearchQuery, candidates: Sequence[Record]) -> bool:
    """Whether a candidate's title holds most of the claimed title's words."""
    wanted = set(normalise(query.title or "").split())
    if not wanted:
        return bool(candidates)
    for record in candidates:
        have = set(normalise(" ".join(filter(None, (record.title, record.subtitle)))).split())
        if len(wanted & have) >= CLOSE_TITLE * len(wanted):
            return True
    return False
