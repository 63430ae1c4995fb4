"""Find and normalise scholarly identifiers in arbitrary text.

:func:`scan` reports every identifier (DOI, PMID, PMCID, arXiv, ISBN, NCT,
ISRCTN) and every malformed identifier met in a text, with its span;
:func:`parse_identifier` reads one identifier given on its own (a BibTeX
field, a JATS ``pub-id``); :func:`normalise_doi` is its DOI-only shortcut.
None of them raises, whatever the text.

How scanning works, and why:

* The text is first turned into a *clean view* (:mod:`citecheck.cleanview`):
  zero-width characters and soft hyphens removed, hyphen-like characters
  made ``-``, full-width forms NFKC-folded. Only deletions shift offsets, so
  spans always point into the text the caller gave.
* A lower-cased copy of the clean view, of the same length, is what the
  patterns run on, so they need no ``IGNORECASE`` and each can start with a
  literal (``10.``, ``pmc``, ``arxiv``…), which ``re`` searches for quickly;
  values are then cut from the clean view, where case is kept.
* Each pattern matches the identifier itself; a URL or ``doi:`` prefix is
  found by looking back from it, so the URL form and the bare form inside it
  are one candidate, never two.
* Candidates of all types are then made non-overlapping: the earliest start
  wins, and on equal starts the longest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, TypeAlias
from urllib.parse import unquote

from citecheck.cleanview import IGNORABLE, CleanView, without_reordering
from citecheck.models import Identifier, IdentifierProblem, IdType, Location

_Item: TypeAlias = Identifier | IdentifierProblem


@dataclass(frozen=True, slots=True)
class Found:
    """One identifier (or malformed identifier) met in a text, with its character span."""

    item: Identifier | IdentifierProblem
    """The identifier or problem, located where :func:`scan` was given
    ``locate``, else with no location."""
    start: int
    """Offset in the scanned text where the identifier's text (including a URL
    or ``doi:``/``PMID:`` prefix) starts."""
    end: int
    """Offset just past the identifier's text."""


# --- candidates --------------------------------------------------------------


class _Candidate(NamedTuple):
    """An identifier or problem at a clean-view span, before overlaps are resolved."""

    # A named tuple rather than a dataclass: one is made for every
    # identifier of every entry, and tuples are several times quicker to make.

    start: int
    end: int
    type: IdType
    value: str
    """The normal form, or the reason when ``problem`` is set."""
    problem: bool = False
    from_url: bool = False


_Finder: TypeAlias = Callable[[str, str], Iterator[_Candidate]]
"""Candidates of one type in a view's ``low`` and ``clean`` texts."""
_NeedFinder: TypeAlias = tuple[tuple[str, ...], _Finder]
"""A finder and the literals (in ``low``) without which it finds nothing."""


def _word_before(low: str, index: int) -> bool:
    """Whether a letter, digit or underscore sits just before ``index``."""
    return index > 0 and (low[index - 1].isalnum() or low[index - 1] == "_")


def _word_at(low: str, index: int) -> bool:
    """Whether a letter, digit or underscore sits at ``index``."""
    return index < len(low) and (low[index].isalnum() or low[index] == "_")


def _look_back(pattern: re.Pattern[str], low: str, index: int) -> int | None:
    """Where a ``pattern`` (anchored with ``\\Z``) ending at ``index`` starts, or None."""
    match = pattern.search(low, max(0, index - 64), index)
    return None if match is None else match.start()


_URL_HEAD = r"(?:https?://)?(?:www\.)?"


# --- DOI ---------------------------------------------------------------------

# Registrant parts are bounded so that a long run of "10.10.10…" is read once.
_DOI_HEAD_RE = re.compile(r"10\.(?P<reg>[0-9]{1,12}(?:\.[0-9]{1,12}){0,4})(?P<sep>/|%2f)?")
# A SICI suffix keeps its <…> parts; anywhere else "<" ends the DOI (HTML).
_DOI_SUFFIX_RE = re.compile(r"\(sici\)(?:[^\s\"'<]|<[^\s\"'<>/]*>)*|[^\s\"'<]*")
_DOI_PREFIX_RE = re.compile(
    r"(?:(?P<url>(?:https?://)?(?:dx\.|www\.)?doi\.org/)|\bdoi\s{0,3}:\s{0,3}|\bdoi\s{1,3})\Z"
)
# The longest text a doi.org URL may have before its "doi": "https://www.".
_URL_BEFORE_DOI = 12
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_CLOSER_RE = re.compile("[" + re.escape("".join(_CLOSERS)) + "]")
_NO_SUFFIX = "DOI has no suffix"
_BAD_REGISTRANT = "DOI registrant code must have 4 to 9 digits"


