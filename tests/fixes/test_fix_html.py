"""Corrections in HTML: inside the entry's element, escaped for HTML; an
identifier added as a link before the element's end tag."""

from __future__ import annotations

from pathlib import Path

from fix_helpers import doi, entry_with, fixed, plan_for, suggesting, write

PAGE = """<html><body>
<h2>References</h2>
<ol>
  <li>Smith J, Jones K. A study of chemokine receptors. <i>Nature</i>. 2020;580:1-5. <a href="https://doi.org/10.1038/s41586-020-0001-x">doi:10.1038/s41586-020-0001-x</a></li>
  <li>Lee A, Park S. Another study of microglia &amp; astrocytes. Cell. 2019;177:3-14.
  </li>
  <li>Kim B. Receptors in glia. Science. 2018;360:2-9.
</ol>
</body></html>
"""


def test_a_wrong_doi_is_replaced_in_the_link_target_and_its_text(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE)
    entry = entry_with(path, "Smith J")

    text = fixed(
        path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=entry.identifiers[0])
    )

    assert text == PAGE.replace("0001-x", "0002-y")


def test_a_doi_is_added_as_a_link_before_the_end_tag(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE)
    entry = entry_with(path, "Lee A")

    text = fixed(path, suggesting(entry, doi("10.1016/j.cell.2019.02.001")))

    assert text == PAGE.replace(
        "Cell. 2019;177:3-14.\n  </li>",
        'Cell. 2019;177:3-14. <a href="https://doi.org/10.1016/j.cell.2019.02.001">'
        "doi:10.1016/j.cell.2019.02.001</a>\n  </li>",
    )


def test_what_html_cannot_hold_as_it_is_is_escaped(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE)
    entry = entry_with(path, "Lee A")
    sici = "10.1002/(SICI)1097-4636(199603)31:3<301::AID-JBM2>3.0.CO;2-N"

    plan = plan_for(path, suggesting(entry, doi(sici)))

    [change] = plan.changes
    assert change.edits[0].new == (
        ' <a href="https://doi.org/10.1002/(SICI)1097-4636(199603)31:3%3C301::AID-JBM2%3E3.0.CO;2-N">'
        "doi:10.1002/(SICI)1097-4636(199603)31:3&lt;301::AID-JBM2&gt;3.0.CO;2-N</a>"
    )


def test_an_element_without_its_end_tag_is_not_edited(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE)
    entry = entry_with(path, "Kim B")

    plan = plan_for(path, suggesting(entry, doi("10.1126/science.aaa0001")))

    assert plan.changes == ()
    assert [s.reason for s in plan.skipped] == ["no element with an end tag holds the entry"]
