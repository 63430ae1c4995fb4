"""A Record survives the trip to JSON and back unchanged; bad data is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.cache.codec import CODEC_VERSION, record_from_dict, record_to_dict
from citecheck.models import Author, Notice, NoticeKind, Record, Service, WorkType

texts = st.text(max_size=30)
optional_texts = st.none() | texts
optional_years = st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1)

authors = st.builds(Author, family=texts, given=texts, is_organisation=st.booleans(), orcid=texts)
notices = st.builds(
    Notice,
    kind=st.sampled_from(NoticeKind),
    source=texts,
    doi=optional_texts,
    pmid=optional_texts,
    year=optional_years,
    label=texts,
)
records = st.builds(
    Record,
    service=st.sampled_from(Service),
    doi=optional_texts,
    pmid=optional_texts,
    pmcid=optional_texts,
    title=optional_texts,
    subtitle=optional_texts,
    authors=st.lists(authors, max_size=4).map(tuple),
    issued_year=optional_years,
    print_year=optional_years,
    online_year=optional_years,
    journal=optional_texts,
    journal_abbreviations=st.lists(texts, max_size=3).map(tuple),
    volume=optional_texts,
    issue=optional_texts,
    pages=optional_texts,
    article_number=optional_texts,
    type=st.sampled_from(WorkType),
    type_label=texts,
    notices=st.lists(notices, max_size=3).map(tuple),
)


def through_json(data: dict[str, Any]) -> Any:
    return json.loads(json.dumps(data))


def full_record() -> Record:
    return Record(
        service=Service.CROSSREF,
        doi="10.1000/XYZ.1",
        pmid="12345",
        pmcid="PMC678",
        title="Ångström-scale maps",
        subtitle="a study",
        authors=(
            Author("Smith", "J. A.", orcid="0000-0002-1825-0097"),
            Author("WHO Consortium", is_organisation=True),
        ),
        issued_year=2020,
        print_year=2021,
        online_year=2020,
        journal="Journal of Examples",
        journal_abbreviations=("J Ex", "J. Ex."),
        volume="12",
        issue="3",
        pages="45-67",
        article_number="e123",
        type=WorkType.JOURNAL_ARTICLE,
        type_label="journal-article",
        notices=(
            Notice(NoticeKind.RETRACTION, "retraction-watch", doi="10.1000/r", year=2022),
            Notice(NoticeKind.CORRECTION, "publisher", pmid="999", label="Erratum"),
        ),
    )


@given(records)
def test_every_record_round_trips_through_json(record: Record) -> None:
    assert record_from_dict(through_json(record_to_dict(record))) == record


def test_a_record_with_every_field_set_round_trips_through_json() -> None:
    record = full_record()
    assert record_from_dict(through_json(record_to_dict(record))) == record


def test_enums_are_written_by_value_and_the_codec_version_is_included() -> None:
    data = record_to_dict(full_record())
    assert data["v"] == CODEC_VERSION
    assert data["service"] == "crossref"
    assert data["type"] == "journal-article"
    assert data["notices"][0]["kind"] == "retraction"
    assert data["authors"][1] == {
        "family": "WHO Consortium",
        "given": "",
        "is_organisation": True,
        "orcid": "",
    }


def test_keys_left_out_take_the_dataclass_defaults() -> None:
    assert record_from_dict({"v": CODEC_VERSION, "service": "pubmed"}) == Record(
        service=Service.PUBMED
    )


def valid() -> dict[str, Any]:
    data: dict[str, Any] = through_json(record_to_dict(full_record()))
    return data


def with_change(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = valid()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(None, id="not an object"),
        pytest.param([], id="a list"),
        pytest.param(with_change(("v",), CODEC_VERSION + 1), id="another codec version"),
        pytest.param(with_change(("v",), True), id="a boolean version"),
        pytest.param({"v": CODEC_VERSION}, id="no service"),
        pytest.param({"service": "crossref"}, id="no version"),
        pytest.param(with_change(("service",), "scopus"), id="an unknown service"),
        pytest.param(with_change(("type",), "poem"), id="an unknown work type"),
        pytest.param(with_change(("title",), 12), id="a number for a title"),
        pytest.param(with_change(("issued_year",), "2020"), id="a string for a year"),
        pytest.param(with_change(("issued_year",), True), id="a boolean for a year"),
        pytest.param(with_change(("authors",), "Smith"), id="a string for the authors"),
        pytest.param(with_change(("authors", 0), "Smith"), id="a string for an author"),
        pytest.param(with_change(("authors", 0, "family"), None), id="an author without family"),
        pytest.param(with_change(("authors", 0, "is_organisation"), 1), id="a number for a flag"),
        pytest.param(with_change(("notices", 0, "kind"), "praise"), id="an unknown notice kind"),
        pytest.param(with_change(("notices", 0, "year"), 2.5), id="a fraction for a year"),
        pytest.param(with_change(("journal_abbreviations",), [1]), id="a number for a name"),
        pytest.param(with_change(("colour",), "blue"), id="an unknown key"),
        pytest.param(with_change(("authors", 0, "age"), 40), id="an unknown author key"),
    ],
)
def test_data_that_is_no_encoded_record_raises_value_error(data: Any) -> None:
    with pytest.raises(ValueError):
        record_from_dict(data)
