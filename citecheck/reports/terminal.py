"""Human-readable renderings for a terminal: what was found, and the findings.

Article text (paths, labels, claims, messages quoting them) goes through
:func:`escape.terminal_text` before it is printed, piece by piece where
the styler adds colours of its own, so no reference can send the terminal
an escape sequence or reorder what it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from citecheck.describe import claims_text, shorten
from citecheck.models import (
    Claims,
    Document,
    Entry,
    Finding,
    FindingCode,
    Severity,
    TitleKind,
)
from citecheck.reports.database import RunDiff
from citecheck.reports.escape import terminal_text
from citecheck.results import AuditResult, DocumentAudit, FailPolicy

Styler = Callable[[str, Severity], str]


def plain(text: str, severity: Severity) -> str:
    """A styler that adds nothing (output piped to a file)."""
    return text


def render_document(document: Document) -> str:
    """A table of the entries, links, citations and identifiers of a document.
    Nothing is styled, so the whole text is made safe at once."""
    lines = [
        f"{document.path}  ({document.format.value}; {len(document.entries)} entries, "
        f"{len(document.links)} links, {len(document.citations)} in-text citations)"
    ]
    structure = (
        " (found by its structure)" if document.reference_list_found_by == "structure" else ""
    )
    if document.reference_heading is not None:
        lines.append(f"  reference list at line {document.reference_heading.line}{structure}")
    elif document.entries and structure:
        lines.append(f"  reference list at line {document.entries[0].location.line}{structure}")
    elif not document.entries:
        lines.append("  no reference list")
    if document.entries:
        lines.append(_table_header())
        lines.extend(_entry_row(entry) for entry in document.entries)
    if document.links:
        lines.append("  links that name a work:")
        lines.extend(_entry_row(link) for link in document.links)
    if document.citations:
        lines.append(f"  cited: {_cited_summary(document)}")
    if document.text_identifiers:
        seen: dict[str, str] = {}
        for ident in document.text_identifiers:
            line = ident.location.line if ident.location else "?"
            seen.setdefault(ident.key, f"{ident} (line {line})")
        lines.append("  identifiers in the text: " + ", ".join(seen.values()))
    for problem in document.identifier_problems:
        where = f"line {problem.location.line}" if problem.location else "?"
        lines.append(
            f"  malformed {problem.type.value}: {problem.raw!r} ({where}): {problem.reason}"
        )
    return terminal_text("\n".join(lines))


def _finding_line(finding: Finding, style: Styler) -> str:
    where = finding.path
    if finding.location is not None:
        where += f":{finding.location.line}:{finding.location.column}"
    severity = style(finding.severity.label, finding.severity)
    return f"{terminal_text(where)}: {severity} [{finding.code.value}] {terminal_text(finding.message)}"


def _table_header() -> str:
    return f"  {'#':>4}  {'line':>5}  claims, then identifiers"


def _entry_row(entry: Entry) -> str:
    label = entry.label if len(entry.label) <= 4 else entry.label[:3] + "…"
    row = f"  {label:>4}  {entry.location.line:>5}  {describe_claims(entry.claims, entry.raw)}"
    if entry.identifiers:
        row += "\n" + " " * 15 + "  ".join(str(i) for i in entry.identifiers)
    return row


def describe_claims(claims: Claims, fallback: str = "") -> str:
    """``Surname et al. 2023, "Title" (kind) — Journal 12(3):45–67 [host]`` from what is known."""
    text = claims_text(claims, title_limit=70)
    if claims.title and claims.title_kind is not TitleKind.TITLE:
        text += f" ({claims.title_kind.value})"
    if claims.journal:
        source = claims.journal
        if claims.volume:
            source += f" {claims.volume}"
            if claims.issue:
                source += f"({claims.issue})"
        if claims.pages:
            source += f":{claims.pages}"
        text = f"{text} — {source}" if text else source
    if claims.site:
        text = f"{text} [{claims.site}]" if text else f"[{claims.site}]"
    return text or shorten(fallback, 70)


def _cited_summary(document: Document) -> str:
    numbers = sorted({n for c in document.citations for n in c.numbers})
    others = sorted(
        {label for c in document.citations for label in c.labels if not label.isdigit()}
    )
    pointers = sorted({f"{p.surname} {p.year}" for c in document.citations for p in c.author_years})
    pieces: list[str] = []
    if numbers:
        pieces.append(f"entries {compact_ranges(numbers)}")
    if others:
        pieces.append("labels " + ", ".join(others))
    if pointers:
        pieces.append("; ".join(pointers))
    return " and ".join(pieces) + f" ({len(document.citations)} markers)"


def compact_ranges(numbers: Iterable[int]) -> str:
    """``1, 2, 3, 5, 7, 8`` → ``1–3, 5, 7–8``."""
    ordered = sorted(set(numbers))
    ranges: list[str] = []
    start = previous = None
    for number in ordered:
        if start is None:
            start = previous = number
        elif previous is not None and number == previous + 1:
            previous = number
        else:
            ranges.append(_span(start, previous))
            start = previous = number
    if start is not None:
        ranges.append(_span(start, previous))
    return ", ".join(ranges)


def _span(start: int, end: int | None) -> str:
    return str(start) if end is None or end == start else f"{start}–{end}"


_VERDICT_WORDS = {
    FindingCode.VERIFIED: "verified",
    FindingCode.VERIFIED_WITH_NOTES: "verified, notes",
    FindingCode.WRONG_WORK: "WRONG WORK",
    FindingCode.METADATA_MISMATCH: "details differ",
    FindingCode.IDENTIFIER_NOT_FOUND: "NOT FOUND",
    FindingCode.REGISTERED_ELSEWHERE: "other agency",
    FindingCode.IDENTIFIERS_DISAGREE: "IDS DISAGREE",
    FindingCode.RETRACTED: "RETRACTED",
    FindingCode.EXPRESSION_OF_CONCERN: "concern",
    FindingCode.CORRECTED: "corrected",
    FindingCode.UNVERIFIABLE: "unverifiable",
    FindingCode.COULD_NOT_VERIFY: "not verified",
    FindingCode.NOT_COMPARED: "not compared",
    FindingCode.VERIFIED_BY_SEARCH: "found by search",
    FindingCode.NO_SUCH_WORK: "NO SUCH WORK",
}


_VERDICT_PHRASES = {
    FindingCode.VERIFIED: "verified",
    FindingCode.VERIFIED_WITH_NOTES: "verified with notes",
    FindingCode.WRONG_WORK: "wrong work",
    FindingCode.METADATA_MISMATCH: "metadata mismatch",
    FindingCode.IDENTIFIER_NOT_FOUND: "identifier not found",
    FindingCode.REGISTERED_ELSEWHERE: "registered elsewhere",
    FindingCode.IDENTIFIERS_DISAGREE: "identifiers disagree",
    FindingCode.RETRACTED: "retracted",
    FindingCode.EXPRESSION_OF_CONCERN: "expression of concern",
    FindingCode.CORRECTED: "corrected",
    FindingCode.UNVERIFIABLE: "unverifiable",
    FindingCode.COULD_NOT_VERIFY: "could not verify",
    FindingCode.NOT_COMPARED: "resolves, nothing compared",
    FindingCode.VERIFIED_BY_SEARCH: "verified by search",
    FindingCode.NO_SUCH_WORK: "no such work found",
}


DEFAULT_CLAIM_WIDTH = 90
"""Characters of a claim on a reference's line when the width is not known."""
MIN_CLAIM_WIDTH = 40
CLAIM_COLUMN = 32
"""Where the claim starts: after the label, the line and the verdict."""


