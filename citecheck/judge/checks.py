"""Checks that need no network: what a document says about its own citations.

Each check is a function from a :class:`Document` to findings; ``check_document``
runs them all. Findings point at the line an editor should look at.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from rapidfuzz import fuzz

from citecheck.describe import claims_text, shorten
from citecheck.models import (
    DEFAULT_SEVERITY,
    CitationStyle,
    Claims,
    Document,
    Entry,
    EntryRole,
    Finding,
    FindingCode,
    Location,
    Severity,
)
from citecheck.names import fold

# Two claimed titles of one identifier that score below this (best of
# token-set and partial ratio, 0-100) describe different works. Low on
# purpose: a wiki's short description and the real title share few words
# yet are the same work; only claims that share almost nothing conflict.
CONFLICTING_TITLE_SCORE = 60
# Two entries whose normalised titles score at least this (plain ratio) are
# the same work listed twice; high, because related papers of one group
# often differ by a word or two.
DUPLICATE_TITLE_SCORE = 95
# Titles shorter than this (normalised characters) are too generic
# ("Introduction", "Editorial") to call two entries duplicates.
DUPLICATE_TITLE_MIN_LENGTH = 20
# An identifier's claim forms compared with each other: a document citing
# one DOI in more distinct ways than this is reported on its first ones.
MAX_CLAIM_FORMS = 32
# Fuzzy title comparisons per document when looking for near-identical
# titles: titles of about the same length only, and no more than this many,
# so that a list of thousands of entries costs seconds at most.
MAX_TITLE_COMPARISONS = 300_000

Check = Callable[[Document], Iterable[Finding]]

logger = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[\W_]+")


def check_document(document: Document) -> list[Finding]:
    """Return every network-free finding about ``document``, in file order."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(document))
    findings.sort(key=lambda f: (f.location or Location(0, 0), f.code.value))
    return findings


def missing_reference_list(document: Document) -> Iterator[Finding]:
    """Markers cite entries but the document has no reference list."""
    if document.entries or not document.citations:
        return
    pointed: set[str] = set()
    for citation in document.citations:
        pointed.update(citation.labels)
        pointed.update(f"{p.surname} {p.year}" for p in citation.author_years)
    first = document.citations[0]
    yield _finding(
        FindingCode.NO_REFERENCE_LIST,
        document,
        first.location,
        f"{len(document.citations)} in-text citations point to {len(pointed)} distinct "
        "entries, but the document has no reference list",
        evidence=(("citations", str(len(document.citations))), ("distinct", str(len(pointed)))),
    )


def dangling_citations(document: Document) -> Iterator[Finding]:
    """Markers that point to entries the reference list does not have."""
    if not document.entries:
        return
    known = _known_labels(document.entries)
    missing: dict[str, list[Location]] = {}
    for citation in document.citations:
        for label in citation.labels:
            if label not in known:
                missing.setdefault(label, []).append(citation.location)
    for label, locations in missing.items():
        lines = ", ".join(str(loc.line) for loc in locations)
        yield _finding(
            FindingCode.DANGLING_CITATION,
            document,
            locations[0],
            f"marker [{label}] points to entry {label}, which the reference list "
            f"(entries {_range_text(document.entries)}) does not have",
            entry_label=label,
            evidence=(("label", label), ("lines", lines)),
        )
    yield from _dangling_author_years(document)


def uncited_entries(document: Document) -> Iterator[Finding]:
    """Reference-list entries that no in-text citation points to."""
    if not document.citations or not document.entries:
        return
    is_cited = _cited_test(document)
    for entry in _references(document):
        if is_cited(entry):
            continue
        yield _finding(
            FindingCode.UNCITED_REFERENCE,
            document,
            entry.location,
            f"entry {entry.label} is never cited in the text: {_describe(entry)}",
            entry_label=entry.label,
        )


