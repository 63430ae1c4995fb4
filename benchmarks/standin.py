"""A local stand-in for Crossref, NCBI E-utilities, the PMC ID converter,
DataCite, arXiv and ClinicalTrials.gov.

Usage::

    .venv/bin/python benchmarks/standin.py [--port 0] [--dois 1000] [--pmids 1000] \\
        [--latency 0.2] [--no-limits] [--server-errors 0.05] [--hangs 0.01] [--truncated 0.01] \\
        [--malformed 0.05] [--foreign-404 0.05]

A threaded HTTP/1.1 server (keep-alive) on 127.0.0.1 that answers, in the
services' real formats, from a generated :class:`Corpus`. citecheck reaches
it only through its base-URL options, for example::

    citecheck resolve --crossref-url http://127.0.0.1:PORT \\
        --eutils-url http://127.0.0.1:PORT/entrez/eutils \\
        --idconv-url http://127.0.0.1:PORT/idconv --mailto you@example.org ID...

=====================================================  ================  ==============
route                                                  stats name        limit bucket
=====================================================  ================  ==============
``GET /works?filter=doi:A,doi:B&rows=N&select=…``      crossref-list     Crossref list
``GET /works/{doi}`` (percent-encoded DOI)             crossref-single   Crossref single
``GET /works/{doi}/agency``                            crossref-agency   Crossref single
``POST /entrez/eutils/efetch.fcgi`` (db=pubmed)        efetch            NCBI
``GET /idconv/api/v1/articles/?ids=…&format=json``     idconv            NCBI
``GET /dois/{doi}`` (DataCite REST API)                datacite          none
``GET /works?query.bibliographic=…&rows=N&select=…``   crossref-search   Crossref list
``GET|POST /entrez/eutils/esearch.fcgi`` (db=pubmed)   esearch           NCBI
``GET|POST /entrez/eutils/ecitmatch.cgi``              ecitmatch         NCBI
``GET /api/query?id_list=A,B&max_results=N`` (arXiv)   arxiv             arXiv (1 in 3 s)
``GET /api/v2/studies/{nct}`` (ClinicalTrials.gov)     clinicaltrials    50 a minute
=====================================================  ================  ==============

The search routes (``standin_search.py``, ``standin_pubmed_search.py``) rank like the real engines: a
Crossref search always returns its best hits (a fabricated title gets
real, different papers), esearch ANDs its field-tagged terms (``[ti]``,
``[au]``, ``[dp]``, ``[ta]``…) and counts 0 when nothing matches them all,
ECitMatch answers its pipe-delimited lines. They search every record the
stand-in serves, indexed once on the first search.

Limits are enforced like the services do: a request beyond a bucket's rate
(a sliding one-second window of admitted requests) or its concurrency is
answered 429. Crossref's buckets depend on the pool: polite when the request
carries ``mailto`` (query or User-Agent), public otherwise; every Crossref
answer carries ``x-rate-limit-limit``, ``x-rate-limit-interval`` and
``x-concurrency-limit``, and its 429s ``Retry-After: 1``. NCBI's bucket is
3/s, 10/s with an ``api_key``; its 429 has NCBI's JSON body. arXiv admits one
request in any three seconds, one at a time, and answers others ``Rate
exceeded.``; ClinicalTrials.gov 50 in any minute. Faults (5xx,
hangs, truncated bodies) are drawn per admitted request from a seeded
generator. :meth:`StandIn.stats` counts requests, 429s and faults per route.

Real records can be served too (``--records DIR``, or ``records=`` to
:class:`StandIn`): ``DIR/crossref/*.json`` holds Crossref ``/works`` messages,
``DIR/pubmed/*.xml`` efetch documents; each is answered as captured, before
the generated corpus is consulted. A DOI neither knows gets Crossref's real
404 (``Resource not found.``, text/plain) on ``/works/{doi}`` and its agency
route; efetch leaves an unknown PMID out::

    .venv/bin/python benchmarks/standin.py --records ../shared/data/real-records --dois 0 --pmids 0

The corpus and the response bodies it is served as are in ``standin_corpus.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import random
import socket
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

# benchmarks/ is not a package. Run as a script, this folder is already on
# sys.path; loaded by importlib from its file path (tests/test_standin.py), it
# is not. Put it there either way so the sibling module below is found.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from standin_corpus import (  # noqa: E402  (needs the sys.path entry above)
    DATACITE_NOT_FOUND,
    Corpus,
    RealRecords,
    Work,
    crossref_message,
    crossref_work,
    crossref_work_list,
    datacite_body,
    datacite_work,
    idconv_records,
    pubmed_efetch,
    reference_items,
)
from standin_pubmed_search import ecitmatch, esearch  # noqa: E402
from standin_registries import ARXIV_RATE_EXCEEDED, arxiv_feed, trial_study  # noqa: E402
from standin_search import SearchIndex, crossref_search, from_generated  # noqa: E402

# Corpus, Work and reference_items are re-exported: benchmarks and tests
# reach them through here.
__all__ = [
    "Corpus",
    "Faults",
    "Limit",
    "RealRecords",
    "ServiceLimits",
    "StandIn",
    "Work",
    "main",
    "reference_items",
]

logger = logging.getLogger(__name__)

NOT_FOUND_TEXT = "Resource not found."

FOREIGN_NOT_FOUND = (
    b"<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found"
    b"</h1></center><hr><center>nginx</center></body></html>"
)
"""A 404 page of the kind a proxy, gateway or CDN answers: not the service's."""

