"""Identifiers asked as documents are read: sent in full batches while more
come, each asked once, each answer cached the moment it arrives."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lookup_doubles import WAIT, FakeCrossref, FakePubMed, doi, found, no_pmc, pmid

from citecheck.cache import CacheStore
from citecheck.lookup_stream import NCBI_BATCH, BatchedService, LookupStream, Workers
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Service


def stream_of(
    crossref: FakeCrossref,
    pubmed: FakePubMed | None = None,
    *,
    cache: CacheStore | None = None,
    list_workers: int = 3,
) -> LookupStream:
    return LookupStream(
        crossref=crossref,
        pubmed=pubmed or FakePubMed(),
        pmc=no_pmc,
        workers=Workers(crossref_list=list_workers, crossref_single=2, ncbi=2),
        cache=cache,
    )


def drain(stream: LookupStream) -> dict[str, Lookup]:
    got: dict[str, Lookup] = {}
    while stream.outstanding:
        arrived = stream.answers(timeout=WAIT)
        assert arrived, "no answer came"
        for lookup in arrived:
            got[lookup.identifier.key] = lookup
    return got


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    with CacheStore.open(tmp_path / "cache.db") as store:
        yield store


def test_full_batches_go_out_while_identifiers_still_come_and_the_rest_on_flush() -> None:
    crossref, pubmed = FakeCrossref(size=2), FakePubMed()
    with stream_of(crossref, pubmed) as stream:
        stream.ask([doi(1), doi(2), doi(3)])
        stream.ask([doi(4), doi(5)] + [pmid(n) for n in range(NCBI_BATCH + 50)])
        # Before the flush: the full batches only; the last DOI and the
        # 50 PMIDs past a full efetch wait for more.
        assert crossref.started.setdefault(1, threading.Event()).wait(WAIT)
        assert sorted(crossref.batches_asked) == [
            ["10.5555/work.1", "10.5555/work.2"],
            ["10.5555/work.3", "10.5555/work.4"],
        ]
        stream.flush()
        got = drain(stream)
    assert crossref.batches_asked[-1] == ["10.5555/work.5"]
    assert sorted(pubmed.asked) == [50, NCBI_BATCH]
    assert len(got) == 5 + NCBI_BATCH + 50
    assert all(lookup.status is LookupStatus.FOUND for lookup in got.values())


def test_each_identifier_is_asked_once_however_often_it_is_asked() -> None:
    crossref = FakeCrossref(size=10)
    with stream_of(crossref) as stream:
        stream.ask([doi(1), doi(1), Identifier(IdType.DOI, "10.5555/WORK.1")])
        stream.ask([doi(1)])
        stream.flush()
        got = drain(stream)
    assert crossref.batches_asked == [["10.5555/work.1"]]
    assert list(got) == ["doi:10.5555/work.1"]


def test_identifiers_no_service_answers_for_are_left_out() -> None:
    crossref = FakeCrossref()
    with stream_of(crossref) as stream:
        stream.ask(
            [Identifier(IdType.ISBN, "9783161484100"), Identifier(IdType.ISRCTN, "ISRCTN12345678")]
        )
        stream.flush()
        assert stream.outstanding == 0
        assert stream.answers(timeout=0) == []
    assert crossref.batches_asked == []


def test_dois_a_batch_left_out_are_asked_one_by_one() -> None:
    crossref = FakeCrossref(size=3, listed={"10.5555/work.1", "10.5555/work.3"})
    with stream_of(crossref) as stream:
        stream.ask([doi(1), doi(2), doi(3)])
        stream.flush()
        got = drain(stream)
    assert crossref.singles_asked == ["10.5555/work.2"]
    assert got["doi:10.5555/work.2"].status is LookupStatus.NOT_FOUND


def test_each_batch_is_in_the_cache_as_soon_as_it_answers(cache: CacheStore) -> None:
    crossref = FakeCrossref(size=1)
    crossref.gates[1] = threading.Event()  # the second batch hangs
    with stream_of(crossref, cache=cache, list_workers=2) as stream:
        stream.ask([doi(1), doi(2)])
        stream.flush()
        first = stream.answers(timeout=WAIT)
        assert [lookup.identifier.key for lookup in first] == ["doi:10.5555/work.1"]
        # In the cache while the other batch is still in flight.
        assert set(cache.get_many([doi(1), doi(2)], Service.CROSSREF)) == {"doi:10.5555/work.1"}
        assert stream.outstanding == 1
        crossref.gates[1].set()
        drain(stream)
    assert set(cache.get_many([doi(1), doi(2)], Service.CROSSREF)) == {
        "doi:10.5555/work.1",
        "doi:10.5555/work.2",
    }


def test_what_the_cache_holds_is_never_asked(cache: CacheStore) -> None:
    cache.put_many([found(doi(1))])
    crossref = FakeCrossref()
    with stream_of(crossref, cache=cache) as stream:
        stream.ask([doi(1), doi(2)])
        stream.flush()
        got = drain(stream)
    assert crossref.batches_asked == [["10.5555/work.2"]]
    assert got["doi:10.5555/work.1"].from_cache


def test_a_lookup_asked_again_after_it_was_handed_back_costs_no_request(
    cache: CacheStore,
) -> None:
    crossref = FakeCrossref(size=5, listed={"10.5555/work.1"})

    def unreachable(pmids: list[Identifier]) -> list[Lookup]:
        return [
            Lookup(p, LookupStatus.COULD_NOT_VERIFY, Service.PUBMED, reason="timeout")
            for p in pmids
        ]

    with LookupStream(
        crossref=crossref,
        pubmed=unreachable,
        pmc=no_pmc,
        workers=Workers(1, 1, 1),
        cache=cache,
    ) as stream:
        stream.ask([doi(1), pmid(1)])
        stream.flush()
        first = drain(stream)
        stream.ask([doi(1), pmid(1)])
        again = drain(stream)
    assert crossref.batches_asked == [["10.5555/work.1"]]
    # The record comes back from the cache; "could not verify", which the
    # cache never keeps, from memory: neither is asked twice in one run.
    assert again["doi:10.5555/work.1"].record == first["doi:10.5555/work.1"].record
    assert again["pmid:1001"].status is LookupStatus.COULD_NOT_VERIFY
    assert again["pmid:1001"].reason == "timeout"


def test_a_worker_that_fails_has_its_error_raised_not_swallowed() -> None:
    def broken(pmids: list[Identifier]) -> list[Lookup]:
        raise ValueError("a bug, not a service's answer")

    with (
        LookupStream(
            crossref=FakeCrossref(), pubmed=broken, pmc=no_pmc, workers=Workers(1, 1, 1)
        ) as stream,
        pytest.raises(ValueError, match="a bug"),
    ):
        stream.ask([pmid(1)])
        stream.flush()
        stream.answers(timeout=WAIT)


def test_closing_drops_what_is_queued_and_waits_for_what_is_in_flight(
    cache: CacheStore,
) -> None:
    crossref = FakeCrossref(size=1)
    crossref.gates[0] = threading.Event()
    stream = stream_of(crossref, cache=cache, list_workers=1)
    stream.ask([doi(1), doi(2), doi(3)])
    stream.flush()
    assert crossref.started.setdefault(0, threading.Event()).wait(WAIT)
    closing = threading.Thread(target=stream.close)
    closing.start()
    closing.join(0.2)
    assert closing.is_alive()  # waiting for the batch in flight
    crossref.gates[0].set()
    closing.join(WAIT)
    assert not closing.is_alive()
    # The batch in flight finished and reached the cache; the queued ones
    # were never sent.
    assert crossref.batches_asked == [["10.5555/work.1"]]
    assert set(cache.get_many([doi(1), doi(2), doi(3)], Service.CROSSREF)) == {"doi:10.5555/work.1"}


class FakeRegistry:
    """A batched service that answers at once and remembers what it was asked."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.asked: list[list[str]] = []
        self._lock = threading.Lock()

    def fetch(self, identifiers: list[Identifier]) -> list[Lookup]:
        with self._lock:
            self.asked.append([i.value for i in identifiers])
        return [
            Lookup(i, LookupStatus.NOT_FOUND, self.service, reason="not there") for i in identifiers
        ]


