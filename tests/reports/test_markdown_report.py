"""The Markdown report an editor pastes into a review.

(Named ``test_markdown_report.py``: ``tests/parsing/test_markdown.py``
already holds the basename ``test_markdown``.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from citecheck.audit import AuditResult, DocumentAudit, FailPolicy
from citecheck.models import Document, Format
from citecheck.reports import markdown


def test_the_whole_report(
    audit_result: AuditResult, policy: FailPolicy, fixture_bytes: Callable[[str], bytes]
) -> None:
    expected = fixture_bytes("reports/sample-audit.md").decode("utf-8")
    assert markdown.render(audit_result, policy=policy) == expected


def test_an_audit_with_nothing_wrong() -> None:
    document = Document("notes/empty.md", Format.MARKDOWN, "0" * 64, 10)
    result = AuditResult((DocumentAudit(document, ()),), ())
    assert markdown.render(result, policy=FailPolicy()) == (
        "# Citation check\n"
        "\n"
        "| Documents | References | Verified | Errors | Warnings | Notes | Unreadable |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| 1 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "\n"
        "No finding fails the policy (error or worse).\n"
        "\n"
        "### notes/empty.md\n"
        "\n"
        "No reference list.\n"
    )


def test_the_summary_line_follows_the_policy(audit_result: AuditResult) -> None:
    text = markdown.render(audit_result, policy=FailPolicy.parse("retracted"))
    assert "\n**1 finding fails the policy** (retracted).\n" in text
    text = markdown.render(audit_result, policy=FailPolicy.parse("never"))
    assert "\nNo finding fails the policy (nothing).\n" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("yes | no", "yes \\| no"),
        ("a\\|b", "a\\\\\\|b"),
        ("two\nlines", "two<br>lines"),
        ("windows\r\nline\rends", "windows<br>line<br>ends"),
        ("  padded \n\n gap ", "padded<br>gap"),
        ("", ""),
    ],
)
def test_cells_escape_pipes_and_line_breaks(text: str, expected: str) -> None:
    assert markdown.cell(text) == expected


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("error", "error or worse"),
        ("info", "note or worse"),
        ("warning,could-not-verify", "warning or worse, or could-not-verify"),
        ("wrong-work,retracted", "retracted, wrong-work"),
        ("never", "nothing"),
    ],
)
def test_the_policy_in_words(policy: str, expected: str) -> None:
    assert markdown.describe_policy(FailPolicy.parse(policy)) == expected


def test_every_table_row_has_as_many_cells_as_its_header(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    columns = None
    for line in markdown.render(audit_result, policy=policy).splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        cells = line.replace("\\\\", "").replace("\\|", "").count("|") - 1
        if columns is None:
            columns = cells
        assert cells == columns, line


def test_output_does_not_depend_on_the_order_documents_were_read(
    audit_result: AuditResult, policy: FailPolicy
) -> None:
    shuffled = replace(audit_result, audits=tuple(reversed(audit_result.audits)))
    assert markdown.render(shuffled, policy=policy) == markdown.render(audit_result, policy=policy)


def test_a_hostile_reference_list_gives_no_html_link_or_broken_table(
    hostile_result: AuditResult, policy: FailPolicy, unseen: Callable[[str], list[str]]
) -> None:
    text = markdown.render(hostile_result, policy=policy)
    # The only HTML is the line breaks the report itself writes.
    assert "<" not in text.replace("<br>", "")
    assert "](" not in text.replace("]\\(", "")
    assert unseen(text) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\`m\\`" in text
    assert '### =HYPERLINK("http://evil.example","open")␛[2J.md' in text
    assert "- ␛]0;pwnedbad.md: not UTF-8 text ␛[5mnear &lt;U+2066&gt;hidden" in text.replace(
        "␇", ""
    )
    rows = [
        line for line in text.splitlines() if line.startswith(("| 1 | wrong", "| 2 | unverifiable"))
    ]
    cells = [row.replace("\\\\", "").replace("\\|", "").count("|") - 1 for row in rows]
    assert cells == [5, 5]
