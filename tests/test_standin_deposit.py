"""The stand-in holds an article's own work with the reference list its
publisher deposited, and serves it as Crossref does: on ``/works/{doi}``
and on list answers asked without ``select``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from citecheck.audit import run_audit
from citecheck.config import ServiceSettings
from citecheck.models import FindingCode
from citecheck.resolve import Resolver
from citecheck.resolvers.crossref_record import (
    record_from_work,
    work_from_single,
    works_from_list,
)
from citecheck.resolvers.http import RetryPolicy

STANDIN_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "standin.py"
ARTICLE_DOI = "10.5555/standin.review.1"


def _load_standin() -> ModuleType:
    # benchmarks/ is not a package: the file itself, registered first
    # since dataclasses look their module up in sys.modules.
    spec = importlib.util.spec_from_file_location("citecheck_bench_standin_deposit", STANDIN_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


standin = _load_standin()


def corpus_with_article() -> tuple[Any, Any]:
    corpus = standin.Corpus.generate(dois=6, pmids=0, found=1.0, datacite=0.0, seed=3)
    cited = [corpus.works[doi.lower()] for doi in sorted(corpus.works)]
    article = standin.Work(
        title="Cracked pots in the wild: a review",
        authors=(("Carberry", "Josiah"), ("Tan", "Mei")),
        year=2019,
        journal="Journal of Psychoceramics",
        volume="4",
        issue="3",
        pages="201-219",
        doi=ARTICLE_DOI,
        references=standin.reference_items(cited, unstructured=0.5, seed=2),
    )
    return corpus.with_works(article), cited


def test_the_article_and_its_deposit_are_served_on_its_work_route() -> None:
    corpus, cited = corpus_with_article()
    with standin.StandIn(corpus, latency=0, limits=None) as server, httpx.Client() as client:
        answer = client.get(f"{server.base_url}/works/{ARTICLE_DOI}")
    record = record_from_work(work_from_single(answer.json()))
    assert record.issue == "3"
    assert record.deposit is not None
    assert record.deposit.count == len(cited) == 6
    assert [r.key for r in record.deposit.references] == [f"ref{n}" for n in range(1, 7)]
    structured = [r for r in record.deposit.references if r.doi]
    unstructured = [r for r in record.deposit.references if r.unstructured]
    assert structured and unstructured
    assert len(structured) + len(unstructured) == 6


def test_deposited_items_are_structured_with_the_matched_doi_or_only_text() -> None:
    _, cited = corpus_with_article()
    work = cited[0]
    family, given = work.authors[0]
    (structured,) = standin.reference_items([work])
    assert structured == {
        "key": "ref1",
        "doi-asserted-by": "crossref",
        "DOI": work.doi,
        "first-page": work.pages.partition("-")[0],
        "article-title": work.title,
        "volume": work.volume,
        "author": f"{given[0]} {family}",
        "year": str(work.year),
        "journal-title": work.journal,
    }
    (text,) = standin.reference_items([work], unstructured=1.0)
    assert set(text) == {"key", "unstructured"}
    assert work.title in text["unstructured"]


def test_list_answers_carry_the_deposit_only_when_asked_without_select() -> None:
    corpus, _ = corpus_with_article()
    with standin.StandIn(corpus, latency=0, limits=None) as server, httpx.Client() as client:
        whole = client.get(f"{server.base_url}/works", params={"filter": f"doi:{ARTICLE_DOI}"})
        selected = client.get(
            f"{server.base_url}/works",
            params={"filter": f"doi:{ARTICLE_DOI}", "select": "DOI,title"},
        )
    (item,) = works_from_list(whole.json())
    assert len(item["reference"]) == 6
    assert record_from_work(item).deposit is not None
    (bare,) = works_from_list(selected.json())
    assert set(bare) == {"DOI", "title"}
    assert record_from_work(bare).deposit is None


def test_works_without_a_deposit_are_served_as_before() -> None:
    _, cited = corpus_with_article()
    message = standin.crossref_work(cited[0])
    assert not {"reference", "reference-count", "issue"} & set(message)


def test_a_work_without_a_doi_cannot_be_added() -> None:
    corpus, _ = corpus_with_article()
    nameless = standin.Work("A title", (("Tan", "Mei"),), 2019, "J", "1", "1-2")
    with pytest.raises(ValueError, match="needs a DOI"):
        corpus.with_works(nameless)


def test_an_article_stating_its_doi_gets_its_list_back_from_the_stand_ins_deposit() -> None:
    # End to end: the document's own DOI is fetched (list route, no select)
    # through citecheck's own Resolver, and its deposit recovered.
    corpus = standin.Corpus.generate(dois=4, pmids=0, found=1.0, datacite=0.0, seed=4)
    cited = [corpus.works[doi] for doi in sorted(corpus.works)]
    article = standin.Work(
        title="Cracked pots in the wild: a review",
        authors=(("Carberry", "Josiah"), ("Tan", "Mei")),
        year=2019,
        journal="Journal of Psychoceramics",
        volume="4",
        pages="201-219",
        doi="10.5555/jpsy.2019.0042",
        references=standin.reference_items(cited),
    )
    page = Path(__file__).parent / "fixtures" / "identity" / "first-page.txt"
    with standin.StandIn(corpus.with_works(article), latency=0, limits=None) as server:
        settings = ServiceSettings(
            crossref_url=server.crossref_url,
            eutils_url=server.eutils_url,
            idconv_url=server.idconv_url,
            datacite_url=server.datacite_url,
            mailto="tests@example.org",
            timeout=5.0,
        )
        with Resolver(settings, retry=RetryPolicy(attempts=2, base_delay=0.01)) as resolver:
            result = run_audit([page], resolver=resolver)
    (finding,) = [f for f in result.audits[0].findings if f.code is FindingCode.NO_REFERENCE_LIST]
    evidence = finding.evidence_dict()
    assert evidence["recovered_from"] == "DOI 10.5555/jpsy.2019.0042 (Crossref deposit)"
    assert evidence["identified_by"] == "its DOI is the one the document states"
    assert (evidence["recovered_entries"], evidence["markers_covered"]) == ("4", "1–3")
    assert evidence["markers_past_list"] == "none"
    assert evidence["entry_1"].endswith(f"DOI {cited[0].doi.lower()}")
