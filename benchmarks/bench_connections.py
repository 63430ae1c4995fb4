"""TCP connections opened for 50 single-DOI lookups: habanero alone against
habanero routed through citecheck's client.

Usage::

    .venv/bin/python benchmarks/bench_connections.py

A small HTTP/1.1 server on 127.0.0.1 (keep-alive) answers ``/works/{doi}``
in Crossref's format and counts the connections it accepts. Nothing leaves
the machine.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import habanero

from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType
from citecheck.resolve import Resolver
from citecheck.resolvers.http import RetryPolicy

DOIS = [f"10.5555/connections.{n:03d}" for n in range(50)]


class Counter:
    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0
        self.lock = threading.Lock()


COUNTER = Counter()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        with COUNTER.lock:
            COUNTER.connections += 1

    def do_GET(self) -> None:
        with COUNTER.lock:
            COUNTER.requests += 1
        path = unquote(self.path.split("?")[0])
        if path == "/works":
            body = {
                "status": "ok",
                "message-type": "work-list",
                "message": {"total-results": 0, "items": []},
            }
        else:
            doi = path.removeprefix("/works/")
            body = {
                "status": "ok",
                "message-type": "work",
                "message": {"DOI": doi, "title": ["A work"], "type": "journal-article"},
            }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(label: str, run: object) -> None:
    COUNTER.connections = COUNTER.requests = 0
    started = time.perf_counter()
    run()  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    print(
        f"{label:34}: {COUNTER.requests:3d} requests over {COUNTER.connections:3d} connections, {elapsed:.2f} s"
    )


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def plain_habanero() -> None:
        crossref = habanero.Crossref(base_url=base, mailto="bench@example.org")
        for doi in DOIS:
            crossref.works(ids=doi)

    def through_citecheck() -> None:
        settings = ServiceSettings(
            crossref_url=base,
            mailto="bench@example.org",
            crossref_single_rate=1000,
            crossref_list_rate=1000,
        )
        with Resolver(settings, retry=RetryPolicy(attempts=1)) as resolver:
            resolver.resolve([Identifier(IdType.DOI, doi) for doi in DOIS])

    measure("habanero, one call per DOI", plain_habanero)
    measure("citecheck (habanero via its client)", through_citecheck)
    server.shutdown()


if __name__ == "__main__":
    main()
