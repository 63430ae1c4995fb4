"""A missing reference list recovered from the publisher's deposit.

An article whose text has in-text markers but lost its reference list (a
PDF's text without its last pages, a page that never had one) may still
have one at Crossref: publishers deposit the reference list with each
work's metadata. Two steps, one on each side of the lookups:

- :func:`own_work_search` is what the pipeline asks for such a document:
  one search for the article itself, by its own DOI, title and authors, or
  by the journal, volume and year of its page headers, with the deposited
  reference lists of what it finds (:attr:`SearchQuery.deposit`);
- :func:`with_recovered_list` puts what came back on the document's
  ``no-reference-list`` finding: the work found, only when it is clearly
  the article (:func:`is_the_article`), its deposited entries, which
  markers they cover and which point past them. The finding remains: the
  text still has no list, and the deposit is the publisher's, not the
  article's own words. Nothing found, or nothing clearly the article, is
  said with what was searched; a search that could not be made is said as
  such, never as "not found".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from citecheck.describe import shorten
from citecheck.matching import TitleRelation, compare_journal, compare_title, normalise
from citecheck.matching.journals import JournalRelation
from citecheck.models import (
    ArticleIdentity,
    Author,
    CitationStyle,
    DepositedReference,
    Document,
    Finding,
    FindingCode,
    Identifier,
    Lookup,
    LookupStatus,
    Record,
    SearchQuery,
    TitleKind,
)
from citecheck.names import fold, name_words, transliteration_key
from citecheck.queries import MAX_QUERY_TEXT, query_identifier

__all__ = [
    "RECOVERED_SHOWN",
    "Recovery",
    "is_the_article",
    "own_work_query",
    "own_work_search",
    "recover",
    "with_recovered_list",
]

RECOVERED_SHOWN = 200
"""Recovered entries written out on the finding (``entry_1``…): a review's
whole list, while a deposit of thousands stays a bounded finding."""

ENTRY_TEXT = 240
"""Characters of each recovered entry written out."""

TITLE_WORDS_IN_TEXT = 0.8
"""Share of a candidate's title words the text must use more than once,
when the article is known only by its journal, volume and year: a journal
issue holds a dozen articles, and the text of one dwells on the words of
its own title (a word used once, in passing, says little)."""

MIN_TITLE_WORDS = 3
"""Title words (four letters or more) a candidate needs for that test."""

DEPOSIT_SLACK = 0.1
"""How many more entries than its highest marker a deposit may have, as a
share of it, for the article known only by its venue (a review cites every
entry of its list; a few may be cited only in tables or figures)."""

NAMED_AGREEING = 0.6
"""Share of the markers the text names authors at (``Wagner et al. [39]``)
whose deposited entry must name them, for a document known by its venue:
"Chen et al. showed … [42]" sometimes cites another paper at the end."""

NAMES_AT_START = 80
"""Characters of an unstructured entry its authors are looked for in."""

MAX_RANGES = 40
"""Runs of marker numbers written out in an evidence line."""

_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class Recovery:
    """What was recovered for a document: the work, how it was told to be
    the article, its deposited entries and how the markers fall on them."""

    record: Record
    identified_by: str
    references: tuple[DepositedReference, ...]
    deposited: int
    covered: tuple[int, ...]
    past: tuple[int, ...]
    beyond_kept: tuple[int, ...]
    author_years_found: int
    author_years_missing: tuple[str, ...]


# --- asking ---------------------------------------------------------------------


def needs_recovery(document: Document) -> bool:
    """Whether ``document`` has in-text markers but no reference list."""
    return bool(document.citations) and not document.entries


def own_work_query(identity: ArticleIdentity) -> SearchQuery | None:
    """The search for the article ``identity`` describes, with deposited
    reference lists; None when it names too little to be found by (no DOI,
    no title, no journal with a volume)."""
    first = identity.authors[0].family if identity.authors else None
    if identity.title:
        surnames = " ".join(a.family for a in identity.authors[:3])
        text = f"{identity.title} {surnames}".strip()
    elif identity.journal and identity.volume:
        # Known by its page headers alone: what it is about, and where.
        parts = (*identity.keywords, identity.journal, identity.volume, str(identity.year or ""))
        text = " ".join(p for p in parts if p)
    elif identity.doi:
        text = identity.doi
    else:
        return None
    return SearchQuery(
        text=_cut(text),
        title=identity.title,
        author=first,
        year=identity.year,
        journal=identity.journal,
        volume=identity.volume,
        doi=identity.doi,
        deposit=True,
    )


def own_work_search(document: Document) -> Identifier | None:
    """The search to ask for ``document``'s own work: only for a document
    with markers and no reference list, and with something to find it by."""
    if not needs_recovery(document):
        return None
    query = own_work_query(document.identity)
    return query_identifier(query) if query is not None else None


# --- judging --------------------------------------------------------------------


def with_recovered_list(
    document: Document, findings: Sequence[Finding], lookups: Mapping[str, Lookup]
) -> list[Finding]:
    """``findings`` with the ``no-reference-list`` finding told what the
    search for the article's own work found (or why nothing was)."""
    return [
        _recovery_finding(document, f, lookups) if f.code is FindingCode.NO_REFERENCE_LIST else f
        for f in findings
    ]


