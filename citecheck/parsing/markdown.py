"""Read a Markdown document (wiki exports with inline HTML included)."""

from __future__ import annotations

from citecheck.models import Document, Format
from citecheck.parsing.prose import parse_prose
from citecheck.parsing.source import Source


def parse(source: Source) -> Document:
    """Return the document read from Markdown. Code blocks and inline code
    are ignored when looking for citations. Never raises."""
    return parse_prose(
        source.text,
        path=source.path,
        fmt=Format.MARKDOWN,
        sha256=source.sha256,
        size=source.size,
        locate=source.locate,
        markdown=True,
    )
