"""Identifiers asked as documents are read; lookups handed back as each
service batch answers.

A corpus is read much faster than the services answer, so a run asks for
identifiers while it is still reading and judges each document as soon as
its last lookup is back: the rate-limited buckets (Crossref list, Crossref
single, NCBI, and arXiv and ClinicalTrials.gov in pools of their own) are
kept busy at once, and judging happens while they
wait. Each answer is put in the cache the moment it arrives, so a run
stopped halfway asks again only for what was still in flight.

Every identifier is asked for at most once per stream. One asked again after
its lookup was handed back (a later document citing it, once the earlier
ones were judged and let it go) is handed back again from the cache, or from
memory when the cache does not keep it ("could not verify", or no cache).
"""

from __future__ import annotations

import contextlib
import logging
import queue
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from citecheck.cache import CacheStore
from citecheck.errors import CacheError
from citecheck.models import SERVICE_OF, Identifier, Lookup, LookupStatus, Service
from citecheck.resolvers.batches import chunks

logger = logging.getLogger(__name__)

# Where the cache may hold a DOI's answer: Crossref's, or DataCite's for a
# DOI Crossref said is DataCite's (stored under the service that answered).
_ALSO_CACHED_UNDER: dict[Service, tuple[Service, ...]] = {Service.CROSSREF: (Service.DATACITE,)}
# An agency whose DOIs are now asked of that agency: a cached "registered
# with it" from before is a miss, to be asked again.
_ASKED_AGENCIES = frozenset({"datacite"})

# PMIDs per efetch request and PMCIDs per ID-converter request (both
# services take 200 identifiers a request).
NCBI_BATCH = 200


class CrossrefLookups(Protocol):
    """What the stream needs of the Crossref resolver."""

    def routed(self) -> contextlib.AbstractContextManager[None]: ...

    def batches(self, dois: Sequence[Identifier]) -> Iterator[list[Identifier]]: ...

    def look_up_batch(self, dois: list[Identifier]) -> dict[str, Lookup]: ...

    def look_up_one(self, doi: Identifier) -> Lookup: ...


@dataclass(frozen=True, slots=True)
class BatchedService:
    """A service the stream asks from a pool of its own, ``batch``
    identifiers a call to ``fetch``, ``workers`` calls at a time (arXiv,
    ClinicalTrials.gov)."""

    fetch: Callable[[list[Identifier]], list[Lookup]]
    batch: int
    workers: int = 1


@dataclass(frozen=True, slots=True)
class Workers:
    """Requests each bucket may have in flight: one worker thread per slot."""

    crossref_list: int
    crossref_single: int
    ncbi: int
    search: int = 0
    """Searches in flight: each holds a slot of Crossref's list bucket,
    then maybe NCBI's, so as many as both keep busy."""


