"""Shared by the tests that read PubMed efetch bodies (``test_entrez_xml.py``
and ``test_pubmed_record.py``): the files under ``tests/fixtures/pubmed``
sorted into answers and bodies that are no answer, a reader of those files,
and a tripwire on every way out to the network.

The fixtures that hand out functions are session-scoped: the functions hold no
state, and Hypothesis refuses function-scoped fixtures in its tests.
"""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from Bio.Entrez import Parser

from citecheck.resolvers.http import HttpClient, RetryPolicy

PUBMED_FIXTURES = Path(__file__).parent.parent / "fixtures" / "pubmed"
PARSER: Any = Parser  # Biopython's module state is not described by its annotations

# Bodies efetch answers with, proper or empty, that the reader reads.
PUBMED_ANSWERS = (
    "article.xml",
    "article-without-citation.xml",
    "book.xml",
    "dates.xml",
    "empty-set.xml",
    "empty-set-no-doctype.xml",
    "empty-article.xml",
    "error-in-set.xml",
    "notices.xml",
    "old-doctype.xml",
    "preprint.xml",
    "retracted.xml",
    "retracted-no-link.xml",
    "two-articles.xml",
    "unknown-dtd.xml",
    "unreadable-pmid.xml",
)
# Bodies that are no answer: the reader refuses them as malformed.
PUBMED_NO_ANSWERS = (
    "efetch-error.xml",
    "html-error.html",
    "network-bait.xml",
    "rate-limit.json",
    "truncated.xml",
)


@pytest.fixture(params=PUBMED_ANSWERS + PUBMED_NO_ANSWERS)
def pubmed_file(request: pytest.FixtureRequest) -> str:
    """Each efetch fixture file in turn, answer or not."""
    name: str = request.param
    return name


@pytest.fixture(params=PUBMED_NO_ANSWERS)
def malformed_pubmed_file(request: pytest.FixtureRequest) -> str:
    """Each efetch fixture file that is no answer, in turn."""
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def pubmed_answer_files() -> tuple[str, ...]:
    """The names of the efetch fixture files the reader reads."""
    return PUBMED_ANSWERS


@pytest.fixture(scope="session")
def pubmed_body() -> Callable[[str], bytes]:
    """A function that returns the bytes of ``tests/fixtures/pubmed/<name>``
    and fails the test when the file is missing."""

    def body(name: str) -> bytes:
        path = PUBMED_FIXTURES / name
        if not path.is_file():
            pytest.fail(f"test fixture {name!r} is missing (looked for {path})")
        return path.read_bytes()

    return body


@contextmanager
def _tripwire() -> Iterator[list[str]]:
    calls: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            calls.append(f"{name} {args[:2]!r}")
            raise OSError(f"test: network access through {name}")

        return refused

    targets: list[tuple[Any, str]] = [
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
        (urllib.request, "urlopen"),
        (urllib.request.OpenerDirector, "open"),
        (PARSER, "urlopen"),
    ]
    with ExitStack() as stack:
        for target, name in targets:
            stack.enter_context(mock.patch.object(target, name, refuse(name)))
        yield calls


@pytest.fixture(scope="session")
def network_tripwire() -> Callable[[], AbstractContextManager[list[str]]]:
    """A context manager factory: inside it every way out to the network
    records the attempt and fails it; it yields the list of attempts."""
    return _tripwire


@pytest.fixture
def http() -> Iterator[HttpClient]:
    """A client that retries once, without waiting (Crossref and DataCite tests)."""
    client = HttpClient(
        httpx.Client(), retry=RetryPolicy(attempts=2, base_delay=0.0), sleep=lambda s: None
    )
    yield client
    client.close()
