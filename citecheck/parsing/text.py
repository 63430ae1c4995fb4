"""Read plain text, including text extracted from a PDF."""

from __future__ import annotations

from citecheck.models import Document, Format
from citecheck.parsing.prose import parse_prose
from citecheck.parsing.source import Source


def parse(source: Source) -> Document:
    """Return the document read from plain text. Markdown syntax is not
    interpreted: a backtick or a bracket is just a character. Never raises."""
    return parse_prose(
        source.text,
        path=source.path,
        fmt=Format.TEXT,
        sha256=source.sha256,
        size=source.size,
        locate=source.locate,
        markdown=False,
    )
