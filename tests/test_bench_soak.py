"""The soak benchmark's smoke run: a small corpus through every phase.

Runs ``benchmarks/bench_soak.py --quick`` as a child process (it starts
its own stand-in and runs ``citecheck audit`` about twenty times, under 30 s)
and reads its figures: faults were really injected, and none became an
accusation, lost a run or duplicated a row.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_soak.py"
FIGURES = (
    "lookups tried",
    "faults injected",
    "accusations caused by faults",
    "could-not-verify left after the clean re-run",
    "runs lost",
    "rows duplicated",
    "requests repeated after resume",
    "429s caused by parallel runs",
)


def figure(output: str, name: str) -> int:
    found = re.search(rf"{re.escape(name)}: (-?\d+)", output)
    assert found, f"{name!r} not printed:\n{output}"
    return int(found.group(1))


def test_quick_soak_injects_faults_and_none_becomes_an_accusation_or_a_lost_row() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=120
    )
    output = done.stdout
    for name in FIGURES:
        figure(output, name)
    assert figure(output, "faults injected") > 0, output
    assert figure(output, "accusations caused by faults") == 0, output
    assert figure(output, "could-not-verify left after the clean re-run") == 0, output
    assert figure(output, "runs lost") == 0, output
    assert figure(output, "rows duplicated") == 0, output
    assert done.returncode == 0, done.stderr
