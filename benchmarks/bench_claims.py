"""How well ``parse_claims`` reads labelled reference strings, and how fast.

Usage::

    .venv/bin/python benchmarks/bench_claims.py
    .venv/bin/python benchmarks/bench_claims.py --data ../shared/data/reference-strings

Reads the anystyle and GROBID labelled strings (``reference_strings.py``:
deduplicated, split by hash into train and test), gives each string to
``parse_claims`` and prints, for the test split and for the whole set, per
field and per style family (``claims_scoring.py`` defines the gold values,
the match rules and the families):

- coverage: of the entries that have the field, the share for which the
  reader states a value;
- precision: of the values the reader states on that row, the share that
  match the labelled value (a value stated where the entry has none is
  wrong).

Then the speed: entries per second on one core, the whole set read once.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_scoring import FAMILIES, FIELDS, family, gold, in_scope, matches, stated
from reference_strings import DEFAULT_DATA, LabelledEntry, load

from citecheck.models import Claims
from citecheck.parsing.claims import parse_claims


def source(entry: LabelledEntry) -> str:
    """``anystyle/core.xml`` and the like; GROBID's files as one source."""
    return "grobid" if entry.source.startswith("grobid") else entry.source


def tally(
    entries: list[LabelledEntry], readings: list[Claims], group_of: Callable[[LabelledEntry], str]
) -> dict[tuple[str, str], Counter[str]]:
    """Counts per (group or "all", field): has, covered, stated, correct."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for entry, claims in zip(entries, readings, strict=True):
        for group in ("all", group_of(entry)):
            for field in FIELDS:
                count = counts.setdefault((group, field), Counter())
                expected, value = gold(entry, field), stated(claims, field)
                if expected is not None:
                    count["has"] += 1
                    count["covered"] += value is not None
                if value is not None and in_scope(entry, field):
                    count["stated"] += 1
                    count["correct"] += expected is not None and matches(field, value, expected)
    return counts


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}" if whole else "    –"


def print_table(
    title: str,
    entries: list[LabelledEntry],
    readings: list[Claims],
    group_of: Callable[[LabelledEntry], str] = family,
) -> None:
    counts = tally(entries, readings, group_of)
    sizes = Counter(group_of(entry) for entry in entries)
    groups = FAMILIES if group_of is family else tuple(sorted(sizes))
    print(f"\n{title}: {len(entries)} entries")
    header = "".join(f" | {field:>15}" for field in FIELDS)
    print(f"{'group':18} {'n':>5}{header}")
    print(f"{'':18} {'':>5}" + " | cover%  precis%" * len(FIELDS))
    for group in ("all", *groups):
        n = len(entries) if group == "all" else sizes[group]
        cells = ""
        for field in FIELDS:
            count = counts.get((group, field), Counter())
            cells += (
                f" | {share(count['covered'], count['has'])}"
                f"   {share(count['correct'], count['stated'])}"
            )
        print(f"{group:18} {n:5}{cells}")
    all_counts = [counts.get(("all", field), Counter()) for field in FIELDS]
    print(
        "entries having the field: "
        + ", ".join(
            f"{field} {count['has']}" for field, count in zip(FIELDS, all_counts, strict=True)
        )
    )
    nothing = sum(claims.is_empty for claims in readings)
    year_only = sum(
        claims.year is not None and not (claims.authors or claims.title or claims.journal)
        for claims in readings
    )
    print(
        f"states nothing: {share(nothing, len(readings))} %, only a year: "
        f"{share(year_only, len(readings))} %"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="the reference-strings folder"
    )
    args = parser.parse_args()
    entries = load(args.data)
    texts = [entry.text for entry in entries]
    parse_claims(texts[0])  # load the model and compile the patterns before timing
    started = time.perf_counter()
    readings = [parse_claims(text) for text in texts]
    elapsed = time.perf_counter() - started
    test = [i for i, entry in enumerate(entries) if entry.is_test]
    print_table("test split", [entries[i] for i in test], [readings[i] for i in test])
    print_table(
        "test split by source",
        [entries[i] for i in test],
        [readings[i] for i in test],
        source,
    )
    print_table("whole set", entries, readings)
    print(
        f"\nspeed: {len(texts)} entries in {elapsed:.2f} s = {len(texts) / elapsed:,.0f} entries/s"
    )


if __name__ == "__main__":
    main()
