"""The world bench_search.py serves, and its ceiling.

What the stand-in holds besides the real records as they are: PubMed's
articles with a DOI as Crossref works too (:func:`with_crossref_twins`),
near-twins that compete with the works cited (:func:`with_decoys`); and
:func:`probe`, which asks the stand-in's engines each entry's search
directly, to show what a client that validates perfectly could reach.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from evalset_articles import Article  # noqa: E402
from evalset_search import SearchReference  # noqa: E402
from standin import RealRecords  # noqa: E402
from standin_pubmed_search import esearch  # noqa: E402
from standin_search import PUBMED_STOPWORDS, SearchIndex, crossref_search, tokens  # noqa: E402

from citecheck.models import Record, SearchQuery, Service  # noqa: E402
from citecheck.parsing import read_document  # noqa: E402
from citecheck.queries import query_for_entry  # noqa: E402

__all__ = ["crossref_message_of", "format_probe", "probe", "with_crossref_twins", "with_decoys"]


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def with_crossref_twins(served: RealRecords, records: Iterable[Record]) -> RealRecords:
    """``served`` with each PubMed article that has a DOI Crossref lacks
    made a Crossref work too (a ``/works`` message built from its PubMed
    record), as nearly every such article is in the world: a search of
    Crossref finds it, and ``/works/{doi}`` answers for the DOI suggested."""
    works = dict(served.works)
    for record in records:
        if record.service is Service.PUBMED and record.doi and record.doi.lower() not in works:
            works[record.doi.lower()] = crossref_message_of(record)
    return RealRecords(works=works, articles=served.articles, pmc=served.pmc)


def with_decoys(
    served: RealRecords, records: Sequence[Record], *, share: float, seed: int
) -> RealRecords:
    """``served`` with a near-twin Crossref work for a ``share`` of the
    records, of the kinds a real search meets above or beside the work
    cited: its correction notice, its preprint (same title and authors, a
    year before), or the same title by other authors in another journal.
    None is ever the right answer to an entry."""
    rng = random.Random(f"decoys:{seed}")
    works = dict(served.works)
    people = [r.authors for r in records if r.authors]
    for n, record in enumerate(records):
        if not record.title or not record.authors or rng.random() >= share:
            continue
        twin = crossref_message_of(replace(record, doi=f"10.5999/decoy.{seed}.{n:05d}"))
        kind = rng.choice(("correction", "preprint", "same-title"))
        year = record.issued_year or 2000
        if kind == "correction":
            twin["title"] = [
                f"{rng.choice(('Correction', 'Erratum', 'Corrigendum'))}: {record.title}"
            ]
            twin["author"] = []
            twin["issued"] = {"date-parts": [[year + 1]]}
        elif kind == "preprint":
            twin["type"] = "posted-content"
            twin["container-title"], twin["short-container-title"] = [], []
            twin["issued"] = {"date-parts": [[year - 1]]}
            twin.pop("volume", None), twin.pop("page", None), twin.pop("issue", None)
        else:
            others = rng.choice(people)
            twin["author"] = crossref_message_of(replace(record, authors=others))["author"]
            twin["container-title"] = [rng.choice(_DECOY_JOURNALS)]
            twin["issued"] = {"date-parts": [[year + rng.randint(-6, 6)]]}
        works[twin["DOI"]] = twin
    return RealRecords(works=works, articles=served.articles, pmc=served.pmc)


_DECOY_JOURNALS = ("Scientific Reports", "PLOS ONE", "Heliyon", "Cureus", "F1000Research")


def crossref_message_of(record: Record) -> dict[str, Any]:
    """A Crossref ``/works`` message for a record read from elsewhere."""
    doi = (record.doi or "").lower()
    message: dict[str, Any] = {
        "DOI": doi,
        "prefix": doi.split("/", 1)[0],
        "type": "journal-article",
        "source": "Crossref",
        "title": [record.title or ""],
        "author": [
            {"name": a.family, "sequence": "first" if n == 0 else "additional"}
            if a.is_organisation
            else {
                "given": a.given,
                "family": a.family,
                "sequence": "first" if n == 0 else "additional",
            }
            for n, a in enumerate(record.authors)
        ],
        "container-title": [record.journal] if record.journal else [],
        "short-container-title": list(record.journal_abbreviations[:1]),
        "issued": {"date-parts": [[record.issued_year]]}
        if record.issued_year
        else {"date-parts": [[None]]},
        "URL": f"https://doi.org/{doi}",
    }
    if record.print_year:
        message["published-print"] = {"date-parts": [[record.print_year]]}
    if record.online_year:
        message["published-online"] = {"date-parts": [[record.online_year]]}
    for name, value in (("volume", record.volume), ("issue", record.issue), ("page", record.pages)):
        if value:
            message[name] = value
    if record.article_number:
        message["article-number"] = record.article_number
    return message


def probe(articles: Sequence[Article], paths: Sequence[Path], index: SearchIndex) -> dict[str, Any]:
    """Per group, for entries whose right (or acceptable) identifiers are
    known: how often Crossref's top hit, or its top 5, for the entry's
    bibliographic query (citecheck's own ``query_for_entry``) holds one,
    and how often a plain esearch (title words, first author, year) does.
    Entries citecheck finds nothing to search by are counted apart."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for article, path in zip(articles, paths, strict=True):
        entries = {e.label: e for e in read_document(path).entries}
        for placed in article.entries:
            ref = placed.ref
            assert isinstance(ref, SearchReference)
            cell = counts[ref.group]
            cell["n"] += 1
            entry = entries.get(placed.label)
            query = query_for_entry(entry) if entry is not None else None
            if query is None:
                cell["nothing to search by"] += 1
                continue
            _, body = crossref_search(index, {"query.bibliographic": [query.text], "rows": ["5"]})
            items = json.loads(body)["message"]["items"]
            dois = [f"doi:{i['DOI'].lower()}" for i in items]
            if items and not ref.acceptable:
                # The hard case for validation: a real paper by the entry's
                # first author, or in its journal, on top.
                top, claims = items[0], ref.described
                first = claims.authors[0].family.lower() if claims.authors else ""
                families = {a.get("family", "").lower() for a in top.get("author", [])}
                cell["top hit by its first author"] += first in families
                journals = {j.lower() for j in top.get("container-title", [])}
                cell["top hit in its journal"] += (claims.journal or "").lower() in journals
            if not ref.acceptable:
                continue
            cell["with a right identifier"] += 1
            cell["crossref top 1"] += bool(dois) and dois[0] in ref.acceptable
            top5 = any(d in ref.acceptable for d in dois)
            cell["crossref top 5"] += top5
            pmids = _plain_esearch(index, query)
            in_pubmed = any(f"pmid:{p}" in ref.acceptable for p in pmids)
            cell["esearch"] += in_pubmed
            cell["either"] += top5 or in_pubmed
    return {group: dict(cell) for group, cell in sorted(counts.items())}


def _plain_esearch(index: SearchIndex, query: SearchQuery) -> list[str]:
    words = [w for w in tokens(query.title or "") if w not in PUBMED_STOPWORDS][:10]
    terms = [f"{w}[ti]" for w in words]
    if query.author:
        terms.append(f"{query.author}[au]")
    if query.year:
        terms.append(f"{query.year}[dp]")
    if not words:
        return []
    _, body = esearch(index, {"db": ["pubmed"], "term": [" AND ".join(terms)], "retmode": ["json"]})
    ids: list[str] = json.loads(body)["esearchresult"]["idlist"]
    return ids


def format_probe(probed: Mapping[str, Mapping[str, int]]) -> str:
    lines = ["PROBE (the stand-in's engines asked each entry's search directly; the ceiling):"]
    for group, cell in probed.items():
        known = cell.get("with a right identifier", 0)
        parts = [
            f"n={cell.get('n', 0)}",
            f"nothing to search by {cell.get('nothing to search by', 0)}",
        ]
        if known:
            parts += [
                f"{name} {100 * (_rate(cell.get(name, 0), known) or 0):.1f}%"
                for name in ("crossref top 1", "crossref top 5", "esearch", "either")
            ]
        parts += [
            f"{name} {cell[name]}"
            for name in ("top hit by its first author", "top hit in its journal")
            if name in cell
        ]
        lines.append(f"  {group:<14} " + "; ".join(parts))
    return "\n".join(lines)
