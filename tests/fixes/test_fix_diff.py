"""The diff is a patch the real tools accept, and applying it gives the
bytes --write would write: encoding, line endings and last line kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fix_helpers import doi, entry_with, plan_for, suggesting, write

from citecheck.errors import FixRefused
from citecheck.fixes import FixPlan, unified_diff

ARTICLE = """# Chemokines

Cited [1] and [2].

## References

1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. https://doi.org/10.1038/s41586-020-0001-x
2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.
"""


def planned(folder: Path, name: str, content: str | bytes) -> FixPlan:
    """The plan that replaces entry 1's DOI and adds one to entry 2."""
    path = write(folder, name, content)
    first, second = entry_with(path, "Jones K"), entry_with(path, "Lee A")
    return plan_for(
        path,
        suggesting(first, doi("10.1038/s41586-020-0002-y"), replaces=first.identifiers[0]),
        suggesting(second, doi("10.1016/j.cell.2019.02.001")),
    )


def in_folder(folder: Path, plan: FixPlan) -> bytes:
    """The diff of ``plan``, its paths relative to ``folder``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return unified_diff(plan)


def run_tool(folder: Path, *command: str, diff: bytes) -> None:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    result = subprocess.run(command, cwd=folder, input=diff, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode() + result.stdout.decode()


def test_the_diff_names_the_file_as_git_does_and_shows_only_changed_lines(
    tmp_path: Path,
) -> None:
    plan = planned(tmp_path, "article.md", ARTICLE)

    diff = in_folder(tmp_path, plan).decode()

    assert diff == (
        "--- a/article.md\n"
        "+++ b/article.md\n"
        "@@ -4,5 +4,5 @@\n"
        " \n"
        " ## References\n"
        " \n"
        "-1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "https://doi.org/10.1038/s41586-020-0001-x\n"
        "-2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.\n"
        "+1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "https://doi.org/10.1038/s41586-020-0002-y\n"
        "+2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14. "
        "https://doi.org/10.1016/j.cell.2019.02.001\n"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plain.md", ARTICLE),
        ("crlf.md", ARTICLE.replace("\n", "\r\n")),
        ("no-last-newline.md", ARTICLE.rstrip("\n")),
        ("unicode.md", ARTICLE.replace("Smith J", "Šmíd J").replace("Cited", "Zitiert — „so“")),
        ("bom.md", b"\xef\xbb\xbf" + ARTICLE.encode()),
        ("legacy.md", ARTICLE.replace("Smith J", "Müller J").encode("cp1252")),
    ],
    ids=["lf", "crlf", "no newline at the end", "unicode", "utf-8 with bom", "windows-1252"],
)
def test_git_apply_and_patch_accept_the_diff_and_give_the_planned_bytes(
    tmp_path: Path, name: str, content: str | bytes
) -> None:
    plan = planned(tmp_path, name, content)
    assert len(plan.changes) == 2
    diff = in_folder(tmp_path, plan)
    original = (tmp_path / name).read_bytes()

    run_tool(tmp_path, "git", "apply", "--check", "-", diff=diff)
    run_tool(tmp_path, "patch", "-p1", "--dry-run", diff=diff)
    run_tool(tmp_path, "patch", "-p1", diff=diff)

    patched = (tmp_path / name).read_bytes()
    assert patched == plan.fixed_bytes
    # Nothing but the two entries' lines changed, byte for byte.
    assert patched.split(b"\n")[:6] == original.split(b"\n")[:6]
    assert (b"\r\n" in patched) is (b"\r\n" in original)
    assert patched.endswith(b"\n") is original.endswith(b"\n")


def test_a_utf16_file_cannot_be_patched_as_text(tmp_path: Path) -> None:
    plan = planned(tmp_path, "wide.md", b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
    assert len(plan.changes) == 2

    with pytest.raises(FixRefused, match="utf-16-le file cannot be patched as text: use --write"):
        unified_diff(plan)
    assert plan.fixed_bytes.startswith(b"\xff\xfe")
    assert plan.fixed_bytes.decode("utf-16") == ARTICLE.replace("0001-x", "0002-y").replace(
        "3-14.\n", "3-14. https://doi.org/10.1016/j.cell.2019.02.001\n"
    )


def test_no_change_no_diff(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)

    assert unified_diff(plan_for(path)) == b""
