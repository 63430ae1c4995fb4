"""The soak: faults on every route, kill -9 with resume, four audits at once.

Usage::

    .venv/bin/python benchmarks/bench_soak.py [--documents 300] [--references 20] \\
        [--seed 10] [--kills 4] [--share 0.05] [--quick]

Audits a generated corpus (``bench_corpus.make_corpus``: Markdown documents
citing a stand-in :class:`Corpus`) with ``citecheck audit`` as a child
process against the local stand-in, in four phases, each printing its
figures:

1. clean: no faults; the verdict of every (document, entry) from the JSON
   output is the reference.
2. faults: the same corpus, fresh cache and report, with ``--share`` of the
   requests on every route answered 5xx, truncated, malformed or by a proxy's
   404, and a few hangs (short hang, small ``--timeout``). An accusation
   caused by a fault is an entry whose verdict is an accusation here but not
   in the clean run (must be 0). A clean re-run on the same cache must then
   restore every could-not-verify (those left: must be 0).
3. kills: the audit is killed with SIGKILL at ``--kills`` seeded random
   moments, and ``--resume`` d each time until it completes. A run is lost
   when it cannot be resumed; a row is duplicated when the completed run's
   ``references`` table holds one (document, entry) twice; requests repeated
   after resume are the stand-in's requests beyond one uninterrupted run's.
4. parallel: four audits at once on one cache and one report (a quarter of
   the documents each), the polite-pool rate limits on, against one audit of
   the whole corpus alone: 429s per route.

Phases 1 to 3 run without rate limits (faults and kills, not politeness, are
what they measure, and limits would only slow them); phase 4 turns them on.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from bench_corpus import MAILTO, diff, make_corpus, write_documents  # noqa: E402
from standin import Faults, ServiceLimits, StandIn  # noqa: E402

CITECHECK = str(Path(sys.executable).with_name("citecheck"))
ACCUSATIONS = frozenset(
    {"wrong-work", "identifier-not-found", "metadata-mismatch", "identifiers-disagree"}
)
Verdicts = dict[tuple[str, str], str]


def audit_command(
    server: StandIn, paths: Sequence[Path], work: Path, name: str, *, timeout: float
) -> list[str]:
    """``citecheck audit`` of ``paths`` with the cache, report and JSON output
    in ``work``; exit 0 whatever it finds, so an exit code says how it ended."""
    return [
        CITECHECK,
        "audit",
        *map(str, paths),
        *server.cli_options(MAILTO),
        "--cache",
        str(work / "cache.db"),
        "--report",
        str(work / "report.db"),
        "--format",
        "json",
        "--output",
        str(work / f"{name}.json"),
        "--timeout",
        str(timeout),
        "--fail-on",
        "never",
        "--allow-unverified",
        "--quiet",
    ]


def run(command: list[str]) -> tuple[int, float]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"    exit {done.returncode}: {done.stderr.strip()[-300:]}")
    return done.returncode, time.perf_counter() - started


def verdicts(output: Path) -> Verdicts:
    """(document file name, entry label) -> verdict, from the JSON output."""
    data = json.loads(output.read_text())
    return {
        (Path(doc["path"]).name, ref["label"]): ref["verdict"]
        for doc in data["documents"]
        for ref in doc["references"]
    }


def tally(found: Verdicts) -> str:
    counts = Counter(found.values())
    return ", ".join(f"{n} {verdict}" for verdict, n in counts.most_common())


def show_routes(stats: dict[str, Any]) -> None:
    for route in sorted(stats["requests"]):
        limited = stats["rate_limited"].get(route, 0)
        print(f"    {route:16} {stats['requests'][route]:6} requests, {limited} answered 429")


def measured(server: StandIn, command: list[str]) -> tuple[int, float, dict[str, Any]]:
    before = server.stats()
    code, wall = run(command)
    after = server.stats()
    stats = diff(after, before)
    stats["faults"] = {
        k: v - before["faults"].get(k, 0)
        for k, v in after["faults"].items()
        if v - before["faults"].get(k, 0)
    }
    return code, wall, stats


# The phases.


def phase_clean(server: StandIn, paths: Sequence[Path], root: Path, timeout: float) -> Verdicts:
    work = Path(tempfile.mkdtemp(dir=root))
    code, wall, stats = measured(server, audit_command(server, paths, work, "out", timeout=timeout))
    clean = verdicts(work / "out.json")
    print(f"1. clean run: exit {code}, {wall:.1f} s, {stats['total']} requests")
    print(f"    entries judged: {len(clean)} ({tally(clean)})")
    return clean


def phase_faults(
    server: StandIn,
    paths: Sequence[Path],
    root: Path,
    clean: Verdicts,
    faults: Faults,
    rounds: int,
    timeout: float,
) -> dict[str, int]:
    """``rounds`` faulty runs (each a fresh cache and report and its own fault
    seed), each followed by a clean re-run on its cache: the citecheck
    batches make one request serve many lookups, so one run alone draws few
    faults."""
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    lookups = sum(v != "unverifiable" for v in clean.values())
    caused: dict[tuple[str, str], str] = {}
    for n in range(rounds):
        work = Path(tempfile.mkdtemp(dir=root))
        server.faults = dataclasses.replace(faults, seed=faults.seed + n)
        try:
            code, _, stats = measured(
                server, audit_command(server, paths, work, "faulty", timeout=timeout)
            )
        finally:
            server.faults = Faults()
        faulty = verdicts(work / "faulty.json")
        for key, verdict in faulty.items():
            if verdict in ACCUSATIONS and clean.get(key) != verdict:
                caused[(f"round {n + 1}: {key[0]}", key[1])] = verdict
        totals["requests"] += stats["total"]
        totals["missing"] += len(clean.keys() - faulty.keys())
        totals["unverified"] += sum(
            v == "could-not-verify" and clean.get(k) != v for k, v in faulty.items()
        )
        totals["exits"] += code != 0
        kinds.update(stats["faults"])
        routes.update(stats["requests"])
        # The same cache, no faults: a could-not-verify is never cached, so
        # each must be asked again and come back as the clean run's verdict.
        _, _, stats = measured(server, audit_command(server, paths, work, "rerun", timeout=timeout))
        rerun = verdicts(work / "rerun.json")
        totals["rerun requests"] += stats["total"]
        totals["left"] += sum(
            v == "could-not-verify" and clean.get(k) != v for k, v in rerun.items()
        )
        totals["differ"] += sum(clean.get(k) != v for k, v in rerun.items()) + len(
            clean.keys() - rerun.keys()
        )
    injected = sum(kinds.values())
    print(
        f"2. faulty runs: {rounds}, each on a fresh cache and report; failed exits {totals['exits']}"
    )
    print(
        f"    lookups tried: {lookups * rounds} ({lookups} references with an identifier x {rounds})"
        f" in {totals['requests']} requests ({', '.join(f'{n} {k}' for k, n in sorted(routes.items()))})"
    )
    print(
        f"    faults injected: {injected} ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})"
    )
    print(f"    entries missing from the output: {totals['missing']}")
    print(f"    could-not-verify caused by faults: {totals['unverified']}")
    print(f"    accusations caused by faults: {len(caused)}")
    for (doc, label), verdict in sorted(caused.items())[:10]:
        print(f"        {doc} [{label}]: {verdict}")
    print(f"    clean re-runs on the same caches: {totals['rerun requests']} requests")
    print(f"    could-not-verify left after the clean re-run: {totals['left']}")
    print(f"    verdicts differing from the clean run after the re-run: {totals['differ']}")
    return {"caused": len(caused), "left": totals["left"], "injected": injected}


def report_verdicts(report: Path) -> Verdicts:
    """(document file name, entry label) -> verdict of the report's last run."""
    with sqlite3.connect(report) as db:
        rows = db.execute(
            'SELECT d.path, r.label, r.verdict FROM "references" r'
            " JOIN documents d ON d.id = r.document_id"
            " WHERE r.run_id = (SELECT MAX(id) FROM runs) AND r.role = 'reference'"
        ).fetchall()
    return {(Path(path).name, label): verdict for path, label, verdict in rows}