def _recovery_finding(
    document: Document, finding: Finding, lookups: Mapping[str, Lookup]
) -> Finding:
    search = own_work_search(document)
    if search is None:
        return _noted(
            finding,
            "no recovery tried: the document states no DOI, title or journal of its own",
            ("recovery", "not tried"),
        )
    lookup = lookups.get(search.key)
    if lookup is None:
        return _noted(
            finding,
            "the search for the article's own work was not made",
            ("recovery", "not searched"),
        )
    searched = "; ".join(lookup.searched) or "Crossref"
    if lookup.status is LookupStatus.COULD_NOT_VERIFY:
        reason = lookup.reason or "no answer"
        return _noted(
            finding,
            f"the search for the article's own work could not be made ({reason}): "
            "whether its publisher deposited a reference list is unknown",
            ("recovery", "could not verify"),
            ("recovery_reason", reason),
        )
    if lookup.status is LookupStatus.OTHER_AGENCY:
        agency = lookup.agency or "another agency"
        return _noted(
            finding,
            f"the article's DOI is registered with {agency}, not Crossref: no deposit to recover",
            ("recovery", "registered elsewhere"),
        )
    candidates = lookup.candidates or ((lookup.record,) if lookup.record is not None else ())
    if lookup.status is not LookupStatus.NOT_FOUND and not candidates:
        return _noted(
            finding,
            f"the search for the article's own work ({searched}) gave no work to judge",
            ("recovery", "no candidates"),
            ("searched", searched),
        )
    if lookup.status is LookupStatus.NOT_FOUND:
        return _noted(
            finding,
            f"the article's own work was searched for ({_what(document.identity)}; {searched}) "
            "and not found: no deposited list to recover",
            ("recovery", "not found"),
            ("searched", searched),
        )
    accepted = [(c, why) for c in candidates if (why := is_the_article(document, c))]
    chosen = _one_work(accepted)
    if chosen is None:
        best = candidates[0]
        told = (
            f"{len(accepted)} works could each be it"
            if len(accepted) > 1
            else f"none is clearly this article (first: {_describe(best)})"
        )
        return _noted(
            finding,
            f"the article's own work was searched for ({_what(document.identity)}; {searched}): "
            f"{len(candidates)} found, {told}; nothing recovered",
            ("recovery", "not identified"),
            ("searched", searched),
            ("candidates", str(len(candidates))),
        )
    record, why = chosen
    recovery = recover(document, record, why)
    if recovery is None:
        held = record.deposit.count if record.deposit is not None else 0
        said = (
            f"Crossref says {held} entries were deposited but its answer held none"
            if held
            else "its publisher deposited no reference list with Crossref"
        )
        return _noted(
            finding,
            f"the article is {_describe(record)}, but {said}",
            ("recovery", "no deposit"),
            ("recovered_from", _source(record)),
        )
    return _recovered(finding, recovery)


