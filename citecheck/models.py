"""Domain types shared by every stage of citecheck.

Reading produces a :class:`Document` (reference-list entries, links, in-text
citations, identifiers, and the problems met while reading); checks turn a
document into :class:`Finding` objects with stable :class:`FindingCode` values
that reports and CI key on. Everything here is a frozen dataclass or an enum,
so that values can be shared between stages and threads without copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum


class Format(StrEnum):
    """An input format citecheck can read."""

    MARKDOWN = "markdown"
    """Markdown, including Markdown with inline HTML and wiki exports."""
    HTML = "html"
    """An HTML page (Wikipedia-style references included)."""
    TEXT = "text"
    """Plain text, including text extracted from a PDF."""
    BIBTEX = "bibtex"
    """A BibTeX database (``.bib``)."""
    JATS = "jats"
    """JATS XML, as publishers and PubMed Central deliver articles."""


class IdType(StrEnum):
    """A namespace of identifiers. Values never mix: PMC128915 is no PMID."""

    DOI = "doi"
    """Digital Object Identifier, compared case-insensitively."""
    PMID = "pmid"
    """PubMed identifier: 1 to 8 digits."""
    PMCID = "pmcid"
    """PubMed Central identifier, ``PMC`` followed by digits."""
    ARXIV = "arxiv"
    """arXiv identifier, new (``2101.00001``) or old style (``hep-th/9901001``)."""
    ISBN = "isbn"
    """International Standard Book Number, stored as ISBN-13 digits."""
    NCT = "nct"
    """ClinicalTrials.gov registry number, ``NCT`` and eight digits."""
    ISRCTN = "isrctn"
    """ISRCTN registry number, ``ISRCTN`` and eight digits."""
    QUERY = "query"
    """Not an identifier any document states: a search of the services by
    what an entry claims. Its value is the query as canonical JSON (see
    :class:`SearchQuery`), so that searches are deduplicated, cached and
    scheduled like lookups of identifiers."""


class Severity(Enum):
    """How serious a finding is; ordered, so thresholds can compare them."""

    INFO = 1
    """Worth knowing; never fails a run by default."""
    WARNING = 2
    """Probably wrong or unverifiable; an editor should look."""
    ERROR = 3
    """Wrong: a citation that misleads the reader."""

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Return the severity named by ``text`` (case-insensitive); raises ValueError."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}") from None


class FindingCode(StrEnum):
    """Stable codes for findings. Reports, SARIF rules and CI filters key on
    these strings, so a value is never renamed or reused once released."""

    NO_REFERENCE_LIST = "no-reference-list"
    """In-text markers exist but the document has no reference list."""
    DANGLING_CITATION = "dangling-citation"
    """An in-text marker points to an entry that does not exist."""
    UNCITED_REFERENCE = "uncited-reference"
    """A reference-list entry that no in-text marker points to."""
    CONFLICTING_CLAIMS = "conflicting-claims"
    """The same identifier is cited with different authors, year or title."""
    DUPLICATE_REFERENCE = "duplicate-reference"
    """Two reference-list entries describe the same work."""
    NOTHING_TO_CHECK = "nothing-to-check"
    """An entry with neither an identifier nor a title (a bare host name)."""
    MALFORMED_IDENTIFIER = "malformed-identifier"
    """Text that tries to be an identifier but cannot be one."""
    CONFLICTING_CLAIMS_ACROSS_DOCUMENTS = "conflicting-claims-across-documents"
    """The same identifier is cited with different claims on different pages."""
    REFERENCE_LIST_WITHOUT_HEADING = "reference-list-without-heading"
    """The reference list was found by the shape of its entries, not by a heading."""

    # Verdicts on a reference-list entry: exactly one per entry.
    VERIFIED = "verified"
    """The identifier resolves to the work the entry describes."""
    VERIFIED_WITH_NOTES = "verified-with-notes"
    """The same work, with harmless differences (year off by one, title
    abridged or paraphrased, journal abbreviated)."""
    WRONG_WORK = "wrong-work"
    """The identifier resolves to a different work: authors and title disagree."""
    METADATA_MISMATCH = "metadata-mismatch"
    """The same work with wrong details (year, some authors, journal, pages)."""
    IDENTIFIER_NOT_FOUND = "identifier-not-found"
    """The service answered properly that the identifier does not exist."""
    REGISTERED_ELSEWHERE = "registered-elsewhere"
    """A real DOI registered with another agency (DataCite, mEDRA...)."""
    IDENTIFIERS_DISAGREE = "identifiers-disagree"
    """The entry's DOI, PMID or PMCID name different works."""
    RETRACTED = "retracted"
    """The cited work was retracted (or withdrawn)."""
    EXPRESSION_OF_CONCERN = "expression-of-concern"
    """The publisher has expressed concern about the cited work."""
    CORRECTED = "corrected"
    """A correction to the cited work was published."""
    UNVERIFIABLE = "unverifiable"
    """No identifier a service can check (title only, a host, an ISBN)."""
    COULD_NOT_VERIFY = "could-not-verify"
    """A service gave no proper answer (offline, timeout, rate limited...)."""
    NOT_COMPARED = "not-compared"
    """The identifier resolves, but the entry states nothing that tells
    whether it is the record's work (no title, no authors, only a year):
    no evidence either way, so never "verified"."""
    VERIFIED_BY_SEARCH = "verified-by-search"
    """The entry has no identifier a service resolves, and a search found
    the work it describes; the identifier found is suggested, to add."""
    NO_SUCH_WORK = "no-such-work"
    """The entry has no identifier a service resolves, and nothing that
    Crossref or PubMed holds matches it: the likely fabrication, or a work
    those services do not index (a book, report, thesis or web page)."""


