"""A labelled set of reference-list entries made from real records, to
measure citecheck's verdicts.

Usage (from the repository root)::

    sys.path.insert(0, "benchmarks"); import evalset
    records = evalset.load_records()                 # ../shared/data/real-records
    refs = evalset.labelled_set("dev", seed=0)       # list[LabelledReference]
    refs[0].kind, refs[0].identifier, refs[0].cited, refs[0].described
    refs[0].render(evalset.Style.APA)

The records (Crossref ``/works`` messages and PubMed ``PubmedArticle`` XML)
are read with citecheck's own readers into :class:`~citecheck.models.Record`
objects, and split into a ``dev`` and a ``test`` half by a hash of the
identifier an entry cites (the DOI of a Crossref record, the PMID of a
PubMed one), so the split never changes with the seed or the folder order.
Each record of a split gives a few genuine entries (seeded variations people
really make) and a few erroneous ones, each labelled with its :class:`Kind`.
Every record an entry uses (A cited, B described) is from the same split.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import evalset_kinds as kinds  # noqa: E402  (needs the sys.path entry above)
from evalset_styles import SHOWS, Style  # noqa: E402
from evalset_styles import render as render_entry  # noqa: E402

from citecheck.models import Claims, Identifier, IdType, Record, Service  # noqa: E402
from citecheck.resolvers.crossref_record import record_from_work  # noqa: E402
from citecheck.resolvers.pubmed_record import parse_efetch  # noqa: E402

__all__ = [
    "DEFAULT_RECORDS",
    "Kind",
    "LabelledReference",
    "Style",
    "cited_identifier",
    "labelled_set",
    "load_records",
    "split_of",
]

DEFAULT_RECORDS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real-records"
"""``../shared/data/real-records`` from the repository root."""


class Kind(StrEnum):
    """The label of an entry: genuine, or the error it carries."""

    GENUINE = "genuine"
    """The cited work, described with the variations people really make."""
    WRONG_WORK = "wrong-work"
    """The entry describes record B but carries record A's identifier."""
    NONEXISTENT_IDENTIFIER = "nonexistent-identifier"
    """An identifier no record has (a digit typo'd, or made up)."""
    SWAPPED_AUTHORS = "swapped-authors"
    """A's title, venue and identifier with another record's authors."""
    PLACEHOLDER_AUTHORS = "placeholder-authors"
    """A's entry with placeholder names (John Doe, A. Author)."""
    INVENTED_AUTHORS = "invented-authors"
    """A's entry with plausible made-up names."""
    PARTIAL_AUTHOR_LIST = "partial-author-list"
    """Middle authors dropped silently (no et al.)."""
    NEAR_MISS_TITLE = "near-miss-title"
    """A word inserted, replaced or dropped so the title's meaning changes."""
    CHIMERIC_TITLE = "chimeric-title"
    """A's authors, venue and identifier with another record's title."""
    HYBRID_FABRICATION = "hybrid-fabrication"
    """A's identifier (and venue, year) with a made-up title and made-up authors."""
    MERGED_CITATION = "merged-citation"
    """A's authors, year and identifier; B's title and venue details."""
    WRONG_VENUE = "wrong-venue"
    """A's entry with another record's journal."""
    FUTURE_DATE = "future-date"
    """A's entry with a year after 2027."""
    WRONG_DETAILS = "wrong-details"
    """The same work with a wrong year (off by 2 or more), volume or pages."""


ERROR_KINDS = tuple(k for k in Kind if k is not Kind.GENUINE)


