"""DataCite REST API bodies (``/dois/{doi}``, JSON:API) as citecheck records.

A body that is not a JSON:API ``dois`` resource with a DOI raises
:class:`~citecheck.errors.MalformedResponse` (could not verify); inside the
attributes, a field missing or of an unexpected type is left empty, never
guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from citecheck.errors import MalformedResponse
from citecheck.models import Author, Record, Service, WorkType
from citecheck.resolvers.crossref_record import _describe, _text

# DataCite's resourceTypeGeneral values (schema 4.x) in citecheck's terms;
# the rest (Text, Software, Report, Dissertation...) are OTHER.
_WORK_TYPES: Final[Mapping[str, WorkType]] = MappingProxyType(
    {
        "JournalArticle": WorkType.JOURNAL_ARTICLE,
        "Preprint": WorkType.PREPRINT,
        "Book": WorkType.BOOK,
        "BookChapter": WorkType.BOOK_CHAPTER,
        "ConferencePaper": WorkType.PROCEEDINGS,
        "ConferenceProceeding": WorkType.PROCEEDINGS,
        "Dataset": WorkType.DATASET,
        "Component": WorkType.COMPONENT,
    }
)

_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dXx]")


def record_from_body(body: Any) -> Record:
    """The record of a ``/dois/{doi}`` body. Raises MalformedResponse unless
    it is ``{"data": {"type": "dois", "attributes": {"doi": ...}}}``."""
    data = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(data, Mapping) or data.get("type") != "dois":
        raise MalformedResponse(f"a DataCite answer without a dois resource ({_describe(data)})")
    attributes = data.get("attributes")
    if not isinstance(attributes, Mapping):
        raise MalformedResponse("a DataCite dois resource without attributes")
    doi = _text(attributes.get("doi")) or _text(data.get("id"))
    if not doi:
        raise MalformedResponse("a DataCite dois resource without a DOI")
    container = attributes.get("container")
    container = container if isinstance(container, Mapping) else {}
    types = attributes.get("types")
    general = types.get("resourceTypeGeneral") if isinstance(types, Mapping) else None
    general = general if isinstance(general, str) else ""
    year = _year(attributes.get("publicationYear"))
    return Record(
        service=Service.DATACITE,
        doi=doi.lower(),
        title=_title(attributes.get("titles")),
        authors=_creators(attributes.get("creators")),
        issued_year=year,
        journal=_text(container.get("title")) or _publisher(attributes.get("publisher")),
        volume=_text(container.get("volume")),
        issue=_text(container.get("issue")),
        pages=_pages(container),
        type=_WORK_TYPES.get(general, WorkType.OTHER),
        type_label=general,
    )


def _title(titles: Any) -> str | None:
    """The main title: the first one without a ``titleType`` (DataCite marks
    subtitles, alternative and translated titles), else the first one."""
    if not isinstance(titles, list):
        return None
    entries = [t for t in titles if isinstance(t, Mapping) and _text(t.get("title"))]
    main = [t for t in entries if not t.get("titleType")]
    chosen = main or entries
    return _text(chosen[0].get("title")) if chosen else None


def _creators(creators: Any) -> tuple[Author, ...]:
    if not isinstance(creators, list):
        return ()
    authors: list[Author] = []
    for creator in creators:
        if isinstance(creator, Mapping):
            author = _creator(creator)
            if author is not None:
                authors.append(author)
    return tuple(authors)


def _creator(creator: Mapping[str, Any]) -> Author | None:
    name = _text(creator.get("name"))
    family = _text(creator.get("familyName"))
    given = _text(creator.get("givenName")) or ""
    if creator.get("nameType") == "Organizational":
        return Author(family=name, is_organisation=True) if name else None
    orcid = _orcid(creator.get("nameIdentifiers"))
    if family:
        return Author(family=family, given=given, orcid=orcid)
    if name and "," in name:
        # DataCite writes personal names "Family, Given".
        surname, _, first = name.partition(",")
        return Author(family=surname.strip(), given=first.strip(), orcid=orcid)
    # A name of unknown kind, kept whole rather than split by guess.
    return Author(family=name) if name else None


def _orcid(identifiers: Any) -> str:
    """The bare ORCID iD among a creator's ``nameIdentifiers``, or ``""``."""
    if not isinstance(identifiers, list):
        return ""
    for identifier in identifiers:
        if isinstance(identifier, Mapping) and identifier.get("nameIdentifierScheme") == "ORCID":
            match = _ORCID.search(str(identifier.get("nameIdentifier") or ""))
            if match:
                return match.group(0).upper()
    return ""


def _publisher(publisher: Any) -> str | None:
    """``publisher`` is text, or an object with a ``name`` when asked with
    ``publisher=true``."""
    if isinstance(publisher, Mapping):
        return _text(publisher.get("name"))
    return _text(publisher)


def _pages(container: Mapping[str, Any]) -> str | None:
    first = _text(container.get("firstPage"))
    last = _text(container.get("lastPage"))
    if first and last:
        return f"{first}-{last}"
    return first


def _year(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return value
    return None
