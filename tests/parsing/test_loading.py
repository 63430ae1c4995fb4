"""Loading files: decoding, refusing what is not text, detecting the format."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.models import Format
from citecheck.parsing.loading import decode, detect_format, load


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Müller [1]".encode(), "Müller [1]"),
        (b"\xef\xbb\xbf" + "Müller".encode(), "Müller"),
        ("Müller".encode("utf-16"), "Müller"),
        ("Müller".encode("utf-32"), "Müller"),
        ("Müller – 2020".encode("cp1252"), "Müller – 2020"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM", "utf-32 with BOM", "windows-1252"],
)
def test_text_is_decoded_from_the_usual_encodings(data: bytes, text: str) -> None:
    assert decode(data, path="f") == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"abc\x00def", "binary file (contains NUL bytes)"),
        (b"%PDF-1.4 ...", "is a PDF: extract its text first (for example `pdftotext FILE.pdf`)"),
        (b"\x81\x8d\x8f", "not UTF-8 and not decodable as Windows-1252 (byte 0x81 at offset 0)"),
        (bytes(range(1, 32)) * 40, "binary file (too many control characters)"),
    ],
)
def test_what_is_not_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, path="f")
    assert caught.value.reason == reason


def test_load_normalises_line_endings_and_keeps_identity(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    data = b"one\r\ntwo\rthree\n"
    path.write_bytes(data)
    source = load(path)
    assert source.text == "one\ntwo\nthree\n"
    # Size and hash are the file's own bytes, before any normalising.
    assert source.size == len(data)
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert (source.locate(8).line, source.locate(8).column) == (3, 1)


def test_load_refuses_missing_files_folders_and_files_over_the_limit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.md")
    with pytest.raises(InputError, match="not a regular file"):
        load(tmp_path)
    big = tmp_path / "big.md"
    big.write_text("x" * 2048)
    with pytest.raises(InputError, match="larger than"):
        load(big, max_bytes=1024)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.md", "anything", Format.MARKDOWN),
        ("a.html", "anything", Format.HTML),
        ("a.txt", "# looks like markdown", Format.TEXT),
        ("a.bib", "anything", Format.BIBTEX),
        ("a.nxml", "anything", Format.JATS),
        (
            "a.xml",
            '<?xml version="1.0"?>\n<article><back><ref-list/></back></article>',
            Format.JATS,
        ),
        ("a.xml", "<html><body><p>x</p></body></html>", Format.HTML),
        ("noext", '<?xml version="1.0"?>\n<article article-type="research-article">', Format.JATS),
        ("noext", "<!DOCTYPE html>\n<html><p>hi</p></html>", Format.HTML),
        ("noext", "% my refs\n@article{smith2020,\n title={T}}", Format.BIBTEX),
        ("noext", "# Title\n\nText [1].\n", Format.MARKDOWN),
        ("noext", "See [the paper](https://doi.org/10.1/x).", Format.MARKDOWN),
        ("noext", "Plain words [1].\n\nReferences\n1. Smith J. T. 2020.", Format.TEXT),
    ],
)
def test_format_is_detected_by_extension_then_content(
    name: str, content: str, expected: Format
) -> None:
    assert detect_format(name, content) is expected
