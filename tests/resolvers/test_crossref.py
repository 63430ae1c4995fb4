"""DOIs against Crossref: batches, follow-ups, other agencies, and what is
"could not verify" rather than "not found"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import habanero.request
import httpx
import pytest
import respx

from citecheck.cache import CacheStore
from citecheck.config import ServiceSettings
from citecheck.lookup_stream import LookupStream, Workers
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Service
from citecheck.resolvers.crossref import CrossrefResolver, encode_doi
from citecheck.resolvers.http import HttpClient
from citecheck.resolvers.ratelimit import RateLimiter

FIXTURES = Path(__file__).parent.parent / "fixtures" / "crossref"

BASE = "https://crossref.test"
SETTINGS = ServiceSettings(
    crossref_url=BASE, mailto="editor@example.org", crossref_plus_token="PLUS-SECRET"
)


def body(name: str) -> bytes:
    # A missing fixture raises here and fails the test; it never skips it.
    return (FIXTURES / name).read_bytes()


def json_response(name: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=body(name), headers={"content-type": "application/json"})


def not_found(content_type: str = "text/plain") -> httpx.Response:
    return httpx.Response(
        404, content=body("works-404.txt"), headers={"content-type": content_type}
    )


def doi(value: str) -> Identifier:
    return Identifier(IdType.DOI, value)


@pytest.fixture
def crossref() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    with CacheStore.open(tmp_path / "cache.db") as store:
        yield store


def resolver(http: HttpClient, settings: ServiceSettings = SETTINGS) -> CrossrefResolver:
    return CrossrefResolver(
        settings,
        http,
        single=RateLimiter(rate=1e6, concurrency=3),
        listing=RateLimiter(rate=1e6, concurrency=3),
        clock=lambda: 1_700_000_000.0,
    )


def not_asked(identifiers: list[Identifier]) -> list[Lookup]:
    raise AssertionError("only DOIs are asked here")


def resolve(
    crossref: CrossrefResolver, dois: list[Identifier], cache: CacheStore | None = None
) -> list[Lookup]:
    """``dois`` asked of ``crossref`` as a run asks them, through a lookup
    stream (answers kept in ``cache`` when given); one lookup per DOI (by
    key), in the order given."""
    got: dict[str, Lookup] = {}
    workers = Workers(crossref_list=3, crossref_single=3, ncbi=1)
    with LookupStream(
        crossref=crossref, pubmed=not_asked, pmc=not_asked, workers=workers, cache=cache
    ) as stream:
        stream.ask(dois)
        stream.flush()
        while stream.outstanding:
            for lookup in stream.answers(timeout=10):
                got[lookup.identifier.key] = lookup
    return [got[key] for key in dict.fromkeys(doi.key for doi in dois)]


def cached(cache: CacheStore) -> dict[LookupStatus, int]:
    """How many Crossref answers of each status the cache holds, fresh or not
    (the resolver's clock is years behind the cache's)."""
    return {
        count.status: count.total
        for count in cache.stats().counts
        if count.service is Service.CROSSREF
    }


def by_value(lookups: list[Lookup]) -> dict[str, Lookup]:
    return {lookup.identifier.value: lookup for lookup in lookups}


def test_a_batch_finds_two_and_agency_follow_ups_find_one_at_datacite_and_one_nowhere(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    batch = crossref.get("/works").mock(return_value=json_response("batch-two-of-four.json"))
    zenodo = crossref.get("/works/10.5281/zenodo.1234567").mock(return_value=not_found())
    zenodo_agency = crossref.get("/works/10.5281/zenodo.1234567/agency").mock(
        return_value=json_response("agency-datacite.json")
    )
    nowhere = crossref.get("/works/10.9999/nowhere.42").mock(return_value=not_found())
    nowhere_agency = crossref.get("/works/10.9999/nowhere.42/agency").mock(return_value=not_found())

    wanted = [
        "10.1038/NRC1388",
        "10.5281/zenodo.1234567",
        "10.1182/blood-2005-08-3182",
        "10.9999/nowhere.42",
    ]
    lookups = resolve(resolver(http), [doi(v) for v in wanted])

    assert [lookup.identifier.value for lookup in lookups] == wanted
    found = by_value(lookups)
    balkwill = found["10.1038/NRC1388"]
    assert balkwill.status is LookupStatus.FOUND
    assert (
        balkwill.record is not None and balkwill.record.title == "Cancer and the chemokine network"
    )
    assert balkwill.fetched_at == 1_700_000_000.0
    assert found["10.1182/blood-2005-08-3182"].status is LookupStatus.FOUND
    assert found["10.5281/zenodo.1234567"].status is LookupStatus.OTHER_AGENCY
    assert found["10.5281/zenodo.1234567"].agency == "datacite"
    assert found["10.9999/nowhere.42"].status is LookupStatus.NOT_FOUND

    # One list request for all four, select-limited, rows equal to the batch.
    assert batch.call_count == 1
    query = parse_qs(urlsplit(str(batch.calls.last.request.url)).query)
    assert query["filter"] == [
        "doi:10.1038/nrc1388,doi:10.5281/zenodo.1234567,doi:10.1182/blood-2005-08-3182,doi:10.9999/nowhere.42"
    ]
    assert query["rows"] == ["4"]
    assert "DOI" in query["select"][0].split(",")
    assert query["mailto"] == ["editor@example.org"]
    # Follow-ups only for what the batch did not return, and one each: the
    # agency settles a DOI that is not Crossref's without asking for its record.
    assert (zenodo.call_count, zenodo_agency.call_count) == (0, 1)
    assert (nowhere.call_count, nowhere_agency.call_count) == (0, 1)


def test_requests_identify_the_polite_pool_and_carry_the_plus_token(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    route = crossref.get("/works").mock(return_value=json_response("batch-two-of-four.json"))
    resolve(resolver(http), [doi("10.1038/nrc1388")])
    request = route.calls.last.request
    assert "mailto:editor@example.org" in request.headers["user-agent"]
    assert request.headers["user-agent"].startswith("citecheck/")
    assert request.headers["crossref-plus-api-token"] == "Bearer PLUS-SECRET"


def test_a_404_whose_body_is_plain_text_labelled_json_is_still_read_as_absent(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    crossref.get("/works/10.9999/gone/agency").mock(return_value=not_found("application/json"))
    [lookup] = resolve(resolver(http), [doi("10.9999/gone")])
    assert lookup.status is LookupStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("10.1000/a#b", "/works/10.1000/a%23b"),
        ("10.1000/what?now", "/works/10.1000/what%3Fnow"),
        (
            "10.1002/(SICI)1097-4636(199706)35:4<445::AID-JBM5>3.0.CO;2-J",
            "/works/10.1002/(SICI)1097-4636(199706)35:4%3C445::AID-JBM5%3E3.0.CO%3B2-J",
        ),
        ("10.1000/UPPER.Case", "/works/10.1000/UPPER.Case"),
    ],
)
def test_dois_are_percent_encoded_in_paths(
    crossref: respx.MockRouter, http: HttpClient, value: str, path: str
) -> None:
    # The batch returns nothing, so each DOI is asked for on its own route.
    crossref.get("/works").mock(
        return_value=httpx.Response(
            200,
            json={
                "status": "ok",
                "message-type": "work-list",
                "message": {"total-results": 0, "items": []},
            },
        )
    )
    agency = crossref.get(url__regex=r"/works/10\..*/agency(\?|$)").mock(
        return_value=json_response("agency-crossref.json")
    )
    single = crossref.get(url__regex=r"/works/10\.").mock(
        return_value=json_response("work-sici.json")
    )
    [lookup] = resolve(resolver(http), [doi(value)])
    assert agency.calls.last.request.url.raw_path.decode().split("?")[0] == path + "/agency"
    assert single.call_count == 1
    assert single.calls.last.request.url.raw_path.decode().split("?")[0] == path
    assert lookup.status in (LookupStatus.FOUND, LookupStatus.COULD_NOT_VERIFY)
    if value.startswith("10.1002/(SICI)"):
        assert lookup.status is LookupStatus.FOUND
        assert lookup.record is not None and lookup.record.volume == "35"


def test_encode_doi_keeps_slashes_and_brackets_and_encodes_the_rest() -> None:
    assert encode_doi("10.1000/a#b?c d") == "10.1000/a%23b%3Fc%20d"
    assert encode_doi("10.1000/(x)<y>;z") == "10.1000/(x)%3Cy%3E%3Bz"


def test_a_batch_that_keeps_failing_is_could_not_verify_for_every_doi_never_not_found(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(return_value=httpx.Response(503, text="Service Unavailable"))
    lookups = resolve(resolver(http), [doi("10.1038/nrc1388"), doi("10.9999/x")])
    assert [lookup.status for lookup in lookups] == [LookupStatus.COULD_NOT_VERIFY] * 2
    assert {lookup.reason for lookup in lookups} == {"server error (HTTP 503)"}


def test_a_timeout_on_the_follow_up_is_could_not_verify(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    crossref.get("/works/10.9999/slow/agency").mock(side_effect=httpx.ReadTimeout("timed out"))
    [lookup] = resolve(resolver(http), [doi("10.9999/slow")])
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason == "timeout"


def test_a_timeout_on_the_record_after_the_agency_is_could_not_verify(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    crossref.get("/works/10.9999/slow/agency").mock(
        return_value=json_response("agency-crossref.json")
    )
    crossref.get("/works/10.9999/slow").mock(side_effect=httpx.ReadTimeout("timed out"))
    [lookup] = resolve(resolver(http), [doi("10.9999/slow")])
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason == "timeout"


def test_a_truncated_body_is_could_not_verify(crossref: respx.MockRouter, http: HttpClient) -> None:
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    crossref.get("/works/10.5555/jpsy.2020.0117/agency").mock(
        return_value=json_response("agency-crossref.json")
    )
    crossref.get("/works/10.5555/jpsy.2020.0117").mock(
        return_value=json_response("truncated-work.json")
    )
    [lookup] = resolve(resolver(http), [doi("10.5555/jpsy.2020.0117")])
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason == "unreadable response"


def test_a_refused_batch_is_asked_one_doi_at_a_time(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(
        return_value=json_response("works-400-validation-failure.json", 400)
    )
    agency = crossref.get("/works/10.5555/jpsy.2020.0117/agency").mock(
        return_value=json_response("agency-crossref.json")
    )
    single = crossref.get("/works/10.5555/jpsy.2020.0117").mock(
        return_value=json_response("work-journal-article.json")
    )
    [lookup] = resolve(resolver(http), [doi("10.5555/jpsy.2020.0117")])
    assert (agency.call_count, single.call_count) == (1, 1)
    assert lookup.status is LookupStatus.FOUND


def test_a_doi_crossref_registered_but_cannot_return_is_not_called_missing(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    crossref.get("/works/10.1038/nrc1388").mock(return_value=not_found())
    crossref.get("/works/10.1038/nrc1388/agency").mock(
        return_value=json_response("agency-crossref.json")
    )
    [lookup] = resolve(resolver(http), [doi("10.1038/nrc1388")])
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY


def test_large_sets_are_split_into_batches_that_keep_the_request_line_short(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    route = crossref.get("/works").mock(
        return_value=httpx.Response(
            200,
            json={
                "status": "ok",
                "message-type": "work-list",
                "message": {"total-results": 0, "items": []},
            },
        )
    )
    crossref.get(url__regex=r"/works/10\.").mock(return_value=not_found())
    dois = [doi(f"10.{1000 + n}/journal.article.{n:06d}") for n in range(250)]
    resolve(resolver(http), dois)
    assert 3 <= route.call_count <= 5
    for call in route.calls:
        assert len(str(call.request.url)) < 4096


def test_habanero_gets_its_own_httpx_back_after_a_run(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    crossref.get("/works").mock(return_value=json_response("batch-two-of-four.json"))
    before = habanero.request.httpx
    resolve(resolver(http), [doi("10.1038/nrc1388")])
    assert habanero.request.httpx is before is httpx
    assert http.requests_sent == 1


@pytest.mark.parametrize(
    ("fixture", "detail"),
    [
        ("works-message-null.json", "a Crossref 'work-list' body whose message is null"),
        (
            "works-exception.json",
            "expected a Crossref 'work-list' message with status 'ok', "
            "got message-type 'exception' with status 'failed'",
        ),
    ],
)
def test_a_list_answer_of_200_that_is_no_work_list_is_could_not_verify_for_its_batch_alone(
    crossref: respx.MockRouter, http: HttpClient, cache: CacheStore, fixture: str, detail: str
) -> None:
    # Two batches: the first answered with the broken body, the second properly.
    broken = [doi(f"10.5555/broken.{n}") for n in range(100)]
    batch = crossref.get("/works").mock(
        side_effect=[json_response(fixture), json_response("batch-two-of-four.json")]
    )
    singles = crossref.get(url__regex=r"/works/10\.").mock(return_value=not_found())

    lookups = resolve(resolver(http), [*broken, doi("10.1038/nrc1388")], cache=cache)

    assert batch.call_count == 2
    got = by_value(lookups)
    assert {(got[d.value].status, got[d.value].reason) for d in broken} == {
        (LookupStatus.COULD_NOT_VERIFY, f"malformed answer ({detail})")
    }
    # The run went on: the other batch was read, and nothing was asked one
    # by one, since a malformed answer is no sign of a refused batch.
    assert got["10.1038/nrc1388"].status is LookupStatus.FOUND
    assert singles.call_count == 0
    # Could-not-verify is never cached; the found record is.
    assert cached(cache) == {LookupStatus.FOUND: 1}


def test_a_list_answer_with_a_next_cursor_never_asked_for_is_not_followed(
    crossref: respx.MockRouter, http: HttpClient
) -> None:
    # habanero would follow the cursor page after page until total-results.
    with_cursor = httpx.Response(
        200,
        json={
            "status": "ok",
            "message-type": "work-list",
            "message": {"total-results": 10_000_000, "items": [], "next-cursor": "AoJ+"},
        },
    )
    batch = crossref.get("/works").mock(return_value=with_cursor)
    [lookup] = resolve(resolver(http), [doi("10.1038/nrc1388")])
    assert batch.call_count == 1
    assert (lookup.status, lookup.reason) == (
        LookupStatus.COULD_NOT_VERIFY,
        "malformed answer (a Crossref work-list with a next-cursor never asked for)",
    )


FOREIGN_404 = [
    pytest.param(("proxy-404.html", "text/html"), "text/html, 160 bytes", id="html-page"),
    pytest.param(None, "no type, empty", id="empty"),
    pytest.param(
        ("other-json-404.json", "application/json"), "application/json, 77 bytes", id="other-json"
    ),
]


def foreign_404(answer: tuple[str, str] | None) -> httpx.Response:
    if answer is None:
        return httpx.Response(404)
    name, content_type = answer
    return httpx.Response(404, content=body(name), headers={"content-type": content_type})


@pytest.mark.parametrize("route", ["agency", "work"])
@pytest.mark.parametrize(("answer", "described"), FOREIGN_404)
def test_a_404_that_is_not_crossrefs_own_is_could_not_verify_never_not_found_nor_cached(
    crossref: respx.MockRouter,
    http: HttpClient,
    cache: CacheStore,
    route: str,
    answer: tuple[str, str] | None,
    described: str,
) -> None:
    # On the agency route it would say "no such DOI"; on the work route,
    # after the agency named Crossref, "registered but no record".
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    agency = crossref.get("/works/10.1038/nrc1388/agency")
    work = crossref.get("/works/10.1038/nrc1388")
    if route == "agency":
        agency.mock(return_value=foreign_404(answer))
    else:
        agency.mock(return_value=json_response("agency-crossref.json"))
        work.mock(return_value=foreign_404(answer))
    [lookup] = resolve(resolver(http), [doi("10.1038/nrc1388")], cache=cache)
    assert (lookup.status, lookup.reason) == (
        LookupStatus.COULD_NOT_VERIFY,
        f"HTTP 404 that is not Crossref's own ({described})",
    )
    assert cached(cache) == {}


def test_crossrefs_own_404_on_the_agency_route_is_not_found_and_cached(
    crossref: respx.MockRouter, http: HttpClient, cache: CacheStore
) -> None:
    crossref.get("/works").mock(return_value=json_response("works-list.json"))
    crossref.get("/works/10.9999/gone/agency").mock(return_value=not_found())
    [lookup] = resolve(resolver(http), [doi("10.9999/gone")], cache=cache)
    assert lookup.status is LookupStatus.NOT_FOUND
    assert cached(cache) == {LookupStatus.NOT_FOUND: 1}
