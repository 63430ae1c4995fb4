"""citecheck's searches end to end, on labelled references without identifiers.

Usage::

    .venv/bin/python benchmarks/bench_search.py [--split test] [--articles 40] [--seed 0] \\
        [--per-record 2] [--filler 1000] [--decoys 0.3] [--pubmed-only] [--probe] \\
        [--records ../shared/data/real-records] [--json figures.json] [--keep DIR]

Builds articles in every format citecheck reads from ``evalset_search.py``'s
entries (genuine ones written without their DOI, PMID or URL; genuine ones
with a wrong detail; fabricated ones, near-misses sharing a real first
author and journal, HALLMARK-like ones; books and reports no index holds),
serves every real record (both splits: the world holds them all; PubMed's
articles with a DOI as Crossref works too, unless ``--pubmed-only``),
near-twins of a share of them (``--decoys``: correction notices, preprints,
the same title by others) and ``--filler`` generated works from the local
stand-in, with the services' rate limits, runs ``citecheck audit`` against it as a subprocess, reads the
SQLite report's ``references`` table (verdict, severity, suggestion) and
prints:

- **precision**: of the entries given a suggestion, the share whose
  suggested identifier names the right record (target 99 %);
- **recall**: genuine entries called verified-by-search (or found and told
  of a correction or retraction) with the right identifier (target 95 %);
- **fabricated called no-such-work** (target 95 %); genuine entries with a
  wrong detail called metadata-mismatch; suggestions right where a right
  record exists (target 95 %); the HALLMARK-like kinds and the books;
- the **wall time** of the audit against the rate-limit bound of the
  requests it made (each bucket's admitted requests over its rate; target
  at most 1.25 times).

``--probe`` also asks the stand-in's engines each entry's search directly
(citecheck's own ``query_for_entry``; Crossref's top 1 and top 5, a plain
esearch): the ceiling a client that validates perfectly could reach.

Until citecheck searches, every such entry is unverifiable and the figures
say so (0 suggestions, recall 0); the scoring is tested on a constructed
report (tests/test_evalset_search.py).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from bench_search_world import format_probe, probe, with_crossref_twins, with_decoys  # noqa: E402
from evalset import DEFAULT_RECORDS, load_records  # noqa: E402
from evalset_articles import Article, build_articles  # noqa: E402
from evalset_search import GROUPS, SearchReference, search_set  # noqa: E402
from standin import Corpus, RealRecords, ServiceLimits, StandIn  # noqa: E402

MAILTO = "bench@example.org"
TARGETS = {
    "precision": 0.99,
    "recall": 0.95,
    "fabricated_no_such_work": 0.95,
    "suggestions_right": 0.95,
    "time_ratio": 1.25,
}
"""The issue's targets: shares at least these, the time ratio at most."""

FOUND = frozenset({"verified-by-search", "corrected", "retracted", "expression-of-concern"})
"""Verdicts that say a genuine entry was found: verified by search, or found
and told of its published notice (which outranks the verification)."""

