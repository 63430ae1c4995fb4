"""Find in-text citations in running text.

Numeric markers: ``[3]``, ``[1][2]``, ``[5,6]``, ``[21–23]``, escaped Markdown
links ``[\\[12\\]](#)``, fragment links ``[12](#cite-12)``, HTML
``<sup>3</sup>``; footnote references ``[^4]``; author–year citations
``(Smith et al., 2020)``, ``(Smith and Jones 2019; Lee 2021)`` and the
narrative ``Smith et al. (2020)``.

What is not a citation: a Markdown link ``[label](url)``, a reference-style
link ``[text][1]``, a link reference definition ``[1]: url``, a year in
brackets ``[2020]`` (markers stop at three digits), and anything inside code,
which callers mask before calling.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from citecheck.models import AuthorYear, Citation, CitationStyle, Location
from citecheck.names import ET_AL, SURNAME

# Ranges longer than this are not expanded: "[1-500]" is a typo or a
# quotation, not a citation of five hundred works.
MAX_RANGE = 200

_NUMBER = r"[1-9]\d{0,2}"
_DASH = r"[-–—‐‑]"
_ITEM = rf"{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?"
_LIST = rf"{_ITEM}(?:\s*[,;]\s*{_ITEM})*"

# A run of bracketed numeric markers: "[1][2]", "[1] [2]", "[5,6]". The
# pattern starts with a literal so that ``re`` can skip ahead quickly; what
# may not precede a run ("]" of a reference-style link, an escaping "\\")
# is tested in code.
_ONE_BRACKET = rf"\[\s*{_LIST}\s*\](?!\()\s?"
_BRACKET_RUN = re.compile(rf"{_ONE_BRACKET}(?:{_ONE_BRACKET})*")
_BRACKET = re.compile(rf"\[\s*(?P<list>{_LIST})\s*\]")
# "[\[12\]](#)", "[[12]](#x)", "[12](#cite_note-12)": a link whose label is a marker.
_LINKED = re.compile(rf"\[(?:\\?\[)?\s*(?P<list>{_LIST})\s*(?:\\?\])?\]\((?P<target>#[^)\s]*)\)")
# Each run of white space is bound by a mark on both sides (the optional
# parts carry their own): three \s* side by side would try every split of a
# long blank run, cubic in its length ("<sup>" then a masked <script>).
_SUP = re.compile(
    rf"<sup\b[^<>]*>\s*(?:<a\b[^<>]*>\s*)?(?:\[\s*)?(?P<list>{_LIST})"
    r"\s*(?:\]\s*)?(?:</a>\s*)?</sup>",
    re.IGNORECASE,
)
# A bare superscript number; after a digit it is an exponent ("10<sup>6</sup>").
_POWER = re.compile(r"<sup>\s*\d+\s*</sup>", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]{1,40})\](?!:)")

_YEAR_TOKEN = r"(?:1[6-9]\d\d|20\d\d)[a-z]?"
_AUTHORS = rf"{SURNAME}(?:\s+{ET_AL}|\s+(?:and|&)\s+{SURNAME})?"
_AY_PART = re.compile(
    rf"^(?:(?:[Ss]ee(?:\s+also)?|e\.g\.|cf\.|i\.e\.|[Rr]eviewed in)\s*,?\s+)?"
    rf"(?P<authors>{_AUTHORS}),?\s+(?P<years>{_YEAR_TOKEN}(?:\s*,\s*{_YEAR_TOKEN})*)"
    r"(?:\s*,\s*(?:p|pp|fig|Fig|figure|Figure|table|Table|chapter|ch)\.?\s*[\w–-]+)?$"
)
# Capitalised words that precede a year without being anyone's name.
_NOT_SURNAMES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "spring", "summer",
        "fall", "autumn", "winter", "in", "since", "from", "until", "before", "after",
        "by", "published", "accessed", "retrieved", "updated", "copyright", "circa",
        "est", "fy", "year", "years", "phase", "version", "vol", "volume", "issue",
        "edition", "ed", "the", "approved", "launched", "founded", "released",
    }
)  # fmt: skip
# A parenthesis may wrap over lines (text from PDFs), never over a blank line.
_PARENTHETICAL = re.compile(r"\((?P<body>[^()]{6,400})\)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Narrative citations "Smith et al. (2020)" are found from their year: the
# names are looked for only just before a parenthesised year, since a
# pattern that starts with a name would be tried at every capital letter.
_NARRATIVE_YEAR = re.compile(rf"\((?P<years>{_YEAR_TOKEN})\)")
_NARRATIVE_AUTHORS = re.compile(
    rf"(?<![\w'’-])(?P<authors>{SURNAME}(?:\s+{ET_AL}|\s+(?:and|&)\s+{SURNAME}))\s+\Z"
)
_NARRATIVE_REACH = 200
_SEPARATOR = re.compile(r"\s*[,;]\s*")
_RANGE_DASH = re.compile(rf"\s*{_DASH}\s*")
_AUTHOR_SPLIT = re.compile(rf"\s+(?:{ET_AL}|and|&)\s*")


@dataclass(frozen=True, slots=True)
class Span:
    """A region of text to leave alone (a reference list, a link)."""

    start: int
    end: int


def find_citations(
    text: str,
    locate: Callable[[int], Location],
    *,
    skip: list[Span] | None = None,
) -> list[Citation]:
    """Return the in-text citations of ``text``, in reading order.

    ``skip`` lists regions (the reference list itself) whose markers are
    entry labels, not citations. ``text`` must have its code masked.
    """
    skipped = Spans(skip or [])
    found: list[tuple[int, int, Citation]] = []
    # Spans already taken, kept sorted and disjoint so that an overlap test
    # costs a bisection, not a pass over every earlier marker.
    taken = Spans([])

    def add(start: int, end: int, citation: Citation) -> None:
        if skipped.contains(start) or taken.overlaps(start, end):
            return
        taken.add(start, end)
        found.append((start, end, citation))

    # Every linked marker holds "](#": a text without one is not searched
    # (the pattern is tried at every "[", and numeric markers are many).
    if "](#" in text:
        for match in _LINKED.finditer(text):
            add(match.start(), match.end(), _numeric(match, locate))
    for match in _SUP.finditer(text):
        if match.start() and text[match.start() - 1].isdigit() and _POWER.fullmatch(match[0]):
            continue  # "10<sup>6</sup>": a power of ten, not a citation
        add(match.start(), match.end(), _numeric(match, locate))
    if "[" in text:
        for start, end in _bracket_runs(text):
            for match in _BRACKET.finditer(text, start, end):
                add(match.start(), match.end(), _numeric(match, locate))
        for match in _FOOTNOTE.finditer(text):
            label = match["label"]
            add(
                match.start(),
                match.end(),
                Citation(
                    marker=match.group(0),
                    location=locate(match.start()),
                    style=CitationStyle.FOOTNOTE,
                    labels=(label,),
                ),
            )
    if "(" in text:
        for start, end, citation in _author_year(text, locate):
            add(start, end, citation)
    found.sort(key=lambda item: item[0])
    return [citation for _, _, citation in found]


def expand(numbers: str) -> tuple[str, ...]:
    """Labels of a marker body: ``"5,6"`` → 5, 6; ``"21–23"`` → 21, 22, 23."""
    if numbers.isdigit():
        return (str(int(numbers)),)
    labels: list[str] = []
    for item in _SEPARATOR.split(numbers.strip()):
        bounds = _RANGE_DASH.split(item)
        if len(bounds) == 2:
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low <= MAX_RANGE:
                labels.extend(str(n) for n in range(low, high + 1))
                continue
            labels.extend((str(low), str(high)))
        elif item:
            labels.append(str(int(item)))
    return tuple(dict.fromkeys(labels))


def _numeric(match: re.Match[str], locate: Callable[[int], Location]) -> Citation:
    return Citation(
        marker=_one_line(match.group(0)),
        location=locate(match.start()),
        style=CitationStyle.NUMERIC,
        labels=expand(match["list"]),
    )


def _author_year(
    text: str, locate: Callable[[int], Location]
) -> Iterator[tuple[int, int, Citation]]:
    for match in _PARENTHETICAL.finditer(text):
        if "\n" in match["body"] and _BLANK_LINE.search(match["body"]):
            continue
        pointers = [
            pointer
            for part in re.split(r"\s*;\s*", match["body"].strip())
            for pointer in _pointers(part)
        ]
        if pointers:
            yield (
                match.start(),
                match.end(),
                Citation(
                    marker=_one_line(match.group(0)),
                    location=locate(match.start()),
                    style=CitationStyle.AUTHOR_YEAR,
                    author_years=tuple(pointers),
                ),
            )
    for year in _NARRATIVE_YEAR.finditer(text):
        names = _NARRATIVE_AUTHORS.search(
            text, max(0, year.start() - _NARRATIVE_REACH), year.start()
        )
        if names is None:
            continue
        pointers = _pointers(f"{names['authors']} {year['years']}")
        if pointers:
            yield (
                names.start(),
                year.end(),
                Citation(
                    marker=_one_line(text[names.start() : year.end()]),
                    location=locate(names.start()),
                    style=CitationStyle.AUTHOR_YEAR,
                    author_years=tuple(pointers),
                ),
            )


def _pointers(part: str) -> list[AuthorYear]:
    match = _AY_PART.match(part.strip())
    if not match:
        return []
    authors = match["authors"]
    et_al = bool(re.search(ET_AL, authors))
    names = [n for n in _AUTHOR_SPLIT.split(authors) if n]
    first = _one_line(names[0])
    second = _one_line(names[1]) if len(names) > 1 and not et_al else None
    if first.casefold() in _NOT_SURNAMES or (first[0].islower() and " " not in first):
        # "(March 2011)", "(Phase 2020)": a date or a word, no author.
        return []
    years = re.split(r"\s*,\s*", match["years"])
    return [AuthorYear(first, year, et_al=et_al, second_surname=second) for year in years]


class Spans:
    """A set of regions of text, queried by bisection."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged: list[list[int]] = []
        for span in sorted(spans, key=lambda s: s.start):
            if merged and span.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.end)
            elif span.end > span.start:
                merged.append([span.start, span.end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def contains(self, offset: int) -> bool:
        """Whether ``offset`` lies inside one of the regions."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``start:end`` shares a character with one of the regions."""
        index = bisect.bisect_left(self._starts, end) - 1
        return index >= 0 and self._ends[index] > start

    def gaps(self, length: int) -> Iterator[tuple[int, int]]:
        """The stretches of ``0:length`` outside every region, in order."""
        position = 0
        for start, end in zip(self._starts, self._ends, strict=True):
            if start > position:
                yield position, min(start, length)
            position = max(position, end)
        if position < length:
            yield position, length

    def add(self, start: int, end: int) -> None:
        """Add a region that overlaps none of those already held."""
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)


def _one_line(text: str) -> str:
    """``text`` with each run of white space (a line break included) made one space."""
    return " ".join(text.split())


def _bracket_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of bracketed marker runs that are citations: not after a "]"
    (``[text][1]``) or a backslash, and not a link definition ``[1]: url``."""
    position = 0
    while (run := _BRACKET_RUN.search(text, position)) is not None:
        start = run.start()
        if start and text[start - 1] in "]\\":
            position = start + 1  # a later marker of the run may still count
            continue
        position = run.end()
        if not _is_link_definition(text, start):
            yield start, run.end()


def _is_link_definition(text: str, start: int) -> bool:
    """``[1]: https://…`` at the start of a line defines a link; it cites nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    close = text.find("]", start)
    return close != -1 and text.startswith(":", close + 1)
