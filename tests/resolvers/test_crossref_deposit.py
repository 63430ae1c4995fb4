"""The reference list a publisher deposited with a work, as a record keeps it.

``work-with-deposit.json`` is a ``/works/{doi}`` body in Crossref's format,
written for these tests (Crossref's test prefix ``10.5555``): its
``reference`` array holds the shapes real deposits have, a structured entry
with a deposited DOI, an unstructured-only entry, a DOI-only entry Crossref
matched, an item that is no object, numbers where strings belong, an entry
with only its key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citecheck.models import DepositedReference, ReferenceDeposit
from citecheck.resolvers.crossref_record import (
    MAX_DEPOSITED_REFERENCES,
    record_from_work,
    work_from_single,
)

FIXTURE = Path(__file__).parent.parent / "fixtures" / "crossref" / "work-with-deposit.json"


def work(**changes: Any) -> dict[str, Any]:
    """The fixture's work, with top-level ``changes`` (None removes a field)."""
    result = dict(work_from_single(json.loads(FIXTURE.read_text("utf-8"))))
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def deposit(**changes: Any) -> ReferenceDeposit | None:
    return record_from_work(work(**changes)).deposit


def test_every_entry_is_kept_in_the_deposits_order() -> None:
    found = deposit()
    assert found is not None
    assert found.count == 7
    assert [r.key for r in found.references] == ["ref1", "ref2", "ref3", "", "ref5", "ref6", "ref7"]
    assert found.complete


def test_a_structured_entry_keeps_its_fields_without_markup() -> None:
    found = deposit()
    assert found is not None
    assert found.references[0] == DepositedReference(
        key="ref1",
        doi="10.5555/12345678",
        doi_asserted_by="publisher",
        author="Carberry J",
        year="2008",
        article_title="Toward a Unified Theory of High-Energy Metaphysics",
        journal_title="Journal of Psychoceramics",
        volume="5",
        first_page="1",
    )


def test_an_unstructured_entry_keeps_its_text() -> None:
    found = deposit()
    assert found is not None
    assert found.references[1] == DepositedReference(
        key="ref2",
        unstructured="Grayson P, Okafor C. On the cracking of pots. Ann. Psychoceram. "
        "1999;12:12-19.",
    )


def test_a_doi_only_entry_keeps_its_doi_in_normal_form() -> None:
    found = deposit()
    assert found is not None
    assert found.references[2] == DepositedReference(
        key="ref3", doi="10.5555/abc.2001.7", doi_asserted_by="crossref"
    )


def test_an_item_that_is_no_object_keeps_its_place_empty() -> None:
    # Marker [5] points at the fifth deposited entry, whatever the fourth is.
    found = deposit()
    assert found is not None
    assert found.references[3] == DepositedReference()
    assert found.references[4].key == "ref5"


def test_numbers_where_strings_belong_are_read_as_text() -> None:
    found = deposit()
    assert found is not None
    assert found.references[4] == DepositedReference(
        key="ref5",
        author="Tan",
        year="2015",
        volume_title="The handbook of vessels",
        first_page="88",
    )


@pytest.mark.parametrize("garbage", [None, True, [], {}, 3.5, ["a"], {"x": 1}])
def test_garbage_in_a_field_leaves_the_field_empty(garbage: Any) -> None:
    found = deposit(reference=[{"key": "r1", "article-title": garbage, "year": "2001"}])
    assert found == ReferenceDeposit((DepositedReference(key="r1", year="2001"),), count=7)


@pytest.mark.parametrize("garbage", ["text", 12, {"key": "r1"}, None])
def test_a_reference_field_that_is_no_list_is_no_deposit_but_the_count(garbage: Any) -> None:
    # Crossref said seven were deposited; the answer holds none of them.
    assert deposit(reference=garbage) == ReferenceDeposit((), count=7)


def test_no_array_and_no_count_is_no_deposit() -> None:
    # What a select-ed answer (or a work with nothing deposited) looks like.
    assert deposit(reference=None, **{"reference-count": None}) is None
    assert deposit(reference=None, **{"reference-count": 0}) is None


def test_an_empty_array_is_an_empty_deposit() -> None:
    assert deposit(reference=[], **{"reference-count": 0}) == ReferenceDeposit((), count=0)


def test_the_count_is_the_larger_of_the_stated_count_and_the_array() -> None:
    found = deposit(**{"reference-count": 2})
    assert found is not None
    assert found.count == 7


def test_a_deposit_of_thousands_is_cut_at_the_cap_and_says_so() -> None:
    many = [{"key": f"b{n}", "unstructured": f"Entry {n}"} for n in range(3000)]
    found = deposit(reference=many, **{"reference-count": 3000})
    assert found is not None
    assert len(found.references) == MAX_DEPOSITED_REFERENCES
    assert found.count == 3000
    assert not found.complete
    assert found.references[-1].key == f"b{MAX_DEPOSITED_REFERENCES - 1}"


def test_each_string_is_cut_to_its_cap() -> None:
    long = {"key": "k" * 500, "unstructured": "word " * 1000, "article-title": "T" * 2000}
    found = deposit(reference=[long])
    assert found is not None
    (reference,) = found.references
    assert len(reference.key) == 100
    assert reference.unstructured is not None and len(reference.unstructured) == 600
    assert reference.article_title is not None and len(reference.article_title) == 300
