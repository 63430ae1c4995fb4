"""``--datacite-url`` / ``CITECHECK_DATACITE_URL``: where DataCite's DOIs are asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from citecheck.cli import main

CROSSREF = "https://crossref.test"
ZENODO_PATH = "/dois/10.5281/zenodo.1234567"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CITECHECK_CROSSREF_URL": CROSSREF,
        "CITECHECK_DATACITE_URL": "https://datacite-from-env.test",
        "CITECHECK_MAILTO": "editor@example.org",
        "CITECHECK_CACHE": str(tmp_path / "lookups.db"),
    }


@pytest.fixture
def services(fixture_bytes: Callable[[str], bytes]) -> Iterator[respx.MockRouter]:
    json_type = {"content-type": "application/json"}
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{CROSSREF}/works").mock(
            return_value=httpx.Response(
                200, content=fixture_bytes("crossref/works-empty.json"), headers=json_type
            )
        )
        router.get(f"{CROSSREF}/works/10.5281/zenodo.1234567/agency").mock(
            return_value=httpx.Response(
                200, content=fixture_bytes("crossref/agency-datacite.json"), headers=json_type
            )
        )
        record = fixture_bytes("datacite/dataset-organisational.json")
        for host in ("datacite-from-env.test", "datacite-from-option.test"):
            router.get(f"https://{host}{ZENODO_PATH}", name=host).mock(
                return_value=httpx.Response(200, content=record, headers=json_type)
            )
        yield router


def test_help_shows_the_option_its_variable_and_default() -> None:
    result = CliRunner().invoke(main, ["resolve", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--datacite-url" in result.output
    assert "CITECHECK_DATACITE_URL" in result.output
    assert "https://api.datacite.org" in result.output


def test_the_variable_sends_datacites_dois_there(
    services: respx.MockRouter, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(main, ["resolve", "10.5281/zenodo.1234567"], env=env)
    assert result.exit_code == 0, result.output
    assert "Fracture lengths of cracked pots" in result.stdout
    assert services["datacite-from-env.test"].call_count == 1
    assert services["datacite-from-option.test"].call_count == 0


def test_the_option_wins_over_the_variable(services: respx.MockRouter, env: dict[str, str]) -> None:
    args = ["resolve", "--datacite-url", "https://datacite-from-option.test/"]
    result = CliRunner().invoke(main, [*args, "10.5281/zenodo.1234567"], env=env)
    assert result.exit_code == 0, result.output
    assert services["datacite-from-option.test"].call_count == 1
    assert services["datacite-from-env.test"].call_count == 0
