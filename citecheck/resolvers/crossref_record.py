"""Crossref REST API bodies as citecheck records.

The Crossref resolver fetches; this module only reads what came back:

* :func:`work_from_single` takes the body of ``/works/{doi}``,
* :func:`works_from_list` the body of ``/works?...`` (``message.items``),
* :func:`agency_from_body` the body of ``/works/{doi}/agency``,
* :func:`record_from_work` turns one work of either into a :class:`Record`.

Raw Crossref JSON goes no further than this module. A body that is not what
its route promises (not a JSON object, a ``status`` other than ``ok``, the
wrong ``message-type``, no ``message``, or a work without a DOI) raises
:class:`~citecheck.errors.MalformedResponse`, which says nothing about
whether the DOI exists; inside a work, a field that is missing or of an
unexpected type is left empty, never guessed at and never a reason to raise.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from citecheck.errors import MalformedResponse
from citecheck.identifiers import normalise_doi
from citecheck.models import (
    Author,
    DepositedReference,
    Notice,
    NoticeKind,
    Record,
    ReferenceDeposit,
    Service,
    WorkType,
)

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_DEPOSITED_REFERENCES",
    "SELECT_FIELDS",
    "MalformedResponse",
    "agency_from_body",
    "record_from_work",
    "work_from_single",
    "works_from_list",
]


SELECT_FIELDS: Final[tuple[str, ...]] = (
    "DOI",
    "title",
    "subtitle",
    "author",
    "issued",
    "published-print",
    "published-online",
    "container-title",
    "short-container-title",
    "volume",
    "issue",
    "page",
    "article-number",
    "type",
    "updated-by",
    "update-to",
)
"""The Crossref ``select`` field names :func:`record_from_work` reads; a
``/works`` list asked with ``select=",".join(SELECT_FIELDS)`` loses nothing."""

_WORK_TYPES: Final[Mapping[str, WorkType]] = MappingProxyType(
    {
        "journal-article": WorkType.JOURNAL_ARTICLE,
        "posted-content": WorkType.PREPRINT,
        "book": WorkType.BOOK,
        "monograph": WorkType.BOOK,
        "edited-book": WorkType.BOOK,
        "reference-book": WorkType.BOOK,
        "book-set": WorkType.BOOK,
        "book-series": WorkType.BOOK,
        "book-chapter": WorkType.BOOK_CHAPTER,
        "book-section": WorkType.BOOK_CHAPTER,
        "book-part": WorkType.BOOK_CHAPTER,
        "book-track": WorkType.BOOK_CHAPTER,
        "reference-entry": WorkType.BOOK_CHAPTER,
        "proceedings-article": WorkType.PROCEEDINGS,
        "proceedings": WorkType.PROCEEDINGS,
        "proceedings-series": WorkType.PROCEEDINGS,
        "dataset": WorkType.DATASET,
        "database": WorkType.DATASET,
        "component": WorkType.COMPONENT,
    }
)

# Crossref update types (written with underscores; hyphens and spaces are
# folded to underscores first). Types that are not editorial notices, such as
# new_version or new_edition, are absent and so ignored.
_NOTICE_KINDS: Final[Mapping[str, NoticeKind]] = MappingProxyType(
    {
        "retraction": NoticeKind.RETRACTION,
        "partial_retraction": NoticeKind.RETRACTION,
        "removal": NoticeKind.RETRACTION,
        "expression_of_concern": NoticeKind.EXPRESSION_OF_CONCERN,
        "correction": NoticeKind.CORRECTION,
        "erratum": NoticeKind.CORRECTION,
        "corrigendum": NoticeKind.CORRECTION,
        "addendum": NoticeKind.CORRECTION,
        "clarification": NoticeKind.CORRECTION,
        "withdrawal": NoticeKind.WITHDRAWAL,
    }
)

# A tag is ``<`` then a name that starts with a letter (``i``, ``jats:italic``,
# ``mml:mi``), so a bare ``<`` in text such as ``p < 0.05`` is kept.
_TAG = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Publishers that deposit pretty-printed XML leave a newline and indentation
# where a tag met a bracket or punctuation: "(\n   <i>Tridacna</i>\n   )".
_LAYOUT_BEFORE_CLOSER = re.compile(r"[^\S\n]*\n\s*(?=[.,;:!?)\]}])")
_LAYOUT_AFTER_OPENER = re.compile(r"(?<=[(\[{])[^\S\n]*\n\s*")
_ORCID = re.compile(
    r"(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.ASCII | re.IGNORECASE
)
_YEAR_TEXT = re.compile(r"\d{1,4}", re.ASCII)
_DESCRIPTION_LENGTH = 60

MAX_DEPOSITED_REFERENCES: Final = 1000
"""Entries of a deposited reference list kept: a review cites a few
hundred, but some works deposit thousands (a handbook, a data paper), and a
record is cached and reported whole."""

# Characters kept of each field of a deposited entry: an unstructured
# citation is a sentence or two; a title a line; the rest a few words. A
# deposit is publisher text, sometimes whole paragraphs pasted in.
_UNSTRUCTURED_LENGTH = 600
_TITLE_LENGTH = 300
_FIELD_LENGTH = 100
_REFERENCE_FIELDS: Final = (
    ("key", "key", _FIELD_LENGTH),
    ("DOI", "doi", 200),
    ("doi-asserted-by", "doi_asserted_by", 20),
    ("unstructured", "unstructured", _UNSTRUCTURED_LENGTH),
    ("author", "author", _FIELD_LENGTH),
    ("year", "year", 20),
    ("article-title", "article_title", _TITLE_LENGTH),
    ("journal-title", "journal_title", _TITLE_LENGTH),
    ("volume-title", "volume_title", _TITLE_LENGTH),
    ("series-title", "series_title", _TITLE_LENGTH),
    ("volume", "volume", _FIELD_LENGTH),
    ("issue", "issue", _FIELD_LENGTH),
    ("first-page", "first_page", _FIELD_LENGTH),
)


def record_from_work(work: Mapping[str, Any]) -> Record:
    """The :class:`Record` for one Crossref work: the ``message`` of
    ``/works/{doi}`` or one item of a ``/works`` list's ``message.items``.

    Raises MalformedResponse when ``work`` is not a mapping or has no DOI
    string; any other missing or odd field is left empty.
    """
    if not isinstance(work, Mapping):
        raise MalformedResponse(f"a Crossref work is a JSON object, not {_describe(work)}")
    raw_doi = work.get("DOI")
    if not isinstance(raw_doi, str) or not raw_doi.strip():
        raise MalformedResponse(f"a Crossref work without a DOI (DOI is {_describe(raw_doi)})")
    doi = raw_doi.strip().lower()
    type_label = work.get("type")
    if not isinstance(type_label, str):
        type_label = ""
    return Record(
        service=Service.CROSSREF,
        doi=doi,
        title=_first_text(work.get("title")),
        subtitle=_first_text(work.get("subtitle")),
        authors=_authors(work.get("author")),
        issued_year=_year(work.get("issued")),
        print_year=_year(work.get("published-print")),
        online_year=_year(work.get("published-online")),
        journal=_first_text(work.get("container-title")),
        journal_abbreviations=_texts(work.get("short-container-title")),
        volume=_text(work.get("volume")),
        issue=_text(work.get("issue")),
        pages=_text(work.get("page")),
        article_number=_text(work.get("article-number")),
        type=_WORK_TYPES.get(type_label, WorkType.OTHER),
        type_label=type_label,
        notices=() if _is_notice(work.get("update-to"), doi) else _notices(work.get("updated-by")),
        deposit=_deposit(work.get("reference"), work.get("reference-count")),
    )


def works_from_list(body: Any) -> list[Mapping[str, Any]]:
    """The work items of a ``/works`` list body (``message-type`` ``work-list``),
    in the order Crossref gave them. Raises MalformedResponse for any other body,
    or when ``message.items`` is not a list of JSON objects."""
    message = _message(body, "work-list")
    items = message.get("items")
    if not isinstance(items, list):
        raise MalformedResponse(f"a Crossref work-list without items (items is {_describe(items)})")
    for position, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise MalformedResponse(
                f"item {position} of a Crossref work-list is {_describe(item)}, not a work"
            )
    return list(items)


def work_from_single(body: Any) -> Mapping[str, Any]:
    """The work of a ``/works/{doi}`` body (``message-type`` ``work``).
    Raises MalformedResponse for any other body."""
    return _message(body, "work")


def agency_from_body(body: Any) -> str:
    """The registration agency id (``crossref``, ``datacite``, ``medra``...),
    lower-cased, of a ``/works/{doi}/agency`` body (``message-type``
    ``work-agency``). Raises MalformedResponse for any other body."""
    message = _message(body, "work-agency")
    agency = message.get("agency")
    agency_id = agency.get("id") if isinstance(agency, Mapping) else None
    if not isinstance(agency_id, str) or not agency_id.strip():
        raise MalformedResponse(
            f"a Crossref work-agency without an agency id ({_describe(agency)})"
        )
    return agency_id.strip().lower()


def _message(body: Any, message_type: str) -> Mapping[str, Any]:
    """The ``message`` of a successful Crossref body of ``message_type``."""
    if not isinstance(body, Mapping):
        raise MalformedResponse(
            f"expected a Crossref {message_type!r} JSON object, got {_describe(body)}"
        )
    found_type = body.get("message-type")
    if body.get("status") != "ok" or found_type != message_type:
        raise MalformedResponse(
            f"expected a Crossref {message_type!r} message with status 'ok', got "
            f"message-type {found_type!r} with status {body.get('status')!r}"
        )
    message = body.get("message")
    if not isinstance(message, Mapping):
        raise MalformedResponse(
            f"a Crossref {message_type!r} body whose message is {_describe(message)}"
        )
    return message


def _clean(text: str) -> str | None:
    """``text`` without markup: tags removed (their content kept), entities
    decoded, whitespace folded to single spaces; None when nothing is left."""
    text = _TAG.sub("", _BREAK.sub(" ", text))
    text = html.unescape(text)
    text = _LAYOUT_BEFORE_CLOSER.sub("", text)
    text = _LAYOUT_AFTER_OPENER.sub("", text)
    return " ".join(text.split()) or None


def _text(value: Any) -> str | None:
    """``value`` cleaned when it is a string; None for anything else."""
    return _clean(value) if isinstance(value, str) else None


def _first_text(value: Any) -> str | None:
    """The first non-empty string of a Crossref list field such as ``title``."""
    return next(iter(_texts(value)), None)


def _texts(value: Any) -> tuple[str, ...]:
    """The non-empty strings of a Crossref list field, cleaned, without
    repeats, in order. Anything but a list gives ``()``."""
    if not isinstance(value, list):
        return ()
    cleaned = (_text(item) for item in value)
    return tuple(dict.fromkeys(text for text in cleaned if text))


def _year(date: Any) -> int | None:
    """The year of a Crossref date (``{"date-parts": [[2012, 3, 21]]}``);
    None when absent, ``[[null]]`` or not a plausible year."""
    if not isinstance(date, Mapping):
        return None
    parts = date.get("date-parts")
    if not isinstance(parts, list) or not parts:
        return None
    first = parts[0]
    if not isinstance(first, list) or not first:
        return None
    year = first[0]
    if isinstance(year, str) and _YEAR_TEXT.fullmatch(year.strip()):
        year = int(year.strip())
    # bool is an int, and true is no year.
    if isinstance(year, int) and not isinstance(year, bool) and 0 < year < 10000:
        return year
    return None


def _authors(value: Any) -> tuple[Author, ...]:
    """The ``author`` list as Author values, in order. People have
    ``family``/``given``; organisations only ``name``. Entries with neither
    (some dissertations deposit an author with only an affiliation) are
    skipped. Editors are never read: they are not the authors."""
    if not isinstance(value, list):
        return ()
    authors: list[Author] = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        family = _text(item.get("family"))
        given = _text(item.get("given"))
        orcid = _orcid(item.get("ORCID"))
        if family:
            authors.append(Author(family, given or "", orcid=orcid))
        elif given:
            # A person deposited with a given name only is best compared on it.
            authors.append(Author(given, orcid=orcid))
        elif name := _text(item.get("name")):
            authors.append(Author(name, is_organisation=True))
    return tuple(authors)


def _deposit(references: Any, count: Any) -> ReferenceDeposit | None:
    """The deposited reference list: the ``reference`` array's first
    MAX_DEPOSITED_REFERENCES entries and how many there are
    (``reference-count``, or the array's length when larger). None when the
    work says nothing of one: no array and no count above zero (a
    ``select``-ed answer, or nothing deposited)."""
    stated = count if isinstance(count, int) and not isinstance(count, bool) else 0
    if not isinstance(references, list):
        return ReferenceDeposit((), stated) if stated > 0 else None
    # An unreadable item stays, empty, in its place: the n-th entry kept
    # is the n-th deposited, which numbered markers point at.
    kept = tuple(_deposited_reference(item) for item in references[:MAX_DEPOSITED_REFERENCES])
    return ReferenceDeposit(kept, max(stated, len(references)))


def _deposited_reference(item: Any) -> DepositedReference:
    """One entry of a ``reference`` array, its strings cleaned and cut to
    their caps; empty for an item that is no object."""
    if not isinstance(item, Mapping):
        return DepositedReference()
    fields: dict[str, str] = {}
    for name, attribute, limit in _REFERENCE_FIELDS:
        value = item.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # some deposits give a year or volume as a number
        text = _text(value)
        if text:
            fields[attribute] = text[:limit]
    if "doi" in fields:
        # Deposited as written: bare, doi: or a doi.org URL, any case.
        doi = normalise_doi(fields.pop("doi"))
        if doi:
            fields["doi"] = doi.lower()
    return DepositedReference(**fields)


def _orcid(value: Any) -> str:
    """The bare ORCID iD (``0000-0002-1825-0097``) of Crossref's ORCID URL;
    ``""`` when absent or not an ORCID iD."""
    if not isinstance(value, str):
        return ""
    match = _ORCID.fullmatch(value.strip())
    return match.group(1).upper() if match else ""


def _is_notice(update_to: Any, doi: str) -> bool:
    """Whether this work is itself an editorial notice: its ``update-to``
    names another work it retracts, corrects or expresses concern about.

    A notice must not be accused of what it announces, so its own
    ``updated-by`` is not read. An ``update-to`` that names only the work
    itself is an in-place update (seen with ``new_version``, and used by
    publishers that retract under the original DOI), so it does not count.
    """
    if not isinstance(update_to, list):
        return False
    for update in update_to:
        if not isinstance(update, Mapping) or _notice_kind(update.get("type")) is None:
            continue
        target = update.get("DOI")
        if not isinstance(target, str) or target.strip().lower() != doi:
            return True
    return False


def _notices(updated_by: Any) -> tuple[Notice, ...]:
    """The editorial notices of an ``updated-by`` list, in order, without
    repeats. Update types that are no notice (``new_version``) are skipped."""
    if not isinstance(updated_by, list):
        return ()
    notices: list[Notice] = []
    for update in updated_by:
        if not isinstance(update, Mapping):
            continue
        kind = _notice_kind(update.get("type"))
        if kind is None:
            logger.debug("ignoring Crossref update of type %r", update.get("type"))
            continue
        notice_doi = _text(update.get("DOI"))
        notices.append(
            Notice(
                kind,
                source=_text(update.get("source")) or "",
                doi=notice_doi.lower() if notice_doi else None,
                year=_year(update.get("updated")),
                label=_text(update.get("label")) or "",
            )
        )
    return tuple(dict.fromkeys(notices))


def _notice_kind(update_type: Any) -> NoticeKind | None:
    if not isinstance(update_type, str):
        return None
    key = "_".join(update_type.strip().lower().replace("-", " ").split())
    return _NOTICE_KINDS.get(key)


def _describe(value: Any) -> str:
    """A short description of an unexpected value for an error message."""
    if isinstance(value, str):
        if len(value) > _DESCRIPTION_LENGTH:
            value = value[:_DESCRIPTION_LENGTH] + "..."
        return f"text {value!r}"
    if value is None:
        return "null"
    return type(value).__name__
