"""citecheck's verdicts end to end, on labelled entries made from real records.

Usage::

    .venv/bin/python benchmarks/bench_verdicts.py [--split test] [--articles 60] [--seed 0] \\
        [--records ../shared/data/real-records] [--json figures.json] [--keep DIR]

Builds articles in every format citecheck reads (Markdown, plain text, HTML,
BibTeX, JATS) whose reference lists mix genuine entries and entries with a
known error (``evalset.py``), serves the split's real records from the
local stand-in (``standin.py``, the services' formats and rate limits), runs
``citecheck audit FILES --format json`` against it as a subprocess, matches
each verdict back to its labelled entry by document and entry label, and
prints:

- entries with no verdict, or with several (both must be 0);
- the false-accusation rate on genuine entries (see :data:`ACCUSING`), the
  share not verified, and the share given any verdict other than
  verified / verified-with-notes, with the verdicts' counts, overall, per
  style, per format and per variation;
- the detection rate of each error kind, as :data:`DETECTED` defines it,
  overall and per style;
- a confusion table kind x verdict, and the wall time.

Seeded: the same options give the same articles and, for the same
citecheck, the same figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from evalset import DEFAULT_RECORDS, Kind, labelled_set, load_records  # noqa: E402
from evalset_articles import Article, Placed, build_articles  # noqa: E402
from standin import RealRecords, StandIn  # noqa: E402

# What counts as detecting each kind. "error": the verdict's severity is
# error. "flagged": any verdict other than verified / verified-with-notes
# (these kinds are the same work with a wrong detail: a warning is the
# right answer, an error is reported besides). Genuine entries are scored
# the other way, in three shares: falsely accused (a verdict that says the
# entry is wrong, or any error), not verified (no accusation, but no
# "verified" either: not-compared, could-not-verify), and any verdict but
# the two verified ones (the strictest reading, kept for comparison).
ACCEPTED = frozenset({"verified", "verified-with-notes"})
ACCUSING = frozenset(
    {"wrong-work", "metadata-mismatch", "identifier-not-found", "identifiers-disagree"}
)
# A genuine entry of a work with a published notice is rightly told so:
# neither an accusation nor a failure to verify.
NOTICES = frozenset({"corrected", "retracted", "expression-of-concern"})
DETECTED: dict[Kind, str] = {
    Kind.WRONG_WORK: "error",
    Kind.NONEXISTENT_IDENTIFIER: "error",
    Kind.SWAPPED_AUTHORS: "error",
    Kind.PLACEHOLDER_AUTHORS: "error",
    Kind.INVENTED_AUTHORS: "error",
    Kind.PARTIAL_AUTHOR_LIST: "error",
    Kind.NEAR_MISS_TITLE: "error",
    Kind.CHIMERIC_TITLE: "error",
    Kind.HYBRID_FABRICATION: "error",
    Kind.MERGED_CITATION: "error",
    Kind.WRONG_VENUE: "flagged",
    Kind.FUTURE_DATE: "flagged",
    Kind.WRONG_DETAILS: "flagged",
}


def detected(kind: Kind, verdict: str, severity: str) -> bool:
    """Whether a verdict on an entry of ``kind`` catches its error."""
    if DETECTED[kind] == "error":
        return severity == "error"
    return verdict not in ACCEPTED


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--per-record",
        type=int,
        default=3,
        help="genuine entries and erroneous ones made from each record (3 and 3)",
    )
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--keep", type=Path, help="keep the articles (and citecheck's JSON) here")
    parser.add_argument("--latency", type=float, default=0.05, help="stand-in seconds a request")
    args = parser.parse_args()

    started = time.monotonic()
    records = load_records(args.records)
    refs = labelled_set(
        args.split, seed=args.seed, genuine=args.per_record, errors=args.per_record, records=records
    )
    articles = build_articles(refs, args.articles, seed=args.seed)
    served = _records_of_split(RealRecords.load(args.records), {r.cited for r in refs if r.cited})
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / a.name for a in articles]
        for article, path in zip(articles, paths, strict=True):
            path.write_text(article.text, encoding="utf-8")
        output = folder / "citecheck.json"
        with StandIn(records=served, latency=args.latency) as server:
            audit_started = time.monotonic()
            code = _audit(paths, output, server)
            audit_seconds = time.monotonic() - audit_started
            stats = server.stats()
        report = json.loads(output.read_text("utf-8"))
    figures = score(articles, report)
    figures["run"] = {
        "split": args.split,
        "seed": args.seed,
        "per_record": args.per_record,
        "labelled": len(refs),
        "articles": len(articles),
        "entries": sum(len(a.entries) for a in articles),
        "records_served": len(served),
        "citecheck_exit": code,
        "audit_seconds": round(audit_seconds, 1),
        "wall_seconds": round(time.monotonic() - started, 1),
        "requests": stats["requests"],
        "rate_limited": stats["rate_limited"],
    }
    print(format_figures(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", "utf-8")


def _records_of_split(records: RealRecords, cited: Iterable[Any]) -> RealRecords:
    """Only the records the split's entries cite: the other split's records
    stay unknown, as a nonexistent identifier must."""
    dois = {r.doi.lower() for r in cited if r.service.value == "crossref" and r.doi}
    pmids = {r.pmid for r in cited if r.service.value == "pubmed" and r.pmid}
    return RealRecords(
        works={d: m for d, m in records.works.items() if d in dois},
        articles={p: x for p, x in records.articles.items() if p in pmids},
        pmc={p: v for p, v in records.pmc.items() if p in pmids},
    )


def _audit(paths: list[Path], output: Path, server: StandIn) -> int:
    citecheck = Path(sys.executable).with_name("citecheck")
    command = [
        str(citecheck),
        "audit",
        *map(str, paths),
        "--format",
        "json",
        "--output",
        str(output),
        "--no-report",
        "--no-cache",
        "--quiet",
        *server.cli_options("bench@example.org"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not output.exists():
        raise SystemExit(f"citecheck wrote no report (exit {done.returncode}):\n{done.stderr}")
    return done.returncode


# --------------------------------------------------------------------------
# Scoring


def score(articles: list[Article], report: Mapping[str, Any]) -> dict[str, Any]:
    """The figures, from the articles and citecheck's JSON report."""
    rows_by_doc: dict[str, list[dict[str, Any]]] = {
        Path(d["path"]).name: d["references"] for d in report["documents"]
    }
    judged: list[tuple[Placed, str, str, str]] = []  # placed, format, verdict, severity
    missing = several = elsewhere = 0
    for article in articles:
        rows = rows_by_doc.get(article.name, [])
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_label[str(row["label"])].append(row)
        for placed in article.entries:
            found = [r for r in by_label.get(placed.label, []) if r["verdict"] is not None]
            if not found:
                missing += 1
                judged.append((placed, article.format, "(none)", "none"))
                continue
            if len(found) > 1:
                several += 1
            if found[0]["line"] != placed.line:
                elsewhere += 1  # the label matched, but not on the entry's line
            judged.append((placed, article.format, found[0]["verdict"], found[0]["severity"]))
    extra = sum(len(rows) for rows in rows_by_doc.values()) - sum(len(a.entries) for a in articles)
    return {
        "matching": {
            "entries_without_verdict": missing,
            "entries_with_several": several,
            "rows_minus_entries": extra,
            "label_on_another_line": elsewhere,
        },
        "genuine": _genuine(judged),
        "kinds": _kinds(judged),
        "confusion": _confusion(judged),
        "unreadable": [u.get("path") for u in report.get("unreadable", [])],
    }


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def accuses(verdict: str, severity: str) -> bool:
    """Whether a verdict on a genuine entry accuses it."""
    return verdict in ACCUSING or severity == "error"


