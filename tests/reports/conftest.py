"""A small, realistic audit that every machine-output test renders.

Two documents, listed out of path order so that sorting shows:

``docs/review.md`` (run 7)
    1 verified; 2 the wrong work (with scores); 3 could not verify (timeout);
    4 verified with a note; 5 verified. Document checks: marker [7] dangles
    (error), entry 4 is uncited (warning).
``docs/guide/dosing.html``
    1 unverifiable (a title with a pipe, quotes and an ampersand); 2 wrong
    details (a year two off the record's: one off would be only a note);
    3 retracted.

Entry 2 of each document cites one DOI with different years, which is a
finding across documents; ``docs/old/notes.txt`` could not be read.

The verdicts, their findings and the finding across documents are made by
:mod:`citecheck.judge.verdicts` and :mod:`citecheck.judge.corpus` from the entries and
the records looked up, so that their wording is the tool's own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from citecheck.audit import AuditResult, DocumentAudit, FailPolicy
from citecheck.judge.corpus import conflicting_claims_across
from citecheck.judge.verdicts import judge_entry, verdict_finding
from citecheck.models import (
    DEFAULT_SEVERITY,
    Author,
    Claims,
    Document,
    Entry,
    Finding,
    FindingCode,
    Format,
    Identifier,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Notice,
    NoticeKind,
    ReadError,
    Record,
    Service,
    Verdict,
    WorkType,
)

REVIEW = "docs/review.md"
DOSING = "docs/guide/dosing.html"
UNREADABLE = "docs/old/notes.txt"

Scores = tuple[tuple[str, float], ...]
ALL_MATCH: Scores = (("authors", 1.0), ("title", 1.0), ("year", 1.0))


def _entry(label: str, line: int, raw: str, claims: Claims, *ids: Identifier) -> Entry:
    return Entry(
        label=label,
        raw=raw,
        location=Location(line),
        number=int(label),
        identifiers=ids,
        claims=claims,
    )


def _article(doi: str, title: str, authors: tuple[Author, ...], year: int, **fields: Any) -> Record:
    """A journal article as Crossref records it."""
    return Record(
        service=Service.CROSSREF,
        doi=doi,
        title=title,
        authors=authors,
        issued_year=year,
        type=WorkType.JOURNAL_ARTICLE,
        **fields,
    )


def _found(identifier: Identifier, record: Record) -> Lookup:
    return Lookup(identifier, LookupStatus.FOUND, record.service, record=record)


def _judged(entry: Entry, lookups: Mapping[str, Lookup], scores: Scores = ()) -> Verdict:
    """The verdict :func:`judge_entry` gives ``entry``, its wording the tool's own.

    The scores alone are set here, in a short form (authors, title, year) that
    the report tests name: the renderers print whatever scores a verdict has.
    Searches are off: an entry without an identifier stays "unverifiable",
    the verdict these renderings were written for."""
    return dataclasses.replace(judge_entry(entry, lookups, search=False), scores=scores)


def _audit(
    path: str,
    fmt: Format,
    text: str,
    entries: tuple[Entry, ...],
    verdicts: tuple[Verdict, ...],
    checks: tuple[Finding, ...],
) -> DocumentAudit:
    data = text.encode("utf-8")
    document = Document(
        path=path,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        entries=entries,
        reference_heading=Location(entries[0].location.line - 2),
    )
    findings = [*checks]
    for verdict in verdicts:
        finding = verdict_finding(verdict, path)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: (f.location or Location(0, 0), f.code.value))
    return DocumentAudit(document, tuple(findings), verdicts)


# The Crossref record both documents cite, with different years.
STATINS = _article(
    "10.2000/statins.15",
    "Statins in the elderly",
    (Author("Brown", "A"), Author("White", "B"), Author("Green", "C")),
    2016,
)
STATINS_DOI = Identifier(IdType.DOI, "10.2000/statins.15")


def _review() -> DocumentAudit:
    doi = IdType.DOI
    e1 = _entry(
        "1",
        20,
        "1. Smith J, Jones K. Sleep and memory consolidation in adolescents. "
        "J Sleep Res. 2019. doi:10.1111/jsr.12345",
        Claims(
            authors=(Author("Smith", "J"), Author("Jones", "K")),
            year=2019,
            title="Sleep and memory consolidation in adolescents",
            journal="J Sleep Res",
        ),
        Identifier(doi, "10.1111/jsr.12345"),
    )
    e2 = _entry(
        "2",
        21,
        "2. Garcia M, et al. Gut microbiota & behaviour in <autism> models. 2020. "
        "doi:10.5555/gut.2020.7",
        Claims(
            authors=(Author("Garcia", "M"),),
            et_al=True,
            year=2020,
            title="Gut microbiota & behaviour in <autism> models",
        ),
        Identifier(doi, "10.5555/gut.2020.7"),
    )
    e3 = _entry(
        "3",
        22,
        "3. Okafor C. Vitamin D and fracture risk. 2021. PMID: 33456789",
        Claims(authors=(Author("Okafor", "C"),), year=2021, title="Vitamin D and fracture risk"),
        Identifier(IdType.PMID, "33456789"),
    )
    e4 = _entry(
        "4",
        23,
        "4. Lee H, Park S, Kim J. Exercise and depression: a meta-analysis. 2017. "
        "doi:10.1000/dep.2017.3",
        Claims(
            authors=(Author("Lee", "H"), Author("Park", "S"), Author("Kim", "J")),
            year=2017,
            title="Exercise and depression: a meta-analysis",
        ),
        Identifier(doi, "10.1000/dep.2017.3"),
    )
    e5 = _entry(
        "5",
        24,
        "5. Brown A, White B, Green C. Statins in the elderly. 2016. doi:10.2000/statins.15",
        Claims(
            authors=(Author("Brown", "A"), Author("White", "B"), Author("Green", "C")),
            year=2016,
            title="Statins in the elderly",
        ),
        STATINS_DOI,
    )
    records = {
        e1: _article(
            "10.1111/jsr.12345",
            "Sleep and memory consolidation in adolescents",
            (Author("Smith", "J"), Author("Jones", "K")),
            2019,
            journal="Journal of Sleep Research",
            journal_abbreviations=("J Sleep Res",),
        ),
        # Online in 2018 and in print in 2020, the year claimed: only the
        # authors and the title tell it is the wrong work.
        e2: _article(
            "10.5555/gut.2020.7",
            "Quantum dots for solar cells",
            (Author("Chen", "L"), Author("Wang", "Y")),
            2018,
            print_year=2020,
            online_year=2018,
        ),
        e4: _article(
            "10.1000/dep.2017.3",
            "Exercise and depression: a meta-analysis",
            (Author("Lee", "H"), Author("Park", "S"), Author("Kim", "J")),
            2018,
        ),
        e5: STATINS,
    }
    lookups = {
        e.identifiers[0].key: _found(e.identifiers[0], record) for e, record in records.items()
    }
    timeout = Lookup(
        e3.identifiers[0], LookupStatus.COULD_NOT_VERIFY, Service.PUBMED, reason="timeout"
    )
    lookups[timeout.identifier.key] = timeout
    verdicts = (
        _judged(e1, lookups, ALL_MATCH),
        _judged(e2, lookups, (("authors", 0.0), ("title", 0.08), ("year", 0.0))),
        _judged(e3, lookups),
        _judged(e4, lookups, (("authors", 1.0), ("title", 1.0), ("year", 0.5))),
        _judged(e5, lookups, ALL_MATCH),
    )
    checks = (
        Finding(
            code=FindingCode.DANGLING_CITATION,
            severity=DEFAULT_SEVERITY[FindingCode.DANGLING_CITATION],
            message="marker [7] points to entry 7, which the reference list (entries 1–5) "
            "does not have",
            path=REVIEW,
            location=Location(9, 42),
            entry_label="7",
            evidence=(("label", "7"), ("lines", "9")),
        ),
        Finding(
            code=FindingCode.UNCITED_REFERENCE,
            severity=DEFAULT_SEVERITY[FindingCode.UNCITED_REFERENCE],
            message="entry 4 (Lee et al. 2017) is never cited in the text",
            path=REVIEW,
            location=Location(23),
            entry_label="4",
        ),
    )
    return _audit(REVIEW, Format.MARKDOWN, "# Review\n", (e1, e2, e3, e4, e5), verdicts, checks)


def _dosing() -> DocumentAudit:
    title_only = 'Guidelines for "safe" dosing | 2nd edition'
    wakefield = Identifier(IdType.DOI, "10.1016/S0140-6736(97)11096-0")
    e1 = _entry("1", 40, f"{title_only}.", Claims(title=title_only))
    e2 = _entry(
        "2",
        41,
        "Brown A, White B, Green C. Statins in the elderly. 2014. doi:10.2000/statins.15",
        Claims(
            authors=(Author("Brown", "A"), Author("White", "B"), Author("Green", "C")),
            year=2014,
            title="Statins in the elderly",
        ),
        STATINS_DOI,
    )
    e3 = _entry(
        "3",
        42,
        "Wakefield AJ, et al. Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and "
        "pervasive developmental disorder in children. Lancet. 1998. "
        "doi:10.1016/S0140-6736(97)11096-0",
        Claims(
            authors=(Author("Wakefield", "AJ"),),
            et_al=True,
            year=1998,
            title="Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
            "developmental disorder in children",
            journal="Lancet",
        ),
        wakefield,
    )
    lancet = _article(
        "10.1016/s0140-6736(97)11096-0",
        "Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
        "developmental disorder in children",
        (
            Author("Wakefield", "AJ"),
            Author("Murch", "SH"),
            Author("Anthony", "A"),
            Author("Linnell", "J"),
        ),
        1998,
        journal="The Lancet",
        journal_abbreviations=("Lancet",),
        notices=(Notice(NoticeKind.RETRACTION, source="publisher", year=2010),),
    )
    lookups = {
        STATINS_DOI.key: _found(STATINS_DOI, STATINS),
        wakefield.key: _found(wakefield, lancet),
    }
    verdicts = (
        _judged(e1, lookups),
        _judged(e2, lookups, (("authors", 1.0), ("title", 1.0), ("year", 0.0))),
        _judged(e3, lookups, ALL_MATCH),
    )
    return _audit(DOSING, Format.HTML, "<html></html>\n", (e1, e2, e3), verdicts, ())


def sample_audit() -> AuditResult:
    """The audit described in this module's docstring."""
    review, dosing = _review(), _dosing()
    return AuditResult(
        audits=(review, dosing),
        errors=(ReadError(UNREADABLE, "not UTF-8 text (byte 0xff at offset 0)"),),
        corpus_findings=tuple(conflicting_claims_across((review.document, dosing.document))),
        run_id=7,
    )


