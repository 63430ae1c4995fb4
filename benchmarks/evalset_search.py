"""A labelled set of references without identifiers, to measure citecheck's
searches: genuine entries to be found, genuine ones with a wrong detail,
fabricated ones, HALLMARK-like ones, and books and reports no index holds.

Usage (from the repository root)::

    sys.path.insert(0, "benchmarks"); import evalset_search
    refs = evalset_search.search_set("dev", seed=0)   # list[SearchReference]
    refs[0].search_kind, refs[0].expected, refs[0].right, refs[0].render(Style.APA)

Made from the real records like ``evalset.py``'s set (same readers, same
variations, same dev/test split by a hash of the record's identifier), but
every entry is written without its DOI, PMID or URL. Each is labelled with
the verdicts that are right for it (:attr:`SearchReference.expected`, the
first the one wanted), the identifiers a suggestion may rightly name
(:attr:`SearchReference.acceptable`: every identifier of the right record,
and of any record that is the same work registered twice),
and, for books and reports, the severity wanted (a warning: not being
indexed is no sign of fabrication).
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import evalset  # noqa: E402  (needs the sys.path entry above)
import evalset_kinds as kinds  # noqa: E402
from evalset import DEFAULT_RECORDS, Kind, LabelledReference, load_records, split_of  # noqa: E402
from evalset_styles import SHOWS, Style, initials  # noqa: E402

from citecheck.models import Author, Claims, Record  # noqa: E402

__all__ = ["GROUPS", "SearchKind", "SearchReference", "identifiers_of", "search_set"]


class SearchKind(StrEnum):
    """The label of an entry without an identifier."""

    GENUINE = "genuine"
    """A real work, cited with the variations people make: to be found."""
    WRONG_DETAILS = "wrong-details"
    """A real work with a wrong year, one wrong author, volume or pages."""
    FABRICATED = "fabricated"
    """An invented title by invented authors, in a real journal."""
    NEAR_MISS = "near-miss"
    """A real first author and that author's real journal, with a plausible
    invented title: the search's top hit is the author's real paper."""
    CHIMERIC_TITLE = "chimeric-title"
    """A's authors, venue and year with another record's title (HALLMARK)."""
    MERGED_CITATION = "merged-citation"
    """A's authors and year, B's title and venue (HALLMARK)."""
    SWAPPED_AUTHORS = "swapped-authors"
    """A's title and venue with another record's authors (HALLMARK)."""
    PLACEHOLDER_AUTHORS = "placeholder-authors"
    """A's entry with placeholder names, John Doe (HALLMARK)."""
    NEAR_MISS_TITLE = "near-miss-title"
    """A's entry with a word of its title inserted, changed or dropped (HALLMARK)."""
    FUTURE_DATE = "future-date"
    """A's entry with a year after 2027 (HALLMARK)."""
    NONEXISTENT_VENUE = "nonexistent-venue"
    """A's entry in a journal that does not exist (HALLMARK)."""
    WRONG_VENUE = "wrong-venue"
    """A's entry in another real journal (HALLMARK)."""
    HYBRID_FABRICATION = "hybrid-fabrication"
    """A's venue and year with a made-up title and made-up authors (HALLMARK)."""
    NOT_INDEXED = "not-indexed"
    """A book, report or thesis no index holds: nothing is found, and that
    is no sign of fabrication."""


GROUPS: dict[str, frozenset[SearchKind]] = {
    "genuine": frozenset({SearchKind.GENUINE}),
    "wrong-details": frozenset({SearchKind.WRONG_DETAILS}),
    "fabricated": frozenset(
        {SearchKind.FABRICATED, SearchKind.NEAR_MISS, SearchKind.HYBRID_FABRICATION}
    ),
    "hallmark": frozenset(
        {
            SearchKind.CHIMERIC_TITLE,
            SearchKind.MERGED_CITATION,
            SearchKind.SWAPPED_AUTHORS,
            SearchKind.PLACEHOLDER_AUTHORS,
            SearchKind.NEAR_MISS_TITLE,
            SearchKind.FUTURE_DATE,
            SearchKind.NONEXISTENT_VENUE,
            SearchKind.WRONG_VENUE,
        }
    ),
    "not-indexed": frozenset({SearchKind.NOT_INDEXED}),
}
"""The kinds the benchmark scores together."""

