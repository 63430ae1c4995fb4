"""arXiv's Atom feeds read into records, and what is no feed refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.errors import MalformedResponse
from citecheck.models import Author, Service, WorkType
from citecheck.resolvers.arxiv_feed import canonical_id, read_feed

FIXTURES = Path(__file__).parent.parent / "fixtures" / "arxiv"


def body(name: str) -> bytes:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"test fixture {name!r} is missing (looked for {path})")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("2101.00001", "2101.00001"),
        ("2101.00001v2", "2101.00001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),
        ("HEP-TH/9901001", "hep-th/9901001"),
    ],
)
def test_identifiers_take_the_form_arxiv_answers_in(value: str, canonical: str) -> None:
    assert canonical_id(value) == canonical


def test_each_entry_becomes_a_record_under_its_identifier_without_version() -> None:
    feed = read_feed(body("two-found.xml"))
    assert sorted(feed.records) == ["2101.00001", "hep-th/9901001"]
    assert (feed.errors, feed.total, feed.anonymous) == ((), 2, 0)
    new = feed.records["2101.00001"]
    assert new.service is Service.ARXIV
    assert new.type is WorkType.PREPRINT
    assert new.title == "Sparse Widgets for Counting Imaginary Photons"
    assert new.authors == (
        Author("Tanaka", "Mei"),
        Author("de la Garza", "Carlos"),
        Author("The Widget Collaboration", is_organisation=True),
    )
    # Published (version 1) in 2020, this version and the journal in 2021.
    assert (new.issued_year, new.online_year, new.print_year) == (2020, 2021, 2021)
    assert new.doi == "10.5555/prd.104.012345"
    assert new.journal == "Phys. Rev. D"
    assert "arXiv preprint" in new.journal_abbreviations


def test_an_entry_without_journal_reference_has_no_venue_to_compare() -> None:
    old = read_feed(body("two-found.xml")).records["hep-th/9901001"]
    # A title hard-wrapped by arXiv is one line again.
    assert old.title == "Boundary Terms for Imaginary Strings on Folded Branes"
    assert old.authors == (Author("van Oostrum", "Ludwig"), Author("Example", "Q."))
    assert (old.doi, old.journal, old.journal_abbreviations) == (None, None, ())
    assert (old.issued_year, old.online_year) == (1999, None)


def test_an_empty_feed_holds_nothing_and_counts_nothing() -> None:
    feed = read_feed(body("empty.xml"))
    assert (feed.records, feed.errors, feed.total, feed.anonymous) == ({}, (), 0, 0)


def test_an_error_entry_is_an_error_and_names_the_refused_identifier() -> None:
    feed = read_feed(body("error-incorrect-id.xml"))
    assert feed.records == {}
    assert feed.errors == ("incorrect id format for bogus-ph/9901001",)
    assert feed.refused_id() == "bogus-ph/9901001"
    assert read_feed(body("error-other.xml")).refused_id() is None


def test_an_entry_without_an_identifier_is_counted_apart() -> None:
    feed = read_feed(body("anonymous-entry.xml"))
    assert (feed.records, feed.anonymous, feed.total) == ({}, 1, 1)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("truncated.xml", "cut short"),
        ("rate-exceeded.txt", "not an Atom feed ('Rate exceeded.')"),
        ("proxy-page.html", "not an Atom feed (<html>)"),
        ("entity-bomb.xml", "not an Atom feed"),
    ],
)
def test_what_is_no_whole_atom_feed_is_refused(name: str, words: str) -> None:
    with pytest.raises(MalformedResponse, match=words.replace("(", r"\(").replace(")", r"\)")):
        read_feed(body(name))


def test_a_feed_in_another_namespace_or_not_utf8_is_refused() -> None:
    with pytest.raises(MalformedResponse, match="not Atom's"):
        read_feed(b'<feed xmlns="http://example.org/other"></feed>')
    with pytest.raises(MalformedResponse, match="not UTF-8"):
        read_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">\xff</feed>')


def test_an_entry_without_a_title_is_malformed() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b"<id>http://arxiv.org/abs/2101.00001v1</id></entry></feed>"
    )
    with pytest.raises(MalformedResponse, match="without a title"):
        read_feed(feed)
