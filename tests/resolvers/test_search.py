"""Searches asked of the services: Crossref's bibliographic search first,
PubMed's esearch and efetch only when Crossref ranks nothing close, and
every answer that is not a proper one kept apart as "could not verify"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType, LookupStatus, SearchQuery, Service
from citecheck.queries import query_identifier
from citecheck.resolvers.crossref import CrossrefResolver
from citecheck.resolvers.crossref_record import SELECT_FIELDS
from citecheck.resolvers.http import HttpClient
from citecheck.resolvers.pubmed import PubMedResolver
from citecheck.resolvers.pubmed_search import PubMedSearch, author_term, title_terms
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.search import SearchResolver

FIXTURES = Path(__file__).parent.parent / "fixtures"
CROSSREF = "https://crossref.test"
EUTILS = "https://eutils.test/entrez/eutils"
SETTINGS = ServiceSettings(crossref_url=CROSSREF, eutils_url=EUTILS, mailto="ed@example.org")
JSON = {"content-type": "application/json"}

DEXAMETHASONE = SearchQuery(
    text="Horby P, Lim WS. Dexamethasone in Hospitalized Patients with Covid-19. "
    "N Engl J Med. 2021;384(8):693-704.",
    title="Dexamethasone in Hospitalized Patients with Covid-19",
    author="Horby",
    year=2021,
)


def work(doi: str, title: str, family: str, year: int) -> dict[str, Any]:
    return {
        "DOI": doi,
        "title": [title],
        "author": [{"family": family, "given": "A", "sequence": "first"}],
        "issued": {"date-parts": [[year]]},
        "container-title": ["Journal of Tests"],
        "type": "journal-article",
        "score": 42.5,
    }


def work_list(*items: dict[str, Any]) -> httpx.Response:
    body = {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {
            "facets": {},
            "total-results": 1_204_339 if items else 0,
            "items": list(items),
            "items-per-page": 5,
            "query": {"start-index": 0, "search-terms": None},
        },
    }
    return httpx.Response(200, json=body, headers=JSON)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        yield mock


def resolver(http: HttpClient) -> tuple[SearchResolver, CrossrefResolver]:
    fast = RateLimiter(rate=1e6, concurrency=3)
    crossref = CrossrefResolver(SETTINGS, http, single=fast, listing=fast, clock=lambda: 9.0)
    pubmed = PubMedResolver(SETTINGS, http, limiter=fast, clock=lambda: 9.0)
    search = PubMedSearch(SETTINGS, http, limiter=fast, fetch=pubmed.resolve)
    return SearchResolver(crossref, search, clock=lambda: 9.0), crossref


def search(http: HttpClient, query: SearchQuery = DEXAMETHASONE) -> Any:
    searches, crossref = resolver(http)
    with crossref.routed():
        return searches.search(query_identifier(query))


def test_crossref_is_asked_a_bibliographic_query_limited_to_the_fields_read(
    router: respx.MockRouter, http: HttpClient
) -> None:
    route = router.get(f"{CROSSREF}/works").mock(
        return_value=work_list(
            work(
                "10.1056/NEJMoa2021436",
                "Dexamethasone in Hospitalized Patients with Covid-19",
                "Horby",
                2021,
            )
        )
    )
    lookup = search(http)
    params = route.calls.last.request.url.params
    assert params["query.bibliographic"] == DEXAMETHASONE.text
    assert params["rows"] == "5"
    assert set(params["select"].split(",")) == set(SELECT_FIELDS)
    assert params["mailto"] == "ed@example.org"
    assert (lookup.status, lookup.service, lookup.fetched_at) == (
        LookupStatus.FOUND,
        Service.SEARCH,
        9.0,
    )
    assert [r.doi for r in lookup.candidates] == ["10.1056/nejmoa2021436"]
    assert lookup.searched == ("Crossref (bibliographic search)",)


def test_pubmed_is_asked_when_crossref_ranks_nothing_close(
    router: respx.MockRouter, http: HttpClient
) -> None:
    router.get(f"{CROSSREF}/works").mock(
        return_value=work_list(work("10.1/other", "Steroids in sepsis", "Annane", 2018))
    )
    esearch = router.get(f"{EUTILS}/esearch.fcgi").mock(
        return_value=httpx.Response(
            200, content=fixture("pubmed/esearch-dexamethasone.json"), headers=JSON
        )
    )
    efetch = router.post(f"{EUTILS}/efetch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture("pubmed/article.xml"))
    )
    lookup = search(http)
    term = esearch.calls.last.request.url.params["term"]
    assert term == (
        "dexamethasone[ti] AND hospitalized[ti] AND patients[ti] AND covid[ti] AND Horby[au]"
    )
    assert esearch.calls.last.request.url.params["retmode"] == "json"
    assert b"id=32678530" in efetch.calls.last.request.content
    assert lookup.status is LookupStatus.FOUND
    assert [r.pmid for r in lookup.candidates] == [None, "32678530"]
    assert lookup.searched == (
        "Crossref (bibliographic search)",
        "PubMed (citation match, title words and first author)",
    )


def test_pubmed_is_asked_the_title_alone_when_title_and_author_find_nothing(
    router: respx.MockRouter, http: HttpClient
) -> None:
    router.get(f"{CROSSREF}/works").mock(return_value=work_list())
    none = httpx.Response(200, content=fixture("pubmed/esearch-none.json"), headers=JSON)
    found = httpx.Response(200, content=fixture("pubmed/esearch-dexamethasone.json"), headers=JSON)
    esearch = router.get(f"{EUTILS}/esearch.fcgi").mock(side_effect=[none, found])
    router.post(f"{EUTILS}/efetch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture("pubmed/article.xml"))
    )
    lookup = search(http)
    terms = [call.request.url.params["term"] for call in esearch.calls]
    assert terms[0].endswith(" AND Horby[au]")
    assert "[au]" not in terms[1]
    assert [r.pmid for r in lookup.candidates] == ["32678530"]


def test_nothing_found_anywhere_is_not_found_and_says_where_it_looked(
    router: respx.MockRouter, http: HttpClient
) -> None:
    router.get(f"{CROSSREF}/works").mock(return_value=work_list())
    router.get(f"{EUTILS}/esearch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture("pubmed/esearch-none.json"), headers=JSON)
    )
    lookup = search(http)
    assert lookup.status is LookupStatus.NOT_FOUND
    assert lookup.candidates == ()
    assert lookup.reason == (
        "nothing found in Crossref (bibliographic search) or PubMed (citation match, title words and first author)"
    )


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, text="busy"),
        httpx.Response(200, text="<html>proxy login</html>", headers={"content-type": "text/html"}),
        httpx.Response(200, json={"esearchresult": {"ERROR": "Search Backend failed"}}),
        httpx.Response(200, json={"esearchresult": {"count": "1"}}),
    ],
    ids=["503", "proxy-page", "esearch-error", "no-id-list"],
)
def test_a_pubmed_that_does_not_answer_properly_makes_the_search_could_not_verify(
    router: respx.MockRouter, http: HttpClient, answer: httpx.Response
) -> None:
    router.get(f"{CROSSREF}/works").mock(
        return_value=work_list(work("10.1/other", "Steroids in sepsis", "Annane", 2018))
    )
    router.get(f"{EUTILS}/esearch.fcgi").mock(return_value=answer)
    lookup = search(http)
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason is not None and lookup.reason.startswith("PubMed: ")
    assert lookup.fetched_at is None
    # What Crossref did answer is kept: one of its candidates may still be the work.
    assert [r.doi for r in lookup.candidates] == ["10.1/other"]


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, text="oops"),
        httpx.Response(200, json={"status": "ok", "message-type": "work-list", "message": None}),
        httpx.Response(200, text="<html>captive portal</html>"),
    ],
    ids=["500", "message-null", "html"],
)
def test_a_crossref_that_does_not_answer_properly_never_makes_not_found(
    router: respx.MockRouter, http: HttpClient, answer: httpx.Response
) -> None:
    router.get(f"{CROSSREF}/works").mock(return_value=answer)
    router.get(f"{EUTILS}/esearch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture("pubmed/esearch-none.json"), headers=JSON)
    )
    lookup = search(http)
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason is not None and lookup.reason.startswith("Crossref: ")


def test_a_search_for_an_articles_own_deposit_asks_by_doi_for_whole_works(
    router: respx.MockRouter, http: HttpClient
) -> None:
    route = router.get(f"{CROSSREF}/works").mock(
        return_value=work_list(work("10.2217/fon.13.5", "CXCR4 in lung cancer", "Wald", 2013))
    )
    query = SearchQuery(text="", title="CXCR4 in lung cancer", doi="10.2217/FON.13.5", deposit=True)
    lookup = search(http, query)
    params = route.calls.last.request.url.params
    assert params["filter"] == "doi:10.2217/fon.13.5"
    assert "select" not in params
    assert [r.doi for r in lookup.candidates] == ["10.2217/fon.13.5"]


def test_an_unreadable_search_identifier_is_could_not_verify(http: HttpClient) -> None:
    searches, _ = resolver(http)
    lookup = searches.search(Identifier(IdType.QUERY, "{not json"))
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason is not None and lookup.reason.startswith("unreadable search")


def test_title_terms_keep_the_distinctive_words_in_title_order() -> None:
    title = "The role of CXCR4 in the microenvironment of small-cell lung cancer: a review"
    assert title_terms(title) == (
        "cxcr4[ti] AND microenvironment[ti] AND small[ti] AND cell[ti] AND lung[ti] AND cancer[ti]"
    )
    words = title_terms("Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda")
    assert words.count("[ti]") == 8


def test_author_terms_quote_surnames_with_spaces_or_hyphens() -> None:
    assert author_term("van der Berg") == '"van der Berg"[au]'
    assert author_term("Smith-Jones") == '"Smith-Jones"[au]'
    assert author_term("Kim") == "Kim[au]"


def test_esearch_ids_refuse_ids_that_are_no_pmids() -> None:
    from citecheck.errors import ServiceUnavailable
    from citecheck.resolvers.pubmed_search import esearch_ids

    body = json.dumps({"esearchresult": {"count": "1", "idlist": ["PMC123"]}}).encode()
    with pytest.raises(ServiceUnavailable, match="no PMIDs"):
        esearch_ids(body)


CITED = SearchQuery(
    text="Horby P. Dexamethasone in Hospitalized Patients with Covid-19. N Engl J Med. "
    "2021;384:693-704.",
    title="Dexamethasone in Hospitalized Patients with Covid-19",
    author="Horby",
    year=2021,
    journal="N Engl J Med",
    volume="384",
    pages="693",
)


def test_a_citation_with_journal_volume_and_page_is_matched_by_ecitmatch_first(
    router: respx.MockRouter, http: HttpClient
) -> None:
    router.get(f"{CROSSREF}/works").mock(return_value=work_list())
    ecitmatch = router.get(f"{EUTILS}/ecitmatch.cgi").mock(
        return_value=httpx.Response(
            200, text="N Engl J Med|2021|384|693|Horby|citecheck|32678530\n"
        )
    )
    esearch = router.get(f"{EUTILS}/esearch.fcgi")
    router.post(f"{EUTILS}/efetch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture("pubmed/article.xml"))
    )
    lookup = search(http, CITED)
    assert ecitmatch.calls.last.request.url.params["bdata"] == (
        "N Engl J Med|2021|384|693|Horby|citecheck|"
    )
    assert not esearch.called
    assert [r.pmid for r in lookup.candidates] == ["32678530"]


def test_a_citation_ecitmatch_does_not_know_is_searched_by_its_title(
    router: respx.MockRouter, http: HttpClient
) -> None:
    router.get(f"{CROSSREF}/works").mock(return_value=work_list())
    router.get(f"{EUTILS}/ecitmatch.cgi").mock(
        return_value=httpx.Response(
            200, text="N Engl J Med|2021|384|693|Horby|citecheck|NOT_FOUND;INVALID_JOURNAL\n"
        )
    )
    esearch = router.get(f"{EUTILS}/esearch.fcgi").mock(
        return_value=httpx.Response(200, content=fixture("pubmed/esearch-none.json"), headers=JSON)
    )
    lookup = search(http, CITED)
    assert esearch.call_count == 2
    assert lookup.status is LookupStatus.NOT_FOUND


def test_an_ecitmatch_answer_that_is_no_answer_is_could_not_verify(
    router: respx.MockRouter, http: HttpClient
) -> None:
    router.get(f"{CROSSREF}/works").mock(return_value=work_list())
    router.get(f"{EUTILS}/ecitmatch.cgi").mock(
        return_value=httpx.Response(200, text="<html>Service unavailable</html>")
    )
    lookup = search(http, CITED)
    assert lookup.status is LookupStatus.COULD_NOT_VERIFY
    assert lookup.reason is not None and "ECitMatch" in lookup.reason
