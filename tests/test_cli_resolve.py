"""`citecheck resolve` and `citecheck cache`: whole outputs and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from citecheck.cli import main

CROSSREF = "https://crossref.test"
EUTILS = "https://eutils.test/entrez/eutils"
IDCONV = "https://idconv.test/tools/idconv"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Every service pointed at a test host, and a cache of the test's own."""
    return {
        "CITECHECK_CROSSREF_URL": CROSSREF,
        "CITECHECK_EUTILS_URL": EUTILS,
        "CITECHECK_IDCONV_URL": IDCONV,
        "CITECHECK_MAILTO": "editor@example.org",
        "CITECHECK_NCBI_API_KEY": "NCBI-SECRET",
        "CITECHECK_CACHE": str(tmp_path / "cache" / "lookups.db"),
    }


@pytest.fixture
def services(fixture_bytes: Callable[[str], bytes]) -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{CROSSREF}/works", name="list").mock(
            return_value=httpx.Response(
                200,
                content=fixture_bytes("crossref/batch-two-of-four.json"),
                headers={"content-type": "application/json"},
            )
        )
        router.get(f"{CROSSREF}/works/10.9999/nowhere", name="single").mock(
            return_value=httpx.Response(404, text="Resource not found.")
        )
        router.get(f"{CROSSREF}/works/10.9999/nowhere/agency", name="agency").mock(
            return_value=httpx.Response(404, text="Resource not found.")
        )
        router.post(f"{EUTILS}/efetch.fcgi", name="efetch").mock(
            return_value=httpx.Response(
                200, content=fixture_bytes("pubmed/ncbi-resources-2013.xml")
            )
        )
        yield router


def test_resolve_prints_each_record_or_outcome(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(
        main,
        ["resolve", "https://doi.org/10.1038/nrc1388", "23193287", "doi:10.9999/nowhere"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "doi:10.1038/nrc1388  found (crossref)\n"
        '    "Cancer and the chemokine network"\n'
        "    Balkwill Fran\n"
        "    Nature Reviews Cancer 4 (7):540-550; issued 2004, print 2004; journal-article\n"
        "    DOI 10.1038/nrc1388\n"
        "pmid:23193287  found (pubmed)\n"
        '    "Database resources of the National Center for Biotechnology Information"\n'
        "    NCBI Resource Coordinators\n"
        "    Nucleic acids research 41 (Database issue):D8-20; issued 2012, print 2013, online 2012; journal-article\n"
        "    DOI 10.1093/nar/gks1195, PMID 23193287, PMCID PMC3531190\n"
        "doi:10.9999/nowhere  not found (crossref): Crossref knows no agency for this DOI (HTTP 404)\n"
    )
    assert "NCBI-SECRET" not in result.output


def test_resolve_json_and_a_second_run_from_the_cache(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["resolve", "--json", "10.1038/nrc1388"], env=env)
    assert first.exit_code == 0
    [lookup] = json.loads(first.stdout)
    assert lookup["status"] == "found"
    assert lookup["record"]["authors"][0]["family"] == "Balkwill"
    assert lookup["from_cache"] is False
    second = runner.invoke(main, ["resolve", "--json", "--offline", "10.1038/nrc1388"], env=env)
    assert second.exit_code == 0
    assert json.loads(second.stdout)[0]["from_cache"] is True
    assert services["list"].call_count == 1


def test_offline_miss_is_could_not_verify_and_exits_3(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(main, ["resolve", "--offline", "PMID:23193287"], env=env)
    assert result.exit_code == 3
    assert result.stdout == "pmid:23193287  could not verify (pubmed): offline\n"
    assert services.calls.call_count == 0


def test_a_service_that_keeps_failing_is_could_not_verify_never_not_found(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    services["efetch"].mock(
        return_value=httpx.Response(429, json={"error": "API rate limit exceeded"})
    )
    result = CliRunner().invoke(
        main, ["resolve", "--no-cache", "--retries", "0", "PMID:23193287"], env=env
    )
    assert result.exit_code == 3
    assert "could not verify (pubmed): rate limited (HTTP 429)" in result.stdout


def test_arguments_that_are_no_identifier_are_usage_errors(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(
        main, ["resolve", "not-an-id", "ISRCTN12345678", "10.1038/nrc1388"], env=env
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "citecheck: 'not-an-id' is not a DOI, PMID, PMCID or a URL of one\n"
        "citecheck: isrctn:ISRCTN12345678 cannot be looked up "
        "(only DOIs, PMIDs, PMCIDs, arXiv IDs, NCT numbers)\n"
    )
    assert result.stdout.startswith("doi:10.1038/nrc1388  found (crossref)")


def test_cache_stats_and_clear(services: respx.MockRouter, env: dict[str, str]) -> None:
    runner = CliRunner()
    runner.invoke(main, ["resolve", "10.1038/nrc1388", "doi:10.9999/nowhere"], env=env)
    stats = runner.invoke(main, ["cache", "stats"], env=env)
    assert stats.exit_code == 0
    lines = stats.stdout.splitlines()
    assert lines[0].startswith(f"cache: {env['CITECHECK_CACHE']} (")
    assert lines[1:] == [
        "  crossref  found                   1 fresh       0 expired",
        "  crossref  not-found               1 fresh       0 expired",
        "  total: 2 fresh, 0 expired",
    ]
    cleared = runner.invoke(main, ["cache", "clear"], env=env)
    assert cleared.stdout == "removed 2 cached answers\n"


def test_a_cache_path_that_is_no_database_is_one_clear_error(
    tmp_path: Path, env: dict[str, str]
) -> None:
    bad = tmp_path / "not-a-db"
    bad.write_bytes(b"this is no sqlite database at all" * 100)
    result = CliRunner().invoke(main, ["cache", "stats", "--cache", str(bad)], env=env)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: cannot use the cache:")
