"""--write makes the changes in place, whole or not at all, and never over a
file that changed since it was read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fix_helpers import doi, entry_with, plan_for, suggesting, write

from citecheck.errors import FixRefused
from citecheck.fixes import OriginalFile, plan_fixes, write_fixed
from citecheck.parsing import read_document
from citecheck.results import DocumentAudit

ARTICLE = (
    "## References\r\n\r\n1. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.\r\n"
)
FIXED = ARTICLE.replace("3-14.\r\n", "3-14. https://doi.org/10.1016/j.cell.2019.02.001\r\n")


def test_the_file_gets_exactly_the_planned_bytes_and_keeps_its_mode(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    path.chmod(0o640)
    plan = plan_for(path, suggesting(entry_with(path, "Lee A"), doi("10.1016/j.cell.2019.02.001")))

    assert write_fixed(plan) is True

    assert path.read_bytes() == FIXED.encode()
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.md"]


def test_a_file_changed_after_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    plan = plan_for(path, suggesting(entry_with(path, "Lee A"), doi("10.1016/j.cell.2019.02.001")))
    path.write_bytes(b"## References\n\nSomeone else's edit.\n")

    with pytest.raises(FixRefused, match="the file changed since it was read: not written"):
        write_fixed(plan)

    assert path.read_bytes() == b"## References\n\nSomeone else's edit.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.md"]


def test_a_file_changed_since_it_was_audited_gets_no_plan(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    audited = read_document(path)
    entry = entry_with(path, "Lee A")
    path.write_bytes(ARTICLE.replace("Lee A", "Lee B").encode())

    with pytest.raises(FixRefused, match="the file changed since it was audited"):
        plan_fixes(
            DocumentAudit(audited, (), (suggesting(entry, doi("10.1016/j.cell.2019.02.001")),)),
            OriginalFile.read(path),
        )


def test_nothing_to_change_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    os.utime(path, (1_000_000, 1_000_000))

    assert write_fixed(plan_for(path)) is False

    assert path.stat().st_mtime == 1_000_000
    assert path.read_bytes() == ARTICLE.encode()