# The buckets the search routes count in (stand-in route names), with the
# rate the stand-in enforces for each when citecheck is in the polite pool.
BUCKETS: dict[str, tuple[tuple[str, ...], float]] = {
    "crossref-list": (
        ("crossref-search", "crossref-list"),
        ServiceLimits().crossref_polite_list.rate,
    ),
    "crossref-single": (
        ("crossref-single", "crossref-agency"),
        ServiceLimits().crossref_polite_single.rate,
    ),
    "ncbi": (("esearch", "efetch", "ecitmatch", "idconv"), ServiceLimits().ncbi.rate),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--per-record", type=int, default=2, help="genuine entries and others made from each record"
    )
    parser.add_argument("--filler", type=int, default=1000, help="generated works served besides")
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--keep", type=Path, help="keep the articles and the report here")
    parser.add_argument("--latency", type=float, default=0.05, help="stand-in seconds a request")
    parser.add_argument(
        "--decoys",
        type=float,
        default=0.3,
        help="share of real records given a near-twin in Crossref (a correction notice, a "
        "preprint, the same title by others)",
    )
    parser.add_argument(
        "--pubmed-only",
        action="store_true",
        help="serve PubMed's articles from PubMed only (by default those with a DOI are "
        "Crossref works too, as in the world)",
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="also ask the stand-in's engines each entry's search directly: the ceiling",
    )
    args = parser.parse_args()

    started = time.monotonic()
    records = load_records(args.records)
    refs = search_set(
        args.split, seed=args.seed, genuine=args.per_record, others=args.per_record, records=records
    )
    articles = build_articles(refs, args.articles, seed=args.seed)
    served = RealRecords.load(args.records)
    if not args.pubmed_only:
        served = with_crossref_twins(served, records)
    served = with_decoys(served, records, share=args.decoys, seed=args.seed)
    filler = Corpus.generate(
        dois=args.filler,
        pmids=args.filler,
        found=1.0,
        datacite=0.0,
        pmid_found=1.0,
        seed=args.seed + 7,
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / a.name for a in articles]
        for article, path in zip(articles, paths, strict=True):
            path.write_text(article.text, encoding="utf-8")
        report = folder / "citecheck-report.db"
        # A report, or its journal, left in a kept folder by an earlier run.
        for stale in folder.glob(f"{report.name}*"):
            stale.unlink()
        with StandIn(filler, records=served, latency=args.latency) as server:
            server.search_index()  # built before the clock starts, as a service's is
            audit_started = time.monotonic()
            code, stderr = _audit(paths, report, server)
            audit_seconds = time.monotonic() - audit_started
            stats = server.stats()
        if not report.exists():
            raise SystemExit(f"citecheck wrote no report (exit {code}):\n{stderr}")
        rows, searches = read_report(report)
        if args.probe:
            probed = probe(articles, paths, server.search_index())
    figures = score(articles, rows)
    figures["time"] = timing(stats, audit_seconds, searches)
    figures["run"] = {
        "split": args.split,
        "seed": args.seed,
        "per_record": args.per_record,
        "labelled": len(refs),
        "articles": len(articles),
        "entries": sum(len(a.entries) for a in articles),
        "records_served": len(served) + len(filler.works) + len(filler.articles),
        "citecheck_exit": code,
        "wall_seconds": round(time.monotonic() - started, 1),
        "requests": stats["requests"],
        "rate_limited": stats["rate_limited"],
    }
    print(format_figures(figures))
    if args.probe:
        figures["probe"] = probed
        print("\n" + format_probe(probed))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", "utf-8")