def conflicting_claims(document: Document) -> Iterator[Finding]:
    """The same identifier cited with different authors, year or title,
    anywhere in the document (external-link sections included).

    Each citation is reported once at most, against the first earlier one it
    disagrees with. Citations that claim the same (first author, year,
    title) are one claim form and are compared once, and each form only
    with the first :data:`MAX_CLAIM_FORMS` forms of its identifier, so that
    an identifier cited thousands of times costs linear work, not a
    comparison of every pair.
    """
    holders: dict[str, list[Entry]] = defaultdict(list)
    for entry in (*document.entries, *document.links):
        for identifier in entry.identifiers:
            holders[identifier.key].append(entry)
    for key, entries in holders.items():
        forms: dict[tuple[str | None, int | None, str | None], int] = {}
        firsts: list[Entry] = []
        differ: dict[tuple[int, int], list[str]] = {}
        for second in entries:
            if second.claims.is_empty:
                continue
            form = forms.setdefault(_claim_form(second.claims), len(forms))
            if form == len(firsts):
                firsts.append(second)
            conflict = _first_conflict(form, firsts, differ)
            if conflict is None:
                continue
            first, differences = firsts[conflict], differ[(conflict, form)]
            identifier = next(i for i in second.identifiers if i.key == key)
            # Authors or years that disagree mean one citation is wrong;
            # titles alone may be two paraphrases of one work.
            severity = (
                Severity.ERROR if {"authors", "year"} & set(differences) else Severity.WARNING
            )
            yield _finding(
                FindingCode.CONFLICTING_CLAIMS,
                document,
                second.location,
                f"{identifier.type.value.upper()} {identifier.value} is cited with different "
                f"{' and '.join(differences)}: {_where(first)} {_describe(first)} — "
                f"{_where(second)} {_describe(second)}",
                entry_label=second.label,
                severity=severity,
                evidence=(
                    ("identifier", str(identifier)),
                    ("differs", ",".join(differences)),
                    ("first_line", str(first.location.line)),
                    ("first_claim", _describe(first)),
                    ("second_line", str(second.location.line)),
                    ("second_claim", _describe(second)),
                ),
            )


def _claim_form(claims: Claims) -> tuple[str | None, int | None, str | None]:
    """What :func:`claim_differences` compares of ``claims``: two claims of
    one form differ from every third claim alike."""
    family = fold(claims.authors[0].family) if claims.authors else None
    return family, claims.year, _normal_title(claims.title) if claims.title else None


def _first_conflict(
    form: int, firsts: list[Entry], differ: dict[tuple[int, int], list[str]]
) -> int | None:
    """The first form met so far (among the first MAX_CLAIM_FORMS) whose
    claims differ from those of ``form``, ``differ`` keeping each pair's
    differences; every form in ``firsts`` was first cited before now."""
    for earlier in range(min(len(firsts), MAX_CLAIM_FORMS)):
        if earlier == form:
            continue
        pair = (earlier, form)
        if pair not in differ:
            differ[pair] = claim_differences(firsts[earlier].claims, firsts[form].claims)
        if differ[pair]:
            return earlier
    return None


def duplicate_entries(document: Document) -> Iterator[Finding]:
    """Two reference-list entries that are the same work: the same
    identifier with compatible claims, or a near-identical title."""
    references = _references(document)
    seen_pairs: set[tuple[str, str]] = set()
    by_key: dict[str, Entry] = {}
    for entry in references:
        for identifier in entry.identifiers:
            earlier = by_key.setdefault(identifier.key, entry)
            pair = (earlier.label, entry.label)
            if earlier is entry or pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            # Same identifier, different claims: conflicting_claims reports it.
            if not claim_differences(earlier.claims, entry.claims):
                yield _duplicate(document, earlier, entry, f"the same {identifier}")
    titled = [(e, _normal_title(e.claims.title)) for e in references if e.claims.title]
    titled = [(e, t) for e, t in titled if len(t) >= DUPLICATE_TITLE_MIN_LENGTH]
    for first, second, score in _similar_titles(titled):
        pair = (first.label, second.label)
        if pair not in seen_pairs:
            seen_pairs.add(pair)
            yield _duplicate(document, first, second, f"near-identical titles ({score:.0f}%)")


