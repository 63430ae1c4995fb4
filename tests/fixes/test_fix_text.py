"""Corrections in plain text (a PDF's reference list): entries wrapped over
lines keep their lines, an identifier is added after the last one."""

from __future__ import annotations

from pathlib import Path

from fix_helpers import doi, entry_with, fixed, plan_for, pmid, suggesting, write

LIST = """Some text citing [1] and [2].

References

[1] Smith J, Jones K. A study of chemokine receptors in the
    developing brain. Nature. 2020;580:1-5. PMID: 31234567
[2] Lee A, Park S. Another study of microglia and astrocytes in
    culture. Cell. 2019;177:3-14.
[3] Kim B. Receptors in glia. Science. 2018;360:2-9.
"""


def test_a_wrong_pmid_is_replaced_on_the_line_that_holds_it(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.txt", LIST)
    entry = entry_with(path, "Smith J")

    plan = plan_for(path, suggesting(entry, pmid("31234568"), replaces=entry.identifiers[0]))

    assert plan.fixed_bytes.decode() == LIST.replace("PMID: 31234567", "PMID: 31234568")
    [change] = plan.changes
    assert (change.line, change.end_line) == (6, 6)


def test_a_doi_is_added_at_the_end_of_a_wrapped_entrys_last_line(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.txt", LIST)
    entry = entry_with(path, "Lee A")
    assert entry.end_line == 8

    text = fixed(path, suggesting(entry, doi("10.1016/j.cell.2019.02.001")))

    assert text == LIST.replace(
        "culture. Cell. 2019;177:3-14.\n",
        "culture. Cell. 2019;177:3-14. https://doi.org/10.1016/j.cell.2019.02.001\n",
    )