def render_audit(
    result: AuditResult,
    policy: FailPolicy,
    style: Styler = plain,
    *,
    claim_width: int = DEFAULT_CLAIM_WIDTH,
) -> str:
    """Per document, its references with their verdicts (and the side-by-side
    explanation of every one not plainly verified), its other findings; then
    the counts for the whole run."""
    blocks: list[str] = []
    # In path order: the order documents finish in depends on the services.
    for audit in sorted(result.audits, key=lambda a: a.document.path):
        blocks.append(document_block(audit, style, claim_width=claim_width))
    repeated = repeated_errors(result)
    if repeated:
        lines = ["identifiers with error verdicts on several pages:"]
        lines.extend(
            terminal_text(f"  {ident}  {pages} pages: {codes}") for ident, pages, codes in repeated
        )
        blocks.append("\n".join(lines))
    if result.corpus_findings:
        lines = ["across documents:"]
        lines.extend("  " + _finding_line(f, style) for f in result.corpus_findings)
        blocks.append("\n".join(lines))
    blocks.append(audit_summary(result, policy))
    return "\n\n".join(blocks)


def repeated_errors(result: AuditResult, *, limit: int = 10) -> list[tuple[str, int, str]]:
    """Identifiers given an error verdict in two or more documents, most
    pages first: a mistyped or invented identifier copied from page to page.
    Each as (identifier, pages, verdict codes)."""
    tally = result.tally
    ranked = sorted(
        (
            (key, pages, ", ".join(sorted(c.value for c in tally.error_codes[key])))
            for key, pages in tally.error_pages.items()
            if pages > 1
        ),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:limit]