def _trim_suffix(suffix: str) -> str:
    """``suffix`` cut at its first unbalanced closing bracket, trailing punctuation stripped."""
    if _CLOSER_RE.search(suffix) is not None:
        open_count = dict.fromkeys(_CLOSERS.values(), 0)
        for index, char in enumerate(suffix):
            if char in open_count:
                open_count[char] += 1
            elif char in _CLOSERS:
                opener = _CLOSERS[char]
                if not open_count[opener]:
                    # A link target's ")" or an enclosing bracket, not the DOI's.
                    suffix = suffix[:index]
                    break
                open_count[opener] -= 1
    return suffix.rstrip(".,;:!?")


def _doi_candidate(
    match: re.Match[str], low: str, clean: str, start: int, *, explicit: bool, from_url: bool
) -> _Candidate | None:
    """The DOI or DOI problem whose head (``10.`` to the slash) ``match`` found, or None.

    ``explicit`` says a ``doi:`` prefix or doi.org URL (starting at ``start``)
    announced a DOI; without one, text that is not a whole DOI is nothing.
    """
    registrant = match.group("reg")
    good_registrant = 4 <= len(registrant.split(".", 1)[0]) <= 9
    if not (good_registrant or explicit):
        return None  # decided before reading the suffix, so look-alikes stay cheap
    suffix = ""
    if match.group("sep") is not None:
        tail = _DOI_SUFFIX_RE.match(low, match.end())
        suffix_end = match.end() if tail is None else tail.end()
        suffix = _trim_suffix(clean[match.end() : suffix_end])
    end = match.end() + len(suffix)
    if not good_registrant:
        return _Candidate(start, end, IdType.DOI, _BAD_REGISTRANT, True)
    if not suffix:
        return _Candidate(start, end, IdType.DOI, _NO_SUFFIX, True) if explicit else None
    value = f"10.{registrant}/{suffix}"
    if from_url or match.group("sep") == "%2f" or "%2f" in suffix.lower():
        value = unquote(value)
    return _Candidate(start, end, IdType.DOI, value, from_url=from_url)


def _bare_doi_may_start(low: str, at: int) -> bool:
    """Whether a DOI without prefix may start at ``at``: not inside a number
    or word ("110.5/x", "v1.10.2/x"), but after a percent-encoded slash."""
    if at == 0 or low.endswith("%2f", 0, at):
        return True
    before = low[at - 1]
    return not (before.isalnum() or before in "._")


def _doi_prefix(low: str, window: int, at: int) -> re.Match[str] | None:
    """The ``doi:`` prefix or doi.org URL that ends at ``at`` and starts at
    ``window`` or later, or None: the match of searching ``low[window:at]``
    with _DOI_PREFIX_RE, found without trying the pattern at every place.

    A prefix holds the last "doi" before ``at`` (what follows its "doi" has
    no "d"); only a URL has text before that "doi", at most "https://www.",
    and that text ends in "/" or ".". So no match starts earlier.
    """
    # The literal test first: most "10." in a text have no "doi" before them.
    doi_at = low.rfind("doi", window, at)
    if doi_at < 0:
        return None
    start = doi_at - _URL_BEFORE_DOI if low.endswith(("/", "."), 0, doi_at) else doi_at
    return _DOI_PREFIX_RE.search(low, max(window, start), at)


def _find_dois(low: str, clean: str) -> Iterator[_Candidate]:
    """Every DOI and announced-but-malformed DOI in the view."""
    pos = 0
    while (match := _DOI_HEAD_RE.search(low, pos)) is not None:
        at = match.start()
        pos = at + 3
        prefix = _doi_prefix(low, max(0, at - 40), at)
        if prefix is None and not _bare_doi_may_start(low, at):
            continue
        candidate = _doi_candidate(
            match,
            low,
            clean,
            at if prefix is None else prefix.start(),
            explicit=prefix is not None,
            from_url=prefix is not None and prefix.group("url") is not None,
        )
        if candidate is not None:
            pos = max(pos, candidate.end)
            yield candidate