_JSON = "application/json"
_XML = "text/xml; charset=UTF-8"
_PUBMED_HEAD = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n'
)
MALFORMED: dict[str, tuple[tuple[str, bytes], ...]] = {
    "crossref-list": (
        (_JSON, b'{"status": "ok", "message-type": "work-list", "message": null}'),
        (
            _JSON,
            b'{"status": "failed", "message-type": "exception", "message-version": "1.0.0", '
            b'"message": {"name": "class java.lang.Exception", "description": "boom"}}',
        ),
        (_JSON, b'{"status": "ok", "message-type": "work-list", "message": {"items": "x"}}'),
        ("text/html", b"<html><body>Service temporarily unavailable</body></html>"),
    ),
    "crossref-single": (
        (_JSON, b'{"status": "ok", "message-type": "work", "message": null}'),
        (_JSON, b'{"status": "ok", "message-type": "work", "message": []}'),
        ("text/html", b"<html><body>Please enable cookies</body></html>"),
    ),
    "crossref-agency": (
        (_JSON, b'{"status": "ok", "message-type": "work-agency", "message": null}'),
        ("text/html", b"<html><body>Please enable cookies</body></html>"),
    ),
    "efetch": (
        (_XML, _PUBMED_HEAD + b"<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>\n"),
        (
            _XML,
            _PUBMED_HEAD + b"<PubmedArticleSet><PubmedArticle><MedlineCitation>"
            b'<PMID Version="1">abc</PMID></MedlineCitation></PubmedArticle>'
            b"</PubmedArticleSet>\n",
        ),
        ("text/html", b"<html><body>Bad Gateway</body></html>"),
    ),
    "idconv": (
        (_JSON, b'{"status": "error", "message": "internal error"}'),
        (_JSON, b'{"status": "ok", "records": "none"}'),
        ("text/html", b"<html><body>Bad Gateway</body></html>"),
    ),
    "arxiv": (
        ("text/html", b"<html><body>Bad Gateway</body></html>"),
        ("text/plain", ARXIV_RATE_EXCEEDED),
        (
            "application/atom+xml",
            b'<feed xmlns="http://www.w3.org/2005/Atom"><opensearch:totalResults '
            b'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>'
            b"<entry><title/></entry></feed>",
        ),
    ),
    "clinicaltrials": (
        (_JSON, b'{"studies": []}'),
        (_JSON, b'{"protocolSection": null}'),
        ("text/html", b"<html><body>Please enable JavaScript</body></html>"),
    ),
    "other": (("text/html", b"<html><body>?</body></html>"),),
}
"""Per route, answers of 200 in shapes the service never gives: ``message``
null or of the wrong type, Crossref's exception body, an empty or broken
``PubmedArticle``, an ID converter error, an HTML page."""