def _genuine(judged: list[tuple[Placed, str, str, str]]) -> dict[str, Any]:
    rows = [(p, f, v, s) for p, f, v, s in judged if p.ref.kind is Kind.GENUINE]
    errors = sum(sev == "error" for p, _, _, sev in judged if p.ref.kind is Kind.GENUINE)

    def shares(cells: list[tuple[str, str]]) -> dict[str, Any]:
        accused = sum(accuses(v, s) for v, s in cells)
        unverified = sum(v not in ACCEPTED | NOTICES and not accuses(v, s) for v, s in cells)
        return {
            "n": len(cells),
            "falsely_accused": _rate(accused, len(cells)),
            "not_verified": _rate(unverified, len(cells)),
            "false_accusation": _rate(sum(v not in ACCEPTED for v, _ in cells), len(cells)),
        }

    def group(key: Any) -> dict[str, dict[str, Any]]:
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for p, f, v, s in rows:
            out[key(p, f)].append((v, s))
        return {k: shares(cells) for k, cells in sorted(out.items())}

    verdicts = Counter(v for _, _, v, _ in rows)
    overall = shares([(v, s) for _, _, v, s in rows])
    return {
        "n": len(rows),
        "falsely_accused": overall["falsely_accused"],
        "not_verified": overall["not_verified"],
        "false_accusation": overall["false_accusation"],
        "false_accusation_without_notices": _rate(
            sum(v not in ACCEPTED | NOTICES for _, _, v, _ in rows), len(rows)
        ),
        "errors": errors,
        "error_rate": _rate(errors, len(rows)),
        "verdicts": dict(verdicts.most_common()),
        "by_style": group(lambda p, f: p.style),
        "by_format": group(lambda p, f: f),
        "by_variation": group(lambda p, f: p.ref.variation),
    }