# --- PubMed and PubMed Central -------------------------------------------------

_PMID_RE = re.compile(
    r"pmid\s{0,3}[:#=]?\s{0,3}(?P<kw>[0-9]+)"
    r"|pubmed[ _-]?id\s{0,3}[:#=]?\s{0,3}(?P<kw2>[0-9]+)"
    r"|pubmed\s{0,3}:\s{0,3}(?P<kw3>[0-9]+)"
    r"|pubmed\.ncbi\.nlm\.nih\.gov/(?P<host>[0-9]+)"
    r"|pubmed/(?:\?term=)?(?P<path>[0-9]+)"
)
_PUBMED_HOST_BACK = re.compile(_URL_HEAD + r"\Z")
_NCBI_BACK = re.compile(_URL_HEAD + r"ncbi\.nlm\.nih\.gov/\Z")


def _pmid(start: int, end: int, digits: str, *, from_url: bool = False) -> _Candidate:
    """A PMID candidate for ``digits``, or the problem with them."""
    value = digits.lstrip("0")
    if not value:
        return _Candidate(start, end, IdType.PMID, "PMID cannot be 0", True)
    if len(value) > 8:
        reason = f"PMID has {len(value)} digits; PMIDs have at most 8"
        return _Candidate(start, end, IdType.PMID, reason, True)
    return _Candidate(start, end, IdType.PMID, value, from_url=from_url)


def _find_pmids(low: str, clean: str) -> Iterator[_Candidate]:
    """Every PMID given with a ``PMID``/``PubMed ID`` label or in a PubMed URL."""
    for match in _PMID_RE.finditer(low):
        end = match.end()
        if _word_at(low, end):
            continue  # "PMID 123abc"
        group = match.lastgroup
        if group in ("kw", "kw2", "kw3"):
            if not _word_before(low, match.start()):
                yield _pmid(match.start(), end, match.group(group))
            continue
        back = _PUBMED_HOST_BACK if group == "host" else _NCBI_BACK
        start = _look_back(back, low, match.start())
        if start is not None:
            yield _pmid(start, end, match.group(group or ""), from_url=True)


_PMC_RE = re.compile(r"pmc(?:id\s{0,3}[:#=]?\s{0,3}(?:pmc)?(?P<kw>[0-9]+)|(?P<bare>[0-9]+))")
_PMC_BACK = re.compile(
    _URL_HEAD + r"(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/"
    r"|europepmc\.org/(?:article|abstract)/pmc/)\Z"
)


def _pmcid(start: int, end: int, digits: str, *, from_url: bool = False) -> _Candidate:
    """A PMCID candidate for ``digits`` (after ``PMC``), or the problem with them."""
    value = digits.lstrip("0")
    if not value:
        return _Candidate(start, end, IdType.PMCID, "PMCID cannot be PMC0", True)
    if len(value) > 10:
        reason = f"PMCID has {len(value)} digits; PMCIDs have at most 10"
        return _Candidate(start, end, IdType.PMCID, reason, True)
    return _Candidate(start, end, IdType.PMCID, f"PMC{value}", from_url=from_url)


def _find_pmcids(low: str, clean: str) -> Iterator[_Candidate]:
    """Every ``PMC…`` number, with its ``PMCID:`` label or PMC/Europe PMC URL."""
    for match in _PMC_RE.finditer(low):
        if _word_before(low, match.start()) or _word_at(low, match.end()):
            continue
        url_start = _look_back(_PMC_BACK, low, match.start())
        start = match.start() if url_start is None else url_start
        digits = match.group("kw") or match.group("bare") or ""
        yield _pmcid(start, match.end(), digits, from_url=url_start is not None)


# --- arXiv ---------------------------------------------------------------------

_ARXIV_ID = (
    r"(?:(?P<new>[0-9]{4}\.[0-9]{4,5})(?![0-9])"
    r"|(?P<archive>[a-z][a-z-]{0,30})(?:\.(?P<cls>[a-z]{2}))?/(?P<num>[0-9]{7})(?![0-9]))"
    r"(?:v[0-9]+)?"
)
_ARXIV_RE = re.compile(r"arxiv(?:\s{0,3}:\s{0,3}|\.org/(?P<path>abs|pdf|html)/)" + _ARXIV_ID)
_ARXIV_BARE_RE = re.compile(_ARXIV_ID)
_ARXIV_BACK = re.compile(r"(?:https?://)?(?:www\.|export\.)?\Z")