def _run_rows(report: Path) -> tuple[int, str | None, int, int]:
    """Runs in the report, the last one's status, its reference rows and the
    (document, entry) pairs it holds more than once."""
    if not report.exists():
        return 0, None, 0, 0
    with sqlite3.connect(report) as db:
        runs = db.execute("SELECT id, status FROM runs ORDER BY id").fetchall()
        if not runs:
            return 0, None, 0, 0
        run_id, status = runs[-1]
        rows = db.execute('SELECT COUNT(*) FROM "references" WHERE run_id = ?', (run_id,))
        duplicated = db.execute(
            'SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM "references" r'
            " JOIN documents d ON d.id = r.document_id WHERE r.run_id = ?"
            " GROUP BY d.path, r.label, r.role HAVING COUNT(*) > 1)",
            (run_id,),
        )
        return len(runs), status, rows.fetchone()[0], duplicated.fetchone()[0]


def phase_kills(
    server: StandIn,
    paths: Sequence[Path],
    root: Path,
    clean: Verdicts,
    kills: int,
    rng: random.Random,
    timeout: float,
) -> dict[str, int]:
    whole = Path(tempfile.mkdtemp(dir=root))
    _, full_wall, full = measured(
        server, audit_command(server, paths, whole, "whole", timeout=timeout)
    )
    print(f"3. kill -9 and resume: uninterrupted run {full_wall:.1f} s, {full['total']} requests")
    work = Path(tempfile.mkdtemp(dir=root))
    command = audit_command(server, paths, work, "killed", timeout=timeout)
    before = server.stats()
    lost = landed = 0
    # Moments spread over the run: each kill at a random share of the
    # uninterrupted wall time (which includes start-up, so some land early).
    # Up to three tries per kill: a try that completes before its moment
    # lands no kill, and a resumed run has less left to do.
    for n in range(3 * kills):
        if landed == kills:
            break
        runs, status, *_ = _run_rows(work / "report.db")
        attempt = command + (["--resume"] if runs else [])
        child = subprocess.Popen(attempt, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.1, 0.8) * full_wall)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            landed += 1
        child.wait()
        if child.stderr is not None:
            child.stderr.close()
        runs, status, rows, _ = _run_rows(work / "report.db")
        print(
            f"    try {n + 1}: exit {child.returncode}; run {status or 'not yet made'}, {rows} rows"
        )
        if child.returncode not in (0, -signal.SIGKILL):
            # The run, or its resume, failed on its own: it could not go on.
            lost += 1
        if status == "completed":
            break
    resumes = 0
    while True:
        runs, status, *_ = _run_rows(work / "report.db")
        if status == "completed":
            break
        code, _ = run(command + (["--resume"] if runs else []))
        resumes += 1
        runs_after, status, *_ = _run_rows(work / "report.db")
        if code != 0 or runs_after != max(runs, 1) or status != "completed":
            # A resume that failed, or that started another run: the killed
            # run could not be resumed.
            lost += 1
            break
    runs, status, rows, duplicated = _run_rows(work / "report.db")
    stats = diff(server.stats(), before)
    repeated = stats["total"] - full["total"]
    final = report_verdicts(work / "report.db")
    output = restored = (work / "killed.json").exists()
    if not output:
        # Killed after the run was marked completed but before its output was
        # written: does the retry a user would make (--resume) write it?
        run([*command, "--resume"])
        restored = (work / "killed.json").exists()
    differ = sum(clean.get(k) != v for k, v in final.items()) + len(clean.keys() - final.keys())
    print(f"    kills landed: {landed} of {kills}; runs after the kills to finish: {resumes}")
    if output:
        print("    JSON output written at the end: yes")
    else:
        print(
            "    JSON output written at the end: no (killed after the run completed); "
            f"written by a --resume after that: {'yes' if restored else 'no'}"
        )
    print(f"    runs lost: {lost}; runs in the report: {runs}, the last {status}")
    print(f"    rows duplicated: {duplicated}; rows in the completed run: {rows} of {len(clean)}")
    print(
        f"    requests repeated after resume: {repeated} "
        f"({stats['total']} killed and resumed against {full['total']} uninterrupted)"
    )
    print(f"    verdicts in the report differing from the clean run: {differ}")
    return {"lost": lost, "duplicated": duplicated, "repeated": repeated, "differ": differ}