FOUND = "verified-by-search"
MISMATCH = "metadata-mismatch"
NO_SUCH_WORK = "no-such-work"

# The verdicts right for each kind, the wanted one first, and whether a
# suggestion may name the record the entry started from (A) or the one
# whose title it borrowed (B). A title borrowed whole names a real work,
# so pointing at it is no wrong match; an invented one names none.
_EXPECTED: dict[SearchKind, tuple[tuple[str, ...], str]] = {
    SearchKind.GENUINE: ((FOUND,), "a"),
    SearchKind.WRONG_DETAILS: ((MISMATCH,), "a"),
    SearchKind.FABRICATED: ((NO_SUCH_WORK,), ""),
    SearchKind.NEAR_MISS: ((NO_SUCH_WORK,), ""),
    SearchKind.HYBRID_FABRICATION: ((NO_SUCH_WORK,), ""),
    SearchKind.CHIMERIC_TITLE: ((NO_SUCH_WORK, MISMATCH), "b"),
    SearchKind.MERGED_CITATION: ((NO_SUCH_WORK, MISMATCH), "b"),
    SearchKind.SWAPPED_AUTHORS: ((MISMATCH, NO_SUCH_WORK), "a"),
    SearchKind.PLACEHOLDER_AUTHORS: ((MISMATCH, NO_SUCH_WORK), "a"),
    SearchKind.NEAR_MISS_TITLE: ((MISMATCH, NO_SUCH_WORK), "a"),
    SearchKind.FUTURE_DATE: ((MISMATCH,), "a"),
    SearchKind.NONEXISTENT_VENUE: ((MISMATCH,), "a"),
    SearchKind.WRONG_VENUE: ((MISMATCH,), "a"),
    SearchKind.NOT_INDEXED: ((NO_SUCH_WORK,), ""),
}

# The other entries of a record, drawn in turn: wrong details, near-misses
# and books come round twice as often as the rest (the issue names them).
_TURNS: tuple[SearchKind, ...] = (
    SearchKind.WRONG_DETAILS,
    SearchKind.NEAR_MISS,
    SearchKind.FABRICATED,
    SearchKind.CHIMERIC_TITLE,
    SearchKind.NOT_INDEXED,
    SearchKind.WRONG_DETAILS,
    SearchKind.NEAR_MISS,
    SearchKind.SWAPPED_AUTHORS,
    SearchKind.MERGED_CITATION,
    SearchKind.PLACEHOLDER_AUTHORS,
    SearchKind.NEAR_MISS_TITLE,
    SearchKind.FUTURE_DATE,
    SearchKind.NONEXISTENT_VENUE,
    SearchKind.HYBRID_FABRICATION,
    SearchKind.WRONG_VENUE,
    SearchKind.NOT_INDEXED,
)

# What a variation needs the text to show, so the article's style keeps it.
_SHOWN: dict[str, set[str]] = {
    "wrong-volume": {"volume"},
    "wrong-pages": {"pages"},
    "wrong-author": {"authors"},
    "another-record": {"authors"},
    "placeholder": {"first-author"},
    "invented-venue": {"journal"},
    "another-journal": {"journal"},
    "authors-a-title-b": {"authors", "journal"},
}


@dataclass(frozen=True)
class Work:
    """A book, report or thesis that no index holds."""

    kind: str
    """``book``, ``report`` or ``thesis``."""
    publisher: str
    place: str
    edition: str = ""
    number: str = ""
    """A report's number."""