def _arxiv_value(match: re.Match[str], clean: str) -> str:
    """The arXiv identifier ``match`` found, without its version."""
    if match.group("new") is not None:
        return match.group("new")
    archive = match.group("archive")
    subject = clean[match.start("cls") : match.end("cls")].upper() if match.group("cls") else ""
    return f"{archive}{'.' if subject else ''}{subject}/{match.group('num')}"


def _find_arxiv(low: str, clean: str) -> Iterator[_Candidate]:
    """Every arXiv identifier given as ``arXiv:…`` or in an arxiv.org URL."""
    for match in _ARXIV_RE.finditer(low):
        if _word_before(low, match.start()):
            continue
        start, end, from_url = match.start(), match.end(), False
        if match.group("path") is not None:
            from_url = True
            url_start = _look_back(_ARXIV_BACK, low, start)
            start = start if url_start is None else url_start
            if low.startswith(".pdf", end):
                end += 4
        yield _Candidate(start, end, IdType.ARXIV, _arxiv_value(match, clean), from_url=from_url)


# --- ISBN ----------------------------------------------------------------------

# Bounded: an ISBN has at most 13 digits, and the space-cutting below is quadratic.
_ISBN_BODY = r"[0-9](?:[- ]?[0-9]){0,20}(?:[- ]?x(?![a-z0-9]))?"
_ISBN_RE = re.compile(
    r"isbn(?:[- ]?1[03](?![0-9]))?\s{0,3}[:#=]?\s{0,3}(?P<body>" + _ISBN_BODY + ")"
)
_ISBN_BODY_RE = re.compile(_ISBN_BODY)


