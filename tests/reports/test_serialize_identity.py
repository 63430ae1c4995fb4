"""``parse --json`` shows what a document says about itself, and a record
how long the reference list deposited with it is."""

from __future__ import annotations

from pathlib import Path

from citecheck.models import Record, ReferenceDeposit, Service
from citecheck.parsing import read_document
from citecheck.reports import serialize

FIXTURES = Path(__file__).parent.parent / "fixtures" / "identity"


def test_a_documents_identity_is_serialised_without_its_words() -> None:
    shown = serialize.document(read_document(FIXTURES / "first-page.txt"))["identity"]
    assert shown == {
        "doi": "10.5555/jpsy.2019.0042",
        "title": "Cracked pots in the wild: a review",
        "title_abridged": False,
        "authors": [{"family": "Carberry", "given": "Josiah"}, {"family": "Tan", "given": "Mei"}],
        "journal": "Journal of Psychoceramics",
        "volume": "4",
        "issue": None,
        "year": 2019,
        "found_by": [
            "doi: near the top",
            "title: above the author line, line 4",
            "authors: the author line",
            "journal, volume, year: page header",
        ],
        "keywords": [],
        "named_citations": [],
    }


def test_a_record_shows_the_length_of_its_deposit_not_its_entries() -> None:
    record = Record(Service.CROSSREF, doi="10.5555/x", deposit=ReferenceDeposit((), count=70))
    assert serialize.record(record)["deposited_references"] == 70
    assert serialize.record(Record(Service.PUBMED))["deposited_references"] is None
