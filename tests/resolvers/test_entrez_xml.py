"""Reading efetch bodies with Biopython offline: the expat pre-check, NCBI's
``<ERROR>`` elements, the DOCTYPE pointed at a DTD on disk, and never a
network request while parsing, from one thread or many."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, suppress
from pathlib import Path
from typing import Any

import pytest
from Bio.Entrez import Parser
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.errors import MalformedResponse
from citecheck.resolvers.entrez_xml import PubmedXml, read_pubmed_xml

PARSER: Any = Parser  # Biopython's module state is not described by its annotations

Body = Callable[[str], bytes]
Read = Callable[..., PubmedXml]
Tripwire = Callable[[], AbstractContextManager[list[str]]]


@pytest.fixture(scope="session")
def read(pubmed_body: Body) -> Read:
    """``tests/fixtures/pubmed/<name>`` read by :func:`read_pubmed_xml`."""
    return lambda name, **kwargs: read_pubmed_xml(pubmed_body(name), **kwargs)


def pmids(result: PubmedXml) -> list[str]:
    """The PMIDs of the ``PubmedArticle`` elements Biopython read, in order."""
    return [str(article["MedlineCitation"]["PMID"]) for article in result.parsed["PubmedArticle"]]


def newest_shipped_dtd() -> str:
    names = Path(PARSER.DataHandler.global_dtd_dir).glob("pubmed_[0-9]*.dtd")
    return max(path.name for path in names)


@pytest.fixture
def dtd_requests(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Each DTD file Biopython opens: (file name, its local DTD folder then)."""
    requests: list[tuple[str, str | None]] = []
    original = PARSER.DataHandler.open_dtd_file

    def spy(self: Any, filename: str) -> Any:
        requests.append((filename, PARSER.DataHandler.local_dtd_dir))
        return original(self, filename)

    monkeypatch.setattr(PARSER.DataHandler, "open_dtd_file", spy)
    return requests


# --------------------------------------------------------------------------
# What comes back


def test_an_article_set_comes_back_as_biopython_read_it_with_no_errors(read: Read) -> None:
    result = read("two-articles.xml")
    assert pmids(result) == ["22745249", "13054692"]
    assert result.errors == ()


def test_errors_inside_the_set_come_back_next_to_what_was_read(read: Read) -> None:
    result = read("error-in-set.xml")
    assert pmids(result) == ["13054692"]
    assert result.errors == ("Unable to obtain query #1",)


# --------------------------------------------------------------------------
# NCBI errors and bodies that are no answer


def test_an_ncbi_error_document_is_malformed_and_carries_ncbi_text(read: Read) -> None:
    with pytest.raises(MalformedResponse, match=r"^NCBI error: Empty id list - nothing todo$"):
        read("efetch-error.xml")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.xml", r"^not well-formed XML: no element found"),
        ("html-error.html", r"^not well-formed XML: mismatched tag"),
        ("rate-limit.json", r"^not well-formed XML"),
        ("network-bait.xml", r"not on disk \(network access refused: https://jats\.nlm\.nih\.gov/"),
    ],
)
def test_bodies_that_are_no_answer_are_malformed(read: Read, name: str, message: str) -> None:
    with pytest.raises(MalformedResponse, match=message):
        read(name)


@pytest.mark.parametrize("data", [b"", b" \n\t", b"\xef\xbb\xbf"])
def test_an_empty_body_is_malformed(data: bytes) -> None:
    with pytest.raises(MalformedResponse, match=r"^empty body$"):
        read_pubmed_xml(data)


def test_an_answer_for_another_eutility_is_malformed(pubmed_body: Body) -> None:
    esearch = pubmed_body("empty-set.xml").replace(b"PubmedArticleSet", b"eSearchResult")
    with pytest.raises(
        MalformedResponse, match=r"^expected <PubmedArticleSet>, got <eSearchResult>$"
    ):
        read_pubmed_xml(esearch)


