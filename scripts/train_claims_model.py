"""Train the claims reader's sequence labeller and choose its confidence thresholds.

Usage::

    .venv/bin/python scripts/train_claims_model.py
    .venv/bin/python scripts/train_claims_model.py --data ../shared/data/reference-strings

Reads the labelled reference strings (``benchmarks/reference_strings.py``)
and uses the TRAIN split only; the test split is what
``benchmarks/bench_claims.py`` reports on. Two steps:

1. thresholds: a model is trained on four fifths of the train split (by a
   hash of each string) and tags the other fifth; for each field, the
   threshold is the lowest confidence at which the values stated at or
   above it are right at least ``--precision`` of the time (match rules of
   ``benchmarks/claims_scoring.py``);
2. the shipped model: trained on the whole train split.

Writes ``citecheck/parsing/claims_model.crfsuite`` and
``citecheck/parsing/claims_model.json`` (the thresholds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from claims_scoring import first_author_window, gold, gold_year, matches  # noqa: E402
from reference_strings import DEFAULT_DATA, LabelledEntry, load  # noqa: E402

from citecheck.parsing.claims import clean_entry_text  # noqa: E402
from citecheck.parsing.claims_features import token_features  # noqa: E402
from citecheck.parsing.claims_fields import pages_of, volume_issue  # noqa: E402
from citecheck.parsing.claims_model import (  # noqa: E402
    FIELDS,
    MODEL_FILE,
    THRESHOLDS_FILE,
    Span,
    load_labeller,
    reading,
)

PACKAGE = ROOT / "citecheck" / "parsing"
PARAMS: dict[str, object] = {
    "c1": 0.02,
    "c2": 0.05,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def train(entries: list[LabelledEntry], path: Path, params: dict[str, object]) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for entry in entries:
        tokens = entry.token_labels()
        trainer.append(token_features([t for t, _ in tokens]), [label for _, label in tokens])
    trainer.set_params(params)
    trainer.train(str(path))


def is_calibration(entry: LabelledEntry) -> bool:
    digest = hashlib.sha1(("calibration:" + entry.key).encode()).digest()
    return digest[0] % 5 == 0


def field_readings(spans: list[Span]) -> dict[str, tuple[object, float]]:
    """Per field, the value the reader takes from ``spans`` and its confidence."""
    claims, confidence = reading(spans)
    values: dict[str, object] = {
        "author": claims.authors[0].family if claims.authors else None,
        "date": claims.year,
        "title": claims.title,
        "venue": claims.journal,
        "volume": claims.volume,
        "pages": claims.pages,
    }
    return {
        field: (value, confidence[field])
        for field, value in values.items()
        if value is not None and field in confidence
    }


def is_right(entry: LabelledEntry, field: str, value: object) -> bool:
    expected: object
    if field == "author":
        author = entry.first("author")
        return author is not None and matches(
            "first author", str(value), first_author_window(author)
        )
    if field == "date":
        return value == gold_year(entry)
    if field == "title":
        expected = gold(entry, "title")
    elif field == "venue":
        expected = gold(entry, "journal") or gold(entry, "container")
    elif field == "volume":
        volume = entry.first("volume")
        return volume is not None and value == volume_issue(volume)[0]
    else:
        pages = entry.first("pages")
        return pages is not None and value == pages_of(pages)
    return expected is not None and matches(field, str(value), str(expected))


def choose_thresholds(
    model: Path, entries: list[LabelledEntry], precision: float
) -> dict[str, float]:
    labeller = load_labeller(model, {})
    scored: dict[str, list[tuple[float, bool]]] = {field: [] for field in FIELDS}
    for entry in entries:
        spans = labeller.spans(clean_entry_text(entry.text))
        for field, (value, confidence) in field_readings(spans).items():
            scored[field].append((confidence, is_right(entry, field, value)))
    thresholds: dict[str, float] = {}
    for field, pairs in scored.items():
        pairs.sort(key=lambda pair: -pair[0])
        right = 0
        threshold = 1.01  # none stated unless some confidence reaches the precision
        for count, (confidence, ok) in enumerate(pairs, start=1):
            right += ok
            if right / count >= precision:
                threshold = confidence
        kept = sum(confidence >= threshold for confidence, _ in pairs)
        print(f"{field:7} threshold {threshold:.3f}: keeps {kept} of {len(pairs)} readings")
        thresholds[field] = round(threshold, 4)
    return thresholds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--precision", type=float, default=0.975)
    parser.add_argument("--leave-out", nargs="*", default=["anystyle/ugly.xml"])
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    parser.add_argument(
        "--thresholds-only",
        action="store_true",
        help="choose and print the thresholds, write nothing (to compare settings)",
    )
    args = parser.parse_args()
    # anystyle's ugly.xml is left out: many of its labels are wrong (journals
    # labelled publisher or source), and a model learns the errors too.
    entries = [
        entry
        for entry in load(args.data)
        if not entry.is_test and entry.source not in args.leave_out
    ]
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    calibration = [entry for entry in entries if is_calibration(entry)]
    fitting = [entry for entry in entries if not is_calibration(entry)]
    print(f"train split: {len(entries)} entries ({len(calibration)} for the thresholds)")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        partial = Path(tmp) / "partial.crfsuite"
        train(fitting, partial, params)
        print(f"model for the thresholds trained in {time.perf_counter() - started:.0f} s")
        thresholds = choose_thresholds(partial, calibration, args.precision)
    if args.thresholds_only:
        return
    started = time.perf_counter()
    train(entries, PACKAGE / MODEL_FILE, params)
    print(f"shipped model trained in {time.perf_counter() - started:.0f} s")
    (PACKAGE / THRESHOLDS_FILE).write_text(
        json.dumps(thresholds, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
