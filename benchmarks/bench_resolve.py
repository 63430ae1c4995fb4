"""Requests and throughput of resolving 1,000 DOIs and 1,000 PMIDs.

Usage::

    .venv/bin/python benchmarks/bench_resolve.py [--latency 0.2] [--dois 1000] [--pmids 1000]

The services are respx routes that answer in their real formats after a
simulated latency: Crossref finds 95 % of the DOIs in list requests; of the
rest, half are found by /works/{doi}, a quarter are DataCite DOIs (whose record
DataCite's /dois/{doi} gives) and a quarter exist nowhere. PubMed knows 98 %
of the PMIDs. Nothing leaves the process. Reported: requests per route, wall time, and for each rate-limited
bucket the request rate reached against the limit it was given.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from collections import defaultdict
from urllib.parse import parse_qs, unquote

import httpx
import respx

from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType, LookupStatus
from citecheck.resolve import Resolver
from citecheck.resolvers.http import RetryPolicy

CROSSREF = "https://crossref.bench"
EUTILS = "https://eutils.bench/entrez/eutils"
DATACITE = "https://datacite.bench"
PUBMED_HEAD = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    '1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


class Services:
    """Stand-ins for Crossref and E-utilities, recording every request's start."""

    def __init__(self, dois: list[str], pmids: list[str], latency: float, seed: int = 1) -> None:
        rng = random.Random(seed)
        self.latency = latency
        self.starts: dict[str, list[float]] = defaultdict(list)
        self.lock = threading.Lock()
        self.in_lists = {d for d in dois if rng.random() < 0.95}
        rest = [d for d in dois if d not in self.in_lists]
        self.singles = set(rest[: len(rest) // 2])
        self.datacite = set(rest[len(rest) // 2 : 3 * len(rest) // 4])
        self.pubmed = {p for p in pmids if rng.random() < 0.98}

    def _arrive(self, route: str) -> None:
        with self.lock:
            self.starts[route].append(time.monotonic())
        time.sleep(self.latency)

    def works_list(self, request: httpx.Request) -> httpx.Response:
        self._arrive("crossref list")
        query = parse_qs(request.url.query.decode())
        wanted = [part.removeprefix("doi:") for part in query["filter"][0].split(",")]
        items = [_work(doi) for doi in wanted if doi in self.in_lists]
        body = {
            "status": "ok",
            "message-type": "work-list",
            "message": {"total-results": len(items), "items": items},
        }
        return httpx.Response(200, json=body)

    def work(self, request: httpx.Request) -> httpx.Response:
        self._arrive("crossref single")
        path = unquote(request.url.path.removeprefix("/works/"))
        if path.endswith("/agency"):
            doi = path.removesuffix("/agency")
            # As Crossref: the agency of a DOI it registered is Crossref.
            if doi in self.datacite or doi in self.singles:
                agency = (
                    {"id": "datacite", "label": "DataCite"}
                    if doi in self.datacite
                    else {"id": "crossref", "label": "Crossref"}
                )
                body = {
                    "status": "ok",
                    "message-type": "work-agency",
                    "message": {"DOI": doi, "agency": agency},
                }
                return httpx.Response(200, json=body)
            return httpx.Response(404, text="Resource not found.")
        if path in self.singles:
            body = {"status": "ok", "message-type": "work", "message": _work(path)}
            return httpx.Response(200, json=body)
        return httpx.Response(404, text="Resource not found.")

    def datacite_record(self, request: httpx.Request) -> httpx.Response:
        """DataCite's /dois/{doi}: the record of a DOI Crossref said is DataCite's."""
        self._arrive("datacite")
        doi = unquote(request.url.path.removeprefix("/dois/"))
        if doi not in self.datacite:
            return httpx.Response(404, json={"errors": [{"status": "404", "title": "Not found"}]})
        attributes = {
            "doi": doi,
            "titles": [{"title": f"Dataset {doi}"}],
            "creators": [{"name": "Bench, Ada", "givenName": "Ada", "familyName": "Bench"}],
            "publisher": "Zenodo",
            "publicationYear": 2020,
            "types": {"resourceTypeGeneral": "Dataset"},
        }
        return httpx.Response(
            200, json={"data": {"id": doi, "type": "dois", "attributes": attributes}}
        )

    def efetch(self, request: httpx.Request) -> httpx.Response:
        self._arrive("efetch")
        ids = parse_qs(request.content.decode())["id"][0].split(",")
        articles = "".join(_article(pmid) for pmid in ids if pmid in self.pubmed)
        return httpx.Response(
            200, text=f"{PUBMED_HEAD}<PubmedArticleSet>{articles}</PubmedArticleSet>"
        )


def _work(doi: str) -> dict[str, object]:
    return {
        "DOI": doi,
        "title": [f"A study numbered {doi[-6:]}"],
        "author": [{"family": "Smith", "given": "Ann"}],
        "issued": {"date-parts": [[2020, 1]]},
        "container-title": ["Journal of Benchmarks"],
        "type": "journal-article",
    }


def _article(pmid: str) -> str:
    return (
        f'<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article>'
        "<Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>"
        "<Title>Journal of Benchmarks</Title></Journal>"
        f"<ArticleTitle>A study numbered {pmid}.</ArticleTitle>"
        "<AuthorList><Author><LastName>Smith</LastName><ForeName>Ann</ForeName></Author></AuthorList>"
        "</Article></MedlineCitation></PubmedArticle>"
    )


def achieved_rate(starts: list[float]) -> float | None:
    """Requests a second between the first and the last start."""
    if len(starts) < 2:
        return None
    return (len(starts) - 1) / (starts[-1] - starts[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--dois", type=int, default=1000)
    parser.add_argument("--pmids", type=int, default=1000)
    args = parser.parse_args()

    rng = random.Random(7)
    dois = [f"10.{rng.randint(1000, 9999)}/bench.{n:06d}" for n in range(args.dois)]
    pmids = [str(rng.randint(1_000_000, 39_999_999)) for _ in range(args.pmids)]
    services = Services(dois, pmids, args.latency)
    settings = ServiceSettings(
        crossref_url=CROSSREF, eutils_url=EUTILS, datacite_url=DATACITE, mailto="bench@example.org"
    )

    with respx.mock(assert_all_mocked=True) as router:
        router.get(f"{CROSSREF}/works").mock(side_effect=services.works_list)
        router.get(url__startswith=f"{CROSSREF}/works/").mock(side_effect=services.work)
        router.post(f"{EUTILS}/efetch.fcgi").mock(side_effect=services.efetch)
        router.get(url__startswith=f"{DATACITE}/dois/").mock(side_effect=services.datacite_record)
        identifiers = [Identifier(IdType.DOI, d) for d in dois] + [
            Identifier(IdType.PMID, p) for p in pmids
        ]
        started = time.monotonic()
        with Resolver(settings, retry=RetryPolicy(attempts=1)) as resolver:
            lookups = resolver.resolve(identifiers)
            limits = {name: limiter.limits for name, limiter in resolver.limiters.items()}
        wall = time.monotonic() - started

    statuses: dict[str, int] = defaultdict(int)
    for lookup in lookups.values():
        statuses[f"{lookup.identifier.type.value} {lookup.status.value}"] += 1
    print(
        f"{args.dois} DOIs and {args.pmids} PMIDs, latency {args.latency * 1000:.0f} ms, polite pool, no NCBI key"
    )
    print("outcomes:", json.dumps(dict(sorted(statuses.items()))))
    assert all(lookup.status is not LookupStatus.COULD_NOT_VERIFY for lookup in lookups.values())
    bucket_of = {
        "crossref list": "crossref-list",
        "crossref single": "crossref-single",
        "efetch": "ncbi",
    }
    for route in ("crossref list", "crossref single", "efetch"):
        starts = services.starts[route]
        limit = limits[bucket_of[route]]
        rate = achieved_rate(starts)
        reached = f"{rate:.2f}/s = {rate / limit.rate:.0%} of {limit.rate:g}/s" if rate else "n/a"
        print(f"{route:16}: {len(starts):4d} requests, rate {reached}")
    # The buckets run side by side: the busiest one sets the pace.
    bound = max(
        (len(services.starts["crossref list"]) - 1) / limits["crossref-list"].rate,
        (len(services.starts["crossref single"]) - 1) / limits["crossref-single"].rate,
        (len(services.starts["efetch"]) - 1) / limits["ncbi"].rate,
    )
    print(f"wall time       : {wall:.2f} s (rate-limit bound about {bound + args.latency:.2f} s)")


if __name__ == "__main__":
    main()