class LookupStream:
    """Asks for identifiers in full batches as they come, hands lookups back
    as they arrive. Used from one thread; close it (or use ``with``)."""

    def __init__(
        self,
        *,
        crossref: CrossrefLookups,
        pubmed: Callable[[list[Identifier]], list[Lookup]],
        pmc: Callable[[list[Identifier]], list[Lookup]],
        workers: Workers,
        search: Callable[[Identifier], Lookup] | None = None,
        cache: CacheStore | None = None,
        offline: bool = False,
        refresh: bool = False,
        others: Mapping[Service, BatchedService] | None = None,
    ) -> None:
        self._crossref = crossref
        self._pubmed = pubmed
        self._pmc = pmc
        self._search = search
        self._cache = cache
        self._offline = offline
        self._refresh = refresh
        self._answers: queue.SimpleQueue[list[Lookup] | BaseException] = queue.SimpleQueue()
        self._queued: dict[Service, list[Identifier]] = defaultdict(list)
        self._asked: set[str] = set()
        self._returned: set[str] = set()
        self._kept: dict[str, Lookup] = {}
        self._closed = False
        self._flushed = False
        self._routing = contextlib.ExitStack()
        self._routing.enter_context(crossref.routed())
        self._lists = ThreadPoolExecutor(workers.crossref_list, "crossref-list")
        self._singles = ThreadPoolExecutor(workers.crossref_single, "crossref-single")
        self._ncbi = ThreadPoolExecutor(workers.ncbi, "ncbi")
        self._searches = ThreadPoolExecutor(max(1, workers.search), "search")
        self._others = {
            service: (spec, ThreadPoolExecutor(spec.workers, service.value))
            for service, spec in (others or {}).items()
        }

    def __enter__(self) -> LookupStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def outstanding(self) -> int:
        """Identifiers asked for whose lookup has not been handed back yet."""
        return len(self._asked)

    @property
    def queued(self) -> int:
        """Identifiers asked for and not sent yet: waiting to fill a batch."""
        return sum(len(batch) for batch in self._queued.values())

    def ask(self, identifiers: Iterable[Identifier]) -> None:
        """Ask for every identifier among ``identifiers`` a service answers
        for (:data:`~citecheck.models.SERVICE_OF`) not asked before; the
        others are left out."""
        new: dict[str, Identifier] = {}
        again: dict[str, Identifier] = {}
        for identifier in identifiers:
            key = identifier.key
            if identifier.type not in SERVICE_OF or key in self._asked:
                continue
            (again if key in self._returned else new).setdefault(key, identifier)
        if again:
            self._asked.update(again)
            self._answers.put(self._again(list(again.values())))
        if not new:
            return
        self._asked.update(new)
        missing = list(new.values())
        if self._cache is not None and not self._refresh:
            hits = self._from_cache(missing)
            if hits:
                self._answers.put(hits)
                found = {lookup.identifier.key for lookup in hits}
                missing = [i for i in missing if i.key not in found]
        if self._offline:
            self._answers.put([_offline(i) for i in missing])
            return
        for identifier in missing:
            self._queued[SERVICE_OF[identifier.type]].append(identifier)
        self._dispatch(final=self._flushed)

    def send_queued(self) -> None:
        """Send what is queued now, full batch or not, once: for a caller
        that waits on these answers before it asks for more."""
        self._dispatch(final=True)

    def flush(self) -> None:
        """Send what is queued now, full batch or not, and from now on send
        whatever is asked at once: call when little more is coming."""
        self._flushed = True
        self._dispatch(final=True)

    def answers(self, timeout: float | None = None) -> list[Lookup]:
        """The lookups that arrived since the last call; waits up to
        ``timeout`` s (for ever when None) for the first one when none has,
        and returns an empty list when none came. Raises what a worker
        raised: a failure that is no service's answer is a bug to show."""
        if not self._asked:
            return []
        arrived: list[Lookup] = []
        try:
            item = (
                self._answers.get(timeout=timeout) if timeout != 0 else self._answers.get_nowait()
            )
            while True:
                if isinstance(item, BaseException):
                    raise item
                arrived.extend(item)
                item = self._answers.get_nowait()
        except queue.Empty:
            pass
        for lookup in arrived:
            key = lookup.identifier.key
            self._asked.discard(key)
            self._returned.add(key)
            if self._cache is None or not _storable(lookup):
                self._kept[key] = lookup
        return arrived

    def close(self) -> None:
        """Drop what is queued, wait for what is in flight (its answers still
        reach the cache), and give habanero its own ``httpx`` back."""
        if self._closed:
            return
        self._closed = True
        others = [pool for _, pool in self._others.values()]
        for pool in (self._lists, self._singles, self._ncbi, self._searches, *others):
            pool.shutdown(wait=True, cancel_futures=True)
        self._routing.close()

    # Sending.

    def _dispatch(self, *, final: bool) -> None:
        dois = self._queued.pop(Service.CROSSREF, [])
        batches = list(self._crossref.batches(dois))
        if batches and not final:
            # The last batch may still grow: it waits for more DOIs.
            self._queued[Service.CROSSREF] = batches.pop()
        for batch in batches:
            self._submit(self._lists, self._list_batch, batch)
        for service, pool, fetch, size in (
            (Service.PUBMED, self._ncbi, self._pubmed, NCBI_BATCH),
            (Service.PMC, self._ncbi, self._pmc, NCBI_BATCH),
            *((s, pool, spec.fetch, spec.batch) for s, (spec, pool) in self._others.items()),
        ):
            queued = self._queued.pop(service, [])
            for batch in chunks(queued, size):
                if len(batch) < size and not final:
                    self._queued[service] = batch
                    break
                self._submit(pool, self._fetched, fetch, batch)
        # Searches go one by one: neither service takes several in a request.
        for query in self._queued.pop(Service.SEARCH, []):
            self._submit(self._searches, self._searched, query)

    def _submit(self, pool: ThreadPoolExecutor, task: Callable[..., None], *args: object) -> None:
        future: Future[None] = pool.submit(task, *args)
        future.add_done_callback(self._report_failure)

    def _report_failure(self, future: Future[None]) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self._answers.put(error)

    # Work done in the pools' threads.

    def _list_batch(self, dois: list[Identifier]) -> None:
        found = self._crossref.look_up_batch(dois)
        self._arrived(list(found.values()))
        for doi in dois:
            if doi.key not in found:
                try:
                    self._submit(self._singles, self._single, doi)
                except RuntimeError:
                    return  # the stream is closing: nothing more is sent

    def _single(self, doi: Identifier) -> None:
        self._arrived([self._crossref.look_up_one(doi)])

    def _searched(self, query: Identifier) -> None:
        if self._search is None:
            lookup = Lookup(
                query, LookupStatus.COULD_NOT_VERIFY, Service.SEARCH, reason="searches are off"
            )
        else:
            lookup = self._search(query)
        self._arrived([lookup])

    def _fetched(
        self, fetch: Callable[[list[Identifier]], list[Lookup]], batch: list[Identifier]
    ) -> None:
        self._arrived(fetch(batch))

    def _arrived(self, lookups: list[Lookup]) -> None:
        if not lookups:
            return
        if self._cache is not None:
            try:
                self._cache.put_many(lookups)
            except CacheError as exc:
                # The run goes on: the lookups are kept in memory instead.
                logger.warning("%s", exc)
        self._answers.put(lookups)

    # The cache.

    def _from_cache(self, identifiers: list[Identifier]) -> list[Lookup]:
        assert self._cache is not None
        hits: list[Lookup] = []
        for id_type, first in SERVICE_OF.items():
            wanted = [i for i in identifiers if i.type is id_type]
            for service in (first, *_ALSO_CACHED_UNDER.get(first, ())):
                if not wanted:
                    break
                found = [
                    lookup
                    for lookup in self._cache.get_many(wanted, service).values()
                    if (lookup.agency or "").lower() not in _ASKED_AGENCIES
                ]
                hits.extend(found)
                keys = {lookup.identifier.key for lookup in found}
                wanted = [i for i in wanted if i.key not in keys]
        return hits

    def _again(self, identifiers: list[Identifier]) -> list[Lookup]:
        """Lookups handed back before, asked for again."""
        found = {key: self._kept[key] for key in (i.key for i in identifiers) if key in self._kept}
        rest = [i for i in identifiers if i.key not in found]
        if rest and self._cache is not None:
            found.update({lookup.identifier.key: lookup for lookup in self._from_cache(rest)})
        lost = [i for i in identifiers if i.key not in found]
        if lost:
            # Gone from the cache since (cleared by another process): asked again.
            self._asked.difference_update(i.key for i in lost)
            self._returned.difference_update(i.key for i in lost)
            self.ask(lost)
        return list(found.values())


