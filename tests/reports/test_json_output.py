"""The JSON output: the whole audit, in a fixed order, as plain data."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from citecheck import __version__
from citecheck.audit import AuditResult, DocumentAudit, FailPolicy
from citecheck.reports import json_output, serialize


def parsed(result: AuditResult, policy: FailPolicy) -> dict[str, Any]:
    text = json_output.render(result, policy=policy)
    assert text.endswith("}\n")
    data: dict[str, Any] = json.loads(text)
    return data


def test_top_level_keys_come_in_a_fixed_order(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    data = parsed(audit_result, policy)
    assert list(data) == [
        "version",
        "run_id",
        "documents",
        "unreadable",
        "corpus_findings",
        "summary",
    ]
    assert data["version"] == __version__
    assert data["run_id"] == 7


def test_documents_are_sorted_by_path_with_their_references_in_list_order(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    documents = parsed(audit_result, policy)["documents"]
    assert [d["path"] for d in documents] == ["docs/guide/dosing.html", "docs/review.md"]
    review = documents[1]
    assert list(review) == ["path", "format", "sha256", "references", "findings"]
    assert review["format"] == "markdown"
    assert len(review["sha256"]) == 64
    assert [r["label"] for r in review["references"]] == ["1", "2", "3", "4", "5"]
    assert [r["verdict"] for r in review["references"]] == [
        "verified",
        "wrong-work",
        "could-not-verify",
        "verified-with-notes",
        "verified",
    ]


def test_a_reference_carries_its_verdict_claim_record_and_scores(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    review = parsed(audit_result, policy)["documents"][1]
    assert review["references"][1] == {
        "label": "2",
        "line": 21,
        "verdict": "wrong-work",
        "severity": "error",
        "message": 'wrong work: DOI 10.5555/gut.2020.7 is "Quantum dots for solar cells" '
        '(Chen, Wang; 2018) — the article claims Garcia et al. 2020, "Gut microbiota & '
        'behaviour in <autism> models"',
        "claimed": 'Garcia et al. 2020, "Gut microbiota & behaviour in <autism> models"',
        "recorded": '"Quantum dots for solar cells" (Chen, Wang; 2018)',
        "identifier": "doi:10.5555/gut.2020.7",
        "scores": {"authors": 0.0, "title": 0.08, "year": 0.0},
        "notes": ["no claimed author is an author of the record", "the title differs"],
        "reason": None,
        "suggestion": None,
    }


def test_a_reference_that_could_not_be_verified_says_why(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    okafor = parsed(audit_result, policy)["documents"][1]["references"][2]
    assert okafor["verdict"] == "could-not-verify"
    assert okafor["severity"] == "warning"
    assert okafor["reason"] == "timeout"
    assert okafor["identifier"] == "pmid:33456789"
    assert okafor["recorded"] is None
    assert okafor["scores"] == {}


def test_findings_are_the_plain_data_form_in_file_order(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    data = parsed(audit_result, policy)
    review_audit = next(a for a in audit_result.audits if a.document.path == "docs/review.md")
    expected = [serialize.finding(f) for f in review_audit.findings]
    assert data["documents"][1]["findings"] == expected
    assert [(f["location"]["line"], f["code"]) for f in expected] == [
        (9, "dangling-citation"),
        (21, "wrong-work"),
        (22, "could-not-verify"),
        (23, "uncited-reference"),
        (23, "verified-with-notes"),
    ]


def test_unreadable_files_and_corpus_findings(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    data = parsed(audit_result, policy)
    assert data["unreadable"] == [
        {"path": "docs/old/notes.txt", "reason": "not UTF-8 text (byte 0xff at offset 0)"}
    ]
    assert [f["code"] for f in data["corpus_findings"]] == ["conflicting-claims-across-documents"]
    assert data["corpus_findings"][0]["evidence"]["identifier"] == "doi:10.2000/statins.15"


def test_the_summary_counts_verdicts_severities_and_failures(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    assert parsed(audit_result, policy)["summary"] == {
        "documents": 2,
        "references": 8,
        "verdicts": {
            "could-not-verify": 1,
            "metadata-mismatch": 1,
            "retracted": 1,
            "unverifiable": 1,
            "verified": 2,
            "verified-with-notes": 1,
            "wrong-work": 1,
        },
        "severities": {"error": 3, "warning": 5, "info": 1},
        "failing": 3,
        "unreadable": 1,
    }


def test_failing_follows_the_policy(audit_result: AuditResult) -> None:
    # "could not verify" fails a run only when the policy names it.
    assert parsed(audit_result, FailPolicy.parse("warning"))["summary"]["failing"] == 7
    assert (
        parsed(audit_result, FailPolicy.parse("warning,could-not-verify"))["summary"]["failing"]
        == 8
    )
    assert parsed(audit_result, FailPolicy.parse("never"))["summary"]["failing"] == 0
    assert parsed(audit_result, FailPolicy.parse("retracted"))["summary"]["failing"] == 1


def test_output_does_not_depend_on_the_order_documents_were_read(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    shuffled = replace(
        audit_result,
        audits=tuple(reversed(audit_result.audits)),
        corpus_findings=tuple(reversed(audit_result.corpus_findings)),
    )
    assert json_output.render(shuffled, policy=policy) == json_output.render(
        audit_result, policy=policy
    )


def test_entries_never_judged_are_listed_without_a_verdict(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    offline = AuditResult(
        audits=tuple(DocumentAudit(a.document, a.findings) for a in audit_result.audits),
        errors=(),
    )
    data = parsed(offline, policy)
    first = data["documents"][1]["references"][0]
    assert first["label"] == "1"
    assert first["verdict"] is None
    assert (
        first["claimed"] == 'Smith and Jones 2019, "Sleep and memory consolidation in adolescents"'
    )
    assert data["summary"]["references"] == 8
    assert data["summary"]["verdicts"] == {}
    assert data["run_id"] is None


def test_hostile_text_is_escaped_in_the_file_and_kept_in_the_data(
    hostile_result: AuditResult, policy: FailPolicy, unseen: Callable[[str], list[str]]
) -> None:
    text = json_output.render(hostile_result, policy=policy)
    # Printed or opened in an editor, the file itself does nothing.
    assert unseen(text) == []
    assert "\\u001b]0;pwned\\u0007" in text
    assert "\\u202edrow\\u202c" in text
    assert "\\u009b31m" in text
    # Read back, every string is the article's own, unchanged.
    data = json.loads(text)
    reference = data["documents"][0]["references"][0]
    assert reference["claimed"] == hostile_result.audits[0].verdicts[0].claimed
    assert data["documents"][0]["path"] == hostile_result.audits[0].document.path
    assert data["unreadable"][0]["reason"] == hostile_result.errors[0].reason
