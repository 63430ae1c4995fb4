"""The stand-in's data: a generated :class:`Corpus` of :class:`Work` records,
and the response bodies built from it in the services' real formats (Crossref
work JSON, PubMed efetch XML, PMC ID converter JSON).

Used by ``benchmarks/standin.py``, which serves these bodies over HTTP and owns
statuses, headers, limits and faults; nothing here knows about HTTP.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

PUBMED_HEAD = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    '1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Word lists for generated records (one non-ASCII name, as real records have).
_SURNAMES = _words(
    "Smith Tan Garcia Müller Okafor Novak Haddad Kim Rossi Silva Dubois Ivanova Chen "
    "Larsen Kowalski Nakamura Osei Petrov Andersson Moreau"
)
_GIVEN = _words("Ann Mei Carlos Jonas Chidi Petra Rami Jisoo Luca Ana Claire Olga Wei Nils Ewa")
_WORDS = _words(
    "receptor signalling cohort trial kinase expression inflammation neurons cortex "
    "mutation variant outcome protein therapy tumour microbiome binding imaging dose "
    "resistance pathway response regulation transcription model sequencing"
)
_JOURNALS = (
    "Journal of Experimental Medicine",
    "Nucleic Acids Research",
    "The Lancet",
    "Nature Communications",
    "PLoS One",
    "Cell Reports",
    "BMJ Open",
)


@dataclass(frozen=True, slots=True)
class Work:
    """A generated bibliographic record (a Crossref work or a PubMed article)."""

    title: str
    authors: tuple[tuple[str, str], ...]
    """(family, given) pairs, in order."""
    year: int
    journal: str
    volume: str
    pages: str
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None


@dataclass(frozen=True)
class Corpus:
    """What the stand-in knows. Build one with :meth:`generate`."""

    works: Mapping[str, Work]
    """Crossref works by lower-case DOI."""
    unlisted: frozenset[str] = frozenset()
    """Lower-case DOIs ``/works/{doi}`` answers but list requests leave out."""
    datacite: frozenset[str] = frozenset()
    """Lower-case DOIs Crossref knows only as DataCite's."""
    preprints: frozenset[str] = frozenset()
    """arXiv identifiers arXiv has (lower case, without version)."""
    trials: frozenset[str] = frozenset()
    """NCT numbers ClinicalTrials.gov has."""
    arxiv_ids: tuple[str, ...] = ()
    """Every generated arXiv identifier, found or not, shuffled."""
    nct_ids: tuple[str, ...] = ()
    """Every generated NCT number, found or not, shuffled."""
    articles: Mapping[str, Work] = field(default_factory=dict)
    """PubMed articles by PMID."""
    dois: tuple[str, ...] = ()
    """Every generated DOI: found, DataCite and nowhere, shuffled."""
    pmids: tuple[str, ...] = ()
    """Every generated PMID, found or not, shuffled."""
    pmcids: tuple[str, ...] = ()
    """Every generated PMCID: those of articles, then unknown ones."""

    @classmethod
    def generate(
        cls,
        *,
        dois: int = 100,
        pmids: int = 100,
        found: float = 0.9,
        unlisted: float = 0.0,
        datacite: float = 0.05,
        pmid_found: float = 0.95,
        in_pmc: float = 0.5,
        missing_pmcids: int = 0,
        arxiv: int = 0,
        arxiv_found: float = 0.9,
        trials: int = 0,
        trials_found: float = 0.9,
        seed: int = 1,
    ) -> Corpus:
        """``dois`` DOIs, a share ``found`` in Crossref (of which a share
        ``unlisted`` only on ``/works/{doi}``), a share ``datacite`` DataCite's,
        the rest nowhere; ``pmids`` PMIDs, a share ``pmid_found`` in PubMed, a
        share ``in_pmc`` of those with a PMCID; ``missing_pmcids`` unknown
        PMCIDs; ``arxiv`` arXiv identifiers (one in ten old-style), a share
        ``arxiv_found`` on arXiv, and ``trials`` NCT numbers, a share
        ``trials_found`` registered. Shares are exact (rounded); the same
        seed gives the same corpus."""
        if found + datacite > 1:
            raise ValueError("found + datacite cannot exceed 1")
        rng = random.Random(seed)
        all_dois = [f"10.{5000 + n % 7}/standin.{seed}.{n:06d}" for n in range(dois)]
        n_found = round(dois * found)
        n_datacite = round(dois * datacite)
        found_dois = all_dois[:n_found]
        n_unlisted = round(n_found * unlisted)
        works = {doi.lower(): _work(rng, doi=doi) for doi in found_dois}
        datacite_dois = all_dois[n_found : n_found + n_datacite]

        all_pmids = [str(30_000_000 + seed * 100_000 + n) for n in range(pmids)]
        found_pmids = all_pmids[: round(pmids * pmid_found)]
        n_pmc = round(len(found_pmids) * in_pmc)
        articles = {}
        for index, pmid in enumerate(found_pmids):
            pmcid = f"PMC{9_000_000 + seed * 10_000 + index}" if index < n_pmc else None
            articles[pmid] = _work(rng, doi=f"10.5100/pm.{pmid}", pmid=pmid, pmcid=pmcid)
        unknown_pmcids = [f"PMC{8_000_000 + seed * 10_000 + n}" for n in range(missing_pmcids)]
        pmcids = [a.pmcid for a in articles.values() if a.pmcid] + unknown_pmcids

        shuffled_dois, shuffled_pmids = list(all_dois), list(all_pmids)
        rng.shuffle(shuffled_dois)
        rng.shuffle(shuffled_pmids)
        # A generator of their own: the rest of the corpus stays as it was.
        registries = random.Random(f"{seed}:registries")
        all_arxiv = [_arxiv_id(seed, n) for n in range(arxiv)]
        all_trials = [f"NCT{50_000_000 + seed * 100_000 + n:08d}" for n in range(trials)]
        found_arxiv = all_arxiv[: round(arxiv * arxiv_found)]
        found_trials = all_trials[: round(trials * trials_found)]
        registries.shuffle(all_arxiv)
        registries.shuffle(all_trials)
        return cls(
            works=works,
            unlisted=frozenset(doi.lower() for doi in found_dois[:n_unlisted]),
            datacite=frozenset(doi.lower() for doi in datacite_dois),
            articles=articles,
            dois=tuple(shuffled_dois),
            pmids=tuple(shuffled_pmids),
            pmcids=tuple(pmcids),
            preprints=frozenset(a.lower() for a in found_arxiv),
            trials=frozenset(found_trials),
            arxiv_ids=tuple(all_arxiv),
            nct_ids=tuple(all_trials),
        )

    def by_pmcid(self, pmcid: str) -> Work | None:
        """The article with this PMCID (any case), or None."""
        wanted = pmcid.upper()
        return next((a for a in self.articles.values() if a.pmcid == wanted), None)


