"""How long cached answers stay fresh is the user's to set: a record
cached two days ago is used with the default 30 days and asked again with
--cache-days 1 (offline: could not verify), so a new retraction is seen."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner

from citecheck.cache import CacheStore
from citecheck.cli import main
from citecheck.models import Author, Identifier, IdType, Lookup, LookupStatus, Record, Service

DOI = Identifier(IdType.DOI, "10.1182/blood-2005-08-3182")
RECORD = Record(
    service=Service.CROSSREF,
    doi=DOI.value,
    title="CXCR4: a key receptor in the crosstalk between tumor cells and their microenvironment",
    authors=(Author("Burger", "Jan A."), Author("Kipps", "Thomas J.")),
    issued_year=2006,
    journal="Blood",
)
PAGE = (
    "Text [1].\n\n## References\n\n1. Burger JA, Kipps TJ. CXCR4: a key receptor in the "
    "crosstalk between tumor cells and their microenvironment. Blood. 2006. "
    "doi:10.1182/blood-2005-08-3182\n"
)


def verdict(tmp_path: Path, *args: str) -> str:
    page = tmp_path / "p.md"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["audit", "--offline", "--no-report", "--format", "json", *args, str(page)],
        env={"CITECHECK_CACHE": str(tmp_path / "cache.db")},
    )
    return str(json.loads(result.stdout)["documents"][0]["references"][0]["verdict"])


def test_the_cache_lifetime_of_found_records_is_settable(tmp_path: Path) -> None:
    with CacheStore.open(tmp_path / "cache.db") as cache:
        two_days_ago = time.time() - 2 * 86400
        cache.put_many(
            [
                Lookup(
                    DOI,
                    LookupStatus.FOUND,
                    Service.CROSSREF,
                    record=RECORD,
                    fetched_at=two_days_ago,
                )
            ]
        )
    assert verdict(tmp_path) == "verified"
    assert verdict(tmp_path, "--cache-days", "1") == "could-not-verify"
    assert verdict(tmp_path, "--cache-days", "0") == "could-not-verify"
