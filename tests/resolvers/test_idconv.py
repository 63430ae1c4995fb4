"""PMCIDs against the PMC ID converter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx

from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType, LookupStatus
from citecheck.resolvers.http import HttpClient, RetryPolicy
from citecheck.resolvers.idconv import MAX_IDCONV_BYTES, IdConvResolver
from citecheck.resolvers.ratelimit import RateLimiter

BASE = "https://idconv.test/tools/idconv"
SETTINGS = ServiceSettings(idconv_url=BASE, mailto="editor@example.org")


@pytest.fixture
def idconv() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True) as router:
        yield router


def resolver() -> IdConvResolver:
    http = HttpClient(httpx.Client(), retry=RetryPolicy(attempts=2), sleep=lambda s: None)
    return IdConvResolver(SETTINGS, http, limiter=RateLimiter(rate=1e6), clock=lambda: 5.0)


def pmcid(value: str) -> Identifier:
    return Identifier(IdType.PMCID, value)


def test_found_pmcids_give_their_pmid_and_doi_and_a_pmc_miss_is_not_found(
    idconv: respx.MockRouter, fixture_bytes: Callable[[str], bytes]
) -> None:
    route = idconv.get(f"{BASE}/api/v1/articles/").mock(
        return_value=httpx.Response(200, content=fixture_bytes("idconv/one-found-one-missing.json"))
    )
    found, missing = resolver().resolve([pmcid("PMC3531190"), pmcid("PMC9999999999")])
    assert found.status is LookupStatus.FOUND
    assert found.record is not None
    assert (found.record.pmcid, found.record.pmid, found.record.doi) == (
        "PMC3531190",
        "23193287",
        "10.1093/nar/gks1195",
    )
    assert missing.status is LookupStatus.NOT_FOUND
    assert missing.reason == "Identifier not found in PMC"
    query = parse_qs(urlsplit(str(route.calls.last.request.url)).query)
    assert query == {
        "ids": ["PMC3531190,PMC9999999999"],
        "format": ["json"],
        "tool": ["citecheck"],
        "email": ["editor@example.org"],
    }


def test_an_id_the_answer_does_not_mention_is_could_not_verify(
    idconv: respx.MockRouter, fixture_bytes: Callable[[str], bytes]
) -> None:
    idconv.get(f"{BASE}/api/v1/articles/").mock(
        return_value=httpx.Response(200, content=fixture_bytes("idconv/one-found-one-missing.json"))
    )
    [lookup] = resolver().resolve([pmcid("PMC1234")])
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason == "no answer for this identifier"


@pytest.mark.parametrize(
    ("status", "fixture", "content_type", "reason"),
    [
        (200, "idconv/truncated.json", "application/json", "malformed answer (not JSON)"),
        (200, "idconv/proxy-404.html", "text/html", "malformed answer (not JSON)"),
        (
            200,
            "idconv/failed.json",
            "application/json",
            "malformed answer (status 'error': Too many requests)",
        ),
        (404, "idconv/proxy-404.html", "text/html", "HTTP 404"),
        (404, "idconv/one-found-one-missing.json", "application/json", "HTTP 404"),
        (403, "idconv/proxy-404.html", "text/html", "HTTP 403"),
        (502, "idconv/proxy-404.html", "text/html", "server error (HTTP 502)"),
    ],
)
def test_an_improper_answer_is_could_not_verify_never_not_found(
    idconv: respx.MockRouter,
    fixture_bytes: Callable[[str], bytes],
    status: int,
    fixture: str,
    content_type: str,
    reason: str,
) -> None:
    idconv.get(f"{BASE}/api/v1/articles/").mock(
        return_value=httpx.Response(
            status, content=fixture_bytes(fixture), headers={"content-type": content_type}
        )
    )
    lookups = resolver().resolve([pmcid("PMC3531190"), pmcid("PMC9999999999")])
    assert [(lookup.status, lookup.reason) for lookup in lookups] == [
        (LookupStatus.COULD_NOT_VERIFY, reason)
    ] * 2


def test_an_error_record_that_does_not_say_not_found_is_could_not_verify_for_its_id_alone(
    idconv: respx.MockRouter, fixture_bytes: Callable[[str], bytes]
) -> None:
    idconv.get(f"{BASE}/api/v1/articles/").mock(
        return_value=httpx.Response(200, content=fixture_bytes("idconv/error-record-other.json"))
    )
    found, failed = resolver().resolve([pmcid("PMC3531190"), pmcid("PMC2808187")])
    assert found.status is LookupStatus.FOUND
    assert (failed.status, failed.reason) == (
        LookupStatus.COULD_NOT_VERIFY,
        "ID converter error: Internal error, please try again later",
    )


def test_a_record_without_its_pmcid_is_could_not_verify_not_a_record(
    idconv: respx.MockRouter, fixture_bytes: Callable[[str], bytes]
) -> None:
    idconv.get(f"{BASE}/api/v1/articles/").mock(
        return_value=httpx.Response(200, content=fixture_bytes("idconv/record-without-pmcid.json"))
    )
    [lookup] = resolver().resolve([pmcid("PMC3531190")])
    assert (lookup.status, lookup.reason, lookup.record) == (
        LookupStatus.COULD_NOT_VERIFY,
        "malformed answer (a record without its pmcid)",
        None,
    )


def test_an_answer_over_the_size_cap_is_could_not_verify(idconv: respx.MockRouter) -> None:
    # Far more than 200 records could fill: read up to the cap, then dropped.
    filler = b" " * (MAX_IDCONV_BYTES + 1)
    route = idconv.get(f"{BASE}/api/v1/articles/").mock(
        return_value=httpx.Response(200, content=filler)
    )
    [lookup] = resolver().resolve([pmcid("PMC3531190")])
    assert (lookup.status, lookup.reason) == (
        LookupStatus.COULD_NOT_VERIFY,
        "answer too large (over 4 MB)",
    )
    # Not retried: the same answer would be as large again.
    assert route.call_count == 1