MALFORMED["crossref-search"] = MALFORMED["crossref-list"]
MALFORMED["esearch"] = (
    (
        _JSON,
        b'{"header": {"type": "esearch", "version": "0.3"}, "esearchresult": '
        b'{"ERROR": "Search Backend failed: Couldn\'t resolve #pmquerysrv-mz?dbaf=pubmed"}}',
    ),
    (
        _JSON,
        b'{"header": {"type": "esearch", "version": "0.3"}, "esearchresult": '
        b'{"count": "2", "retmax": "2", "retstart": "0", "idlist": "none"}}',
    ),
    ("text/html", b"<html><body>Bad Gateway</body></html>"),
)
MALFORMED["ecitmatch"] = (
    ("text/html", b"<html><body>Bad Gateway</body></html>"),
    ("text/plain", b"Error: internal server error\n"),
)


@dataclass(frozen=True, slots=True)
class Limit:
    """Requests a window (sliding, one second unless said) and requests in flight."""

    rate: float
    concurrency: int
    window: float = 1.0


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    """The limits the stand-in enforces; the defaults are the published ones."""

    crossref_polite_single: Limit = Limit(10, 3)
    crossref_polite_list: Limit = Limit(3, 3)
    crossref_public_single: Limit = Limit(5, 1)
    crossref_public_list: Limit = Limit(1, 1)
    ncbi: Limit = Limit(3, 3)
    ncbi_with_key: Limit = Limit(10, 10)
    arxiv: Limit = Limit(1, 1, window=3.0)
    clinicaltrials: Limit = Limit(50, 3, window=60.0)


@dataclass(frozen=True, slots=True)
class Faults:
    """Shares (0 to 1) of admitted requests that go wrong, drawn in this
    order from one seeded generator: a 5xx answer, a hang of ``hang_seconds``
    ended by closing the connection, a body cut short (Content-Length larger
    than what is sent, then the connection closed), an answer of 200 in a
    shape the service never gives for the route (:data:`MALFORMED`), and a
    404 that is not the service's own (a proxy's HTML page)."""

    server_error: float = 0.0
    hang: float = 0.0
    truncated: float = 0.0
    malformed: float = 0.0
    foreign_not_found: float = 0.0
    status: int = 503
    hang_seconds: float = 30.0
    seed: int = 0


class _Bucket:
    """A limit being enforced: start times in the last second, and in flight."""

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self._starts: deque[float] = deque()
        self._in_flight = 0
        self._lock = threading.Lock()

    def admit(self) -> int:
        """0 when admitted (release() later), else the count to report in a 429."""
        now = time.monotonic()
        with self._lock:
            while self._starts and self._starts[0] <= now - self.limit.window:
                self._starts.popleft()
            if len(self._starts) >= self.limit.rate or self._in_flight >= self.limit.concurrency:
                return len(self._starts) + 1
            self._starts.append(now)
            self._in_flight += 1
            return 0

    def release(self) -> None:
        with self._lock:
            self._in_flight -= 1


