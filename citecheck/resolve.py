"""Resolving the identifiers of a run: deduplicated, cached, batched per
service, the three services asked at the same time.

DOIs go to Crossref (and those Crossref says are DataCite's on to
DataCite), PMIDs to PubMed, PMCIDs to the PMC ID converter and
then, for the PMID it names, to PubMed, so that a PMCID resolves to the
full record; arXiv identifiers to the arXiv API, NCT numbers to
ClinicalTrials.gov. Other identifiers (ISBN, ISRCTN) are not looked up.
Searches (``query`` identifiers, :mod:`citecheck.queries`) go to
Crossref's search and, when it ranks nothing close, PubMed's
(:mod:`citecheck.resolvers.search`). Answers are kept in the cache; "could
not verify" never is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import httpx

from citecheck.cache import CacheStore
from citecheck.config import ServiceSettings
from citecheck.lookup_stream import BatchedService, LookupStream, Workers
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Service
from citecheck.resolvers.arxiv import MAX_IDS as ARXIV_BATCH
from citecheck.resolvers.arxiv import ArxivResolver
from citecheck.resolvers.budget import SharedBudget
from citecheck.resolvers.clinicaltrials import ClinicalTrialsResolver
from citecheck.resolvers.crossref import CrossrefResolver
from citecheck.resolvers.datacite import DataCiteResolver
from citecheck.resolvers.http import DEFAULT_RETRY, HttpClient, RetryPolicy
from citecheck.resolvers.idconv import IdConvResolver
from citecheck.resolvers.pubmed import PubMedResolver
from citecheck.resolvers.pubmed_search import PubMedSearch
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.search import SearchResolver

logger = logging.getLogger(__name__)


class Resolver:
    """Resolves identifiers for one run. Close it (or use ``with``) at the end."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        cache: CacheStore | None = None,
        offline: bool = False,
        refresh: bool = False,
        retry: RetryPolicy = DEFAULT_RETRY,
        dtd_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        budget: SharedBudget | None = None,
    ) -> None:
        self._cache = cache
        self._budget = budget
        self._offline = offline
        self._refresh = refresh
        self._clock = clock
        client = httpx.Client(
            timeout=settings.timeout,
            follow_redirects=True,
            headers={"User-Agent": settings.user_agent},
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=16),
        )
        self.http = HttpClient(client, retry=retry, sleep=sleep)
        single_rate, single_conc = settings.crossref_single_limits()
        list_rate, list_conc = settings.crossref_list_limits()
        ncbi_rate, ncbi_conc = settings.ncbi_limits()
        datacite_rate, datacite_conc = settings.datacite_limits()
        # The ID converter is an NCBI service too: it shares the NCBI bucket.
        self.limiters = {
            name: RateLimiter(
                rate=rate, concurrency=concurrency, name=name, sleep=sleep, budget=budget
            )
            for name, (rate, concurrency) in (
                ("crossref-single", (single_rate, single_conc)),
                ("crossref-list", (list_rate, list_conc)),
                ("ncbi", (ncbi_rate, ncbi_conc)),
                ("datacite", (datacite_rate, datacite_conc)),
                ("arxiv", settings.arxiv_limits()),
                ("clinicaltrials", settings.clinicaltrials_limits()),
            )
        }
        self._crossref = CrossrefResolver(
            settings,
            self.http,
            single=self.limiters["crossref-single"],
            listing=self.limiters["crossref-list"],
            datacite=DataCiteResolver(
                settings, self.http, limiter=self.limiters["datacite"], clock=clock
            ),
            clock=clock,
        )
        self._pubmed = PubMedResolver(
            settings, self.http, limiter=self.limiters["ncbi"], dtd_dir=dtd_dir, clock=clock
        )
        self._idconv = IdConvResolver(
            settings, self.http, limiter=self.limiters["ncbi"], clock=clock
        )
        self._arxiv = ArxivResolver(
            settings, self.http, limiter=self.limiters["arxiv"], clock=clock
        )
        self._trials = ClinicalTrialsResolver(
            settings, self.http, limiter=self.limiters["clinicaltrials"], clock=clock
        )
        self._search = SearchResolver(
            self._crossref,
            PubMedSearch(
                settings, self.http, limiter=self.limiters["ncbi"], fetch=self._pubmed.resolve
            ),
            clock=clock,
        )

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()
        if self._budget is not None:
            self._budget.close()

    def waiting(self) -> int:
        """Requests held back by rate limits right now, all buckets together."""
        return sum(limiter.waiting for limiter in self.limiters.values())

    def stream(self) -> LookupStream:
        """A stream to ask for identifiers as they are met and take lookups
        as they arrive (see :mod:`citecheck.lookup_stream`); close it after."""
        return LookupStream(
            crossref=self._crossref,
            pubmed=self._pubmed.resolve,
            pmc=self._resolve_pmcids,
            workers=Workers(
                crossref_list=self.limiters["crossref-list"].limits.concurrency,
                crossref_single=self.limiters["crossref-single"].limits.concurrency,
                ncbi=self.limiters["ncbi"].limits.concurrency,
                search=(
                    self.limiters["crossref-list"].limits.concurrency
                    + self.limiters["ncbi"].limits.concurrency
                ),
            ),
            search=self._search.search,
            cache=self._cache,
            offline=self._offline,
            refresh=self._refresh,
            others={
                Service.ARXIV: BatchedService(
                    self._arxiv.resolve,
                    batch=ARXIV_BATCH,
                    workers=self.limiters["arxiv"].limits.concurrency,
                ),
                # One study a request: every NCT number is a full batch.
                Service.CLINICALTRIALS: BatchedService(
                    self._trials.resolve,
                    batch=1,
                    workers=self.limiters["clinicaltrials"].limits.concurrency,
                ),
            },
        )

    def resolve(self, identifiers: Iterable[Identifier]) -> dict[str, Lookup]:
        """A lookup for every identifier a service answers for (DOI, PMID,
        PMCID, arXiv, NCT) among ``identifiers``, by
        ``Identifier.key``; each identifier is asked for at most once."""
        results: dict[str, Lookup] = {}
        with self.stream() as stream:
            stream.ask(identifiers)
            stream.flush()
            while stream.outstanding:
                for lookup in stream.answers():
                    results[lookup.identifier.key] = lookup
        return results

    def _resolve_pmcids(self, pmcids: list[Identifier]) -> list[Lookup]:
        """PMCIDs through the ID converter, then the PubMed record of the PMID
        each one names, so that a PMCID yields a full record."""
        if not pmcids:
            return []
        converted = self._idconv.resolve(pmcids)
        pmids = {
            lookup.record.pmid: Identifier(IdType.PMID, lookup.record.pmid)
            for lookup in converted
            if lookup.status is LookupStatus.FOUND and lookup.record and lookup.record.pmid
        }
        records = {
            lookup.identifier.value: lookup for lookup in self._pubmed.resolve(list(pmids.values()))
        }
        results: list[Lookup] = []
        for lookup in converted:
            pubmed = records.get(lookup.record.pmid or "") if lookup.record else None
            if (
                pubmed is not None
                and pubmed.status is LookupStatus.FOUND
                and pubmed.record
                and lookup.record
            ):
                full = replace(
                    pubmed.record,
                    pmcid=lookup.record.pmcid,
                    doi=pubmed.record.doi or lookup.record.doi,
                )
                lookup = replace(lookup, record=full)
            results.append(lookup)
        return results
