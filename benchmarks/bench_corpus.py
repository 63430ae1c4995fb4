"""Auditing a corpus against the local stand-in for Crossref and E-utilities.

Usage::

    .venv/bin/python benchmarks/bench_corpus.py [--documents 1000] [--references 30] \\
        [--latency 0.2] [--naive 100] [--memory] [--resume] [--no-main]

Generates Markdown documents whose Vancouver references cite works of a
stand-in :class:`Corpus` (60 % with a DOI, 30 % with a PMID, 10 % with
neither; every reference drawn from a pool of documents × references / 3
works, so a work is cited about three times), starts the stand-in on
127.0.0.1 with the polite-pool limits and ``--latency``, and audits the
corpus with citecheck in a fresh child process (fresh cache, a report file).

Prints the wall time, the requests and 429s per route, the lower bound set by
the rate limits (Crossref list and single buckets one after the other, NCBI
alongside them, plus one latency) and wall / bound. Options:

- ``--naive N``: the first N documents through "the script a user would
  otherwise write" (habanero ``works(ids=doi)`` per DOI, one efetch POST per
  PMID, one at a time, no cache, 429s honoured), against citecheck on the
  same N documents; 0 skips it.
- ``--memory``: peak RSS and wall time of a child auditing 100 and
  ``--documents`` documents (and ``--memory-sizes`` for others).
- ``--resume``: a run of ``--resume-documents`` interrupted after half its
  report batches, then resumed, against an uninterrupted run: requests made.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import habanero
import httpx

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from standin import Corpus, ServiceLimits, StandIn, Work  # noqa: E402

MAILTO = "bench@example.org"
SETTINGS = {"bench": "corpus"}
# Crossref knows 97 % of the DOIs (the rest: 2 % DataCite's, 1 % nowhere),
# PubMed 98 % of the PMIDs.
FOUND, DATACITE, PMID_FOUND = 0.97, 0.02, 0.98


@dataclass(frozen=True, slots=True)
class Urls:
    crossref: str
    eutils: str
    idconv: str


# The corpus.


def _entry(work: Work, ident: str) -> str:
    names = ", ".join(f"{family} {given[0]}" for family, given in work.authors)
    return f"{names}. {work.title}. {work.journal}. {work.year};{work.volume}:{work.pages}.{ident}"


def _invented(rng: random.Random, n: int) -> Work:
    """A work no service knows (for DOIs nowhere and references without an id)."""
    first = rng.randint(1, 900)
    return Work(
        title=f"Unlisted study number {n} of outcomes",
        authors=(("Doe", "Jane"), ("Roe", "Rich")),
        year=rng.randint(1990, 2024),
        journal="Journal of Elsewhere",
        volume=str(rng.randint(1, 99)),
        pages=f"{first}-{first + 9}",
    )


def make_corpus(documents: int, references: int, seed: int = 5) -> tuple[Corpus, list[str]]:
    """The stand-in's corpus and the pool of reference entries citing it."""
    pool = max(references, documents * references // 3)
    n_dois, n_pmids = round(pool * 0.6), round(pool * 0.3)
    corpus = Corpus.generate(
        dois=n_dois,
        pmids=n_pmids,
        found=FOUND,
        datacite=DATACITE,
        pmid_found=PMID_FOUND,
        seed=seed,
    )
    rng = random.Random(seed)
    entries: list[str] = []
    for n, doi in enumerate(corpus.dois):
        work = corpus.works.get(doi.lower()) or _invented(rng, n)
        entries.append(_entry(work, f" doi:{doi}"))
    for n, pmid in enumerate(corpus.pmids):
        work = corpus.articles.get(pmid) or _invented(rng, n_dois + n)
        entries.append(_entry(work, f" PMID: {pmid}"))
    for n in range(pool - n_dois - n_pmids):
        entries.append(_entry(_invented(rng, n_dois + n_pmids + n), ""))
    return corpus, entries


def write_documents(
    folder: Path, entries: list[str], documents: int, references: int, seed: int = 5
) -> list[Path]:
    rng = random.Random(seed)
    paths: list[Path] = []
    for index in range(documents):
        chosen = rng.sample(entries, references)
        body = " ".join(f"Claim number {n} [{n}]." for n in range(1, references + 1))
        refs = "\n".join(f"{n}. {entry}" for n, entry in enumerate(chosen, start=1))
        path = folder / f"doc{index:05d}.md"
        path.write_text(f"# Document {index}\n\n{body}\n\n## References\n\n{refs}\n")
        paths.append(path)
    return paths


# citecheck, in a fresh child process.


def audit_child(
    paths: Sequence[str],
    urls: Urls,
    work: str,
    *,
    batch_size: int = 100,
    stop_after: int | None = None,
    resume: int | None = None,
) -> dict[str, Any]:
    """Runs in the child: audit ``paths`` with the cache and report in
    ``work``; stop (KeyboardInterrupt) after ``stop_after`` report batches."""
    from citecheck.audit import AuditOptions, run_audit
    from citecheck.cache import CacheStore
    from citecheck.config import ServiceSettings
    from citecheck.reports.database import ReportDatabase
    from citecheck.resolve import Resolver

    class StopsAfter(ReportDatabase):
        batches: int | None = None

        def add_audits(self, run_id: int, audits: Sequence[Any]) -> None:
            if self.batches == 0:
                raise KeyboardInterrupt
            if self.batches is not None:
                self.batches -= 1
            super().add_audits(run_id, audits)

    settings = ServiceSettings(
        crossref_url=urls.crossref,
        eutils_url=urls.eutils,
        idconv_url=urls.idconv,
        # The stand-in answers DataCite's /dois/{doi} at its Crossref base.
        datacite_url=urls.crossref,
        mailto=MAILTO,
    )
    folder = Path(work)
    result: dict[str, Any] = {"interrupted": False}
    started = time.perf_counter()
    with CacheStore.open(folder / "cache.db") as cache, Resolver(settings, cache=cache) as resolver:
        report = StopsAfter.open(folder / "report.db")
        assert isinstance(report, StopsAfter)
        report.batches = stop_after
        try:
            audit = run_audit(
                list(paths),
                resolver=resolver,
                options=AuditOptions(batch_size=batch_size),
                report=report,
                settings=SETTINGS,
                resume=resume,
                keep_audits=False,
            )
            result["references"] = audit.tally.references
            result["unverified"] = audit.unverified
            result["documents"] = audit.tally.documents
            result["run_id"] = audit.run_id
        except KeyboardInterrupt:
            result["interrupted"] = True
            result["run_id"] = report.latest_run_id()
        finally:
            report.close()
    result["wall"] = time.perf_counter() - started
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def in_child(*args: Any, **kwargs: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(audit_child, *args, **kwargs).result()


def urls_of(server: StandIn) -> Urls:
    return Urls(server.crossref_url, server.eutils_url, server.idconv_url)


def buckets(stats: dict[str, Any]) -> dict[str, int]:
    requests = stats["requests"]
    return {
        "list": requests.get("crossref-list", 0),
        "single": requests.get("crossref-single", 0) + requests.get("crossref-agency", 0),
        "ncbi": requests.get("efetch", 0) + requests.get("idconv", 0),
    }


def bound(stats: dict[str, Any], latency: float) -> float:
    """The least wall time the polite-pool limits allow for these requests:
    the busiest bucket's (requests - 1) / rate, plus one answer's latency.
    The buckets are independent, so they count side by side; this ignores
    that a DOI's single request must wait for its list answer, so no run can
    quite reach it."""
    b = buckets(stats)
    limits = ServiceLimits()

    def span(count: int, rate: float) -> float:
        return max(0, count - 1) / rate

    return (
        max(
            span(b["list"], limits.crossref_polite_list.rate),
            span(b["single"], limits.crossref_polite_single.rate),
            span(b["ncbi"], limits.ncbi.rate),
        )
        + latency
    )


def diff(after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("requests", "rate_limited"):
        out[key] = {
            k: v - before[key].get(k, 0) for k, v in after[key].items() if v - before[key].get(k, 0)
        }
    out["total"] = sum(out["requests"].values())
    return out


def show_stats(stats: dict[str, Any]) -> None:
    for route in sorted(stats["requests"]):
        limited = stats["rate_limited"].get(route, 0)
        print(f"    {route:16} {stats['requests'][route]:6} requests, {limited} answered 429")


# The script a user would otherwise write.

DOI_RE = re.compile(r"doi:(\S+?)\.?$", re.MULTILINE)
PMID_RE = re.compile(r"PMID: (\d+)")


def _honouring_429(call: Any) -> tuple[Any, int]:
    """``call()`` until it is not answered 429; the result and the 429s seen."""
    limited = 0
    while True:
        try:
            response = call()
        except httpx.HTTPStatusError as exc:
            response = exc.response
            if response.status_code != 429:
                return None, limited
        if response is not None and getattr(response, "status_code", 200) == 429:
            limited += 1
            time.sleep(float(response.headers.get("Retry-After") or 1))
            continue
        return response, limited


def naive(paths: Sequence[Path], urls: Urls) -> dict[str, int]:
    crossref = habanero.Crossref(base_url=urls.crossref, mailto=MAILTO)
    counts = {"dois": 0, "pmids": 0, "found": 0, "429": 0}
    for path in paths:
        text = path.read_text()
        for doi in DOI_RE.findall(text):
            answer, limited = _honouring_429(lambda doi=doi: crossref.works(ids=doi))
            counts["dois"] += 1
            counts["429"] += limited
            counts["found"] += answer is not None
        for pmid in PMID_RE.findall(text):
            answer, limited = _honouring_429(
                lambda pmid=pmid: httpx.post(
                    f"{urls.eutils}/efetch.fcgi",
                    data={"db": "pubmed", "id": pmid, "retmode": "xml", "email": MAILTO},
                )
            )
            counts["pmids"] += 1
            counts["429"] += limited
            counts["found"] += answer is not None and b"<PubmedArticle>" in answer.content
    return counts


# The measurements.


def measure_run(
    label: str, server: StandIn, paths: Sequence[Path], latency: float, root: Path
) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(dir=root))
    before = server.stats()
    result = in_child([str(p) for p in paths], urls_of(server), str(work))
    stats = diff(server.stats(), before)
    least = bound(stats, latency)
    b = buckets(stats)
    print(
        f"{label}: {result['documents']} documents, {result['references']} references "
        f"({result['unverified']} unverified) in {result['wall']:.2f} s; "
        f"peak RSS {result['rss_mb']:.1f} MB"
    )
    show_stats(stats)
    print(
        f"    buckets: list {b['list']}, single {b['single']}, ncbi {b['ncbi']}; "
        f"429s {sum(stats['rate_limited'].values())}; bound {least:.2f} s; "
        f"wall / bound = {result['wall'] / least:.3f}"
    )
    return {**result, "stats": stats, "bound": least}


def measure_resume(server: StandIn, paths: Sequence[Path], root: Path) -> None:
    batch = max(1, len(paths) // 10)
    whole = Path(tempfile.mkdtemp(dir=root))
    before = server.stats()
    full = in_child([str(p) for p in paths], urls_of(server), str(whole), batch_size=batch)
    full_stats = diff(server.stats(), before)
    print(f"resume: uninterrupted run of {len(paths)} documents, batches of {batch}:")
    print(f"    {full['wall']:.2f} s, {full_stats['total']} requests")
    show_stats(full_stats)

    work = Path(tempfile.mkdtemp(dir=root))
    before = server.stats()
    first = in_child(
        [str(p) for p in paths], urls_of(server), str(work), batch_size=batch, stop_after=5
    )
    first_stats = diff(server.stats(), before)
    print(
        f"    interrupted after 5 batches: interrupted={first['interrupted']} "
        f"run {first['run_id']}, {first['wall']:.2f} s, {first_stats['total']} requests"
    )
    show_stats(first_stats)
    before = server.stats()
    second = in_child(
        [str(p) for p in paths],
        urls_of(server),
        str(work),
        batch_size=batch,
        resume=first["run_id"],
    )
    second_stats = diff(server.stats(), before)
    print(
        f"    resumed: {second['documents']} documents judged, {second['wall']:.2f} s, "
        f"{second_stats['total']} requests"
    )
    show_stats(second_stats)
    repeated = first_stats["total"] + second_stats["total"] - full_stats["total"]
    print(
        f"    interrupted + resumed made {first_stats['total'] + second_stats['total']} requests "
        f"against {full_stats['total']} uninterrupted: {repeated} more"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--references", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--naive", type=int, default=100, help="documents compared; 0 skips")
    parser.add_argument("--memory", action="store_true", help="peak RSS for 100 and --documents")
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[100])
    parser.add_argument("--resume", action="store_true", help="interrupt and resume a run")
    parser.add_argument("--resume-documents", type=int, default=200)
    parser.add_argument("--no-main", action="store_true", help="skip the whole-corpus run")
    args = parser.parse_args()

    started = time.perf_counter()
    corpus, entries = make_corpus(args.documents, args.references)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "corpus"
        folder.mkdir()
        paths = write_documents(folder, entries, args.documents, args.references)
        print(
            f"corpus: {args.documents} documents of {args.references} references from a pool "
            f"of {len(entries)} works ({len(corpus.dois)} DOIs, {len(corpus.pmids)} PMIDs); "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        with StandIn(corpus, latency=args.latency, limits=ServiceLimits()) as server:
            if not args.no_main:
                measure_run("citecheck, whole corpus", server, paths, args.latency, root)
            if args.memory:
                for size in args.memory_sizes:
                    if size < args.documents:
                        measure_run(f"memory, {size}", server, paths[:size], args.latency, root)
            if args.naive:
                subset = paths[: args.naive]
                before = server.stats()
                t0 = time.perf_counter()
                counts = naive(subset, urls_of(server))
                naive_wall = time.perf_counter() - t0
                naive_stats = diff(server.stats(), before)
                print(
                    f"naive script, {len(subset)} documents: {naive_wall:.2f} s, "
                    f"{counts['dois']} DOI + {counts['pmids']} PMID lookups, "
                    f"{counts['found']} found, {counts['429']} answered 429"
                )
                show_stats(naive_stats)
                ours = measure_run(
                    f"citecheck, same {len(subset)} documents", server, subset, args.latency, root
                )
                print(f"naive / citecheck = {naive_wall / ours['wall']:.1f}x")
            if args.resume:
                measure_resume(server, paths[: args.resume_documents], root)


if __name__ == "__main__":
    main()