def _similar_titles(titled: list[tuple[Entry, str]]) -> Iterator[tuple[Entry, Entry, float]]:
    """For each entry of ``titled`` whose title scores at least
    DUPLICATE_TITLE_SCORE with an earlier one's: the earliest such entry,
    the entry and the score, in list order (so findings grow with the list,
    never with its pairs).

    Identical titles are grouped first, and only distinct titles scored:
    each with those of about its length alone (a ratio that high needs
    lengths within a few per cent), and no more than MAX_TITLE_COMPARISONS
    pairs in all.
    """
    groups: dict[str, int] = {}
    starts: list[int] = []  # the first entry of each distinct title
    member_of: list[int] = []
    for index, (_, title) in enumerate(titled):
        group = groups.setdefault(title, len(groups))
        if group == len(starts):
            starts.append(index)
        member_of.append(group)
    similar: dict[int, list[tuple[int, float]]] = defaultdict(list)
    # ratio = 100 * (1 - distance / (la + lb)) and distance >= lb - la.
    stretch = (200 - DUPLICATE_TITLE_SCORE) / DUPLICATE_TITLE_SCORE
    by_length = sorted(groups, key=len)
    budget = MAX_TITLE_COMPARISONS
    for rank, title in enumerate(by_length):
        for other in by_length[rank + 1 :]:
            if len(other) > len(title) * stretch or budget <= 0:
                break
            budget -= 1
            score = fuzz.ratio(title, other, score_cutoff=DUPLICATE_TITLE_SCORE)
            if score:
                similar[groups[title]].append((groups[other], score))
                similar[groups[other]].append((groups[title], score))
    if budget <= 0:
        logger.info("near-identical titles: stopped after %d comparisons", MAX_TITLE_COMPARISONS)
    for index, group in enumerate(member_of):
        partners = [(starts[group], 100.0)] if starts[group] < index else []
        partners.extend((starts[h], score) for h, score in similar[group] if starts[h] < index)
        if partners:
            first, score = min(partners)
            yield titled[first][0], titled[index][0], score


def nothing_to_check(document: Document) -> Iterator[Finding]:
    """Entries with neither an identifier nor a title (a bare host name)."""
    for entry in _references(document):
        if entry.identifiers or entry.claims.title:
            continue
        yield _finding(
            FindingCode.NOTHING_TO_CHECK,
            document,
            entry.location,
            f"entry {entry.label} ({shorten(entry.raw, 60)}) has no identifier and no title: "
            "nothing to check it by",
            entry_label=entry.label,
        )


def malformed_identifiers(document: Document) -> Iterator[Finding]:
    """Text that tries to be an identifier and cannot be one."""
    for problem in document.identifier_problems:
        yield _finding(
            FindingCode.MALFORMED_IDENTIFIER,
            document,
            problem.location,
            f"malformed {problem.type.value.upper()} {problem.raw!r}: {problem.reason}",
            evidence=(("raw", problem.raw), ("type", problem.type.value)),
        )


def reference_list_without_heading(document: Document) -> Iterator[Finding]:
    """A reference list recognised by the shape of its entries rather than
    by a heading: where it is and why it was taken for one, so that a
    reader can check that it is the list the article means."""
    if document.reference_list_found_by != "structure" or not document.entries:
        return
    entries = document.entries
    first, last = entries[0], entries[-1]
    last_line = last.end_line or last.location.line
    identified = sum(1 for e in entries if e.identifiers)
    dated = sum(1 for e in entries if e.claims.authors and e.claims.year)
    is_cited = _cited_test(document)
    cited = sum(1 for e in entries if is_cited(e))
    if document.reference_heading is not None:
        where = f"under the heading on line {document.reference_heading.line}, which names no reference list"
    else:
        where = "with no heading"
    yield _finding(
        FindingCode.REFERENCE_LIST_WITHOUT_HEADING,
        document,
        document.reference_heading or first.location,
        f"lines {first.location.line}–{last_line} ({where}) were taken for the reference list "
        f"by the shape of their {len(entries)} entries: {identified} with an identifier, "
        f"{dated} with authors and a year, {cited} pointed at by in-text citations",
        evidence=(
            ("first_line", str(first.location.line)),
            ("last_line", str(last_line)),
            ("entries", str(len(entries))),
            ("with_identifier", str(identified)),
            ("with_authors_and_year", str(dated)),
            ("cited", str(cited)),
        ),
    )


CHECKS: tuple[Check, ...] = (
    missing_reference_list,
    reference_list_without_heading,
    dangling_citations,
    uncited_entries,
    conflicting_claims,
    duplicate_entries,
    nothing_to_check,
    malformed_identifiers,
)