@dataclass(frozen=True)
class LabelledReference:
    """One labelled entry. ``described`` holds what the entry claims (after
    the variation or the error); ``cited`` the record its identifier resolves
    to (None for a nonexistent one); ``source`` the record the description
    started from (B for wrong-work, A otherwise)."""

    key: str
    kind: Kind
    variation: str
    """What was done: ``exact``, ``title-cut``, ``same-first-surname``..."""
    identifier: Identifier | None
    cited: Record | None
    described: Claims
    source: Record
    form: int = 0
    """Which way to write the identifier (``doi:``, a doi.org URL, ``PMID:``...)."""

    def render(self, style: Style) -> str:
        """The entry written in ``style``, identifier included."""
        return render_entry(style, self.described, self.identifier, self.form)

    def styles(self) -> tuple[Style, ...]:
        """The styles whose text shows what this entry's label is about (a wiki
        link label cannot show a dropped middle author or a wrong page)."""
        needs = _NEEDS.get(
            (self.kind, self.variation.split(":")[0]), _NEEDS.get((self.kind, ""), set())
        )
        return tuple(s for s in Style if needs <= SHOWS[s])


_NEEDS: dict[tuple[Kind, str], set[str]] = {
    (Kind.PARTIAL_AUTHOR_LIST, ""): {"authors"},
    (Kind.SWAPPED_AUTHORS, ""): {"authors"},
    (Kind.INVENTED_AUTHORS, ""): {"authors"},
    (Kind.PLACEHOLDER_AUTHORS, ""): {"first-author"},
    (Kind.WRONG_VENUE, ""): {"journal"},
    (Kind.WRONG_DETAILS, "wrong-volume"): {"volume"},
    (Kind.WRONG_DETAILS, "wrong-pages"): {"pages"},
    (Kind.MERGED_CITATION, ""): {"authors", "journal"},
}
# Styles that show "authors" show the first author too.
for _style in Style:
    if "authors" in SHOWS[_style]:
        SHOWS[_style] = SHOWS[_style] | {"first-author"}


# --------------------------------------------------------------------------
# Records


def load_records(folder: Path | str = DEFAULT_RECORDS) -> list[Record]:
    """Every record in ``folder``'s ``crossref/*.json`` (``/works`` messages)
    and ``pubmed/*.xml`` (efetch documents), read by citecheck's readers, in
    file-name order."""
    return list(_load(str(folder)))


@cache
def _load(folder: str) -> tuple[Record, ...]:
    root = Path(folder)
    records = [
        record_from_work(json.loads(p.read_text("utf-8")))
        for p in sorted((root / "crossref").glob("*.json"))
    ]
    for path in sorted((root / "pubmed").glob("*.xml")):
        records.extend(parse_efetch(path.read_bytes()).records.values())
    return tuple(records)


def cited_identifier(record: Record) -> Identifier | None:
    """The identifier an entry citing ``record`` carries: a Crossref record's
    DOI, a PubMed record's PMID (its DOI may not be in Crossref's set)."""
    if record.service is Service.PUBMED:
        return Identifier(IdType.PMID, record.pmid) if record.pmid else None
    return Identifier(IdType.DOI, record.doi) if record.doi else None


def split_of(record: Record) -> str:
    """``dev`` or ``test``, fixed by a hash of the cited identifier."""
    identifier = cited_identifier(record)
    key = identifier.key if identifier else repr(record.title)
    return "dev" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "test"


def _citable(record: Record) -> bool:
    return bool(cited_identifier(record) and record.title and record.authors and record.issued_year)


# --------------------------------------------------------------------------
# The set


def labelled_set(
    split: str,
    *,
    seed: int = 0,
    genuine: int = 3,
    errors: int = 3,
    records: Sequence[Record] | None = None,
) -> list[LabelledReference]:
    """The labelled entries of ``split`` (``dev``, ``test`` or ``all``): for
    each citable record (identifier, title, authors and year), ``genuine``
    genuine entries (distinct variations where the record allows) and
    ``errors`` erroneous ones of kinds drawn in turn so every kind comes out
    about equally often. The same seed and records give the same list."""
    every = tuple(records) if records is not None else _load(str(DEFAULT_RECORDS))
    pool = [r for r in every if _citable(r)]
    if split != "all":
        pool = [r for r in pool if split_of(r) == split]
    rng = random.Random(f"{split}:{seed}")
    maker = _Maker(pool, every, rng)
    out: list[LabelledReference] = []
    turn = 0
    for record in pool:
        for variation, claims in maker.genuine(record, genuine):
            out.append(maker.entry(Kind.GENUINE, variation, record, record, claims))
        for _ in range(errors):
            for attempt in range(len(ERROR_KINDS)):
                kind = ERROR_KINDS[(turn + attempt) % len(ERROR_KINDS)]
                made = maker.error(kind, record)
                if made is not None:
                    out.append(made)
                    break
            turn += 1
    for n, ref in enumerate(out):
        out[n] = replace(ref, key=f"{split}-{seed}-{n:05d}")
    return out