@dataclass(frozen=True)
class SearchReference(LabelledReference):
    """A labelled entry without an identifier. ``expected`` holds the right
    verdicts, the wanted one first; ``acceptable`` the identifiers
    (``doi:…``, ``pmid:…``, lower case) a suggestion may name; ``right``
    the record a genuine entry (or one with wrong details) is of."""

    search_kind: SearchKind = SearchKind.GENUINE
    expected: tuple[str, ...] = (FOUND,)
    acceptable: frozenset[str] = frozenset()
    right: Record | None = None
    severity: str | None = None
    """The severity wanted, when it matters (a warning for not-indexed)."""
    unindexed: Work | None = None

    def render(self, style: Style) -> str:
        if self.unindexed is not None:
            return render_unindexed(style, self.described, self.unindexed)
        return super().render(style)

    def styles(self) -> tuple[Style, ...]:
        """Every style but the wiki link label (without its link it is no
        reference), and only those showing what the label is about."""
        needs = _SHOWN.get(self.variation.split(":")[0], set())
        return tuple(s for s in Style if s is not Style.WIKI_LINK and needs <= SHOWS[s])

    @property
    def group(self) -> str:
        return next(name for name, members in GROUPS.items() if self.search_kind in members)


def identifiers_of(record: Record) -> frozenset[str]:
    """Every identifier of ``record`` as ``type:value``, lower case."""
    found = {f"doi:{record.doi.lower()}"} if record.doi else set()
    if record.pmid:
        found.add(f"pmid:{record.pmid}")
    if record.pmcid:
        found.add(f"pmcid:{record.pmcid.lower()}")
    return frozenset(found)


def search_set(
    split: str,
    *,
    seed: int = 0,
    genuine: int = 2,
    others: int = 2,
    records: Sequence[Record] | None = None,
) -> list[SearchReference]:
    """The labelled entries of ``split`` (``dev``, ``test`` or ``all``): for
    each citable record, ``genuine`` genuine entries and ``others`` of the
    other kinds in turn (:data:`_TURNS`). The same seed and records give
    the same list."""
    every = tuple(records) if records is not None else tuple(load_records(DEFAULT_RECORDS))
    pool = [r for r in every if evalset._citable(r)]
    if split != "all":
        pool = [r for r in pool if split_of(r) == split]
    rng = random.Random(f"search:{split}:{seed}")
    maker = _SearchMaker(pool, every, rng)
    out: list[SearchReference] = []
    turn = 0
    for record in pool:
        for variation, claims in maker.maker.genuine(record, genuine):
            out.append(maker.entry(SearchKind.GENUINE, variation, record, claims))
        for _ in range(others):
            for attempt in range(len(_TURNS)):
                made = maker.make(_TURNS[(turn + attempt) % len(_TURNS)], record)
                if made is not None:
                    out.append(made)
                    break
            turn += 1
    return [replace(ref, key=f"search-{split}-{seed}-{n:05d}") for n, ref in enumerate(out)]