def _offline(identifier: Identifier) -> Lookup:
    return Lookup(
        identifier,
        LookupStatus.COULD_NOT_VERIFY,
        SERVICE_OF[identifier.type],
        reason="offline",
    )


def _storable(lookup: Lookup) -> bool:
    return lookup.status is not LookupStatus.COULD_NOT_VERIFY


class ImmediateLookups:
    """A lookup source over a plain function that answers at once: for a
    resolver of one's own (a table of known records, say) or a test double.
    An identifier the function leaves out is judged as not looked up."""

    def __init__(self, resolve: Callable[[list[Identifier]], Mapping[str, Lookup]]) -> None:
        self._resolve = resolve

    def stream(self) -> _AnsweredAtOnce:
        return _AnsweredAtOnce(self._resolve)

    def waiting(self) -> int:
        return 0


class _AnsweredAtOnce:
    def __init__(self, resolve: Callable[[list[Identifier]], Mapping[str, Lookup]]) -> None:
        self._resolve = resolve
        self._arrived: list[Lookup] = []

    def __enter__(self) -> _AnsweredAtOnce:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def outstanding(self) -> int:
        return len(self._arrived)

    queued = 0

    def ask(self, identifiers: Iterable[Identifier]) -> None:
        wanted = [i for i in identifiers if i.type in SERVICE_OF]
        if wanted:
            self._arrived.extend(self._resolve(wanted).values())

    def flush(self) -> None:
        pass

    def send_queued(self) -> None:
        pass

    def answers(self, timeout: float | None = None) -> list[Lookup]:
        arrived, self._arrived = self._arrived, []
        return arrived

    def close(self) -> None:
        pass
