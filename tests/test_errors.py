"""The error tree: one class per kind of failure, all in ``citecheck.errors``,
drawn in that module's docstring and importable where callers always found them."""

from __future__ import annotations

import inspect

import pytest

import citecheck.cache
import citecheck.cache.store
import citecheck.errors
import citecheck.reports.database
import citecheck.resolvers.crossref_record
import citecheck.resolvers.pubmed_record
from citecheck.errors import (
    CacheError,
    CitecheckError,
    FixRefused,
    InputError,
    MalformedResponse,
    ReportError,
    ServiceUnavailable,
)

ERRORS = [
    cls
    for _, cls in inspect.getmembers(citecheck.errors, inspect.isclass)
    if issubclass(cls, BaseException) and cls.__module__ == citecheck.errors.__name__
]


def test_every_error_is_a_citecheck_error() -> None:
    assert set(ERRORS) == {
        CitecheckError,
        InputError,
        ServiceUnavailable,
        MalformedResponse,
        CacheError,
        ReportError,
        FixRefused,
    }
    assert all(issubclass(cls, CitecheckError) for cls in ERRORS)


def test_a_malformed_response_is_also_a_value_error() -> None:
    assert issubclass(MalformedResponse, ValueError)
    with pytest.raises(ValueError, match=r"^not JSON$"):
        raise MalformedResponse("not JSON")


def test_a_cache_error_is_no_value_error() -> None:
    assert not issubclass(CacheError, ValueError)


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
def test_every_error_has_a_docstring_and_a_place_in_the_tree(cls: type[Exception]) -> None:
    assert cls.__doc__
    assert citecheck.errors.__doc__ is not None
    assert f" {cls.__name__} " in citecheck.errors.__doc__


def test_the_errors_stay_importable_from_the_modules_that_raise_them() -> None:
    assert citecheck.resolvers.crossref_record.MalformedResponse is MalformedResponse
    assert citecheck.resolvers.pubmed_record.MalformedResponse is MalformedResponse
    assert citecheck.cache.store.CacheError is CacheError
    assert citecheck.cache.CacheError is CacheError
    assert citecheck.reports.database.ReportError is ReportError