class StandIn:
    """The stand-in server. ``with StandIn(corpus) as server:`` starts it on a
    background thread (127.0.0.1, ``port`` 0 = any free port) and stops it on
    exit; or call :meth:`start` and :meth:`stop`. ``limits=None`` enforces no
    limit and sends no limit headers. ``records`` (a :class:`RealRecords` or
    the folder to load one from) are served before ``corpus``."""

    def __init__(
        self,
        corpus: Corpus | None = None,
        *,
        records: RealRecords | str | Path | None = None,
        latency: float = 0.2,
        limits: ServiceLimits | None = ServiceLimits(),
        faults: Faults = Faults(),
        port: int = 0,
    ) -> None:
        self.corpus = corpus if corpus is not None else Corpus(works={})
        if isinstance(records, str | Path):
            records = RealRecords.load(records)
        self.records = records if records is not None else RealRecords()
        self.latency = latency
        self.limits = limits
        self.faults = faults
        self._port = port
        self._rng = random.Random(faults.seed)
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._requests: Counter[str] = Counter()
        self._rate_limited: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()
        self._statuses: Counter[str] = Counter()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._index_lock = threading.Lock()
        self._search_index: SearchIndex | None = None

    # Lifecycle.

    def __enter__(self) -> StandIn:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> None:
        """Bind and serve on a background thread."""
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", self._port), _Handler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, end hanging requests and open connections, and wait
        for every handler thread."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the stand-in is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def crossref_url(self) -> str:
        return self.base_url

    @property
    def eutils_url(self) -> str:
        return f"{self.base_url}/entrez/eutils"

    @property
    def idconv_url(self) -> str:
        return f"{self.base_url}/idconv"

    @property
    def datacite_url(self) -> str:
        return self.base_url

    @property
    def arxiv_url(self) -> str:
        return self.base_url

    @property
    def clinicaltrials_url(self) -> str:
        return self.base_url

    def cli_options(self, mailto: str) -> list[str]:
        """The ``citecheck`` options that send every service's requests here."""
        return [
            "--crossref-url",
            self.crossref_url,
            "--eutils-url",
            self.eutils_url,
            "--idconv-url",
            self.idconv_url,
            "--datacite-url",
            self.datacite_url,
            "--arxiv-url",
            self.arxiv_url,
            "--clinicaltrials-url",
            self.clinicaltrials_url,
            "--mailto",
            mailto,
        ]

    def stats(self) -> dict[str, Any]:
        """Counts so far: ``requests``, ``rate_limited`` (429s) and ``statuses``
        (``"route status"``) per route, ``faults`` per kind, and ``total``."""
        with self._lock:
            return {
                "total": sum(self._requests.values()),
                "requests": dict(self._requests),
                "rate_limited": dict(self._rate_limited),
                "faults": dict(self._faults),
                "statuses": dict(self._statuses),
            }

    # Used by the handler.

    def count(self, route: str, status: int | None = None) -> None:
        with self._lock:
            if status is None:
                self._requests[route] += 1
            else:
                self._statuses[f"{route} {status}"] += 1
                if status == 429:
                    self._rate_limited[route] += 1

    def bucket(self, name: str, limit: Limit) -> _Bucket:
        with self._lock:
            return self._buckets.setdefault(name, _Bucket(limit))

    def draw_fault(self) -> str | None:
        with self._lock:
            roll = self._rng.random()
            for kind, share in (
                ("server_error", self.faults.server_error),
                ("hang", self.faults.hang),
                ("truncated", self.faults.truncated),
                ("malformed", self.faults.malformed),
                ("foreign_not_found", self.faults.foreign_not_found),
            ):
                if roll < share:
                    self._faults[kind] += 1
                    return kind
                roll -= share
            return None

    def malformed_answer(self, route: str) -> _Answer:
        """One of the route's malformed answers, drawn from the seeded generator."""
        with self._lock:
            shapes = MALFORMED.get(route) or MALFORMED["other"]
            content_type, body = shapes[self._rng.randrange(len(shapes))]
        return _Answer(200, body, content_type)

    def search_index(self) -> SearchIndex:
        """The index the search routes search: every record served, built
        on the first search (a few thousand records take well under a second)."""
        with self._index_lock:
            if self._search_index is None:
                corpus, records = self.corpus, self.records
                self._search_index = SearchIndex.build(
                    records.works.values(),
                    records.articles.values(),
                    crossref_works=[
                        from_generated(work, doi, crossref_work(work))
                        for doi, work in corpus.works.items()
                        if doi not in records.works
                    ],
                    pubmed_works=[
                        from_generated(work, pmid)
                        for pmid, work in corpus.articles.items()
                        if pmid not in records.articles
                    ],
                )
            return self._search_index

    def wait(self, seconds: float) -> None:
        """Sleep, cut short when the server stops."""
        if seconds > 0:
            self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], standin: StandIn):
        self.standin = standin
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def close_connections(self) -> None:
        """Wake handlers waiting on idle keep-alive connections."""
        with self.connections_lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("stand-in: error handling %s", client_address, exc_info=True)