def _work(rng: random.Random, **ids: Any) -> Work:
    words = rng.sample(_WORDS, rng.randint(5, 9))
    first = rng.randint(1, 2000)
    return Work(
        title=" ".join(words).capitalize(),
        authors=tuple(
            (rng.choice(_SURNAMES), rng.choice(_GIVEN)) for _ in range(rng.randint(1, 4))
        ),
        year=rng.randint(1990, 2024),
        journal=rng.choice(_JOURNALS),
        volume=str(rng.randint(1, 120)),
        pages=f"{first}-{first + rng.randint(2, 15)}",
        **ids,
    )


def _arxiv_id(seed: int, n: int) -> str:
    month = 1 + n % 12
    if n % 10 == 9:
        return f"hep-th/99{month:02d}{(seed * 100 + n) % 1000:03d}"
    return f"24{month:02d}.{(seed * 10_000 + n) % 100_000:05d}"


def work_for(key: str, **ids: Any) -> Work:
    """A work drawn from a generator seeded by ``key`` alone, so that adding
    such works leaves the rest of the corpus as it was."""
    return _work(random.Random(key), **ids)


def datacite_work(corpus: Corpus, doi: str) -> Work | None:
    """The work behind one of the corpus's DataCite DOIs, None for any other
    DOI. Drawn from a generator seeded by the DOI alone, so that adding
    DataCite records leaves the rest of the corpus as it was."""
    if doi.lower() not in corpus.datacite:
        return None
    return work_for(doi.lower(), doi=doi.lower())


