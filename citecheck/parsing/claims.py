"""Read what a reference entry claims: authors, year, title, journal, volume, pages.

The entry styles understood, tried in this order:

- a wiki link label ``Surname et al., short description (2023)``;
- a web page title with its host, ``Title - PubMed [pubmed.ncbi.nlm.nih.gov]``,
  and a bare host, ``mdpi.com [mdpi.com]``;
- APA, ``Surname, A. B., & Surname, C. (2020). Title. Journal, 12(3), 45–67.``;
- Wikipedia's CS1, ``Surname, Given; Other, G. (2020). "Title". Journal. 12 (3): 45–67.``;
- Vancouver, ``Surname AB, Surname CD. Title. Journal. 2020;12(3):45-67.``;
- the Nature/Expert Reviews form ``Surname AB, Surname C. Title. Journal 12(3), 45–67 (2011).``

and, by the rules of ``claims_styles``, physics entries (``A. B. Smith,
Phys. Rev. Lett. 86, 5188 (2001)``), ``Author — Title`` and an organisation
at the head of an entry.

An APA, CS1 or Vancouver entry whose every field the patterns read is
taken as they read it. Any other entry, in whatever style, is read by the
sequence labeller (``claims_model``), and ``claims_combine`` puts the two
readings together: the patterns' authors, their other fields only where
the labeller read the same, the labeller's fields it is sure of.

A field the entry does not state clearly stays empty: a wrong claim would
later accuse a real paper, an empty one only weakens the evidence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from citecheck.identifiers import scan
from citecheck.models import Author, Claims, TitleKind
from citecheck.names import ET_AL, SURNAME
from citecheck.parsing.claims_combine import combine
from citecheck.parsing.claims_model import shipped_labeller
from citecheck.parsing.claims_styles import organisation_head, read_dash, read_physics

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"

_WIKI_LABEL = re.compile(
    rf"^(?P<first>{SURNAME})"
    rf"(?:\s+(?P<etal>{ET_AL})|\s+(?:and|&)\s+(?P<second>{SURNAME}))?"
    rf"\s*,\s*(?P<desc>.+?)\s*\((?P<year>{_YEAR})[a-z]?\)\.?$"
)

_INITIAL_START = re.compile(r"[A-Z]\.")
_LABEL_WORDS = 15
_HOST = (
    r"(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
)
_WITH_HOST = re.compile(rf"^(?P<before>.*?)\s*\[(?P<host>{_HOST})\]\s*$", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"^(?P<title>.+)\s+[-–—|]\s+(?P<site>[^-–—|\[\]]{2,40})$")

# APA: "Surname, A. B.," units joined by commas and a final "&".
# Every space and separator below can be matched one way only: a pattern
# that can split "A. B., " in several ways backtracks exponentially on a
# long author list that in the end does not match.
_APA_INITIALS = r"[A-Z][a-z]?\.(?:(?:\s*-\s*|\s*)[A-Z][a-z]?\.){0,3}"
_APA_AUTHOR = rf"{SURNAME}(?:\s+{SURNAME})*,\s*{_APA_INITIALS}"
_APA_HEAD = re.compile(
    rf"^(?P<authors>{_APA_AUTHOR}(?:,?\s*(?:(?:&|and|\.\.\.|…)\s*)?{_APA_AUTHOR})*"
    rf"(?:,?\s*{ET_AL})?)\s*\((?P<year>{_YEAR})[a-z]?(?:,[^)]*)?\)\.\s*(?P<rest>.*)$"
)
_APA_AUTHOR_UNIT = re.compile(
    rf"(?P<family>{SURNAME}(?:\s+{SURNAME})*),\s*(?P<given>{_APA_INITIALS})"
)

# CS1 (Wikipedia): "Surname, Given; Surname, Given (2020). "Title"."
_CS1_HEAD = re.compile(
    rf"^(?P<authors>[^()\"“]+?)\s*\((?P<year>{_YEAR})[a-z]?(?:[^)]*)?\)\.?\s*"
    r"[\"“](?P<title>[^\"”]+?)[.,]?[\"”]\.?\s*(?P<rest>.*)$"
)

# Vancouver: "Surname AB, Surname CD, et al." followed by a full stop.
_VANC_AUTHOR = rf"{SURNAME}(?:\s+{SURNAME})*\s+[A-Z]{{1,4}}(?:\s+(?:Jr|Sr|2nd|3rd|II|III))?"
_VANC_HEAD = re.compile(
    rf"^(?P<authors>{_VANC_AUTHOR}(?:\s*,\s*{_VANC_AUTHOR})*(?:\s*,?\s*{ET_AL})?)\.\s+(?P<rest>.*)$"
)
_VANC_AUTHOR_UNIT = re.compile(
    rf"^(?P<family>{SURNAME}(?:\s+{SURNAME})*)\s+(?P<given>[A-Z]{{1,4}})(?:\s+(?:Jr|Sr|2nd|3rd|II|III))?$"
)
_VANC_SOURCE = re.compile(
    rf"^(?P<journal>[^;]+?)\.?\s+(?P<year>{_YEAR})(?:\s+[A-Z][a-z]{{2}}(?:[-/][A-Z][a-z]{{2}})?(?:\s+\d{{1,2}})?)?"
    r"\s*;\s*(?P<volume>[^(:;\s]+)?\s*(?:\((?P<issue>[^)]+)\))?(?:\s*:\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?))?"
)
# "Journal 12(3), 45–67 (2011)" as in Nature and Expert Reviews.
_NATURE_SOURCE = re.compile(
    r"^(?P<journal>[^()]+?)\s+(?P<volume>\d+[A-Z]?)(?:\s*\((?P<issue>[^)]+)\))?,\s*"
    rf"(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\s*\((?P<year>{_YEAR})\)"
)
# APA and CS1 source: "Journal, 12(3), 45–67" or "Journal. 12 (3): 45–67".
_APA_SOURCE = re.compile(
    r"^(?P<journal>[^\d(][^(]*?)[,.]\s*(?P<volume>\d+[A-Z]?)\s*(?:\((?P<issue>[^)]+)\))?"
    r"(?:\s*[,:]\s*(?:pp?\.\s*)?(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?))?"
)

_PAGE_DASH = re.compile(r"\s*[-–]\s*")
_ET_AL = re.compile(ET_AL)
_TRAILING_ET_AL = re.compile(rf"\s*{ET_AL}$")
_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>\]]+>?", re.IGNORECASE)
_DB_TAGS = re.compile(
    r"\[(?:PubMed|Google Scholar|CrossRef|Crossref|PMC free article|Free full text|Abstract|"
    r"Full text|Web of Science|Scopus|Ref list)\]",
    re.IGNORECASE,
)
_ID_LABELS = re.compile(
    r"\b(?:doi|pmid|pmcid|pubmed|arxiv|isbn|available (?:from|at|online)|retrieved from|"
    r"accessed|epub ahead of print|epub)\s*:?\s*$",
    re.IGNORECASE,
)
_ID_LABEL_REACH = 40  # longer than any label of _ID_LABELS with its colon and spaces
# The last letters of those labels. Once trailing spaces, stops and colons are
# stripped, a label can only end the text, so a text whose last character
# is none of these holds no label and is not searched (most end in pages).
_ID_LABEL_LAST = re.compile(r"[idvnmteb]", re.IGNORECASE)
# Emphasis marks: "**", "*", "`", and an underscore that opens or closes a
# word ("_Journal_") but not one inside it ("snake_case").
_EMPHASIS = re.compile(r"\*\*|__|\*|`|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)|(?<!\w)_(?!\w)")
# The mark comes first and the look-behinds (initials, "vs.", "et al.") after
# it, so that ``re`` looks for the mark rather than testing every position.
_SENTENCE_END = re.compile(
    r"[.?!](?<!\b[A-Z][.?!])(?<!\bvs[.?!])(?<!\bal[.?!])(?<!\bet[.?!])\s+(?=\S)"
)
_ANY_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_PAREN_YEAR = re.compile(rf"\((?P<year>{_YEAR})[a-z]?\)|\b(?P<semi>{_YEAR})\s*;")


def parse_claims(text: str, *, identifiers_removed: bool = False) -> Claims:
    """Return what a reference entry (or a link label) claims about the cited work.

    ``text`` is the entry as written, list marker removed; Markdown emphasis,
    URLs and identifiers are stripped here (identifiers only when the caller
    has not already, as ``identifiers_removed`` says). Never raises.
    """
    cleaned = clean_entry_text(text, identifiers_removed=identifiers_removed)
    if not any(ch.isalpha() for ch in cleaned):
        return Claims()  # a bare number or date is no reference
    for reader in (_read_wiki_label, _read_with_host, read_physics, read_dash):
        claims = reader(cleaned)
        if claims is not None:
            return claims
    ruled = None
    for reader in (_read_apa, _read_cs1, _read_vancouver):
        ruled = reader(cleaned)
        if ruled is not None:
            break
    if ruled is not None and _is_complete(ruled):
        # A head and a source of one style, every field read: the rules are
        # sure, and the labeller (some 0.5 ms an entry) is not asked.
        return ruled
    organisation = organisation_head(cleaned) if ruled is None or not ruled.authors else None
    if organisation is not None:
        author, rest = organisation
        sure, read = shipped_labeller().read(rest)
        sure = replace(sure, authors=(author,), et_al=False)
    else:
        sure, read = shipped_labeller().read(cleaned)
    claims = combine(ruled, sure, read)
    alone = claims.year is not None and not (claims.authors or claims.title or claims.journal)
    # A year alone, with nothing around it to show the entry's form, is
    # kept only where the entry holds no other year.
    if alone and len(set(_ANY_YEAR.findall(cleaned))) != 1:
        return replace(claims, year=None)
    return claims


def _is_complete(claims: Claims) -> bool:
    # A title that ends in "?" or "!" may have had its subtitle taken for
    # the journal ("Can rivers remember? Sediment records…"): not sure.
    return bool(
        claims.authors
        and claims.year
        and claims.title
        and not claims.title.endswith(("?", "!"))
        and claims.journal
        and claims.volume
        and claims.pages
    )


def parse_link_label(label: str) -> Claims:
    """Return the claims of a Markdown link label such as ``[Miller et al., CXCR4 in PD (2023)]``.

    A label that is no recognised reference style is the citing author's
    own description of the work: kept as a title of kind DESCRIPTION.
    """
    claims = parse_claims(label)
    # A year alone is no reading of a label ("2012 overview"): its words
    # are the citing author's description.
    if not (claims.authors or claims.title or claims.journal):
        title = clean_entry_text(label)
        if title and not _URL.fullmatch(label.strip()):
            return Claims(title=title, title_kind=TitleKind.DESCRIPTION)
    return claims


def clean_entry_text(text: str, *, identifiers_removed: bool = False) -> str:
    """Entry text without emphasis marks, URLs, identifiers and database tags."""
    # Each pass is skipped when a literal test shows it cannot match: this
    # runs once for every entry of every document.
    if "[" in text:
        text = _DB_TAGS.sub(" ", text)
    spans = [] if identifiers_removed else [(f.start, f.end) for f in scan(text)]
    if spans:
        pieces: list[str] = []
        last = 0
        for start, end in spans:
            pieces.append(text[last:start])
            last = end
        pieces.append(text[last:])
        text = " ".join(pieces)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    # Runs of white space made one space and the ends stripped: str.split()
    # and re's \s agree on what white space is, and split() is much quicker.
    text = " ".join(text.split())
    return _strip_id_labels(text.rstrip(" .,;:"))


def _strip_id_labels(text: str) -> str:
    """``text`` without the labels left dangling at its end by removed
    identifiers ("doi:", "Available from:"). ``text`` has single spaces and
    no trailing space, stop or colon; only its end can hold a label, so
    only the end is searched, and only when its last letter may end one."""
    while _ID_LABEL_LAST.match(text, len(text) - 1) is not None and (
        label := _ID_LABELS.search(text, max(0, len(text) - _ID_LABEL_REACH))
    ):
        text = text[: label.start()].rstrip(" .,;:")
    return text


def _read_wiki_label(text: str) -> Claims | None:
    if not text.endswith((")", ").")):
        return None
    match = _WIKI_LABEL.match(text)
    # A label's description is a few words; "Surname, A. B., Other, C.:
    # Title. In: … (2014)" is a whole entry in Springer's style.
    if (
        not match
        or _INITIAL_START.match(match["desc"])
        or len(match["desc"].split()) > _LABEL_WORDS
    ):
        return None
    authors = [Author(match["first"])]
    if match["second"]:
        authors.append(Author(match["second"]))
    return Claims(
        authors=tuple(authors),
        et_al=bool(match["etal"]),
        year=int(match["year"]),
        title=match["desc"].strip(),
        title_kind=TitleKind.DESCRIPTION,
    )


def _read_with_host(text: str) -> Claims | None:
    if not text.rstrip().endswith("]"):
        return None
    match = _WITH_HOST.match(text)
    if not match:
        return None
    host = match["host"].lower()
    before = match["before"].strip(" -–—|")
    bare_host = host.removeprefix("www.")
    if not before or before.lower().removeprefix("www.") == bare_host:
        return Claims(site=host)
    title, site = before, host
    suffix = _SITE_SUFFIX.match(before)
    if suffix:
        title, site = suffix["title"].strip(), suffix["site"].strip()
    return Claims(title=title, title_kind=TitleKind.PAGE_TITLE, site=site)


def _read_apa(text: str) -> Claims | None:
    # Literals every APA head holds: the comma after a surname, and the
    # year's brackets with the full stop after them. Vancouver entries,
    # "2020;12(3):45-67", mostly have no ")." and are not matched at all.
    if ")." not in text or "(" not in text or "," not in text:
        return None
    match = _APA_HEAD.match(text)
    if not match:
        return None
    authors = tuple(
        Author(unit["family"].strip(), _initials(unit["given"]))
        for unit in _APA_AUTHOR_UNIT.finditer(match["authors"])
    )
    title, rest = _split_sentence(match["rest"])
    claims = Claims(
        authors=authors,
        # APA writes "..." (or "…") for the authors it leaves out.
        et_al=bool(re.search(rf"{ET_AL}|\.\.\.|…", match["authors"])),
        year=int(match["year"]),
        title=title or None,
    )
    return _with_source(claims, rest, _APA_SOURCE)


def _read_cs1(text: str) -> Claims | None:
    if '"' not in text and "“" not in text:
        return None
    match = _CS1_HEAD.match(text)
    if not match:
        return None
    authors: list[Author] = []
    et_al = False
    for part in re.split(r"\s*;\s*", match["authors"].strip()):
        if re.fullmatch(ET_AL, part.strip()):
            et_al = True
            continue
        family, _, given = part.partition(",")
        if not re.fullmatch(SURNAME + r"(?:\s+" + SURNAME + r")*", family.strip()):
            return None
        authors.append(Author(family.strip(), given.strip()))
    claims = Claims(
        authors=tuple(authors),
        et_al=et_al,
        year=int(match["year"]),
        title=match["title"].strip(),
    )
    return _with_source(claims, match["rest"], _APA_SOURCE)


def _read_vancouver(text: str) -> Claims | None:
    match = _VANC_HEAD.match(text)
    if not match:
        return None
    authors: list[Author] = []
    et_al = False
    for part in _vancouver_authors(match["authors"]):
        # The literal test first: only a part that starts "et" can be "et al.".
        if part.startswith("et") and _ET_AL.fullmatch(part):
            et_al = True
            continue
        if part.endswith(("et al", "et al.")):
            et_al = True
            part = _TRAILING_ET_AL.sub("", part)
        words = part.split()
        if len(words) == 2:
            # "Surname AB", most authors: the head matched the part as an
            # author, and an author of two words is a surname and initials.
            authors.append(Author(words[0], words[1]))
            continue
        unit = _VANC_AUTHOR_UNIT.match(part)
        if unit is None:
            return None
        authors.append(Author(unit["family"], unit["given"]))
    title, rest = _split_sentence(match["rest"])
    # Made in one go rather than completed with dataclasses.replace, which
    # costs more than reading the entry's source: this runs for every entry.
    source = _VANC_SOURCE.match(rest) or _NATURE_SOURCE.match(rest)
    if source is None:
        return Claims(
            authors=tuple(authors), et_al=et_al, title=title or None, year=_single_year(rest)
        )
    read = _source_parts(source, None)
    return Claims(
        authors=tuple(authors),
        et_al=et_al,
        year=read.year,
        title=title or None,
        journal=read.journal,
        volume=read.volume,
        issue=read.issue,
        pages=read.pages,
    )


def _vancouver_authors(authors: str) -> list[str]:
    """The authors of a Vancouver head, split at their commas and the white
    space around them: what ``re.split(r"\\s*,\\s*", authors)`` gives, in
    less time (the head starts and ends with no white space, so stripping
    each part strips no more)."""
    return [part.strip() for part in authors.split(",")]


def _read_fallback(text: str) -> Claims:
    """Claims of an entry in no known style: only a year stated unambiguously."""
    return Claims(year=_single_year(text))


def _with_source(claims: Claims, rest: str, pattern: re.Pattern[str]) -> Claims:
    source = pattern.match(rest.strip())
    if source:
        return _claims_with(claims, source)
    journal, _ = _split_sentence(rest)
    if journal and not re.search(r"\d", journal) and len(journal) <= 120:
        return _replace(claims, journal=journal)
    return claims


class _Source(NamedTuple):
    """What a matched source part (journal, volume, issue, pages, year) states."""

    journal: str | None
    volume: str | None
    issue: str | None
    pages: str | None
    year: int | None


def _source_parts(source: re.Match[str], year: int | None) -> _Source:
    """The fields ``source`` (of _VANC_SOURCE, _NATURE_SOURCE or
    _APA_SOURCE, which all have the first four) matched; ``year`` when it
    states none."""
    journal, volume, issue, pages = source.group("journal", "volume", "issue", "pages")
    if "year" in source.re.groupindex and source["year"]:
        year = int(source["year"])
    return _Source(
        journal=(journal or "").strip(" .,") or None,
        volume=volume or None,
        issue=issue or None,
        pages=_normalise_pages(pages) if pages else None,
        year=year,
    )


def _claims_with(claims: Claims, source: re.Match[str]) -> Claims:
    read = _source_parts(source, claims.year)
    return _replace(
        claims,
        journal=read.journal,
        volume=read.volume,
        issue=read.issue,
        pages=read.pages,
        year=read.year,
    )


def _replace(claims: Claims, **changes: object) -> Claims:
    return replace(claims, **changes)  # type: ignore[arg-type]


def _split_sentence(text: str) -> tuple[str, str]:
    """Split off the first sentence (a title, a journal): ``(sentence, rest)``.

    A question or exclamation mark is kept as part of the title.
    """
    text = text.strip()
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        # Skip full stops inside brackets: "Title (E. coli strain K-12)".
        if text.count("(", 0, end) > text.count(")", 0, end):
            continue
        mark = text[end]
        sentence = text[: end + 1] if mark in "?!" else text[:end]
        return sentence.strip(), text[match.end() :]
    return text.rstrip(". "), ""


def _single_year(text: str) -> int | None:
    years = {m["year"] or m["semi"] for m in _PAREN_YEAR.finditer(text)}
    if len(years) == 1:
        return int(years.pop())
    return None


def _initials(given: str) -> str:
    return "".join(ch for ch in given if ch.isalpha() and ch.isupper())


def _normalise_pages(pages: str) -> str:
    pages = pages.strip()
    if len(pages.split()) == 1:
        # No white space to take out around the dashes (most pages): only
        # the dashes to make en dashes, which replace() does in less time.
        return pages.replace("-", "–")
    return _PAGE_DASH.sub("–", pages)