def test_an_internal_dtd_subset_is_refused_before_any_entity_is_read(pubmed_body: Body) -> None:
    lines = pubmed_body("empty-set.xml").split(b"\n")
    lines[1] = lines[1][:-1] + b' [<!ENTITY e SYSTEM "https://dtd.nlm.nih.gov/x.dtd">]>'
    with pytest.raises(MalformedResponse, match="internal DTD subset"):
        read_pubmed_xml(b"\n".join(lines))


# --------------------------------------------------------------------------
# No network, ever


def test_no_parse_touches_the_network(
    pubmed_file: str, pubmed_body: Body, network_tripwire: Tripwire
) -> None:
    with network_tripwire() as calls:
        recorder = PARSER.urlopen
        with suppress(MalformedResponse):
            read_pubmed_xml(pubmed_body(pubmed_file))
        assert PARSER.urlopen is recorder  # restored after the parse
    assert calls == []


def test_an_unknown_dtd_is_replaced_by_the_newest_shipped_one(
    read: Read, network_tripwire: Tripwire, dtd_requests: list[tuple[str, str | None]]
) -> None:
    with network_tripwire() as calls:
        result = read("unknown-dtd.xml")
    assert calls == []
    assert pmids(result) == ["22745249", "13054692"]
    assert dtd_requests[0] == (newest_shipped_dtd(), None)
    assert "pubmed_990101.dtd" not in [name for name, _ in dtd_requests]


def test_a_dtd_in_dtd_dir_is_used_and_the_folder_setting_restored(
    read: Read,
    network_tripwire: Tripwire,
    tmp_path: Path,
    dtd_requests: list[tuple[str, str | None]],
) -> None:
    cache = tmp_path / "cache" / "dtd"
    cache.mkdir(parents=True)
    shipped = Path(PARSER.DataHandler.global_dtd_dir) / newest_shipped_dtd()
    shutil.copyfile(shipped, cache / "pubmed_990101.dtd")
    before = PARSER.DataHandler.local_dtd_dir
    with network_tripwire() as calls:
        result = read("unknown-dtd.xml", dtd_dir=cache)
    assert calls == []
    assert pmids(result) == ["22745249", "13054692"]
    assert dtd_requests[0] == ("pubmed_990101.dtd", str(cache))
    assert PARSER.DataHandler.local_dtd_dir == before


def test_dtd_dir_is_created_when_missing(read: Read, tmp_path: Path) -> None:
    cache = tmp_path / "not" / "yet"
    assert pmids(read("article.xml", dtd_dir=str(cache)))
    assert cache.is_dir()


def test_a_request_biopython_still_makes_is_refused_and_logged(
    read: Read, network_tripwire: Tripwire, caplog: pytest.LogCaptureFixture
) -> None:
    with network_tripwire() as calls, pytest.raises(MalformedResponse):
        read("network-bait.xml")
    assert calls == []
    assert "refused Biopython's request for https://jats.nlm.nih.gov/" in caplog.text


def test_parses_from_many_threads_agree_and_leave_biopython_as_found(pubmed_body: Body) -> None:
    names = ["article.xml", "book.xml", "dates.xml", "unknown-dtd.xml", "network-bait.xml"]
    bodies = {name: pubmed_body(name) for name in names}

    def outcome(name: str) -> object:
        try:
            return read_pubmed_xml(bodies[name])
        except MalformedResponse as exc:
            return str(exc)

    expected = {name: outcome(name) for name in names}
    original_urlopen = PARSER.urlopen
    jobs = names * 12
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(outcome, jobs))
    assert results == [expected[name] for name in jobs]
    assert PARSER.urlopen is original_urlopen


# --------------------------------------------------------------------------
# Properties


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_malformed_and_never_reach_the_network(
    network_tripwire: Tripwire, data: bytes
) -> None:
    with network_tripwire() as calls:
        try:
            result = read_pubmed_xml(data)
        except MalformedResponse:
            pass
        else:
            assert isinstance(result, PubmedXml)
    assert calls == []
