"""arXiv identifiers looked up in batches at arXiv's pace, and "not found"
only when arXiv's own feed says so."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
import respx

from citecheck.config import ARXIV_LIMITS, ServiceSettings
from citecheck.models import Identifier, IdType, LookupStatus, Service
from citecheck.resolvers.arxiv import MAX_IDS, ArxivResolver
from citecheck.resolvers.http import HttpClient
from citecheck.resolvers.ratelimit import RateLimiter

FIXTURES = Path(__file__).parent.parent / "fixtures" / "arxiv"
ARXIV = "https://arxiv.test"
SETTINGS = ServiceSettings(arxiv_url=ARXIV + "/")
ATOM = {"content-type": "application/atom+xml; charset=utf-8"}
NEW = Identifier(IdType.ARXIV, "2101.00001")
OLD = Identifier(IdType.ARXIV, "hep-th/9901001")
MISSING = Identifier(IdType.ARXIV, "2101.99999")
BOGUS = Identifier(IdType.ARXIV, "bogus-ph/9901001")


def feed(name: str, status: int = 200) -> httpx.Response:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"test fixture {name!r} is missing (looked for {path})")
    return httpx.Response(status, content=path.read_bytes(), headers=ATOM)


@pytest.fixture
def query() -> Iterator[respx.Route]:
    with respx.mock(assert_all_mocked=True) as router:
        yield router.get(f"{ARXIV}/api/query", name="query")


def resolver(http: HttpClient) -> ArxivResolver:
    return ArxivResolver(
        SETTINGS, http, limiter=RateLimiter(rate=1e6, concurrency=1), clock=lambda: 7.0
    )


def test_a_batch_asks_every_identifier_once_in_arxivs_form(
    query: respx.Route, http: HttpClient
) -> None:
    query.mock(return_value=feed("two-found.xml"))
    versioned = Identifier(IdType.ARXIV, "2101.00001v2")
    lookups = resolver(http).resolve([NEW, OLD, versioned, NEW])
    assert query.call_count == 1
    params = query.calls[0].request.url.params
    assert params["id_list"] == "2101.00001,hep-th/9901001"
    assert params["max_results"] == "2"
    assert query.calls[0].request.headers["accept"] == "application/atom+xml"
    assert [lookup.identifier for lookup in lookups] == [NEW, OLD, versioned]
    assert {lookup.status for lookup in lookups} == {LookupStatus.FOUND}
    assert lookups[0].record is not None and lookups[0].record.doi == "10.5555/prd.104.012345"
    # The versioned identifier and the bare one match the same entry (v2).
    assert lookups[2].record == lookups[0].record
    assert lookups[1].record is not None and lookups[1].record.title is not None
    assert lookups[0].service is Service.ARXIV and lookups[0].fetched_at == 7.0


def test_an_old_style_identifier_with_its_subject_class_matches_its_entry(
    query: respx.Route, http: HttpClient
) -> None:
    query.mock(return_value=feed("two-found.xml"))
    with_class = Identifier(IdType.ARXIV, "hep-th.XX/9901001")
    [lookup] = resolver(http).resolve([with_class])
    assert query.calls[0].request.url.params["id_list"] == "hep-th/9901001"
    assert lookup.status is LookupStatus.FOUND


def test_a_well_formed_identifier_arxiv_leaves_out_of_a_whole_feed_is_not_found(
    query: respx.Route, http: HttpClient
) -> None:
    query.mock(return_value=feed("empty.xml"))
    [lookup] = resolver(http).resolve([MISSING])
    assert (lookup.status, lookup.reason) == (LookupStatus.NOT_FOUND, "not in arXiv's answer")


def test_a_malformed_identifier_is_not_found_and_the_rest_is_asked_again(
    query: respx.Route, http: HttpClient
) -> None:
    query.mock(side_effect=[feed("error-incorrect-id.xml", 400), feed("two-found.xml")])
    new, bogus = resolver(http).resolve([NEW, BOGUS])
    assert (bogus.status, bogus.reason) == (
        LookupStatus.NOT_FOUND,
        "arXiv: incorrect id format for bogus-ph/9901001",
    )
    assert new.status is LookupStatus.FOUND
    asked = [call.request.url.params["id_list"] for call in query.calls]
    assert asked == ["2101.00001,bogus-ph/9901001", "2101.00001"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda: feed("error-other.xml", 400), "arXiv error: max_results must be non-negative"),
        (lambda: feed("empty.xml", 400), "arXiv answered HTTP 400 without saying why"),
        (lambda: feed("partial.xml"), "partial answer (2 of 3 results)"),
        (lambda: feed("anonymous-entry.xml"), "malformed answer (1 entry(ies) without an id)"),
        (lambda: feed("two-found.xml", 403), "arXiv answered HTTP 403"),
        (lambda: feed("empty.xml", 503), "server error (HTTP 503)"),
    ],
)
def test_anything_but_arxivs_own_answer_is_could_not_verify(
    query: respx.Route, http: HttpClient, answer: object, reason: str
) -> None:
    assert callable(answer)
    query.mock(side_effect=lambda request: answer())
    [lookup] = resolver(http).resolve([MISSING])
    assert (lookup.status, lookup.reason) == (LookupStatus.COULD_NOT_VERIFY, reason)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("truncated.xml", "the feed is cut short"),
        ("rate-exceeded.txt", "not an Atom feed"),
        ("proxy-page.html", "not an Atom feed (<html>)"),
    ],
)
def test_an_unreadable_body_is_could_not_verify_for_the_whole_batch(
    query: respx.Route, http: HttpClient, name: str, words: str
) -> None:
    query.mock(return_value=feed(name))
    lookups = resolver(http).resolve([NEW, MISSING])
    assert {lookup.status for lookup in lookups} == {LookupStatus.COULD_NOT_VERIFY}
    assert all(words in (lookup.reason or "") for lookup in lookups)
    assert lookups[0].reason is not None and lookups[0].reason.startswith("malformed answer")


def test_a_timeout_is_could_not_verify(query: respx.Route, http: HttpClient) -> None:
    query.mock(side_effect=httpx.ReadTimeout("slow"))
    [lookup] = resolver(http).resolve([NEW])
    assert (lookup.status, lookup.reason) == (LookupStatus.COULD_NOT_VERIFY, "timeout")


def test_identifiers_go_a_hundred_a_request_one_request_every_three_seconds(
    query: respx.Route, http: HttpClient
) -> None:
    now = [0.0]
    started: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def answer(request: httpx.Request) -> httpx.Response:
        started.append(now[0])
        return feed("empty.xml")

    query.mock(side_effect=answer)
    rate, concurrency = ARXIV_LIMITS
    limiter = RateLimiter(rate=rate, concurrency=concurrency, clock=lambda: now[0], sleep=sleep)
    many = [Identifier(IdType.ARXIV, f"2101.{n:05d}") for n in range(2 * MAX_IDS + 1)]
    lookups = ArxivResolver(SETTINGS, http, limiter=limiter).resolve(many)
    sizes = [len(call.request.url.params["id_list"].split(",")) for call in query.calls]
    assert sizes == [100, 100, 1]
    assert all(later - earlier >= 3.0 for earlier, later in pairwise(started))
    assert concurrency == 1
    assert {lookup.status for lookup in lookups} == {LookupStatus.NOT_FOUND}
