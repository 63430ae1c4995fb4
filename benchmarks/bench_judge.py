"""How fast citecheck judges an entry against its record, reading aside.

Usage::

    .venv/bin/python benchmarks/bench_judge.py [--split all] [--per-record 3] [--rounds 3]

Builds the labelled entries of ``evalset.py`` (genuine and erroneous, from
the real records in ``../shared/data/real-records``), writes each in every
style that can show it, reads its claims once (not timed), then times
``judge_entry`` over all of them with the record already looked up: the
CPU time of the judge alone (field comparison, the entry's text, the
same-work model, the verdict), one process, one core. Prints entries per
CPU second for each round. For a "before" figure, run it with
``PYTHONPATH`` set to an older checkout's root (``git worktree add /tmp/old
REV``): it falls back to the old module name.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from evalset import DEFAULT_RECORDS, labelled_set, load_records  # noqa: E402

try:
    from citecheck.judge.verdicts import judge_entry
except ImportError:  # citecheck before the judge had a folder of its own (for "before" figures)
    from citecheck.verdicts import judge_entry  # type: ignore[no-redef]
from citecheck.models import Entry, Location, Lookup, LookupStatus  # noqa: E402
from citecheck.parsing.claims import parse_claims  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--per-record", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS)
    args = parser.parse_args()

    records = load_records(args.records)
    refs = labelled_set(
        args.split, genuine=args.per_record, errors=args.per_record, records=records
    )
    cases: list[tuple[Entry, dict[str, Lookup]]] = []
    for ref in refs:
        if ref.identifier is None or ref.cited is None:
            continue
        lookups = {
            ref.identifier.key: Lookup(
                ref.identifier, LookupStatus.FOUND, ref.cited.service, record=ref.cited
            )
        }
        for style in ref.styles():
            raw = ref.render(style)
            entry = Entry(
                label="1",
                raw=raw,
                location=Location(1),
                identifiers=(ref.identifier,),
                claims=parse_claims(raw),
            )
            cases.append((entry, lookups))
    print(f"{len(cases)} entries ({len(refs)} labelled references in every style that shows them)")
    for round_ in range(1, args.rounds + 1):
        started = time.process_time()
        for entry, lookups in cases:
            judge_entry(entry, lookups)
        seconds = time.process_time() - started
        print(f"round {round_}: {seconds:.2f} s CPU = {len(cases) / seconds:,.0f} entries/s")


if __name__ == "__main__":
    main()
