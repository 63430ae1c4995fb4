"""DataCite ``/dois/{doi}`` bodies as records: creators of both kinds,
titles, year, venue, resource type; anything else could not verify."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citecheck.errors import MalformedResponse
from citecheck.models import Author, Service, WorkType
from citecheck.resolvers.datacite_record import record_from_body

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datacite"


def body(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_an_organisation_is_kept_whole_and_a_person_split_with_their_orcid() -> None:
    record = record_from_body(body("dataset-organisational.json"))
    assert record.service is Service.DATACITE
    assert record.doi == "10.5281/zenodo.1234567"
    assert record.authors == (
        Author("Northern Ceramics Survey", is_organisation=True),
        Author("Data", "Dana", orcid="0000-0002-1825-0097"),
    )


def test_the_main_title_is_the_one_without_a_title_type_and_the_publisher_is_the_venue() -> None:
    record = record_from_body(body("dataset-organisational.json"))
    assert record.title == "Fracture lengths of cracked pots"
    assert record.issued_year == 2019
    # No container: the repository that published it is where it appeared.
    assert record.journal == "Zenodo"
    assert (record.type, record.type_label) == (WorkType.DATASET, "Dataset")


def test_a_preprint_with_a_name_only_creator_a_year_as_text_and_markup_in_its_title() -> None:
    record = record_from_body(body("preprint-personal.json"))
    assert record.authors == (Author("Okafor", "Chidi"), Author("Lindqvist", "Maja"))
    assert record.title == "Sparse routing in very deep mixture models"
    assert record.issued_year == 2024
    assert record.journal == "arXiv"
    assert record.type is WorkType.PREPRINT


def test_a_container_gives_the_journal_volume_issue_and_pages() -> None:
    record = record_from_body(body("article-in-container.json"))
    assert record.doi == "10.17877/de290r-00001"
    assert (record.journal, record.volume, record.issue, record.pages) == (
        "Journal of Old Building Materials",
        "12",
        "3",
        "201-219",
    )
    assert record.type is WorkType.JOURNAL_ARTICLE


def test_fields_of_unexpected_types_are_left_empty_not_guessed() -> None:
    raw = body("article-in-container.json")
    attributes = raw["data"]["attributes"]
    attributes.update(
        creators=[{"nameType": "Personal"}, "Brandt", {"name": "Mortar Lab"}],
        titles="Hydraulic limes",
        publicationYear=True,
        container=[],
        publisher={"name": "Technische Bibliothek"},
        types={"resourceTypeGeneral": "Software"},
    )
    record = record_from_body(raw)
    # A name of unknown kind without a comma is kept whole, never split.
    assert record.authors == (Author("Mortar Lab"),)
    assert (record.title, record.issued_year) == (None, None)
    assert record.journal == "Technische Bibliothek"
    assert (record.type, record.type_label) == (WorkType.OTHER, "Software")


@pytest.mark.parametrize(
    "raw",
    [
        [],
        {"errors": [{"status": "404"}]},
        {"data": []},
        {"data": {"type": "clients", "attributes": {"doi": "10.5281/x"}}},
        {"data": {"type": "dois"}},
        {"data": {"type": "dois", "attributes": {"titles": []}}},
    ],
    ids=["list", "errors", "data-list", "not-dois", "no-attributes", "no-doi"],
)
def test_a_body_that_is_no_dois_resource_is_malformed(raw: Any) -> None:
    with pytest.raises(MalformedResponse):
        record_from_body(raw)