@dataclass(slots=True)
class _Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "citecheck-standin"
    timeout = 60
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("stand-in: " + format, *args)

    def do_GET(self) -> None:
        self._serve({})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
        self._serve(form)

    def _serve(self, form: dict[str, list[str]]) -> None:
        standin = self.server.standin
        url = urlsplit(self.path)
        query = {**parse_qs(url.query), **form}
        path = url.path
        route = _search_route(path, query) or _route(path)
        standin.count(route)
        bucket = self._bucket(route, query)
        if bucket is not None:
            rejected = bucket.admit()
            if rejected:
                self._send(self._too_many(route, bucket.limit, rejected), route)
                return
        try:
            standin.wait(standin.latency)
            fault = standin.draw_fault() if route != "other" else None
            if fault == "hang":
                standin.wait(standin.faults.hang_seconds)
                self.close_connection = True
                return
            if fault == "server_error":
                status = standin.faults.status
                answer = _Answer(status, b"Service Unavailable", "text/plain")
            elif fault == "malformed":
                answer = standin.malformed_answer(route)
            elif fault == "foreign_not_found":
                answer = _Answer(404, FOREIGN_NOT_FOUND, "text/html; charset=utf-8")
            else:
                answer = self._answer(route, path, query)
            if route.startswith("crossref") and bucket is not None:
                answer.headers.update(_limit_headers(bucket.limit))
            self._send(answer, route, truncated=fault == "truncated")
        finally:
            if bucket is not None:
                bucket.release()

    def _bucket(self, route: str, query: dict[str, list[str]]) -> _Bucket | None:
        limits = self.server.standin.limits
        # DataCite's limit is far above what its few DOIs ask: no bucket.
        if limits is None or route in ("other", "datacite"):
            return None
        if route in ("arxiv", "clinicaltrials"):
            return self.server.standin.bucket(route, getattr(limits, route))
        if route in ("efetch", "idconv", "esearch", "ecitmatch"):
            if query.get("api_key"):
                return self.server.standin.bucket("ncbi-key", limits.ncbi_with_key)
            return self.server.standin.bucket("ncbi", limits.ncbi)
        polite = "mailto" in query or "mailto:" in self.headers.get("User-Agent", "")
        kind = "list" if route in ("crossref-list", "crossref-search") else "single"
        pool = "polite" if polite else "public"
        limit: Limit = getattr(limits, f"crossref_{pool}_{kind}")
        return self.server.standin.bucket(f"crossref-{pool}-{kind}", limit)

    def _too_many(self, route: str, limit: Limit, count: int) -> _Answer:
        if route.startswith("crossref"):
            headers = {"Retry-After": "1", **_limit_headers(limit)}
            return _Answer(429, b"Rate limit exceeded", "text/plain", headers)
        if route == "arxiv":
            return _Answer(429, ARXIV_RATE_EXCEEDED, "text/plain")
        if route == "clinicaltrials":
            return _Answer(429, b"Too Many Requests", "text/plain")
        body = json.dumps({"error": "API rate limit exceeded", "count": str(count)})
        headers = {"X-RateLimit-Limit": f"{limit.rate:g}", "X-RateLimit-Remaining": "0"}
        return _Answer(429, body.encode(), "application/json", headers)

    def _answer(self, route: str, path: str, query: dict[str, list[str]]) -> _Answer:
        corpus = self.server.standin.corpus
        records = self.server.standin.records
        if route == "crossref-list":
            return _works_list(corpus, query, records)
        if route == "crossref-agency":
            doi = unquote(path.removeprefix("/works/").removesuffix("/agency"))
            if doi.lower() in records.works:
                agency = {"id": "crossref", "label": "Crossref"}
                return _json(200, "work-agency", {"DOI": doi.lower(), "agency": agency})
            if doi.lower() in corpus.datacite:
                agency = {"id": "datacite", "label": "DataCite"}
                return _json(200, "work-agency", {"DOI": doi.lower(), "agency": agency})
            if doi.lower() in corpus.works:
                agency = {"id": "crossref", "label": "Crossref"}
                return _json(200, "work-agency", {"DOI": doi.lower(), "agency": agency})
            return _Answer(404, NOT_FOUND_TEXT.encode(), "text/plain")
        if route == "crossref-single":
            real = records.works.get(unquote(path.removeprefix("/works/")).lower())
            if real is not None:
                return _json(200, "work", real)
            work = corpus.works.get(unquote(path.removeprefix("/works/")).lower())
            if work is None:
                return _Answer(404, NOT_FOUND_TEXT.encode(), "text/plain")
            return _json(200, "work", crossref_work(work))
        if route == "datacite":
            work = datacite_work(corpus, unquote(path.removeprefix("/dois/")))
            if work is None:
                return _Answer(404, DATACITE_NOT_FOUND, "application/vnd.api+json")
            return _Answer(200, datacite_body(work), "application/vnd.api+json")
        if route in ("crossref-search", "esearch", "ecitmatch"):
            return _search_answer(self.server.standin, route, query)
        if route == "arxiv":
            status, body = arxiv_feed(corpus, query)
            return _Answer(status, body, "application/atom+xml; charset=utf-8")
        if route == "clinicaltrials":
            status, body, content_type = trial_study(
                corpus, unquote(path.removeprefix("/api/v2/studies/"))
            )
            return _Answer(status, body, content_type)
        if route == "efetch":
            return _efetch(corpus, query, records)
        if route == "idconv":
            return _idconv(corpus, query, records)
        return _Answer(404, NOT_FOUND_TEXT.encode(), "text/plain")

    def _send(self, answer: _Answer, route: str, *, truncated: bool = False) -> None:
        self.server.standin.count(route, answer.status)
        body = answer.body
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if truncated:
                # Promise the whole body, send half of it, and hang up.
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def _route(path: str) -> str:
    if path.rstrip("/") == "/works":
        return "crossref-list"
    if path.startswith("/works/"):
        return "crossref-agency" if path.endswith("/agency") else "crossref-single"
    if path.startswith("/dois/"):
        return "datacite"
    if path == "/entrez/eutils/efetch.fcgi":
        return "efetch"
    if path.rstrip("/") == "/api/query":
        return "arxiv"
    if path.startswith("/api/v2/studies/"):
        return "clinicaltrials"
    if path.rstrip("/") == "/idconv/api/v1/articles":
        return "idconv"
    return "other"