DEFAULT_SEVERITY: dict[FindingCode, Severity] = {
    FindingCode.NO_REFERENCE_LIST: Severity.ERROR,
    FindingCode.DANGLING_CITATION: Severity.ERROR,
    FindingCode.UNCITED_REFERENCE: Severity.WARNING,
    FindingCode.CONFLICTING_CLAIMS: Severity.ERROR,
    FindingCode.DUPLICATE_REFERENCE: Severity.WARNING,
    FindingCode.NOTHING_TO_CHECK: Severity.WARNING,
    FindingCode.MALFORMED_IDENTIFIER: Severity.ERROR,
    FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS: Severity.WARNING,
    FindingCode.REFERENCE_LIST_WITHOUT_HEADING: Severity.INFO,
    FindingCode.VERIFIED: Severity.INFO,
    FindingCode.VERIFIED_WITH_NOTES: Severity.INFO,
    FindingCode.WRONG_WORK: Severity.ERROR,
    FindingCode.METADATA_MISMATCH: Severity.WARNING,
    FindingCode.IDENTIFIER_NOT_FOUND: Severity.ERROR,
    FindingCode.REGISTERED_ELSEWHERE: Severity.INFO,
    FindingCode.IDENTIFIERS_DISAGREE: Severity.ERROR,
    FindingCode.RETRACTED: Severity.ERROR,
    FindingCode.EXPRESSION_OF_CONCERN: Severity.WARNING,
    FindingCode.CORRECTED: Severity.INFO,
    FindingCode.UNVERIFIABLE: Severity.WARNING,
    FindingCode.COULD_NOT_VERIFY: Severity.WARNING,
    FindingCode.NOT_COMPARED: Severity.WARNING,
    FindingCode.VERIFIED_BY_SEARCH: Severity.INFO,
    FindingCode.NO_SUCH_WORK: Severity.ERROR,
}

