"""A small, realistic audit that every machine-output test renders.

Two documents, listed out of path order so that sorting shows:

``docs/review.md`` (run 7)
    1 verified; 2 the wrong work (with scores); 3 could not verify (timeout);
    4 verified with a note; 5 verified. Document checks: marker [7] dangles
    (error), entry 4 is uncited (warning).
``docs/guide/dosing.html``
    1 unverifiable (a title with a pipe, quotes and an ampersand); 2 wrong
    details (year); 3 retracted.

Entry 2 of each document cites one DOI with different years, which is a
finding across documents; ``docs/old/notes.txt`` could not be read.
"""

from __future__ import annotations

import hashlib

import pytest

from citecheck.audit import AuditResult, DocumentAudit, FailPolicy
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
    ReadError,
    Verdict,
)

REVIEW = "docs/review.md"
DOSING = "docs/guide/dosing.html"
UNREADABLE = "docs/old/notes.txt"


def _entry(label: str, line: int, raw: str, claims: Claims, *ids: Identifier) -> Entry:
    return Entry(
        label=label,
        raw=raw,
        location=Location(line),
        number=int(label),
        identifiers=ids,
        claims=claims,
    )


def _verdict(
    entry: Entry,
    code: FindingCode,
    message: str,
    *,
    claimed: str,
    recorded: str = "",
    scores: tuple[tuple[str, float], ...] = (),
    notes: tuple[str, ...] = (),
    reason: str | None = None,
) -> Verdict:
    return Verdict(
        code=code,
        severity=DEFAULT_SEVERITY[code],
        message=message,
        entry_label=entry.label,
        location=entry.location,
        identifier=entry.identifiers[0] if entry.identifiers else None,
        claimed=claimed,
        recorded=recorded,
        scores=scores,
        notes=notes,
        reason=reason,
    )


