"""Read a prose document (Markdown, plain text, or HTML rendered to Markdown):
its reference list, links, in-text citations and identifiers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

from citecheck.identifiers import scan
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
from citecheck.parsing.citations import Span, Spans, find_citations
from citecheck.parsing.claims import parse_claims, parse_link_label
from citecheck.parsing.list_evidence import Markers, surname_key
from citecheck.parsing.reference_list import find_reference_list
from citecheck.parsing.sections import RawEntry, footnote_definitions, split_lines

# The fence run is possessive: a line of a million backticks without a
# newline fails at once instead of retrying every shorter run.
_FENCE = re.compile(
    r"^ {0,3}(?P<fence>`{3,}+|~{3,}+)[^\n]*+\n.*?(?:^ {0,3}(?P=fence)[ \t]*$|\Z)", re.S | re.M
)
# Comments and blocks whose text is code. An unclosed comment or block runs
# to the end, as in a browser; an unclosed inline <code> is no code at all,
# and a <code> element never crosses a blank line. Tags stop at a "<" so that
# a text full of "<pre" without ">" is read in one pass.
_HTML_BLOCKS = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(pre|script|style)\b[^<>]*>.*?(?:</\1\s*>|\Z)"
    r"|<code\b[^<>]*>(?:[^<\n]|\n(?![ \t]*\n)|<(?!/code\s*>))*</code\s*>",
    re.S | re.I,
)
_BACKTICKS = re.compile(r"`+")
# Where a block ends: a blank line, or a line that opens a list item, an ATX
# heading or a footnote definition. A code span never crosses one, so a
# backtick in one reference-list entry never pairs with one in the next.
_BLOCK_BREAK = re.compile(
    r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]| {0,3}#{1,6}[ \t]| {0,3}\[\^[^\]\s]+\]:)"
)
# An inline link; images ("![") and escaped brackets ("\\[") are left out in code.
_LINK = re.compile(
    r"\[(?P<label>[^\[\]\n]{1,500})\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)"
)
# A Markdown link whose target may have been blanked out with spaces.
_BLANKED_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)")


def parse_prose(
    text: str,
    *,
    path: str,
    fmt: Format,
    sha256: str,
    size: int,
    locate: Callable[[int], Location],
    markdown: bool,
    code: bool | None = None,
) -> Document:
    """Return the :class:`Document` read from prose ``text``.

    ``locate`` maps an offset in ``text`` to a location in the source file
    (for HTML, ``text`` is a rendering and the map points into the HTML).
    ``code`` says whether backticks and fences mark code to leave out (by
    default, when ``markdown``); an HTML rendering has dropped its code
    already, and a backtick left in it is text.
    """
    masks = markdown if code is None else code
    blocks_masked = _mask_code_blocks(text, fences=masks) if markdown else text
    all_masked = _mask_code_spans(blocks_masked) if masks else blocks_masked
    lines = split_lines(all_masked)

    def markers_outside(start: int, end: int) -> Markers:
        found = find_citations(all_masked, locate, skip=[Span(start, end)])
        return Markers(
            labels=frozenset(label for c in found for label in c.labels),
            author_years=frozenset(
                (surname_key(p.surname), p.year[:4]) for c in found for p in c.author_years
            ),
        )

    section = find_reference_list(lines, markers_outside)
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
    # Identifiers in inline code still count (an author may set a DOI in
    # code type), but the backticks around them are no part of them.
    unticked = blocks_masked.replace("`", " ") if masks else blocks_masked
    text_identifiers = _text_identifiers(unticked, skip + link_spans, locate, problems)
    return Document(
        path=path,
        format=fmt,
        sha256=sha256,
        size=size,
        entries=tuple(entries),
        links=tuple(links),
        citations=tuple(citations),
        text_identifiers=tuple(text_identifiers),
        # Met entries first, links and text after; reported in reading order.
        identifier_problems=tuple(sorted(problems, key=_problem_place)),
        reference_heading=(
            locate(section.heading.start)
            if section is not None and section.heading is not None
            else None
        ),
        reference_list_found_by=section.found_by if section is not None else None,
    )


def _mask_code_blocks(text: str, *, fences: bool = True) -> str:
    """``text`` with its fenced code blocks (when ``fences``), then its HTML
    comments and code elements, blanked out, newlines kept, so that offsets
    and line numbers stay true."""
    if fences:
        text = _mask(text, _fences(text))
    # A cheap literal test spares a regex pass over large documents.
    return _mask(text, _HTML_BLOCKS.finditer(text)) if "<" in text else text


def _mask(text: str, matches: Iterable[re.Match[str]]) -> str:
    """``text`` with ``matches`` (in order, apart, none empty) blanked out, newlines kept."""
    pieces: list[str] = []
    done = 0
    for match in matches:
        pieces.append(text[done : match.start()])
        pieces.append(_blank(match.group(0)))
        done = match.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _fences(text: str) -> Iterator[re.Match[str]]:
    """The matches of _FENCE.finditer(text), found without trying the
    pattern at every line: only a line whose first fence mark ("```" or
    "~~~") comes after at most three spaces can open a block, so the
    pattern is tried only at the start of such a line."""
    position = 0
    while (mark := _next_fence_mark(text, position)) >= 0:
        line = text.rfind("\n", position, mark) + 1 or position
        if mark - line <= 3 and (line == 0 or text[line - 1] == "\n"):
            match = _FENCE.match(text, line)
            if match is not None:
                yield match
                position = match.end()
                continue
        # No other mark of this line can open a block: go on at the next line.
        newline = text.find("\n", mark)
        if newline < 0:
            return
        position = newline + 1


def _next_fence_mark(text: str, position: int) -> int:
    """Where the first "```" or "~~~" at or after ``position`` starts, or -1."""
    ticks = text.find("```", position)
    tildes = text.find("~~~", position, ticks if ticks >= 0 else len(text))
    return tildes if tildes >= 0 else ticks


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _mask_code_spans(text: str) -> str:
    """``text`` with its Markdown code spans blanked out, newlines kept.

    A span runs from a run of backticks to the next run of the same length
    in the same block (paragraph or list item); an opening run without one
    is plain text, and so is a LaTeX opening quote (two backticks closed by
    two apostrophes, ````like this''``). Runs are paired in one pass over them
    (a pattern that looks for each run's closer would read to the end of the
    text for every unpaired run).
    """
    if "`" not in text:
        return text
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    breaks = [match.start() for match in _BLOCK_BREAK.finditer(text)]
    pieces: list[str] = []
    done = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        later = bisect.bisect_right(same, index)
        if later < len(same):
            closer = same[later]
            close_start, close_end = runs[closer]
            block_break = bisect.bisect_left(breaks, end)
            if (
                block_break == len(breaks) or breaks[block_break] >= close_start
            ) and not _latex_quote(text, end, close_start):
                pieces.append(text[done:start])
                pieces.append(_blank(text[start:close_end]))
                done = close_end
                index = closer + 1
                continue
        index += 1
    pieces.append(text[done:])
    return "".join(pieces)


def _latex_quote(text: str, start: int, end: int) -> bool:
    """Whether the double-backtick run that ends at ``start`` opens a LaTeX
    quote rather than a code span reaching to ``end``: the text between them
    closes the quote with ``''`` and goes on after it (a code span that ends
    in ``''``, such as ````echo ''````, stays code)."""
    if text[start - 2 : start] != "``" or (start >= 3 and text[start - 3] == "`"):
        return False
    closing = text.find("''", start, end)
    return closing >= 0 and bool(text[closing + 2 : end].strip())


def _entry(
    raw: RawEntry,
    position: int | None,
    text: str,
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> Entry:
    number: int | None
    if raw.label is None:
        label, number = str(position), position
    else:
        # A named entry (a footnote) keeps its name's number wherever it
        # stands; a name that is no number gives it none.
        label = raw.label
        number = raw.explicit_number
        if number is None and label.isdigit():
            number = int(label)
    first, last = raw.lines[0], raw.lines[-1]
    # The entry as written, from after its list marker to the end of its last
    # line, without the page headers skipped between its lines.
    source_text = "\n".join(
        [text[raw.body_start : first.end], *(text[line.start : line.end] for line in raw.lines[1:])]
    )
    identifiers, blanked = _identifiers_and_rest(
        [(line.start, text[line.start : line.end]) for line in raw.lines], locate, problems
    )
    claims = _claims(raw, blanked)
    location = locate(raw.body_start)
    # Rendered HTML may put an entry on several lines that one source line holds.
    end_line = locate(last.start).line
    return Entry(
        label=label,
        raw=source_text.strip(),
        location=location,
        role=EntryRole.REFERENCE,
        number=number,
        end_line=end_line if end_line > location.line else None,
        identifiers=identifiers,
        claims=claims,
        url=raw.link_url,
    )


def _claims(raw: RawEntry, blanked: list[str]) -> Claims:
    """The entry's claims, read from its lines with identifiers already blanked
    out (so that claims reading need not look for them a second time)."""
    if raw.link_label is not None:
        return parse_link_label(raw.link_label)
    first = blanked[0][raw.body_start - raw.lines[0].start :] if blanked else ""
    body = " ".join([first, *blanked[1:]])
    if "](" in body:
        body = _BLANKED_LINK.sub(r"\1", body)
    return parse_claims(body, identifiers_removed=True)


def _identifiers_and_rest(
    pieces: list[tuple[int, str]],
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> tuple[tuple[Identifier, ...], list[str]]:
    """Identifiers of an entry's lines, deduplicated by key and located, and
    each line with its identifiers blanked out (same length, so offsets hold)."""
    found: dict[str, Identifier] = {}
    blanked: list[str] = []
    for offset, piece in pieces:
        hits = scan(piece, locate=locate, offset=offset)
        for hit in hits:
            if isinstance(hit.item, Identifier):
                found.setdefault(hit.item.key, hit.item)
            else:
                problems.append(hit.item)
        for hit in reversed(hits):
            piece = piece[: hit.start] + " " * (hit.end - hit.start) + piece[hit.end :]
        blanked.append(piece)
    return tuple(found.values()), blanked


def _identifiers_in(
    pieces: Iterable[tuple[int, str]],
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> tuple[Identifier, ...]:
    """Identifiers of an entry or link, deduplicated by key, located."""
    found: dict[str, Identifier] = {}
    for offset, piece in pieces:
        for hit in scan(piece, locate=locate, offset=offset):
            if isinstance(hit.item, Identifier):
                found.setdefault(hit.item.key, hit.item)
            else:
                problems.append(hit.item)
    return tuple(found.values())


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
    skipped = Spans(skip)
    for match in _LINK.finditer(masked):
        start = match.start()
        if (start and masked[start - 1] in "!\\") or skipped.contains(start):
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


def _problem_place(problem: IdentifierProblem) -> tuple[int, int]:
    place = problem.location
    return (place.line, place.column) if place is not None else (0, 0)


def _text_identifiers(
    masked: str,
    skip: list[Span],
    locate: Callable[[int], Location],
    problems: list[IdentifierProblem],
) -> list[Identifier]:
    found: list[Identifier] = []
    # Only the text outside the reference list and links is scanned: what
    # lies inside was read with its entry.
    for start, end in Spans(skip).gaps(len(masked)):
        for hit in scan(masked[start:end], locate=locate, offset=start):
            if isinstance(hit.item, Identifier):
                found.append(hit.item)
            else:
                problems.append(hit.item)
    return found