def datacite_body(work: Work) -> bytes:
    """The DataCite REST API body of ``GET /dois/{doi}`` (JSON:API)."""
    first, _, last = work.pages.partition("-")
    attributes = {
        "doi": work.doi,
        "titles": [{"title": work.title}],
        "creators": [
            {
                "name": f"{family}, {given}",
                "nameType": "Personal",
                "givenName": given,
                "familyName": family,
            }
            for family, given in work.authors
        ],
        "publisher": "Stand-in Repository",
        "container": {
            "type": "Series",
            "title": work.journal,
            "volume": work.volume,
            "firstPage": first,
            "lastPage": last,
        },
        "publicationYear": work.year,
        "types": {"resourceTypeGeneral": "JournalArticle", "resourceType": "Article"},
        "relatedIdentifiers": [],
    }
    data = {"id": work.doi, "type": "dois", "attributes": attributes}
    return json.dumps({"data": data}).encode()


DATACITE_NOT_FOUND = json.dumps(
    {"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}
).encode()
"""DataCite's own 404 body."""


def crossref_message(message_type: str, message: Any, *, state: str = "ok") -> bytes:
    """A Crossref API body: ``message`` in Crossref's envelope, as JSON bytes."""
    body = {
        "status": state,
        "message-type": message_type,
        "message-version": "1.0.0",
        "message": message,
    }
    return json.dumps(body).encode()


def crossref_work_list(
    corpus: Corpus, query: dict[str, list[str]], records: RealRecords | None = None
) -> tuple[int, bytes]:
    """The status and body of ``/works?filter=doi:…``: a work list (200), or a
    validation failure (400) for a filter other than ``doi``. A DOI among
    ``records`` is answered with its real message."""
    wanted: list[str] = []
    for part in ",".join(query.get("filter", [])).split(","):
        name, _, value = part.partition(":")
        if name != "doi" or not value:
            failure = {
                "type": "filter-not-available",
                "value": name,
                "message": f"Filter {name} specified but there is no such filter for this route",
            }
            return 400, crossref_message("validation-failure", [failure], state="failed")
        wanted.append(value.lower())
    real = records.works if records is not None else {}
    items = [
        dict(real[doi]) if doi in real else crossref_work(corpus.works[doi])
        for doi in dict.fromkeys(wanted)
        if doi in real or (doi in corpus.works and doi not in corpus.unlisted)
    ]
    rows = int((query.get("rows") or ["20"])[0])
    select = [f for f in ",".join(query.get("select", [])).split(",") if f]
    if select:
        items = [{k: v for k, v in item.items() if k in select} for item in items]
    message = {
        "facets": {},
        "total-results": len(items),
        "items": items[:rows],
        "items-per-page": rows,
        "query": {"start-index": 0, "search-terms": None},
    }
    return 200, crossref_message("work-list", message)


def crossref_work(work: Work) -> dict[str, Any]:
    """The Crossref JSON of one work (the ``message`` of ``/works/{doi}``)."""
    prefix = (work.doi or "").split("/", 1)[0]
    return {
        "DOI": (work.doi or "").lower(),
        "prefix": prefix,
        "type": "journal-article",
        "title": [work.title],
        "author": [
            {"given": given, "family": family, "sequence": "first" if i == 0 else "additional"}
            for i, (family, given) in enumerate(work.authors)
        ],
        "issued": {"date-parts": [[work.year, 3]]},
        "published-print": {"date-parts": [[work.year, 3]]},
        "container-title": [work.journal],
        "volume": work.volume,
        "page": work.pages,
        "publisher": "Stand-in Publishing",
        "URL": f"https://doi.org/{(work.doi or '').lower()}",
        "source": "Crossref",
    }


def pubmed_efetch(
    corpus: Corpus, query: dict[str, list[str]], records: RealRecords | None = None
) -> bytes:
    """The XML body of ``efetch.fcgi``: the known articles among ``id`` (real
    ones from ``records`` as captured), or E-utilities' error document for no
    ids or a database other than pubmed."""
    ids = [i.strip() for i in ",".join(query.get("id", [])).split(",") if i.strip()]
    if (query.get("db") or [""])[0] != "pubmed" or not ids:
        error = "Empty id list - nothing todo" if not ids else "Database is not supported"
        body = f'<?xml version="1.0" ?>\n<eFetchResult>\n\t<ERROR>{error}</ERROR>\n</eFetchResult>'
        return body.encode()
    real = records.articles if records is not None else {}
    articles = "".join(
        real[p] + "\n" if p in real else pubmed_article(corpus.articles[p])
        for p in ids
        if p in real or p in corpus.articles
    )
    body = f"{PUBMED_HEAD}<PubmedArticleSet>\n{articles}</PubmedArticleSet>\n"
    return body.encode()


def pubmed_article(work: Work) -> str:
    """One ``<PubmedArticle>`` element."""
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{escape(family)}</LastName>'
        f"<ForeName>{escape(given)}</ForeName><Initials>{given[0]}</Initials></Author>"
        for family, given in work.authors
    )
    ids = f'<ArticleId IdType="pubmed">{work.pmid}</ArticleId>'
    if work.doi:
        ids += f'<ArticleId IdType="doi">{escape(work.doi)}</ArticleId>'
    if work.pmcid:
        ids += f'<ArticleId IdType="pmc">{work.pmcid}</ArticleId>'
    return (
        '<PubmedArticle>\n<MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{work.pmid}</PMID>'
        '<Article PubModel="Print"><Journal>'
        f'<JournalIssue CitedMedium="Internet"><Volume>{work.volume}</Volume>'
        f"<PubDate><Year>{work.year}</Year><Month>Mar</Month></PubDate></JournalIssue>"
        f"<Title>{escape(work.journal)}</Title></Journal>"
        f"<ArticleTitle>{escape(work.title)}.</ArticleTitle>"
        f"<Pagination><MedlinePgn>{work.pages}</MedlinePgn></Pagination>"
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList>'
        "<Language>eng</Language><PublicationTypeList>"
        '<PublicationType UI="D016428">Journal Article</PublicationType>'
        "</PublicationTypeList></Article></MedlineCitation>\n"
        f"<PubmedData><ArticleIdList>{ids}</ArticleIdList></PubmedData>\n</PubmedArticle>\n"
    )


