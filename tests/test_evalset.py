"""benchmarks/evalset.py: the labelled set of entries the verdicts benchmark
measures citecheck with, made here from records written for this test."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from citecheck.models import Author, Record, Service, WorkType
from citecheck.parsing import read_document

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    # benchmarks/ is not a package: load the file itself, registered first
    # since dataclasses look their module up in sys.modules.
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


evalset = _load("evalset")

_FAMILIES = ["Okafor", "Lindgren", "Tanaka", "Moreau", "Haddad", "Novak", "Schüller", "Brandt"]
_GIVEN = ["Ada Marie", "Bram", "Chika", "Dorota", "Emil", "Farah", "Gustav", "Hana"]
_WORDS = [
    "increased",
    "cortical",
    "thickness",
    "after",
    "early",
    "chronic",
    "exposure",
    "to",
    "low",
    "dose",
    "lithium",
    "in",
    "adolescent",
    "zebrafish",
    "larvae",
    "under",
    "hypoxic",
    "stress",
    "with",
    "multiple",
    "measured",
    "outcomes",
]
_JOURNALS = ["Journal of Coastal Research", "Marine Ecology Progress Series", "Brain Research"]


def _record(n: int) -> Record:
    """A made-up record: 1 to 8 authors, a title of 6 to 15 words."""
    size = 1 + n % 8
    authors = tuple(
        Author(family=_FAMILIES[(n + i) % 8], given=_GIVEN[(n * 3 + i) % 8]) for i in range(size)
    )
    start = n % 5
    title = " ".join(_WORDS[start : start + 6 + n % 10]).capitalize()
    if n % 4 == 0:
        title += ": a pilot study"
    common = {
        "title": title,
        "authors": authors,
        "issued_year": 1995 + n % 25,
        "print_year": 1995 + n % 25,
        "online_year": 1994 + n % 25,
        "journal": _JOURNALS[n % 3],
        "volume": str(10 + n),
        "issue": str(1 + n % 4),
        "pages": f"{100 + n}-{110 + n}",
        "type": WorkType.JOURNAL_ARTICLE,
    }
    if n % 3 == 0:
        return Record(service=Service.PUBMED, pmid=str(20_000_000 + n * 7), **common)
    return Record(service=Service.CROSSREF, doi=f"10.9999/test.{n:04d}", **common)


RECORDS = [_record(n) for n in range(60)]


def test_every_kind_is_produced() -> None:
    refs = evalset.labelled_set("all", seed=1, records=RECORDS)
    assert {ref.kind for ref in refs} == set(evalset.Kind)


def test_dev_and_test_use_disjoint_records() -> None:
    def used(split: str) -> set[str]:
        refs = evalset.labelled_set(split, seed=1, records=RECORDS)
        return {repr(r.source.title) + str(r.source.doi or r.source.pmid) for r in refs} | {
            str(r.cited.doi or r.cited.pmid) for r in refs if r.cited
        }

    dev, test = used("dev"), used("test")
    assert dev and test
    assert not dev & test


def test_the_same_seed_gives_the_same_set_and_another_seed_another() -> None:
    first = evalset.labelled_set("dev", seed=3, records=RECORDS)
    again = evalset.labelled_set("dev", seed=3, records=RECORDS)
    other = evalset.labelled_set("dev", seed=4, records=RECORDS)
    assert first == again
    assert first != other


def test_a_nonexistent_identifier_is_no_records_and_cites_nothing() -> None:
    refs = evalset.labelled_set("all", seed=1, records=RECORDS)
    known = {r.doi for r in RECORDS if r.doi} | {r.pmid for r in RECORDS if r.pmid}
    made = [r for r in refs if r.kind is evalset.Kind.NONEXISTENT_IDENTIFIER]
    assert made
    for ref in made:
        assert ref.cited is None
        assert ref.identifier is not None and ref.identifier.value not in known


def test_a_wrong_work_describes_another_record_than_it_cites() -> None:
    refs = evalset.labelled_set("all", seed=1, records=RECORDS)
    wrong = [r for r in refs if r.kind is evalset.Kind.WRONG_WORK]
    assert wrong
    for ref in wrong:
        assert ref.cited is not None and ref.source is not ref.cited
        assert ref.identifier == evalset.cited_identifier(ref.cited)


def test_every_style_writes_the_identifier_and_the_claimed_first_surname() -> None:
    refs = evalset.labelled_set("all", seed=1, records=RECORDS)
    for ref in refs:
        for style in evalset.Style:
            text = ref.render(style)
            assert ref.identifier.value in text, (style, text)
            assert ref.described.authors[0].family in text, (style, text)


def test_a_chicago_entry_quotes_its_title_with_curly_quotes() -> None:
    ref = evalset.labelled_set("all", seed=1, records=RECORDS)[0]
    text = ref.render(evalset.Style.CHICAGO)
    assert f"“{ref.described.title.rstrip('.')}" in text and "”" in text


# Articles: every entry is where citecheck's reader finds it.

articles = _load("evalset_articles")


def test_articles_come_in_every_format_and_cite_no_identifier_twice() -> None:
    refs = evalset.labelled_set("all", seed=1, records=RECORDS)
    built = articles.build_articles(refs, 10, seed=2, size=(8, 12))
    assert {a.format for a in built} == set(articles.FORMATS)
    for article in built:
        keys = [p.ref.identifier.key for p in article.entries]
        assert len(keys) == len(set(keys))
        assert 8 <= len(article.entries) <= 12


def test_citecheck_reads_each_entry_with_the_label_the_article_gives_it(tmp_path: Path) -> None:
    refs = evalset.labelled_set("all", seed=1, records=RECORDS)
    built = articles.build_articles(refs, 60, seed=2, size=(2, 3))
    styles = {p.style for a in built for p in a.entries}
    assert styles >= {str(s) for s in evalset.Style} | {"bibtex", "jats-element"}
    for article in built:
        path = tmp_path / article.name
        path.write_text(article.text, encoding="utf-8")
        document = read_document(path)
        entries = {e.label: e for e in document.entries}
        assert sorted(entries) == sorted(p.label for p in article.entries), article.name
        for placed in article.entries:
            entry = entries[placed.label]
            assert entry.location.line == placed.line, (article.name, placed.label)
            assert placed.ref.identifier in entry.identifiers, (article.name, entry.raw)
