"""What an audit produced, and what fails a run: the types every report
reads, kept apart from the pipeline that makes them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import InitVar, dataclass, field

from citecheck.models import (
    VERDICT_CODES,
    Document,
    Finding,
    FindingCode,
    Lookup,
    ReadError,
    Severity,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class DocumentAudit:
    """One document and what the audit found in it.

    ``findings`` holds every finding: the reading checks' and the verdicts'
    (a verdict of "verified" is no finding). ``verdicts`` holds exactly one
    verdict per reference-list entry, in list order; ``lookups`` the
    outcome of every identifier of the document that was looked up.
    """

    document: Document
    findings: tuple[Finding, ...]
    verdicts: tuple[Verdict, ...] = ()
    lookups: tuple[Lookup, ...] = ()

    @property
    def document_findings(self) -> list[Finding]:
        """The findings that are no entry's verdict (reports show those with
        their entry): the reading checks', and those on identifiers named in
        the running text, whose codes may be verdict codes."""
        return [f for f in self.findings if f.code not in VERDICT_CODES or f.entry_label is None]


@dataclass(frozen=True, slots=True)
class FailPolicy:
    """What fails a run: findings at or above a severity, or with given codes."""

    threshold: Severity | None = Severity.ERROR
    codes: frozenset[FindingCode] = frozenset()

    @classmethod
    def parse(cls, text: str) -> FailPolicy:
        """Read ``error``, ``warning``, ``info``, ``never``, finding codes, or a
        comma-separated mix (``warning,dangling-citation``); raises ValueError."""
        threshold: Severity | None = None
        codes: set[FindingCode] = set()
        for word in (w.strip().lower() for w in text.split(",")):
            if not word:
                continue
            if word in ("never", "none"):
                continue
            try:
                severity = Severity.parse(word)
            except ValueError:
                try:
                    codes.add(FindingCode(word))
                except ValueError:
                    raise ValueError(
                        f"unknown severity or finding code {word!r} "
                        f"(severities: error, warning, info, never; codes: "
                        f"{', '.join(c.value for c in FindingCode)})"
                    ) from None
                continue
            if threshold is None or severity.value < threshold.value:
                threshold = severity
        return cls(threshold=threshold, codes=frozenset(codes))

    def fails(self, finding: Finding) -> bool:
        """Whether ``finding`` fails the run."""
        return self.fails_as(finding.code, finding.severity)

    def fails_as(self, code: FindingCode, severity: Severity) -> bool:
        """Whether a finding of ``code`` at ``severity`` fails the run.
        "Could not verify" fails it only when named by code: a slow service
        is never a finding's fault."""
        if code in self.codes:
            return True
        if code is FindingCode.COULD_NOT_VERIFY:
            return False
        return self.threshold is not None and severity.value >= self.threshold.value


@dataclass
class AuditTally:
    """Counts kept as documents are judged: what the summary and the exit
    code need, without keeping every document's results in memory."""

    documents: int = 0
    verdicts: Counter[FindingCode] = field(default_factory=Counter)
    findings: Counter[tuple[FindingCode, Severity]] = field(default_factory=Counter)
    error_pages: dict[str, int] = field(default_factory=dict)
    """Per identifier given an error verdict, how many documents cite it."""
    error_codes: dict[str, set[FindingCode]] = field(default_factory=dict)
    unverified_reasons: Counter[str] = field(default_factory=Counter)
    """Why references could not be verified (``offline``, ``timeout``...), counted."""

    @classmethod
    def of(
        cls, audits: Iterable[DocumentAudit], corpus_findings: Iterable[Finding] = ()
    ) -> AuditTally:
        tally = cls()
        for audit in audits:
            tally.add(audit)
        tally.add_findings(corpus_findings)
        return tally

    def add(self, audit: DocumentAudit) -> None:
        self.documents += 1
        self.add_findings(audit.findings)
        wrong: set[str] = set()
        for verdict in audit.verdicts:
            self.verdicts[verdict.code] += 1
            if verdict.code is FindingCode.COULD_NOT_VERIFY:
                self.unverified_reasons[verdict.reason or "no answer"] += 1
            if verdict.severity is Severity.ERROR and verdict.identifier is not None:
                key = str(verdict.identifier).lower()
                wrong.add(key)
                self.error_codes.setdefault(key, set()).add(verdict.code)
        for key in wrong:
            self.error_pages[key] = self.error_pages.get(key, 0) + 1

    def add_findings(self, findings: Iterable[Finding]) -> None:
        self.findings.update((f.code, f.severity) for f in findings)

    @property
    def references(self) -> int:
        return sum(self.verdicts.values())

    def severities(self) -> Counter[Severity]:
        counts: Counter[Severity] = Counter()
        for (_, severity), number in self.findings.items():
            counts[severity] += number
        return counts

    def failing(self, policy: FailPolicy) -> int:
        """How many findings fail the run under ``policy``."""
        return sum(
            number
            for (code, severity), number in self.findings.items()
            if policy.fails_as(code, severity)
        )


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Every document audited, every file that could not be read, and the
    findings that span documents (one identifier cited differently on two
    pages). ``run_id`` is the run's number in the report, when one is kept.

    A run that streams its documents (to a report and the terminal) keeps
    no ``audits``: ``tally`` then holds its counts.
    """

    audits: tuple[DocumentAudit, ...]
    errors: tuple[ReadError, ...]
    corpus_findings: tuple[Finding, ...] = ()
    run_id: int | None = None
    streamed: InitVar[AuditTally | None] = None
    tally: AuditTally = field(init=False, repr=False, compare=False)
    """The run's counts: ``streamed`` when given, else counted once from ``audits``."""

    def __post_init__(self, streamed: AuditTally | None) -> None:
        if streamed is None:
            streamed = AuditTally.of(self.audits, self.corpus_findings)
        object.__setattr__(self, "tally", streamed)

    @property
    def findings(self) -> list[Finding]:
        found = [f for audit in self.audits for f in audit.findings]
        return found + list(self.corpus_findings)

    @property
    def verdicts(self) -> list[Verdict]:
        return [v for audit in self.audits for v in audit.verdicts]

    def failing(self, policy: FailPolicy) -> int:
        """How many findings fail the run under ``policy``."""
        return self.tally.failing(policy)

    @property
    def unverified(self) -> int:
        """References whose identifier could not be verified."""
        return self.tally.verdicts[FindingCode.COULD_NOT_VERIFY]