def idconv_records(
    corpus: Corpus, query: dict[str, list[str]], records: RealRecords | None = None
) -> bytes:
    """The JSON body of the ID converter for the ``ids`` asked for (a real
    article's PMCID and DOI from ``records``, when it has a PMCID)."""
    requested = [i.strip() for i in ",".join(query.get("ids", [])).split(",") if i.strip()]
    records_out: list[dict[str, str]] = []
    for wanted in requested:
        known = _real_pmc(records, wanted) if records is not None else None
        if known is not None:
            records_out.append(known)
            continue
        work = _pmc_article(corpus, wanted)
        if work is None or not work.pmcid:
            records_out.append(
                {"requested-id": wanted, "status": "error", "errmsg": "Identifier not found in PMC"}
            )
        else:
            record = {"requested-id": wanted, "pmcid": work.pmcid, "pmid": work.pmid or ""}
            if work.doi:
                record["doi"] = work.doi
            records_out.append(record)
    body = {
        "status": "ok",
        "responseDate": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "request": f"ids={','.join(requested)};format=json",
        "records": records_out,
    }
    return json.dumps(body, indent=1).encode()


def _pmc_article(corpus: Corpus, wanted: str) -> Work | None:
    if wanted.upper().startswith("PMC"):
        return corpus.by_pmcid(wanted)
    if wanted.isdigit():
        return corpus.articles.get(wanted)
    return next(
        (a for a in corpus.articles.values() if (a.doi or "").lower() == wanted.lower()), None
    )