VERDICT_CODES: frozenset[FindingCode] = frozenset(
    {
        FindingCode.VERIFIED,
        FindingCode.VERIFIED_WITH_NOTES,
        FindingCode.WRONG_WORK,
        FindingCode.METADATA_MISMATCH,
        FindingCode.IDENTIFIER_NOT_FOUND,
        FindingCode.REGISTERED_ELSEWHERE,
        FindingCode.IDENTIFIERS_DISAGREE,
        FindingCode.RETRACTED,
        FindingCode.EXPRESSION_OF_CONCERN,
        FindingCode.CORRECTED,
        FindingCode.UNVERIFIABLE,
        FindingCode.COULD_NOT_VERIFY,
        FindingCode.NOT_COMPARED,
        FindingCode.VERIFIED_BY_SEARCH,
        FindingCode.NO_SUCH_WORK,
    }
)
"""The codes a reference-list entry's verdict can have."""


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a source file: 1-based line and column."""

    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Identifier:
    """A well-formed identifier found in a document.

    ``value`` is the normalised form (DOI prefix and URL removed, percent
    escapes decoded, trailing punctuation stripped, case kept as written);
    ``key`` is the form to compare and deduplicate on.
    """

    type: IdType
    value: str
    raw: str = field(default="", compare=False)
    location: Location | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        # DOIs are case-insensitive (ASCII); the others are normalised upper
        # or digits-only by the extractor, so folding does no harm.
        return f"{self.type.value}:{self.value.lower()}"

    def __str__(self) -> str:
        return f"{self.type.value}:{self.value}"


@dataclass(frozen=True, slots=True)
class IdentifierProblem:
    """Text that looks like an identifier but cannot be one (a DOI without a
    suffix, a 12-digit PMID, an ISBN with a bad check digit)."""

    type: IdType
    raw: str
    reason: str
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Author:
    """An author as the article names them. ``given`` holds initials or given
    names as written; organisations keep their whole name in ``family``."""

    family: str
    given: str = ""
    is_organisation: bool = False
    orcid: str = ""
    """The ORCID iD (``0000-0002-1825-0097``) when a record gives one."""

    def __str__(self) -> str:
        return f"{self.family} {self.given}".strip()


class TitleKind(StrEnum):
    """How much a claimed title can be trusted as the work's real title."""

    TITLE = "title"
    """The work's title as the reference list gives it."""
    PAGE_TITLE = "page-title"
    """A web page's title (``Title - PubMed [host]``), usually the real title."""
    DESCRIPTION = "description"
    """A short description written by the citing author (wiki link labels):
    weak evidence, never grounds for an accusation on its own."""


@dataclass(frozen=True, slots=True)
class Claims:
    """What an entry claims about the cited work. Unknown fields stay empty:
    the reader never guesses."""

    authors: tuple[Author, ...] = ()
    et_al: bool = False
    year: int | None = None
    title: str | None = None
    title_kind: TitleKind = TitleKind.TITLE
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    site: str | None = None
    """The web host or site name an entry points at (``mdpi.com``, ``PubMed``)."""

    @property
    def first_author(self) -> Author | None:
        return self.authors[0] if self.authors else None

    @property
    def is_empty(self) -> bool:
        return not (self.authors or self.year or self.title or self.journal)


class EntryRole(StrEnum):
    """Where a cited work was found."""

    REFERENCE = "reference"
    """An entry of the reference list (or a footnote definition, BibTeX entry, JATS ref)."""
    LINK = "link"
    """A link elsewhere in the document (external-links sections, inline links)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One cited work: a reference-list entry or a link that names a work.

    ``label`` is what in-text markers point at: the entry's number as text
    (``"12"``), a footnote name, a BibTeX key or a JATS ``ref/@id``.
    ``number`` is its explicit number or, for an unnumbered list, its
    position (numbered markers such as ``[3]`` then point at the third entry).
    """

    label: str
    raw: str
    location: Location
    role: EntryRole = EntryRole.REFERENCE
    number: int | None = None
    end_line: int | None = None
    identifiers: tuple[Identifier, ...] = ()
    claims: Claims = Claims()
    url: str | None = None
    aliases: tuple[str, ...] = ()
    """Other labels that point at this entry (a JATS ref's ``<label>``)."""

    def has(self, id_type: IdType) -> bool:
        return any(i.type is id_type for i in self.identifiers)


