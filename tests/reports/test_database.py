"""The SQLite report: what it stores, how runs append and read back, how it
compares runs, and how it copes with dying processes, other readers and
files it must not touch."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from citecheck.audit import AuditResult, DocumentAudit
from citecheck.cache import CacheStore
from citecheck.models import (
    DEFAULT_SEVERITY,
    VERDICT_CODES,
    Author,
    AuthorYear,
    Citation,
    CitationStyle,
    Claims,
    Document,
    Entry,
    EntryRole,
    Finding,
    FindingCode,
    Format,
    Identifier,
    IdentifierProblem,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Notice,
    NoticeKind,
    ReadError,
    Record,
    Service,
    Severity,
    TitleKind,
    Verdict,
    WorkType,
)
from citecheck.reports.database import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    ReportDatabase,
    ReportError,
    RunStatus,
)
from citecheck.reports.schema import VERDICT_COLUMNS as _VERDICT_COLUMNS

STATINS = "articles/statins.md"
SLEEP = "articles/sleep.md"
SCAN = "articles/scan.pdf"
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
FETCHED = 1_714_560_000.25

WRONG_DOI = "10.1038/s41586-020-2012-7"

RECORD_STATINS = Record(
    service=Service.CROSSREF,
    doi="10.1161/circ.119.043100",
    title="Statin therapy and cardiovascular outcomes in older adults",
    authors=(Author("Smith", "John", orcid="0000-0002-1825-0097"), Author("Lee", "Kim")),
    issued_year=2019,
    online_year=2019,
    journal="Circulation",
    journal_abbreviations=("Circulation",),
    volume="140",
    issue="3",
    pages="200-210",
    type=WorkType.JOURNAL_ARTICLE,
    type_label="journal-article",
)
RECORD_STATINS_PUBMED = dataclasses.replace(
    RECORD_STATINS,
    service=Service.PUBMED,
    pmid="31452104",
    authors=(Author("Smith", "J"), Author("Lee", "K")),
    type_label="Journal Article",
    notices=(Notice(NoticeKind.CORRECTION, "pubmed", pmid="32000001", year=2020),),
)
RECORD_WRONG = Record(
    service=Service.CROSSREF,
    doi=WRONG_DOI,
    title="A pneumonia outbreak associated with a new coronavirus of probable bat origin",
    authors=(Author("Zhou", "Peng"), Author("Yang", "Xing-Lou")),
    issued_year=2020,
    journal="Nature",
    volume="579",
    pages="270-273",
    type=WorkType.JOURNAL_ARTICLE,
    type_label="journal-article",
)
RECORD_PMC = Record(
    service=Service.PMC, pmcid="PMC6123456", pmid="30100200", doi="10.1093/sleep/zsy120"
)
RECORD_SLEEP_PUBMED = Record(
    service=Service.PUBMED,
    pmid="30100200",
    pmcid="PMC6123456",
    doi="10.1093/sleep/zsy120",
    title="Napping and declarative memory in older adults",
    authors=(Author("Okafor", "C"),),
    issued_year=2018,
    journal="Sleep",
    type=WorkType.JOURNAL_ARTICLE,
    type_label="Journal Article",
)


def moved(line: int, shift: int) -> Location:
    return Location(line + shift, 1)


def statins_audit(path: str = STATINS, *, shift: int = 0, revised: bool = False) -> DocumentAudit:
    """A Markdown article with three references: 1 verified (DOI and PMID),
    2 the wrong work, 3 could not verify (PubMed timed out); a PubMed link;
    a dangling marker [4]; a malformed PMID in the text.

    ``shift`` moves every line (text added above); ``revised`` is the
    article after an edit: marker [4] is gone and PubMed now answers that
    entry 3's PMID does not exist.
    """
    doi_1 = Identifier(
        IdType.DOI,
        "10.1161/CIRC.119.043100",
        raw="https://doi.org/10.1161/CIRC.119.043100",
        location=Location(21 + shift, 118),
    )
    pmid_1 = Identifier(
        IdType.PMID, "31452104", raw="PMID: 31452104", location=Location(21 + shift, 158)
    )
    doi_2 = Identifier(
        IdType.DOI, WRONG_DOI, raw=f"doi:{WRONG_DOI}", location=Location(22 + shift, 105)
    )
    pmid_3 = Identifier(
        IdType.PMID, "29146535", raw="PMID 29146535", location=Location(23 + shift, 96)
    )
    link_pmid = Identifier(
        IdType.PMID,
        "31452104",
        raw="https://pubmed.ncbi.nlm.nih.gov/31452104/",
        location=Location(27 + shift, 13),
    )
    entries = (
        Entry(
            label="1",
            raw="1. Smith J, Lee K. Statin therapy and cardiovascular outcomes in older adults. "
            "Circulation. 2019;140(3):200-210. https://doi.org/10.1161/CIRC.119.043100 "
            "PMID: 31452104",
            location=moved(21, shift),
            number=1,
            end_line=21 + shift,
            identifiers=(doi_1, pmid_1),
            claims=Claims(
                authors=(Author("Smith", "J"), Author("Lee", "K")),
                year=2019,
                title="Statin therapy and cardiovascular outcomes in older adults",
                journal="Circulation",
                volume="140",
                issue="3",
                pages="200-210",
            ),
        ),
        Entry(
            label="2",
            raw="2. Brown A, Patel R, et al. Sleep duration and memory consolidation in "
            f"adolescents. J Sleep Res. 2020;29:e12345. doi:{WRONG_DOI}",
            location=moved(22, shift),
            number=2,
            end_line=22 + shift,
            identifiers=(doi_2,),
            claims=Claims(
                authors=(Author("Brown", "A"), Author("Patel", "R")),
                et_al=True,
                year=2020,
                title="Sleep duration and memory consolidation in adolescents",
                journal="J Sleep Res",
                volume="29",
                pages="e12345",
            ),
        ),
        Entry(
            label="3",
            raw="3. García M. Vitamin D supplementation and fracture risk: a randomised trial. "
            "Lancet. 2018. PMID 29146535",
            location=moved(23, shift),
            number=3,
            end_line=24 + shift,
            identifiers=(pmid_3,),
            claims=Claims(
                authors=(Author("García", "M"),),
                year=2018,
                title="Vitamin D supplementation and fracture risk: a randomised trial",
                journal="Lancet",
            ),
        ),
    )
    link = Entry(
        label="L1",
        raw="[Statin therapy - PubMed](https://pubmed.ncbi.nlm.nih.gov/31452104/)",
        location=moved(27, shift),
        role=EntryRole.LINK,
        identifiers=(link_pmid,),
        claims=Claims(title="Statin therapy", title_kind=TitleKind.PAGE_TITLE, site="PubMed"),
        url="https://pubmed.ncbi.nlm.nih.gov/31452104/",
    )
    citations = [
        Citation("[1]", Location(3 + shift, 40), CitationStyle.NUMERIC, ("1",)),
        Citation("[2,3]", Location(5 + shift, 12), CitationStyle.NUMERIC, ("2", "3")),
        Citation(
            "(García 2018)",
            Location(7 + shift, 10),
            CitationStyle.AUTHOR_YEAR,
            author_years=(AuthorYear("García", "2018"),),
        ),
    ]
    if not revised:
        citations.append(Citation("[4]", Location(9 + shift, 40), CitationStyle.NUMERIC, ("4",)))
    document = Document(
        path=path,
        format=Format.MARKDOWN,
        sha256="ab" * 32 if not revised else "cd" * 32,
        size=4812 + shift,
        entries=entries,
        links=(link,),
        citations=tuple(citations),
        text_identifiers=(
            Identifier(
                IdType.DOI, "10.5555/text.1", raw="10.5555/text.1", location=moved(14, shift)
            ),
        ),
        identifier_problems=(
            IdentifierProblem(
                IdType.PMID, "PMID 123456789012", "12 digits; a PMID has 1 to 8", moved(12, shift)
            ),
        ),
        reference_heading=moved(19, shift),
    )
    verified = Verdict(
        code=FindingCode.VERIFIED,
        severity=Severity.INFO,
        message="verified against PubMed",
        entry_label="1",
        location=entries[0].location,
        identifier=pmid_1,
        record=RECORD_STATINS_PUBMED,
        claimed='Smith J, Lee K 2019 "Statin therapy and cardiovascular outcomes in older adults"',
        recorded='Smith J, Lee K 2019 "Statin therapy and cardiovascular outcomes in older adults"',
        scores=(("title", 1.0), ("authors", 1.0), ("year", 1.0)),
    )
    wrong = Verdict(
        code=FindingCode.WRONG_WORK,
        severity=Severity.ERROR,
        message=f"doi:{WRONG_DOI} is a different work: Zhou P et al. 2020, Nature",
        entry_label="2",
        location=entries[1].location,
        identifier=doi_2,
        record=RECORD_WRONG,
        claimed='Brown A, Patel R et al. 2020 "Sleep duration and memory consolidation"',
        recorded='Zhou P, Yang X-L 2020 "A pneumonia outbreak associated with a new coronavirus"',
        scores=(("title", 0.18), ("authors", 0.0), ("year", 1.0)),
        notes=("the journal differs too",),
    )
    if revised:
        third = Verdict(
            code=FindingCode.IDENTIFIER_NOT_FOUND,
            severity=Severity.ERROR,
            message="PubMed has no PMID 29146535",
            entry_label="3",
            location=entries[2].location,
            identifier=pmid_3,
            claimed='García M 2018 "Vitamin D supplementation and fracture risk"',
        )
        third_lookup = Lookup(
            pmid_3,
            LookupStatus.NOT_FOUND,
            Service.PUBMED,
            reason="PMID not found",
            fetched_at=FETCHED + 86400,
        )
    else:
        third = Verdict(
            code=FindingCode.COULD_NOT_VERIFY,
            severity=Severity.WARNING,
            message="PubMed could not be reached (timeout)",
            entry_label="3",
            location=entries[2].location,
            identifier=pmid_3,
            claimed='García M 2018 "Vitamin D supplementation and fracture risk"',
            reason="timeout",
        )
        third_lookup = Lookup(
            pmid_3, LookupStatus.COULD_NOT_VERIFY, Service.PUBMED, reason="timeout"
        )
    findings = [
        Finding(
            code=FindingCode.MALFORMED_IDENTIFIER,
            severity=Severity.ERROR,
            message=f"PMID 123456789012 on line {12 + shift} cannot be a PMID: 12 digits",
            path=path,
            location=moved(12, shift),
            evidence=(("raw", "PMID 123456789012"), ("type", "pmid")),
        ),
        verdict_finding(wrong, path),
        verdict_finding(third, path),
    ]
    if not revised:
        findings.insert(
            0,
            Finding(
                code=FindingCode.DANGLING_CITATION,
                severity=Severity.ERROR,
                message="marker [4] points to entry 4, which the reference list "
                "(entries 1–3) does not have",
                path=path,
                location=Location(9 + shift, 40),
                entry_label="4",
                evidence=(("label", "4"), ("lines", str(9 + shift))),
            ),
        )
    return DocumentAudit(
        document=document,
        findings=tuple(findings),
        verdicts=(verified, wrong, third),
        lookups=(
            Lookup(doi_1, LookupStatus.FOUND, Service.CROSSREF, RECORD_STATINS, fetched_at=FETCHED),
            Lookup(
                pmid_1,
                LookupStatus.FOUND,
                Service.PUBMED,
                RECORD_STATINS_PUBMED,
                fetched_at=FETCHED,
                from_cache=True,
            ),
            Lookup(doi_2, LookupStatus.FOUND, Service.CROSSREF, RECORD_WRONG, fetched_at=FETCHED),
            third_lookup,
        ),
    )


def sleep_audit() -> DocumentAudit:
    """An HTML page citing the wrong DOI too (in capitals) and a PMCID whose
    verdict rests on the PubMed record the converter led to."""
    doi = Identifier(IdType.DOI, WRONG_DOI.upper(), raw=WRONG_DOI.upper(), location=Location(5, 80))
    pmcid = Identifier(IdType.PMCID, "PMC6123456", raw="PMC6123456", location=Location(6, 61))
    entries = (
        Entry(
            label="cite_note-nguyen",
            raw=f"Nguyen T (2021). Adolescent sleep and recall. Sleep Med. {WRONG_DOI.upper()}",
            location=Location(5, 1),
            number=1,
            identifiers=(doi,),
            claims=Claims(
                authors=(Author("Nguyen", "T"),), year=2021, title="Adolescent sleep and recall"
            ),
            aliases=("1",),
        ),
        Entry(
            label="cite_note-okafor",
            raw="Okafor C (2018). Naps and declarative memory in older adults. PMC6123456",
            location=Location(6, 1),
            number=2,
            identifiers=(pmcid,),
            claims=Claims(
                authors=(Author("Okafor", "C"),),
                year=2018,
                title="Naps and declarative memory in older adults",
            ),
        ),
    )
    wrong = Verdict(
        code=FindingCode.WRONG_WORK,
        severity=Severity.ERROR,
        message=f"doi:{WRONG_DOI.upper()} is a different work: Zhou P et al. 2020, Nature",
        entry_label="cite_note-nguyen",
        location=Location(5, 1),
        identifier=doi,
        record=RECORD_WRONG,
        claimed='Nguyen T 2021 "Adolescent sleep and recall"',
        recorded='Zhou P, Yang X-L 2020 "A pneumonia outbreak"',
        scores=(("title", 0.05), ("authors", 0.0), ("year", 0.0)),
    )
    with_notes = Verdict(
        code=FindingCode.VERIFIED_WITH_NOTES,
        severity=Severity.INFO,
        message="verified through PMID 30100200, with notes",
        entry_label="cite_note-okafor",
        location=Location(6, 1),
        identifier=pmcid,
        record=RECORD_SLEEP_PUBMED,
        claimed='Okafor C 2018 "Naps and declarative memory in older adults"',
        recorded='Okafor C 2018 "Napping and declarative memory in older adults"',
        scores=(("title", 0.91), ("authors", 1.0), ("year", 1.0)),
        notes=("the title is paraphrased",),
    )
    document = Document(
        path=SLEEP,
        format=Format.HTML,
        sha256="ef" * 32,
        size=20_113,
        entries=entries,
        citations=(
            Citation("[1]", Location(2, 30), CitationStyle.NUMERIC, ("cite_note-nguyen",)),
            Citation("[2]", Location(3, 12), CitationStyle.NUMERIC, ("cite_note-okafor",)),
        ),
    )
    return DocumentAudit(
        document=document,
        findings=(verdict_finding(wrong, SLEEP), verdict_finding(with_notes, SLEEP)),
        verdicts=(wrong, with_notes),
        lookups=(
            Lookup(doi, LookupStatus.FOUND, Service.CROSSREF, RECORD_WRONG, fetched_at=FETCHED),
            Lookup(pmcid, LookupStatus.FOUND, Service.PMC, RECORD_PMC, fetched_at=FETCHED),
        ),
    )


def verdict_finding(verdict: Verdict, path: str) -> Finding:
    return Finding(
        code=verdict.code,
        severity=verdict.severity,
        message=verdict.message,
        path=path,
        location=verdict.location,
        entry_label=verdict.entry_label,
        evidence=(("identifier", str(verdict.identifier)),) if verdict.identifier else (),
        claimed=verdict.claimed,
        recorded=verdict.recorded,
        scores=verdict.scores,
    )


CORPUS_FINDING = Finding(
    code=FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS,
    severity=DEFAULT_SEVERITY[FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS],
    message=f"doi:{WRONG_DOI} is cited as Brown 2020 in {STATINS} and as Nguyen 2021 here",
    path=SLEEP,
    location=Location(5, 1),
    entry_label="cite_note-nguyen",
    evidence=(("identifier", f"doi:{WRONG_DOI}"), ("other_path", STATINS)),
)
READ_ERROR = ReadError(SCAN, "binary file (PDF): extract its text first")


def articles(*, revised: bool = False) -> AuditResult:
    statins = statins_audit(shift=2, revised=True) if revised else statins_audit()
    return AuditResult(
        audits=(statins, sleep_audit()), errors=(READ_ERROR,), corpus_findings=(CORPUS_FINDING,)
    )


def write_run(
    report: ReportDatabase, result: AuditResult, *, status: RunStatus = RunStatus.COMPLETED
) -> int:
    """Write ``result`` as the pipeline does: one batch per document."""
    run_id = report.start_run(version="0.1.0", command="citecheck audit articles", settings={})
    for audit in result.audits:
        report.add_audits(run_id, [audit])
    report.add_read_errors(run_id, result.errors)
    report.add_corpus_findings(run_id, result.corpus_findings)
    report.finish_run(run_id, status)
    return run_id


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "reports" / "citecheck-report.db"


@pytest.fixture
def report(path: Path) -> Iterator[ReportDatabase]:
    with ReportDatabase.open(path, clock=lambda: NOW) as opened:
        yield opened


def rows(path: Path, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    return str(rows(path, "PRAGMA integrity_check")[0]["integrity_check"])


# The layout


def test_a_new_report_has_the_tables_keys_indexes_and_views(
    report: ReportDatabase, path: Path
) -> None:
    db = Database(path)
    try:
        assert set(db.table_names()) == {
            "runs",
            "documents",
            "references",
            "citations",
            "records",
            "document_lookups",
            "findings",
        }
        assert set(db.view_names()) == {
            "run_summary",
            "document_summary",
            "latest_findings",
            "repeated_errors",
        }
        for name in ("runs", "documents", "references", "citations", "records", "findings"):
            assert db.table(name).pks == ["id"], name
        assert db.table("document_lookups").pks == ["document_id", "position"]
        foreign = {
            (fk.table, fk.column, fk.other_table)
            for name in db.table_names()
            for fk in db.table(name).foreign_keys
        }
        assert foreign == {
            ("documents", "run_id", "runs"),
            ("references", "run_id", "runs"),
            ("references", "document_id", "documents"),
            ("references", "record_id", "records"),
            ("citations", "run_id", "runs"),
            ("citations", "document_id", "documents"),
            ("records", "run_id", "runs"),
            ("document_lookups", "document_id", "documents"),
            ("document_lookups", "record_id", "records"),
            ("findings", "run_id", "runs"),
            ("findings", "document_id", "documents"),
            ("findings", "reference_id", "references"),
        }
        indexes = {
            (name, tuple(index.columns))
            for name in db.table_names()
            for index in db.table(name).indexes
            if not index.name.startswith("sqlite_autoindex")
        }
        assert indexes >= {
            ("findings", ("run_id", "severity")),
            ("findings", ("run_id", "code")),
            ("findings", ("document_id",)),
            ("references", ("document_id",)),
            ("references", ("run_id", "verdict")),
            ("documents", ("run_id", "path")),
            ("records", ("run_id", "identifier")),
            ("records", ("identifier",)),
            ("records", ("run_id", "id_key")),
        }
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.journal_mode == "wal"
    finally:
        db.close()


def test_run_summary_has_a_column_for_every_verdict_code() -> None:
    # A new verdict code must change the view, and so the schema version.
    assert set(_VERDICT_COLUMNS) == VERDICT_CODES


# Round trip


def test_a_run_written_then_loaded_compares_equal(report: ReportDatabase) -> None:
    result = articles()
    run_id = write_run(report, result)

    loaded = report.load(run_id)

    assert loaded.run_id == run_id == 1
    assert loaded.errors == result.errors
    assert loaded.corpus_findings == result.corpus_findings
    assert len(loaded.audits) == 2
    for got, want in zip(loaded.audits, result.audits, strict=True):
        assert got.document == want.document
        assert got.findings == want.findings
        assert got.verdicts == want.verdicts
        assert got.lookups == want.lookups
    assert loaded == dataclasses.replace(result, run_id=run_id)


def test_what_identifier_equality_ignores_comes_back_too(report: ReportDatabase) -> None:
    # raw and location do not take part in ==, so check them apart.
    result = articles()
    loaded = report.load(write_run(report, result))

    def spans(result: AuditResult) -> list[Any]:
        found: list[Any] = []
        for audit in result.audits:
            found += [(i.raw, i.location) for i in audit.document.identifiers]
            found += [
                (v.identifier.raw, v.identifier.location) for v in audit.verdicts if v.identifier
            ]
            found += [(x.identifier.raw, x.identifier.location) for x in audit.lookups]
        return found

    assert spans(loaded) == spans(result)
    # The second page cited the DOI in capitals: its lookup keeps its own spelling.
    assert str(loaded.audits[1].lookups[0].identifier) == f"doi:{WRONG_DOI.upper()}"


def test_the_shared_sample_audit_round_trips(
    report: ReportDatabase, audit_result: AuditResult
) -> None:
    # The machine-output tests' sample (tests/reports/conftest.py), written as one batch.
    run_id = report.start_run(version="0.1.0", command="citecheck audit docs", settings={})
    report.add_audits(run_id, audit_result.audits)
    report.add_read_errors(run_id, audit_result.errors)
    report.add_corpus_findings(run_id, audit_result.corpus_findings)
    report.finish_run(run_id, RunStatus.COMPLETED)

    assert report.load(run_id) == dataclasses.replace(audit_result, run_id=run_id)


def test_a_verdict_points_at_the_record_row_it_rests_on(report: ReportDatabase, path: Path) -> None:
    write_run(report, articles())

    found = rows(
        path,
        "SELECT r.label, r.verdict, r.record_id, r.verdict_record IS NOT NULL AS kept_apart,"
        ' rec.identifier, rec.service FROM "references" r'
        " LEFT JOIN records rec ON rec.id = r.record_id WHERE r.verdict IS NOT NULL ORDER BY r.id",
    )
    assert [(r["label"], r["identifier"], r["service"], r["kept_apart"]) for r in found] == [
        ("1", "pmid:31452104", "pubmed", 0),
        ("2", f"doi:{WRONG_DOI}", "crossref", 0),
        ("3", None, None, 0),
        ("cite_note-nguyen", f"doi:{WRONG_DOI}", "crossref", 0),
        # Reached through the PMC converter: no lookup of the page holds it.
        ("cite_note-okafor", None, None, 1),
    ]


def test_rows_hold_the_claims_and_the_verdict_in_plain_columns(
    report: ReportDatabase, path: Path
) -> None:
    write_run(report, articles())

    entry = rows(path, "SELECT * FROM \"references\" WHERE label = '2' AND run_id = 1")[0]
    assert json.loads(entry["claimed_authors"]) == [
        {"family": "Brown", "given": "A", "organisation": False},
        {"family": "Patel", "given": "R", "organisation": False},
    ]
    assert (entry["claimed_et_al"], entry["claimed_year"], entry["claimed_journal"]) == (
        1,
        2020,
        "J Sleep Res",
    )
    assert json.loads(entry["identifiers"]) == [f"doi:{WRONG_DOI}"]
    assert (entry["verdict"], entry["verdict_severity"]) == ("wrong-work", "error")
    assert json.loads(entry["verdict_scores"]) == {"title": 0.18, "authors": 0.0, "year": 1.0}
    link = rows(path, "SELECT * FROM \"references\" WHERE role = 'link'")[0]
    assert (link["label"], link["verdict"], link["claimed_site"]) == ("L1", None, "PubMed")
    finding = rows(path, "SELECT * FROM findings WHERE code = 'dangling-citation'")[0]
    assert json.loads(finding["evidence"]) == {"label": "4", "lines": "9"}
    assert finding["reference_id"] is None  # entry 4 does not exist
    scan = rows(path, "SELECT * FROM documents WHERE path = ?", [SCAN])[0]
    assert (scan["format"], scan["read_error"]) == (None, READ_ERROR.reason)


def test_a_finding_on_an_entry_points_at_its_reference_row(
    report: ReportDatabase, path: Path
) -> None:
    write_run(report, articles())

    found = rows(
        path,
        'SELECT f.code, r.label FROM findings f JOIN "references" r ON r.id = f.reference_id'
        " ORDER BY f.id",
    )
    assert [(f["code"], f["label"]) for f in found] == [
        ("wrong-work", "2"),
        ("could-not-verify", "3"),
        ("wrong-work", "cite_note-nguyen"),
        ("verified-with-notes", "cite_note-okafor"),
    ]
    corpus = rows(path, "SELECT * FROM findings WHERE code = ?", [CORPUS_FINDING.code.value])[0]
    assert (corpus["document_id"], corpus["reference_id"]) == (None, None)


def test_records_hold_one_row_per_identifier_and_run(report: ReportDatabase, path: Path) -> None:
    write_run(report, articles())
    write_run(report, articles())

    counts = rows(path, "SELECT run_id, id_key, COUNT(*) AS n FROM records GROUP BY run_id, id_key")
    assert len(counts) == 10  # five identifiers in each of two runs
    assert {row["n"] for row in counts} == {1}
    wrong = rows(
        path, "SELECT * FROM records WHERE id_key = ? AND run_id = 1", [f"doi:{WRONG_DOI}"]
    )
    assert len(wrong) == 1
    row = wrong[0]
    assert (row["identifier"], row["id_type"], row["id_value"]) == (
        f"doi:{WRONG_DOI}",
        "doi",
        WRONG_DOI,
    )
    assert (row["service"], row["status"], row["fetched_at"], row["from_cache"]) == (
        "crossref",
        "found",
        FETCHED,
        0,
    )
    assert (row["title"], row["first_author"], row["year"], row["journal"], row["doi"]) == (
        RECORD_WRONG.title,
        "Zhou",
        2020,
        "Nature",
        WRONG_DOI,
    )
    timeout = rows(path, "SELECT * FROM records WHERE id_key = 'pmid:29146535' AND run_id = 1")[0]
    assert (timeout["status"], timeout["reason"], timeout["record"]) == (
        "could-not-verify",
        "timeout",
        None,
    )


# Runs


def test_runs_append_and_the_summaries_count_them(report: ReportDatabase, path: Path) -> None:
    assert write_run(report, articles()) == 1
    assert write_run(report, articles(revised=True)) == 2

    summary = rows(path, "SELECT * FROM run_summary ORDER BY run_id")
    assert [
        (
            s["run_id"],
            s["status"],
            s["documents"],
            s["read_errors"],
            s["references"],
            s["findings"],
            s["errors"],
            s["warnings"],
            s["infos"],
        )
        for s in summary
    ] == [(1, "completed", 3, 1, 5, 7, 4, 2, 1), (2, "completed", 3, 1, 5, 6, 4, 1, 1)]
    verdicts = [
        "verified",
        "verified_with_notes",
        "wrong_work",
        "identifier_not_found",
        "could_not_verify",
        "retracted",
    ]
    assert [[s[v] for v in verdicts] for s in summary] == [[1, 1, 2, 0, 1, 0], [1, 1, 2, 1, 0, 0]]
    assert summary[0]["started_at"] == "2024-05-01T12:00:00+00:00"

    documents = rows(
        path,
        'SELECT path, "references", verified, errors, warnings, infos, worst_severity,'
        " read_error IS NOT NULL AS unreadable FROM document_summary WHERE run_id = 1"
        " ORDER BY document_id",
    )
    assert [tuple(d.values()) for d in documents] == [
        (STATINS, 3, 1, 3, 1, 0, "error", 0),
        (SLEEP, 2, 1, 1, 0, 1, "error", 0),
        (SCAN, 0, 0, 0, 0, 0, None, 1),
    ]


def test_finishing_a_run_stores_its_counts_and_end(report: ReportDatabase, path: Path) -> None:
    write_run(report, articles())

    run = rows(path, "SELECT * FROM runs")[0]
    assert (run["status"], run["finished_at"]) == ("completed", "2024-05-01T12:00:00+00:00")
    counts = ("documents", "read_errors", "references", "links", "findings", "errors", "warnings")
    assert [run[name] for name in counts] == [3, 1, 5, 1, 7, 4, 2]
    listed = report.runs()
    assert [(r.id, r.status, r.documents, r.references, r.errors) for r in listed] == [
        (1, RunStatus.COMPLETED, 3, 5, 4)
    ]
    assert listed[0].started_at == NOW


def test_the_latest_run_can_be_any_or_the_latest_completed(report: ReportDatabase) -> None:
    assert report.latest_run_id() is None
    write_run(report, articles())
    second = report.start_run(version="0.1.0", command="citecheck audit", settings={})
    report.mark_interrupted(second)

    assert report.latest_run_id() == 2
    assert report.latest_run_id(completed_only=True) == 1
    assert report.runs()[1].status is RunStatus.INTERRUPTED


def test_settings_named_like_secrets_are_never_stored(path: Path) -> None:
    settings = {
        "mailto": "editor@example.org",
        "api_key": "SECRET-1",
        "ncbi_token": "SECRET-2",
        "crossref": {"plus_key": "SECRET-3", "timeout": 10.0},
        "workers": 4,
        "fail_on": Severity.ERROR,
        "paths": [Path("articles")],
    }
    with ReportDatabase.open(path) as report:
        report.start_run(version="0.1.0", command="citecheck audit", settings=settings)
        stored = rows(path, "SELECT settings FROM runs")[0]["settings"]

    assert json.loads(stored) == {
        "mailto": "editor@example.org",
        "crossref": {"timeout": 10.0},
        "workers": 4,
        "fail_on": "error",
        "paths": ["articles"],
    }
    for file in path.parent.iterdir():
        assert b"SECRET" not in file.read_bytes(), file


def test_a_finished_run_takes_no_more_rows(report: ReportDatabase) -> None:
    run_id = write_run(report, articles())

    with pytest.raises(ReportError, match=r"run 1 .* is completed"):
        report.add_audits(run_id, [sleep_audit()])
    with pytest.raises(ReportError, match="completed"):
        report.mark_interrupted(run_id)
    with pytest.raises(ReportError, match="no run 9"):
        report.finish_run(9, RunStatus.COMPLETED)
    with pytest.raises(ValueError, match="running"):
        report.finish_run(run_id, RunStatus.RUNNING)
    with pytest.raises(ReportError, match="no run 9"):
        report.load(9)


def test_a_batch_is_written_whole_or_not_at_all(report: ReportDatabase, path: Path) -> None:
    run_id = report.start_run(version="0.1.0", command="citecheck audit", settings={})
    bad = dataclasses.replace(
        sleep_audit(),
        verdicts=(dataclasses.replace(sleep_audit().verdicts[0], entry_label="99"),),
    )

    with pytest.raises(ReportError, match="entry '99' matches no reference entry"):
        report.add_audits(run_id, [statins_audit(), bad])

    assert rows(path, "SELECT COUNT(*) AS n FROM documents")[0]["n"] == 0
    assert rows(path, "SELECT COUNT(*) AS n FROM records")[0]["n"] == 0
    report.add_audits(run_id, [statins_audit()])
    assert len(report.load(run_id).audits) == 1


# Comparing runs


def test_diff_finds_new_and_fixed_findings_and_ignores_moved_lines(
    report: ReportDatabase,
) -> None:
    write_run(report, articles())
    write_run(report, articles(revised=True))

    diff = report.diff(1, 2)

    assert [(f.path, f.code, f.entry_label) for f in diff.new] == [
        (STATINS, FindingCode.IDENTIFIER_NOT_FOUND, "3")
    ]
    assert [(f.path, f.code, f.entry_label) for f in diff.fixed] == [
        (STATINS, FindingCode.DANGLING_CITATION, "4"),
        (STATINS, FindingCode.COULD_NOT_VERIFY, "3"),
    ]
    # Wrong work on entry 2 and the malformed PMID ("on line 12", now 14)
    # moved down two lines: the same findings, not new ones.
    assert diff.unchanged == 5
    assert report.diff(2, 2).new == report.diff(2, 2).fixed == ()


def test_diff_counts_repeated_findings(report: ReportDatabase) -> None:
    write_run(report, articles())
    doubled = articles()
    statins = doubled.audits[0]
    extra = dataclasses.replace(statins.findings[0], location=Location(30, 2))
    doubled = dataclasses.replace(
        doubled,
        audits=(
            dataclasses.replace(statins, findings=(*statins.findings, extra)),
            doubled.audits[1],
        ),
    )
    write_run(report, doubled)

    diff = report.diff(1, 2)

    assert [(f.code, f.location) for f in diff.new] == [
        (FindingCode.DANGLING_CITATION, Location(30, 2))
    ]
    assert diff.fixed == ()


# Interrupted runs, dead processes and other readers


def test_batches_of_an_abandoned_run_survive(path: Path) -> None:
    report = ReportDatabase.open(path)
    run_id = report.start_run(version="0.1.0", command="citecheck audit", settings={})
    report.add_audits(run_id, [statins_audit()])
    report.add_audits(run_id, [sleep_audit()])
    report.close()  # no finish_run: the process went away

    with ReportDatabase.open(path) as again:
        assert [(r.id, r.status, r.documents) for r in again.runs()] == [(1, RunStatus.RUNNING, 2)]
        assert again.load(run_id).audits == (statins_audit(), sleep_audit())
        assert again.latest_run_id(completed_only=True) is None
    assert integrity(path) == "ok"


def test_opening_leaves_other_processes_running_runs_alone(path: Path) -> None:
    with ReportDatabase.open(path) as first:
        run_id = first.start_run(version="0.1.0", command="citecheck audit", settings={})
        with ReportDatabase.open(path) as second:
            assert [r.status for r in second.runs()] == [RunStatus.RUNNING]
        first.add_audits(run_id, [sleep_audit()])
        first.finish_run(run_id, RunStatus.COMPLETED)
        assert [r.status for r in first.runs()] == [RunStatus.COMPLETED]


BATCH = 5


def write_until_killed(path: str, written: threading.Event) -> None:
    """Write batches of BATCH documents to one run until killed."""
    with ReportDatabase.open(path) as report:
        run_id = report.start_run(version="0.1.0", command="citecheck audit", settings={})
        for n in range(100_000):
            batch = [statins_audit(f"articles/{n:05d}-{i}.md") for i in range(BATCH)]
            report.add_audits(run_id, batch)
            written.set()


def test_a_killed_writer_keeps_its_committed_batches_and_a_sound_file(path: Path) -> None:
    path.parent.mkdir(parents=True)
    context = multiprocessing.get_context("fork")
    written = context.Event()
    writer = context.Process(target=write_until_killed, args=(str(path), written))
    writer.start()
    try:
        assert written.wait(60), "the writer committed nothing"
        time.sleep(0.3)  # most of a writer's time is spent inside a batch
    finally:
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(30)
    assert writer.exitcode == -signal.SIGKILL

    with ReportDatabase.open(path) as report:
        runs = report.runs()
        loaded = report.load(1)
    assert [r.status for r in runs] == [RunStatus.RUNNING]
    assert runs[0].documents >= BATCH
    assert runs[0].documents % BATCH == 0  # whole batches only
    assert len(loaded.audits) == runs[0].documents
    assert loaded.audits[0] == statins_audit("articles/00000-0.md")
    assert integrity(path) == "ok"


def test_a_reader_reads_while_a_writer_holds_the_write_lock(
    report: ReportDatabase, path: Path
) -> None:
    write_run(report, articles())
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO runs (started_at, version, command, settings, status)"
            " VALUES ('2024-05-02T00:00:00+00:00', '0.1.0', 'x', '{}', 'running')"
        )
        started = time.monotonic()
        with ReportDatabase.open(path) as reader:
            assert [r.id for r in reader.runs()] == [1]  # the uncommitted run is not seen
            assert len(reader.load(1).audits) == 2
        assert time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_reader_sees_whole_batches_while_another_connection_writes(
    report: ReportDatabase, path: Path
) -> None:
    run_id = report.start_run(version="0.1.0", command="citecheck audit", settings={})
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for n in range(25):
                report.add_audits(run_id, [statins_audit(f"a/{n}-{i}.md") for i in range(2)])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=write)
    with ReportDatabase.open(path) as reader:
        thread.start()
        seen = []
        while thread.is_alive():
            seen.append(len(reader.load(run_id).audits))
        thread.join()
        seen.append(len(reader.load(run_id).audits))

    assert errors == []
    assert all(count % 2 == 0 for count in seen)
    assert seen[-1] == 50


# Files that are no report of this version


def test_another_applications_database_is_refused_and_left_intact(path: Path) -> None:
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    with pytest.raises(ReportError, match="another application"):
        ReportDatabase.open(path)

    assert path.read_bytes() == before


def test_the_lookup_cache_is_no_report(path: Path) -> None:
    CacheStore.open(path).close()
    before = path.read_bytes()

    with pytest.raises(ReportError, match="another application"):
        ReportDatabase.open(path)

    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content", [b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 90]
)
def test_a_file_that_is_no_sqlite_database_is_refused(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    with pytest.raises(ReportError, match="cannot use"):
        ReportDatabase.open(path)

    assert path.read_bytes() == content


def test_repeated_errors_lists_identifiers_wrong_on_several_pages_as_the_summary_does(
    report: ReportDatabase, path: Path
) -> None:
    # The same article on two pages: its wrong work is wrong on both.
    copy = statins_audit(path="wiki/statins-copy.md")
    result = AuditResult(audits=(statins_audit(), copy, sleep_audit()), errors=())
    run_id = write_run(report, result)
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT run_id, identifier, pages, verdicts FROM repeated_errors"
        ).fetchall()
    tally = result.tally
    expected = [
        (run_id, key, pages, ",".join(sorted(c.value for c in tally.error_codes[key])))
        for key, pages in sorted(tally.error_pages.items())
        if pages > 1
    ]
    assert rows == expected
    # The sleep article cites the same wrong work: three pages.
    assert [(identifier, pages) for _, identifier, pages, _ in rows] == [
        ("doi:10.1038/s41586-020-2012-7", 3)
    ]


def test_a_report_of_the_layout_before_gets_the_new_view_and_keeps_its_runs(path: Path) -> None:
    with ReportDatabase.open(path) as report:
        run_id = write_run(report, articles())
    conn = sqlite3.connect(path)
    conn.execute("DROP VIEW repeated_errors")
    conn.execute("PRAGMA user_version = 1")
    conn.close()

    with ReportDatabase.open(path) as report:
        assert report.load(run_id).audits == articles().audits
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        repeated = db.execute("SELECT identifier, pages FROM repeated_errors").fetchall()
    assert repeated == [("doi:10.1038/s41586-020-2012-7", 2)]


@pytest.mark.parametrize(
    ("version", "message"), [(SCHEMA_VERSION + 1, "newer citecheck"), (0, "cannot read")]
)
def test_a_report_of_another_layout_version_is_refused_and_kept(
    path: Path, version: int, message: str
) -> None:
    with ReportDatabase.open(path) as report:
        write_run(report, articles())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = path.read_bytes()

    with pytest.raises(ReportError, match=message):
        ReportDatabase.open(path)

    assert path.read_bytes() == before


def test_a_closed_report_raises_report_error_and_closes_only_once(path: Path) -> None:
    report = ReportDatabase.open(path)
    report.close()
    report.close()

    with pytest.raises(ReportError, match="closed"):
        report.runs()


# The queries the README shows editors

WRONG_OR_NOT_FOUND = """
SELECT d.path || ':' || r.line AS location, r.label, r.verdict,
       r.verdict_identifier AS identifier
