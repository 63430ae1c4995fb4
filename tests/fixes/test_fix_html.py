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


WIKIPEDIA = """<div class="reflist"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span> <span class="reference-text"><cite class="citation journal">Smith J, Jones K (2020). "A study of chemokine receptors". <i>Nature</i>. <b>580</b>: 1–5.</cite></span></li>
<li id="cite_note-2"><span class="mw-cite-backlink"><b><a href="#cite_ref-2">^</a></b></span> <span class="reference-text"><cite class="citation journal">Lee A (2019). "Another study of microglia". <i>Cell</i>. <b>177</b>: 3–14. <a rel="nofollow" class="external text" href="https://doi.org/10.1016%2Fj.cell.2019.01.001">doi:10.1016/j.cell.2019.01.001</a></cite></span></li>
</ol></div>
"""


def test_a_wikipedia_doi_link_keeps_its_encoded_slash(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", WIKIPEDIA)
    entry = entry_with(path, "Lee A")

    text = fixed(
        path, suggesting(entry, doi("10.1016/j.cell.2019.01.002"), replaces=entry.identifiers[0])
    )

    assert text == WIKIPEDIA.replace("2019.01.001", "2019.01.002")


def test_a_wikipedia_entry_gets_its_link_after_the_citation(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", WIKIPEDIA)
    entry = entry_with(path, "Smith J")

    text = fixed(path, suggesting(entry, doi("10.1038/s41586-020-0001-x")))

    assert text == WIKIPEDIA.replace(
        "1–5.</cite></span></li>",
        '1–5.</cite></span> <a href="https://doi.org/10.1038/s41586-020-0001-x">'
        "doi:10.1038/s41586-020-0001-x</a></li>",
    )
