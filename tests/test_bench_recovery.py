"""The recovery benchmark's smoke run: generated articles that lost their
lists, with near misses among the candidates; none is recovered from a
wrong work, and the articles that name themselves are recovered."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_recovery.py"


def _load() -> object:
    spec = importlib.util.spec_from_file_location("citecheck_bench_recovery", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load()


def test_no_list_is_recovered_from_a_wrong_work_and_titled_articles_are_recovered() -> None:
    tallies = bench.run(120, seed=5)  # type: ignore[attr-defined]
    assert sum(t["recovered, WRONG work"] for t in tallies.values()) == 0
    for shape in ("first-page", "markdown"):
        tally = tallies[shape]
        assert tally["present"] > 0
        assert tally["recovered, right work"] == tally["present"]
    assert tallies["headers-only"]["recovered, right work"] == 0  # the venue alone says too little