class _Maker:
    def __init__(self, pool: list[Record], every: Sequence[Record], rng: random.Random) -> None:
        self.pool = pool
        self.rng = rng
        # A nonexistent identifier must be no record's, in either split.
        self.dois = {r.doi.lower() for r in every if r.doi}
        self.pmids = {r.pmid for r in every if r.pmid}

    def entry(
        self,
        kind: Kind,
        variation: str,
        cited: Record | None,
        source: Record,
        claims: Claims,
        identifier: Identifier | None = None,
    ) -> LabelledReference:
        ident = identifier or (cited_identifier(cited) if cited else None)
        return LabelledReference(
            key="",
            kind=kind,
            variation=variation,
            identifier=ident,
            cited=cited,
            described=claims,
            source=source,
            form=self.rng.randrange(12),
        )

    def genuine(self, record: Record, count: int) -> Iterator[tuple[str, Claims]]:
        makers = list(kinds.GENUINE[1:])
        self.rng.shuffle(makers)
        made = [kinds.exact(self.rng, record)] if self.rng.random() < 0.3 else []
        for make in makers:
            if len(made) >= count:
                break
            result = make(self.rng, record)
            if result is not None:
                made.append(result)
        while len(made) < count:
            made.append(kinds.exact(self.rng, record))
        for result in made:
            assert result is not None
            yield result

    def other(
        self, record: Record, *, where: str = "any", unlike: str = ""
    ) -> tuple[str, Record] | None:
        """Another record, picked the hard way named by ``where``; with
        ``unlike="title"`` its title shares under half its words with the
        record's, with ``unlike="authors"`` no surname: so that putting its
        title or authors in the record's entry really is an error."""
        others = [r for r in self.pool if r is not record and r.title != record.title]
        if unlike == "title":
            others = [r for r in others if _title_overlap(r, record) < 0.5]
        elif unlike == "authors":
            mine = {a.family.lower() for a in record.authors}
            others = [r for r in others if not mine & {a.family.lower() for a in r.authors}]
        if not others:
            return None
        first = record.authors[0].family.lower() if record.authors else ""
        if where == "same-first-surname":
            hits = [r for r in others if r.authors and r.authors[0].family.lower() == first]
        elif where == "shared-authors":
            mine = {a.family.lower() for a in record.authors}
            hits = [r for r in others if mine & {a.family.lower() for a in r.authors}]
        elif where == "same-journal":
            hits = [
                r
                for r in others
                if r.journal and record.journal and r.journal.lower() == record.journal.lower()
            ]
        elif where == "same-topic":
            words = {w.lower() for w in kinds.content_words(record.title or "")}
            scored = [
                (len(words & {w.lower() for w in kinds.content_words(r.title or "")}), i)
                for i, r in enumerate(others)
            ]
            best = max(scored, default=(0, 0))
            hits = [others[i] for s, i in scored if s == best[0] and s > 0]
        elif where == "adjacent-identifier":
            hits = [min(others, key=lambda r: _distance(record, r))]
        else:
            hits = others
        return (where, self.rng.choice(hits)) if hits else None

    def error(self, kind: Kind, a: Record) -> LabelledReference | None:
        base = kinds.claims_of(a)
        rng = self.rng
        if kind is Kind.WRONG_WORK:
            for where in [*rng.sample(_HARD, len(_HARD)), "any"]:
                if where == "synthetic-surname":
                    picked = self.other(a)
                    if picked is None or not picked[1].authors or not a.authors:
                        continue
                    b = picked[1]
                    authors = (replace(b.authors[0], family=a.authors[0].family), *b.authors[1:])
                    claims = replace(kinds.claims_of(b), authors=authors)
                    return self.entry(kind, where, a, b, claims)
                picked = self.other(a, where=where)
                if picked is not None:
                    return self.entry(kind, picked[0], a, picked[1], kinds.claims_of(picked[1]))
            return None
        if kind is Kind.NONEXISTENT_IDENTIFIER:
            made = self._nonexistent(a)
            if made is None:
                return None
            how, identifier = made
            return self.entry(kind, how, None, a, base, identifier)
        if kind is Kind.SWAPPED_AUTHORS:
            picked = self.other(a, unlike="authors")
            if picked is None:
                return None
            return self.entry(
                kind, "another-record", a, a, replace(base, authors=picked[1].authors[:8])
            )
        if kind is Kind.PLACEHOLDER_AUTHORS:
            return self.entry(
                kind,
                "placeholder",
                a,
                a,
                replace(base, authors=kinds.placeholder_authors(rng, len(a.authors), a.authors)),
            )
        if kind is Kind.INVENTED_AUTHORS:
            return self.entry(
                kind,
                "invented",
                a,
                a,
                replace(base, authors=kinds.invented_authors(rng, len(a.authors), a.authors)),
            )
        if kind is Kind.PARTIAL_AUTHOR_LIST:
            if len(a.authors) < 4:
                return None
            middle = list(range(1, len(a.authors) - 1))
            drop = set(
                rng.sample(
                    middle, rng.randint(1, max(1, len(middle) // 2 + 1)) if len(middle) > 1 else 1
                )
            )
            authors = tuple(x for i, x in enumerate(a.authors) if i not in drop)
            return self.entry(
                kind, f"dropped-{len(drop)}", a, a, replace(base, authors=authors, et_al=False)
            )
        if kind is Kind.NEAR_MISS_TITLE:
            near = kinds.near_miss(rng, base.title or "")
            if near is None:
                return None
            return self.entry(kind, near[0], a, a, replace(base, title=near[1]))
        if kind is Kind.CHIMERIC_TITLE:
            where = rng.choice(("any", "same-topic", "same-journal"))
            picked = self.other(a, where=where, unlike="title")
            if picked is None:
                return None
            return self.entry(kind, picked[0], a, a, replace(base, title=picked[1].title))
        if kind is Kind.HYBRID_FABRICATION:
            title = kinds.fabricated_title(rng, [r for r in self.pool if r is not a])
            authors = kinds.invented_authors(rng, rng.randint(1, 5), a.authors)
            return self.entry(kind, "fabricated", a, a, replace(base, title=title, authors=authors))
        if kind is Kind.MERGED_CITATION:
            picked = self.other(a, unlike="title")
            if picked is None:
                return None
            merged = replace(kinds.claims_of(picked[1]), authors=base.authors, year=base.year)
            return self.entry(kind, "authors-a-title-b", a, a, merged)
        if kind is Kind.WRONG_VENUE:
            journals = sorted(
                {
                    r.journal
                    for r in self.pool
                    if r.journal and a.journal and _other_journal(r.journal, a)
                }
            )
            if not journals or not a.journal:
                return None
            return self.entry(
                kind, "another-journal", a, a, replace(base, journal=rng.choice(journals))
            )
        if kind is Kind.FUTURE_DATE:
            return self.entry(
                kind, "future-year", a, a, replace(base, year=rng.randint(2028, 2035))
            )
        if kind is Kind.WRONG_DETAILS:
            return self._wrong_details(a, base)
        raise AssertionError(kind)

    def _wrong_details(self, a: Record, base: Claims) -> LabelledReference | None:
        options: list[tuple[str, Claims]] = []
        year = kinds.wrong_year(self.rng, a)
        if year is not None:
            options.append(("wrong-year", replace(base, year=year)))
        volume = kinds.wrong_volume(self.rng, base.volume) if base.volume else None
        if volume:
            options.append(("wrong-volume", replace(base, volume=volume)))
        pages = kinds.wrong_pages(self.rng, base.pages) if base.pages else None
        if pages:
            options.append(("wrong-pages", replace(base, pages=pages)))
        if not options:
            return None
        how, claims = self.rng.choice(options)
        return self.entry(Kind.WRONG_DETAILS, how, a, a, claims)

    def _nonexistent(self, a: Record) -> tuple[str, Identifier] | None:
        ident = cited_identifier(a)
        if ident is None:
            return None
        known = self.dois if ident.type is IdType.DOI else self.pmids
        for _ in range(20):
            if self.rng.random() < 0.6:
                how, value = "digit-typo", _typo_digit(self.rng, ident.value)
            else:
                how, value = "made-up", _made_up(self.rng, ident)
            if value and value.lower() not in known:
                return how, Identifier(ident.type, value)
        return None


_HARD = [
    "same-first-surname",
    "shared-authors",
    "same-journal",
    "same-topic",
    "adjacent-identifier",
    "synthetic-surname",
]


def _title_overlap(a: Record, b: Record) -> float:
    """The share of content words two titles have in common (Jaccard)."""
    x = {w.lower() for w in kinds.content_words(a.title or "")}
    y = {w.lower() for w in kinds.content_words(b.title or "")}
    return len(x & y) / len(x | y) if x | y else 1.0


def _other_journal(journal: str, a: Record) -> bool:
    """Whether ``journal`` is not A's under any of its names (letters only,
    so "PLoS ONE" is "PLOS One"; ISO-like forms compared too)."""

    def key(name: str) -> str:
        return re.sub(r"[^a-z]", "", name.lower())

    mine = {a.journal or "", *a.journal_abbreviations}
    keys = {key(j) for j in mine} | {key(kinds.iso_abbreviation(j)) for j in mine}
    return key(journal) not in keys and key(kinds.iso_abbreviation(journal)) not in keys


def _distance(a: Record, b: Record) -> tuple[int, int]:
    """How far B's identifier is from A's: PMIDs numerically, DOIs by the
    length of their common prefix (longer is closer), then by suffix digits."""
    ia, ib = cited_identifier(a), cited_identifier(b)
    if ia is None or ib is None or ia.type is not ib.type:
        return (10**9, 10**12)
    if ia.type is IdType.PMID:
        return (0, abs(int(ia.value) - int(ib.value)))
    x, y = ia.value.lower(), ib.value.lower()
    common = next(
        (i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))
    )
    dx, dy = re.sub(r"\D", "", x[common:])[:9], re.sub(r"\D", "", y[common:])[:9]
    return (-common, abs(int(dx or 0) - int(dy or 0)))


def _typo_digit(rng: random.Random, value: str) -> str | None:
    start = value.find("/") + 1  # keep a DOI's prefix; a PMID has no slash
    spots = [i for i in range(start, len(value)) if value[i].isdigit()]
    if not spots:
        return None
    i = rng.choice(spots)
    digit = rng.choice([d for d in "0123456789" if d != value[i]])
    if i == 0 and digit == "0":
        digit = "9" if value[i] != "9" else "1"
    return value[:i] + digit + value[i + 1 :]


def _made_up(rng: random.Random, ident: Identifier) -> str:
    if ident.type is IdType.PMID:
        return str(rng.randint(1_000_000, 39_999_999))
    prefix = ident.value.split("/", 1)[0]
    suffix = rng.choice(
        (
            f"j.{rng.choice(('jcm', 'neuro', 'ijms', 'envres'))}.{rng.randint(2005, 2024)}.{rng.randint(1, 12):02d}.{rng.randint(1, 999):03d}",
            f"s{rng.randint(10000, 99999)}-0{rng.randint(10, 99)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}",
            f"{rng.randint(100000, 999999)}",
        )
    )
    return f"{prefix}/{suffix}"
