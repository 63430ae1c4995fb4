"""``--arxiv-url`` / ``CITECHECK_ARXIV_URL`` and ``--clinicaltrials-url`` /
``CITECHECK_CLINICALTRIALS_URL``: where arXiv identifiers and NCT numbers
are asked; and an audit of both, end to end, through the local stand-in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner
from test_standin import MAILTO, standin

from citecheck.cli import main

registries = standin.sys.modules["standin_registries"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CITECHECK_ARXIV_URL": "https://arxiv-from-env.test",
        "CITECHECK_CLINICALTRIALS_URL": "https://trials-from-env.test",
        "CITECHECK_CACHE": str(tmp_path / "lookups.db"),
    }


@pytest.fixture
def services(fixture_bytes: Callable[[str], bytes]) -> Iterator[respx.MockRouter]:
    atom = {"content-type": "application/atom+xml"}
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        for host in ("arxiv-from-env.test", "arxiv-from-option.test"):
            router.get(f"https://{host}/api/query", name=host).mock(
                return_value=httpx.Response(
                    200, content=fixture_bytes("arxiv/two-found.xml"), headers=atom
                )
            )
        for host in ("trials-from-env.test", "trials-from-option.test"):
            router.get(f"https://{host}/api/v2/studies/NCT01234567", name=host).mock(
                return_value=httpx.Response(
                    200,
                    content=fixture_bytes("clinicaltrials/study.json"),
                    headers={"content-type": "application/json"},
                )
            )
        yield router


def test_help_shows_the_options_their_variables_and_defaults() -> None:
    result = CliRunner().invoke(main, ["resolve", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for text in (
        "--arxiv-url",
        "CITECHECK_ARXIV_URL",
        "https://export.arxiv.org",
        "--clinicaltrials-url",
        "CITECHECK_CLINICALTRIALS_URL",
        "https://clinicaltrials.gov",
    ):
        assert text in result.output


def test_the_variables_send_the_lookups_there(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(main, ["resolve", "arXiv:2101.00001v2", "NCT01234567"], env=env)
    assert result.exit_code == 0, result.output
    assert "Sparse Widgets for Counting Imaginary Photons" in result.stdout
    assert "Widgetumab" in result.stdout
    assert services["arxiv-from-env.test"].call_count == 1
    assert services["trials-from-env.test"].call_count == 1
    assert services["arxiv-from-option.test"].call_count == 0


def test_the_options_win_over_the_variables(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    args = [
        "resolve",
        "--arxiv-url",
        "https://arxiv-from-option.test/",
        "--clinicaltrials-url",
        "https://trials-from-option.test",
        "arXiv:hep-th/9901001",
        "https://clinicaltrials.gov/study/NCT01234567",
    ]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert services["arxiv-from-option.test"].call_count == 1
    assert services["trials-from-option.test"].call_count == 1
    assert services["arxiv-from-env.test"].call_count == 0
    assert services["trials-from-env.test"].call_count == 0


def _article(corpus: object) -> str:
    preprints = sorted(corpus.preprints)
    trials = sorted(corpus.trials)
    missing_preprint = next(a for a in corpus.arxiv_ids if a not in preprints)
    missing_trial = next(t for t in corpus.nct_ids if t not in trials)
    work = registries.preprint_work(preprints[0])
    names = ", ".join(f"{family} {given[0]}" for family, given in work.authors)
    trial = registries.trial_work(trials[0])
    return (
        "# Article\n\n"
        f"The trial {trials[0]} and the trial {missing_trial} are discussed [1][2][3][4].\n\n"
        "## References\n\n"
        f"1. {names}. {work.title}. arXiv:{preprints[0]}. {work.year}.\n"
        f"2. Smith J. A preprint nobody wrote. arXiv:{missing_preprint}. 2024.\n"
        f"3. {trial.title}. ClinicalTrials.gov {trials[0]}.\n"
        f"4. A trial nobody ran. ClinicalTrials.gov {missing_trial}.\n"
    )


def test_an_audit_checks_preprints_and_trials_and_resumes_from_the_cache(
    tmp_path: Path,
) -> None:
    corpus = standin.Corpus.generate(
        dois=0, pmids=0, arxiv=4, arxiv_found=0.5, trials=4, trials_found=0.5, seed=5
    )
    article = tmp_path / "article.md"
    article.write_text(_article(corpus), encoding="utf-8")
    report = tmp_path / "report.db"
    files = ["--cache", str(tmp_path / "lookups.db"), "--report", str(report)]
    with standin.StandIn(corpus, latency=0.01) as server:
        # Searches (for what the missing ones should have been) are not
        # what this test is about.
        options = [*server.cli_options(MAILTO), "--no-search", "--format", "json"]
        args = ["audit", str(article), *files, *options]
        first = CliRunner().invoke(main, args)
        stats = server.stats()
        again = CliRunner().invoke(main, [*args, "--offline"])
        urls = (server.arxiv_url, server.clinicaltrials_url)
    assert first.exit_code == 1, first.output
    # One arXiv request for both identifiers; one study a request.
    assert stats["requests"] == {"arxiv": 1, "clinicaltrials": 2}
    assert stats["rate_limited"] == {}
    [document] = json.loads(first.stdout)["documents"]
    verdicts = [(r["label"], r["verdict"]) for r in document["references"]]
    assert verdicts == [
        ("1", "verified"),
        ("2", "identifier-not-found"),
        ("3", "verified"),
        ("4", "identifier-not-found"),
    ]
    in_text = [f for f in document["findings"] if f["entry"] is None]
    assert [(f["code"], f["location"]["line"]) for f in in_text] == [("identifier-not-found", 3)]
    # The second run, offline, has every answer from the cache.
    assert again.exit_code == 1, again.output
    [offline] = json.loads(again.stdout)["documents"]
    assert [(r["label"], r["verdict"]) for r in offline["references"]] == verdicts
    # The run's settings name both services, so a resume is against the same.
    with sqlite3.connect(report) as database:
        [(stored,)] = database.execute("SELECT settings FROM runs ORDER BY id LIMIT 1")
    settings = json.loads(stored)
    assert (settings["arxiv_url"], settings["clinicaltrials_url"]) == urls