class CitationStyle(StrEnum):
    """The form of an in-text citation."""

    NUMERIC = "numeric"
    """``[3]``, ``[5,6]``, ``[21–23]``, ``<sup>3</sup>``, ``[\\[12\\]](#)``."""
    FOOTNOTE = "footnote"
    """A Markdown footnote reference, ``[^4]``."""
    AUTHOR_YEAR = "author-year"
    """``(Smith et al., 2020)``, ``(Smith and Jones 2019; Lee 2021)``."""
    XREF = "xref"
    """A JATS ``<xref ref-type="bibr">`` pointing at ``ref`` ids."""


@dataclass(frozen=True, slots=True)
class AuthorYear:
    """One author–year pointer: the first author's surname and the year as
    written (``2019a`` keeps its letter)."""

    surname: str
    year: str
    et_al: bool = False
    second_surname: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """An in-text citation: a marker and what it points to.

    Numeric and footnote markers point at entry labels (a range ``[21–23]``
    is expanded to ``("21", "22", "23")``); author–year markers carry
    :class:`AuthorYear` pointers instead.
    """

    marker: str
    location: Location
    style: CitationStyle
    labels: tuple[str, ...] = ()
    author_years: tuple[AuthorYear, ...] = ()

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(int(label) for label in self.labels if label.isdigit())


@dataclass(frozen=True, slots=True)
class Document:
    """Everything read from one file."""

    path: str
    format: Format
    sha256: str
    size: int
    entries: tuple[Entry, ...] = ()
    links: tuple[Entry, ...] = ()
    citations: tuple[Citation, ...] = ()
    text_identifiers: tuple[Identifier, ...] = ()
    """Identifiers met in running text, outside entries and links."""
    identifier_problems: tuple[IdentifierProblem, ...] = ()
    reference_heading: Location | None = None
    """Where the reference-list heading is, when there is one."""
    reference_list_found_by: str | None = None
    """How the reference list was found: ``"heading"`` (under a heading that
    announces references), ``"structure"`` (by the shape of its entries,
    under no heading or one that names no reference list), or None (no list,
    or one the format marks itself: JATS, BibTeX, footnotes alone)."""

    @property
    def has_reference_list(self) -> bool:
        return bool(self.entries)

    @property
    def identifiers(self) -> tuple[Identifier, ...]:
        """Every identifier of the document, entries first, in reading order."""
        found: list[Identifier] = []
        for entry in (*self.entries, *self.links):
            found.extend(entry.identifiers)
        found.extend(self.text_identifiers)
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Finding:
    """A verdict about a document, an entry or a citation.

    ``evidence`` holds named facts behind the finding (claimed values, the
    other entry's line, a score) as ordered pairs, so findings stay hashable.
    """

    code: FindingCode
    severity: Severity
    message: str
    path: str
    location: Location | None = None
    entry_label: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()
    claimed: str = ""
    """What the article claims, rendered (for verdicts)."""
    recorded: str = ""
    """What the record says, rendered (for verdicts)."""
    scores: tuple[tuple[str, float], ...] = ()
    """The matching scores behind the decision, by name."""

    def evidence_dict(self) -> dict[str, str]:
        return dict(self.evidence)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The one verdict on a reference-list entry, with what it rests on.

    ``identifier`` is the identifier judged (None when the entry has none a
    service can check); ``record`` the record the claims were compared
    with; ``claimed`` and ``recorded`` render both sides for people;
    ``scores`` keep every matching score; ``notes`` the harmless
    differences (or, for a worse verdict, the lesser problems too).
    """

    code: FindingCode
    severity: Severity
    message: str
    entry_label: str
    location: Location
    identifier: Identifier | None = None
    record: Record | None = None
    claimed: str = ""
    recorded: str = ""
    scores: tuple[tuple[str, float], ...] = ()
    notes: tuple[str, ...] = ()
    reason: str | None = None
    """Why a lookup could not verify (``offline``, ``timeout``...)."""
    evidence: tuple[str, ...] = ()
    """What the decision rests on, in words (``the title matches``,
    ``same-work probability 0.97``)."""
    suggestion: Suggestion | None = None
    """What the entry should have been, when a search found it."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An identifier to give an entry: to add (``replaces`` None) or to put
    in place of a wrong one. ``record`` is the work it names, ``evidence``
    why it is the work the entry describes, ``confidence`` the same-work
    probability (0 to 1); ``typo`` says how a replaced identifier differs
    from this one when that looks like a slip (``one character differs``)."""

    identifier: Identifier
    record: Record | None = None
    """The work it names (not kept in a report: read back, it is None)."""
    replaces: Identifier | None = None
    evidence: tuple[str, ...] = ()
    confidence: float = 0.0
    typo: str = ""


class Service(StrEnum):
    """A service that answers for identifiers."""

    CROSSREF = "crossref"
    """Crossref REST API: DOIs registered with Crossref."""
    PUBMED = "pubmed"
    """NCBI E-utilities, PubMed database: PMIDs."""
    PMC = "pmc"
    """PMC ID converter: PMCIDs to PMIDs and DOIs (PMC articles only)."""
    DATACITE = "datacite"
    """DataCite REST API: DOIs Crossref's agency route says are DataCite's."""
    ARXIV = "arxiv"
    """arXiv API (``/api/query?id_list=``): arXiv identifiers."""
    CLINICALTRIALS = "clinicaltrials"
    """ClinicalTrials.gov API v2 (``/api/v2/studies/{nct}``): NCT numbers."""
    SEARCH = "search"
    """Crossref's and PubMed's search routes, asked by what an entry claims."""
    CACHE = "cache"
    """No service was asked: the answer came from the local cache only."""


SERVICE_OF: dict[IdType, Service] = {
    IdType.DOI: Service.CROSSREF,
    IdType.PMID: Service.PUBMED,
    IdType.PMCID: Service.PMC,
    IdType.ARXIV: Service.ARXIV,
    IdType.NCT: Service.CLINICALTRIALS,
    IdType.QUERY: Service.SEARCH,
}
"""The service asked about each identifier type; the other types (ISBN,
ISRCTN numbers) are not looked up. Searches (``query``) are asked of the
search routes of Crossref and PubMed together."""


class WorkType(StrEnum):
    """What kind of work a record describes, in citecheck's own terms."""

    JOURNAL_ARTICLE = "journal-article"
    """An article in a journal (research, review, letter, editorial...)."""
    PREPRINT = "preprint"
    """A posted preprint (Crossref ``posted-content``)."""
    BOOK = "book"
    """A whole book, monograph or edited book."""
    BOOK_CHAPTER = "book-chapter"
    """A chapter or other part of a book."""
    PROCEEDINGS = "proceedings"
    """A conference paper or proceedings volume."""
    DATASET = "dataset"
    """A dataset."""
    COMPONENT = "component"
    """A component of another work (a figure, a supplement)."""
    OTHER = "other"
    """Anything else (reports, standards, dissertations...)."""