def is_the_article(document: Document, record: Record) -> str:
    """Why ``record`` is clearly the work ``document`` is, in words, or
    ``""`` when it is not clearly so.

    Its DOI is the one the document states (and its title, when known, not
    another); or, its journal and volume not contradicting the document's
    and the years a year apart at most, its title is the document's: the
    same once normalised (a title one word off, or the document's abridged
    title a clear part of it, only with the first author agreeing), the
    first author agreeing when the document names one; or, for a document
    known only by its page headers, its journal, volume, issue and year are
    theirs, the text dwells on its title's words, its deposit holds as many
    entries as the markers count up to, and a name says it is this one of
    the issue's: the authors the text names at markers (``Wagner et al.
    [39]``) are the deposit's there, or the page headers' first author is
    its own.
    """
    identity = document.identity
    author = _first_author_agrees(identity.authors, record.authors)
    year = _years_agree(identity.year, record.years)
    comparison = compare_title(identity.title, TitleKind.TITLE, record.title, record.subtitle)
    relation = comparison.relation if comparison is not None else None
    if identity.doi and record.doi and identity.doi.lower() == record.doi.lower():
        if relation is TitleRelation.DIFFERENT:
            return ""
        return "its DOI is the one the document states"
    if _venue_contradicts(identity, record):
        return ""
    exact = comparison is not None and comparison.ratio == 100.0
    if relation is TitleRelation.SAME and year and (author is True or (exact and author is None)):
        return "its title is the document's" + (", and so is its first author" if author else "")
    if relation is TitleRelation.ABRIDGED and author is True and year:
        return "the document's title is a clear part of its title, and its first author agrees"
    if (
        identity.title is None
        and author is not False
        and _venue_agrees(identity, record)
        and _text_uses_title(identity, record)
        and _deposit_fits(document, record)
    ):
        # A journal issue holds a dozen articles, some on the same topic with
        # lists as long: a name on either side must say which is this one.
        named = _named_agree(identity, record)
        if named is False or not (named or author):
            return ""
        return (
            "its journal, volume, issue and year are those of the document's page headers, "
            "the text uses its title's words, its deposit fits the markers, and "
            + (
                "the authors the text names at markers are the deposit's"
                if named
                else "its first author is the page headers'"
            )
        )
    return ""


def recover(document: Document, record: Record, identified_by: str) -> Recovery | None:
    """How ``document``'s markers fall on ``record``'s deposited list; None
    when the record holds no deposited entries."""
    deposit = record.deposit
    if deposit is None or not deposit.references:
        return None
    references = deposit.references
    numbers = sorted(
        {
            n
            for c in document.citations
            if c.style is CitationStyle.NUMERIC
            for n in c.numbers
            if n > 0
        }
    )
    found, missing = _author_years(document, references)
    return Recovery(
        record=record,
        identified_by=identified_by,
        references=references,
        deposited=deposit.count,
        covered=tuple(n for n in numbers if n <= len(references)),
        past=tuple(n for n in numbers if n > deposit.count),
        beyond_kept=tuple(n for n in numbers if len(references) < n <= deposit.count),
        author_years_found=found,
        author_years_missing=tuple(missing),
    )


# --- telling the work -------------------------------------------------------------


def _one_work(accepted: list[tuple[Record, str]]) -> tuple[Record, str] | None:
    """The one work accepted (a work found twice is one); None for none or several."""
    by_doi: dict[str, tuple[Record, str]] = {}
    for record, why in accepted:
        by_doi.setdefault((record.doi or record.pmid or "").lower(), (record, why))
    return next(iter(by_doi.values())) if len(by_doi) == 1 else None


def _first_author_agrees(own: Sequence[Author], theirs: Sequence[Author]) -> bool | None:
    """Whether the first authors agree on their surname (any spelling of
    it); None when either side names none."""
    if not own or not theirs:
        return None
    mine = {transliteration_key(w) for w in name_words(own[0].family)}
    if not mine:
        return None
    return bool(mine & {transliteration_key(w) for w in name_words(theirs[0].family)})


def _years_agree(year: int | None, years: Sequence[int]) -> bool:
    return year is None or not years or any(abs(year - y) <= 1 for y in years)


def _venue_agrees(identity: ArticleIdentity, record: Record) -> bool:
    if not (identity.journal and identity.volume and identity.year):
        return False
    journal = compare_journal(identity.journal, record.journal, record.journal_abbreviations)
    if journal is None or journal.relation is JournalRelation.DIFFERENT:
        return False
    if (record.volume or "").strip() != identity.volume.strip():
        return False
    if identity.issue and record.issue and record.issue.strip() != identity.issue.strip():
        return False
    return identity.year in record.years


