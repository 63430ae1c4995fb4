"""Resolved identifiers as ``citecheck resolve`` prints them."""

from __future__ import annotations

from collections.abc import Callable

from citecheck.models import (
    Author,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Record,
    Service,
    WorkType,
)
from citecheck.reports.lookups import render_lookup


def test_a_record_with_hostile_text_is_printed_visibly(unseen: Callable[[str], list[str]]) -> None:
    # A record's text is the publisher's, passed on by the service.
    doi = Identifier(IdType.DOI, "10.6666/evil.1")
    record = Record(
        service=Service.CROSSREF,
        doi=doi.value,
        title="\x1b]0;pwned\x07Sleep",
        subtitle="\u202ea study",
        authors=(Author("Doe\x9b2J", "R"),),
        journal="J \x1b[31mRed",
        issued_year=2011,
        type=WorkType.JOURNAL_ARTICLE,
    )
    text = render_lookup(Lookup(doi, LookupStatus.FOUND, Service.CROSSREF, record=record))
    assert unseen(text) == []
    assert text.splitlines()[1] == '    "␛]0;pwned␇Sleep: <U+202E>a study"'
    assert "J ␛[31mRed" in text
