"""benchmarks/standin.py: the local stand-in for Crossref, E-utilities and
the PMC ID converter, exercised through citecheck's own Resolver.

The stand-in listens on 127.0.0.1, the one address ``no_network`` lets a
test connect to.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Service
from citecheck.resolve import Resolver
from citecheck.resolvers.budget import SharedBudget
from citecheck.resolvers.datacite_record import record_from_body
from citecheck.resolvers.http import RetryPolicy
from citecheck.resolvers.pubmed_record import parse_efetch

STANDIN_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "standin.py"
MAILTO = "tests@example.org"
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)


def _load_standin() -> ModuleType:
    # benchmarks/ is not a package: load the file itself. Registered in
    # sys.modules first, since dataclasses look their module up there.
    spec = importlib.util.spec_from_file_location("citecheck_bench_standin", STANDIN_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


standin = _load_standin()


def settings_for(server: Any, **overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "crossref_url": server.crossref_url,
        "eutils_url": server.eutils_url,
        "idconv_url": server.idconv_url,
        "datacite_url": server.datacite_url,
        "mailto": MAILTO,
        "timeout": 5.0,
    }
    values.update(overrides)
    return ServiceSettings(**values)


def identifiers(corpus: Any) -> list[Identifier]:
    return (
        [Identifier(IdType.DOI, doi) for doi in corpus.dois]
        + [Identifier(IdType.PMID, pmid) for pmid in corpus.pmids]
        + [Identifier(IdType.PMCID, pmcid) for pmcid in corpus.pmcids]
    )


def resolve(server: Any, corpus: Any, retry: RetryPolicy = FAST_RETRY, **overrides: Any) -> Any:
    with Resolver(settings_for(server, **overrides), retry=retry) as resolver:
        return resolver.resolve(identifiers(corpus))


def by_value(lookups: dict[str, Lookup]) -> dict[str, Lookup]:
    return {lookup.identifier.value: lookup for lookup in lookups.values()}


# The network guard.


def test_a_connection_beyond_loopback_is_still_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(AssertionError, match="a test tried to open a network connection"):
            sock.connect(("192.0.2.1", 80))
        with pytest.raises(AssertionError, match="a test tried to open a network connection"):
            sock.connect_ex(("10.0.0.1", 443))


def test_a_host_name_is_refused_even_when_it_means_loopback() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(AssertionError, match="a test tried to open a network connection"),
    ):
        sock.connect(("localhost", 80))


# The corpus.


def test_the_corpus_is_deterministic_by_seed_and_has_the_asked_shares() -> None:
    first = standin.Corpus.generate(dois=40, pmids=20, found=0.5, datacite=0.25, seed=3)
    again = standin.Corpus.generate(dois=40, pmids=20, found=0.5, datacite=0.25, seed=3)
    other = standin.Corpus.generate(dois=40, pmids=20, found=0.5, datacite=0.25, seed=4)

    assert first == again
    assert first.dois != other.dois
    assert (len(first.dois), len(first.works), len(first.datacite)) == (40, 20, 10)
    assert (len(first.pmids), len(first.articles)) == (20, 19)
    work = next(iter(first.works.values()))
    assert work.title and work.authors and 1990 <= work.year <= 2024 and work.journal


# Outcomes through citecheck.


def test_found_not_found_and_datacite_come_out_as_the_corpus_says() -> None:
    corpus = standin.Corpus.generate(
        dois=12, pmids=6, found=0.5, unlisted=0.34, datacite=0.25, pmid_found=0.5, in_pmc=1.0
    )
    corpus = standin.Corpus(**{**vars(corpus), "pmcids": (*corpus.pmcids, "PMC1")})
    # No limits: exact request counts, whatever the timing (see the 429 tests).
    with standin.StandIn(corpus, latency=0, limits=None) as server:
        lookups = by_value(resolve(server, corpus, crossref_single_rate=100, ncbi_rate=100))
        stats = server.stats()

    for doi in corpus.dois:
        lookup = lookups[doi]
        if doi.lower() in corpus.works:
            assert lookup.status is LookupStatus.FOUND, lookup
            assert lookup.record is not None
            assert lookup.record.title == corpus.works[doi.lower()].title
        elif doi.lower() in corpus.datacite:
            assert (lookup.status, lookup.service) == (LookupStatus.FOUND, Service.DATACITE)
            assert lookup.record is not None and lookup.record.service is Service.DATACITE
            assert lookup.record.doi == doi.lower() and lookup.record.title
        else:
            assert lookup.status is LookupStatus.NOT_FOUND, lookup
    for pmid in corpus.pmids:
        article = corpus.articles.get(pmid)
        lookup = lookups[pmid]
        if article is None:
            assert lookup.status is LookupStatus.NOT_FOUND, lookup
        else:
            assert lookup.status is LookupStatus.FOUND, lookup
            assert lookup.record is not None
            assert lookup.record.title == article.title
            assert lookup.record.authors[0].family == article.authors[0][0]
            assert lookup.record.issued_year == article.year
    for pmcid in corpus.pmcids[:-1]:
        record = lookups[pmcid].record
        assert record is not None and record.pmid and record.title
    assert lookups["PMC1"].status is LookupStatus.NOT_FOUND

    # One list request; an agency check for each DOI the list left out, and
    # the record of those the agency says are Crossref's (the unlisted ones),
    # DataCite's record of those it says are DataCite's; efetch for the PMIDs and for the PMCIDs' PMIDs.
    left_out = len(corpus.dois) - (len(corpus.works) - len(corpus.unlisted))
    assert stats["requests"] == {
        "crossref-list": 1,
        "crossref-single": len(corpus.unlisted),
        "crossref-agency": left_out,
        "efetch": 2,
        "idconv": 1,
        "datacite": len(corpus.datacite),
    }
    assert stats["rate_limited"] == {} and stats["faults"] == {}
    assert stats["total"] == 1 + len(corpus.unlisted) + left_out + 2 + 1 + len(corpus.datacite)


def test_dois_answers_like_datacite_for_its_dois_and_with_its_404_for_others() -> None:
    corpus = standin.Corpus.generate(dois=8, pmids=0, found=0.5, datacite=0.5)
    [known, *_] = sorted(corpus.datacite)
    crossrefs = sorted(corpus.works)[0]
    with standin.StandIn(corpus, latency=0) as server, httpx.Client() as client:
        found = client.get(f"{server.datacite_url}/dois/{known}")
        missing = client.get(f"{server.datacite_url}/dois/{crossrefs}")
        again = client.get(f"{server.datacite_url}/dois/{known}")
        stats = server.stats()

    assert found.status_code == 200
    record = record_from_body(found.json())
    assert (record.service, record.doi) == (Service.DATACITE, known)
    assert record.title and record.authors and record.issued_year and record.journal
    # The same DOI, the same record: drawn from the DOI alone.
    assert again.content == found.content
    assert missing.status_code == 404
    assert missing.json() == {
        "errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]
    }
    assert stats["requests"] == {"datacite": 3}
    assert stats["statuses"] == {"datacite 200": 2, "datacite 404": 1}


def test_efetch_answers_like_pubmed_and_citecheck_reads_it() -> None:
    corpus = standin.Corpus.generate(dois=0, pmids=3, pmid_found=1.0)
    with standin.StandIn(corpus, latency=0) as server, httpx.Client() as client:
        response = client.post(
            f"{server.eutils_url}/efetch.fcgi",
            data={"db": "pubmed", "id": ",".join(corpus.pmids), "retmode": "xml"},
        )

    assert response.status_code == 200
    assert response.content.startswith(b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC')
    assert set(parse_efetch(response.content).records) == set(corpus.pmids)


# Limits.


def test_crossref_answers_announce_the_pool_limits() -> None:
    corpus = standin.Corpus.generate(dois=1, pmids=0, found=0.0, datacite=0.0)
    path = f"/works/{corpus.dois[0]}"
    with standin.StandIn(corpus, latency=0) as server, httpx.Client() as client:
        polite = client.get(server.base_url + path, params={"mailto": MAILTO})
        public = client.get(server.base_url + path)

    assert (polite.status_code, polite.text) == (404, "Resource not found.")
    assert polite.headers["x-rate-limit-limit"] == "10"
    assert polite.headers["x-rate-limit-interval"] == "1s"
    assert polite.headers["x-concurrency-limit"] == "3"
    assert (public.headers["x-rate-limit-limit"], public.headers["x-concurrency-limit"]) == (
        "5",
        "1",
    )


def test_requests_above_the_rate_get_429_in_each_services_format() -> None:
    corpus = standin.Corpus.generate(dois=1, pmids=1, found=1.0, datacite=0.0)
    limits = standin.ServiceLimits(
        crossref_polite_list=standin.Limit(1, 3), ncbi=standin.Limit(1, 3)
    )
    with standin.StandIn(corpus, latency=0, limits=limits) as server, httpx.Client() as client:
        works = [
            client.get(f"{server.base_url}/works", params={"filter": "doi:10.1/x", "mailto": "a"})
            for _ in range(2)
        ]
        efetch = [
            client.post(f"{server.eutils_url}/efetch.fcgi", data={"db": "pubmed", "id": "1"})
            for _ in range(2)
        ]
        stats = server.stats()

    assert [r.status_code for r in works] == [200, 429]
    assert works[1].headers["retry-after"] == "1"
    assert [r.status_code for r in efetch] == [200, 429]
    assert efetch[1].json() == {"error": "API rate limit exceeded", "count": "2"}
    assert stats["rate_limited"] == {"crossref-list": 1, "efetch": 1}


def test_above_a_low_list_limit_citecheck_is_answered_429_retries_and_finishes() -> None:
    # Three batches of up to 100 DOIs; citecheck starts them at 20/s, the
    # stand-in allows 2/s, so the third is refused until Retry-After. The
    # answers take 0.3 s: all three start before the first answer's limit
    # headers could slow citecheck down.
    corpus = standin.Corpus.generate(dois=250, pmids=0, found=1.0, datacite=0.0)
    limits = standin.ServiceLimits(crossref_polite_list=standin.Limit(2, 3))
    with standin.StandIn(corpus, latency=0.3, limits=limits) as server:
        lookups = resolve(server, corpus, retry=RetryPolicy(attempts=4), crossref_list_rate=20)
        stats = server.stats()

    assert stats["rate_limited"].get("crossref-list", 0) >= 1
    assert stats["statuses"]["crossref-list 200"] == 3
    statuses = {lookup.status for lookup in lookups.values()}
    assert statuses == {LookupStatus.FOUND}


# Faults.


def test_every_answer_a_5xx_makes_every_lookup_could_not_verify() -> None:
    corpus = standin.Corpus.generate(dois=4, pmids=3, in_pmc=1.0)
    faults = standin.Faults(server_error=1.0)
    with standin.StandIn(corpus, latency=0, limits=None, faults=faults) as server:
        lookups = resolve(server, corpus, crossref_list_rate=100, ncbi_rate=100)
        stats = server.stats()

    assert {lookup.status for lookup in lookups.values()} == {LookupStatus.COULD_NOT_VERIFY}
    assert stats["faults"]["server_error"] == stats["total"] == 3 * FAST_RETRY.attempts


def test_a_truncated_body_or_a_hang_is_could_not_verify_never_not_found() -> None:
    corpus = standin.Corpus.generate(dois=2, pmids=2)
    once = RetryPolicy(attempts=1)
    with standin.StandIn(corpus, latency=0, faults=standin.Faults(truncated=1.0)) as server:
        truncated = resolve(server, corpus, retry=once)
    hang = standin.Faults(hang=1.0, hang_seconds=10)
    with standin.StandIn(corpus, latency=0, faults=hang) as server:
        # A whole second: the Crossref resolver hands habanero int(timeout).
        hung = resolve(server, corpus, retry=once, timeout=1.0)
        stats = server.stats()

    for lookup in [*truncated.values(), *hung.values()]:
        assert lookup.status is LookupStatus.COULD_NOT_VERIFY, lookup
    assert {lookup.reason for lookup in hung.values()} == {"timeout"}
    assert stats["faults"] == {"hang": 3}


def test_stats_are_json_ready() -> None:
    corpus = standin.Corpus.generate(dois=1, pmids=0)
    with standin.StandIn(corpus, latency=0) as server, httpx.Client() as client:
        client.get(f"{server.base_url}/nowhere")
        stats = server.stats()

    assert json.loads(json.dumps(stats))["requests"] == {"other": 1}


# Real records, served as captured.

REAL = Path(__file__).resolve().parent / "fixtures" / "real-records"
REAL_DOI = "10.9999/fixture.2020.001"
REAL_PMID = "39000001"


def test_a_real_crossref_message_is_served_as_it_is_on_every_crossref_route() -> None:
    message = json.loads((REAL / "crossref" / "10.9999_fixture.2020.001.json").read_text("utf-8"))
    with standin.StandIn(records=REAL, latency=0) as server, httpx.Client() as client:
        single = client.get(f"{server.base_url}/works/{REAL_DOI.upper()}")
        listed = client.get(
            f"{server.base_url}/works",
            params={"filter": f"doi:{REAL_DOI},doi:10.9999/unknown", "rows": "20"},
        )
        agency = client.get(f"{server.base_url}/works/{REAL_DOI}/agency")

    assert single.status_code == 200
    assert single.json()["message-type"] == "work"
    assert single.json()["message"] == message
    assert listed.json()["message"]["items"] == [message]
    assert agency.json()["message"]["agency"]["id"] == "crossref"


def test_a_doi_no_record_has_gets_crossrefs_404_on_the_work_and_agency_routes() -> None:
    with standin.StandIn(records=REAL, latency=0) as server, httpx.Client() as client:
        work = client.get(f"{server.base_url}/works/10.9999/unknown")
        agency = client.get(f"{server.base_url}/works/10.9999/unknown/agency")

    for answer in (work, agency):
        assert (answer.status_code, answer.text) == (404, "Resource not found.")
        assert answer.headers["content-type"] == "text/plain"


def test_efetch_serves_the_real_article_and_leaves_an_unknown_pmid_out() -> None:
    with standin.StandIn(records=REAL, latency=0) as server, httpx.Client() as client:
        response = client.post(
            f"{server.eutils_url}/efetch.fcgi",
            data={"db": "pubmed", "id": f"{REAL_PMID},39000002", "retmode": "xml"},
        )

    served = parse_efetch(response.content)
    alone = parse_efetch((REAL / "pubmed" / f"{REAL_PMID}.xml").read_bytes())
    assert served.records == alone.records
    assert list(served.records) == [REAL_PMID]


def test_citecheck_resolves_the_real_records_to_what_their_files_say() -> None:
    records = standin.RealRecords.load(REAL)
    wanted = [
        Identifier(IdType.DOI, REAL_DOI),
        Identifier(IdType.PMID, REAL_PMID),
        Identifier(IdType.PMCID, "PMC11000001"),
        Identifier(IdType.DOI, "10.9999/unknown"),
    ]
    with (
        standin.StandIn(records=records, latency=0) as server,
        Resolver(settings_for(server), retry=FAST_RETRY) as resolver,
    ):
        lookups = by_value(resolver.resolve(wanted))

    assert lookups[REAL_DOI].status is LookupStatus.FOUND
    assert lookups[REAL_DOI].record is not None
    assert lookups[REAL_DOI].record.title == "Groundwater recharge under irrigated terraces"
    assert lookups[REAL_PMID].record is not None
    assert lookups[REAL_PMID].record.pmcid == "PMC11000001"
    assert lookups["PMC11000001"].status is LookupStatus.FOUND
    assert lookups["10.9999/unknown"].status is LookupStatus.NOT_FOUND


def test_malformed_and_foreign_404_faults_answer_in_shapes_no_service_gives() -> None:
    corpus = standin.Corpus.generate(dois=2, pmids=2)
    shapes = standin.Faults(malformed=1.0)
    with standin.StandIn(corpus, latency=0, limits=None, faults=shapes) as server:
        with httpx.Client(base_url=server.base_url) as client:
            listed = client.get("/works", params={"filter": "doi:10.1/x", "rows": "1"})
            fetched = client.post("/entrez/eutils/efetch.fcgi", data={"db": "pubmed", "id": "1"})
        malformed = server.stats()
    with (
        standin.StandIn(
            corpus, latency=0, limits=None, faults=standin.Faults(foreign_not_found=1.0)
        ) as server,
        httpx.Client(base_url=server.base_url) as client,
    ):
        foreign = client.get("/works/10.1%2Fx")

    assert listed.status_code == fetched.status_code == 200
    assert (listed.headers["content-type"], listed.content) in standin.MALFORMED["crossref-list"]
    assert (fetched.headers["content-type"], fetched.content) in standin.MALFORMED["efetch"]
    assert malformed["faults"] == {"malformed": 2}
    assert foreign.status_code == 404
    assert foreign.content == standin.FOREIGN_NOT_FOUND
    assert foreign.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("fault", ["malformed", "foreign_not_found"])
def test_no_malformed_or_foreign_answer_on_any_route_says_an_identifier_does_not_exist(
    fault: str,
) -> None:
    # Every route answers every request in a shape the service never gives
    # (or with a proxy's 404 page): each DOI, PMID and PMCID must come out
    # could-not-verify, the run must end normally, and nothing is cached.
    corpus = standin.Corpus.generate(dois=6, pmids=4, in_pmc=1.0, seed=3)
    once = RetryPolicy(attempts=1)
    for seed in range(4):  # each seed draws other shapes for the routes
        faults = standin.Faults(**{fault: 1.0}, seed=seed)
        with standin.StandIn(corpus, latency=0, limits=None, faults=faults) as server:
            lookups = resolve(server, corpus, retry=once)
        assert len(lookups) == len(identifiers(corpus))
        for lookup in lookups.values():
            assert lookup.status is LookupStatus.COULD_NOT_VERIFY, (seed, lookup)


def test_runs_sharing_a_cache_keep_to_the_services_limit_together(tmp_path: Path) -> None:
    # Two runs at once, each polite on its own (3 efetch requests a second,
    # as NCBI allows), sharing the ledger beside their cache: their requests
    # are spaced as one run's, so none is refused and the n-th cannot start
    # before (n - 1)/3 s (apart, they would start twice as fast). NCBI
    # announces no limits in its answers, so the rate stays 3 throughout.
    corpus = standin.Corpus.generate(dois=0, pmids=1200, pmid_found=1.0, in_pmc=0.0)
    halves = [corpus.pmids[:600], corpus.pmids[600:]]
    # The service allows a little more than each run asks, so that a thread
    # waking late (a loaded machine) is no refusal; the two runs apart would
    # still ask half as much again.
    limits = standin.ServiceLimits(ncbi=standin.Limit(4, 6))
    together = threading.Barrier(2)

    with standin.StandIn(corpus, latency=0.05, limits=limits) as server:

        def run(pmids: list[str]) -> None:
            settings = settings_for(server, ncbi_rate=3)
            budget = SharedBudget.beside(tmp_path / "cache.db")
            with Resolver(settings, retry=RetryPolicy(attempts=6), budget=budget) as resolver:
                together.wait()
                resolver.resolve([Identifier(IdType.PMID, pmid) for pmid in pmids])

        runs = [threading.Thread(target=run, args=(half,)) for half in halves]
        started = time.monotonic()
        for thread in runs:
            thread.start()
        for thread in runs:
            thread.join()
        elapsed = time.monotonic() - started
        stats = server.stats()

    asked = stats["statuses"]["efetch 200"]
    assert stats["rate_limited"].get("efetch", 0) == 0
    assert asked == 6  # three batches of 200 each: the runs did ask at once
    assert elapsed >= (asked - 1) / 3
