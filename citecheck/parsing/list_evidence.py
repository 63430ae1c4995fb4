"""Whether a run of list entries is a reference list, judged by its shape.

An entry looks like a reference when it holds an identifier (a DOI, a
PMID, a PMCID, an arXiv ID, a doi.org or PubMed link), when it opens with
authors and gives a year (``Smith AB, Lee C. Title. J. 2020``; ``Smith,
A. B. (2020).``; ``A. B. Smith, …, 2020``), when it carries a Chinese
reference type code (``[J]``, ``[M]``, ``[EB/OL]``), or when it opens with
authors and a dash and a title (``Smith J — A title``). A narrative
sentence (``Smith et al. (2020) showed that …``) does not. A link on its own
counts by its label alone: a list of plain links to PubMed is no reference
list.

:class:`ListEvidence` weighs a run: how many entries look like references,
how many hold identifiers or author–year shapes, and how many the
document's in-text markers point at. A run found by structure alone, with
no heading to announce it, must pass :meth:`ListEvidence.is_reference_list`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from citecheck.names import PARTICLE, PARTICLES, fold

_NAME = r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄ][\w'’]*(?:-[\w'’]+)*"
_INITIALS = r"(?:[A-ZА-ЯЁ]\.?\s?-?){1,3}"
_SURNAME = rf"(?:{PARTICLE}\s+){{0,3}}{_NAME}"
# How a reference opens with its first author: "Smith AB," "Smith, A. B.",
# "van der Berg JK.", "A. B. Smith,", "Smith, John,", "Smith et al.",
# "Sarah Birch," or "DELOYE Yves." (two names), an organisation before its
# year ("Pew Research Center. (2015)", "Freedom Air. 2013."), the dash that
# repeats the previous entry's authors ("———."), "王小明，".
_ORGANISATION_WORD = rf"(?:{_NAME}|of|for|and|the|on|&|de|des|du|der|für)"
_AUTHOR_START = re.compile(
    rf"(?:{_SURNAME}(?:\s+{_NAME})?,?\s+{_INITIALS}(?=[,.;:(]|\s+(?:and|&|et|[—–-])\s|\s*$|\s+\()"
    rf"|{_INITIALS}\s*{_SURNAME}(?:\s*[,.;(]|\s+(?:and|&)\s)"
    rf"|{_SURNAME},\s+{_NAME}(?:\s+[A-ZА-ЯЁ]\.)*(?:\s*[,.;:(]|(?<=\.)\s)"
    rf"|{_SURNAME}\s+et\.?\s+al\b"
    rf"|{_NAME}\s+{_SURNAME}(?:\s*[,.:]\s|\s+(?:and|&)\s)"
    rf"|{_NAME}(?:\s+{_ORGANISATION_WORD}){{1,8}}\.?\s+\(?(?:1[5-9]|20)\d\d"
    rf"|{_NAME}\.\s+\(?(?:1[5-9]|20)\d\d"
    r"|[—–-]{2,}[.,]?\s"
    r"|[\u4e00-\u9fff]{2,4}\s*[，,、.])"
)
# Capitalised words that open sentences and lists of things, not author lists.
_NOT_AUTHORS = frozenset(
    {
        "the", "a", "an", "in", "on", "for", "this", "these", "those", "our", "we",
        "it", "its", "see", "and", "or", "but", "to", "of", "at", "by", "as", "if",
        "when", "with", "from", "all", "some", "most", "use", "note", "step",
        "since", "until", "after", "before", "during", "between", "about", "here",
        "there", "then", "thus", "however", "today", "now", "also", "each", "every",
        "both", "many", "such", "what", "how", "why", "while", "although", "further",
    }
)  # fmt: skip
_DASH_TITLE = re.compile(r"\s[—–-]\s+\S")
# Four digits that may be a year, found quickly (a pattern that opens with a
# character set is searched for far faster than one that opens with "\b");
# the range and what comes before are checked in code.
_YEAR_DIGITS = re.compile(r"[12][05-9]\d\d(?!\d)")
# Identifiers, each found from a literal it must hold (a pattern that opens
# with "\b" or ignores case is searched for many times slower).
_DOI = re.compile(r"10\.\d{4,9}/\S")
_PMID = re.compile(r"[Pp][Mm][Ii][Dd]:?\s*\d")
_PUBMED_URL = re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/\d|/pubmed/\d")
_PMCID = re.compile(r"PMC\d{4,}")
_ARXIV = re.compile(r"arXiv:\d|arxiv\.org/abs/")
_HOST = re.compile(r"\[[a-z0-9.-]+\.[a-z]{2,}\]", re.IGNORECASE)
# Chinese national standard (GB/T 7714) type codes: journal, monograph...
_TYPE_CODE = re.compile(r"\[(?:[JMCDRSPNZG]|EB|DB|CP)(?:/OL)?\]")
# "Smith et al. (2020) showed": a sentence about a work, not a reference.
_NARRATIVE = re.compile(r"\(\s*(?:1[6-9]|20)\d\d[a-z]?\s*\)\s+[a-z]{2,}")
_PARTICLES = frozenset(PARTICLES)
_MAX_ENTRY = 1500
# A plain line longer than this opens a reference only with its authors.
_MAX_OPENER = 500
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Markers:
    """What the document's in-text citations point at, outside a list."""

    labels: frozenset[str] = frozenset()
    """Numeric and footnote labels (``"3"``)."""
    author_years: frozenset[tuple[str, str]] = frozenset()
    """Author–year pointers, as (folded surname, four-digit year)."""