@pytest.fixture
def audit_result() -> AuditResult:
    """The sample audit: two documents, one unreadable file, one finding across them."""
    return sample_audit()


@pytest.fixture
def policy() -> FailPolicy:
    """The default policy: errors fail the run."""
    return FailPolicy()


# A reference list written to attack whoever reads the outputs: an OSC
# sequence that sets the window title, HTML that runs script, a formula for
# spreadsheets, a bidi override, and a control character XML cannot hold.
OSC_TITLE = "\x1b]0;pwned\x07"
HOSTILE_PATH = '=HYPERLINK("http://evil.example","open")\x1b[2J.md'
HOSTILE_TITLE = (
    f"{OSC_TITLE}<img src=x onerror=alert(1)> [a](javascript:x) \u202edrow\u202c `m`\x01"
)
HOSTILE_RECORD_TITLE = "<script>alert(1)</script>\x9b31m"
HOSTILE_AUTHOR = '@SUM(1+1)*cmd|" /C calc"!A0'
HOSTILE_REASON = "not UTF-8 text \x1b[5mnear \u2066hidden\u2069"


def _hostile_document() -> DocumentAudit:
    doi = Identifier(IdType.DOI, "10.6666/evil.1")
    e1 = _entry(
        "1",
        5,
        f"Smith J. {HOSTILE_TITLE}. 2020. doi:10.6666/evil.1",
        Claims(authors=(Author("Smith", "J"),), year=2020, title=HOSTILE_TITLE),
        doi,
    )
    e2 = _entry(
        "2",
        6,
        f"{HOSTILE_AUTHOR}. -2+3 rows\x01. 2019.",
        Claims(authors=(Author(HOSTILE_AUTHOR),), year=2019, title="-2+3 rows\x01"),
    )
    record = _article(doi.value, HOSTILE_RECORD_TITLE, (Author("Doe", "R"),), 2011)
    lookups = {doi.key: _found(doi, record)}
    dangling = Finding(
        code=FindingCode.DANGLING_CITATION,
        severity=DEFAULT_SEVERITY[FindingCode.DANGLING_CITATION],
        message=f"marker [{OSC_TITLE}\u202e9] points to no entry",
        path=HOSTILE_PATH,
        location=Location(3, 7),
        entry_label="9",
    )
    verdicts = (_judged(e1, lookups), _judged(e2, lookups))
    return _audit(HOSTILE_PATH, Format.MARKDOWN, "# x\n", (e1, e2), verdicts, (dangling,))


def hostile_audit() -> AuditResult:
    """One document whose path, titles, authors and record carry hostile
    text, and an unreadable file whose reason does."""
    return AuditResult(
        audits=(_hostile_document(),),
        errors=(ReadError(f"{OSC_TITLE}bad.md", HOSTILE_REASON),),
        run_id=3,
    )


@pytest.fixture
def hostile_result() -> AuditResult:
    """The audit of a hostile reference list (see :func:`hostile_audit`)."""
    return hostile_audit()


def _unseen(text: str) -> list[str]:
    # Written apart from citecheck.reports.escape, so that it checks it:
    # controls but newline and tab, format characters but the joiners,
    # line and paragraph separators, surrogates.
    return [
        char
        for char in text
        if char not in "\n\t\u200c\u200d"
        and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
    ]


@pytest.fixture
def unseen() -> Callable[[str], list[str]]:
    """The characters of a text that a reader would not see (or that act)."""
    return _unseen