def phase_parallel(
    server: StandIn, paths: Sequence[Path], root: Path, clean: Verdicts, timeout: float
) -> dict[str, int]:
    alone = Path(tempfile.mkdtemp(dir=root))
    code, wall, one = measured(
        server, audit_command(server, paths, alone, "alone", timeout=timeout)
    )
    alone_unverified = sum(v == "could-not-verify" for v in verdicts(alone / "alone.json").values())
    print(
        f"4. parallel runs, rate limits on: one run alone: exit {code}, {wall:.1f} s, "
        f"{alone_unverified} could-not-verify"
    )
    show_routes(one)
    shared = Path(tempfile.mkdtemp(dir=root))
    before = server.stats()
    started = time.perf_counter()
    quarters = [paths[i::4] for i in range(4)]
    children = [
        subprocess.Popen(
            audit_command(server, part, shared, f"part{i}", timeout=timeout),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, part in enumerate(quarters)
    ]
    codes = []
    for child in children:
        _, err = child.communicate()
        codes.append(child.returncode)
        if child.returncode:
            print(f"    exit {child.returncode}: {err.strip()[-300:]}")
    wall = time.perf_counter() - started
    four = diff(server.stats(), before)
    found: Verdicts = {}
    for i in range(4):
        if (shared / f"part{i}.json").exists():
            found |= verdicts(shared / f"part{i}.json")
    unverified = sum(v == "could-not-verify" and clean.get(k) != v for k, v in found.items())
    caused = sum(v in ACCUSATIONS and clean.get(k) != v for k, v in found.items())
    alone_429 = sum(one["rate_limited"].values())
    four_429 = sum(four["rate_limited"].values())
    print(f"    four at once on one cache and report: exits {codes}, {wall:.1f} s")
    show_routes(four)
    print(
        f"    429s: {alone_429} of {one['total']} alone, {four_429} of {four['total']} four at once"
    )
    print(f"    429s caused by parallel runs: {four_429 - alone_429}")
    print(
        f"    entries judged: {len(found)} of {len(clean)}; could-not-verify: {unverified}; "
        f"accusations not in the clean run: {caused}"
    )
    return {"429": four_429 - alone_429, "caused": caused, "unverified": unverified}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--references", type=int, default=20)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=10, help="faulty runs")
    parser.add_argument("--share", type=float, default=0.05, help="of each fault kind")
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--quick", action="store_true", help="a small corpus, for a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.documents, args.references, args.kills, args.rounds = 8, 5, 1, 3
        args.share = 0.15
    # A few hangs, short enough that the soak does not mostly wait; the
    # timeout is below the hang, so each is a timed-out request.
    faults = Faults(
        server_error=args.share,
        hang=args.share / 5,
        truncated=args.share,
        malformed=args.share,
        foreign_not_found=args.share,
        hang_seconds=1.5,
        seed=args.seed,
    )
    timeout = 0.5
    rng = random.Random(args.seed)
    corpus, entries = make_corpus(args.documents, args.references, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "corpus"
        folder.mkdir()
        paths = write_documents(folder, entries, args.documents, args.references, seed=args.seed)
        print(
            f"corpus: {args.documents} documents of {args.references} references, "
            f"{len(corpus.dois)} DOIs and {len(corpus.pmids)} PMIDs in a pool of {len(entries)}"
        )
        with StandIn(corpus, latency=args.latency, limits=None) as server:
            clean = phase_clean(server, paths, root, timeout)
            faulted = phase_faults(server, paths, root, clean, faults, args.rounds, timeout)
            killed = phase_kills(server, paths, root, clean, args.kills, rng, timeout)
        with StandIn(corpus, latency=args.latency, limits=ServiceLimits()) as server:
            parallel = phase_parallel(server, paths, root, clean, timeout=5.0)
    print(
        f"summary: accusations caused by faults {faulted['caused']}, could-not-verify left "
        f"{faulted['left']}, runs lost {killed['lost']}, rows duplicated {killed['duplicated']}, "
        f"requests repeated after resume {killed['repeated']}, "
        f"429s caused by parallel runs {parallel['429']} "
        f"(could-not-verify in the parallel runs {parallel['unverified']})"
    )
    bad = faulted["caused"] + faulted["left"] + killed["lost"] + killed["duplicated"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
