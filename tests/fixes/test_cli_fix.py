"""``citecheck fix``: the diff on stdout, every change and every correction
not made on stderr, exit 0 / 1 / 2; --write makes the changes in place."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fix_helpers import doi, entry_with, suggesting, write

from citecheck import cli_fix
from citecheck.cli import main
from citecheck.cli_fix import FixRun
from citecheck.lookup_stream import ImmediateLookups
from citecheck.models import Identifier, IdType, Lookup, LookupStatus, Record, Service, Verdict
from citecheck.parsing import read_document
from citecheck.results import DocumentAudit

ARTICLE = """## References

1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. https://doi.org/10.1038/s41586-020-0001-x
2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.
"""


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "article.md", ARTICLE)
    return Path("article.md")


def audited_with(monkeypatch: pytest.MonkeyPatch, verdicts_of: Any) -> list[tuple[str, ...]]:
    """Make the command's audit give each file the verdicts ``verdicts_of(path)``
    returns; the list records the files each audit was asked for."""
    asked: list[tuple[str, ...]] = []

    def audit_for_fix(files: tuple[str, ...], **_: Any) -> FixRun:
        asked.append(files)
        audits = []
        for name in files:
            document = read_document(name)
            audits.append(DocumentAudit(document, (), tuple(verdicts_of(Path(name)))))
        return FixRun(tuple(audits), ())

    monkeypatch.setattr(cli_fix, "audit_for_fix", audit_for_fix)
    return asked


def two_suggestions(path: Path) -> list[Verdict]:
    first, second = entry_with(path, "Smith J"), entry_with(path, "Lee A")
    return [
        suggesting(
            first,
            doi("10.1038/s41586-020-0002-y"),
            replaces=first.identifiers[0],
            typo="one character differs",
        ),
        suggesting(second, doi("10.1016/j.cell.2019.02.001"), confidence=0.8),
    ]


def test_fix_prints_the_diff_and_lists_each_change_with_its_evidence(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audited_with(monkeypatch, two_suggestions)

    result = CliRunner().invoke(main, ["fix", str(article)])

    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/article.md\n"
        "+++ b/article.md\n"
        "@@ -1,4 +1,4 @@\n"
        " ## References\n"
        " \n"
        "-1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "https://doi.org/10.1038/s41586-020-0001-x\n"
        "+1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "https://doi.org/10.1038/s41586-020-0002-y\n"
        " 2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.\n"
    )
    assert result.stderr == (
        "article.md:3: entry 1: replace DOI 10.1038/s41586-020-0001-x with "
        "DOI 10.1038/s41586-020-0002-y (confidence 0.97, proposed)\n"
        "    one character differs\n"
        "    doi:10.1038/s41586-020-0002-y is 'The right work', the work the entry describes\n"
        "article.md:4: entry 2: not changed: add DOI 10.1016/j.cell.2019.02.001: "
        "confidence 0.8 is below 0.9\n"
        "citecheck: 1 change proposed in 1 file; 1 not made (listed above); "
        "apply with `git apply` or `patch -p1`, or run again with --write\n"
    )
    assert article.read_text() == ARTICLE


def test_min_confidence_lets_a_less_certain_suggestion_through(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audited_with(monkeypatch, two_suggestions)

    result = CliRunner().invoke(main, ["fix", str(article), "--min-confidence", "0.8"])

    assert result.exit_code == 1
    assert "+2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14. https" in (
        result.stdout
    )
    assert result.stderr.endswith(
        "citecheck: 2 changes proposed in 1 file; "
        "apply with `git apply` or `patch -p1`, or run again with --write\n"
    )


def test_write_makes_the_changes_in_place_and_prints_no_diff(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audited_with(monkeypatch, two_suggestions)

    result = CliRunner().invoke(main, ["fix", str(article), "--write"])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "(confidence 0.97, written)" in result.stderr
    assert result.stderr.endswith(
        "citecheck: 1 change written in 1 file; 1 not made (listed above)\n"
    )
    assert article.read_text() == ARTICLE.replace("0001-x", "0002-y")


def test_write_refuses_a_file_that_changed_since_it_was_read(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def then_edited(path: Path) -> list[Verdict]:
        verdicts = two_suggestions(path)
        path.write_text(ARTICLE + "3. Someone else's entry.\n")
        return verdicts

    audited_with(monkeypatch, then_edited)

    result = CliRunner().invoke(main, ["fix", str(article), "--write"])

    assert result.exit_code == 2
    assert "citecheck: article.md: the file changed since it was audited\n" in result.stderr
    assert article.read_text() == ARTICLE + "3. Someone else's entry.\n"


def test_nothing_to_change_exits_0(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    audited_with(monkeypatch, lambda path: [])

    result = CliRunner().invoke(main, ["fix", str(article)])

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "citecheck: no change to make\n",
    )


def test_a_missing_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, ["fix", "missing.md", "--no-cache", "--offline"])

    assert result.exit_code == 2
    assert "citecheck: missing.md: no such file\n" in result.stderr


def test_fix_runs_the_audit_with_the_lookups_of_the_service_options(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real audit, over a lookup source of the test's own: a DOI that
    resolves to the entry's own work needs no change."""
    asked: list[str] = []

    def answer(identifiers: list[Identifier]) -> Mapping[str, Lookup]:
        asked.extend(str(i) for i in identifiers)
        record = Record(
            Service.CROSSREF,
            doi="10.1038/s41586-020-0001-x",
            title="A study of chemokine receptors",
            issued_year=2020,
        )
        # A search (of the entry without a DOI) finds nothing to suggest.
        return {
            i.key: Lookup(i, LookupStatus.NOT_FOUND, Service.SEARCH, fetched_at=time.time())
            if i.type is IdType.QUERY
            else Lookup(
                i, LookupStatus.FOUND, Service.CROSSREF, record=record, fetched_at=time.time()
            )
            for i in identifiers
        }

    monkeypatch.setattr(
        cli_fix,
        "resolver_from",
        lambda settings, options, cache: contextlib.nullcontext(ImmediateLookups(answer)),
    )

    result = CliRunner().invoke(main, ["fix", str(article), "--no-cache"])

    assert asked[0] == "doi:10.1038/s41586-020-0001-x"
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "citecheck: no change to make\n",
    )


def test_a_file_no_patch_can_hold_is_a_usage_error_without_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    wide = write(tmp_path, "wide.md", b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
    audited_with(monkeypatch, two_suggestions)

    shown = CliRunner().invoke(main, ["fix", "wide.md"])
    written = CliRunner().invoke(main, ["fix", "wide.md", "--write"])

    assert shown.exit_code == 2
    assert (
        "citecheck: wide.md: a utf-16-le file cannot be patched as text: use --write\n"
        in shown.stderr
    )
    assert written.exit_code == 1
    assert wide.read_bytes().decode("utf-16") == ARTICLE.replace("0001-x", "0002-y")


def test_ctrl_c_during_the_audit_says_so_and_exits_130(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(files: tuple[str, ...], **_: Any) -> FixRun:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_fix, "audit_for_fix", interrupted)

    result = CliRunner().invoke(main, ["fix", str(article)])

    assert (result.exit_code, result.stderr) == (130, "citecheck: interrupted\n")
    assert article.read_text() == ARTICLE
