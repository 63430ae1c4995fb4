"""What the terminal renderer prints of a hostile reference list: no escape
sequence, control or bidi override from an article ever reaches the screen."""

from __future__ import annotations

import re
from collections.abc import Callable

from citecheck.audit import AuditResult, FailPolicy
from citecheck.models import Severity
from citecheck.reports.database import RunDiff
from citecheck.reports.terminal import document_block, render_audit, render_diff, render_document

# The colours the styler itself adds (the only escapes allowed out).
_OWN_STYLE = re.compile(r"\x1b\[1m|\x1b\[0m")


def bold(text: str, severity: Severity) -> str:
    return f"\x1b[1m{text}\x1b[0m"


def test_the_audit_shows_hostile_text_visibly_and_sends_no_control(
    hostile_result: AuditResult, unseen: Callable[[str], list[str]]
) -> None:
    text = render_audit(hostile_result, FailPolicy(), style=bold)
    assert unseen(_OWN_STYLE.sub("", text)) == []
    assert '"␛]0;pwned␇<img src=x onerror=alert(1)> [a](javascript:x) <U+202E>drow' in text
    assert "<U+009B>31m" in text  # from the record's title, in the message
    assert '=HYPERLINK("http://evil.example","open")␛[2J.md' in text


def test_a_document_block_streamed_during_the_audit_is_as_safe(
    hostile_result: AuditResult, unseen: Callable[[str], list[str]]
) -> None:
    block = document_block(hostile_result.audits[0], bold)
    assert unseen(_OWN_STYLE.sub("", block)) == []
    assert "marker [␛]0;pwned␇<U+202E>9] points to no entry" in block


def test_the_table_of_what_was_found_is_as_safe(
    hostile_result: AuditResult, unseen: Callable[[str], list[str]]
) -> None:
    text = render_document(hostile_result.audits[0].document)
    assert unseen(text) == []
    assert '"-2+3 rows␁"' in text


def test_a_diff_of_runs_is_as_safe(
    hostile_result: AuditResult, unseen: Callable[[str], list[str]]
) -> None:
    findings = tuple(hostile_result.findings)
    text = render_diff(RunDiff(1, 2, new=findings, fixed=findings, unchanged=0))
    assert unseen(text) == []
    assert "␛[2J.md:3:7: error [dangling-citation]" in text