def _venue_contradicts(identity: ArticleIdentity, record: Record) -> bool:
    """Whether the document's journal or volume is not the record's, when
    both sides name one: a title alike in another journal is another work
    (a paper's part two, a conference version)."""
    if identity.journal and (record.journal or record.journal_abbreviations):
        journal = compare_journal(identity.journal, record.journal, record.journal_abbreviations)
        if journal is not None and journal.relation is JournalRelation.DIFFERENT:
            return True
    return bool(
        identity.volume and record.volume and identity.volume.strip() != record.volume.strip()
    )


def _text_uses_title(identity: ArticleIdentity, record: Record) -> bool:
    title = " ".join(t for t in (record.title, record.subtitle) if t)
    words = [w for w in normalise(title).split() if len(w) >= 4]
    if len(words) < MIN_TITLE_WORDS:
        return False
    used = sum(1 for w in words if w in identity.words)
    return used >= TITLE_WORDS_IN_TEXT * len(words)


def _named_agree(identity: ArticleIdentity, record: Record) -> bool | None:
    """Whether the surnames the text puts to markers (``Wagner et al.
    [39]``) are those of the deposit's entries at those places, for most
    of them (NAMED_AGREEING) and one at least; None when no such marker
    can be checked (none named, or the entries name nobody)."""
    references = record.deposit.references if record.deposit is not None else ()
    checked = agreeing = 0
    for surname, number in identity.named_citations:
        if not 1 <= number <= len(references):
            continue
        entry = references[number - 1]
        names = set(name_words(entry.author or (entry.unstructured or "")[:NAMES_AT_START]))
        if not names:
            continue
        checked += 1
        agreeing += bool(set(name_words(surname)) & names)
    if not checked:
        return None
    return agreeing >= 1 and agreeing >= NAMED_AGREEING * checked


def _deposit_fits(document: Document, record: Record) -> bool:
    """Whether the deposit holds as many entries as the numbered markers
    count up to (give or take :data:`DEPOSIT_SLACK`), or, for author–year
    markers, most of the works they name."""
    deposit = record.deposit
    if deposit is None or not deposit.references:
        return False
    numbers = [n for c in document.citations if c.style is CitationStyle.NUMERIC for n in c.numbers]
    if numbers:
        highest = max(numbers)
        return highest <= deposit.count <= highest * (1 + DEPOSIT_SLACK) + 2
    found, missing = _author_years(document, deposit.references)
    return found > 0 and found >= 4 * len(missing)


def _author_years(
    document: Document, references: Sequence[DepositedReference]
) -> tuple[int, list[str]]:
    """How many distinct author–year pointers of ``document`` name an
    entry of ``references``, and those that name none (``Smith 2019``)."""
    pointers = {
        (fold(p.surname), p.year[:4]): f"{p.surname} {p.year}"
        for c in document.citations
        for p in c.author_years
    }
    if not pointers:
        return 0, []
    listed: set[tuple[str, str]] = set()
    for reference in references:
        year = (reference.year or "")[:4]
        head = reference.author or (reference.unstructured or "")[:80]
        if not year and reference.unstructured:
            dated = _YEAR.search(reference.unstructured)
            year = dated[0] if dated else ""
        for word in name_words(head):
            listed.add((word, year))
    found = 0
    missing: list[str] = []
    for (surname, year), shown in pointers.items():
        words = name_words(surname)
        if words and (words[-1], year) in listed:
            found += 1
        else:
            missing.append(shown)
    return found, missing


# --- writing it down ----------------------------------------------------------------


