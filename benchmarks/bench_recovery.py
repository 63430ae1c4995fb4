"""How often a missing reference list is recovered, and from the wrong work.

Usage::

    .venv/bin/python benchmarks/bench_recovery.py [--articles 300] [--seed 1]

Generates articles that lost their reference lists, in four shapes: the
text of a PDF's first page (venue line, title lines, an author line with
affiliation marks, then the body), the text of PDF pages whose title block
was lost (running headers only: the journal, volume, issue and year, and
``Surname et al.``), the same with the venue alone in the headers and no
author named anywhere in the text (the weakest case), and a Markdown page
(H1, author line). Each article cites its list with numbered markers, in
order, with ranges; except in the weakest case, some sentences name the
cited entry's first author (``Tan et al. showed … [12]``). For each, what
a search would return is simulated: in half the cases the article's own
work with its deposit among three near misses, in the other half the near
misses alone (the search missed the article), each with a deposit of its
own. The near misses are those a real search ranks high: the same title
with one word changed and another first author; another article of the
same journal issue whose title uses the text's words, with a list about as
long (half its title words the text's); and the same first author's other
paper.

Each document is read (``parse_source``), its own-work search built
(``own_work_search``) and its finding judged (``with_recovered_list``) on
those candidates. Prints, per shape: articles, recovered from the right
work (recall, of the cases where it was among the candidates), recovered
from a wrong work (which must be 0), and how the unrecovered ones were
told. Needs no network and no stand-in: the search's answer is the input.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass

from citecheck.judge.checks import check_document
from citecheck.judge.recovery import own_work_search, with_recovered_list
from citecheck.models import (
    Author,
    DepositedReference,
    FindingCode,
    Lookup,
    LookupStatus,
    Record,
    ReferenceDeposit,
    Service,
)
from citecheck.parsing import parse_source
from citecheck.parsing.source import Source

SHAPES = ("first-page", "page-headers", "headers-only", "markdown")
"""How the article's text opens: see the module's docstring."""

_SURNAMES = [
    "Smith",
    "Tan",
    "Garcia",
    "Müller",
    "Okafor",
    "Novak",
    "Haddad",
    "Kim",
    "Rossi",
    "Silva",
    "Dubois",
    "Ivanova",
    "Chen",
    "Larsen",
    "Kowalski",
    "Nakamura",
    "Osei",
    "Petrov",
    "Andersson",
    "Moreau",
    "Burger",
    "Wald",
    "Stewart",
    "Peled",
]
_GIVEN = [
    "Ann",
    "Mei",
    "Carlos",
    "Jonas",
    "Chidi",
    "Petra",
    "Rami",
    "Jisoo",
    "Luca",
    "Ana",
    "Claire",
    "Olga",
    "Wei",
    "Nils",
    "Ewa",
]
_TOPIC = [
    "receptor",
    "signalling",
    "kinase",
    "expression",
    "inflammation",
    "neurons",
    "cortex",
    "mutation",
    "variant",
    "protein",
    "therapy",
    "tumour",
    "microbiome",
    "binding",
    "imaging",
    "resistance",
    "pathway",
    "regulation",
    "transcription",
    "stromal",
    "chemokine",
    "antagonist",
    "metastasis",
    "adhesion",
    "migration",
    "niche",
]
_FILLER = [
    "these",
    "cells",
    "were",
    "shown",
    "to",
    "express",
    "the",
    "receptor",
    "and",
    "its",
    "ligand",
    "in",
    "most",
    "samples",
    "while",
    "blocking",
    "it",
    "reduced",
    "growth",
    "in",
    "several",
    "models",
    "and",
    "changed",
    "how",
    "the",
    "cells",
    "moved",
]
_JOURNALS = (
    ("Journal of Experimental Medicine", "J. Exp. Med."),
    ("Expert Review of Anticancer Therapy", "Expert Rev. Anticancer Ther."),
    ("Cell Reports", "Cell Rep."),
    ("Nucleic Acids Research", "Nucleic Acids Res."),
    ("Molecular Cancer Research", "Mol. Cancer Res."),
)


@dataclass(frozen=True)
class Article:
    record: Record
    journal_abbreviation: str


def _title(rng: random.Random) -> str:
    words = rng.sample(_TOPIC, rng.randint(5, 8))
    return " ".join(words).capitalize() + " in " + rng.choice(["cancer", "disease", "mice"])


def _deposit(rng: random.Random, count: int) -> ReferenceDeposit:
    references = tuple(
        DepositedReference(
            key=f"ref{n}",
            author=f"{rng.choice(_GIVEN)[0]} {rng.choice(_SURNAMES)}",
            year=str(rng.randint(1990, 2020)),
            article_title=_title(rng),
        )
        for n in range(1, count + 1)
    )
    return ReferenceDeposit(references, count)


def _article(rng: random.Random, number: int) -> Article:
    journal, abbreviation = rng.choice(_JOURNALS)
    authors = tuple(
        Author(rng.choice(_SURNAMES), rng.choice(_GIVEN)) for _ in range(rng.randint(2, 5))
    )
    record = Record(
        Service.CROSSREF,
        doi=f"10.5555/bench.{number}",
        title=_title(rng),
        authors=authors,
        issued_year=rng.randint(2000, 2023),
        journal=journal,
        journal_abbreviations=(abbreviation,),
        volume=str(rng.randint(1, 60)),
        issue=str(rng.randint(1, 12)),
        deposit=_deposit(rng, rng.randint(20, 150)),
    )
    return Article(record, abbreviation)


def _body(rng: random.Random, article: Article, *, names: bool) -> list[str]:
    """Paragraphs citing the list in order, with the title's words in them;
    with ``names``, one marker in ten put to its entry's first author
    (``Tan et al. showed … [12]``), as review texts do."""
    deposit = article.record.deposit
    references = deposit.references if deposit else ()
    title_words = (article.record.title or "").lower().split()
    paragraphs, number = [], 1
    while number <= len(references):
        words = [*rng.sample(_FILLER, 12), *rng.sample(title_words, min(4, len(title_words)))]
        rng.shuffle(words)
        span = min(rng.choice((1, 1, 2, 3)), len(references) - number + 1)
        marker = f"[{number}]" if span == 1 else f"[{number}–{number + span - 1}]"
        sentence = " ".join(words).capitalize() + f" {marker} ."
        author = references[number - 1].author or ""
        if names and span == 1 and rng.random() < 0.3 and author:
            sentence = f"{author.split()[-1]} et al. showed that " + sentence.lower()
        paragraphs.append(sentence)
        number += span
    return paragraphs


def _author_line(record: Record) -> str:
    return ", ".join(f"{a.given} {a.family}{n}" for n, a in enumerate(record.authors, start=1))


def document_text(rng: random.Random, article: Article, shape: str) -> str:
    record = article.record
    body = _body(rng, article, names=shape != "headers-only")
    venue = (
        f"{article.journal_abbreviation} {record.volume}({record.issue}), ({record.issued_year})"
    )
    if shape == "markdown":
        people = ", ".join(f"{a.given} {a.family}" for a in record.authors)
        return f"# {record.title}\n\n*By {people}*\n\n" + "\n\n".join(body) + "\n"
    if shape == "first-page":
        head = [venue, "REVIEW", record.title or "", _author_line(record), "Abstract"]
        return "\n".join(head) + "\n" + "\n".join(body) + "\n"
    lines: list[str] = []
    # Without the first author's header, the venue alone heads the pages.
    running = f"{record.authors[0].family} et al." if shape == "page-headers" else venue
    for page in range(0, len(body), 6):
        lines.extend([venue if page % 12 == 0 else running, "", *body[page : page + 6], ""])
    lines.extend([venue, running])
    return "\n".join(lines) + "\n"


def near_misses(rng: random.Random, article: Article, number: int) -> list[Record]:
    record = article.record
    count = record.deposit.count if record.deposit else 0
    title = (record.title or "").split()
    changed = list(title)
    changed[rng.randrange(len(changed))] = rng.choice(_TOPIC)
    others = [name for name in _SURNAMES if name != record.authors[0].family]
    other_first = (Author(rng.choice(others), "X"), *record.authors[1:])
    # Another article of the issue, on a related topic: half its words the text's.
    half = len(title) // 2
    same_issue_title = " ".join([*rng.sample(title, half), *rng.sample(_TOPIC, half)])
    return [
        Record(
            Service.CROSSREF,
            doi=f"10.5555/near.{number}.a",
            title=" ".join(changed),
            authors=other_first,
            issued_year=record.issued_year,
            journal=record.journal,
            deposit=_deposit(rng, count),
        ),
        Record(
            Service.CROSSREF,
            doi=f"10.5555/near.{number}.b",
            title=same_issue_title.capitalize(),
            authors=(Author(rng.choice(others), "Y"),),
            issued_year=record.issued_year,
            journal=record.journal,
            journal_abbreviations=record.journal_abbreviations,
            volume=record.volume,
            issue=record.issue,
            deposit=_deposit(rng, count + rng.randint(-3, 3)),
        ),
        Record(
            Service.CROSSREF,
            doi=f"10.5555/near.{number}.c",
            title=_title(rng),
            authors=record.authors[:1],
            issued_year=record.issued_year,
            journal=record.journal,
            deposit=_deposit(rng, rng.randint(20, 150)),
        ),
    ]


def run(articles: int, seed: int) -> dict[str, Counter[str]]:
    rng = random.Random(seed)
    tallies: dict[str, Counter[str]] = {shape: Counter() for shape in SHAPES}
    for number in range(articles):
        shape = SHAPES[number % len(SHAPES)]
        article = _article(rng, number)
        present = rng.random() < 0.5
        candidates = near_misses(rng, article, number)
        if present:
            candidates.insert(rng.randrange(len(candidates) + 1), article.record)
        suffix = ".md" if shape == "markdown" else ".txt"
        document = parse_source(
            Source(path=f"a{number}{suffix}", text=document_text(rng, article, shape))
        )
        tally = tallies[shape]
        tally["articles"] += 1
        tally["present"] += present
        search = own_work_search(document)
        if search is None:
            tally["nothing to search by"] += 1
            continue
        lookup = Lookup(search, LookupStatus.FOUND, Service.SEARCH, candidates=tuple(candidates))
        (finding,) = [
            f
            for f in with_recovered_list(document, check_document(document), {search.key: lookup})
            if f.code is FindingCode.NO_REFERENCE_LIST
        ]
        evidence = finding.evidence_dict()
        source = evidence.get("recovered_from", "")
        if not source:
            tally[f"not recovered: {evidence.get('recovery')}"] += 1
        elif (article.record.doi or "") in source and present:
            tally["recovered, right work"] += 1
            complete = evidence.get("markers_covered") == f"1–{article.record.deposit.count}"  # type: ignore[union-attr]
            tally["all markers covered"] += complete
        else:
            tally["recovered, WRONG work"] += 1
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tallies = run(args.articles, args.seed)
    wrong = 0
    for shape, tally in tallies.items():
        right = tally["recovered, right work"]
        recall = right / tally["present"] if tally["present"] else 0.0
        wrong += tally["recovered, WRONG work"]
        print(f"{shape}: {tally['articles']} articles, own work among the candidates in "
              f"{tally['present']}; recall {recall:.1%}")  # fmt: skip
        for name, count in sorted(tally.items()):
            if name not in ("articles", "present"):
                print(f"  {name}: {count}")
    print(f"recovered from a wrong work: {wrong}")


if __name__ == "__main__":
    main()
