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
from citecheck.resolvers.idconv import IdConvResolver
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
    ("response", "reason"),
    [
        (httpx.Response(200, text="{not json"), "unreadable response"),
        (
            httpx.Response(200, json={"status": "error", "message": "Too many requests"}),
            "unreadable response",
        ),
        (httpx.Response(403, text="Forbidden"), "HTTP 403"),
        (httpx.Response(502, text="Bad Gateway"), "server error (HTTP 502)"),
    ],
)
def test_an_improper_answer_is_could_not_verify_never_not_found(
    idconv: respx.MockRouter, response: httpx.Response, reason: str
) -> None:
    idconv.get(f"{BASE}/api/v1/articles/").mock(return_value=response)
    [lookup] = resolver().resolve([pmcid("PMC3531190")])
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason == reason
