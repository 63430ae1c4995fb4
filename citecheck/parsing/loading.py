"""Load a file as text: size limit, binary detection, decoding, format detection."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from citecheck.errors import InputError
from citecheck.models import Format
from citecheck.parsing.source import Source

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Larger files are refused: no article is this big, and a 1 GB log file
passed by mistake should fail at once rather than eat the machine."""

EXTENSIONS = {
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".mdown": Format.MARKDOWN,
    ".mkd": Format.MARKDOWN,
    ".wiki": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".bib": Format.BIBTEX,
    ".bibtex": Format.BIBTEX,
    ".nxml": Format.JATS,
    ".jats": Format.JATS,
}
_SNIFF = 65536
_JATS_SIGNS = re.compile(r"<(?:\w+:)?(?:article|ref-list|back)\b[^>]*>|JATS|NLM//DTD", re.I)
_HTML_SIGNS = re.compile(r"<!doctype\s+html|<html\b|<body\b|<head\b|<p\b|<div\b", re.I)
_BIBTEX_SIGN = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.M)
_MARKDOWN_SIGNS = re.compile(r"^\s{0,3}#{1,6}\s+\S|\]\([^)\s]+\)|^\s*[-*+]\s+\S|\*\*\S|^\[\^", re.M)
# Control characters no text document contains (tab, newline, carriage
# return and form feed are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Return the decoded text of ``path``; raises InputError with a one-line
    reason when the file is missing, not a file, too large, binary or not
    decodable."""
    name = str(path)
    file = Path(path)
    try:
        if not file.exists():
            raise InputError("no such file", path=name)
        if not file.is_file():
            raise InputError("not a regular file", path=name)
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{_mb(size)} is larger than the {_mb(max_bytes)} limit (see --max-size)",
                path=name,
            )
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from exc
    if len(data) > max_bytes:  # the file grew between stat and read
        raise InputError(f"larger than the {_mb(max_bytes)} limit (see --max-size)", path=name)
    text = decode(data, path=name)
    return Source(
        path=name,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def decode(data: bytes, *, path: str) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16/32 with a
    BOM, or Windows-1252 as a last resort for legacy files; raises InputError
    for a PDF, binary data, or bytes no encoding explains."""
    if data.startswith(b"%PDF-"):
        raise InputError(
            "is a PDF: extract its text first (for example `pdftotext FILE.pdf`)", path=path
        )
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding.upper()} ({exc.reason})", path=path) from exc
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes)", path=path)
    try:
        return _checked(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 and not decodable as Windows-1252 (byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start})",
            path=path,
        ) from exc
    return _checked(text, path)


def _checked(text: str, path: str) -> str:
    controls = len(_CONTROL.findall(text[:_SNIFF]))
    if controls > max(8, len(text[:_SNIFF]) // 200):
        raise InputError("binary file (too many control characters)", path=path)
    return text


def detect_format(path: str, text: str) -> Format:
    """The format of a document: by its extension, then by its content."""
    suffix = Path(path).suffix.lower()
    head = text[:_SNIFF]
    if suffix == ".xml":
        if _JATS_SIGNS.search(head):
            return Format.JATS
        return Format.HTML if _HTML_SIGNS.search(head) else Format.TEXT
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    stripped = head.lstrip("\ufeff \t\n")
    if stripped.startswith("<?xml") or stripped.startswith("<!DOCTYPE article"):
        return Format.JATS if _JATS_SIGNS.search(head) else Format.HTML
    if _HTML_SIGNS.search(head[:4096]) and stripped.startswith("<"):
        return Format.HTML
    if _BIBTEX_SIGN.match(stripped) or (stripped.startswith("%") and _BIBTEX_SIGN.search(head)):
        return Format.BIBTEX
    if _MARKDOWN_SIGNS.search(head):
        return Format.MARKDOWN
    return Format.TEXT


def _mb(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
