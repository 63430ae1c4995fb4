"""Parsing speed and memory on a generated corpus.

Usage::

    .venv/bin/python benchmarks/bench_parse.py            # speed, then memory at 100/1,000/5,000 files
    .venv/bin/python benchmarks/bench_parse.py --files 200 --memory-sizes 100,1000

Speed: MB of Markdown and of plain text read, parsed and checked per second
on one core (one process, files read from disk), for two corpora: typical
articles (about 40 KB: 32 KB of prose citing 39 references) and
reference-dense pages (about 13 KB: 5 KB of prose, 30 references), the worst
case since reading an entry costs far more per byte than reading prose. Memory: the peak resident
set of a fresh process that streams N files through the reader and the
checks, for growing N; flat figures mean memory does not grow with the
number of files.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = [
    "Smith", "Müller", "van der Berg", "Niwa-Kawakita", "O'Brien", "García", "Nguyen",
    "Kowalski", "Rossi", "Tanaka", "Ibrahim", "Johansson", "de la Cruz", "Lee", "Chen",
]  # fmt: skip
WORDS = [
    "chemokine",
    "receptor",
    "signalling",
    "tumour",
    "microenvironment",
    "stromal",
    "cells",
    "migration",
    "adhesion",
    "metastasis",
    "antagonist",
    "clinical",
    "trial",
    "expression",
    "survival",
    "neuroinflammation",
    "microglia",
    "astrocytes",
    "barrier",
    "integrity",
    "progenitor",
    "homing",
    "marrow",
    "niche",
    "therapy",
    "response",
    "cohort",
]
JOURNALS = ["Nature", "Blood", "Nat Rev Cancer", "Clin Cancer Res", "J Immunol", "Cell"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def vancouver_entry(rng: random.Random, number: int) -> str:
    authors = ", ".join(
        f"{rng.choice(SURNAMES)} {rng.choice('ABCDEFGH')}{rng.choice('JKLMN')}"
        for _ in range(rng.randint(1, 5))
    )
    year = rng.randint(1990, 2025)
    ident = rng.random()
    tail = ""
    if ident < 0.6:
        tail = f" doi:10.{rng.randint(1000, 9999)}/j.test.{year}.{rng.randint(1, 99999)}"
    elif ident < 0.9:
        tail = f" PMID: {rng.randint(1, 39_999_999)}"
    return (
        f"{number}. {authors}, et al. {sentence(rng, rng.randint(6, 14))}. "
        f"{rng.choice(JOURNALS)}. {year};{rng.randint(1, 400)}({rng.randint(1, 12)}):"
        f"{rng.randint(1, 900)}-{rng.randint(901, 999)}.{tail}"
    )


def article(
    rng: random.Random, references: int = 30, markdown: bool = True, extra_paragraphs: int = 0
) -> str:
    """One article: a title, paragraphs citing every entry, a reference list."""
    lines = ["# " + sentence(rng, 6) if markdown else sentence(rng, 6), ""]
    for _ in range(extra_paragraphs):
        lines.extend([f"{sentence(rng, 60)}. {sentence(rng, 50)}.", ""])
    for start in range(1, references + 1, 3):
        marker = f"[{start}][{start + 1}]" if rng.random() < 0.5 else f"[{start},{start + 1}]"
        lines.append(f"{sentence(rng, 40)} {marker}. {sentence(rng, 30)} [{start + 2}].")
        lines.append("")
        if markdown and rng.random() < 0.2:
            lines.extend(["```python", "values[1] = values[2]", "```", ""])
    lines.extend(["## References" if markdown else "References", ""])
    lines.extend(vancouver_entry(rng, n) for n in range(1, references + 1))
    return "\n".join(lines) + "\n"


# (references, extra prose paragraphs) of each corpus.
SHAPES = {"typical": (39, 24), "dense": (30, 0)}


def write_corpus(
    folder: Path, files: int, *, markdown: bool, shape: str = "typical", seed: int = 7
) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    suffix = ".md" if markdown else ".txt"
    references, paragraphs = SHAPES[shape]
    for index in range(files):
        path = folder / f"doc{index:05d}{suffix}"
        text = article(rng, references, markdown=markdown, extra_paragraphs=paragraphs)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def measure_speed(paths: list[Path]) -> tuple[float, float, int]:
    """Seconds, MB per second, and findings for reading and checking ``paths``."""
    from citecheck.audit import read_documents
    from citecheck.judge.checks import check_document

    total = sum(p.stat().st_size for p in paths)
    findings = 0
    started = time.perf_counter()
    for document in read_documents(paths):
        findings += len(check_document(document))  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    return elapsed, total / elapsed / 1e6, findings


def stream_and_report_peak(folder: str) -> None:
    """Child process: stream every file of ``folder``, print peak RSS in MB."""
    from citecheck.audit import read_documents
    from citecheck.judge.checks import check_document
    from citecheck.models import Document

    count = 0
    for item in read_documents([folder]):
        if isinstance(item, Document):
            check_document(item)
            count += 1
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{count} {peak_kb / 1024:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500, help="files per format for speed")
    parser.add_argument("--memory-sizes", default="100,1000,5000")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stream_and_report_peak(args.child)
        return

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for shape in SHAPES:
            for markdown in (True, False):
                folder = root / f"{shape}-{'md' if markdown else 'txt'}"
                folder.mkdir()
                paths = write_corpus(folder, args.files, markdown=markdown, shape=shape)
                measure_speed(paths[:20])  # warm up imports and regex caches
                seconds, rate, findings = measure_speed(paths)
                size = sum(p.stat().st_size for p in paths) / 1e6
                label = f"{shape} {'Markdown' if markdown else 'text'}"
                print(
                    f"{label:17}: {len(paths)} files, {size:.1f} MB in {seconds:.2f} s = "
                    f"{rate:.1f} MB/s ({findings} findings)"
                )
        for size_text in args.memory_sizes.split(","):
            files = int(size_text)
            folder = root / f"mem{files}"
            folder.mkdir()
            write_corpus(folder, files, markdown=True, seed=files)
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(folder)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            print(f"memory  : {output[0]:>5} files streamed, peak RSS {output[1]} MB")


if __name__ == "__main__":
    main()
