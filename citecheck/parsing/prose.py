"""Read a prose document (Markdown, plain text, or HTML rendered to Markdown):
its reference list, links, in-text citations and identifiers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from citecheck.identifiers import Found, scan
from citecheck.models import (
    Claims,
    Document,
    Entry,
    EntryRole,
    Format,
    Identifier,
    IdentifierProblem,
    Location,
)
from citecheck.parsing.citations import Span, find_citations
from citecheck.parsing.claims import parse_claims, parse_link_label
from citecheck.parsing.sections import (
    RawEntry,
    find_reference_section,
    footnote_definitions,
    split_lines,
)

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}(?P=fence)[ \t]*$|\Z)", re.S | re.M)
_HTML_BLOCKS = re.compile(r"<!--.*?(?:-->|\Z)|<(pre|code|script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LINK = re.compile(r"(?<![!\\])\[(?P<label>[^\[\]\n]{1,500})\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_MARKDOWN_LINK_TEXT = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")


def parse_prose(
    text: str,
    *,
    path: str,
    fmt: Format,
    sha256: str,
    size: int,
    locate: Callable[[int], Location],
    markdown: bool,
) -> Document:
    """Return the :class:`Document` read from prose ``text``.

    ``locate`` maps an offset in ``text`` to a location in the source file
    (for HTML, ``text`` is a rendering and the map points into the HTML).
    """
    blocks_masked = _mask(text, _FENCE, _HTML_BLOCKS) if markdown else text
    all_masked = _mask(blocks_masked, _INLINE_CODE) if markdown else text
    lines = split_lines(all_masked)
    section = find_reference_section(lines)
    problems: list[IdentifierProblem] = []
    entries: list[Entry] = []
    skip: list[Span] = []

    if section is not None:
        skip.append(Span(section.start, section.end))
        for position, raw in enumerate(section.entries, start=1):
            entries.append(_entry(raw, position, text, locate, problems))
    if markdown:
        labels = {entry.label for entry in entries}
        for raw in footnote_definitions(lines):
            if raw.label in labels:
                continue
            skip.append(Span(raw.lines[0].start, raw.lines[-1].end))
            entry = _entry(raw, None, text, locate, problems)
            entries.append(entry)
            labels.add(entry.label)

    links, link_spans = _links(all_masked, text, skip, locate, problems) if markdown else ([], [])
    citations = find_citations(all_masked, locate, skip=skip)
    text_identifiers = _text_identifiers(blocks_masked, skip + link_spans, locate, problems)
    return Document(
        path=path,
        format=fmt,
        sha256=sha256,
        size=size,
        entries=tuple(entries),
        links=tuple(links),
        citations=tuple(citations),
        text_identifiers=tuple(text_identifiers),
        identifier_problems=tuple(problems),
        reference_heading=locate(section.heading.start) if section is not None else None,
    )


def _mask(text: str, *patterns: re.Pattern[str]) -> str:
    """``text`` with every match of ``patterns`` blanked out, newlines kept,
    so that offsets and line numbers stay true."""
    for pattern in patterns:
        if not _may_match(pattern, text):
            continue
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    # Cheap literal tests spare a regex pass over large documents.
    if pattern is _FENCE:
        return "```" in text or "~~~" in text
    if pattern is _INLINE_CODE:
        return "`" in text
    return "<" in text


def _entry(
    raw: RawEntry,
    position: int | None,
    text: str,
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> Entry:
    number = raw.explicit_number if raw.explicit_number is not None else position
    if raw.label is not None:
        label = raw.label
        if number is None and raw.label.isdigit():
            number = int(raw.label)
    else:
        label = str(position)
    first, last = raw.lines[0], raw.lines[-1]
    # The entry as written, from after its list marker to the end of its last line.
    source_text = text[raw.body_start : last.end]
    identifiers = _identifiers_in(
        ((line.start, text[line.start : line.end]) for line in raw.lines), locate, problems
    )
    claims = _claims(raw)
    return Entry(
        label=label,
        raw=source_text.strip(),
        location=locate(raw.body_start),
        role=EntryRole.REFERENCE,
        number=number,
        end_line=locate(last.start).line if last is not first else None,
        identifiers=identifiers,
        claims=claims,
        url=raw.link_url,
    )


def _claims(raw: RawEntry) -> Claims:
    if raw.link_label is not None:
        return parse_link_label(raw.link_label)
    body = _MARKDOWN_LINK_TEXT.sub(r"\1", raw.text)
    return parse_claims(body)


def _identifiers_in(
    pieces: Iterable[tuple[int, str]],
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> tuple[Identifier, ...]:
    """Identifiers of an entry or link, deduplicated by key, located."""
    found: dict[str, Identifier] = {}
    for offset, piece in pieces:
        for hit in scan(piece):
            located = _located(hit, offset, locate)
            if isinstance(located, Identifier):
                found.setdefault(located.key, located)
            else:
                problems.append(located)
    return tuple(found.values())


def _located(
    hit: Found, offset: int, locate: Callable[[int], Location]
) -> Identifier | IdentifierProblem:
    return replace(hit.item, location=locate(offset + hit.start))


def _links(
    masked: str,
    text: str,
    skip: list[Span],
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> tuple[list[Entry], list[Span]]:
    """Markdown links outside the reference list whose target names a work
    (a doi.org, PubMed or PMC URL): the claims their labels make count too."""
    links: list[Entry] = []
    spans: list[Span] = []
    if "](" not in masked:
        return links, spans
    for match in _LINK.finditer(masked):
        if any(span.start <= match.start() < span.end for span in skip):
            continue
        url = match["url"]
        if url.startswith("#") or not scan(url):
            continue
        spans.append(Span(match.start(), match.end()))
        identifiers = _identifiers_in(
            [(match.start(), text[match.start() : match.end()])], locate, problems
        )
        if not identifiers:
            continue
        links.append(
            Entry(
                label=f"L{len(links) + 1}",
                raw=text[match.start() : match.end()],
                location=locate(match.start()),
                role=EntryRole.LINK,
                identifiers=identifiers,
                claims=parse_link_label(match["label"]),
                url=url,
            )
        )
    return links, spans


def _text_identifiers(
    masked: str,
    skip: list[Span],
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> list[Identifier]:
    found: list[Identifier] = []
    for hit in scan(masked):
        if any(span.start <= hit.start < span.end for span in skip):
            continue
        located = _located(hit, 0, locate)
        if isinstance(located, Identifier):
            found.append(located)
        else:
            problems.append(located)
    return found

