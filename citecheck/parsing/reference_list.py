"""Which list of a prose document is its reference list.

A list is taken for the reference list in one of two ways:

- **by its heading**: it stands under a heading that announces references
  (:mod:`citecheck.parsing.headings`); under a heading that may as well
  announce remarks ("Notes", "Sources"), most of its first five entries
  must also look like references (a year, an identifier, a URL, authors),
  so that a few remarks under "Notes" are no reference list;
- **by its structure**: a run of numbered, bulleted, linked or plain entries
  anywhere, under no heading or one that names no reference list, that
  :meth:`~citecheck.parsing.list_evidence.ListEvidence.is_reference_list`
  accepts (at least three entries that look like references, most with
  identifiers or author–year shapes, or most pointed at by in-text markers).
  A run under "See also", "External links" or "Further reading" is never
  taken, however much its links look like papers.

Of the headed lists the one with the most entries wins (the last on a tie);
a structural list wins over it only when more of its entries look like
references than the headed list has entries, and, when the headed list has
three entries or more, when in-text markers point at more of its entries
(a list of an author's own publications is not the reference list). A
headed list of ten entries or more whose first entries hold identifiers or
authors and years is not second-guessed: only the text after it is read,
for a run that goes on with its numbering after a break (a figure caption
between two pages), which joins it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from citecheck.parsing.headings import (
    LINK_LIST_HEADINGS,
    heading_words,
    is_reference_heading,
    is_weak_heading,
    short_enough,
)
from citecheck.parsing.list_evidence import (
    ListEvidence,
    Markers,
    looks_like_reference,
    may_open_entry,
    strong,
    weigh,
)
from citecheck.parsing.sections import (
    Line,
    ListStyle,
    RunningLines,
    Section,
    ends_list,
    heading_candidates,
    markdown_level,
    read_section,
    split_entries,
    style_of,
)

MarkersOutside = Callable[[int, int], Markers]
"""What the in-text markers outside the span from one offset to another point at."""

# A short line that may head what follows: a few words, no sentence end.
_HEADING_LIKE = re.compile(r"^\s*(?:\*\*|__)?[^\s.!?;,][^.!?;]{0,58}?(?:\*\*|__)?:?\s*$")
_MAX_HEADING_WORDS = 8
_SAMPLE = 5
# A headed list shorter than this loses to a longer list found by structure
# outright; a longer one only to a list the markers cite more.
_FEW = 3
# A headed list this long, of plain references, is not second-guessed.
_TRUSTED = 10
# How many lines may part a numbered list from the run that goes on with its numbering.
_MAX_GAP = 12


def find_reference_list(lines: list[Line], markers: MarkersOutside | None = None) -> Section | None:
    """The document's reference list, or None when no list is one.

    ``markers`` tells what the in-text citations outside a span point at;
    it is asked only of lists found by structure that need the evidence.
    """
    running = RunningLines(lines)
    headed = _best_headed(lines, running)
    # A long headed list of plain references is the reference list: only
    # what follows it is read for runs, which may go on with it.
    begin = 0
    if headed is not None and _trusted(headed):
        begin = bisect.bisect_left(lines, headed.end, key=_end) + 1
    runs = _structural_runs(lines, running, headed, begin)
    chosen = _choose(headed, _best_structural(runs, markers), markers)
    return _continued(chosen, runs, lines) if chosen is not None else None


def _choose(
    headed: Section | None,
    found: tuple[Section, ListEvidence] | None,
    markers: MarkersOutside | None,
) -> Section | None:
    if found is None:
        return headed
    section, evidence = found
    if headed is None:
        return section
    if evidence.reference_like <= len(headed.entries):
        return headed
    if len(headed.entries) < _FEW or markers is None:
        return section
    # Two lists that both look like references (a reference list and a list
    # of the subject's own publications): the one the markers cite wins.
    structural_cited = weigh(_shapes(section), markers(section.start, section.end)).cited
    headed_cited = weigh(_shapes(headed), markers(headed.start, headed.end)).cited
    return section if structural_cited > headed_cited else headed


def _continued(section: Section, runs: list[Section], lines: list[Line]) -> Section:
    """``section`` with the numbered runs that go on with its numbering
    joined to it: a list that something longer than a page header broke
    (a figure caption, a footnote) is still one list, but not one that a
    heading ends."""
    if section.style is not ListStyle.NUMBERED:
        return section
    for run in runs:
        last = section.entries[-1]
        if (
            run.start < section.end
            or run.style is not ListStyle.NUMBERED
            or last.explicit_number is None
            or run.entries[0].explicit_number != last.explicit_number + 1
        ):
            continue
        gap = lines[last.lines[-1].position + 1 : run.entries[0].lines[0].position]
        if len(gap) > _MAX_GAP or any(line.text and _stops_list(line.text) for line in gap):
            break
        section = Section(
            section.heading,
            section.entries + run.entries,
            section.start,
            run.end,
            section.style,
            found_by=section.found_by,
        )
    return section


def _best_headed(lines: list[Line], running: RunningLines) -> Section | None:
    best: Section | None = None
    for position in heading_candidates(lines):
        if not is_reference_heading(lines[position].text):
            continue
        section = read_section(lines, position, running)
        entries = section.entries
        if not entries:
            continue
        # Under "Notes" or "Sources", most of the first few entries must look
        # like references: enough to tell a list of remarks, and cheap on a
        # list of hundreds.
        sample = entries[:_SAMPLE]
        if is_weak_heading(lines[position].text) and sum(
            looks_like_reference(e.text) for e in sample
        ) * 2 <= len(sample):
            continue
        if best is None or len(entries) >= len(best.entries):
            best = section
    return best


def _best_structural(
    runs: list[Section], markers: MarkersOutside | None
) -> tuple[Section, ListEvidence] | None:
    """The best run that is a reference list by its structure, with its evidence."""
    best: tuple[Section, ListEvidence] | None = None
    for section in runs:
        evidence = _evidence(section, markers)
        if evidence.is_reference_list() and (best is None or evidence.score >= best[1].score):
            best = (section, evidence)
    return best


def _trusted(headed: Section) -> bool:
    """Whether a headed list is long and its first entries strongly look
    like references (identifiers, authors and years)."""
    if len(headed.entries) < _TRUSTED:
        return False
    weak = 0
    for entry in headed.entries[:_SAMPLE]:
        weak += not strong(entry.text, entry.link_label)
        if weak > 1:
            return False
    return True


def _structural_runs(
    lines: list[Line], running: RunningLines, headed: Section | None, begin: int = 0
) -> list[Section]:
    """Every run of list entries from line ``begin`` on, outside the headed
    list and outside lists of links ("See also", "External links"), in
    reading order."""
    # The headed list's lines, from its first to its last, are not looked at again.
    skip_from, skip_to = len(lines), len(lines)
    if headed is not None:
        skip_from = bisect.bisect_right(lines, headed.start, key=_start) - 1
        skip_to = bisect.bisect_left(lines, headed.end, key=_end) + 1
    # A run that reaches the headed list stops at its heading.
    stops = [
        *(line.position for line in lines[begin:skip_from] if line.text and _stops_list(line.text)),
        *([skip_from] if skip_from < len(lines) else []),
        *(
            line.position
            for line in lines[max(skip_to, begin) :]
            if line.text and _stops_list(line.text)
        ),
    ]
    stopping = set(stops)
    runs: list[Section] = []
    governing: str | None = None  # the words of the last heading
    index = begin
    while index < len(lines):
        if index == skip_from:
            index = skip_to
            continue
        line = lines[index]
        text = line.text
        if not text.strip():
            index += 1
            continue
        if index in stopping:
            governing = heading_words(text)
            index += 1
            continue
        style = style_of(text)
        if style is ListStyle.FOOTNOTES or (  # footnotes are read wherever they stand
            style is ListStyle.PLAIN and not may_open_entry(text)
        ):
            index += 1
            continue
        following = bisect.bisect_right(stops, index)
        stop = stops[following] if following < len(stops) else None
        entries, found_style, last = split_entries(lines[index:stop], running)
        if last is None or not entries:
            index += 1
            continue
        index = last.position + 1
        heading = _heading_before(lines, entries[0].lines[0].position)
        if _is_link_list(governing) or (
            heading is not None and _is_link_list(heading_words(heading.text))
        ):
            continue
        runs.append(
            Section(
                heading,
                entries,
                heading.start if heading is not None else entries[0].lines[0].start,
                last.end,
                found_style,
                # A run cut off from its reference heading (by a paragraph
                # the headed list could not start with) is still under it.
                found_by="heading"
                if heading is not None and is_reference_heading(heading.text)
                else "structure",
            )
        )
    return runs


def _evidence(section: Section, markers: MarkersOutside | None) -> ListEvidence:
    """The run's evidence, with in-text markers asked only when the shape
    of its entries alone does not settle it."""
    shapes = _shapes(section)
    evidence = weigh(shapes, None)
    if markers is None or evidence.is_reference_list() or evidence.reference_like < 3:
        return evidence
    return weigh(shapes, markers(section.start, section.end))


def _shapes(section: Section) -> list[tuple[str, str | None, int | None]]:
    return [(e.text, e.link_label, e.explicit_number) for e in section.entries]


def _stops_list(text: str) -> bool:
    # Cheap tests first: this is asked of every line.
    if "#" in text[:4] and markdown_level(text) is not None:
        return True
    return short_enough(text) and ends_list(text)


def _start(line: Line) -> int:
    return line.start


def _end(line: Line) -> int:
    return line.end


def _heading_before(lines: list[Line], position: int) -> Line | None:
    """The line just before a run (blank lines apart) when it reads as a heading."""
    for index in range(position - 1, -1, -1):
        text = lines[index].text
        if not text.strip():
            continue
        if markdown_level(text) is not None:
            return lines[index]
        words = heading_words(text)
        if (
            words is not None
            and _HEADING_LIKE.match(text)
            and len(words.split()) <= _MAX_HEADING_WORDS
            and style_of(text) is ListStyle.PLAIN
            and not looks_like_reference(text)
        ):
            return lines[index]
        return None
    return None


def _is_link_list(words: str | None) -> bool:
    return words is not None and words in LINK_LIST_HEADINGS