def _kinds(judged: list[tuple[Placed, str, str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in DETECTED:
        rows = [(p, f, v, s) for p, f, v, s in judged if p.ref.kind is kind]
        hits = [detected(kind, v, s) for _, _, v, s in rows]
        groups: dict[str, dict[str, list[bool]]] = {
            "by_style": defaultdict(list),
            "by_format": defaultdict(list),
            "by_variation": defaultdict(list),
        }
        for (p, f, _, _), hit in zip(rows, hits, strict=True):
            groups["by_style"][p.style].append(hit)
            groups["by_format"][f].append(hit)
            groups["by_variation"][p.ref.variation].append(hit)
        out[kind.value] = {
            "detected_by": DETECTED[kind],
            "n": len(rows),
            "detection": _rate(sum(hits), len(rows)),
            "errors": sum(s == "error" for *_, s in rows),
        }
        for name, group in groups.items():
            out[kind.value][name] = {
                k: {"n": len(v), "detection": _rate(sum(v), len(v))}
                for k, v in sorted(group.items())
            }
    return out


def _confusion(judged: list[tuple[Placed, str, str, str]]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for p, _, v, _ in judged:
        table[p.ref.kind.value][v] += 1
    order = [Kind.GENUINE.value, *(k.value for k in DETECTED)]
    return {k: dict(sorted(table[k].items())) for k in order if k in table}


# --------------------------------------------------------------------------
# Printing


_SHORT = {
    "bibtex": "bib",
    "chicago": "chic",
    "chicago-note": "chin",
    "harvard": "harv",
    "jats-element": "jats",
    "nature": "nat",
    "vancouver": "vanc",
    "wiki-link": "wiki",
}


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{100 * value:5.1f}"


def format_figures(figures: Mapping[str, Any]) -> str:
    """The figures as the text tables the benchmark prints."""
    run, match, genuine = figures["run"], figures["matching"], figures["genuine"]
    lines = [
        f"split {run['split']}, seed {run['seed']}: {run['labelled']} labelled entries, "
        f"{run['articles']} articles holding {run['entries']} of them, "
        f"{run['records_served']} records served; citecheck exit {run['citecheck_exit']}",
        f"wall {run['wall_seconds']} s (audit {run['audit_seconds']} s); requests {run['requests']}; 429s {run['rate_limited']}",
        f"entries without a verdict: {match['entries_without_verdict']}; with several: "
        f"{match['entries_with_several']}; report rows minus entries: {match['rows_minus_entries']}; "
        f"matched on another line: {match['label_on_another_line']}",
        f"unreadable files: {len(figures['unreadable'])}",
        "",
        f"GENUINE: n={genuine['n']}, falsely accused {_pct(genuine['falsely_accused'])} % "
        f"(severity error: {genuine['errors']}, {_pct(genuine['error_rate'])} %), "
        f"not verified {_pct(genuine['not_verified'])} %; "
        f"any verdict but verified* {_pct(genuine['false_accusation'])} % "
        f"({_pct(genuine['false_accusation_without_notices'])} % without notice verdicts)",
        "  verdicts: " + ", ".join(f"{k} {v}" for k, v in genuine["verdicts"].items()),
    ]
    for title, key in (
        ("style", "by_style"),
        ("format", "by_format"),
        ("variation", "by_variation"),
    ):
        lines.append(f"  by {title}:")
        for name, cell in genuine[key].items():
            lines.append(
                f"    {name:<26} n={cell['n']:<5} falsely accused {_pct(cell['falsely_accused'])} %"
                f"  not verified {_pct(cell['not_verified'])} %"
                f"  not verified* {_pct(cell['false_accusation'])} %"
            )
    lines += [
        "",
        "DETECTION per kind (detected = severity error, or any verdict but verified* for 'flagged'):",
    ]
    styles = sorted({s for k in figures["kinds"].values() for s in k["by_style"]})
    short = {s: _SHORT.get(s, s[:5]) for s in styles}
    lines.append("  styles: " + ", ".join(f"{short[s]} {s}" for s in styles))
    lines.append(
        f"  {'kind':<24} {'by':<8} {'n':>5} {'rate%':>6} {'errors':>6}  "
        + " ".join(f"{short[s]:>5}" for s in styles)
    )
    for kind, cell in figures["kinds"].items():
        per = " ".join(f"{_pct(cell['by_style'].get(s, {}).get('detection')):>5}" for s in styles)
        lines.append(
            f"  {kind:<24} {cell['detected_by']:<8} {cell['n']:>5} {_pct(cell['detection']):>6} {cell['errors']:>6}  {per}"
        )
    lines += ["", "  detection by variation:"]
    for kind, cell in figures["kinds"].items():
        parts = [
            f"{k} {_pct(v['detection']).strip()}% (n={v['n']})"
            for k, v in cell["by_variation"].items()
        ]
        lines.append(f"    {kind:<24} " + "; ".join(parts))
    formats = sorted({f for k in figures["kinds"].values() for f in k["by_format"]})
    lines += ["", "  detection by format:  " + " ".join(f"{f:>9}" for f in formats)]
    for kind, cell in figures["kinds"].items():
        lines.append(
            f"  {kind:<22} "
            + " ".join(f"{_pct(cell['by_format'].get(f, {}).get('detection')):>9}" for f in formats)
        )
    verdicts = sorted({v for row in figures["confusion"].values() for v in row})
    lines += [
        "",
        "CONFUSION kind x verdict:",
        "  " + f"{'':<24}" + " ".join(f"{v:>{max(len(v), 6)}}" for v in verdicts),
    ]
    for kind, row in figures["confusion"].items():
        cells = " ".join(f"{row.get(v, 0):>{max(len(v), 6)}}" for v in verdicts)
        lines.append(f"  {kind:<24}{cells}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