def registries_stream(
    arxiv: FakeRegistry, trials: FakeRegistry, cache: CacheStore | None = None
) -> LookupStream:
    return LookupStream(
        crossref=FakeCrossref(),
        pubmed=FakePubMed(),
        pmc=no_pmc,
        workers=Workers(1, 1, 1),
        cache=cache,
        others={
            Service.ARXIV: BatchedService(arxiv.fetch, batch=3),
            Service.CLINICALTRIALS: BatchedService(trials.fetch, batch=1, workers=2),
        },
    )


def test_arxiv_and_trial_numbers_go_to_their_own_services_in_their_own_batches(
    cache: CacheStore,
) -> None:
    arxiv, trials = FakeRegistry(Service.ARXIV), FakeRegistry(Service.CLINICALTRIALS)
    preprints = [Identifier(IdType.ARXIV, f"2101.0000{n}") for n in range(1, 5)]
    numbers = [Identifier(IdType.NCT, f"NCT0000000{n}") for n in range(1, 3)]
    with registries_stream(arxiv, trials, cache) as stream:
        stream.ask([*preprints, *numbers])
        # A full arXiv batch and every NCT number go at once; the fourth
        # arXiv identifier waits for more, until the flush.
        first = stream.answers(timeout=WAIT)
        while len(first) < 5:
            first += stream.answers(timeout=WAIT)
        assert arxiv.asked == [["2101.00001", "2101.00002", "2101.00003"]]
        stream.flush()
        got = drain(stream)
    assert arxiv.asked[1:] == [["2101.00004"]]
    assert sorted(trials.asked) == [["NCT00000001"], ["NCT00000002"]]
    assert {lookup.identifier.key for lookup in first} | set(got) == {
        i.key for i in [*preprints, *numbers]
    }
    # Their answers are cached under their own services and read back.
    arxiv_again, trials_again = FakeRegistry(Service.ARXIV), FakeRegistry(Service.CLINICALTRIALS)
    with registries_stream(arxiv_again, trials_again, cache) as stream:
        stream.ask([*preprints, *numbers])
        stream.flush()
        cached = drain(stream)
    assert (arxiv_again.asked, trials_again.asked) == ([], [])
    assert all(lookup.from_cache for lookup in cached.values())
    assert cached[numbers[0].key].service is Service.CLINICALTRIALS