def _search_route(path: str, query: dict[str, list[str]]) -> str | None:
    """The search route ``path`` and ``query`` ask for, or None."""
    if path.rstrip("/") == "/works" and any(name.startswith("query") for name in query):
        return "crossref-search"
    if path == "/entrez/eutils/esearch.fcgi":
        return "esearch"
    if path == "/entrez/eutils/ecitmatch.cgi":
        return "ecitmatch"
    return None


def _search_answer(standin: StandIn, route: str, query: dict[str, list[str]]) -> _Answer:
    index = standin.search_index()
    if route == "crossref-search":
        status, body = crossref_search(index, query, unlisted=standin.corpus.unlisted)
        return _Answer(status, body)
    content_type, body = (esearch if route == "esearch" else ecitmatch)(index, query)
    return _Answer(200, body, content_type)


def _limit_headers(limit: Limit) -> dict[str, str]:
    return {
        "x-rate-limit-limit": f"{limit.rate:g}",
        "x-rate-limit-interval": "1s",
        "x-concurrency-limit": str(limit.concurrency),
    }


def _json(status: int, message_type: str, message: Any, state: str = "ok") -> _Answer:
    return _Answer(status, crossref_message(message_type, message, state=state))


def _works_list(corpus: Corpus, query: dict[str, list[str]], records: RealRecords) -> _Answer:
    status, body = crossref_work_list(corpus, query, records)
    return _Answer(status, body)


def _efetch(corpus: Corpus, query: dict[str, list[str]], records: RealRecords) -> _Answer:
    return _Answer(200, pubmed_efetch(corpus, query, records), "text/xml; charset=UTF-8")