def _isbn13_check(first12: str) -> str:
    """The ISBN-13 check digit for twelve digits."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first12))
    return str(-total % 10)


def _isbn(start: int, end: int, body: str) -> _Candidate:
    """The ISBN-13 for ``body`` (digits, separators, maybe a final ``x``), or its problem."""
    digits = body.replace("-", "").replace(" ", "")
    if len(digits) == 10:
        total = sum(
            (10 - index) * (10 if digit == "x" else int(digit))
            for index, digit in enumerate(digits)
        )
        if total % 11:
            return _Candidate(start, end, IdType.ISBN, "ISBN check digit is wrong", True)
        digits = f"978{digits[:9]}"
        return _Candidate(start, end, IdType.ISBN, digits + _isbn13_check(digits))
    if len(digits) == 13:
        if digits[-1] == "x" or _isbn13_check(digits[:12]) != digits[-1]:
            return _Candidate(start, end, IdType.ISBN, "ISBN check digit is wrong", True)
        return _Candidate(start, end, IdType.ISBN, digits)
    return _Candidate(start, end, IdType.ISBN, "ISBN must have 10 or 13 digits", True)


def _count_digits(body: str) -> int:
    """How many digits (and ``x``) an ISBN body has."""
    return len(body) - body.count("-") - body.count(" ")


def _find_isbns(low: str, clean: str) -> Iterator[_Candidate]:
    """Every number labelled ``ISBN``, checked."""
    for match in _ISBN_RE.finditer(low):
        if _word_before(low, match.start()):
            continue
        body = match.group("body")
        if _count_digits(body) not in (10, 13) and " " in body:
            # A space may end the ISBN rather than group it ("ISBN 0-306-40615-2 12 pp.").
            cuts = [i for i, char in enumerate(body) if char == " "]
            fitting = [cut for cut in cuts if _count_digits(body[:cut]) in (10, 13)]
            body = body[: fitting[-1] if fitting else cuts[0]]
        yield _isbn(match.start(), match.start("body") + len(body), body)


# --- trial registries --------------------------------------------------------


def _registry_finder(prefix: str, id_type: IdType, host_back: str) -> _NeedFinder:
    """A finder for ``PREFIX`` followed by eight digits (NCT, ISRCTN), and
    registry URLs, with the literal it needs (``prefix``)."""
    pattern = re.compile(prefix + r"(?P<num>[0-9]+)")
    back = re.compile(_URL_HEAD + host_back + r"\Z")
    label = prefix.upper()

    def find(low: str, clean: str) -> Iterator[_Candidate]:
        for match in pattern.finditer(low):
            if _word_before(low, match.start()) or _word_at(low, match.end()):
                continue
            url_start = _look_back(back, low, match.start())
            start = match.start() if url_start is None else url_start
            if len(digits := match.group("num")) == 8:
                from_url = url_start is not None
                yield _Candidate(start, match.end(), id_type, label + digits, from_url=from_url)
            else:
                reason = f"{label} number must have 8 digits"
                yield _Candidate(start, match.end(), id_type, reason, True)

    return (prefix,), find


# Each finder with the literals, one of which is in every identifier it
# finds: a text with none of them is not handed to it, so that most texts
# meet one finder or none.
_FINDERS: tuple[_NeedFinder, ...] = (
    (("10.",), _find_dois),
    (("pmid", "pubmed"), _find_pmids),
    (("pmc",), _find_pmcids),
    (("arxiv",), _find_arxiv),
    (("isbn",), _find_isbns),
    _registry_finder(
        "nct",
        IdType.NCT,
        r"(?:classic\.)?clinicaltrials\.gov/(?:study/|ct2/show/(?:record/)?|show/)",
    ),
    _registry_finder("isrctn", IdType.ISRCTN, r"isrctn\.com/"),
)


def _candidates(view: CleanView) -> list[_Candidate]:
    """Every candidate in ``view``, sorted by start, overlaps removed."""
    low, clean = view.low, view.clean
    found: list[_Candidate] = []
    for needles, finder in _FINDERS:
        for needle in needles:
            if needle in low:
                found.extend(finder(low, clean))
                break
    if len(found) < 2:
        return found
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[_Candidate] = []
    for candidate in found:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


def _item(candidate: _Candidate, raw: str, location: Location | None = None) -> _Item:
    """The public identifier or problem for ``candidate``, with its source
    text ``raw`` (less any character that would reorder the text printed
    after it: an override in an article never reaches a report)."""
    raw = without_reordering(raw)
    if candidate.problem:
        return IdentifierProblem(candidate.type, raw, candidate.value, location)
    return Identifier(candidate.type, candidate.value, raw, location)


def _scan(
    text: str, locate: Callable[[int], Location] | None = None, offset: int = 0
) -> list[tuple[Found, _Candidate]]:
    """Every Found in ``text`` with the candidate it came from (see :func:`scan`)."""
    view = CleanView.of(text)
    result: list[tuple[Found, _Candidate]] = []
    for candidate in _candidates(view):
        start, end = view.original(candidate.start, candidate.end)
        location = None if locate is None else locate(offset + start)
        result.append((Found(_item(candidate, text[start:end], location), start, end), candidate))
    return result


# --- public API --------------------------------------------------------------


def scan(
    text: str, *, locate: Callable[[int], Location] | None = None, offset: int = 0
) -> list[Found]:
    """Every identifier and malformed identifier in text, sorted by start, spans never overlapping.

    Bare values are never identifiers where they could be anything else: a
    PMID needs a ``PMID``/``PubMed ID`` label or a PubMed URL, an ISBN its
    ``ISBN`` label, a new-style arXiv id ``arXiv:`` or an arxiv.org URL.

    With ``locate`` (which maps an offset of a document to its place), each
    item carries the location of its start, ``text`` standing at ``offset``
    in that document; spans stay offsets in ``text``. Never raises.
    """
    return [found for found, _ in _scan(text, locate, offset)]


_LEAD_OK = re.compile(f"[\\s\"'<(\\[{{{IGNORABLE}]*")
_TRAIL_OK = re.compile(f"[\\s\"'>)\\]}}.,;:{IGNORABLE}]*")
_URL_TRAIL_OK = re.compile(r"[/?#]\S*")
_NAMES = {
    IdType.DOI: "DOI",
    IdType.PMID: "PMID",
    IdType.PMCID: "PMCID",
    IdType.ARXIV: "arXiv identifier",
    IdType.ISBN: "ISBN",
    IdType.NCT: "NCT number",
    IdType.ISRCTN: "ISRCTN number",
}
_BARE_DIGITS = {
    IdType.PMID: re.compile(r"(?:pmid)?(?P<num>[0-9]+)"),
    IdType.PMCID: re.compile(r"(?:pmc)?(?P<num>[0-9]+)"),
    IdType.NCT: re.compile(r"(?:nct)?(?P<num>[0-9]+)"),
    IdType.ISRCTN: re.compile(r"(?:isrctn)?(?P<num>[0-9]+)"),
}


def _bare(text: str, hint: IdType) -> _Candidate | None:
    """``text`` read as a bare value of the ``hint`` namespace, or None when it is not one."""
    view = CleanView.of(text)
    low, clean = view.low, view.clean
    lo = len(low) - len(low.lstrip(" \t\r\n\"'<([{"))
    hi = len(low.rstrip(" \t\r\n\"'>)]}.,;:"))
    if hint is IdType.DOI:
        match = _DOI_HEAD_RE.match(low, lo)
        if match is None:
            return None
        candidate = _doi_candidate(match, low, clean, lo, explicit=True, from_url=False)
        if candidate is None or _TRAIL_OK.fullmatch(low, candidate.end) is None:
            return None
        return candidate
    if hint is IdType.ARXIV:
        match = _ARXIV_BARE_RE.fullmatch(low, lo, hi)
        return None if match is None else _Candidate(lo, hi, hint, _arxiv_value(match, clean))
    if hint is IdType.ISBN:
        match = _ISBN_BODY_RE.fullmatch(low, lo, hi)
        return None if match is None else _isbn(lo, hi, match.group())
    pattern = _BARE_DIGITS.get(hint)
    match = None if pattern is None else pattern.fullmatch(low, lo, hi)
    if match is None:
        return None
    digits = match.group("num")
    if hint is IdType.PMID:
        return _pmid(lo, hi, digits)
    if hint is IdType.PMCID:
        return _pmcid(lo, hi, digits)
    if len(digits) != 8:
        return _Candidate(lo, hi, hint, f"{_NAMES[hint]} must have 8 digits", True)
    return _Candidate(lo, hi, hint, hint.value.upper() + digits)


def parse_identifier(
    text: str, hint: IdType | None = None
) -> Identifier | IdentifierProblem | None:
    """Read ONE identifier given on its own.

    Accepts a DOI, ``doi:`` form or doi.org URL; ``PMID: n`` or a PubMed URL;
    a PMCID; an arXiv id; an ISBN; an NCT or ISRCTN number; or a URL of any of
    them. Surrounding whitespace, quotes, brackets and trailing punctuation
    are ignored. ``hint`` says which namespace a bare value belongs to (a
    BibTeX ``pmid = {123}`` field, a JATS ``pub-id-type="pmid"``): bare
    digits are then read as that type, and a value that cannot be one is
    reported as an :class:`IdentifierProblem` ("not a valid PMID").

    Returns the identifier, the problem with it, or None when ``text`` is not
    an identifier at all. Never raises.
    """
    stripped = text.strip()
    if not stripped:
        return None
    found = _scan(stripped)
    if len(found) == 1:
        hit, candidate = found[0]
        before, after = stripped[: hit.start], stripped[hit.end :]
        trail_ok = _TRAIL_OK.fullmatch(after) is not None or (
            candidate.from_url and _URL_TRAIL_OK.fullmatch(after) is not None
        )
        if _LEAD_OK.fullmatch(before) is not None and trail_ok:
            return hit.item
    if hint is None:
        return None
    bare = _bare(stripped, hint)
    if bare is None:
        reason = f"not a valid {_NAMES.get(hint, hint.value)}"
        return IdentifierProblem(hint, without_reordering(stripped), reason)
    return _item(bare, stripped)


def normalise_doi(text: str) -> str | None:
    """The DOI in ``text`` (bare, doi: prefix, or doi.org/dx.doi.org URL,
    percent-encoded or not) in normal form, or None.

    ``text`` holds the DOI on its own, as :func:`parse_identifier` reads it;
    the normal form drops the prefix or URL, decodes percent escapes of URLs
    and strips trailing punctuation, keeping the case as written.
    """
    item = parse_identifier(text, IdType.DOI)
    if isinstance(item, Identifier) and item.type is IdType.DOI:
        return item.value
    return None
