"""The stand-in's arXiv and ClinicalTrials.gov answers, in their real formats.

- arXiv API, ``GET /api/query?id_list=A,B&max_results=N``: an Atom feed with
  an entry per identifier arXiv has (``<id>http://arxiv.org/abs/{id}v{n}</id>``,
  authors, dates, and for some a journal reference and DOI), nothing for
  a well-formed one it lacks (``opensearch:totalResults`` counts what was
  found); a malformed identifier makes the whole request an HTTP 400 with
  one ``Error`` entry (``incorrect id format for …``).
- ClinicalTrials.gov API v2, ``GET /api/v2/studies/{nct}``: the study's
  JSON (``protocolSection`` with its identification, status and sponsor
  modules); a number it lacks is its 404, ``NCT number … not found`` in
  plain text.

The works behind the identifiers are drawn from generators seeded by the
identifier alone (:func:`~standin_corpus.work_for`). Nothing here knows
about HTTP; ``standin.py`` serves these bodies.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from standin_corpus import Corpus, Work, work_for

ARXIV_RATE_EXCEEDED = b"Rate exceeded."
"""arXiv's answer to a client over its pace (plain text, not a feed)."""

_ARXIV_NEW = re.compile(r"^[0-9]{4}\.[0-9]{4,5}(v[0-9]+)?$")
_ARXIV_OLD = re.compile(r"^[a-z][a-z-]*(\.[A-Za-z-]{2,})?/[0-9]{7}(v[0-9]+)?$")
_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg "  # noqa: SIM905
    "comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph "
    "mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int "
    "supr-con".split()
)
_NCT = re.compile(r"^NCT[0-9]{8}$")
_FEED_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)


def _canonical(arxiv_id: str) -> str:
    arxiv_id = re.sub(r"v[0-9]+$", "", arxiv_id)
    archive, slash, number = arxiv_id.partition("/")
    return f"{archive.split('.', 1)[0]}/{number}".lower() if slash else arxiv_id.lower()


def _well_formed(arxiv_id: str) -> bool:
    if _ARXIV_NEW.match(arxiv_id):
        return True
    return bool(_ARXIV_OLD.match(arxiv_id)) and arxiv_id.split("/")[0].split(".")[0] in _ARCHIVES


def arxiv_feed(corpus: Corpus, query: dict[str, list[str]]) -> tuple[int, bytes]:
    """The status and Atom body of ``/api/query`` for the ``id_list`` asked."""
    wanted = [i.strip() for i in ",".join(query.get("id_list", [])).split(",") if i.strip()]
    listed = ",".join(wanted)
    head = _feed_meta(listed)
    bad = next((i for i in wanted if not _well_formed(i)), None)
    if bad is not None:
        link = f"https://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad)}"
        entry = (
            f"  <entry>\n    <id>{link}</id>\n    <title>Error</title>\n"
            f"    <updated>{_now()}</updated>\n"
            f'    <link href="{link}" rel="alternate" type="text/html"/>\n'
            f"    <summary>incorrect id format for {escape(bad)}</summary>\n"
            "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n"
        )
        return 400, (_FEED_HEAD + head + _opensearch(1, 1) + entry + "</feed>\n").encode()
    found = [i for i in dict.fromkeys(_canonical(i) for i in wanted) if i in corpus.preprints]
    entries = "".join(_arxiv_entry(arxiv_id) for arxiv_id in found)
    size = query.get("max_results", ["10"])[0]
    body = _FEED_HEAD + head + _opensearch(len(found), int(size) if size.isdigit() else 10)
    return 200, (body + entries + "</feed>\n").encode()


def _feed_meta(listed: str) -> str:
    return (
        "  <id>https://arxiv.org/api/c3RhbmQtaW4</id>\n"
        f"  <title>arXiv Query: search_query=&amp;id_list={escape(listed)}"
        "&amp;start=0&amp;max_results=10</title>\n"
        f"  <updated>{_now()}</updated>\n"
    )


def _opensearch(total: int, per_page: int) -> str:
    return (
        f"  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
    )


def preprint_work(arxiv_id: str) -> Work:
    """The work behind an arXiv identifier of the corpus."""
    return work_for(f"arxiv:{_canonical(arxiv_id)}")


def _arxiv_entry(arxiv_id: str) -> str:
    work = preprint_work(arxiv_id)
    version = 1 + len(arxiv_id) % 2
    published = f"{work.year}-0{1 + work.year % 9}-1{work.year % 10}T12:00:00Z"
    authors = "".join(
        f"    <author>\n      <name>{escape(given)} {escape(family)}</name>\n    </author>\n"
        for family, given in work.authors
    )
    # Half the preprints were published: a journal reference and a DOI.
    published_as = ""
    if work.year % 2:
        reference = f"{work.journal} {work.volume}, {work.pages} ({work.year + 1})"
        published_as = (
            f"    <arxiv:journal_ref>{escape(reference)}</arxiv:journal_ref>\n"
            f"    <arxiv:doi>10.5555/arxiv.{escape(arxiv_id.replace('/', '.'))}</arxiv:doi>\n"
        )
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{arxiv_id}v{version}</id>\n"
        f"    <title>{escape(work.title)}</title>\n"
        f"    <updated>{published}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" '
        'type="text/html"/>\n'
        f"    <summary>A stand-in abstract for {escape(arxiv_id)}.</summary>\n"
        '    <category term="physics.gen-ph" scheme="http://arxiv.org/schemas/atom"/>\n'
        f"    <published>{published}</published>\n"
        f"{published_as}"
        '    <arxiv:primary_category term="physics.gen-ph"/>\n'
        f"{authors}"
        "  </entry>\n"
    )


def trial_study(corpus: Corpus, nct: str) -> tuple[int, bytes, str]:
    """The status, body and content type of ``/api/v2/studies/{nct}``."""
    nct = nct.upper()
    if not _NCT.match(nct):
        return 400, b"Parameter `nctId` has incorrect format", "text/plain"
    if nct not in corpus.trials:
        return 404, f"NCT number {nct} not found".encode(), "text/plain"
    return 200, json.dumps(trial_body(nct)).encode(), "application/json"


def trial_work(nct: str) -> Work:
    """The work behind an NCT number of the corpus: its title is the brief
    title, its first author the lead sponsor."""
    return work_for(f"nct:{nct.upper()}")


def trial_body(nct: str) -> dict[str, object]:
    """A study as API v2 gives it (the protocol section)."""
    work = trial_work(nct)
    sponsor = f"{work.authors[0][0]} Research Foundation"
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": nct,
                "organization": {"fullName": sponsor, "class": "OTHER"},
                "briefTitle": work.title,
                "officialTitle": f"A Randomised Phase III Study: {work.title}",
            },
            "statusModule": {
                "overallStatus": "COMPLETED",
                "startDateStruct": {"date": f"{work.year}-03", "type": "ACTUAL"},
                "studyFirstPostDateStruct": {"date": f"{work.year - 1}-11-02", "type": "ACTUAL"},
            },
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": sponsor, "class": "OTHER"}},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE3"]},
        },
        "hasResults": False,
    }


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
