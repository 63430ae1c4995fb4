"""Turn a :class:`~citecheck.models.Record` into a JSON-able dict and back.

The dict is what the cache stores, so the round trip is lossless: every field,
nested authors and notices included, enums by value. ``"v"`` holds
:data:`CODEC_VERSION`; a dict written by another version is refused rather than
half-read, and the cache treats it as a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from citecheck.models import Author, Notice, NoticeKind, Record, Service, WorkType

CODEC_VERSION = 1
"""Bump when the dict layout changes; older dicts then no longer decode."""

_E = TypeVar("_E", Service, WorkType, NoticeKind)

_RECORD_KEYS = frozenset(
    {
        "v",
        "service",
        "doi",
        "pmid",
        "pmcid",
        "title",
        "subtitle",
        "authors",
        "issued_year",
        "print_year",
        "online_year",
        "journal",
        "journal_abbreviations",
        "volume",
        "issue",
        "pages",
        "article_number",
        "type",
        "type_label",
        "notices",
    }
)
_AUTHOR_KEYS = frozenset({"family", "given", "is_organisation", "orcid"})
_NOTICE_KEYS = frozenset({"kind", "source", "doi", "pmid", "year", "label"})


def record_to_dict(record: Record) -> dict[str, Any]:
    """Return ``record`` as a dict of JSON types (str, int, bool, None, lists, dicts)."""
    return {
        "v": CODEC_VERSION,
        "service": record.service.value,
        "doi": record.doi,
        "pmid": record.pmid,
        "pmcid": record.pmcid,
        "title": record.title,
        "subtitle": record.subtitle,
        "authors": [_author_to_dict(author) for author in record.authors],
        "issued_year": record.issued_year,
        "print_year": record.print_year,
        "online_year": record.online_year,
        "journal": record.journal,
        "journal_abbreviations": list(record.journal_abbreviations),
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "article_number": record.article_number,
        "type": record.type.value,
        "type_label": record.type_label,
        "notices": [_notice_to_dict(notice) for notice in record.notices],
    }


def record_from_dict(data: Any) -> Record:
    """Return the :class:`Record` that :func:`record_to_dict` turned into ``data``.

    Raises ValueError when ``data`` is not such a dict: another codec version,
    a missing or unknown key, a value of the wrong type or an unknown enum value.
    """
    obj = _object(data, "record", _RECORD_KEYS, required=frozenset({"v", "service"}))
    version = obj["v"]
    if type(version) is not int or version != CODEC_VERSION:
        raise ValueError(f"record: codec version {version!r}, expected {CODEC_VERSION}")
    return Record(
        service=_enum(Service, obj["service"], "record.service"),
        doi=_opt_str(obj, "doi", "record"),
        pmid=_opt_str(obj, "pmid", "record"),
        pmcid=_opt_str(obj, "pmcid", "record"),
        title=_opt_str(obj, "title", "record"),
        subtitle=_opt_str(obj, "subtitle", "record"),
        authors=tuple(_author_from_dict(a) for a in _list(obj, "authors", "record")),
        issued_year=_opt_int(obj, "issued_year", "record"),
        print_year=_opt_int(obj, "print_year", "record"),
        online_year=_opt_int(obj, "online_year", "record"),
        journal=_opt_str(obj, "journal", "record"),
        journal_abbreviations=tuple(
            _str_item(item, "record.journal_abbreviations")
            for item in _list(obj, "journal_abbreviations", "record")
        ),
        volume=_opt_str(obj, "volume", "record"),
        issue=_opt_str(obj, "issue", "record"),
        pages=_opt_str(obj, "pages", "record"),
        article_number=_opt_str(obj, "article_number", "record"),
        type=_enum(WorkType, obj.get("type", WorkType.OTHER.value), "record.type"),
        type_label=_str(obj, "type_label", "record"),
        notices=tuple(_notice_from_dict(n) for n in _list(obj, "notices", "record")),
    )


def search_to_dict(candidates: Sequence[Record], searched: Sequence[str]) -> dict[str, Any]:
    """A search's answer (its candidates, and what was searched) as a dict
    of JSON types: what the cache stores in a search's record column."""
    return {
        "v": CODEC_VERSION,
        "candidates": [record_to_dict(record) for record in candidates],
        "searched": list(searched),
    }


def search_from_dict(data: Any) -> tuple[tuple[Record, ...], tuple[str, ...]]:
    """The candidates and the searched services :func:`search_to_dict` kept;
    raises ValueError for anything else."""
    obj = _object(
        data, "search", frozenset({"v", "candidates", "searched"}), required=frozenset({"v"})
    )
    if obj["v"] != CODEC_VERSION:
        raise ValueError(f"search: codec version {obj['v']!r}, expected {CODEC_VERSION}")
    candidates = tuple(record_from_dict(item) for item in _list(obj, "candidates", "search"))
    searched = tuple(
        _str_item(item, "search.searched") for item in _list(obj, "searched", "search")
    )
    return candidates, searched


def _author_to_dict(author: Author) -> dict[str, Any]:
    return {
        "family": author.family,
        "given": author.given,
        "is_organisation": author.is_organisation,
        "orcid": author.orcid,
    }


def _author_from_dict(data: Any) -> Author:
    obj = _object(data, "author", _AUTHOR_KEYS, required=frozenset({"family"}))
    is_organisation = obj.get("is_organisation", False)
    if type(is_organisation) is not bool:
        raise ValueError(f"author.is_organisation: expected a boolean, got {is_organisation!r}")
    return Author(
        family=_str(obj, "family", "author"),
        given=_str(obj, "given", "author"),
        is_organisation=is_organisation,
        orcid=_str(obj, "orcid", "author"),
    )


def _notice_to_dict(notice: Notice) -> dict[str, Any]:
    return {
        "kind": notice.kind.value,
        "source": notice.source,
        "doi": notice.doi,
        "pmid": notice.pmid,
        "year": notice.year,
        "label": notice.label,
    }


def _notice_from_dict(data: Any) -> Notice:
    obj = _object(data, "notice", _NOTICE_KEYS, required=frozenset({"kind"}))
    return Notice(
        kind=_enum(NoticeKind, obj["kind"], "notice.kind"),
        source=_str(obj, "source", "notice"),
        doi=_opt_str(obj, "doi", "notice"),
        pmid=_opt_str(obj, "pmid", "notice"),
        year=_opt_int(obj, "year", "notice"),
        label=_str(obj, "label", "notice"),
    )


# Readers of one JSON value each. Keys a dict leaves out take the dataclass
# default; ``where`` names the place for the error message.


def _object(
    data: Any, where: str, allowed: frozenset[str], *, required: frozenset[str]
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(map(str, unknown))}")
    missing = required - set(data)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)}")
    return data


def _str(obj: dict[str, Any], key: str, where: str) -> str:
    return _str_item(obj.get(key, ""), f"{where}.{key}")


def _str_item(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {value!r}")
    return value


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    return None if value is None else _str_item(value, f"{where}.{key}")


def _opt_int(obj: dict[str, Any], key: str, where: str) -> int | None:
    value = obj.get(key)
    # bool is an int subclass, and True is no year.
    if value is not None and type(value) is not int:
        raise ValueError(f"{where}.{key}: expected an integer, got {value!r}")
    return value


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{where}.{key}: expected a list, got {value!r}")
    return value


def _enum(cls: type[_E], value: Any, where: str) -> _E:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {value!r}")
    try:
        return cls(value)
    except ValueError:
        raise ValueError(f"{where}: unknown value {value!r}") from None