# --------------------------------------------------------------------------
# Real records, served as they were captured.

_ARTICLE_RE = re.compile(r"<(PubmedArticle|PubmedBookArticle)[\s>].*?</\1>", re.DOTALL)
_PMID_RE = re.compile(r"<PMID[^>]*>\s*(\d+)\s*</PMID>")
_ARTICLE_ID_RE = re.compile(r'<ArticleId IdType="(pmc|doi)">\s*([^<]+?)\s*</ArticleId>')


@dataclass(frozen=True)
class RealRecords:
    """Real records to serve byte for byte: Crossref ``/works`` messages by
    lower-case DOI and PubMed ``<PubmedArticle>`` elements (their XML text) by
    PMID. Build one with :meth:`load`."""

    works: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Crossref ``message`` objects by lower-case DOI."""
    articles: Mapping[str, str] = field(default_factory=dict)
    """``<PubmedArticle>`` (or ``<PubmedBookArticle>``) XML text by PMID."""
    pmc: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    """(PMCID, DOI) by PMID, for the articles PubMed links to PMC."""

    @classmethod
    def load(cls, folder: str | Path) -> RealRecords:
        """Every ``crossref/*.json`` (one ``/works`` message each, or a whole
        Crossref body with the message inside) and every article of each
        ``pubmed/*.xml`` (efetch documents) under ``folder``. Raises
        FileNotFoundError when ``folder`` does not exist."""
        root = Path(folder)
        if not root.is_dir():
            raise FileNotFoundError(f"no records folder {root}")
        works: dict[str, Mapping[str, Any]] = {}
        for path in sorted((root / "crossref").glob("*.json")):
            data = json.loads(path.read_text("utf-8"))
            message = data.get("message", data) if "message-type" in data else data
            if isinstance(message, Mapping) and message.get("DOI"):
                works.setdefault(str(message["DOI"]).lower(), message)
        articles: dict[str, str] = {}
        pmc: dict[str, tuple[str, str | None]] = {}
        for path in sorted((root / "pubmed").glob("*.xml")):
            for match in _ARTICLE_RE.finditer(path.read_text("utf-8")):
                element = match.group(0)
                pmid = _PMID_RE.search(element)
                if pmid is None or pmid[1] in articles:
                    continue
                articles[pmid[1]] = element
                # The article's own ids: PubmedData's list, not a reference's.
                own = element.rpartition("<PubmedData")[2]
                listed = _ARTICLE_ID_RE.finditer(own.split("<ReferenceList")[0])
                ids = {m[1]: m[2] for m in listed}
                if "pmc" in ids:
                    pmc[pmid[1]] = (ids["pmc"].upper(), ids.get("doi"))
        return cls(works=works, articles=articles, pmc=pmc)

    def __len__(self) -> int:
        return len(self.works) + len(self.articles)


def _real_pmc(records: RealRecords, wanted: str) -> dict[str, str] | None:
    """The ID converter's record of a real article asked for by PMID, PMCID
    or DOI, or None when no real article with a PMCID matches."""
    for pmid, (pmcid, doi) in records.pmc.items():
        if (
            wanted in (pmid, pmcid)
            or wanted.upper() == pmcid
            or (doi and wanted.lower() == doi.lower())
        ):
            record = {"requested-id": wanted, "pmcid": pmcid, "pmid": pmid}
            if doi:
                record["doi"] = doi
            return record
    return None
