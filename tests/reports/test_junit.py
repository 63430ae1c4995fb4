"""The JUnit XML output: a test suite per document, a test case per entry."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace

from citecheck.audit import AuditResult, DocumentAudit, FailPolicy
from citecheck.models import Document, Finding, FindingCode, Format, Location, Severity
from citecheck.reports import junit


def parse(result: AuditResult, policy: FailPolicy) -> ET.Element:
    return ET.fromstring(junit.render(result, policy=policy).encode("utf-8"))


def outcome(case: ET.Element) -> str:
    children = [child.tag for child in case if child.tag != "system-out"]
    assert len(children) <= 1
    return children[0] if children else "passed"


def test_the_whole_report(
    audit_result: AuditResult, policy: FailPolicy, fixture_bytes: Callable[[str], bytes]
) -> None:
    expected = fixture_bytes("reports/sample-audit.junit.xml").decode("utf-8")
    assert junit.render(audit_result, policy=policy) == expected


def test_counts_add_up_in_every_suite_and_in_total(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    root = parse(audit_result, policy)
    assert root.tag == "testsuites"
    totals = {"tests": 0, "failure": 0, "error": 0, "skipped": 0}
    for suite in root.iter("testsuite"):
        outcomes = [outcome(case) for case in suite.iter("testcase")]
        assert int(suite.get("tests", "")) == len(outcomes)
        assert int(suite.get("failures", "")) == outcomes.count("failure")
        assert int(suite.get("errors", "")) == outcomes.count("error")
        assert int(suite.get("skipped", "")) == outcomes.count("skipped")
        totals["tests"] += len(outcomes)
        for key in ("failure", "error", "skipped"):
            totals[key] += outcomes.count(key)
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        str(totals["tests"]),
        str(totals["failure"]),
        str(totals["error"]),
        str(totals["skipped"]),
    )
    assert totals == {"tests": 12, "failure": 3, "error": 1, "skipped": 2}


def test_suites_are_documents_by_path_then_the_corpus_then_unreadable_files(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    root = parse(audit_result, policy)
    assert [suite.get("name") for suite in root] == [
        "docs/guide/dosing.html",
        "docs/review.md",
        "across documents",
        "docs/old/notes.txt",
    ]


def test_each_entry_is_a_case_named_by_its_label_and_claims(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    review = parse(audit_result, policy)[1]
    cases = list(review.iter("testcase"))
    assert {case.get("classname") for case in cases} == {"docs/review.md"}
    assert [(case.get("name"), outcome(case)) for case in cases] == [
        ('[1] Smith and Jones 2019, "Sleep and memory consolidation in adolescents"', "passed"),
        ('[2] Garcia et al. 2020, "Gut microbiota & behaviour in <autism> models"', "failure"),
        ('[3] Okafor 2021, "Vitamin D and fracture risk"', "skipped"),
        ('[4] Lee et al. 2017, "Exercise and depression: a meta-analysis"', "passed"),
        ('[5] Brown et al. 2016, "Statins in the elderly"', "passed"),
        ("document checks", "failure"),
    ]


def test_a_failing_verdict_names_its_code_and_explains_itself(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    failure = parse(audit_result, policy)[1][1].find("failure")
    assert failure is not None
    assert failure.get("type") == "wrong-work"
    assert (failure.get("message") or "").startswith("wrong work: DOI 10.5555/gut.2020.7 is ")
    assert 'recorded: "Quantum dots for solar cells" (Chen, Wang; 2018)' in (failure.text or "")


def test_could_not_verify_and_unverifiable_are_skipped_unless_the_policy_names_them(
    audit_result: AuditResult,
) -> None:
    strict = FailPolicy.parse("error,could-not-verify")
    root = parse(audit_result, strict)
    okafor = root[1][2]
    assert outcome(okafor) == "failure"
    failure = okafor.find("failure")
    assert failure is not None
    assert failure.get("type") == "could-not-verify"
    assert outcome(root[0][0]) == "skipped"  # unverifiable, a warning: not failing
    assert outcome(parse(audit_result, FailPolicy.parse("warning"))[0][0]) == "failure"


def test_a_lenient_policy_fails_nothing_but_unreadable_files_stay_errors(
    audit_result: AuditResult,
) -> None:
    root = parse(audit_result, FailPolicy.parse("never"))
    assert root.get("failures") == "0"
    assert root.get("errors") == "1"
    error = root[3][0].find("error")
    assert error is not None
    assert error.get("type") == "unreadable"
    assert error.get("message") == "not UTF-8 text (byte 0xff at offset 0)"


def test_document_checks_list_passing_findings_as_output(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    checks = parse(audit_result, policy)[1][5]
    failure = checks.find("failure")
    assert failure is not None
    assert failure.get("type") == "dangling-citation"
    assert failure.get("message") == "1 finding fails the policy"
    assert (checks.findtext("system-out") or "").startswith(
        "docs/review.md:23: warning [uncited-reference]"
    )


def test_text_that_xml_cannot_hold_is_replaced(policy: FailPolicy) -> None:
    path = "bad\x01name.md"
    finding = Finding(
        FindingCode.DANGLING_CITATION,
        Severity.ERROR,
        'marker [x\x0b] & "quotes" <here>',
        path,
        Location(2),
    )
    audit = DocumentAudit(Document(path, Format.MARKDOWN, "0" * 64, 0), (finding,))
    root = parse(AuditResult((audit,), ()), policy)
    suite = root[0]
    assert suite.get("name") == "bad\ufffdname.md"
    assert 'marker [x\ufffd] & "quotes" <here>' in (suite.findtext("testcase/failure") or "")


def test_output_does_not_depend_on_the_order_documents_were_read(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    shuffled = replace(audit_result, audits=tuple(reversed(audit_result.audits)))
    assert junit.render(shuffled, policy=policy) == junit.render(audit_result, policy=policy)


def test_an_empty_audit() -> None:
    assert junit.render(AuditResult((), ()), policy=FailPolicy()) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="citecheck" tests="0" failures="0" errors="0" skipped="0" />\n'
    )


def test_a_hostile_reference_list_gives_a_readable_file(
    hostile_result: AuditResult, policy: FailPolicy, unseen: Callable[[str], list[str]]
) -> None:
    root = parse(hostile_result, policy)
    texts = [value for element in root.iter() for value in element.attrib.values()]
    texts += [element.text or "" for element in root.iter()]
    for text in texts:
        # XML keeps newlines; nothing else a reader cannot see survives.
        assert unseen(text.replace("\r", "")) == [], text
    case = root[0][0]
    assert case.get("name") == (
        '[1] Smith 2020, "\ufffd]0;pwned\ufffd<img src=x onerror=alert(1)> [a](javascript:x) '
        '<U+202E>drow<U+202C> `m`\ufffd"'
    )
    assert root[1].get("name") == "\ufffd]0;pwned\ufffdbad.md"
