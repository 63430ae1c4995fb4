"""benchmarks/standin.py's search routes (standin_search.py and
standin_pubmed_search.py): Crossref's ``/works?query.bibliographic=…``,
PubMed's esearch and ECitMatch, in the services' formats, ranked like the
real engines, in the services' buckets and with the stand-in's faults.

The records searched are written here (generated works of our own), so
every expectation can be read off them.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
MAILTO = "tests@example.org"


def _load(name: str, file: str) -> ModuleType:
    # benchmarks/ is not a package: load the file itself, registered first
    # since dataclasses look their module up in sys.modules.
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


standin = _load("citecheck_bench_standin_search", "standin.py")
search = sys.modules["standin_search"]  # imported by standin.py from its folder
pubmed_search = sys.modules["standin_pubmed_search"]
Work = standin.Work


def _work(title: str, authors: list[tuple[str, str]], year: int, journal: str, n: int) -> Any:
    return Work(
        title=title,
        authors=tuple(authors),
        year=year,
        journal=journal,
        volume=str(10 + n),
        pages=f"{100 + n}-{110 + n}",
        doi=f"10.5555/search.{n:04d}",
        pmid=str(30_000_100 + n),
    )


WORKS = [
    _work(
        "Chemokine receptor signalling in breast cancer metastasis",
        [("Müller", "Anja"), ("Homey", "Bernhard")],
        2001,
        "Nature",
        0,
    ),
    _work(
        "Chemokine receptor expression in melanoma",
        [("Homey", "Bernhard"), ("Zlotnik", "Albert")],
        2002,
        "Nature",
        1,
    ),
    _work(
        "Receptor antagonists in experimental Parkinson disease",
        [("Miller", "Ruth"), ("Tanaka", "Ken")],
        2019,
        "Movement Disorders",
        2,
    ),
    _work(
        "Sleep apnea in older carriers of a premutation",
        [("Hamlin", "Alyssa"), ("Miller", "Ruth")],
        2011,
        "American Journal of Medical Genetics",
        3,
    ),
    _work(
        "Dispersal attenuation following range expansion",
        [("Perkins", "Alex"), ("Boettiger", "Carl")],
        2016,
        "Ecology and Evolution",
        4,
    ),
    _work(
        "Genes economics and happiness",
        [("De Neve", "Jan-Emmanuel"), ("Christakis", "Nicholas A")],
        2012,
        "Journal of Neuroscience, Psychology, and Economics",
        6,
    ),
    _work(
        "Cortical thickness after early exposure to lithium",
        [("Okafor", "Chidi")],
        2016,
        "Brain Research",
        5,
    ),
]


def _corpus(extra: int = 0) -> Any:
    """The works above in Crossref and in PubMed, and ``extra`` generated ones."""
    filler = standin.Corpus.generate(
        dois=extra, pmids=extra, found=1.0, datacite=0.0, pmid_found=1.0
    )
    works = {w.doi.lower(): w for w in WORKS} | dict(filler.works)
    articles = {w.pmid: w for w in WORKS} | dict(filler.articles)
    return standin.Corpus(works=works, articles=articles)


def _server(**options: Any) -> Any:
    options.setdefault("latency", 0.0)
    options.setdefault("limits", None)
    return standin.StandIn(_corpus(options.pop("extra", 0)), **options)


def _works(server: Any, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.crossref_url}/works", params={"mailto": MAILTO, **params})


def _esearch(server: Any, term: str, **params: Any) -> dict[str, Any]:
    answer = httpx.get(
        f"{server.eutils_url}/esearch.fcgi",
        params={"db": "pubmed", "term": term, "retmode": "json", **params},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    return body


# --------------------------------------------------------------------------
# Crossref


def test_a_bibliographic_search_answers_crossrefs_work_list_with_a_score_per_item() -> None:
    with _server() as server:
        answer = _works(
            server, **{"query.bibliographic": "Muller Chemokine receptor breast cancer", "rows": 3}
        )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["status"], body["message-type"], body["message-version"]) == (
        "ok",
        "work-list",
        "1.0.0",
    )
    message = body["message"]
    assert set(message) == {"facets", "total-results", "items", "items-per-page", "query"}
    assert message["query"] == {"start-index": 0, "search-terms": None}
    assert message["items-per-page"] == 3
    assert len(message["items"]) == 3
    assert message["total-results"] >= 3
    scores = [item["score"] for item in message["items"]]
    assert scores == sorted(scores, reverse=True) and all(isinstance(s, float) for s in scores)
    assert message["items"][0]["DOI"] == "10.5555/search.0000"
    assert message["items"][0]["title"] == [WORKS[0].title]


def test_an_exact_title_ranks_its_record_first_among_thousands() -> None:
    with _server(extra=2000) as server:
        for work in WORKS:
            entry = f"{work.authors[0][0]} {work.authors[0][1][0]}. {work.title}. {work.journal}. {work.year}"
            answer = _works(
                server, **{"query.bibliographic": entry, "rows": 5, "select": "DOI,score"}
            )
            assert answer.json()["message"]["items"][0]["DOI"] == work.doi, entry


def test_a_fabricated_title_still_gets_real_papers_sharing_its_words_or_author() -> None:
    entry = (
        "Miller R. Chemokine antagonists in experimental Parkinson disease. Nature. 2023;12:44-50."
    )
    with _server() as server:
        answer = _works(server, **{"query.bibliographic": entry, "rows": 5})
    message = answer.json()["message"]
    assert message["total-results"] > 0
    top = message["items"][0]
    assert top["title"] == [WORKS[2].title]  # the author's real paper, not the one cited
    shared = set(search.tokens(entry))
    for item in message["items"]:
        words = set(search.tokens(" ".join(item["title"] + item["container-title"])))
        words |= {w for a in item["author"] for w in search.tokens(a["family"])}
        assert words & shared, item["title"]


def test_select_keeps_only_the_fields_asked_and_the_score_when_asked() -> None:
    with _server() as server:
        answer = _works(
            server, **{"query.bibliographic": "lithium cortical", "select": "DOI,title"}
        )
        scored = _works(
            server, **{"query.bibliographic": "lithium cortical", "select": "DOI,score"}
        )
    assert all(set(item) == {"DOI", "title"} for item in answer.json()["message"]["items"])
    assert all(set(item) == {"DOI", "score"} for item in scored.json()["message"]["items"])


def test_query_author_keeps_only_works_by_that_author() -> None:
    with _server() as server:
        answer = _works(server, **{"query.bibliographic": "receptor", "query.author": "Homey"})
    items = answer.json()["message"]["items"]
    assert sorted(i["DOI"] for i in items) == ["10.5555/search.0000", "10.5555/search.0001"]
    assert all(any(a["family"] == "Homey" for a in i["author"]) for i in items)


def test_a_publication_date_filter_keeps_the_years_asked() -> None:
    with _server() as server:
        answer = _works(
            server,
            **{
                "query.bibliographic": "receptor",
                "filter": "from-pub-date:2001,until-pub-date:2002-12",
            },
        )
    years = [i["issued"]["date-parts"][0][0] for i in answer.json()["message"]["items"]]
    assert sorted(years) == [2001, 2002]


def test_bad_search_parameters_get_crossrefs_validation_failure() -> None:
    with _server() as server:
        too_many = _works(server, **{"query.bibliographic": "x", "rows": 1001})
        bad_filter = _works(server, **{"query.bibliographic": "x", "filter": "has-abstract:true"})
        bad_select = _works(server, **{"query.bibliographic": "x", "select": "DOI,nonsense"})
        bad_query = _works(server, **{"query.title": "x"})  # no longer a field query
    for answer, kind in (
        (too_many, "integer-not-valid"),
        (bad_filter, "filter-not-available"),
        (bad_select, "select-field-not-available"),
        (bad_query, "field-query-not-available"),
    ):
        assert answer.status_code == 400
        body = answer.json()
        assert (body["status"], body["message-type"]) == ("failed", "validation-failure")
        assert body["message"][0]["type"] == kind
    assert bad_query.json()["message"][0]["value"] == "title"
    assert "Field query 'title' specified" in bad_query.json()["message"][0]["message"]


def test_the_identifier_list_route_is_unchanged_by_the_search_routes() -> None:
    with _server() as server:
        answer = _works(server, filter="doi:10.5555/search.0003")
        stats = server.stats()
    assert [i["DOI"] for i in answer.json()["message"]["items"]] == ["10.5555/search.0003"]
    assert stats["requests"] == {"crossref-list": 1}


def test_a_thousand_searches_over_thousands_of_records_take_seconds_not_minutes() -> None:
    index = standin.StandIn(_corpus(extra=3000)).search_index()
    query = {
        "query.bibliographic": ["Homey B. Chemokine receptor expression in melanoma. Nature 2002"]
    }
    started = time.monotonic()
    for _ in range(200):
        status, _ = search.crossref_search(index, {**query, "rows": ["5"]})
    assert status == 200
    assert time.monotonic() - started < 10


# --------------------------------------------------------------------------
# PubMed esearch


def test_esearch_with_title_words_author_and_year_finds_the_article() -> None:
    term = "chemokine[ti] AND receptor[ti] AND melanoma[ti] AND homey b[au] AND 2002[dp]"
    with _server() as server:
        body = _esearch(server, term)
    assert body["header"] == {"type": "esearch", "version": "0.3"}
    result = body["esearchresult"]
    assert result["count"] == "1"
    assert result["idlist"] == ["30000101"]
    assert (result["retmax"], result["retstart"], result["translationset"]) == ("1", "0", [])
    assert "Author" in result["querytranslation"] and "Title" in result["querytranslation"]
    assert "errorlist" not in result


def test_esearch_leaves_out_a_name_or_word_no_article_has_and_says_so() -> None:
    # As PubMed does: the rest is searched, so the hits do not match the name.
    term = "chemokine[ti] AND melanoma[ti] AND zzyzxqq[au] AND qwvbn[ti]"
    with _server() as server:
        body = _esearch(server, term)
    result = body["esearchresult"]
    assert (result["count"], result["idlist"]) == ("1", ["30000101"])
    assert result["errorlist"] == {
        "phrasesnotfound": ["zzyzxqq[au]", "qwvbn[ti]"],
        "fieldsnotfound": [],
    }
    assert "zzyzxqq" not in result["querytranslation"]


def test_esearch_with_only_unknown_terms_counts_0() -> None:
    with _server() as server:
        body = _esearch(server, "zzyzxqq[au] AND qwvbn[ti]")
    result = body["esearchresult"]
    assert (result["count"], result["retmax"], result["idlist"]) == ("0", "0", [])
    assert result["warninglist"]["outputmessages"] == ["No items found."]


def test_esearch_truncates_a_word_ending_in_a_star() -> None:
    with _server() as server:
        body = _esearch(server, "chemok*[ti] AND 2002[dp]")
    assert body["esearchresult"]["idlist"] == ["30000101"]


def test_esearch_with_an_author_who_wrote_other_articles_counts_0_without_an_error() -> None:
    with _server() as server:
        body = _esearch(server, "melanoma[ti] AND miller[au]")
    result = body["esearchresult"]
    assert (result["count"], result["idlist"]) == ("0", [])
    assert "errorlist" not in result
    assert result["warninglist"]["outputmessages"] == ["No items found."]


def test_esearch_ignores_stopwords_and_says_so() -> None:
    with _server() as server:
        body = _esearch(server, "sleep[ti] AND in[ti] AND of[ti] AND premutation[ti]")
    result = body["esearchresult"]
    assert result["idlist"] == ["30000103"]
    assert result["warninglist"]["phrasesignored"] == ["in", "of"]


def test_esearch_matches_initials_full_given_names_journals_and_folded_diacritics() -> None:
    with _server() as server:
        by_initials = _esearch(server, "muller a[au] AND 2001[dp]")
        by_name = _esearch(server, "Müller Anja[au]")
        wrong_initial = _esearch(server, "muller x[au]")
        by_journal = _esearch(server, "ecology and evolution[ta] AND 2016[dp]")
        a_range = _esearch(server, "receptor[ti] AND 2000:2002[dp]")
    assert by_initials["esearchresult"]["idlist"] == ["30000100"]
    assert by_name["esearchresult"]["idlist"] == ["30000100"]
    assert wrong_initial["esearchresult"]["count"] == "0"
    assert by_journal["esearchresult"]["idlist"] == ["30000104"]
    assert sorted(a_range["esearchresult"]["idlist"]) == ["30000100", "30000101"]


def test_esearch_finds_surnames_of_several_words() -> None:
    with _server() as server:
        whole = _esearch(server, "de neve[au] AND happiness[ti]")
        with_initials = _esearch(server, "De Neve JE[au]")
    assert whole["esearchresult"]["idlist"] == ["30000106"]
    assert with_initials["esearchresult"]["idlist"] == ["30000106"]


def test_esearch_dates_match_the_electronic_year_as_well_as_the_print_one() -> None:
    work = WORKS[0]
    article = (
        sys.modules["standin_corpus"]
        .pubmed_article(work)
        .replace(
            "<ArticleTitle>",
            '<ArticleDate DateType="Electronic"><Year>2000</Year><Month>12</Month>'
            "<Day>30</Day></ArticleDate><ArticleTitle>",
        )
    )
    index = search.SearchIndex.build(pubmed_articles=[article])
    for year in ("2000", "2001"):
        _, body = pubmed_search.esearch(
            index, {"db": ["pubmed"], "term": [f"{year}[dp]"], "retmode": ["json"]}
        )
        assert json.loads(body)["esearchresult"]["idlist"] == ["30000100"], year


def test_esearch_sorts_by_relevance_when_asked_and_most_recent_first_otherwise() -> None:
    with _server() as server:
        recent = _esearch(server, "receptor[ti]")
        relevant = _esearch(
            server, "receptor[ti] AND chemokine[ti] OR melanoma[ti]", sort="relevance"
        )
    assert recent["esearchresult"]["idlist"] == ["30000102", "30000101", "30000100"]
    assert relevant["esearchresult"]["idlist"][0] == "30000101"


def test_esearch_answers_xml_by_default_in_esearchs_own_shape() -> None:
    with _server() as server:
        answer = httpx.get(
            f"{server.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "lithium[ti]"}
        )
    assert answer.headers["content-type"].startswith("text/xml")
    text = answer.text
    assert "<!DOCTYPE eSearchResult" in text
    assert "<Count>1</Count><RetMax>1</RetMax><RetStart>0</RetStart><IdList>" in text
    assert "<Id>30000105</Id>" in text


def test_esearch_without_a_term_answers_esearchs_error() -> None:
    with _server() as server:
        body = _esearch(server, "")
    assert body["esearchresult"] == {"ERROR": "Empty term and query_key - nothing todo"}


# --------------------------------------------------------------------------
# ECitMatch


def test_ecitmatch_appends_the_pmid_or_says_not_found_ambiguous_or_invalid_journal() -> None:
    lines = "\r".join(
        [
            "Nature|2001|10|100|muller a|k1|",
            "Nature|2001|10|999|muller a|k2|",
            "Nature|||||k3|",
            "Journal of Nothing|2001|10|100|muller|k4|",
        ]
    )
    with _server() as server:
        answer = httpx.get(
            f"{server.eutils_url}/ecitmatch.cgi",
            params={"db": "pubmed", "retmode": "xml", "bdata": lines},
        )
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.text.splitlines() == [
        "Nature|2001|10|100|muller a|k1|30000100",
        "Nature|2001|10|999|muller a|k2|NOT_FOUND",
        "Nature|||||k3|AMBIGUOUS",
        "Journal of Nothing|2001|10|100|muller|k4|NOT_FOUND;INVALID_JOURNAL",
    ]


def test_ecitmatch_without_retmode_xml_answers_its_html_form() -> None:
    with _server() as server:
        answer = httpx.get(
            f"{server.eutils_url}/ecitmatch.cgi", params={"db": "pubmed", "bdata": "Nature|||||k|"}
        )
    assert answer.headers["content-type"].startswith("text/html")
    assert b"Batch Citation Matcher" in answer.content


# --------------------------------------------------------------------------
# Limits, faults, statistics


def test_search_routes_count_in_the_crossref_list_and_ncbi_buckets() -> None:
    limits = standin.ServiceLimits(
        crossref_polite_list=standin.Limit(1, 1), ncbi=standin.Limit(1, 1)
    )
    with _server(limits=limits) as server:
        first = _works(server, **{"query.bibliographic": "lithium"})
        listed = _works(server, filter="doi:10.5555/search.0001")  # the same bucket
        esearch_answer = httpx.get(
            f"{server.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "x[ti]"}
        )
        ecitmatch_answer = httpx.get(
            f"{server.eutils_url}/ecitmatch.cgi",
            params={"db": "pubmed", "retmode": "xml", "bdata": "Nature|||||k|"},
        )
        stats = server.stats()
    assert first.status_code == 200
    assert first.headers["x-rate-limit-limit"] == "1"
    assert listed.status_code == 429 and listed.headers["Retry-After"] == "1"
    assert esearch_answer.status_code == 200
    assert ecitmatch_answer.status_code == 429
    assert json.loads(ecitmatch_answer.content)["error"] == "API rate limit exceeded"
    assert stats["requests"] == {
        "crossref-search": 1,
        "crossref-list": 1,
        "esearch": 1,
        "ecitmatch": 1,
    }
    assert stats["rate_limited"] == {"crossref-list": 1, "ecitmatch": 1}


def test_malformed_faults_answer_the_search_routes_in_shapes_no_service_gives() -> None:
    faults = standin.Faults(malformed=1.0, seed=3)
    with _server(faults=faults) as server:
        answers = [
            _works(server, **{"query.bibliographic": "lithium"}),
            httpx.get(f"{server.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "x"}),
            httpx.get(
                f"{server.eutils_url}/ecitmatch.cgi", params={"retmode": "xml", "bdata": "a|"}
            ),
        ]
        stats = server.stats()
    for answer, route in zip(answers, ("crossref-search", "esearch", "ecitmatch"), strict=True):
        assert answer.status_code == 200
        assert answer.content in {body for _, body in standin.MALFORMED[route]}
    assert stats["faults"] == {"malformed": 3}


def test_a_server_error_fault_applies_to_the_search_routes_too() -> None:
    with _server(faults=standin.Faults(server_error=1.0)) as server:
        answer = _works(server, **{"query.bibliographic": "lithium"})
    assert answer.status_code == 503


def test_the_index_reads_crossref_messages_and_pubmed_articles_as_served() -> None:
    work = WORKS[0]
    bodies = sys.modules["standin_corpus"]  # imported by standin.py from its folder
    crossref = search.from_crossref(bodies.crossref_work(work))
    pubmed = search.from_pubmed(bodies.pubmed_article(work))
    for indexed in (crossref, pubmed):
        assert indexed is not None
        assert indexed.title.rstrip(".") == work.title
        assert indexed.authors[0][0] == "Müller"
        assert indexed.year == 2001
        assert indexed.volume == "10" and indexed.first_page == "100"
        assert "Nature" in indexed.journals
    assert crossref.key == "10.5555/search.0000" and pubmed is not None and pubmed.key == "30000100"
