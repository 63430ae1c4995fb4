"""A record's deposited reference list survives the cache's JSON; records
written before it (codec version 1) are still read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.cache.codec import CODEC_VERSION, record_from_dict, record_to_dict
from citecheck.models import DepositedReference, Record, ReferenceDeposit, Service

texts = st.text(max_size=20)
optional_texts = st.none() | texts
references = st.builds(
    DepositedReference,
    key=texts,
    doi=optional_texts,
    doi_asserted_by=texts,
    unstructured=optional_texts,
    author=optional_texts,
    year=optional_texts,
    article_title=optional_texts,
    journal_title=optional_texts,
    volume_title=optional_texts,
    series_title=optional_texts,
    volume=optional_texts,
    issue=optional_texts,
    first_page=optional_texts,
)
deposits = st.none() | st.builds(
    ReferenceDeposit,
    references=st.lists(references, max_size=5).map(tuple),
    count=st.integers(min_value=0, max_value=10_000),
)


def through_json(data: dict[str, Any]) -> Any:
    return json.loads(json.dumps(data))


@given(deposits)
def test_any_deposit_comes_back_unchanged(deposit: ReferenceDeposit | None) -> None:
    record = Record(Service.CROSSREF, doi="10.5555/x", deposit=deposit)
    assert record_from_dict(through_json(record_to_dict(record))) == record


def test_an_entry_keeps_only_what_was_deposited() -> None:
    record = Record(
        Service.CROSSREF,
        deposit=ReferenceDeposit((DepositedReference(key="ref1", year="2001"),), count=3),
    )
    data = record_to_dict(record)
    assert data["v"] == CODEC_VERSION == 2
    assert data["deposit"] == {"count": 3, "references": [{"key": "ref1", "year": "2001"}]}


def test_a_version_1_record_is_read_as_one_without_a_deposit() -> None:
    # Caches and reports written before deposits stay readable.
    data = record_to_dict(Record(Service.PUBMED, pmid="123", title="A title"))
    del data["deposit"]
    data["v"] = 1
    assert record_from_dict(data) == Record(Service.PUBMED, pmid="123", title="A title")


@pytest.mark.parametrize(
    "deposit",
    [
        pytest.param({"count": 1}, id="no references"),
        pytest.param({"references": []}, id="no count"),
        pytest.param({"count": -1, "references": []}, id="a negative count"),
        pytest.param({"count": True, "references": []}, id="a boolean count"),
        pytest.param({"count": 1, "references": [{"title": "x"}]}, id="an unknown field"),
        pytest.param({"count": 1, "references": [{"year": 2001}]}, id="a number for text"),
        pytest.param({"count": 1, "references": ["ref1"]}, id="an entry that is no object"),
        pytest.param({"count": 1, "references": [], "more": 1}, id="an unknown key"),
    ],
)
def test_a_damaged_deposit_is_refused(deposit: Any) -> None:
    data = record_to_dict(Record(Service.CROSSREF))
    data["deposit"] = deposit
    with pytest.raises(ValueError, match="deposit"):
        record_from_dict(data)


def test_a_deposit_in_a_version_1_record_is_refused() -> None:
    data = record_to_dict(Record(Service.CROSSREF, deposit=ReferenceDeposit((), count=2)))
    data["v"] = 1
    with pytest.raises(ValueError, match="version 1"):
        record_from_dict(data)
