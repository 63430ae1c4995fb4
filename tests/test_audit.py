"""`citecheck audit` end to end: one document with a reference for every
verdict, the services stood in for by respx routes, the report's rows and
every output format checked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner, Result

from citecheck.cli import main

CROSSREF = "https://crossref.test"
EUTILS = "https://eutils.test/entrez/eutils"
IDCONV = "https://idconv.test/tools/idconv"

EXPECTED_VERDICTS = {
    "1": "verified",
    "2": "verified-with-notes",
    "3": "wrong-work",
    "4": "verified",
    "5": "verified",
    "6": "retracted",
    "7": "expression-of-concern",
    "8": "corrected",
    "9": "registered-elsewhere",
    "10": "identifier-not-found",
    "11": "could-not-verify",
    "12": "unverifiable",
    "13": "identifiers-disagree",
    "14": "metadata-mismatch",
}


@pytest.fixture
def article(tmp_path: Path, fixture_bytes: Callable[[str], bytes]) -> Path:
    path = tmp_path / "article.md"
    path.write_bytes(fixture_bytes("audit/every-verdict.md"))
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CITECHECK_CROSSREF_URL": CROSSREF,
        "CITECHECK_EUTILS_URL": EUTILS,
        "CITECHECK_IDCONV_URL": IDCONV,
        "CITECHECK_MAILTO": "editor@example.org",
        "CITECHECK_CACHE": str(tmp_path / "cache.db"),
        "CITECHECK_REPORT": str(tmp_path / "report.db"),
        "CITECHECK_RETRIES": "0",
    }


@pytest.fixture
def services(fixture_bytes: Callable[[str], bytes]) -> Iterator[respx.MockRouter]:
    def not_found() -> httpx.Response:
        return httpx.Response(404, text="Resource not found.")

    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{CROSSREF}/works", name="list").mock(
            return_value=httpx.Response(
                200,
                content=fixture_bytes("audit/crossref-works.json"),
                headers={"content-type": "application/json"},
            )
        )
        router.get(f"{CROSSREF}/works/10.5281/zenodo.1234567").mock(return_value=not_found())
        router.get(f"{CROSSREF}/works/10.5281/zenodo.1234567/agency").mock(
            return_value=httpx.Response(
                200,
                # An agency citecheck asks nothing more of (DataCite's DOIs
                # are asked of DataCite: see tests/resolvers/test_datacite.py).
                content=fixture_bytes("crossref/agency-medra.json"),
                headers={"content-type": "application/json"},
            )
        )
        router.get(f"{CROSSREF}/works/10.9999/nowhere").mock(return_value=not_found())
        router.get(f"{CROSSREF}/works/10.9999/nowhere/agency").mock(return_value=not_found())
        router.get(f"{CROSSREF}/works/10.9999/slow/agency").mock(
            side_effect=httpx.ReadTimeout("slow")
        )
        # The searches for the right identifier of a wrong one: PubMed has nothing.
        router.get(f"{EUTILS}/esearch.fcgi", name="esearch").mock(
            return_value=httpx.Response(
                200,
                content=fixture_bytes("pubmed/esearch-none.json"),
                headers={"content-type": "application/json"},
            )
        )
        router.get(f"{EUTILS}/ecitmatch.cgi", name="ecitmatch").mock(
            side_effect=lambda request: httpx.Response(
                200, text=request.url.params["bdata"] + "NOT_FOUND\n"
            )
        )
        router.post(f"{EUTILS}/efetch.fcgi", name="efetch").mock(
            return_value=httpx.Response(
                200, content=fixture_bytes("pubmed/ncbi-resources-2013.xml")
            )
        )
        yield router


def audit(article: Path, env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["audit", str(article), *args], env=env)


def test_every_reference_gets_exactly_one_verdict_and_the_run_fails_on_errors(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    result = audit(article, env, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    [document] = report["documents"]
    verdicts = {ref["label"]: ref["verdict"] for ref in document["references"]}
    assert verdicts == EXPECTED_VERDICTS


def test_the_summary_shows_each_verdict_and_explains_the_wrong_ones(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    result = audit(article, env)
    assert result.exit_code == 1
    out = result.stdout
    assert "WRONG WORK" in out
    assert (
        'DOI 10.1038/35065016 is "Involvement of chemokine receptors in breast cancer metastasis" '
        "(Müller, Homey, Soto et al.; 2001) — the article claims Miller et al. 2023, "
        '"CXCR4 antagonists in experimental Parkinson disease"'
    ) in out
    assert "DOI 10.5555/e2e.retracted was retracted" in out
    assert "DOI 10.9999/slow could not be verified: timeout" in out
    assert "DOI 10.5281/zenodo.1234567 is registered with medra" in out
    assert out.splitlines()[-2] == (
        "1 document, 14 references: 3 verified, 1 verified with notes, 1 wrong work, "
        "1 metadata mismatch, 1 identifier not found, 1 registered elsewhere, "
        "1 identifiers disagree, 1 retracted, 1 expression of concern, 1 corrected, "
        "1 unverifiable, 1 could not verify"
    )


def test_the_report_keeps_runs_documents_references_records_and_findings(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    audit(article, env)
    audit(article, env, "--offline")
    with sqlite3.connect(env["CITECHECK_REPORT"]) as db:
        runs = db.execute("select id, status from runs order by id").fetchall()
        assert runs == [(1, "completed"), (2, "completed")]
        rows = db.execute(
            "select label, verdict from \"references\" where run_id = 1 and role = 'reference'"
        ).fetchall()
        assert dict(rows) == EXPECTED_VERDICTS
        wrong = db.execute(
            "select code, severity, line, claimed, recorded, scores from findings "
            "where run_id = 1 and code = 'wrong-work'"
        ).fetchone()
        assert wrong[:3] == ("wrong-work", "error", 15)
        assert wrong[3].startswith("Miller et al. 2023")
        assert wrong[4].startswith('"Involvement of chemokine receptors')
        assert "title_best" in json.loads(wrong[5])
        statuses = dict(
            db.execute("select identifier, status from records where run_id = 1").fetchall()
        )
        assert statuses["doi:10.9999/nowhere"] == "not-found"
        assert statuses["doi:10.9999/slow"] == "could-not-verify"
        # The second run answered from the cache alone.
        cached = db.execute(
            "select count(*) from records where run_id = 2 and from_cache = 1"
        ).fetchone()[0]
        assert cached >= 10


def test_a_second_offline_run_gives_the_same_verdicts_from_the_cache(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    audit(article, env)
    calls = services.calls.call_count
    result = audit(article, env, "--offline", "--format", "json")
    assert services.calls.call_count == calls
    [document] = json.loads(result.stdout)["documents"]
    verdicts = {ref["label"]: ref["verdict"] for ref in document["references"]}
    # Only the one the service never answered stays unverified ("offline" now).
    assert verdicts == EXPECTED_VERDICTS


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["--fail-on", "never"], 3),
        (["--fail-on", "never", "--allow-unverified"], 0),
        (["--fail-on", "wrong-work"], 1),
        (["--fail-on", "never", "--severity", "could-not-verify=error", "--allow-unverified"], 0),
    ],
)
def test_exit_codes(
    services: respx.MockRouter, article: Path, env: dict[str, str], args: list[str], exit_code: int
) -> None:
    assert audit(article, env, *args).exit_code == exit_code


def test_machine_output_goes_to_a_file_and_the_summary_to_stdout(
    services: respx.MockRouter, article: Path, env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "out.sarif"
    result = audit(article, env, "--format", "sarif", "--output", str(target))
    sarif = json.loads(target.read_text())
    assert sarif["version"] == "2.1.0"
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {"wrong-work", "identifier-not-found", "retracted"} <= rules
    assert "references:" in result.stdout or "14 references" in result.stdout


def test_report_show_prints_the_stored_run_as_audit_did(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    live = audit(article, env)
    shown = CliRunner().invoke(main, ["report", "show"], env=env)
    assert shown.exit_code == 0
    assert shown.stdout == live.stdout


def test_report_diff_lists_new_and_fixed_findings(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    audit(article, env)
    fixed = article.read_text().replace("2014;16(11)", "2010;16(11)")
    article.write_text(fixed)
    audit(article, env)
    result = CliRunner().invoke(main, ["report", "diff", "1", "2"], env=env)
    assert result.exit_code == 0
    assert "fixed" in result.stdout and "metadata-mismatch" in result.stdout
    # Nothing new came with the change: the gate on new findings passes.
    gate = CliRunner().invoke(main, ["report", "diff", "1", "2", "--fail-on-new"], env=env)
    assert gate.exit_code == 0


def test_report_diff_fail_on_new_fails_on_a_new_finding_at_the_threshold(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    audit(article, env)
    # The change brings a dangling marker (an error).
    article.write_text(article.read_text().replace("a wrongly dated review [14].", "[99]."))
    audit(article, env)
    diff = ["report", "diff", "1", "2", "--fail-on-new"]
    assert CliRunner().invoke(main, diff, env=env).exit_code == 1
    assert CliRunner().invoke(main, [*diff, "--fail-on", "never"], env=env).exit_code == 0
    # Without the flag, diff only lists.
    assert CliRunner().invoke(main, diff[:4], env=env).exit_code == 0


def test_report_export_csv_has_every_reference_with_its_verdict(
    services: respx.MockRouter, article: Path, env: dict[str, str]
) -> None:
    import csv
    import io

    audit(article, env)
    result = CliRunner().invoke(main, ["report", "export", "--format", "csv"], env=env)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    from citecheck.reports.csv_output import COLUMNS

    assert tuple(rows[0]) == COLUMNS
    assert {"document", "entry", "identifiers", "verdict", "suggestion"} <= set(COLUMNS)
    # Verified references are rows too: one per entry, in list order.
    assert [(r["entry"], r["verdict"]) for r in rows] == [
        (f"[{label}]", verdict) for label, verdict in EXPECTED_VERDICTS.items()
    ]
    assert rows[2]["identifiers"] == "doi:10.1038/35065016"
    findings = CliRunner().invoke(main, ["report", "export", "--format", "findings-csv"], env=env)
    lines = findings.stdout.splitlines()
    assert lines[0] == "path,line,column,severity,code,entry,message,claimed,recorded"
    assert any(",wrong-work,[3]," in line for line in lines)


def test_audit_writes_csv_of_every_reference(
    services: respx.MockRouter, article: Path, env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "refs.csv"
    result = audit(article, env, "--format", "csv", "--output", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").count("\n") == 1 + len(EXPECTED_VERDICTS)


def test_an_interrupted_run_is_marked_so_and_keeps_what_it_wrote(tmp_path: Path) -> None:
    from citecheck.audit import run_audit
    from citecheck.lookup_stream import ImmediateLookups
    from citecheck.models import Lookup
    from citecheck.reports.database import ReportDatabase

    def interrupted(identifiers: object) -> dict[str, Lookup]:
        raise KeyboardInterrupt

    page = tmp_path / "page.md"
    page.write_text("Cited [1].\n\nReferences\n1. Smith J. A title. J Test. 2020. doi:10.5555/x\n")
    unreadable = tmp_path / "binary.md"
    unreadable.write_bytes(b"\x00\x01")
    path = tmp_path / "report.db"
    with ReportDatabase.open(path) as report, pytest.raises(KeyboardInterrupt):
        # The unreadable file is met first; the stop comes at the page's lookups.
        run_audit([unreadable, page], resolver=ImmediateLookups(interrupted), report=report)
    with sqlite3.connect(path) as db:
        assert db.execute("select status from runs").fetchall() == [("interrupted",)]
        assert db.execute("select read_error from documents").fetchall() == [
            ("binary file (contains NUL bytes)",)
        ]


def test_an_identifier_wrong_on_several_pages_is_listed_once_with_its_page_count(
    services: respx.MockRouter, article: Path, env: dict[str, str], tmp_path: Path
) -> None:
    copy = tmp_path / "copy.md"
    copy.write_text(article.read_text())
    result = CliRunner().invoke(main, ["audit", str(article), str(copy)], env=env)
    lines = result.stdout.splitlines()
    start = lines.index("identifiers with error verdicts on several pages:")
    assert lines[start + 1 : start + 6] == [
        "  doi:10.1038/35065016  2 pages: wrong-work",
        "  doi:10.5555/e2e.retracted  2 pages: retracted",
        "  doi:10.9999/nowhere  2 pages: identifier-not-found",
        "  pmid:23193287  2 pages: identifiers-disagree",
        "",
    ]
