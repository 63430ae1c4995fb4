"""benchmarks/evalset_search.py: the labelled references without identifiers
the search benchmark measures citecheck with, made here from records
written for this test; and benchmarks/bench_search.py's scoring, on a
report made up here."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from citecheck.cli import main
from citecheck.models import Author, Record, Service, WorkType
from citecheck.parsing import read_document
from citecheck.queries import query_for_entry
from citecheck.resolvers.crossref_record import record_from_work

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


evalset_search = _load("evalset_search")
articles = _load("evalset_articles")
bench = _load("bench_search")
world = sys.modules["bench_search_world"]  # imported by bench_search.py from its folder
SearchKind = evalset_search.SearchKind
Style = sys.modules["evalset_styles"].Style

_FAMILIES = ["Okafor", "Lindgren", "Tanaka", "Moreau", "Haddad", "Novak", "Schüller", "Brandt"]
_GIVEN = ["Ada Marie", "Bram", "Chika", "Dorota", "Emil", "Farah", "Gustav", "Hana"]
_TOPICS = ["cortical", "hepatic", "coastal", "renal", "retinal", "alpine", "urban", "dental"]
_THINGS = ["thickness", "fibrosis", "erosion", "clearance", "lesions", "grazing", "heat", "caries"]
_CAUSES = ["lithium", "fasting", "storms", "statins", "hypoxia", "drought", "traffic", "fluoride"]
_JOURNALS = ["Journal of Coastal Research", "Marine Ecology Progress Series", "Brain Research"]


def _record(n: int) -> Record:
    """A made-up record with a title of its own: its words are picked by
    the digits of ``n``, so no two records share one."""
    authors = tuple(
        Author(family=_FAMILIES[(n + i) % 8], given=_GIVEN[(n * 3 + i) % 8])
        for i in range(1 + n % 5)
    )
    title = (
        f"Changes in {_TOPICS[n % 8]} {_THINGS[(n // 8) % 8]} after early exposure to "
        f"{_CAUSES[(n // 64 + n) % 8]} in a {1990 + n} cohort"
    )
    common = {
        "title": title.capitalize(),
        "authors": authors,
        "issued_year": 1995 + n % 25,
        "print_year": 1995 + n % 25,
        "journal": _JOURNALS[n % 3],
        "volume": str(10 + n),
        "issue": str(1 + n % 4),
        "pages": f"{100 + n}-{110 + n}",
        "type": WorkType.JOURNAL_ARTICLE,
    }
    if n % 3 == 0:
        return Record(
            service=Service.PUBMED, pmid=str(20_000_000 + n * 7), doi=f"10.9999/pm.{n}", **common
        )
    return Record(service=Service.CROSSREF, doi=f"10.9999/test.{n:04d}", **common)


RECORDS = [_record(n) for n in range(60)]
REFS = evalset_search.search_set("all", seed=1, records=RECORDS)


def _of(kind: object) -> list[object]:
    made = [r for r in REFS if r.search_kind is kind]
    assert made, kind
    return made


def test_every_kind_is_produced_and_each_belongs_to_one_group() -> None:
    assert {ref.search_kind for ref in REFS} == set(SearchKind)
    grouped = [kind for members in evalset_search.GROUPS.values() for kind in members]
    assert sorted(grouped) == sorted(SearchKind)


def test_no_entry_carries_an_identifier_in_any_style_it_is_written_in() -> None:
    identifier = re.compile(r"doi|10\.\d{4}|pmid|pubmed|https?:", re.IGNORECASE)
    for ref in REFS:
        assert ref.identifier is None
        assert Style.WIKI_LINK not in ref.styles()
        for style in ref.styles():
            text = ref.render(style)
            assert not identifier.search(text), (style, text)
            assert ref.described.authors[0].family in text, (style, text)


def test_genuine_entries_and_wrong_details_name_their_record_and_its_identifiers() -> None:
    for kind, verdict in (
        (SearchKind.GENUINE, "verified-by-search"),
        (SearchKind.WRONG_DETAILS, "metadata-mismatch"),
    ):
        for ref in _of(kind):
            assert ref.expected == (verdict,)
            assert ref.right is ref.source
            assert ref.acceptable == evalset_search.identifiers_of(ref.source)
    pubmed = next(r for r in _of(SearchKind.GENUINE) if r.source.pmid)
    assert pubmed.acceptable == {f"pmid:{pubmed.source.pmid}", f"doi:{pubmed.source.doi.lower()}"}


def test_a_wrong_detail_really_differs_from_the_record() -> None:
    for ref in _of(SearchKind.WRONG_DETAILS):
        claims, record = ref.described, ref.source
        differs = {
            "wrong-year": claims.year != record.issued_year,
            "wrong-volume": claims.volume != record.volume,
            "wrong-pages": claims.pages != record.pages,
            "wrong-author": claims.authors != record.authors
            and claims.authors[0] == record.authors[0],
        }
        assert differs[ref.variation], ref


def test_fabricated_entries_name_no_work_and_no_identifier_is_right_for_them() -> None:
    titles = {r.title.lower() for r in RECORDS}
    for kind in (
        SearchKind.FABRICATED,
        SearchKind.NEAR_MISS,
        SearchKind.HYBRID_FABRICATION,
        SearchKind.NOT_INDEXED,
    ):
        for ref in _of(kind):
            assert ref.expected == ("no-such-work",)
            assert ref.acceptable == frozenset() and ref.right is None
            assert ref.described.title.lower() not in titles


def test_a_near_miss_shares_the_real_first_author_and_journal_but_not_the_title() -> None:
    for ref in _of(SearchKind.NEAR_MISS):
        assert ref.described.authors[0] == ref.source.authors[0]
        assert ref.described.journal == ref.source.journal
        assert ref.described.title != ref.source.title


def test_a_borrowed_title_may_be_suggested_as_the_work_it_names() -> None:
    for kind in (SearchKind.CHIMERIC_TITLE, SearchKind.MERGED_CITATION):
        for ref in _of(kind):
            lender = next(r for r in RECORDS if r.title == ref.described.title)
            assert lender is not ref.source
            assert ref.acceptable == evalset_search.identifiers_of(lender)
            assert ref.expected[0] == "no-such-work"


def test_books_and_reports_want_a_warning_and_read_as_books() -> None:
    for ref in _of(SearchKind.NOT_INDEXED):
        assert ref.severity == "warning"
        text = ref.render(Style.VANCOUVER)
        assert ref.unindexed.publisher in text and str(ref.described.year) in text


def test_dev_and_test_are_made_from_disjoint_records_and_the_seed_fixes_the_set() -> None:
    dev = evalset_search.search_set("dev", seed=1, records=RECORDS)
    test = evalset_search.search_set("test", seed=1, records=RECORDS)
    assert dev and test
    assert not {id(r.source) for r in dev} & {id(r.source) for r in test}
    assert dev == evalset_search.search_set("dev", seed=1, records=RECORDS)
    assert dev != evalset_search.search_set("dev", seed=2, records=RECORDS)


def test_citecheck_reads_every_entry_and_has_something_to_search_it_by(tmp_path: Path) -> None:
    built = articles.build_articles(REFS, 40, seed=2, size=(4, 6))
    assert {a.format for a in built} == set(articles.FORMATS)
    for article in built:
        path = tmp_path / article.name
        path.write_text(article.text, encoding="utf-8")
        entries = {e.label: e for e in read_document(path).entries}
        assert sorted(entries) == sorted(p.label for p in article.entries), article.name
        for placed in article.entries:
            entry = entries[placed.label]
            assert entry.location.line == placed.line, (article.name, placed.label)
            assert query_for_entry(entry) is not None, (article.name, entry.raw)


# --------------------------------------------------------------------------
# bench_search's scoring, on a report made up here


def _article(refs: list[object]) -> object:
    placed = tuple(articles.Placed(ref, str(n), n, "apa") for n, ref in enumerate(refs, start=1))
    return articles.Article("a.md", "markdown", "", placed)


def _row(
    label: int, verdict: str, suggestion: str | None = None, severity: str = "info"
) -> dict[str, object]:
    return {
        "document": "a.md",
        "label": str(label),
        "verdict": verdict,
        "severity": severity,
        "suggestion": suggestion,
    }


def test_the_scores_read_verdicts_and_suggestions_as_the_targets_define_them() -> None:
    genuine = _of(SearchKind.GENUINE)[:4]
    details = _of(SearchKind.WRONG_DETAILS)[:2]
    fabricated = [*_of(SearchKind.FABRICATED)[:1], *_of(SearchKind.NEAR_MISS)[:1]]
    book = _of(SearchKind.NOT_INDEXED)[:1]
    refs = [*genuine, *details, *fabricated, *book]
    right = [sorted(r.acceptable)[0].upper() for r in refs[:6]]  # a report keeps the case
    rows = [
        _row(1, "verified-by-search", right[0]),
        _row(2, "verified-by-search", right[1]),
        _row(3, "verified-by-search", sorted(genuine[0].acceptable)[0]),  # another record's
        _row(4, "no-such-work", None, "error"),
        _row(5, "metadata-mismatch", right[4], "warning"),
        _row(6, "verified-by-search", right[5]),
        _row(7, "no-such-work", None, "error"),
        _row(8, "metadata-mismatch", right[0], "warning"),  # a near-miss matched to a real paper
        _row(9, "no-such-work", None, "warning"),
    ]
    figures = bench.score([_article(refs)], rows)
    assert figures["matching"] == {"entries_without_verdict": 0, "entries_with_several": 0}
    assert figures["suggestions"] == 6
    assert figures["precision"] == round(4 / 6, 4)
    assert figures["recall"] == 0.5
    assert figures["genuine"]["called_no_such_work"] == 1
    assert figures["wrong_details"]["metadata_mismatch"] == 0.5
    assert figures["wrong_details"]["with_right_suggestion"] == 1.0
    assert figures["suggestions_right"] == round(4 / 5, 4)
    assert figures["fabricated_no_such_work"] == 0.5
    assert figures["fabricated"]["with_a_suggestion"] == 1
    assert figures["not_indexed"] == {
        "n": 1,
        "no_such_work": 1.0,
        "as_warning": 1.0,
        "by_kind": {book[0].variation: {"n": 1, "rate": 1.0}},
    }
    assert figures["confusion"]["genuine"] == {"no-such-work": 1, "verified-by-search": 3}
    assert "PRECISION  66.7 %" in bench.format_figures(
        {**figures, "run": _RUN, "time": bench.timing({}, 1.0, 0)}
    )


def test_an_entry_without_a_row_or_an_unjudged_row_counts_as_without_a_verdict() -> None:
    refs = _of(SearchKind.GENUINE)[:2]
    figures = bench.score(
        [_article(refs)], [_row(1, "verified-by-search", None) | {"verdict": None}]
    )
    assert figures["matching"]["entries_without_verdict"] == 2
    assert figures["recall"] == 0.0
    assert figures["precision"] is None


def test_the_time_ratio_is_the_audit_against_its_slowest_bucket() -> None:
    stats = {
        "requests": {"crossref-search": 31, "crossref-list": 2, "esearch": 20, "efetch": 10},
        "rate_limited": {"crossref-search": 3},
    }
    timing = bench.timing(stats, 12.0, searches=30)
    assert timing["buckets"]["crossref-list"] == {"admitted": 30, "rate": 3.0, "seconds": 10.0}
    assert timing["buckets"]["ncbi"] == {"admitted": 30, "rate": 3.0, "seconds": 10.0}
    assert timing["bound_seconds"] == 10.0
    assert timing["ratio"] == 1.2
    assert timing["searches_bound_seconds"] == 10.0
    assert bench.timing({}, 5.0, 0)["ratio"] is None


_RUN = {
    "split": "dev",
    "seed": 0,
    "labelled": 9,
    "articles": 1,
    "entries": 9,
    "records_served": 60,
    "citecheck_exit": 0,
    "requests": {},
    "rate_limited": {},
}


def test_a_pubmed_article_served_by_crossref_too_reads_back_as_the_same_work() -> None:
    record = next(r for r in RECORDS if r.service is Service.PUBMED)
    served = world.with_crossref_twins(world.RealRecords(), RECORDS)
    message = served.works[record.doi.lower()]
    read = record_from_work(message)
    assert (read.title, read.authors, read.issued_year) == (
        record.title,
        record.authors,
        record.issued_year,
    )
    assert (read.journal, read.volume, read.pages) == (record.journal, record.volume, record.pages)
    assert all(
        r.service is Service.PUBMED for r in RECORDS if r.doi and r.doi.lower() in served.works
    )


def test_decoys_are_near_twins_no_entry_may_rightly_be_given() -> None:
    served = world.with_decoys(world.RealRecords(), RECORDS, share=1.0, seed=0)
    assert len(served.works) == len(RECORDS)
    titles = {r.title for r in RECORDS}
    acceptable = {i for ref in REFS for i in ref.acceptable}
    for doi, message in served.works.items():
        assert f"doi:{doi}" not in acceptable
        title = message["title"][0]
        assert title in titles or title.split(": ", 1)[1] in titles


def test_the_benchmark_reads_verdicts_and_suggestions_from_citechecks_report(
    tmp_path: Path,
) -> None:
    refs = [*_of(SearchKind.GENUINE)[:2], *_of(SearchKind.NEAR_MISS)[:1]]
    (article,) = articles.build_articles(refs, 1, seed=0, size=(3, 3))
    (tmp_path / article.name).write_text(article.text, encoding="utf-8")
    report = tmp_path / "report.db"
    result = CliRunner().invoke(
        main,
        ["audit", str(tmp_path / article.name), "--offline", "--quiet", "--report", str(report)],
    )
    assert result.exit_code in (0, 1, 3), result.output
    genuine = next(p for p in article.entries if p.ref.search_kind is SearchKind.GENUINE)
    found = sorted(genuine.ref.acceptable)[0]
    with sqlite3.connect(report) as db:  # the verdict a searching citecheck would write
        db.execute(
            'UPDATE "references" SET verdict = ?, verdict_severity = ?, suggestion = ? WHERE label = ?',
            ("verified-by-search", "info", found, genuine.label),
        )
    rows, searches = bench.read_report(report)
    assert sorted((r["document"], r["label"]) for r in rows) == sorted(
        (article.name, p.label) for p in article.entries
    )
    assert searches == len(article.entries)  # one search an entry, asked offline
    figures = bench.score([article], rows)
    assert figures["matching"] == {"entries_without_verdict": 0, "entries_with_several": 0}
    assert (figures["suggestions"], figures["precision"]) == (1, 1.0)
    assert figures["genuine"]["verdicts"]["verified-by-search"] == 1


def test_a_work_registered_twice_may_be_found_under_either_identifier() -> None:
    twin = Record(
        service=Service.CROSSREF,
        doi="10.9999/twin.0001",
        title=RECORDS[1].title,
        authors=RECORDS[1].authors[:1],
        issued_year=RECORDS[1].issued_year,
    )
    refs = evalset_search.search_set("all", seed=1, records=[*RECORDS, twin])
    genuine = next(
        r for r in refs if r.search_kind is SearchKind.GENUINE and r.source is RECORDS[1]
    )
    assert genuine.acceptable == {"doi:10.9999/test.0001", "doi:10.9999/twin.0001"}
    other = next(r for r in refs if r.search_kind is SearchKind.GENUINE and r.source is RECORDS[2])
    assert other.acceptable == {"doi:10.9999/test.0002"}