def audit_summary(result: AuditResult, policy: FailPolicy) -> str:
    """The last lines: references by verdict, findings by severity, what fails."""
    tally = result.tally
    verdicts = tally.verdicts
    counts = tally.severities()
    refs = tally.references
    documents = tally.documents
    parts = ", ".join(
        f"{verdicts[code]} {phrase}" for code, phrase in _VERDICT_PHRASES.items() if verdicts[code]
    )
    lines = [
        f"{documents} document{'s' if documents != 1 else ''}, {refs} reference{'s' if refs != 1 else ''}"
        + (f": {parts}" if parts else "")
    ]
    summary = ", ".join(
        _count(counts[severity], word)
        for severity, word in (
            (Severity.ERROR, "error"),
            (Severity.WARNING, "warning"),
            (Severity.INFO, "note"),
        )
    )
    if result.errors:
        summary += f"; {len(result.errors)} unreadable"
    failing = result.failing(policy)
    if failing:
        summary += f"; {failing} at or above --fail-on"
    if result.run_id is not None:
        summary += f"; report run {result.run_id}"
    lines.append(summary)
    return "\n".join(lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def document_block(
    audit: DocumentAudit, style: Styler = plain, *, claim_width: int = DEFAULT_CLAIM_WIDTH
) -> str:
    """One document's references with their verdicts, and its other findings.
    Labels are shown whole (a BibTeX key is what a person searches for)."""
    document = audit.document
    lines = [
        terminal_text(
            f"{document.path}  ({document.format.value}; {len(audit.verdicts)} references)"
        )
    ]
    entries = {entry.label: entry for entry in document.entries}
    for verdict in audit.verdicts:
        entry = entries.get(verdict.entry_label)
        claim = describe_claims(entry.claims, entry.raw) if entry else verdict.claimed
        word = style(f"{_VERDICT_WORDS[verdict.code]:<15}", verdict.severity)
        lines.append(
            f"  {terminal_text(verdict.entry_label):>4}  {verdict.location.line:>5}  {word}  "
            + terminal_text(shorten(claim, claim_width))
        )
        if verdict.code is not FindingCode.VERIFIED:
            lines.append(" " * 15 + terminal_text(verdict.message))
    others = audit.document_findings
    for finding in others:
        lines.append("  " + _finding_line(finding, style))
    return "\n".join(lines)


def render_diff(difference: RunDiff) -> str:
    """Findings new in the later run, then those fixed since the earlier one."""
    lines = [
        f"run {difference.old_run} → run {difference.new_run}: {len(difference.new)} new, "
        f"{len(difference.fixed)} fixed, {difference.unchanged} unchanged"
    ]
    for title, findings in (("new", difference.new), ("fixed", difference.fixed)):
        if findings:
            lines.append(f"{title}:")
            lines.extend("  " + _finding_line(finding, plain) for finding in findings)
    return "\n".join(lines)
