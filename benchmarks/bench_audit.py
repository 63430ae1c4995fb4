"""Audit throughput with every record already in the cache.

Usage::

    .venv/bin/python benchmarks/bench_audit.py [--documents 1000] [--references 30]

Generates a corpus of Markdown documents with Vancouver references (60 %
with a DOI, 30 % with a PMID, 10 % with neither), fills a cache with a record
for every identifier (most matching their claims, some not), then runs the
whole audit offline: reading, the checks, matching every claim against its
record, the verdicts, and writing the SQLite report in batches. What it
measures is citecheck's own cost, not the services'.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from citecheck.audit import AuditOptions, run_audit
from citecheck.cache import CacheStore
from citecheck.config import ServiceSettings
from citecheck.models import Author, Identifier, IdType, Lookup, LookupStatus, Record, Service
from citecheck.reports.database import ReportDatabase
from citecheck.resolve import Resolver

SURNAMES = [
    "Smith",
    "Müller",
    "van der Berg",
    "Nguyen",
    "García",
    "Kowalski",
    "Rossi",
    "Tanaka",
    "Lee",
    "Chen",
]
WORDS = [
    "chemokine",
    "receptor",
    "signalling",
    "tumour",
    "stromal",
    "migration",
    "adhesion",
    "metastasis",
    "antagonist",
    "clinical",
    "trial",
    "expression",
    "survival",
    "microglia",
    "astrocytes",
    "barrier",
    "progenitor",
    "marrow",
    "niche",
]


def make_work(rng: random.Random, n: int) -> tuple[Record, str]:
    """A record and a Vancouver entry that cites it (one in ten with a wrong year)."""
    authors = tuple(
        Author(rng.choice(SURNAMES), rng.choice("ABCDEFG")) for _ in range(rng.randint(1, 5))
    )
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))).capitalize()
    year = rng.randint(1990, 2025)
    kind = rng.random()
    doi = f"10.{1000 + n % 9000}/bench.{n:07d}" if kind < 0.6 else None
    pmid = str(10_000_000 + n) if 0.6 <= kind < 0.9 else None
    record = Record(
        service=Service.CROSSREF if doi else Service.PUBMED,
        doi=doi,
        pmid=pmid,
        title=title,
        authors=authors,
        issued_year=year,
        journal="Journal of Benchmarks",
        journal_abbreviations=("J Bench",),
        volume=str(rng.randint(1, 300)),
        pages=f"{rng.randint(1, 500)}-{rng.randint(501, 999)}",
    )
    claimed_year = year if rng.random() > 0.1 else year + 3
    names = ", ".join(f"{a.family} {a.given}" for a in authors)
    ident = f" doi:{doi}" if doi else (f" PMID: {pmid}" if pmid else "")
    entry = f"{names}. {title}. J Bench. {claimed_year};{record.volume}:{record.pages}.{ident}"
    return record, entry


def write_corpus(folder: Path, documents: int, references: int, seed: int = 3) -> list[Record]:
    rng = random.Random(seed)
    works = [make_work(rng, n) for n in range(documents * references // 2)]
    records: list[Record] = []
    for index in range(documents):
        # About half the references are shared with other documents.
        chosen = rng.sample(works, references)
        body = " ".join(f"Claim number {n} [{n}]." for n in range(1, references + 1))
        refs = "\n".join(f"{n}. {entry}" for n, (_, entry) in enumerate(chosen, start=1))
        (folder / f"doc{index:05d}.md").write_text(
            f"# Document {index}\n\n{body}\n\n## References\n\n{refs}\n"
        )
        records.extend(record for record, _ in chosen)
    return records


def fill_cache(cache: CacheStore, records: list[Record]) -> None:
    now = time.time()
    lookups = {}
    for record in records:
        if record.doi:
            identifier = Identifier(IdType.DOI, record.doi)
        elif record.pmid:
            identifier = Identifier(IdType.PMID, record.pmid)
        else:
            continue
        lookups[identifier.key] = Lookup(
            identifier, LookupStatus.FOUND, record.service, record=record, fetched_at=now
        )
    cache.put_many(lookups.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--references", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        records = write_corpus(corpus, args.documents, args.references)
        with CacheStore.open(root / "cache.db") as cache:
            fill_cache(cache, records)
            report = ReportDatabase.open(root / "report.db")
            settings = ServiceSettings()
            started = time.perf_counter()
            with Resolver(settings, cache=cache, offline=True) as resolver:
                result = run_audit(
                    [corpus],
                    resolver=resolver,
                    options=AuditOptions(),
                    report=report,
                    keep_audits=False,
                )
            elapsed = time.perf_counter() - started
            report.close()
        references = result.tally.references
        unverified = result.unverified
        size = (root / "report.db").stat().st_size / 1e6
        print(
            f"{args.documents} documents, {references} references in {elapsed:.2f} s = "
            f"{references / elapsed:,.0f} references/s ({unverified} unverified; report {size:.1f} MB)"
        )


if __name__ == "__main__":
    main()
