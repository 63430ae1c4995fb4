"""An audit as SARIF 2.1.0, the format code-scanning services read.

One run: a rule for each finding code that occurs, a result for each
finding (a plain "verified" makes none), and the files that could not be
read as error notifications of the run's one invocation. Each result
carries a fingerprint built from what identifies the problem (code, file,
entry, identifier) rather than its line, so code scanning keeps tracking
an alert when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from citecheck import __version__
from citecheck.models import DEFAULT_SEVERITY, Finding, FindingCode, Severity
from citecheck.reports.escape import json_text, terminal_text
from citecheck.reports.json_output import finding_order, sorted_audits
from citecheck.results import AuditResult, FailPolicy

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT_KEY = "citecheck/v1"

LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}

RULE_DESCRIPTIONS: dict[FindingCode, str] = {
    FindingCode.NO_REFERENCE_LIST: (
        "The document cites sources in its text but has no reference list."
    ),
    FindingCode.DANGLING_CITATION: (
        "An in-text citation points to a reference-list entry that is missing."
    ),
    FindingCode.UNCITED_REFERENCE: "A reference-list entry is never cited in the text.",
    FindingCode.CONFLICTING_CLAIMS: (
        "One identifier is cited more than once with different authors, year or title."
    ),
    FindingCode.DUPLICATE_REFERENCE: "The reference list names the same work twice.",
    FindingCode.NOTHING_TO_CHECK: "A reference-list entry gives neither an identifier nor a title.",
    FindingCode.MALFORMED_IDENTIFIER: (
        "Text shaped like a DOI, PMID or other identifier is not a valid one."
    ),
    FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS: (
        "Two documents cite one identifier with different authors, year or title."
    ),
    FindingCode.REFERENCE_LIST_WITHOUT_HEADING: (
        "The reference list was recognised by the shape of its entries, not by its heading."
    ),
    FindingCode.VERIFIED: "The cited identifier names the work the entry describes.",
    FindingCode.VERIFIED_WITH_NOTES: (
        "The cited identifier names the described work, with small harmless differences."
    ),
    FindingCode.WRONG_WORK: "The cited identifier names another work than the entry describes.",
    FindingCode.METADATA_MISMATCH: (
        "The cited work is the right one, but details such as year, authors or journal are wrong."
    ),
    FindingCode.IDENTIFIER_NOT_FOUND: "The registry says that the cited identifier does not exist.",
    FindingCode.REGISTERED_ELSEWHERE: (
        "The DOI exists but is registered with an agency other than Crossref, "
        "so its details were not compared."
    ),
    FindingCode.IDENTIFIERS_DISAGREE: (
        "The entry's identifiers (DOI, PMID, PMCID) point to different works."
    ),
    FindingCode.RETRACTED: "The cited work has been retracted or withdrawn.",
    FindingCode.EXPRESSION_OF_CONCERN: (
        "The publisher has issued an expression of concern about the cited work."
    ),
    FindingCode.CORRECTED: "A correction to the cited work has been published.",
    FindingCode.UNVERIFIABLE: "The entry has no identifier that an online service can check.",
    FindingCode.COULD_NOT_VERIFY: (
        "No service gave a usable answer for the identifier, so the entry stays unchecked."
    ),
    FindingCode.NOT_COMPARED: (
        "The identifier resolves, but the entry states nothing that shows it is the record's work."
    ),
    FindingCode.VERIFIED_BY_SEARCH: (
        "The entry has no identifier, and a search found the work it describes: add the identifier."
    ),
    FindingCode.NO_SUCH_WORK: (
        "Nothing Crossref or PubMed holds matches the entry: it may be fabricated, or not indexed."
    ),
}
"""One sentence per finding code, for each rule's short description.
(Enum members keep no docstrings at run time, so they are written out here.)"""

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")


def render(result: AuditResult, *, policy: FailPolicy, root: str | None = None) -> str:
    """``result`` as SARIF 2.1.0 JSON text ending in a newline.

    Paths relative to the working directory are written relative to
    ``%SRCROOT%``; absolute paths under ``root`` are made relative to it,
    and other absolute paths become ``file://`` URIs. ``policy`` changes
    nothing: each result's level is its finding's severity, which code
    scanning filters on. Invisible characters of article text are written
    as escapes. Raises nothing.
    """
    return json_text(json.dumps(sarif_log(result, root=root), indent=2, ensure_ascii=False)) + "\n"


def sarif_log(result: AuditResult, *, root: str | None = None) -> dict[str, Any]:
    """``result`` as a SARIF log in plain data (what :func:`render` writes)."""
    findings = [
        f for audit in sorted_audits(result) for f in sorted(audit.findings, key=finding_order)
    ]
    findings += sorted(result.corpus_findings, key=finding_order)
    findings = [f for f in findings if f.code is not FindingCode.VERIFIED]
    codes = sorted({f.code for f in findings}, key=lambda code: code.value)
    rule_index = {code: index for index, code in enumerate(codes)}
    fingerprints = _fingerprints(findings, root)
    results = [
        _result(finding, rule_index[finding.code], fingerprint, root)
        for finding, fingerprint in zip(findings, fingerprints, strict=True)
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": terminal_text(f"could not read {error.path}: {error.reason}")},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(error.path, root)}}
            ],
        }
        for error in sorted(result.errors, key=lambda e: e.path)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citecheck",
                        "version": __version__,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "invocations": [invocation],
                # Columns count characters, as Python strings do.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def rule_name(code: FindingCode) -> str:
    """``wrong-work`` → ``WrongWork``."""
    return "".join(part.capitalize() for part in code.value.split("-"))


def artifact_location(path: str, root: str | None = None) -> dict[str, str]:
    """A SARIF artifactLocation for ``path``: a percent-encoded POSIX URI,
    relative to ``%SRCROOT%`` when the path is relative (or under ``root``)."""
    posix = path.replace("\\", "/")
    if root is not None and _is_absolute(posix):
        base = root.replace("\\", "/").rstrip("/") + "/"
        if posix.startswith(base):
            posix = posix[len(base) :]
    if _WINDOWS_DRIVE.match(posix):
        return {"uri": "file:///" + quote(posix, safe="/:")}
    if posix.startswith("//"):
        return {"uri": "file:" + quote(posix)}
    if posix.startswith("/"):
        return {"uri": "file://" + quote(posix)}
    return {"uri": quote(posixpath.normpath(posix)), "uriBaseId": SOURCE_ROOT}


def _is_absolute(posix: str) -> bool:
    return posix.startswith("/") or bool(_WINDOWS_DRIVE.match(posix))


def _rule(code: FindingCode) -> dict[str, Any]:
    return {
        "id": code.value,
        "name": rule_name(code),
        "shortDescription": {"text": RULE_DESCRIPTIONS[code]},
        "defaultConfiguration": {"level": LEVELS[DEFAULT_SEVERITY[code]]},
    }


def _result(finding: Finding, index: int, fingerprint: str, root: str | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.path, root)}
    if finding.location is not None:
        physical["region"] = {
            "startLine": finding.location.line,
            "startColumn": finding.location.column,
        }
    item: dict[str, Any] = {
        "ruleId": finding.code.value,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        # Code scanning shows the message as text to a person: a bidi
        # override from a title would reorder it there, so it is shown.
        "message": {"text": terminal_text(finding.message)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    properties: dict[str, Any] = {}
    if finding.entry_label is not None:
        properties["entry"] = finding.entry_label
    if finding.claimed:
        properties["claimed"] = finding.claimed
    if finding.recorded:
        properties["recorded"] = finding.recorded
    if finding.scores:
        properties["scores"] = dict(finding.scores)
    if finding.evidence:
        properties["evidence"] = dict(finding.evidence)
    if properties:
        item["properties"] = properties
    return item


def _fingerprints(findings: list[Finding], root: str | None) -> list[str]:
    """A stable hash per finding. The line is left out on purpose (editing
    above an entry must not make a new alert); the identifier stands in for
    the message when there is one, since messages may be reworded."""
    seen: Counter[str] = Counter()
    hashes: list[str] = []
    for finding in findings:
        subject = finding.evidence_dict().get("identifier") or finding.message
        parts = [
            finding.code.value,
            artifact_location(finding.path, root)["uri"],
            finding.entry_label or "",
            subject,
        ]
        base = "\x1f".join(parts)
        # Identical findings in one file (one marker dangling twice) stay
        # apart by their order of appearance.
        occurrence = seen[base]
        seen[base] += 1
        if occurrence:
            base += f"\x1f{occurrence}"
        hashes.append(hashlib.sha256(base.encode("utf-8")).hexdigest())
    return hashes