class NoticeKind(StrEnum):
    """An editorial notice attached to a work."""

    RETRACTION = "retraction"
    """The work was retracted."""
    EXPRESSION_OF_CONCERN = "expression-of-concern"
    """The publisher has expressed concern about the work."""
    CORRECTION = "correction"
    """A correction (erratum, corrigendum) was published."""
    WITHDRAWAL = "withdrawal"
    """The work was withdrawn."""


@dataclass(frozen=True, slots=True)
class Notice:
    """A retraction, expression of concern, correction or withdrawal of a work.

    ``source`` says who reported it (``publisher``, ``retraction-watch``,
    ``pubmed``); ``doi``/``pmid`` identify the notice itself when known.
    """

    kind: NoticeKind
    source: str = ""
    doi: str | None = None
    pmid: str | None = None
    year: int | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """A work as a service describes it, normalised whatever the service.

    Years are kept apart: ``issued_year`` (the earliest publication),
    ``print_year`` and ``online_year``, since citing articles may give any.
    """

    service: Service
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[Author, ...] = ()
    issued_year: int | None = None
    print_year: int | None = None
    online_year: int | None = None
    journal: str | None = None
    journal_abbreviations: tuple[str, ...] = ()
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    type: WorkType = WorkType.OTHER
    type_label: str = ""
    """The service's own name for the type (``journal-article``, ``Journal Article``)."""
    notices: tuple[Notice, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        """Every known year of the work, without repeats."""
        years = (self.issued_year, self.print_year, self.online_year)
        return tuple(dict.fromkeys(y for y in years if y is not None))


class LookupStatus(StrEnum):
    """How a lookup of one identifier ended. Exactly one per lookup."""

    FOUND = "found"
    """The service returned the record."""
    NOT_FOUND = "not-found"
    """The service answered properly that the identifier does not exist."""
    OTHER_AGENCY = "other-agency"
    """A real DOI registered with another agency (DataCite, mEDRA...)."""
    COULD_NOT_VERIFY = "could-not-verify"
    """No proper answer (timeout, rate limit, server error, bad body,
    offline): says nothing about whether the identifier exists."""


@dataclass(frozen=True, slots=True)
class Lookup:
    """The outcome of looking up one identifier.

    ``record`` is set only when FOUND; ``agency`` when OTHER_AGENCY;
    ``reason`` when COULD_NOT_VERIFY (``timeout``, ``rate limited``,
    ``HTTP 503``, ``offline``...) and, for NOT_FOUND, what the service said.
    ``fetched_at`` is the Unix time the answer was received.
    """

    identifier: Identifier
    status: LookupStatus
    service: Service
    record: Record | None = None
    agency: str | None = None
    reason: str | None = None
    fetched_at: float | None = None
    from_cache: bool = False
    candidates: tuple[Record, ...] = ()
    """For a search (:attr:`IdType.QUERY`): the works the services returned,
    best first. Candidates, never answers: the judge validates each."""
    searched: tuple[str, ...] = ()
    """For a search: what was searched, where (``Crossref: bibliographic
    query``, ``PubMed: title words, first author, year``)."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a search asks for: the entry's text as a bibliographic query,
    and the claims read from it. Empty fields are not searched by."""

    text: str
    title: str | None = None
    author: str | None = None
    """The first author's surname."""
    year: int | None = None
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    """The first page."""
    doi: str | None = None
    """A DOI to fetch the work by, instead of searching (an article's own)."""
    deposit: bool = False
    """Candidates with the reference lists their publishers deposited
    (bigger answers; asked only to recover a missing reference list)."""


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file that could not be read, with a one-line reason."""

    path: str
    reason: str


class ChangeKind(StrEnum):
    """What a planned correction of a document does."""

    ADD_IDENTIFIER = "add-identifier"
    """Gives an entry the identifier a search found for it."""
    REPLACE_IDENTIFIER = "replace-identifier"
    """Puts the right identifier in place of a wrong one."""
    CORRECT_FIELD = "correct-field"
    """Sets a BibTeX field to the record's value (year, volume, pages...)."""


@dataclass(frozen=True, slots=True)
class TextEdit:
    """``old`` at ``location`` becomes ``new``; an insertion when ``old`` is
    empty. ``old`` never spans lines; ``new`` may hold ``\\n`` (a new line,
    written with the file's own line ending)."""

    location: Location
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Change:
    """One correction of one entry, as a person reviews it: the lines
    ``line`` to ``end_line`` read ``old`` and would read ``new`` (joined with
    ``\\n``, line endings aside). ``edits`` are the exact replacements that
    make it; ``summary`` says what it does, ``evidence`` why, and
    ``confidence`` is the same-work probability it rests on. Lines and
    columns are those of the text as read, as in every other location."""

    path: str
    entry_label: str
    kind: ChangeKind
    summary: str
    line: int
    end_line: int
    old: str
    new: str
    edits: tuple[TextEdit, ...]
    evidence: tuple[str, ...] = ()
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class SkippedChange:
    """A correction that was not made, and why (below the confidence asked
    for, a span that could not be found exactly, a format not edited)."""

    path: str
    entry_label: str
    location: Location
    summary: str
    reason: str
    confidence: float = 0.0
