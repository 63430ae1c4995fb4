"""Exit codes a gate can trust. A gate that checks nothing must not pass:
a run that audited nothing exits 2 with one line saying why, and a run over
paths that are all missing starts no report at all. Exit 3 (could not
verify) says in one line how many and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from citecheck.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def audit(runner: CliRunner, tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        main,
        ["audit", "--offline", "--report", str(tmp_path / "report.db"), *args],
        env={"CITECHECK_CACHE": str(tmp_path / "cache.db")},
    )
    return result.exit_code, result.stderr


def test_an_empty_folder_is_nothing_audited(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    code, err = audit(runner, tmp_path, str(tmp_path / "docs"))
    assert code == 2
    assert "nothing was audited: no file matched" in err


def test_an_include_that_matches_no_file_is_nothing_audited(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("Text [1].\n\n## References\n\n1. X.\n")
    code, err = audit(runner, tmp_path, "--include", "*.rst", str(tmp_path / "docs"))
    assert (code, "no file matched" in err) == (2, True)


def test_files_without_any_reference_are_nothing_audited(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Notes\n\nText [1].\n\n## References\n\n"
        "1. Burger JA, Kipps TJ. CXCR4. Blood. 2006;107:1761-7. doi:10.1182/blood-2005-08-3182\n"
    )
    # Read as BibTeX, the Markdown page holds nothing to check.
    code, err = audit(runner, tmp_path, "--input-format", "bibtex", str(page))
    assert code == 2
    assert "1 document read, but no reference, citation or identifier" in err
    # Read as what it is, it is audited (could not verify offline: exit 3).
    assert audit(runner, tmp_path, str(page))[0] == 3


def test_missing_paths_start_no_report(runner: CliRunner, tmp_path: Path) -> None:
    code, err = audit(runner, tmp_path, str(tmp_path / "nowhere.md"))
    assert code == 2
    assert err.strip().endswith("nowhere.md: no such file or folder")
    assert not (tmp_path / "report.db").exists()


def test_one_missing_path_among_others_is_an_unreadable_file_and_the_rest_is_audited(
    runner: CliRunner, tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text("Text [1].\n\n## References\n\n1. mdpi.com [mdpi.com]\n")
    code, _ = audit(runner, tmp_path, str(page), str(tmp_path / "nowhere.md"))
    assert code == 2
    assert (tmp_path / "report.db").exists()


def test_exit_3_says_why_in_one_line(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text [1] [2].\n\n## References\n\n"
        "1. Burger JA. CXCR4. Blood. 2006. doi:10.1182/blood-2005-08-3182\n"
        "2. Balkwill F. Chemokines. Nat Rev Cancer. 2004. doi:10.1038/nrc1388\n"
    )
    code, err = audit(runner, tmp_path, str(page))
    assert code == 3
    assert err.strip() == (
        "citecheck: 2 references could not be verified (offline: 2); that is exit 3, "
        "not a failure: --allow-unverified makes it a warning"
    )
    assert audit(runner, tmp_path, "--allow-unverified", str(page)) == (0, "")