FROM "references" r
JOIN documents d ON d.id = r.document_id
WHERE r.run_id = (SELECT MAX(id) FROM runs WHERE status = 'completed')
  AND r.verdict IN ('wrong-work', 'identifier-not-found')
ORDER BY d.path, r.line;
"""

DOCUMENTS_BY_ERRORS = """
SELECT path, errors, warnings, "references", verified, worst_severity
FROM document_summary
WHERE run_id = (SELECT MAX(id) FROM runs WHERE status = 'completed')
ORDER BY errors DESC, warnings DESC, path;
"""

IDENTIFIERS_WITH_ERRORS = """
SELECT lower(r.verdict_identifier) AS identifier,
       group_concat(DISTINCT r.verdict) AS verdicts,
       COUNT(DISTINCT r.document_id) AS documents,
       MAX(rec.title) AS recorded_title
FROM "references" r
LEFT JOIN records rec ON rec.id = r.record_id
WHERE r.run_id = (SELECT MAX(id) FROM runs WHERE status = 'completed')
  AND r.verdict_severity = 'error' AND r.verdict_identifier IS NOT NULL
GROUP BY lower(r.verdict_identifier)
ORDER BY documents DESC, identifier;
"""


def test_the_readme_queries_answer_an_editors_questions(report: ReportDatabase, path: Path) -> None:
    write_run(report, articles())
    write_run(report, articles(revised=True))
    # A newer run that did not complete is no "latest" report.
    unfinished = report.start_run(version="0.1.0", command="citecheck audit", settings={})
    report.add_audits(unfinished, [sleep_audit()])

    assert [tuple(r.values()) for r in rows(path, WRONG_OR_NOT_FOUND)] == [
        (f"{SLEEP}:5", "cite_note-nguyen", "wrong-work", f"doi:{WRONG_DOI.upper()}"),
        (f"{STATINS}:24", "2", "wrong-work", f"doi:{WRONG_DOI}"),
        (f"{STATINS}:25", "3", "identifier-not-found", "pmid:29146535"),
    ]
    assert [tuple(r.values()) for r in rows(path, DOCUMENTS_BY_ERRORS)] == [
        (STATINS, 3, 0, 3, 1, "error"),
        (SLEEP, 1, 0, 2, 1, "error"),
        (SCAN, 0, 0, 0, 0, None),
    ]
    assert [tuple(r.values()) for r in rows(path, IDENTIFIERS_WITH_ERRORS)] == [
        (f"doi:{WRONG_DOI}", "wrong-work", 2, RECORD_WRONG.title),
        ("pmid:29146535", "identifier-not-found", 1, None),
    ]


def test_latest_findings_lists_the_latest_completed_run(report: ReportDatabase, path: Path) -> None:
    write_run(report, articles())
    write_run(report, articles(revised=True))

    found = rows(path, "SELECT * FROM latest_findings")
    assert {row["run_id"] for row in found} == {2}
    assert [(row["path"], row["line"], row["code"]) for row in found] == [
        (SLEEP, 5, "wrong-work"),
        (SLEEP, 5, "conflicting-claims-across-documents"),
        (SLEEP, 6, "verified-with-notes"),
        (STATINS, 14, "malformed-identifier"),
        (STATINS, 24, "wrong-work"),
        (STATINS, 25, "identifier-not-found"),
    ]
    assert found[0]["identifier"] == f"doi:{WRONG_DOI.upper()}"