def _recovered(finding: Finding, recovery: Recovery) -> Finding:
    record = recovery.record
    kept = len(recovery.references)
    entries = (
        f"{kept} entries"
        if kept == recovery.deposited
        else (f"{recovery.deposited} entries ({kept} kept)")
    )
    said = [
        f"markers {_ranges(recovery.covered)} point into it"
        if recovery.covered
        else "no numbered marker points into it"
    ]
    said.append(
        f"markers {_ranges(recovery.past)} point past it" if recovery.past else "none past it"
    )
    if recovery.beyond_kept:
        said.append(f"markers {_ranges(recovery.beyond_kept)} point past the entries kept")
    if recovery.author_years_found or recovery.author_years_missing:
        said.append(
            f"{recovery.author_years_found} author–year citations name an entry of it"
            + (
                f", {len(recovery.author_years_missing)} name none"
                if recovery.author_years_missing
                else ""
            )
        )
    message = (
        f"{finding.message}; recovered from the list its publisher deposited with Crossref for "
        f"{_describe(record)}: {entries}; {', '.join(said)}"
    )
    evidence = [
        *finding.evidence,
        ("recovered_from", _source(record)),
        ("identified_by", recovery.identified_by),
        ("recovered_entries", str(kept)),
        ("deposited_entries", str(recovery.deposited)),
        ("markers_covered", _ranges(recovery.covered) or "none"),
        ("markers_past_list", _ranges(recovery.past) or "none"),
    ]
    if recovery.beyond_kept:
        evidence.append(("markers_past_entries_kept", _ranges(recovery.beyond_kept)))
    if recovery.author_years_found or recovery.author_years_missing:
        evidence.append(("author_year_covered", str(recovery.author_years_found)))
        evidence.append(
            ("author_year_not_in_list", shorten(", ".join(recovery.author_years_missing), 400))
        )
    evidence.extend(
        (f"entry_{n}", render_reference(reference))
        for n, reference in enumerate(recovery.references[:RECOVERED_SHOWN], start=1)
    )
    return replace(finding, message=message, evidence=tuple(evidence))


def render_reference(reference: DepositedReference) -> str:
    """One deposited entry for people: its unstructured text when deposited,
    else its fields (``Arnsten AF 2006. Title. Journal 31:2376``), with its DOI."""
    if reference.unstructured:
        text = reference.unstructured
    else:
        where = " ".join(
            p
            for p in (
                reference.journal_title or reference.volume_title or reference.series_title,
                f"{reference.volume}:{reference.first_page}"
                if reference.volume and reference.first_page
                else reference.volume or reference.first_page,
            )
            if p
        )
        head = " ".join(p for p in (reference.author, reference.year) if p)
        text = ". ".join(p.rstrip(".") for p in (head, reference.article_title, where) if p)
    if reference.doi and reference.doi not in text.lower():
        text = f"{text} DOI {reference.doi}" if text else f"DOI {reference.doi}"
    return shorten(text, ENTRY_TEXT) if text else "(nothing readable deposited)"


def _noted(finding: Finding, said: str, *evidence: tuple[str, str]) -> Finding:
    return replace(
        finding, message=f"{finding.message}; {said}", evidence=(*finding.evidence, *evidence)
    )


def _source(record: Record) -> str:
    return f"DOI {record.doi} (Crossref deposit)" if record.doi else "Crossref deposit"


def _describe(record: Record) -> str:
    """``DOI 10.x/y ("Title", Smith et al. 2011)``."""
    parts = []
    if record.title:
        parts.append(f'"{shorten(record.title, 80)}"')
    who = record.authors[0].family if record.authors else ""
    if who and len(record.authors) > 1:
        who += " et al."
    head = " ".join(p for p in (who, str(record.issued_year or "")) if p)
    if head:
        parts.append(head)
    inner = ", ".join(parts)
    name = f"DOI {record.doi}" if record.doi else "a work"
    return f"{name} ({inner})" if inner else name


def _what(identity: ArticleIdentity) -> str:
    """What the article was searched by, in words."""
    if identity.doi:
        return f"by its DOI {identity.doi}"
    if identity.title:
        return f'by its title "{shorten(identity.title, 80)}"' + (
            f" and first author {identity.authors[0].family}" if identity.authors else ""
        )
    return (
        f"by its page headers' {identity.journal} {identity.volume}"
        + (f" ({identity.year})" if identity.year else "")
        + " and the words of its text"
    )


def _ranges(numbers: Iterable[int]) -> str:
    """``1–5, 7, 9–12``, at most :data:`MAX_RANGES` runs."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in runs[:MAX_RANGES])
    if len(runs) > MAX_RANGES:
        text += f", … ({len(runs) - MAX_RANGES} more runs)"
    return text


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_TEXT:
        text = text[:MAX_QUERY_TEXT].rsplit(" ", 1)[0]
    return text
