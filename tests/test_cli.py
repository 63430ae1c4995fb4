"""The command line: whole outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import click
import pytest
from click.testing import CliRunner

from citecheck.cli import main

CLEAN = dedent(
    """\
    # Chemokines

    Tumours use chemokines [1], and CXCR4 in particular [2].

    ## References
    1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50. doi:10.1038/nrc1388
    2. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7. PMID: 16269611
    """
)

FLAWED = dedent(
    """\
    Claims [1] and [4].

    References
    1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50.
    2. mdpi.com [mdpi.com]
    """
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_parse_prints_entries_identifiers_and_what_is_cited(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "clean.md", CLEAN)
    result = runner.invoke(main, ["parse", path])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}  (markdown; 2 entries, 0 links, 2 in-text citations)\n"
        "  reference list at line 5\n"
        "     #   line  claims, then identifiers\n"
        '     1      6  Balkwill 2004, "Cancer and the chemokine network" — Nat Rev Cancer 4(7):540–50\n'
        "               doi:10.1038/nrc1388\n"
        '     2      7  Burger and Kipps 2006, "CXCR4: a key receptor" — Blood 107(5):1761–7\n'
        "               pmid:16269611\n"
        "  cited: entries 1–2 (2 markers)\n"
        "\n"
    )


def test_parse_json_gives_every_entry_with_claims_and_locations(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "clean.md", CLEAN)
    result = runner.invoke(main, ["parse", "--json", path])
    assert result.exit_code == 0
    [document] = json.loads(result.stdout)
    assert document["format"] == "markdown"
    assert [e["label"] for e in document["entries"]] == ["1", "2"]
    first = document["entries"][0]
    assert first["location"] == {"line": 6, "column": 4}
    assert first["identifiers"][0]["value"] == "10.1038/nrc1388"
    assert first["claims"]["authors"] == [
        {"family": "Balkwill", "given": "F", "organisation": False}
    ]
    assert first["claims"]["year"] == 2004
    assert first["claims"]["journal"] == "Nat Rev Cancer"
    assert [c["labels"] for c in document["citations"]] == [["1"], ["2"]]


def test_parse_says_when_the_reference_list_was_found_by_its_structure(
    runner: CliRunner, tmp_path: Path
) -> None:
    third = "3. Müller A, Homey B. Chemokine receptors in metastasis. Nature. 2001;410:50-6.\n"
    path = write(tmp_path, "clean.md", CLEAN.replace("## References\n", "") + third)
    table = runner.invoke(main, ["parse", path])
    as_json = runner.invoke(main, ["parse", "--json", path])
    assert table.exit_code == as_json.exit_code == 0
    assert table.stdout.splitlines()[:2] == [
        f"{path}  (markdown; 3 entries, 0 links, 2 in-text citations)",
        "  reference list at line 5 (found by its structure)",
    ]
    [document] = json.loads(as_json.stdout)
    assert (document["reference_list_found_by"], document["reference_heading"]) == (
        "structure",
        None,
    )


def test_parse_format_option_overrides_detection(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path, "notes.data", "@article{k, title={A title}, year={2020}, doi={10.1000/xyz}}\n"
    )
    result = runner.invoke(main, ["parse", "--json", "--format", "bibtex", path])
    assert result.exit_code == 0
    [document] = json.loads(result.stdout)
    assert document["format"] == "bibtex"
    assert document["entries"][0]["identifiers"][0]["value"] == "10.1000/xyz"


def test_audit_offline_with_nothing_cached_cannot_verify_and_exits_3(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "clean.md", CLEAN)
    result = runner.invoke(main, ["audit", "--offline", path])
    assert result.exit_code == 3
    assert result.stdout == (
        f"{path}  (markdown; 2 references)\n"
        '     1      6  not verified     Balkwill 2004, "Cancer and the chemokine network" — Nat Rev Cancer 4(7):540–50\n'
        "               DOI 10.1038/nrc1388 could not be verified: offline\n"
        '     2      7  not verified     Burger and Kipps 2006, "CXCR4: a key receptor" — Blood 107(5):1761–7\n'
        "               PMID 16269611 could not be verified: offline\n"
        "\n"
        "1 document, 2 references: 2 could not verify\n"
        "0 errors, 2 warnings, 0 notes; report run 1\n"
    )
    allowed = runner.invoke(main, ["audit", "--offline", "--allow-unverified", path])
    assert allowed.exit_code == 0


def test_audit_prints_each_reference_and_the_document_findings_and_exits_1_on_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "flawed.md", FLAWED)
    result = runner.invoke(main, ["audit", "--offline", "--no-search", "--no-report", path])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}  (markdown; 2 references)\n"
        '     1      4  unverifiable     Balkwill 2004, "Cancer and the chemokine network" — Nat Rev Cancer 4(7):540–50\n'
        "               nothing to check it by: no DOI, PMID or PMCID, only a title (searches are off)\n"
        "     2      5  unverifiable     [mdpi.com]\n"
        "               nothing to check it by: only a host (mdpi.com)\n"
        f"  {path}:1:16: error [dangling-citation] marker [4] points to entry 4, which the "
        "reference list (entries 1–2) does not have\n"
        f"  {path}:5:4: warning [uncited-reference] entry 2 is never cited in the text: "
        "mdpi.com [mdpi.com]\n"
        "\n"
        "1 document, 2 references: 2 unverifiable\n"
        "1 error, 3 warnings, 0 notes; 1 at or above --fail-on\n"
    )


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [
        ("error", 1),
        ("warning", 1),
        ("never", 0),
        ("unverifiable", 1),
        ("uncited-reference,malformed-identifier", 1),
        ("malformed-identifier", 0),
    ],
)
def test_fail_on_picks_what_fails_the_run(
    runner: CliRunner, tmp_path: Path, fail_on: str, exit_code: int
) -> None:
    path = write(tmp_path, "flawed.md", FLAWED)
    result = runner.invoke(main, ["audit", "--offline", "--no-search", "--fail-on", fail_on, path])
    assert result.exit_code == exit_code


def test_fail_on_warning_fails_a_run_with_only_warnings(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "warn.md", "Cited [1].\n\nReferences\n1. mdpi.com [mdpi.com]\n")
    assert runner.invoke(main, ["audit", "--offline", path]).exit_code == 0
    assert runner.invoke(main, ["audit", "--offline", "--fail-on", "warning", path]).exit_code == 1


def test_an_unknown_fail_on_value_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "clean.md", CLEAN)
    result = runner.invoke(main, ["audit", "--offline", "--fail-on", "fatal", path])
    assert result.exit_code == 2
    assert "unknown severity or finding code 'fatal'" in result.stderr


def test_audit_json_lists_references_and_findings_per_document(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "flawed.md", FLAWED)
    result = runner.invoke(main, ["audit", "--offline", "--no-search", "--format", "json", path])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["unreadable"] == []
    [document] = report["documents"]
    assert [(r["label"], r["verdict"]) for r in document["references"]] == [
        ("1", "unverifiable"),
        ("2", "unverifiable"),
    ]
    assert [(f["code"], f["severity"], f["location"]["line"]) for f in document["findings"]] == [
        ("dangling-citation", "error", 1),
        ("unverifiable", "warning", 4),
        ("uncited-reference", "warning", 5),
        ("unverifiable", "warning", 5),
    ]


def test_quiet_prints_only_the_summary(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "flawed.md", FLAWED)
    result = runner.invoke(
        main, ["audit", "--offline", "--no-search", "--no-report", "--quiet", path]
    )
    assert result.stdout == (
        "1 document, 2 references: 2 unverifiable\n"
        "1 error, 3 warnings, 0 notes; 1 at or above --fail-on\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "binary.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "binary file (contains NUL bytes)",
        ),
        ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF: extract its text first"),
        (
            "undecodable.txt",
            b"caf\xe9 \x81\x8d\x8f\x90\x9d",
            "not UTF-8 and not decodable as Windows-1252",
        ),
    ],
)
def test_an_unreadable_file_gets_one_line_and_the_others_are_still_checked(
    runner: CliRunner, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = write(tmp_path, name, content)
    good = write(tmp_path, "flawed.md", FLAWED)
    result = runner.invoke(main, ["audit", "--offline", bad, good])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"citecheck: {bad}: {reason}")
    assert "[dangling-citation]" in result.stdout
    assert "; 1 unreadable" in result.stdout


def test_a_missing_file_is_one_line_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.md")
    result = runner.invoke(main, ["parse", missing])
    assert result.exit_code == 2
    assert result.stderr == f"citecheck: {missing}: no such file\n"


def test_a_file_over_max_size_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "big.md", CLEAN)
    size = Path(path).stat().st_size
    result = runner.invoke(main, ["parse", "--max-size", "100", path])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"citecheck: {path}: {size} bytes is larger than the 100 bytes limit (see --max-size)\n"
    )


def test_max_size_reads_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "big.md", CLEAN)
    result = runner.invoke(main, ["parse", path], env={"CITECHECK_MAX_SIZE": "1K"})
    assert result.exit_code == 0
    result = runner.invoke(main, ["parse", path], env={"CITECHECK_MAX_SIZE": "10"})
    assert result.exit_code == 2


def test_a_windows_1252_file_is_decoded(runner: CliRunner, tmp_path: Path) -> None:
    text = "M\xfcller's review [1].\n\nReferences\n1. M\xfcller A. Chemokines. Nature. 2001;410:50-6.\n"
    path = write(tmp_path, "legacy.txt", text.encode("cp1252"))
    result = runner.invoke(main, ["parse", "--json", path])
    assert result.exit_code == 0
    [document] = json.loads(result.stdout)
    assert document["entries"][0]["claims"]["authors"][0]["family"] == "Müller"


def test_audit_walks_folders_for_document_files(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "a.md", CLEAN)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.md", FLAWED)
    write(tmp_path, "image.png", b"\x89PNG\x00")
    result = runner.invoke(
        main, ["audit", "--offline", "--no-search", "--quiet", "--allow-unverified", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "2 documents, 4 references: 2 unverifiable, 2 could not verify\n"
    )


def _commands(group: click.Group) -> list[click.Command]:
    return list(group.commands.values())


@pytest.mark.parametrize("command", _commands(main), ids=lambda c: c.name or "?")
def test_every_command_has_help_with_an_example(runner: CliRunner, command: click.Command) -> None:
    result = runner.invoke(main, [command.name or "", "--help"])
    assert result.exit_code == 0
    assert command.help and "Example:" in command.help


def test_audit_include_and_exclude_pick_the_files_of_a_folder(
    runner: CliRunner, tmp_path: Path
) -> None:
    write(tmp_path, "a.md", CLEAN)
    (tmp_path / "drafts").mkdir()
    write(tmp_path / "drafts", "b.md", FLAWED)
    write(tmp_path, "c.txt", FLAWED)
    result = runner.invoke(
        main,
        [
            "audit",
            "--offline",
            "--quiet",
            "--allow-unverified",
            "--include",
            "*.md",
            "--exclude",
            "drafts",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("1 document, 2 references: 2 could not verify\n")


# An article written to attack whoever reads citecheck's outputs: an OSC
# sequence that sets the window title, HTML that runs script, a bidi
# override, a control character, and a file name that is a formula.
HOSTILE = (
    "# T\n\nSee [1].\n\n## References\n"
    "1. Smith J. \x1b]0;pwned\x07<img src=x onerror=alert(1)> \u202eevil\x01 title. "
    "Nature. 2020. doi:10.1000/xyz123\n"
)
HOSTILE_NAME = "=HYPERLINK(1)\x1b[2J.md"
ACTING = ("\x1b", "\x07", "\x01", "\u202e")


def test_audit_and_report_show_print_hostile_text_visibly(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, HOSTILE_NAME, HOSTILE)
    audited = runner.invoke(main, ["audit", "--offline", HOSTILE_NAME])
    shown = runner.invoke(main, ["report", "show"])
    expected_lines = [
        "=HYPERLINK(1)␛[2J.md  (markdown; 1 references)",
        '     1      6  not verified     Smith 2020, "␛]0;pwned␇<img src=x onerror=alert(1)> '
        '<U+202E>evil␁ title"',
    ]
    for result in (audited, shown):
        assert not any(char in result.output for char in ACTING)
        assert result.stdout.splitlines()[:2] == expected_lines


def test_an_exported_csv_starts_no_cell_with_a_formula(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, HOSTILE_NAME, HOSTILE)
    runner.invoke(main, ["audit", "--offline", HOSTILE_NAME])
    references = runner.invoke(main, ["report", "export", "--format", "csv"])
    assert references.exit_code == 0
    assert references.stdout.splitlines()[1].startswith(
        "'=HYPERLINK(1)␛[2J.md,[1],6,doi:10.1000/xyz123,could-not-verify,warning,"
    )
    result = runner.invoke(main, ["report", "export", "--format", "findings-csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        "'=HYPERLINK(1)␛[2J.md,6,4,warning,could-not-verify,[1],"
        "DOI 10.1000/xyz123 could not be verified: offline,"
        '"Smith 2020, ""␛]0;pwned␇<img src=x onerror=alert(1)> <U+202E>evil␁ title""",'
    )


def test_parse_json_escapes_hostile_text_and_keeps_it_in_the_data(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "hostile.md", HOSTILE)
    result = runner.invoke(main, ["parse", "--json", path])
    assert result.exit_code == 0
    assert not any(char in result.stdout for char in ACTING)
    [document] = json.loads(result.stdout)
    assert "\x1b]0;pwned\x07" in document["entries"][0]["raw"]
    assert "\u202eevil\x01" in document["entries"][0]["raw"]


def test_an_unreadable_file_with_a_hostile_name_is_named_visibly(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = write(tmp_path, "\x1b]0;pwned\x07.md", b"caf\xe9 \x81\x8d\x8f\x90\x9d")
    result = runner.invoke(main, ["parse", bad])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"citecheck: {tmp_path}/␛]0;pwned␇.md: ")
    assert not any(char in result.stderr for char in ACTING)