class _SearchMaker:
    def __init__(self, pool: list[Record], every: Sequence[Record], rng: random.Random) -> None:
        self.pool = pool
        self.rng = rng
        self.maker = evalset._Maker(pool, every, rng)  # the variations and errors of evalset
        self.titles = {_title_key(r.title or ""): r for r in every if r.title}
        self.twins: dict[str, list[Record]] = {}
        for record in every:
            if record.title:
                self.twins.setdefault(_title_key(record.title), []).append(record)
        self.journals = sorted({r.journal for r in pool if r.journal})

    def entry(
        self,
        kind: SearchKind,
        variation: str,
        source: Record,
        claims: Claims,
        *,
        borrowed: Record | None = None,
        unindexed: Work | None = None,
    ) -> SearchReference:
        expected, names = _EXPECTED[kind]
        target = source if names == "a" else borrowed if names == "b" else None
        return SearchReference(
            key="",
            kind=Kind.GENUINE if kind is SearchKind.GENUINE else Kind.WRONG_DETAILS,
            variation=variation,
            identifier=None,
            cited=None,
            described=claims,
            source=source,
            form=self.rng.randrange(12),
            search_kind=kind,
            expected=expected,
            acceptable=self._same_work(target) if target is not None else frozenset(),
            right=source if kind in (SearchKind.GENUINE, SearchKind.WRONG_DETAILS) else None,
            severity="warning" if kind is SearchKind.NOT_INDEXED else None,
            unindexed=unindexed,
        )

    def _same_work(self, record: Record) -> frozenset[str]:
        """The identifiers of ``record`` and of every record that is the
        same work registered twice (the same title and first author: the
        real records hold such pairs, a report's two DOIs, a post's
        versions), so that finding either is right."""
        first = record.authors[0].family.lower() if record.authors else ""
        found = set(identifiers_of(record))
        for other in self.twins.get(_title_key(record.title or ""), ()):
            if (other.authors[0].family.lower() if other.authors else "") == first:
                found |= identifiers_of(other)
        return frozenset(found)

    def make(self, kind: SearchKind, a: Record) -> SearchReference | None:
        rng, base = self.rng, kinds.claims_of(a)
        if kind is SearchKind.WRONG_DETAILS:
            return self._wrong_details(a, base)
        if kind is SearchKind.FABRICATED:
            title = self._invented_title(a)
            authors = kinds.invented_authors(rng, rng.randint(1, 5), a.authors)
            claims = replace(base, title=title, authors=authors, **self._numbers(a))
            return self.entry(kind, "invented", a, claims)
        if kind is SearchKind.NEAR_MISS:
            if not a.journal or not a.authors or a.authors[0].is_organisation:
                return None
            title = self._invented_title(a, topic=True)
            others = kinds.invented_authors(rng, rng.randint(0, 3), a.authors)
            year = (a.issued_year or 2000) + rng.randint(-3, 3)
            claims = replace(
                base,
                title=title,
                authors=(a.authors[0], *others[: rng.randint(0, 3)]),
                year=min(year, 2026),
                **self._numbers(a),
            )
            return self.entry(kind, "first-author-and-journal", a, claims)
        if kind is SearchKind.NONEXISTENT_VENUE:
            return self.entry(
                kind, "invented-venue", a, replace(base, journal=_invented_journal(rng, a))
            )
        if kind is SearchKind.NOT_INDEXED:
            return self._unindexed(a)
        made = self.maker.error(Kind(kind.value), a)
        if made is None:
            return None
        borrowed = None
        if kind in (SearchKind.CHIMERIC_TITLE, SearchKind.MERGED_CITATION):
            borrowed = self.titles.get(_title_key(made.described.title or ""))
            if borrowed is None or borrowed is a:
                return None
        return self.entry(kind, made.variation, a, made.described, borrowed=borrowed)

    def _wrong_details(self, a: Record, base: Claims) -> SearchReference | None:
        rng = self.rng
        options: list[tuple[str, Claims]] = []
        year = kinds.wrong_year(rng, a)
        if year is not None:
            options.append(("wrong-year", replace(base, year=year)))
        if len(a.authors) >= 2 and not a.authors[1].is_organisation:
            authors = list(a.authors)
            spot = rng.randrange(1, len(authors))
            authors[spot] = kinds.invented_authors(rng, 1, a.authors)[0]
            options.append(("wrong-author", replace(base, authors=tuple(authors))))
        volume = kinds.wrong_volume(rng, base.volume) if base.volume else None
        if volume:
            options.append(("wrong-volume", replace(base, volume=volume)))
        pages = kinds.wrong_pages(rng, base.pages) if base.pages else None
        if pages:
            options.append(("wrong-pages", replace(base, pages=pages)))
        if not options:
            return None
        how, claims = rng.choice(options)
        return self.entry(SearchKind.WRONG_DETAILS, how, a, claims)

    def _invented_title(self, a: Record, *, topic: bool = False) -> str:
        """A title no record has, sharing under half its words with A's:
        stitched from other records' titles; with ``topic``, A's own head
        and the tail of another title from A's journal, so that the search's
        top hit is often A itself, by the same author in the same journal
        (the hard case: a real author's plausible paper that does not exist)."""
        others = [r for r in self.pool if r is not a and r.title]
        if topic and a.journal:
            near = [r for r in others if r.journal == a.journal]
            others = near if len(near) >= 2 else others
        for attempt in range(20):
            if topic and attempt < 10:
                title = self._continued(a, self.rng.choice(others))
            else:
                title = kinds.fabricated_title(self.rng, others)
            if _title_key(title) not in self.titles and _overlap(title, a.title or "") < 0.5:
                return title
        return f"{kinds.fabricated_title(self.rng, others)}: a {self.rng.choice(_STUDIES)} study"

    def _continued(self, a: Record, other: Record) -> str:
        """A's title's first words, then the second half of ``other``'s."""
        mine, theirs = (a.title or "").split(), (other.title or "").split()
        head = mine[: max(2, len(mine) * 2 // 5)]
        while len(head) > 2 and head[-1].lower().strip(",;:") in kinds._SMALL:
            head.pop()
        tail = theirs[len(theirs) // 2 :] or theirs
        if head[-1].endswith(":"):  # "Head: Tail", the tail capitalised
            while len(tail) > 1 and tail[0].lower() in kinds._SMALL:
                tail = tail[1:]
            tail = [tail[0][:1].upper() + tail[0][1:], *tail[1:]]
        else:
            head[-1] = head[-1].rstrip(",;")
            if tail[0].lower() not in kinds._SMALL:
                tail = [self.rng.choice(("in", "of", "and", "for")), *tail]
        return " ".join(head + tail).rstrip(".")

    def _numbers(self, a: Record) -> dict[str, str | None]:
        rng = self.rng
        volume = str(rng.randint(1, 120)) if a.volume else None
        first = rng.randint(1, 2400)
        pages = f"{first}-{first + rng.randint(3, 18)}" if a.pages else None
        return {"volume": volume, "issue": None, "pages": pages}

    def _unindexed(self, a: Record) -> SearchReference:
        rng = self.rng
        kind = rng.choice(("book", "book", "report", "thesis"))
        words = [w.lower() for w in kinds.content_words(a.title or "")][:6]
        rng.shuffle(words)
        subject = " ".join(words[: rng.randint(2, 3)]) or "research methods"
        subject = subject[0].upper() + subject[1:]
        title = f"{subject}: {rng.choice(_BOOK_TAILS[kind])}"
        count = 1 if kind == "thesis" else rng.randint(1, 3)
        authors = kinds.invented_authors(rng, count, a.authors)
        if kind == "report" and rng.random() < 0.4:
            authors = (
                Author(
                    family=f"{rng.choice(_BODIES)} {subject.split()[0]} Research",
                    is_organisation=True,
                ),
            )
        publisher, place = rng.choice(_PUBLISHERS[kind])
        work = Work(
            kind=kind,
            publisher=publisher,
            place=place,
            edition=rng.choice(("", "", "2nd", "3rd")) if kind == "book" else "",
            number=f"{rng.choice(('TR', 'WP', 'RR'))}-{rng.randint(2000, 2024)}-{rng.randint(1, 99):02d}"
            if kind == "report"
            else "",
        )
        claims = Claims(authors=authors, year=rng.randint(1985, 2024), title=title)
        return self.entry(SearchKind.NOT_INDEXED, kind, a, claims, unindexed=work)


_STUDIES = ("cohort", "pilot", "cross-sectional", "multicentre", "longitudinal")
_BOOK_TAILS = {
    "book": (
        "principles and practice",
        "a practical handbook",
        "theory and applications",
        "an introduction",
        "methods and models",
    ),
    "report": (
        "final report",
        "a technical assessment",
        "survey results",
        "guidance for practitioners",
    ),
    "thesis": ("an empirical investigation", "models and measurements", "three essays"),
}
_BODIES = ("National Institute for", "Centre for", "Agency for", "Council for")
_PUBLISHERS = {
    "book": (
        ("Oxford University Press", "Oxford"),
        ("Cambridge University Press", "Cambridge"),
        ("CRC Press", "Boca Raton, FL"),
        ("Academic Press", "London"),
        ("Wiley-Blackwell", "Hoboken, NJ"),
        ("Springer", "Cham"),
    ),
    "report": (
        ("Institute for Applied Studies", "Geneva"),
        ("Ministry of Health", "Wellington"),
        ("Regional Planning Office", "Leeds"),
    ),
    "thesis": (
        ("University of Leeds", "Leeds"),
        ("Universidade de Lisboa", "Lisbon"),
        ("McGill University", "Montreal"),
        ("Universität Freiburg", "Freiburg"),
    ),
}


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", kinds.strip_marks(title).lower())


def _overlap(x: str, y: str) -> float:
    a = {w.lower() for w in kinds.content_words(x)}
    b = {w.lower() for w in kinds.content_words(y)}
    return len(a & b) / len(a | b) if a | b else 1.0


_VENUE_HEADS = (
    "International Journal of",
    "Journal of Advanced",
    "Annals of Applied",
    "Frontiers in Integrative",
)
_VENUE_TAILS = ("Studies", "Research", "Letters", "Reports", "Perspectives")


def _invented_journal(rng: random.Random, a: Record) -> str:
    words = [w for w in kinds.content_words(a.title or "") if w[0].isalpha()][:3] or ["Science"]
    topic = " ".join(w.capitalize() for w in rng.sample(words, min(2, len(words))))
    return f"{rng.choice(_VENUE_HEADS)} {topic} {rng.choice(_VENUE_TAILS)}"


# --------------------------------------------------------------------------
# Books, reports and theses, in the styles


def _names(authors: Sequence[Author], style: Style) -> str:
    def one(author: Author, n: int) -> str:
        if author.is_organisation or not author.given:
            return author.family
        if style is Style.VANCOUVER or style is Style.DASH:
            return f"{author.family} {initials(author.given, dots=False)}"
        if (
            style in (Style.IEEE, Style.ACM)
            or (style is Style.CHICAGO_NOTE)
            or (style in (Style.CHICAGO, Style.MLA) and n)
        ):
            return (
                f"{initials(author.given) if style is Style.IEEE else author.given} {author.family}"
            )
        if style in (Style.CHICAGO, Style.MLA):
            return f"{author.family}, {author.given}"
        return f"{author.family}, {initials(author.given)}"

    names = [one(a, n) for n, a in enumerate(authors)]
    if len(names) == 1:
        return names[0]
    joiner = {Style.APA: ", & ", Style.NATURE: " & ", Style.CS1: "; "}.get(style, " and ")
    if style in (Style.VANCOUVER, Style.DASH):
        return ", ".join(names)
    return ", ".join(names[:-1]) + joiner + names[-1]


def render_unindexed(style: Style, claims: Claims, work: Work) -> str:
    """A book, report or thesis written in ``style`` (no identifier)."""
    who, title, year = _names(claims.authors, style), claims.title or "", claims.year
    edition = f"{work.edition} ed." if work.edition else ""
    if work.kind == "thesis":
        where = f"PhD thesis, {work.publisher}"
    elif work.kind == "report":
        where = f"Technical Report {work.number}, {work.publisher}"
    else:
        where = work.publisher
    if style is Style.VANCOUVER:
        ed = f" {edition}" if edition else ""
        if work.kind == "thesis":
            return f"{who}. {title} [dissertation]. {work.place}: {work.publisher}; {year}."
        return f"{who}. {title}.{ed} {work.place}: {where}; {year}."
    if style is Style.APA:
        ed = f" ({work.edition} ed.)" if work.edition else ""
        return f"{who} ({year}). {title}{ed}. {where}."
    if style in (Style.CHICAGO, Style.CHICAGO_NOTE):
        sep = ", " if style is Style.CHICAGO_NOTE else ". "
        return f"{who}{sep}{title}{sep}{work.place}: {where}, {year}."
    if style is Style.HARVARD:
        return f"{who} ({year}) {title}. {edition + ' ' if edition else ''}{work.place}: {where}."
    if style is Style.MLA:
        return f"{who}. {title}. {where}, {year}."
    if style is Style.IEEE:
        return f"{who}, {title}{', ' + edition if edition else ''}. {work.place}: {where}, {year}."
    if style is Style.ACM:
        return f"{who}. {year}. {title}. {where}, {work.place}."
    if style is Style.CS1:
        return f"{who} ({year}). {title}. {work.place}: {where}."
    if style is Style.DASH:
        return f"{who} — {title}, {where} {year}."
    return f"{who}. {title} ({where}, {work.place}, {year})."