def _verdict_finding(verdict: Verdict, path: str) -> Finding | None:
    """The finding the audit makes of a verdict (none for a plain "verified")."""
    if verdict.code is FindingCode.VERIFIED:
        return None
    evidence: list[tuple[str, str]] = []
    if verdict.identifier is not None:
        evidence.append(("identifier", str(verdict.identifier)))
    if verdict.reason:
        evidence.append(("reason", verdict.reason))
    if verdict.notes:
        evidence.append(("notes", "; ".join(verdict.notes)))
    return Finding(
        code=verdict.code,
        severity=verdict.severity,
        message=verdict.message,
        path=path,
        location=verdict.location,
        entry_label=verdict.entry_label,
        evidence=tuple(evidence),
        claimed=verdict.claimed,
        recorded=verdict.recorded,
        scores=verdict.scores,
    )


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
        finding = _verdict_finding(verdict, path)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: (f.location or Location(0, 0), f.code.value))
    return DocumentAudit(document, tuple(findings), verdicts)


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
        Identifier(doi, "10.2000/statins.15"),
    )
    wrong_record = '"Quantum dots for solar cells" (Chen, Wang; 2018)'
    wrong_claim = 'Garcia et al. 2020, "Gut microbiota & behaviour in <autism> models"'
    verdicts = (
        _verdict(
            e1,
            FindingCode.VERIFIED,
            'DOI 10.1111/jsr.12345 is the cited work: "Sleep and memory consolidation '
            'in adolescents" (Smith, Jones; 2019)',
            claimed='Smith and Jones 2019, "Sleep and memory consolidation in adolescents"',
            recorded='"Sleep and memory consolidation in adolescents" (Smith, Jones; 2019)',
            scores=(("authors", 1.0), ("title", 1.0), ("year", 1.0)),
        ),
        _verdict(
            e2,
            FindingCode.WRONG_WORK,
            f"wrong work: DOI 10.5555/gut.2020.7 is {wrong_record} — the article claims "
            f"{wrong_claim}",
            claimed=wrong_claim,
            recorded=wrong_record,
            scores=(("authors", 0.0), ("title", 0.08), ("year", 0.0)),
            notes=("no claimed author is an author of the record", "the title differs"),
        ),
        _verdict(
            e3,
            FindingCode.COULD_NOT_VERIFY,
            "PMID 33456789 could not be verified: timeout",
            claimed='Okafor 2021, "Vitamin D and fracture risk"',
            reason="timeout",
        ),
        _verdict(
            e4,
            FindingCode.VERIFIED_WITH_NOTES,
            "DOI 10.1000/dep.2017.3 is the cited work (year 2017 is one off the record's "
            '2018): "Exercise and depression: a meta-analysis" (Lee, Park, Kim; 2018)',
            claimed='Lee et al. 2017, "Exercise and depression: a meta-analysis"',
            recorded='"Exercise and depression: a meta-analysis" (Lee, Park, Kim; 2018)',
            scores=(("authors", 1.0), ("title", 1.0), ("year", 0.5)),
            notes=("year 2017 is one off the record's 2018",),
        ),
        _verdict(
            e5,
            FindingCode.VERIFIED,
            'DOI 10.2000/statins.15 is the cited work: "Statins in the elderly" '
            "(Brown, White, Green; 2016)",
            claimed='Brown et al. 2016, "Statins in the elderly"',
            recorded='"Statins in the elderly" (Brown, White, Green; 2016)',
            scores=(("authors", 1.0), ("title", 1.0), ("year", 1.0)),
        ),
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
    e1 = _entry("1", 40, f"{title_only}.", Claims(title=title_only))
    e2 = _entry(
        "2",
        41,
        "Brown A, White B, Green C. Statins in the elderly. 2015. doi:10.2000/statins.15",
        Claims(
            authors=(Author("Brown", "A"), Author("White", "B"), Author("Green", "C")),
            year=2015,
            title="Statins in the elderly",
        ),
        Identifier(IdType.DOI, "10.2000/statins.15"),
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
        Identifier(IdType.DOI, "10.1016/S0140-6736(97)11096-0"),
    )
    statins = '"Statins in the elderly" (Brown, White, Green; 2016)'
    lancet = (
        '"Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive '
        'developmental disorder in children" (Wakefield, Murch, Anthony et al.; 1998)'
    )
    lancet_claim = (
        'Wakefield et al. 1998, "Ileal-lymphoid-nodular hyperplasia, non-specific colitis, '
        'and pervasive develop…"'
    )
    verdicts = (
        _verdict(
            e1,
            FindingCode.UNVERIFIABLE,
            "nothing to check it by: no DOI, PMID or PMCID, only a title",
            claimed=f'"{title_only}"',
        ),
        _verdict(
            e2,
            FindingCode.METADATA_MISMATCH,
            f"year 2015, the record says 2016: DOI 10.2000/statins.15 is {statins} — the "
            'article claims Brown et al. 2015, "Statins in the elderly"',
            claimed='Brown et al. 2015, "Statins in the elderly"',
            recorded=statins,
            scores=(("authors", 1.0), ("title", 1.0), ("year", 0.0)),
            notes=("year 2015, the record says 2016",),
        ),
        _verdict(
            e3,
            FindingCode.RETRACTED,
            f"DOI 10.1016/S0140-6736(97)11096-0 was retracted: {lancet}",
            claimed=lancet_claim,
            recorded=lancet,
            scores=(("authors", 1.0), ("title", 1.0), ("year", 1.0)),
        ),
    )
    return _audit(DOSING, Format.HTML, "<html></html>\n", (e1, e2, e3), verdicts, ())


def corpus_finding() -> Finding:
    return Finding(
        code=FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS,
        severity=DEFAULT_SEVERITY[FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS],
        message="DOI 10.2000/statins.15 is cited with different year: docs/review.md:24 "
        'Brown et al. 2016, "Statins in the elderly" — docs/guide/dosing.html:41 '
        'Brown et al. 2015, "Statins in the elderly"',
        path=DOSING,
        location=Location(41),
        entry_label="2",
        evidence=(
            ("identifier", "doi:10.2000/statins.15"),
            ("differs", "year"),
            ("first_path", REVIEW),
            ("first_line", "24"),
        ),
    )


def sample_audit() -> AuditResult:
    """The audit described in this module's docstring."""
    return AuditResult(
        audits=(_review(), _dosing()),
        errors=(ReadError(UNREADABLE, "not UTF-8 text (byte 0xff at offset 0)"),),
        corpus_findings=(corpus_finding(),),
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
