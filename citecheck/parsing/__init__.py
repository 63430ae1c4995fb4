"""Reading documents: one module per input format, one entry point.

``read_document(path)`` loads a file, detects its format (or takes the one
given) and returns a :class:`~citecheck.models.Document`; it raises
:class:`~citecheck.errors.InputError` only for files that cannot be read
at all. A readable file never makes a parser raise, with one exception: a
BibTeX file whose ``@string`` macros expand past a cap (see
:mod:`citecheck.parsing.bibtex`) is refused with an InputError too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import cast

from citecheck.models import Document, Format
from citecheck.parsing.identity import read_identity
from citecheck.parsing.loading import DEFAULT_MAX_BYTES, detect_format, load
from citecheck.parsing.source import Source

# Each format's module, imported on first use: a run over Markdown files
# never pays for the XML or BibTeX readers.
PARSER_MODULES: dict[Format, str] = {
    Format.MARKDOWN: "citecheck.parsing.markdown",
    Format.HTML: "citecheck.parsing.html",
    Format.TEXT: "citecheck.parsing.text",
    Format.BIBTEX: "citecheck.parsing.bibtex",
    Format.JATS: "citecheck.parsing.jats",
}

__all__ = ["DEFAULT_MAX_BYTES", "parse_source", "read_document"]


def read_document(
    path: str | Path, *, fmt: Format | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read the file at ``path`` as a document of format ``fmt`` (detected
    when None). Raises InputError when the file cannot be read."""
    source = load(path, max_bytes=max_bytes)
    return parse_source(source, fmt=fmt)


def parse_source(source: Source, *, fmt: Format | None = None) -> Document:
    """Parse already-loaded text as a document of format ``fmt`` (detected when None)."""
    chosen = fmt or detect_format(source.path, source.text)
    document = parser_for(chosen)(source)
    return replace(document, identity=read_identity(source, document))


def parser_for(fmt: Format) -> Callable[[Source], Document]:
    """The ``parse`` function of a format's reader."""
    module = importlib.import_module(PARSER_MODULES[fmt])
    return cast(Callable[[Source], Document], module.parse)
