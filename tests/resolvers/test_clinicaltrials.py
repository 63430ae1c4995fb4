"""NCT numbers looked up in ClinicalTrials.gov API v2: the study as a record,
and "not found" only on the registry's own 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from citecheck.config import CLINICALTRIALS_LIMITS, ServiceSettings
from citecheck.models import Author, Identifier, IdType, Lookup, LookupStatus, Service, WorkType
from citecheck.resolvers.clinicaltrials import ClinicalTrialsResolver
from citecheck.resolvers.http import HttpClient
from citecheck.resolvers.ratelimit import RateLimiter

FIXTURES = Path(__file__).parent.parent / "fixtures" / "clinicaltrials"
REGISTRY = "https://registry.test"
SETTINGS = ServiceSettings(clinicaltrials_url=REGISTRY)
TRIAL = Identifier(IdType.NCT, "NCT01234567")
MISSING = Identifier(IdType.NCT, "NCT09999999")


def answer(name: str, status: int = 200, content_type: str = "application/json") -> httpx.Response:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"test fixture {name!r} is missing (looked for {path})")
    return httpx.Response(status, content=path.read_bytes(), headers={"content-type": content_type})


@pytest.fixture
def registry() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{REGISTRY}/api/v2/studies/NCT01234567", name="study").mock(
            return_value=answer("study.json")
        )
        yield router


def look_up(http: HttpClient, number: Identifier = TRIAL) -> Lookup:
    resolver = ClinicalTrialsResolver(
        SETTINGS, http, limiter=RateLimiter(rate=1e6, concurrency=2), clock=lambda: 3.0
    )
    return resolver.look_up(number)


def test_a_study_is_a_record_with_both_titles_its_start_and_its_sponsor(
    registry: respx.MockRouter, http: HttpClient
) -> None:
    lookup = look_up(http)
    request = registry["study"].calls[0].request
    assert request.url.params["fields"] == "ProtocolSection"
    assert request.headers["accept"] == "application/json"
    assert lookup.status is LookupStatus.FOUND
    record = lookup.record
    assert record is not None and record.title is not None
    assert record.service is Service.CLINICALTRIALS
    assert record.title.startswith("A Randomised, Double-blind, Phase III Study of Widgetumab")
    assert record.subtitle == "Widgetumab Plus Standard Care in Imaginary Fever"
    assert record.authors == (Author("Imaginary Pharma AG", is_organisation=True),)
    assert (record.issued_year, record.online_year) == (2019, 2018)
    assert (record.type, record.type_label) == (WorkType.OTHER, "clinical trial")
    assert (record.doi, record.pmid) == (None, None)


def test_a_replaced_number_is_answered_by_the_study_that_lists_it(
    registry: respx.MockRouter, http: HttpClient
) -> None:
    old = Identifier(IdType.NCT, "NCT01111111")
    registry.get(f"{REGISTRY}/api/v2/studies/NCT01111111").mock(
        return_value=answer("study-renumbered.json")
    )
    lookup = look_up(http, old)
    assert lookup.status is LookupStatus.FOUND
    record = lookup.record
    assert record is not None
    # Only a brief title: it is the title, and there is no subtitle.
    assert (record.title, record.subtitle) == ("Gadget Therapy in Fictional Syndrome", None)


def test_a_study_of_another_number_is_could_not_verify(
    registry: respx.MockRouter, http: HttpClient
) -> None:
    other = Identifier(IdType.NCT, "NCT02222222")
    registry.get(f"{REGISTRY}/api/v2/studies/NCT02222222").mock(return_value=answer("study.json"))
    lookup = look_up(http, other)
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason == "the answer is another study's (NCT01234567)"


def test_the_registrys_own_404_is_not_found(registry: respx.MockRouter, http: HttpClient) -> None:
    registry.get(f"{REGISTRY}/api/v2/studies/NCT09999999").mock(
        return_value=answer("not-found.txt", 404, "text/plain")
    )
    lookup = look_up(http, MISSING)
    assert lookup.status is LookupStatus.NOT_FOUND
    assert lookup.reason == "ClinicalTrials.gov has no such study (HTTP 404)"
    assert lookup.fetched_at == 3.0


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (
            lambda: answer("proxy-404.html", 404, "text/html"),
            "HTTP 404 that is not ClinicalTrials.gov's own (text/html, 133 bytes)",
        ),
        (
            # The registry's sentence, but about another number.
            lambda: answer("not-found.txt", 404, "text/plain"),
            "HTTP 404 that is not ClinicalTrials.gov's own (text/plain, 32 bytes)",
        ),
        (
            lambda: answer("incorrect-format.txt", 400, "text/plain"),
            "ClinicalTrials.gov answered HTTP 400",
        ),
        (lambda: httpx.Response(503), "server error (HTTP 503)"),
        (
            lambda: answer("not-a-study.json"),
            "malformed answer (a study without a protocol section)",
        ),
        (
            lambda: answer("proxy-404.html", 200, "text/html"),
            "malformed answer (not JSON: text/html, 133 bytes)",
        ),
    ],
)
def test_anything_but_the_registrys_own_answer_is_could_not_verify(
    registry: respx.MockRouter, http: HttpClient, response: object, reason: str
) -> None:
    assert callable(response)
    number = Identifier(IdType.NCT, "NCT08888888")
    registry.get(f"{REGISTRY}/api/v2/studies/NCT08888888").mock(
        side_effect=lambda request: response()
    )
    lookup = look_up(http, number)
    assert (lookup.status, lookup.reason) == (
        LookupStatus.COULD_NOT_VERIFY,
        reason,
    )


def test_numbers_are_asked_once_each_within_the_registrys_pace(
    registry: respx.MockRouter, http: HttpClient
) -> None:
    rate, concurrency = CLINICALTRIALS_LIMITS
    # About 50 a minute per address is what the registry asks for.
    assert rate * 60 <= 50 and concurrency <= 2
    resolver = ClinicalTrialsResolver(SETTINGS, http, limiter=RateLimiter(rate=1e6))
    lookups = resolver.resolve([TRIAL, TRIAL])
    assert registry["study"].call_count == 1
    assert [lookup.identifier for lookup in lookups] == [TRIAL]