@dataclass(frozen=True, slots=True)
class ListEvidence:
    """What a run of list entries shows about being a reference list."""

    entries: int
    reference_like: int
    """Entries that look like references."""
    strong: int
    """Entries with an identifier (outside a bare link) or an author–year shape."""
    identifiers: int
    """Entries holding an identifier (in a link too)."""
    cited: int
    """Entries an in-text marker points at."""
    consecutive: bool
    """Numbered 1, 2, 3... without a gap (or not numbered at all)."""

    def is_reference_list(self) -> bool:
        """Whether the run is a reference list with no heading to say so:
        at least three entries that look like references, most entries
        looking so, and most with identifiers or author–year shapes, or
        most pointed at by in-text markers."""
        if self.reference_like < 3 or self.reference_like * 5 < self.entries * 3:
            return False
        return self.strong * 2 > self.entries or (
            self.cited >= 3 and self.cited * 2 >= self.entries
        )

    @property
    def score(self) -> float:
        """A ranking of runs that pass: more reference-like entries first."""
        return self.reference_like + self.cited + 0.5 * self.strong + (1 if self.consecutive else 0)


def looks_like_reference(text: str) -> bool:
    """A loose test, for entries under a reference heading: a year, an
    identifier, a URL or host, or an author list opening the entry."""
    return (
        "http" in text
        or "www." in text
        or "PMID" in text
        or ("10." in text and bool(_DOI.search(text)))
        or ("[" in text and bool(_HOST.search(text)))
        or _has_year(text, 1500)
        or _opens_with_authors(text)
    )


def may_open_entry(text: str) -> bool:
    """Whether a plain line may open a reference written with no list mark:
    it opens with authors, or it is not too long and holds an identifier
    (cheap, for every line: a long line of prose is not searched). A row of
    a Markdown table opens none."""
    stripped = text.lstrip()
    if stripped.startswith("|"):
        return False
    return _opens_with_authors(stripped) or (len(text) <= _MAX_OPENER and _has_identifier(text))


def _has_identifier(text: str) -> bool:
    if "10." in text and _DOI.search(text):
        return True
    if ("PMID" in text or "pmid" in text or "Pmid" in text) and _PMID.search(text):
        return True
    if "ubmed" in text and _PUBMED_URL.search(text):
        return True
    if "PMC" in text and _PMCID.search(text):
        return True
    return ("arXiv:" in text or "arxiv.org" in text) and _ARXIV.search(text) is not None


