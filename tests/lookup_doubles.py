"""Test doubles of the services behind a LookupStream: a Crossref whose
batches can be held back, a PubMed that finds everything."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Sequence

from citecheck.cache import CacheStore
from citecheck.lookup_stream import LookupStream, Workers
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Record, Service
from citecheck.resolvers.batches import chunks

WAIT = 5.0  # seconds a test waits for a worker before it fails


def doi(n: int) -> Identifier:
    return Identifier(IdType.DOI, f"10.5555/work.{n}")


def pmid(n: int) -> Identifier:
    return Identifier(IdType.PMID, str(1000 + n))


def found(identifier: Identifier, service: Service = Service.CROSSREF) -> Lookup:
    record = Record(service, doi=identifier.value, title="A title", issued_year=2020)
    return Lookup(identifier, LookupStatus.FOUND, service, record=record, fetched_at=time.time())


class FakeCrossref:
    """Crossref with batches of ``size``; the list finds the DOIs in ``listed``,
    the rest are answered one by one as not found. A batch waits for its gate
    (by call number) when one is set."""

    def __init__(self, *, size: int = 2, listed: set[str] | None = None) -> None:
        self.size = size
        self.listed = listed
        self.batches_asked: list[list[str]] = []
        self.singles_asked: list[str] = []
        self.gates: dict[int, threading.Event] = {}
        self.started: dict[int, threading.Event] = {}
        self._lock = threading.Lock()

    def routed(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def batches(self, dois: Sequence[Identifier]) -> Iterator[list[Identifier]]:
        return chunks(list(dois), self.size)

    def look_up_batch(self, dois: list[Identifier]) -> dict[str, Lookup]:
        with self._lock:
            number = len(self.batches_asked)
            self.batches_asked.append([d.value for d in dois])
        self.started.setdefault(number, threading.Event()).set()
        gate = self.gates.get(number)
        if gate is not None:
            assert gate.wait(WAIT)
        return {d.key: found(d) for d in dois if self.listed is None or d.value in self.listed}

    def look_up_one(self, doi: Identifier) -> Lookup:
        with self._lock:
            self.singles_asked.append(doi.value)
        return Lookup(doi, LookupStatus.NOT_FOUND, Service.CROSSREF, fetched_at=time.time())


class FakePubMed:
    def __init__(self) -> None:
        self.asked: list[int] = []

    def __call__(self, pmids: list[Identifier]) -> list[Lookup]:
        self.asked.append(len(pmids))
        return [found(p, Service.PUBMED) for p in pmids]


def no_pmc(pmcids: list[Identifier]) -> list[Lookup]:
    raise AssertionError("no PMCID is cited here")


class Services:
    """A lookup source over the test doubles, for ``run_audit``: each run
    gets a fresh stream over the same ``crossref`` (and ``cache``, if any)."""

    def __init__(
        self,
        crossref: FakeCrossref,
        *,
        cache: CacheStore | None = None,
        list_workers: int = 2,
    ) -> None:
        self.crossref = crossref
        self.cache = cache
        self.list_workers = list_workers

    def stream(self) -> LookupStream:
        return LookupStream(
            crossref=self.crossref,
            pubmed=FakePubMed(),
            pmc=no_pmc,
            workers=Workers(crossref_list=self.list_workers, crossref_single=1, ncbi=1),
            cache=self.cache,
        )

    def waiting(self) -> int:
        return 0

    def asked(self) -> list[str]:
        """The DOIs Crossref was asked about in list requests, in order."""
        return [value for batch in self.crossref.batches_asked for value in batch]
