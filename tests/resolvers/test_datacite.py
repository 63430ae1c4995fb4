"""DataCite DOIs checked in DataCite: asked exactly when Crossref's agency
route names DataCite, judged on DataCite's record, and only DataCite's own
404 read as "not found"."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import respx

from citecheck.cache import CacheStore
from citecheck.config import ServiceSettings
from citecheck.describe import claims_text
from citecheck.judge.verdicts import judge_entry
from citecheck.lookup_stream import LookupStream, Workers
from citecheck.models import (
    Author,
    Claims,
    Entry,
    FindingCode,
    Identifier,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Service,
)
from citecheck.resolvers.crossref import CrossrefResolver
from citecheck.resolvers.datacite import DataCiteResolver
from citecheck.resolvers.http import HttpClient
from citecheck.resolvers.ratelimit import RateLimiter

FIXTURES = Path(__file__).parent.parent / "fixtures"
CROSSREF = "https://crossref.test"
DATACITE = "https://datacite.test"
SETTINGS = ServiceSettings(crossref_url=CROSSREF, datacite_url=DATACITE, mailto="ed@example.org")
ZENODO = Identifier(IdType.DOI, "10.5281/zenodo.1234567")
JSON_API = {"content-type": "application/vnd.api+json"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def services() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{CROSSREF}/works/10.5281/zenodo.1234567/agency").mock(
            return_value=httpx.Response(
                200,
                content=fixture("crossref/agency-datacite.json"),
                headers={"content-type": "application/json"},
            )
        )
        yield router


def crossref(http: HttpClient, clock: Callable[[], float] = lambda: 5.0) -> CrossrefResolver:
    return CrossrefResolver(
        SETTINGS,
        http,
        single=RateLimiter(rate=1e6, concurrency=3),
        listing=RateLimiter(rate=1e6, concurrency=3),
        datacite=DataCiteResolver(
            SETTINGS, http, limiter=RateLimiter(rate=1e6, concurrency=3), clock=clock
        ),
        clock=clock,
    )


def look_up(http: HttpClient) -> Lookup:
    resolver = crossref(http)
    with resolver.routed():
        return resolver.look_up_one(ZENODO)


def datacite_answers(router: respx.MockRouter, response: httpx.Response) -> respx.Route:
    return router.get(f"{DATACITE}/dois/10.5281/zenodo.1234567").mock(return_value=response)


def test_a_doi_crossref_says_is_datacites_carries_datacites_record(
    services: respx.MockRouter, http: HttpClient
) -> None:
    route = datacite_answers(
        services,
        httpx.Response(
            200, content=fixture("datacite/dataset-organisational.json"), headers=JSON_API
        ),
    )
    lookup = look_up(http)
    assert (lookup.status, lookup.service, lookup.fetched_at) == (
        LookupStatus.FOUND,
        Service.DATACITE,
        5.0,
    )
    assert lookup.record is not None and lookup.record.title == "Fracture lengths of cracked pots"
    assert route.call_count == 1


def test_other_agencies_are_not_asked_of_datacite(
    services: respx.MockRouter, http: HttpClient
) -> None:
    services.get(f"{CROSSREF}/works/10.3280/e2e.x/agency").mock(
        return_value=httpx.Response(
            200,
            content=fixture("crossref/agency-medra.json"),
            headers={"content-type": "application/json"},
        )
    )
    resolver = crossref(http)
    with resolver.routed():
        lookup = resolver.look_up_one(Identifier(IdType.DOI, "10.3280/e2e.x"))
    assert (lookup.status, lookup.agency) == (LookupStatus.OTHER_AGENCY, "medra")


def test_datacites_own_404_is_not_found(services: respx.MockRouter, http: HttpClient) -> None:
    datacite_answers(
        services, httpx.Response(404, content=fixture("datacite/not-found.json"), headers=JSON_API)
    )
    lookup = look_up(http)
    assert (lookup.status, lookup.service) == (LookupStatus.NOT_FOUND, Service.DATACITE)


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (
            httpx.Response(
                404, text="<html>Not Found</html>", headers={"content-type": "text/html"}
            ),
            "HTTP 404 that is not DataCite's own (text/html, 22 bytes)",
        ),
        (httpx.Response(404, content=b""), "HTTP 404 that is not DataCite's own (no type, empty)"),
        (
            httpx.Response(404, json={"errors": [{"status": "500"}]}),
            "HTTP 404 that is not DataCite's own (application/json, 29 bytes)",
        ),
        (
            httpx.Response(200, content=b'{"data": {"type": "dois", "attr', headers=JSON_API),
            "malformed answer (not JSON: application/vnd.api+json, 31 bytes)",
        ),
        (
            httpx.Response(200, json={"data": {"type": "dois"}}),
            "malformed answer (a DataCite dois resource without attributes)",
        ),
        (httpx.Response(403, text="Forbidden"), "DataCite answered HTTP 403"),
        (httpx.Response(503, text="down"), "HTTP 503"),
    ],
    ids=["proxy-404", "empty-404", "json-404", "truncated-json", "no-attributes", "403", "503"],
)
def test_any_other_answer_is_could_not_verify_with_its_reason(
    services: respx.MockRouter, http: HttpClient, response: httpx.Response, reason: str
) -> None:
    datacite_answers(services, response)
    lookup = look_up(http)
    assert (lookup.status, lookup.service) == (LookupStatus.COULD_NOT_VERIFY, Service.DATACITE)
    assert lookup.reason is not None and reason in lookup.reason


def test_datacite_unreachable_is_could_not_verify(
    services: respx.MockRouter, http: HttpClient
) -> None:
    services.get(f"{DATACITE}/dois/10.5281/zenodo.1234567").mock(
        side_effect=httpx.ConnectError("refused")
    )
    lookup = look_up(http)
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY and lookup.reason


def entry(claims: Claims) -> Entry:
    return Entry(
        label="9",
        raw=claims_text(claims),
        location=Location(3, 1),
        identifiers=(ZENODO,),
        claims=claims,
    )


def test_datacites_record_is_judged_a_matching_entry_verified_a_fabricated_one_wrong_work(
    services: respx.MockRouter, http: HttpClient
) -> None:
    datacite_answers(
        services,
        httpx.Response(
            200, content=fixture("datacite/dataset-organisational.json"), headers=JSON_API
        ),
    )
    lookups = {ZENODO.key: look_up(http)}
    genuine = Claims(
        authors=(Author("Northern Ceramics Survey", is_organisation=True), Author("Data", "D")),
        year=2019,
        title="Fracture lengths of cracked pots",
        journal="Zenodo",
    )
    fabricated = Claims(
        authors=(Author("Moreau", "P"), Author("Tanaka", "K")),
        year=2019,
        title="Deep reinforcement learning for autonomous glacier monitoring",
    )
    assert judge_entry(entry(genuine), lookups).code is FindingCode.VERIFIED
    assert judge_entry(entry(fabricated), lookups).code is FindingCode.WRONG_WORK


def not_asked(identifiers: list[Identifier]) -> list[Lookup]:
    raise AssertionError("only DOIs are asked here")


def streamed(resolver: CrossrefResolver, cache: CacheStore, *, offline: bool) -> Lookup:
    """ZENODO asked as a run asks it, through a lookup stream over ``cache``."""
    workers = Workers(crossref_list=1, crossref_single=1, ncbi=1)
    with LookupStream(
        crossref=resolver,
        pubmed=not_asked,
        pmc=not_asked,
        workers=workers,
        cache=cache,
        offline=offline,
    ) as stream:
        stream.ask([ZENODO])
        stream.flush()
        [lookup] = stream.answers(timeout=10)
    return lookup


def test_datacite_records_are_cached_and_read_back_by_the_next_run(
    services: respx.MockRouter, http: HttpClient, tmp_path: Path
) -> None:
    services.get(f"{CROSSREF}/works").mock(
        return_value=httpx.Response(
            200,
            content=fixture("crossref/works-empty.json"),
            headers={"content-type": "application/json"},
        )
    )
    datacite_answers(
        services,
        httpx.Response(
            200, content=fixture("datacite/dataset-organisational.json"), headers=JSON_API
        ),
    )
    with CacheStore.open(tmp_path / "cache.db") as cache:
        # Answers received now: the cache's own clock finds them fresh.
        asked = streamed(crossref(http, time.time), cache, offline=False)
        again = streamed(crossref(http, time.time), cache, offline=True)
    assert (asked.status, asked.service) == (LookupStatus.FOUND, Service.DATACITE)
    assert (again.status, again.service, again.from_cache) == (
        LookupStatus.FOUND,
        Service.DATACITE,
        True,
    )
    assert again.record == asked.record


def test_a_cached_registered_with_datacite_from_before_is_asked_again(
    http: HttpClient, tmp_path: Path
) -> None:
    old = Lookup(
        ZENODO,
        LookupStatus.OTHER_AGENCY,
        Service.CROSSREF,
        agency="datacite",
        fetched_at=time.time(),
    )
    with CacheStore.open(tmp_path / "cache.db") as cache:
        cache.put_many([old])
        lookup = streamed(crossref(http), cache, offline=True)
    assert (lookup.status, lookup.reason) == (LookupStatus.COULD_NOT_VERIFY, "offline")
