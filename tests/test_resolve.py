"""Resolving a run's identifiers: each asked once, through the cache, offline
answered from the cache alone, a PMCID resolved to its full PubMed record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from citecheck.cache import CachePolicy, CacheStore
from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType, LookupStatus, Service
from citecheck.resolve import Resolver
from citecheck.resolvers.http import RetryPolicy

CROSSREF = "https://crossref.test"
EUTILS = "https://eutils.test/entrez/eutils"
IDCONV = "https://idconv.test/tools/idconv"
SETTINGS = ServiceSettings(
    crossref_url=CROSSREF,
    eutils_url=EUTILS,
    idconv_url=IDCONV,
    mailto="editor@example.org",
    ncbi_api_key="NCBI-SECRET",
)

BALKWILL = Identifier(IdType.DOI, "10.1038/nrc1388")
NCBI_PMID = Identifier(IdType.PMID, "23193287")
MISSING_PMID = Identifier(IdType.PMID, "99999999")
NCBI_PMCID = Identifier(IdType.PMCID, "PMC3531190")


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def services(fixture_bytes: Callable[[str], bytes]) -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{CROSSREF}/works", name="crossref-list").mock(
            return_value=httpx.Response(
                200,
                content=fixture_bytes("crossref/batch-two-of-four.json"),
                headers={"content-type": "application/json"},
            )
        )
        router.post(f"{EUTILS}/efetch.fcgi", name="efetch").mock(
            return_value=httpx.Response(
                200, content=fixture_bytes("pubmed/ncbi-resources-2013.xml")
            )
        )
        router.get(f"{IDCONV}/api/v1/articles/", name="idconv").mock(
            return_value=httpx.Response(
                200, content=fixture_bytes("idconv/one-found-one-missing.json")
            )
        )
        yield router


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path: Path, clock: Clock) -> Iterator[CacheStore]:
    with CacheStore.open(tmp_path / "lookups.db", policy=CachePolicy(), clock=clock) as store:
        yield store


def make_resolver(cache: CacheStore | None, clock: Clock, **options: bool) -> Resolver:
    return Resolver(
        SETTINGS,
        cache=cache,
        retry=RetryPolicy(attempts=1),
        dtd_dir=None,
        clock=clock,
        sleep=lambda s: None,
        **options,
    )


def test_each_identifier_is_asked_once_however_often_it_is_cited(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    cited = [
        BALKWILL,
        NCBI_PMID,
        BALKWILL,
        Identifier(IdType.DOI, "10.1038/NRC1388"),
        NCBI_PMID,
        MISSING_PMID,
    ]
    with make_resolver(cache, clock) as resolver:
        lookups = resolver.resolve(cited)
    assert set(lookups) == {BALKWILL.key, NCBI_PMID.key, MISSING_PMID.key}
    assert lookups[BALKWILL.key].status is LookupStatus.FOUND
    assert lookups[NCBI_PMID.key].status is LookupStatus.FOUND
    assert lookups[MISSING_PMID.key].status is LookupStatus.NOT_FOUND
    assert services["crossref-list"].call_count == 1
    assert services["efetch"].call_count == 1
    form = parse_qs(services["efetch"].calls.last.request.content.decode())
    assert form["id"] == ["23193287,99999999"]
    assert form["db"] == ["pubmed"] and form["retmode"] == ["xml"]
    assert form["tool"] == ["citecheck"] and form["email"] == ["editor@example.org"]
    assert form["api_key"] == ["NCBI-SECRET"]


def test_a_second_run_is_answered_from_the_cache_without_any_request(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    with make_resolver(cache, clock) as resolver:
        resolver.resolve([BALKWILL, NCBI_PMID, MISSING_PMID])
    calls = services.calls.call_count
    with make_resolver(cache, clock) as resolver:
        again = resolver.resolve([BALKWILL, NCBI_PMID, MISSING_PMID])
    assert services.calls.call_count == calls
    assert all(lookup.from_cache for lookup in again.values())
    assert again[MISSING_PMID.key].status is LookupStatus.NOT_FOUND


def test_offline_answers_hits_from_the_cache_and_misses_as_could_not_verify(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    with make_resolver(cache, clock) as resolver:
        resolver.resolve([BALKWILL])
    calls = services.calls.call_count
    with make_resolver(cache, clock, offline=True) as resolver:
        lookups = resolver.resolve([BALKWILL, NCBI_PMID])
    assert services.calls.call_count == calls
    assert lookups[BALKWILL.key].status is LookupStatus.FOUND
    assert lookups[BALKWILL.key].from_cache
    miss = lookups[NCBI_PMID.key]
    assert (miss.status, miss.reason, miss.service) == (
        LookupStatus.COULD_NOT_VERIFY,
        "offline",
        Service.PUBMED,
    )


def test_expired_answers_are_asked_for_again(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    with make_resolver(cache, clock) as resolver:
        resolver.resolve([BALKWILL, MISSING_PMID])
    # Two days on: the not-found answer (kept one day) has expired, the record (30 days) has not.
    clock.now += 2 * 86400
    with make_resolver(cache, clock) as resolver:
        lookups = resolver.resolve([BALKWILL, MISSING_PMID])
    assert services["crossref-list"].call_count == 1
    assert services["efetch"].call_count == 2
    assert lookups[BALKWILL.key].from_cache
    assert not lookups[MISSING_PMID.key].from_cache


def test_refresh_ignores_the_cache_but_stores_the_new_answers(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    with make_resolver(cache, clock) as resolver:
        resolver.resolve([BALKWILL])
    with make_resolver(cache, clock, refresh=True) as resolver:
        lookups = resolver.resolve([BALKWILL])
    assert services["crossref-list"].call_count == 2
    assert not lookups[BALKWILL.key].from_cache


def test_could_not_verify_is_never_cached(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    services["efetch"].mock(return_value=httpx.Response(503))
    with make_resolver(cache, clock) as resolver:
        first = resolver.resolve([NCBI_PMID])
    assert first[NCBI_PMID.key].status is LookupStatus.COULD_NOT_VERIFY
    assert cache.get(NCBI_PMID, Service.PUBMED) is None


def test_a_pmcid_resolves_to_the_pubmed_record_of_its_pmid(
    services: respx.MockRouter, cache: CacheStore, clock: Clock
) -> None:
    with make_resolver(cache, clock) as resolver:
        lookups = resolver.resolve([NCBI_PMCID, Identifier(IdType.PMCID, "PMC9999999999")])
    lookup = lookups[NCBI_PMCID.key]
    assert lookup.status is LookupStatus.FOUND
    assert lookup.service is Service.PMC
    assert lookup.record is not None
    assert (
        lookup.record.title
        == "Database resources of the National Center for Biotechnology Information"
    )
    assert (lookup.record.pmid, lookup.record.pmcid) == ("23193287", "PMC3531190")
    assert lookups["pmcid:pmc9999999999"].status is LookupStatus.NOT_FOUND


def test_identifiers_no_service_answers_for_are_not_looked_up(
    services: respx.MockRouter, clock: Clock
) -> None:
    with make_resolver(None, clock) as resolver:
        lookups = resolver.resolve(
            [Identifier(IdType.ISRCTN, "ISRCTN12345678"), Identifier(IdType.ISBN, "9783161484100")]
        )
    assert lookups == {}
    assert services.calls.call_count == 0


def test_keys_never_reach_the_logs_or_the_cache(
    services: respx.MockRouter,
    cache: CacheStore,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level("DEBUG")
    services["efetch"].mock(
        side_effect=[httpx.Response(503), httpx.Response(200, content=b"<PubmedArticleSet/>")]
    )
    settings = ServiceSettings(
        crossref_url=CROSSREF,
        eutils_url=EUTILS,
        idconv_url=IDCONV,
        ncbi_api_key="NCBI-SECRET",
        crossref_plus_token="PLUS-SECRET",
    )
    with Resolver(
        settings, cache=cache, retry=RetryPolicy(attempts=2), sleep=lambda s: None
    ) as resolver:
        resolver.resolve([BALKWILL, NCBI_PMID])
    assert "SECRET" not in caplog.text
    assert "SECRET" not in repr(settings)
    cache.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path).glob("lookups.db*"))
    assert b"SECRET" not in stored