def _idconv(corpus: Corpus, query: dict[str, list[str]], records: RealRecords) -> _Answer:
    return _Answer(200, idconv_records(corpus, query, records))


def _identifiers(corpus: Corpus, records: RealRecords) -> Iterator[str]:
    yield from records.works
    yield from records.articles
    yield from corpus.dois
    yield from corpus.pmids
    yield from corpus.pmcids
    yield from corpus.arxiv_ids
    yield from corpus.nct_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--dois", type=int, default=1000)
    parser.add_argument("--pmids", type=int, default=1000)
    parser.add_argument("--found", type=float, default=0.9, help="share of DOIs in Crossref")
    parser.add_argument("--datacite", type=float, default=0.05, help="share of DataCite DOIs")
    parser.add_argument("--pmid-found", type=float, default=0.95, help="share of PMIDs found")
    parser.add_argument("--arxiv", type=int, default=0, help="arXiv identifiers (90 %% found)")
    parser.add_argument("--trials", type=int, default=0, help="NCT numbers (90 %% found)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--no-limits", action="store_true", help="enforce no rate limit")
    parser.add_argument("--list-rate", type=float, help="polite Crossref list rate (default 3)")
    parser.add_argument(
        "--single-rate", type=float, help="polite Crossref single rate (default 10)"
    )
    parser.add_argument("--ncbi-rate", type=float, help="NCBI rate without a key (default 3)")
    parser.add_argument("--server-errors", type=float, default=0.0, help="share of 5xx answers")
    parser.add_argument("--hangs", type=float, default=0.0, help="share of hanging requests")
    parser.add_argument("--hang-seconds", type=float, default=30.0)
    parser.add_argument("--truncated", type=float, default=0.0, help="share of truncated bodies")
    parser.add_argument(
        "--malformed", type=float, default=0.0, help="share of 200s in a shape the route never has"
    )
    parser.add_argument(
        "--foreign-404", type=float, default=0.0, help="share of 404 pages not from the service"
    )
    parser.add_argument("--print-ids", action="store_true", help="print every identifier first")
    parser.add_argument(
        "--records",
        type=Path,
        help="serve the real records in DIR/crossref/*.json, DIR/pubmed/*.xml",
    )
    args = parser.parse_args()
    records = RealRecords.load(args.records) if args.records else None

    corpus = Corpus.generate(
        dois=args.dois,
        pmids=args.pmids,
        found=args.found,
        datacite=args.datacite,
        pmid_found=args.pmid_found,
        arxiv=args.arxiv,
        trials=args.trials,
        seed=args.seed,
    )
    limits: ServiceLimits | None = None
    if not args.no_limits:
        defaults = ServiceLimits()
        limits = ServiceLimits(
            crossref_polite_single=Limit(args.single_rate or 10, 3),
            crossref_polite_list=Limit(args.list_rate or 3, 3),
            ncbi=Limit(args.ncbi_rate or 3, max(1, int(args.ncbi_rate or 3))),
            crossref_public_single=defaults.crossref_public_single,
            crossref_public_list=defaults.crossref_public_list,
            ncbi_with_key=defaults.ncbi_with_key,
        )
    faults = Faults(
        server_error=args.server_errors,
        hang=args.hangs,
        truncated=args.truncated,
        malformed=args.malformed,
        foreign_not_found=args.foreign_404,
        hang_seconds=args.hang_seconds,
        seed=args.seed,
    )
    if args.print_ids:
        print("\n".join(_identifiers(corpus, records or RealRecords())))
    with StandIn(
        corpus,
        records=records,
        latency=args.latency,
        limits=limits,
        faults=faults,
        port=args.port,
    ) as s:
        print(
            f"--crossref-url {s.crossref_url} --eutils-url {s.eutils_url} --idconv-url {s.idconv_url} "
            f"--datacite-url {s.datacite_url} --arxiv-url {s.arxiv_url} "
            f"--clinicaltrials-url {s.clinicaltrials_url}"
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
        print(json.dumps(s.stats(), indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