def _has_year(text: str, earliest: int = 1600) -> bool:
    for _ in _years(text, earliest):
        return True
    return False


def _years(text: str, earliest: int = 1600) -> Iterator[str]:
    """The years 1600 (or ``earliest``) to 2099 that ``text`` holds, not
    part of a longer number."""
    for match in _YEAR_DIGITS.finditer(text):
        start = match.start()
        if earliest <= int(match.group()) <= 2099 and not (start and text[start - 1].isdigit()):
            yield match.group()


def weigh(
    entries: Sequence[tuple[str, str | None, int | None]], markers: Markers | None
) -> ListEvidence:
    """The evidence of a run of entries, each as (its text, its link label
    when the entry is a bare link, its number when numbered)."""
    markers = markers or Markers()
    reference_like = strong = identifiers = cited = 0
    consecutive = True
    previous: int | None = None
    for position, (text, link_label, number) in enumerate(entries, start=1):
        like, is_strong, has_identifier = _shape(text, link_label)
        reference_like += like
        strong += is_strong
        identifiers += has_identifier
        shown = link_label if link_label is not None else text
        if str(number if number is not None else position) in markers.labels or (
            markers.author_years and _pointed_by_author_year(shown, markers)
        ):
            cited += 1
        if number is not None and previous is not None and number != previous + 1:
            consecutive = False
        previous = number
    return ListEvidence(len(entries), reference_like, strong, identifiers, cited, consecutive)


def strong(text: str, link_label: str | None = None) -> bool:
    """Whether an entry holds an identifier (outside a bare link) or opens
    with authors and gives a year."""
    return _shape(text, link_label)[1]


def _shape(text: str, link_label: str | None) -> tuple[bool, bool, bool]:
    """Whether an entry looks like a reference, is strong, holds an identifier."""
    shown = link_label if link_label is not None else text
    if len(text) > _MAX_ENTRY or ("(" in shown and _NARRATIVE.search(shown)):
        return False, False, False
    has_identifier = _has_identifier(text)
    opens = _opens_with_authors(shown)
    is_strong = (has_identifier and link_label is None) or (opens and _has_year(shown, 1500))
    like = (
        is_strong
        or ("[" in shown and _TYPE_CODE.search(shown) is not None)
        or (opens and _DASH_TITLE.search(shown) is not None)
    )
    return like, is_strong, has_identifier


def surname_key(surname: str) -> str:
    """A surname as :class:`Markers` holds it: folded, punctuation as spaces."""
    return _NON_WORD.sub(" ", fold(surname)).strip()


def _opens_with_authors(text: str) -> bool:
    if not _may_open_with_authors(text):
        return False
    match = _AUTHOR_START.match(text)
    if match is None:
        return False
    word = text.split(None, 1)[0]
    if len(word) == 2 and word[1] == ".":  # an initial: "A. Elmagarmid"
        return True
    return word.strip(",.;:").lower() not in _NOT_AUTHORS


def _may_open_with_authors(text: str) -> bool:
    """A quick test that spares most lines of prose the author pattern (which
    tries every particle at every turn): an author list opens with a particle,
    a CJK name, or a capitalised word followed by a comma or full stop, by
    initials, by another capitalised word or by "et al"."""
    first, _, rest = text[:60].partition(" ")
    if not first:
        return False
    letter = first[0]
    if letter.islower():
        return first in _PARTICLES
    if not letter.isupper():
        return "\u4e00" <= letter <= "\u9fff" or letter in "—–-"
    if first[-1] in ",.;(":
        return True
    second = rest.lstrip()[:1]
    return second.isupper() or second in "(,.;&—–-" or rest.startswith("et")


def _pointed_by_author_year(text: str, markers: Markers) -> bool:
    head = " " + _NON_WORD.sub(" ", fold(text[:60])) + " "
    years = set(_years(text))
    return any(f" {surname} " in head and year in years for surname, year in markers.author_years)
