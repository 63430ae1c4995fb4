"""What an audit produced, and what fails a run: the types every report
reads, kept apart from the pipeline that makes them."""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.models import (
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
        """Whether ``finding`` fails the run. "Could not verify" fails it only
        when named by code: a slow service is never a finding's fault."""
        if finding.code in self.codes:
            return True
        if finding.code is FindingCode.COULD_NOT_VERIFY:
            return False
        return self.threshold is not None and finding.severity.value >= self.threshold.value


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Every document audited, every file that could not be read, and the
    findings that span documents (one identifier cited differently on two
    pages). ``run_id`` is the run's number in the report, when one is kept."""

    audits: tuple[DocumentAudit, ...]
    errors: tuple[ReadError, ...]
    corpus_findings: tuple[Finding, ...] = ()
    run_id: int | None = None

    @property
    def findings(self) -> list[Finding]:
        found = [f for audit in self.audits for f in audit.findings]
        return found + list(self.corpus_findings)

    @property
    def verdicts(self) -> list[Verdict]:
        return [v for audit in self.audits for v in audit.verdicts]

    def failing(self, policy: FailPolicy) -> list[Finding]:
        return [f for f in self.findings if policy.fails(f)]

    @property
    def unverified(self) -> list[Verdict]:
        """Verdicts of references whose identifier could not be verified."""
        return [v for v in self.verdicts if v.code is FindingCode.COULD_NOT_VERIFY]
