"""Fit the same-work model's weights on labelled pairs made from real records.

Usage::

    .venv/bin/python scripts/fit_samework.py [--records ../shared/data/real-records] \\
        [--seed 7] [--write citecheck/judge/samework_weights.py]

Pairs are built from the records of the *dev* half (a record's half is fixed
by a hash of its identifier; the evaluation benchmark reports on the other
half). For every record: genuine claims in the variations people make
(abridged or cut titles, a typo, "et al." after one to six authors,
initials, dropped diacritics, an online or print year, an abbreviated or
missing journal, fields the reader could not read) written out as an entry
text, and impostors: another record's claims, the other record chosen to
share the first author's surname, co-authors, the journal, title words or a
neighbouring identifier, some made harder by giving them the record's own
first surname. Every pair goes through the same ``compare``/evidence code
the judge uses; a logistic regression (L2, gradient descent, numpy) is
fitted on the features. The threshold is the largest probability that keeps
genuine pairs below it at 0.5 % or less; the script prints the curve.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from citecheck.judge.assessment import assess
from citecheck.judge.samework import FEATURES, same_work
from citecheck.models import Author, Claims, Entry, Location, Record, TitleKind
from citecheck.resolvers.crossref_record import record_from_work
from citecheck.resolvers.pubmed_record import parse_efetch

ROOT = Path(__file__).resolve().parent.parent
FAR_TARGET = 0.005


def split_of(key: str) -> str:
    """``dev`` or ``test``: a record's half, fixed by its identifier."""
    digest = hashlib.sha256(key.lower().encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def load_records(folder: Path) -> list[Record]:
    records: list[Record] = []
    for path in sorted((folder / "crossref").glob("*.json")):
        records.append(record_from_work(json.loads(path.read_text())))
    for path in sorted((folder / "pubmed").glob("*.xml")):
        records.extend(parse_efetch(path.read_bytes()).records.values())
    return [r for r in records if r.title and r.authors]


def key_of(record: Record) -> str:
    return f"doi:{record.doi}" if record.doi else f"pmid:{record.pmid}"


# --------------------------------------------------------------------------
# Claims as people write them


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _initials(given: str) -> str:
    return "".join(w[0] for w in given.replace("-", " ").split() if w and w[0].isalpha()).upper()


def genuine_claims(record: Record, rng: random.Random) -> Claims:
    """The record's claims with the variations of real citations."""
    people = list(record.authors)
    cut = rng.choice([1, 3, 6, len(people), len(people)])
    et_al = cut < len(people)
    authors = []
    for a in people[:cut]:
        family = _strip_accents(a.family) if rng.random() < 0.2 else a.family
        given = a.given if rng.random() < 0.3 else _initials(a.given)
        authors.append(Author(family, given, a.is_organisation))
    title = record.title or ""
    roll = rng.random()
    if roll < 0.15 and ":" in title:
        title = title.split(":")[0]
    elif roll < 0.25:
        words = title.split()
        if len(words) > 8:
            title = " ".join(words[: rng.randint(5, len(words) - 1)])
    elif roll < 0.32 and len(title) > 30:
        i = rng.randrange(5, len(title) - 5)
        title = title[:i] + title[i + 1 :]  # a dropped letter
    elif roll < 0.45:
        title = title.lower() if rng.random() < 0.5 else title.title()
    years = list(record.years) or [None]
    year = rng.choice(years)
    if year is not None and rng.random() < 0.05:
        year += 1
    journal = record.journal
    if record.journal_abbreviations and rng.random() < 0.4:
        journal = rng.choice(record.journal_abbreviations)
    return Claims(
        authors=tuple(authors),
        et_al=et_al,
        year=year,
        title=title,
        journal=journal if rng.random() < 0.8 else None,
        volume=record.volume if rng.random() < 0.7 else None,
        pages=record.pages if rng.random() < 0.6 else None,
    )


def described(claims: Claims, rng: random.Random) -> Claims:
    """``claims`` as a wiki link label states them: the first author, the
    year and a short description made of a few of the title's words."""
    words = [w for w in (claims.title or "").split() if len(w) > 3]
    picked = rng.sample(words, min(len(words), rng.randint(2, 4))) if words else []
    filler = rng.choice(["review", "study", "in mice", "trial", "overview", "cohort"])
    return Claims(
        authors=claims.authors[:1],
        et_al=True,
        year=claims.year,
        title=" ".join([*picked, filler]),
        title_kind=TitleKind.DESCRIPTION,
    )


def entry_text(claims: Claims) -> str:
    """A plain Vancouver-like entry for ``claims``: the raw text the judge also reads."""
    names = ", ".join(f"{a.family} {a.given}".strip() for a in claims.authors)
    if claims.et_al:
        names += ", et al"
    parts = [names, claims.title or "", claims.journal or ""]
    source = f"{claims.year or ''};{claims.volume or ''}:{claims.pages or ''}"
    return ". ".join(p for p in parts if p) + ". " + source


def partially_read(claims: Claims, rng: random.Random) -> Claims:
    """What a reader that understood only part of the entry states."""
    roll = rng.random()
    if roll < 0.1:
        return described(claims, rng)
    if roll < 0.45:
        return claims
    if roll < 0.6:
        return Claims(year=claims.year)
    if roll < 0.7:
        return Claims()
    if roll < 0.8:
        return replace(claims, authors=(), et_al=False)
    if roll < 0.9:
        return replace(claims, title=None)
    # The title read together with the journal behind it, a usual misreading.
    return replace(claims, title=f"{claims.title}. {claims.journal or ''}", journal=None)


# --------------------------------------------------------------------------
# Impostors


def _surnames(record: Record) -> set[str]:
    return {a.family.lower() for a in record.authors}


def impostor_for(record: Record, others: list[Record], rng: random.Random) -> Record:
    """Another record, chosen to look like ``record`` where one can."""
    first = record.authors[0].family.lower()
    words = {w for w in (record.title or "").lower().split() if len(w) > 4}
    kinds = ["surname", "team", "journal", "topic", "neighbour", "any"]
    kind = rng.choice(kinds)
    pool: list[Record] = []
    if kind == "surname":
        pool = [o for o in others if o.authors and o.authors[0].family.lower() == first]
    elif kind == "team":
        pool = [o for o in others if _surnames(o) & _surnames(record)]
    elif kind == "journal":
        pool = [o for o in others if o.journal and o.journal == record.journal]
    elif kind == "topic":
        pool = [o for o in others if len(words & set((o.title or "").lower().split())) >= 2]
    elif kind == "neighbour":
        mine = key_of(record)
        pool = sorted(others, key=lambda o: _distance(key_of(o), mine))[:3]
    pool = [o for o in pool if key_of(o) != key_of(record)] or [
        o for o in others if key_of(o) != key_of(record)
    ]
    return rng.choice(pool)


def _distance(a: str, b: str) -> int:
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return -common


def sharing_surname(claims: Claims, record: Record) -> Claims:
    """``claims`` with the first author given ``record``'s first surname."""
    if not claims.authors:
        return claims
    first = replace(claims.authors[0], family=record.authors[0].family)
    return replace(claims, authors=(first, *claims.authors[1:]))


# --------------------------------------------------------------------------
# Fitting


Pair = tuple[Claims, str, Record, int]


def make_pairs(records: list[Record], seed: int) -> list[Pair]:
    """(claims read, entry text, record, 1 for the same work or 0) pairs."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for record in records:
        for _ in range(6):
            claims = genuine_claims(record, rng)
            pairs.append((*_read(claims, rng), record, 1))
        for _ in range(6):
            other = impostor_for(record, records, rng)
            claims = genuine_claims(other, rng)
            if rng.random() < 0.4:
                claims = sharing_surname(claims, record)
            pairs.append((*_read(claims, rng), record, 0))
    return pairs


def matrix(pairs: list[Pair]) -> tuple[np.ndarray, np.ndarray]:
    rows = [_row(claims, raw, record) for claims, raw, record, _ in pairs]
    return np.array(rows), np.array([label for *_, label in pairs], dtype=float)


def verdict_rates(pairs: list[Pair]) -> tuple[Counter[str], Counter[str]]:
    """The judge's verdict codes (model and rules together) on genuine and impostor pairs."""
    genuine: Counter[str] = Counter()
    impostor: Counter[str] = Counter()
    for claims, raw, record, label in pairs:
        item = Entry(label="1", raw=raw, location=Location(1), claims=claims)
        code = assess(item, record).code.value
        (genuine if label else impostor)[code] += 1
    return genuine, impostor


def _read(claims: Claims, rng: random.Random) -> tuple[Claims, str]:
    """What the reader states of an entry made from ``claims``, and the
    entry's text (a wiki label's text is only its description)."""
    read = partially_read(claims, rng)
    text = entry_text(read if read.title_kind is TitleKind.DESCRIPTION else claims)
    return read, text


def _row(claims: Claims, raw: str, record: Record) -> list[float]:
    features = same_work(claims, raw, record).features
    return [features[name] for name in FEATURES]


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1e-3, steps: int = 4000) -> np.ndarray:
    """Weights (bias first) of an L2-regularised logistic regression."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= rate * grad
    return w


def probabilities(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ w)))


def threshold_for(p: np.ndarray, y: np.ndarray, far: float) -> float:
    """The largest threshold at which at most ``far`` of genuine pairs fall below."""
    genuine = np.sort(p[y == 1])
    allowed = int(far * len(genuine))
    return float(genuine[allowed]) if allowed < len(genuine) else 0.5


def curve(p: np.ndarray, y: np.ndarray) -> list[tuple[float, float, float]]:
    rows = []
    for t in (0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        far = float(np.mean(p[y == 1] < t))
        detected = float(np.mean(p[y == 0] < t))
        rows.append((t, far, detected))
    return rows


def write_weights(path: Path, w: np.ndarray, threshold: float, n_pairs: int, seed: int) -> None:
    weights = ",\n".join(f"    {v:.6f},  # {name}" for name, v in zip(FEATURES, w[1:], strict=True))
    path.write_text(
        '"""Weights of the same-work model. Written by scripts/fit_samework.py; do not edit.\n\n'
        f"Fitted on {n_pairs} labelled pairs (seed {seed}) built from the dev half of the real\n"
        "Crossref and PubMed records in ../shared/data/real-records (their sources are listed\n"
        'in that folder\'s README); the records themselves are not part of citecheck.\n"""\n\n'
        f"BIAS = {w[0]:.6f}\n\n"
        f"WEIGHTS = (\n{weights}\n)\n\n"
        f"THRESHOLD = {threshold:.4f}\n"
        '"""Below this probability the entry is another work (0.5 % of genuine dev pairs)."""\n'
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=ROOT.parent / "shared/data/real-records")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.records.is_dir():
        print(f"no records at {args.records}", file=sys.stderr)
        return 2
    records = load_records(args.records)
    dev = [r for r in records if split_of(key_of(r)) == "dev"]
    test = [r for r in records if split_of(key_of(r)) == "test"]
    dev_pairs, test_pairs = make_pairs(dev, args.seed), make_pairs(test, args.seed + 1)
    x, y = matrix(dev_pairs)
    w = fit(x, y)
    p = probabilities(w, x)
    threshold = threshold_for(p, y, FAR_TARGET)
    xt, yt = matrix(test_pairs)
    pt = probabilities(w, xt)
    print(f"records: {len(dev)} dev, {len(test)} test; pairs: {len(y)} dev, {len(yt)} test")
    print(f"threshold {threshold:.4f} (genuine dev pairs below it at most {FAR_TARGET:.1%})")
    print(
        f"{'threshold':>9}  {'dev FAR':>8}  {'dev detect':>10}  {'test FAR':>8}  {'test detect':>11}"
    )
    for (t, far, det), (_, tfar, tdet) in zip(curve(p, y), curve(pt, yt), strict=True):
        print(f"{t:9.2f}  {far:8.2%}  {det:10.2%}  {tfar:8.2%}  {tdet:11.2%}")
    at = float(np.mean(pt[yt == 1] < threshold)), float(np.mean(pt[yt == 0] < threshold))
    print(f"at the threshold, test: FAR {at[0]:.2%}, impostors detected {at[1]:.2%}")
    for name, v in zip(("bias", *FEATURES), w, strict=True):
        print(f"  {name:22} {v:+.3f}")
    if args.write:
        write_weights(args.write, w, threshold, len(y), args.seed)
        print(f"wrote {args.write}")
        # The verdicts the judge now gives (these weights and its rules) on the test pairs.
        genuine, impostor = verdict_rates(test_pairs)
        print(f"verdicts on {sum(genuine.values())} genuine test pairs: {dict(genuine)}")
        print(f"verdicts on {sum(impostor.values())} impostor test pairs: {dict(impostor)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
