"""Audit a folder end to end with stand-in services, offline.

Usage::

    .venv/bin/python scripts/audit_with_stand_ins.py ../shared/examples/

Crossref answers for three DOIs of the wiki example (two of them with other
works than the page claims, one with the claimed work), 404 for every other
DOI; PubMed knows no PMID. Prints each document's verdicts by code and its
main findings: a check that every reference gets exactly one verdict.
"""

import json
import sys
from collections import Counter

import httpx
import respx
from click.testing import CliRunner

from citecheck.cli import main

C = "https://crossref.test"
E = "https://eutils.test/entrez/eutils"
env = {
    "CITECHECK_CROSSREF_URL": C,
    "CITECHECK_EUTILS_URL": E,
    "CITECHECK_MAILTO": "e@example.org",
    "CITECHECK_CACHE": "/tmp/stand-in-cache.db",
    "CITECHECK_REPORT": "/tmp/stand-in-report.db",
    "CITECHECK_RETRIES": "0",
}
# Stand-ins: two wiki DOIs resolve to different works, one to the claimed one; others 404.
items = [
    {
        "DOI": "10.1016/j.nbd.2023.105860",
        "title": ["Gut microbiota in a mouse model of Parkinson disease"],
        "author": [{"family": "Okafor", "given": "N."}],
        "issued": {"date-parts": [[2023]]},
        "container-title": ["Neurobiology of Disease"],
        "type": "journal-article",
    },
    {
        "DOI": "10.1002/mds.28945",
        "title": ["Deep brain stimulation outcomes at ten years"],
        "author": [{"family": "Kim", "given": "H."}, {"family": "Lee", "given": "J."}],
        "issued": {"date-parts": [[2022]]},
        "container-title": ["Movement Disorders"],
        "type": "journal-article",
    },
    {
        "DOI": "10.1093/hmg/ddac045",
        "title": ["CXCR4 at the neuromuscular junction"],
        "author": [
            {"family": "Niwa-Kawakita", "given": "M."},
            {"family": "Giovannini", "given": "M."},
        ],
        "issued": {"date-parts": [[2022]]},
        "container-title": ["Human Molecular Genetics"],
        "type": "journal-article",
    },
]
body = {
    "status": "ok",
    "message-type": "work-list",
    "message": {"total-results": len(items), "items": items},
}
empty = '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet></PubmedArticleSet>'
with respx.mock(assert_all_mocked=True, assert_all_called=False) as r:
    r.get(f"{C}/works").mock(return_value=httpx.Response(200, json=body))
    r.get(url__regex=rf"{C}/works/.+").mock(
        return_value=httpx.Response(404, text="Resource not found.")
    )
    r.post(f"{E}/efetch.fcgi").mock(return_value=httpx.Response(200, text=empty))
    res = CliRunner().invoke(main, ["audit", "--format", "json", sys.argv[1]], env=env)
    out = json.loads(res.stdout)
    for d in out["documents"]:
        verdicts = [ref["verdict"] for ref in d["references"]]
        print(
            d["path"],
            len(d["references"]),
            "refs",
            dict(Counter(verdicts)),
            "none missing:",
            all(verdicts),
        )
        for f in d["findings"]:
            if f["code"] in (
                "wrong-work",
                "no-reference-list",
                "conflicting-claims",
                "duplicate-reference",
            ):
                print("   ", f["location"]["line"], f["code"], f["message"][:150])
    print("exit", res.exit_code)
