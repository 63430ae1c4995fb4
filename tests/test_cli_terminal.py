"""The terminal output a person reads: colour only when wanted (NO_COLOR,
--color), claims as wide as the terminal allows, labels whole, documents
in path order whatever order they were judged in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from citecheck import cli_audit
from citecheck.cli import main
from citecheck.reports.terminal import document_block

PAGE = "Text [1].\n\n## References\n\n1. mdpi.com [mdpi.com]\n"
BIB = "@misc{vaswani2017attention,\n  title = {Attention},\n  howpublished = {x.org}\n}\n"


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(
        main, [*args], env={"CITECHECK_CACHE": str(tmp_path / "c.db"), **(env or {})}
    )
    return result.stdout


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "p.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_color_always_colours_even_a_pipe(tmp_path: Path, page: Path) -> None:
    out = run(tmp_path, "--color", "always", "audit", "--offline", "--no-report", str(page))
    assert "\x1b[" in out


def test_color_never_and_a_pipe_print_plain_text(tmp_path: Path, page: Path) -> None:
    assert "\x1b[" not in run(
        tmp_path, "--color", "never", "audit", "--offline", "--no-report", str(page)
    )
    assert "\x1b[" not in run(tmp_path, "audit", "--offline", "--no-report", str(page))


def test_no_color_turns_auto_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from citecheck import cli_options

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    cli_options.set_colour("auto")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli_options.colour_wanted()
    monkeypatch.delenv("NO_COLOR")
    assert cli_options.colour_wanted()
    cli_options.set_colour("never")
    try:
        assert not cli_options.colour_wanted()
    finally:
        cli_options.set_colour("auto")


def test_the_claim_is_as_wide_as_the_terminal_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=(0, 0): os.terminal_size((200, 50))
    )
    assert cli_audit.claim_width() == 200 - 32
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=(0, 0): os.terminal_size((50, 50))
    )
    assert cli_audit.claim_width() == 40


def test_bibtex_keys_are_shown_whole(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    out = run(tmp_path, "audit", "--offline", "--no-report", "--no-search", str(bib))
    assert "vaswani2017attention" in out


def test_documents_print_in_path_order(tmp_path: Path) -> None:
    for name in ("c.md", "a.md", "b.md"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    out = run(tmp_path, "audit", "--offline", "--no-report", str(tmp_path))
    heads = [line.split()[0] for line in out.splitlines() if line.endswith("1 references)")]
    assert [Path(h).name for h in heads] == ["a.md", "b.md", "c.md"]


def test_a_block_cuts_the_claim_at_the_width_given(tmp_path: Path) -> None:
    from citecheck.audit import judge_document
    from citecheck.parsing import parse_source
    from citecheck.parsing.source import Source

    long_title = "A " + "very " * 40 + "long title"
    text = f"Text [1].\n\n## References\n\n1. Smith J. {long_title}. J Test. 2020.\n"
    audit = judge_document(parse_source(Source("p.md", text)), {}, search=False)
    line = document_block(audit, claim_width=50).splitlines()[1]
    claim = line.split("unverifiable", 1)[1].strip()
    assert len(claim) == 50 and claim.endswith("…")
