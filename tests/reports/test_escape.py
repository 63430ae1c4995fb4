"""Article text made safe for each output's reader: one function per reader."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from citecheck.reports.escape import (
    csv_cell,
    json_text,
    markdown_cell,
    markdown_inline,
    terminal_text,
    xml_text,
)

ORDINARY = [
    "Sleep and memory consolidation in adolescents",
    "Gut microbiota & behaviour: p < 0.05",
    "Müller-Lüdenscheidt, Ø. 2019, «Über Schlaf»",
    "שינה וזיכרון",  # right-to-left letters are no hidden direction change
    "مقاله\u200cها",  # a zero-width non-joiner is part of Persian spelling
    "family \U0001f468\u200d\U0001f469\u200d\U0001f467",  # emoji joined by ZWJ
    "10.1038/nrc1388",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_reaches_a_terminal_and_json_unchanged(text: str) -> None:
    assert terminal_text(text) == text
    assert json_text(json.dumps(text, ensure_ascii=False)) == json.dumps(text, ensure_ascii=False)
    assert xml_text(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;pwned\x07title", "␛]0;pwned␇title"),  # OSC: sets the window title
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),  # CSI colours
        ("\x9b31mred", "<U+009B>31mred"),  # an 8-bit CSI
        ("ok\rFAKE", "ok␍FAKE"),  # a carriage return overwrites the line
        ("ab\x08\x08", "ab␈␈"),
        ("del\x7f", "del␡"),
        ("\u202egnp.exe", "<U+202E>gnp.exe"),  # a right-to-left override
        ("\u2066isolated\u2069", "<U+2066>isolated<U+2069>"),
        ("zero\u200bwidth\ufeff", "zero<U+200B>width<U+FEFF>"),
        ("tag\U000e0041", "tag<U+E0041>"),
        ("line\u2028separator", "line<U+2028>separator"),
        ("lone \ud800 surrogate", "lone <U+D800> surrogate"),
    ],
)
def test_a_terminal_is_shown_what_would_act_or_hide(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


def test_a_terminal_keeps_newlines_and_tabs_for_layout() -> None:
    assert terminal_text("one\n\ttwo") == "one\n\ttwo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&lt;script&gt; written out", "&amp;lt;script&amp;gt; written out"),
        ("&#60;script", "&amp;#60;script"),
        ("Science & Society", "Science & Society"),  # a lone "&" is literal
        ("R&D", "R&amp;D"),
        ("[click](javascript:alert(1))", "[click]\\(javascript:alert(1))"),
        ("![x](http://evil.example/t.png)", "![x]\\(http://evil.example/t.png)"),
        ("marker [7] dangles", "marker [7] dangles"),
        ("`code` span", "\\`code\\` span"),
        ("a\\`b", "a\\\\\\`b"),  # an escaped backslash cannot free the backtick
        ("yes | no", "yes \\| no"),
        ("two\nlines", "two<br>lines"),
        ("\x1b]0;x\x07\u202e", "␛]0;x␇&lt;U+202E&gt;"),
    ],
)
def test_a_markdown_cell_holds_no_html_link_code_span_or_cell_break(
    text: str, expected: str
) -> None:
    assert markdown_cell(text) == expected


def test_a_markdown_line_is_one_line_and_escaped_like_a_cell() -> None:
    assert markdown_inline("a\n<b>  `c`\r\n| d") == "a &lt;b&gt; \\`c\\` | d"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # a fullwidth equals sign
        ("Smith 2020 = Jones", "Smith 2020 = Jones"),
        ("docs/review.md", "docs/review.md"),
        ("", ""),
        ("\rx", "␍x"),  # shown, so no longer a formula start
        ("a\x1b[2Jb", "a␛[2Jb"),
    ],
)
def test_a_csv_cell_never_starts_a_formula(text: str, expected: str) -> None:
    assert csv_cell(text) == expected


def test_xml_text_holds_only_what_xml_can_carry() -> None:
    text = xml_text("bad\x01name \x1b[0m \ufffe \u202eevil\n\ttab")
    assert text == "bad\ufffdname \ufffd[0m \ufffd <U+202E>evil\n\ttab"
    element = ET.Element("case", {"name": text})
    element.text = text
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    assert parsed.text == text


@pytest.mark.parametrize("char", ["\x7f", "\x9b", "\u202e", "\u2028", "\ufeff", "\U000e0041"])
def test_json_text_escapes_what_the_encoder_leaves_raw_and_keeps_the_data(char: str) -> None:
    data = {"title": f"a{char}b", "ok": "Ünïcode\u200d"}
    dumped = json.dumps(data, ensure_ascii=False, indent=2)
    escaped = json_text(dumped)
    assert char not in escaped
    assert "Ünïcode\u200d" in escaped
    assert json.loads(escaped) == data