def _audit(paths: list[Path], report: Path, server: StandIn) -> tuple[int, str]:
    citecheck = Path(sys.executable).with_name("citecheck")
    command = [
        str(citecheck),
        "audit",
        *map(str, paths),
        "--report",
        str(report),
        "--no-cache",
        "--quiet",
        *server.cli_options(MAILTO),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, done.stderr


def read_report(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The newest run's reference-list rows (document file name, label,
    line, verdict, severity, suggestion) and how many searches it made
    (its distinct ``query`` lookups)."""
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        run = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        rows = [
            {
                "document": Path(row["path"]).name,
                "label": row["label"],
                "line": row["line"],
                "verdict": row["verdict"],
                "severity": row["verdict_severity"],
                "suggestion": row["suggestion"],
            }
            for row in db.execute(
                "SELECT d.path, r.label, r.line, r.verdict, r.verdict_severity, r.suggestion"
                ' FROM "references" r JOIN documents d ON d.id = r.document_id'
                " WHERE r.run_id = ? AND r.role = 'reference' ORDER BY d.path, r.line",
                (run,),
            )
        ]
        searches = db.execute(
            "SELECT count(DISTINCT id_key) FROM records WHERE run_id = ? AND id_type = 'query'",
            (run,),
        ).fetchone()[0]
    return rows, int(searches or 0)


# --------------------------------------------------------------------------
# Scoring


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def score(articles: Sequence[Article], rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The figures, from the articles and the report's reference rows
    (``document``, ``label``, ``verdict``, ``severity``, ``suggestion``)."""
    by_place: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_place[(str(row["document"]), str(row["label"]))].append(row)
    judged: list[tuple[SearchReference, str, str, str | None]] = []
    missing = several = 0
    for article in articles:
        for placed in article.entries:
            ref = placed.ref
            assert isinstance(ref, SearchReference), "articles of the search set only"
            found = [r for r in by_place.get((article.name, placed.label), []) if r["verdict"]]
            if not found:
                missing += 1
                judged.append((ref, "(none)", "none", None))
                continue
            several += len(found) > 1
            row = found[0]
            suggestion = str(row["suggestion"]).lower() if row.get("suggestion") else None
            judged.append((ref, str(row["verdict"]), str(row["severity"]), suggestion))

    suggested = [(ref, s) for ref, _, _, s in judged if s]
    right = [(ref, s) for ref, s in suggested if s in ref.acceptable]
    with_record = [(ref, s) for ref, s in suggested if ref.right is not None]

    def group(name: str) -> list[tuple[SearchReference, str, str, str | None]]:
        return [j for j in judged if j[0].search_kind in GROUPS[name]]

    genuine, details = group("genuine"), group("wrong-details")
    fabricated, hallmark, books = group("fabricated"), group("hallmark"), group("not-indexed")
    found_genuine = sum(v in FOUND and s in ref.acceptable for ref, v, _, s in genuine)
    return {
        "matching": {"entries_without_verdict": missing, "entries_with_several": several},
        "n": len(judged),
        "suggestions": len(suggested),
        "precision": _rate(len(right), len(suggested)),
        "recall": _rate(found_genuine, len(genuine)),
        "genuine": {
            "n": len(genuine),
            "found_right": _rate(
                sum(s in ref.acceptable for ref, _, _, s in genuine), len(genuine)
            ),
            "called_no_such_work": sum(v == "no-such-work" for _, v, _, _ in genuine),
            "verdicts": _count(genuine),
        },
        "wrong_details": {
            "n": len(details),
            "metadata_mismatch": _rate(
                sum(v == "metadata-mismatch" for _, v, _, _ in details), len(details)
            ),
            "with_right_suggestion": _rate(
                sum(s in ref.acceptable for ref, _, _, s in details), len(details)
            ),
            "verdicts": _count(details),
            "by_variation": _by(details, lambda ref: ref.variation, "metadata-mismatch"),
        },
        "fabricated_no_such_work": _rate(
            sum(v == "no-such-work" for _, v, _, _ in fabricated), len(fabricated)
        ),
        "fabricated": {
            "n": len(fabricated),
            "with_a_suggestion": sum(s is not None for *_, s in fabricated),
            "by_kind": _by(fabricated, lambda ref: ref.search_kind.value, "no-such-work"),
        },
        "suggestions_right": _rate(
            sum(s in ref.acceptable for ref, s in with_record), len(with_record)
        ),
        "hallmark": {
            "n": len(hallmark),
            "expected": _rate(sum(v in ref.expected for ref, v, _, _ in hallmark), len(hallmark)),
            "wrong_suggestions": sum(
                s is not None and s not in ref.acceptable for ref, _, _, s in hallmark
            ),
            "by_kind": {
                kind: {
                    "n": len(cells),
                    "expected": _rate(sum(v in ref.expected for ref, v, _, _ in cells), len(cells)),
                }
                for kind, cells in _grouped(hallmark, lambda ref: ref.search_kind.value).items()
            },
        },
        "not_indexed": {
            "n": len(books),
            "no_such_work": _rate(sum(v == "no-such-work" for _, v, _, _ in books), len(books)),
            "as_warning": _rate(
                sum(v == "no-such-work" and sev == "warning" for _, v, sev, _ in books), len(books)
            ),
            "by_kind": _by(books, lambda ref: ref.variation, "no-such-work"),
        },
        "confusion": {
            kind: dict(sorted(Counter(v for _, v, _, _ in cells).items()))
            for kind, cells in _grouped(judged, lambda ref: ref.search_kind.value).items()
        },
    }


def _count(cells: Iterable[tuple[SearchReference, str, str, str | None]]) -> dict[str, int]:
    return dict(Counter(v for _, v, _, _ in cells).most_common())


def _grouped(
    cells: Iterable[tuple[SearchReference, str, str, str | None]], key: Any
) -> dict[str, list[tuple[SearchReference, str, str, str | None]]]:
    out: dict[str, list[tuple[SearchReference, str, str, str | None]]] = defaultdict(list)
    for cell in cells:
        out[key(cell[0])].append(cell)
    return dict(sorted(out.items()))


def _by(
    cells: Iterable[tuple[SearchReference, str, str, str | None]], key: Any, wanted: str
) -> dict[str, dict[str, Any]]:
    return {
        name: {"n": len(group), "rate": _rate(sum(v == wanted for _, v, _, _ in group), len(group))}
        for name, group in _grouped(cells, key).items()
    }


def timing(stats: Mapping[str, Any], audit_seconds: float, searches: int) -> dict[str, Any]:
    """The audit's wall time against the rate-limit bound of its requests:
    per bucket, the requests admitted (429s left out) over the bucket's
    rate; the bound is the slowest bucket's."""
    requests, limited = stats.get("requests", {}), stats.get("rate_limited", {})
    buckets = {}
    for name, (routes, rate) in BUCKETS.items():
        admitted = sum(requests.get(r, 0) - limited.get(r, 0) for r in routes)
        buckets[name] = {"admitted": admitted, "rate": rate, "seconds": round(admitted / rate, 2)}
    bound = max((b["seconds"] for b in buckets.values()), default=0.0)
    list_rate = BUCKETS["crossref-list"][1]
    return {
        "audit_seconds": round(audit_seconds, 2),
        "searches": searches,
        "searches_bound_seconds": round(searches / list_rate, 2),
        "bound_seconds": bound,
        "ratio": round(audit_seconds / bound, 3) if bound else None,
        "buckets": buckets,
    }


# --------------------------------------------------------------------------
# Printing


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{100 * value:5.1f}"


def _target(name: str, value: float | None) -> str:
    goal = TARGETS[name]
    if value is None:
        return "(no data)"
    met = value <= goal if name == "time_ratio" else value >= goal
    shown = f"{goal:g}x" if name == "time_ratio" else f"{100 * goal:g} %"
    return (
        f"(target {'<=' if name == 'time_ratio' else '>='} {shown}: {'met' if met else 'NOT met'})"
    )


def format_figures(figures: Mapping[str, Any]) -> str:
    """The figures as the text the benchmark prints."""
    run, time_, genuine = figures["run"], figures["time"], figures["genuine"]
    details, fabricated, hallmark = (
        figures["wrong_details"],
        figures["fabricated"],
        figures["hallmark"],
    )
    books = figures["not_indexed"]
    lines = [
        f"split {run['split']}, seed {run['seed']}: {run['labelled']} labelled entries, "
        f"{run['articles']} articles holding {run['entries']} of them, {run['records_served']} "
        f"records served; citecheck exit {run['citecheck_exit']}",
        f"requests {run['requests']}; 429s {run['rate_limited']}",
        f"entries without a verdict: {figures['matching']['entries_without_verdict']}; with several: "
        f"{figures['matching']['entries_with_several']}",
        "",
        f"PRECISION {_pct(figures['precision'])} % of {figures['suggestions']} suggestions name the right record "
        + _target("precision", figures["precision"]),
        f"RECALL    {_pct(figures['recall'])} % of {genuine['n']} genuine entries verified by search with the "
        "right identifier " + _target("recall", figures["recall"]),
        f"  genuine: right identifier suggested {_pct(genuine['found_right'])} %; called no-such-work "
        f"{genuine['called_no_such_work']}; verdicts "
        + ", ".join(f"{k} {v}" for k, v in genuine["verdicts"].items()),
        f"FABRICATED called no-such-work {_pct(figures['fabricated_no_such_work'])} % of {fabricated['n']} "
        + _target("fabricated_no_such_work", figures["fabricated_no_such_work"])
        + f"; {fabricated['with_a_suggestion']} given a suggestion",
        "  "
        + "; ".join(
            f"{k} {_pct(v['rate']).strip()}% (n={v['n']})" for k, v in fabricated["by_kind"].items()
        ),
        f"WRONG DETAILS called metadata-mismatch {_pct(details['metadata_mismatch'])} % of {details['n']}, "
        f"right identifier suggested {_pct(details['with_right_suggestion'])} %",
        "  "
        + "; ".join(
            f"{k} {_pct(v['rate']).strip()}% (n={v['n']})"
            for k, v in details["by_variation"].items()
        ),
        f"SUGGESTIONS right {_pct(figures['suggestions_right'])} % where a right record exists "
        + _target("suggestions_right", figures["suggestions_right"]),
        f"HALLMARK-like: an expected verdict {_pct(hallmark['expected'])} % of {hallmark['n']}; "
        f"wrong suggestions {hallmark['wrong_suggestions']}",
        "  "
        + "; ".join(
            f"{k} {_pct(v['expected']).strip()}% (n={v['n']})"
            for k, v in hallmark["by_kind"].items()
        ),
        f"NOT INDEXED (books, reports, theses): no-such-work {_pct(books['no_such_work'])} %, "
        f"as a warning {_pct(books['as_warning'])} % of {books['n']}",
        "",
        f"TIME audit {time_['audit_seconds']} s for {time_['searches']} searches; rate-limit bound "
        f"{time_['bound_seconds']} s (slowest bucket); ratio {time_['ratio']} "
        + _target("time_ratio", time_["ratio"]),
        "  "
        + "; ".join(
            f"{name}: {b['admitted']} admitted at {b['rate']:g}/s = {b['seconds']} s"
            for name, b in time_["buckets"].items()
        )
        + f"; searches / list rate = {time_['searches_bound_seconds']} s",
    ]
    verdicts = sorted({v for row in figures["confusion"].values() for v in row})
    lines += [
        "",
        "CONFUSION kind x verdict:",
        "  " + f"{'':<22}" + " ".join(f"{v:>{max(len(v), 6)}}" for v in verdicts),
    ]
    for kind, row in figures["confusion"].items():
        lines.append(
            f"  {kind:<22}" + " ".join(f"{row.get(v, 0):>{max(len(v), 6)}}" for v in verdicts)
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