def claim_differences(first: Claims, second: Claims) -> list[str]:
    """What two claims about one work disagree on: "authors", "year", "title"."""
    differences: list[str] = []
    if (
        first.authors
        and second.authors
        and fold(first.authors[0].family) != fold(second.authors[0].family)
    ):
        differences.append("authors")
    if first.year and second.year and first.year != second.year:
        differences.append("year")
    if first.title and second.title:
        a, b = _normal_title(first.title), _normal_title(second.title)
        score = max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b))
        if score < CONFLICTING_TITLE_SCORE:
            differences.append("title")
    return differences


def _dangling_author_years(document: Document) -> Iterator[Finding]:
    numeric = any(c.style is not CitationStyle.AUTHOR_YEAR for c in document.citations)
    references = _references(document)
    dated = [e for e in references if e.claims.authors and e.claims.year]
    # Only judge author–year markers against a list that is itself
    # author–year: otherwise an unmatched pointer says nothing.
    if numeric or len(dated) * 2 < len(references):
        return
    listed = {_entry_author_year(e) for e in references}
    for citation in document.citations:
        for pointer in citation.author_years:
            if (fold(pointer.surname), pointer.year[:4]) in listed:
                continue
            yield _finding(
                FindingCode.DANGLING_CITATION,
                document,
                citation.location,
                f"{citation.marker} cites {pointer.surname} {pointer.year}, which matches no "
                "entry of the reference list",
                evidence=(("surname", pointer.surname), ("year", pointer.year)),
            )


def _cited_test(document: Document) -> Callable[[Entry], bool]:
    """A test of whether an in-text citation of ``document`` points at an entry."""
    cited = {label for citation in document.citations for label in citation.labels}
    pointed = {(fold(p.surname), p.year[:4]) for c in document.citations for p in c.author_years}

    def is_cited(entry: Entry) -> bool:
        names = {entry.label, *entry.aliases}
        if entry.number is not None:
            names.add(str(entry.number))
        return bool(names & cited) or _entry_author_year(entry) in pointed

    return is_cited


def _entry_author_year(entry: Entry) -> tuple[str, str] | None:
    """The folded first-author surname and year an author–year pointer to
    ``entry`` names (looked up in sets: pointers times entries would be
    quadratic), or None when the entry has no authors or no year."""
    claims = entry.claims
    if not claims.authors or claims.year is None:
        return None
    return fold(claims.authors[0].family), str(claims.year)


def _known_labels(entries: Iterable[Entry]) -> set[str]:
    known: set[str] = set()
    for entry in entries:
        known.add(entry.label)
        known.update(entry.aliases)
        if entry.number is not None:
            known.add(str(entry.number))
    return known


def _references(document: Document) -> list[Entry]:
    return [e for e in document.entries if e.role is EntryRole.REFERENCE]


def _duplicate(document: Document, first: Entry, second: Entry, why: str) -> Finding:
    return _finding(
        FindingCode.DUPLICATE_REFERENCE,
        document,
        second.location,
        f"entries {first.label} and {second.label} are the same work ({why}): {_describe(second)}",
        entry_label=second.label,
        evidence=(("first_entry", first.label), ("first_line", str(first.location.line))),
    )


def _describe(entry: Entry) -> str:
    """A short rendering of an entry's claims: Surname et al. 2023, "Title"."""
    return claims_text(entry.claims) or shorten(entry.raw, 60)


def _where(entry: Entry) -> str:
    if entry.role is EntryRole.LINK:
        return f"a link on line {entry.location.line}:"
    return f"entry {entry.label} (line {entry.location.line}):"


def _range_text(entries: Iterable[Entry]) -> str:
    numbers = sorted(e.number for e in entries if e.number is not None)
    if not numbers:
        return "none numbered"
    return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])


def _normal_title(title: str | None) -> str:
    if not title:
        return ""
    text = title
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip().casefold()


def _finding(
    code: FindingCode,
    document: Document,
    location: Location | None,
    message: str,
    *,
    entry_label: str | None = None,
    severity: Severity | None = None,
    evidence: tuple[tuple[str, str], ...] = (),
) -> Finding:
    return Finding(
        code=code,
        severity=severity or DEFAULT_SEVERITY[code],
        message=message,
        path=document.path,
        location=location,
        entry_label=entry_label,
        evidence=evidence,
    )
