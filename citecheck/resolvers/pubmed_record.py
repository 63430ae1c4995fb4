"""Read PubMed efetch answers (``db=pubmed``, ``retmode=xml``) into Records.

:func:`~citecheck.resolvers.entrez_xml.read_pubmed_xml` has Biopython read
the body, offline (see :mod:`citecheck.resolvers.entrez_xml` for how); this
module turns Biopython's nested dicts into :class:`Record` values.

``<ERROR>`` elements: NCBI sends errors with HTTP 200. An error document
(``<eFetchResult><ERROR>...``, no article set) raises
:class:`MalformedResponse` carrying the error text; ``<ERROR>`` elements
inside an article set are returned in :attr:`EfetchResult.errors` next to
the records that could be read. Either way an error means "could not
verify", never "not found".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

from citecheck.errors import MalformedResponse
from citecheck.identifiers import normalise_doi
from citecheck.models import Author, Notice, NoticeKind, Record, Service, WorkType
from citecheck.resolvers.entrez_xml import ARTICLE_SET, read_pubmed_xml

logger = logging.getLogger(__name__)

__all__ = ["EfetchResult", "MalformedResponse", "parse_efetch", "record_from_article"]


@dataclass(frozen=True)
class EfetchResult:
    """What one efetch answer holds.

    ``records`` maps each PMID (a string of digits) to its record, for every
    ``PubmedArticle`` and ``PubmedBookArticle`` that has a PMID. ``errors``
    holds the texts of ``<ERROR>`` elements found inside the article set.
    When ``errors`` is not empty the answer may be partial: a PMID missing
    from ``records`` must then be reported as could-not-verify, not not-found.

    ``malformed`` maps the PMID of each article that names one but holds no
    citation (no ``Article``, no ``Book``) to what is wrong with it;
    ``anonymous`` counts the articles without a PMID of digits (an empty
    ``<PubmedArticle/>``, ``<PMID>abc</PMID>``). Such an article is about a
    PMID of the request that nobody can tell: while there is one, a PMID
    missing from ``records`` may be that one, and is could-not-verify.
    """

    records: dict[str, Record] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    malformed: dict[str, str] = field(default_factory=dict)
    anonymous: int = 0

    @property
    def complete(self) -> bool:
        """True when NCBI reported no error, so a missing PMID is really absent."""
        return not self.errors


# --------------------------------------------------------------------------
# Reading the body


def parse_efetch(body: bytes, *, dtd_dir: str | Path | None = None) -> EfetchResult:
    """Parse an efetch answer (``db=pubmed``, ``retmode=xml``) without any
    network access.

    ``dtd_dir`` is a folder of cached DTDs (created when missing) that
    Biopython may read besides the DTDs it ships; nothing is ever downloaded.

    Returns an :class:`EfetchResult`; an empty ``<PubmedArticleSet>`` gives no
    records and no errors. Raises :class:`MalformedResponse` when the body is
    not a ``PubmedArticleSet``: empty, truncated, HTML, JSON, an NCBI error
    document (the message carries NCBI's text) or XML Biopython cannot read.
    """
    parsed, errors = read_pubmed_xml(body, dtd_dir=dtd_dir)
    records: dict[str, Record] = {}
    malformed: dict[str, str] = {}
    anonymous = 0
    for article in _articles(parsed):
        record = record_from_article(article)
        if record.pmid is None:
            logger.debug("an article without a PMID of digits")
            anonymous += 1
            continue
        problem = _missing_citation(article)
        if problem:
            malformed.setdefault(record.pmid, problem)
            continue
        records.setdefault(record.pmid, record)
    for pmid in records:
        malformed.pop(pmid, None)
    return EfetchResult(records=records, errors=errors, malformed=malformed, anonymous=anonymous)


def _missing_citation(article: Mapping[str, Any]) -> str:
    """What keeps ``article`` from being a record, or "" when nothing does."""
    if "BookDocument" in article:
        return "" if isinstance(_get(article, "BookDocument", "Book"), Mapping) else "no <Book>"
    if not isinstance(_get(article, "MedlineCitation", "Article"), Mapping):
        return "no <Article>"
    return ""


def _articles(parsed: object) -> list[Mapping[str, Any]]:
    """The articles of a parsed set: the current DTDs give a mapping of
    ``PubmedArticle`` and ``PubmedBookArticle`` lists, the 2008-2015 ones a
    plain list of both kinds (told apart by :func:`record_from_article`)."""
    if isinstance(parsed, Mapping):
        items = _list(parsed.get("PubmedArticle")) + _list(parsed.get("PubmedBookArticle"))
    elif isinstance(parsed, list):
        items = list(parsed)
    else:
        raise MalformedResponse(f"<{ARTICLE_SET}> was read as {type(parsed).__name__}")
    return [item for item in items if isinstance(item, Mapping)]


# --------------------------------------------------------------------------
# Walking Biopython's result: every access tolerates missing or odd parts.


def _get(node: object, *path: str) -> object:
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _list(node: object) -> list[object]:
    return list(node) if isinstance(node, list) else []


def _attr(node: object, name: str) -> str:
    attributes = getattr(node, "attributes", None)
    if isinstance(attributes, Mapping):
        value = attributes.get(name)
        if isinstance(value, str):
            return value
    return ""


# Biopython rebuilds inline markup as tags with raw attribute values.
_TAG_RE = re.compile(r"<(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")


def _text(node: object) -> str | None:
    """The text of an element: tags dropped, escapes undone, whitespace folded."""
    if not isinstance(node, str):
        return None
    text = " ".join(unescape(_TAG_RE.sub("", node)).split())
    return text or None


def _fully_bracketed(text: str) -> bool:
    if not (text.startswith("[") and text.endswith("]")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0


def _title(node: object) -> str | None:
    """A PubMed title without its closing period; a translated title loses the
    brackets PubMed puts round it, and ``[Not Available]`` is no title."""
    text = _text(node)
    if text is None:
        return None
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if _fully_bracketed(text):
        text = text[1:-1].strip()
        if text.casefold() == "not available":
            return None
    return text or None


_DIGITS_RE = re.compile(r"[0-9]+")
_YEAR_RE = re.compile(r"(?<![0-9])[12][0-9]{3}(?![0-9])")
_ORCID_RE = re.compile(r"([0-9]{4})-?([0-9]{4})-?([0-9]{4})-?([0-9]{3}[0-9X])")
_PMCID_RE = re.compile(r"(?:PMC)?([0-9]+)")
_ARTICLE_NUMBER_RE = re.compile(r"[eE]?[0-9]{1,10}")
_NOTICE_YEAR_RE = re.compile(r"\.\s+([12][0-9]{3})(?![0-9])")


def _pmid(node: object) -> str | None:
    text = _text(node)
    return text if text is not None and _DIGITS_RE.fullmatch(text) else None


def _year(date: object) -> int | None:
    """The year of a date element: ``Year``, else the first year of ``MedlineDate``."""
    year = _text(_get(date, "Year"))
    if year is not None and _YEAR_RE.fullmatch(year):
        return int(year)
    medline = _text(_get(date, "MedlineDate"))
    match = _YEAR_RE.search(medline) if medline else None
    return int(match.group()) if match else None


def _doi(node: object) -> str | None:
    text = _text(node)
    doi = normalise_doi(text) if text else None
    return doi.lower() if doi else None


def _pmcid(node: object) -> str | None:
    text = _text(node)
    match = _PMCID_RE.fullmatch(text.upper()) if text else None
    return f"PMC{match.group(1)}" if match else None


def _orcid(author: Mapping[str, Any]) -> str:
    for identifier in _list(author.get("Identifier")):
        if _attr(identifier, "Source").upper() != "ORCID":
            continue
        text = (_text(identifier) or "").upper().rsplit("/", 1)[-1]
        match = _ORCID_RE.fullmatch(text)
        if match:
            return "-".join(match.groups())
    return ""


def _author_lists(node: object) -> list[tuple[str, list[object]]]:
    """``(Type, authors)`` for an ``AuthorList``: Biopython gives one list for
    an article, a list of lists where several ``AuthorList`` may appear."""
    items = _list(node)
    if items and all(isinstance(item, list) for item in items):
        return [(_attr(item, "Type"), _list(item)) for item in items]
    return [(_attr(node, "Type"), items)]


def _authors(node: object) -> tuple[Author, ...]:
    """The authors of an ``AuthorList`` in order; editors and ``ValidYN="N"``
    (names PubMed keeps only as recorded errors) are left out."""
    authors: list[Author] = []
    for kind, members in _author_lists(node):
        if kind == "editors":
            continue
        for member in members:
            if not isinstance(member, Mapping) or _attr(member, "ValidYN") == "N":
                continue
            orcid = _orcid(member)
            collective = _text(member.get("CollectiveName"))
            family = _text(member.get("LastName"))
            if collective:
                authors.append(Author(collective, is_organisation=True, orcid=orcid))
            elif family:
                given = _text(member.get("ForeName")) or _text(member.get("Initials")) or ""
                authors.append(Author(family, given, orcid=orcid))
    return tuple(authors)


def _first_of_each(kind: str, *lists: object) -> dict[str, str]:
    """The first text of each ``kind`` attribute value (``IdType`` of
    ``ArticleId``, ``EIdType`` of ``ELocationID``) over the lists in turn,
    leaving out items marked ``ValidYN="N"``."""
    found: dict[str, str] = {}
    for node in lists:
        for item in _list(node):
            text = _text(item)
            if text and _attr(item, "ValidYN") != "N":
                found.setdefault(_attr(item, kind), text)
    return found


def _pages(pagination: object) -> str | None:
    """``MedlinePgn`` as PubMed gives it (``113-25``), else ``StartPage-EndPage``."""
    medline = _text(_get(pagination, "MedlinePgn"))
    if medline:
        return medline
    start, end = _text(_get(pagination, "StartPage")), _text(_get(pagination, "EndPage"))
    if start and end and end != start:
        return f"{start}-{end}"
    return start or end


def _labels(node: object) -> list[str]:
    return [label for label in map(_text, _list(node)) if label]


# PublicationTypes that only ever describe something published in a journal.
# fmt: off
_JOURNAL_KINDS = frozenset({
    "Journal Article", "Review", "Systematic Review", "Scoping Review", "Meta-Analysis",
    "Clinical Trial", "Controlled Clinical Trial", "Pragmatic Clinical Trial",
    "Equivalence Trial", "Adaptive Clinical Trial", "Clinical Study", "Observational Study",
    "Comparative Study", "Evaluation Study", "Validation Study", "Multicenter Study",
    "Twin Study", "Case Reports", "Letter", "Editorial", "Comment", "News",
    "Introductory Journal Article", "Published Erratum", "Retraction of Publication",
    "Retracted Publication", "Expression of Concern", "Corrected and Republished Article",
    "Duplicate Publication", "Practice Guideline", "Guideline",
    "Consensus Development Conference", "Consensus Development Conference, NIH",
    "Historical Article", "Classical Article", "Biography", "Autobiography", "Interview",
    "Lecture", "Address", "Personal Narrative", "Portrait",
})
# fmt: on
_JOURNAL_KIND_PREFIXES = ("Clinical Trial", "Randomized Controlled Trial")
# Types saying that this record IS a notice about another one; the most
# telling label for a reader, and never a notice about this record itself.
_NOTICE_TYPES = ("Retraction of Publication", "Expression of Concern", "Published Erratum")


def _is_journal_kind(label: str) -> bool:
    return label in _JOURNAL_KINDS or label.startswith(_JOURNAL_KIND_PREFIXES)


def _work_type(labels: list[str]) -> tuple[WorkType, str]:
    """The work type and ``type_label``: the PublicationType that decided the
    type (a notice type before ``Journal Article``), else the first one."""
    if "Preprint" in labels:
        return WorkType.PREPRINT, "Preprint"
    for label in (*_NOTICE_TYPES, "Journal Article"):
        if label in labels:
            return WorkType.JOURNAL_ARTICLE, label
    for label in labels:
        if _is_journal_kind(label):
            return WorkType.JOURNAL_ARTICLE, label
    return WorkType.OTHER, labels[0] if labels else ""


_LINK_NOTICES = {
    "RetractionIn": NoticeKind.RETRACTION,
    "RetractedandRepublishedIn": NoticeKind.RETRACTION,
    "ExpressionOfConcernIn": NoticeKind.EXPRESSION_OF_CONCERN,
    "ErratumIn": NoticeKind.CORRECTION,
    "CorrectedandRepublishedIn": NoticeKind.CORRECTION,
}


def _notices(citation: object, labels: list[str]) -> tuple[Notice, ...]:
    """Notices about this record: its ``CommentsCorrections`` links that point
    at a retraction, expression of concern or correction, plus a retraction
    for a ``Retracted Publication`` type that no ``RetractionIn`` link names."""
    notices: list[Notice] = []
    for link in _list(_get(citation, "CommentsCorrectionsList")):
        kind = _LINK_NOTICES.get(_attr(link, "RefType"))
        if kind is None:
            continue
        source = _text(_get(link, "RefSource")) or ""
        year = _NOTICE_YEAR_RE.search(source)
        notice = Notice(
            kind,
            source="pubmed",
            pmid=_pmid(_get(link, "PMID")),
            year=int(year.group(1)) if year else None,
            label=source,
        )
        if notice not in notices:
            notices.append(notice)
    retracted = "Retracted Publication" in labels
    if retracted and not any(n.kind is NoticeKind.RETRACTION for n in notices):
        notices.append(Notice(NoticeKind.RETRACTION, source="pubmed"))
    return tuple(notices)


def _article_number(elocations: Mapping[str, str]) -> str | None:
    """An electronic article number (``e0210123``): a ``pii`` ELocationID that
    is ``e`` and digits or digits only. Publisher piis such as
    ``S0140-6736(20)31180-6`` are internal codes, not article numbers."""
    pii = elocations.get("pii")
    return pii if pii and _ARTICLE_NUMBER_RE.fullmatch(pii) else None


def _min_year(*years: int | None) -> int | None:
    known = [year for year in years if year is not None]
    return min(known) if known else None


# --------------------------------------------------------------------------
# Records


def record_from_article(article: Mapping[str, Any]) -> Record:
    """The :class:`Record` for one ``PubmedArticle`` (or ``PubmedBookArticle``)
    as :func:`parse_efetch` has Biopython read it (``escape=True``).

    Never raises: missing or odd parts leave fields empty; ``pmid`` is None
    when the article has no PMID of digits (:func:`parse_efetch` skips those).
    """
    if "BookDocument" in article:
        return _book_record(article)
    citation = _get(article, "MedlineCitation")
    item = _get(citation, "Article")
    journal = _get(item, "Journal")
    issue = _get(journal, "JournalIssue")
    ids = _first_of_each("IdType", _get(article, "PubmedData", "ArticleIdList"))
    elocations = _first_of_each("EIdType", _get(item, "ELocationID"))
    print_year = _year(_get(issue, "PubDate"))
    online_year = None
    for date in _list(_get(item, "ArticleDate")):
        if _attr(date, "DateType") in ("Electronic", ""):
            online_year = _year(date)
            if online_year is not None:
                break
    labels = _labels(_get(item, "PublicationTypeList"))
    work_type, type_label = _work_type(labels)
    abbreviations = (
        _text(_get(journal, "ISOAbbreviation")),
        _text(_get(citation, "MedlineJournalInfo", "MedlineTA")),
    )
    return Record(
        service=Service.PUBMED,
        doi=_doi(ids.get("doi")) or _doi(elocations.get("doi")),
        pmid=_pmid(_get(citation, "PMID")),
        pmcid=_pmcid(ids.get("pmc")),
        title=_title(_get(item, "ArticleTitle")),
        authors=_authors(_get(item, "AuthorList")),
        issued_year=_min_year(print_year, online_year),
        print_year=print_year,
        online_year=online_year,
        journal=_text(_get(journal, "Title")),
        journal_abbreviations=tuple(dict.fromkeys(a for a in abbreviations if a)),
        volume=_text(_get(issue, "Volume")),
        issue=_text(_get(issue, "Issue")),
        pages=_pages(_get(item, "Pagination")),
        article_number=_article_number(elocations),
        type=work_type,
        type_label=type_label,
        notices=_notices(citation, labels),
    )


def _book_record(article: Mapping[str, Any]) -> Record:
    """A ``PubmedBookArticle``: a chapter when it has an ``ArticleTitle`` (the
    book's title is then its container), else the whole book. Chapter authors
    come first, the book's authors when the chapter names none; editors never."""
    document = _get(article, "BookDocument")
    book = _get(document, "Book")
    ids = _first_of_each(
        "IdType", _get(article, "PubmedBookData", "ArticleIdList"), _get(document, "ArticleIdList")
    )
    elocations = _first_of_each("EIdType", _get(document, "ELocationID"), _get(book, "ELocationID"))
    is_chapter = _get(document, "ArticleTitle") is not None
    book_title = _title(_get(book, "BookTitle"))
    authors = _authors(_get(document, "AuthorList")) or _authors(_get(book, "AuthorList"))
    labels = _labels(_get(document, "PublicationType"))
    return Record(
        service=Service.PUBMED,
        doi=_doi(ids.get("doi")) or _doi(elocations.get("doi")),
        pmid=_pmid(_get(document, "PMID")),
        pmcid=_pmcid(ids.get("pmc")),
        title=_title(_get(document, "ArticleTitle")) if is_chapter else book_title,
        authors=authors,
        issued_year=_year(_get(document, "ContributionDate")) or _year(_get(book, "PubDate")),
        journal=book_title if is_chapter else None,
        volume=_text(_get(book, "Volume")),
        pages=_pages(_get(document, "Pagination")),
        type=WorkType.BOOK_CHAPTER if is_chapter else WorkType.BOOK,
        type_label=labels[0] if labels else "",
    )
