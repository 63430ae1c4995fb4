"""Corrections in Markdown: the wrong identifier replaced where and as it is
written, an identifier added at the end of its entry, nothing else touched."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from fix_helpers import doi, entry_with, fixed, plan_for, pmid, suggesting, write

from citecheck.models import ChangeKind, Location
from citecheck.parsing import read_document

ARTICLE = """# CXCR4 in the brain

As shown before [1], and again [2].

## References

1. Smith J, Jones K. A study of chemokine receptors. Nature. 2020;580:1-5. https://doi.org/10.1038/s41586-020-0001-x
2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.
3. Kim B. Receptors in glia. Science. 2018;360:2-9. doi:10.1038/s41586-020-0001-x
"""


def test_a_wrong_doi_in_a_doi_org_link_is_replaced_and_the_url_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Smith J")
    wrong = entry.identifiers[0]

    text = fixed(path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=wrong))

    assert text == ARTICLE.replace(
        "2020;580:1-5. https://doi.org/10.1038/s41586-020-0001-x",
        "2020;580:1-5. https://doi.org/10.1038/s41586-020-0002-y",
    )


def test_the_same_wrong_doi_in_another_entry_is_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Smith J")

    text = fixed(
        path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=entry.identifiers[0])
    )

    assert "Science. 2018;360:2-9. doi:10.1038/s41586-020-0001-x\n" in text


def test_a_doi_written_twice_in_one_entry_is_replaced_in_both_places(tmp_path: Path) -> None:
    article = (
        "## References\n\n"
        "1. Smith J. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "[doi:10.1038/s41586-020-0001-x](https://doi.org/10.1038/s41586-020-0001-x)\n"
    )
    path = write(tmp_path, "article.md", article)
    entry = entry_with(path, "Smith J")

    plan = plan_for(
        path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=entry.identifiers[0])
    )

    assert plan.fixed_bytes.decode() == article.replace("0001-x", "0002-y")
    [change] = plan.changes
    assert change.kind is ChangeKind.REPLACE_IDENTIFIER
    assert [edit.old for edit in change.edits] == ["10.1038/s41586-020-0001-x"] * 2


def test_a_doi_found_by_search_is_added_at_the_end_of_its_entry(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Lee A")

    plan = plan_for(path, suggesting(entry, doi("10.1016/j.cell.2019.02.001")))

    assert plan.fixed_bytes.decode() == ARTICLE.replace(
        "Cell. 2019;177:3-14.\n",
        "Cell. 2019;177:3-14. https://doi.org/10.1016/j.cell.2019.02.001\n",
    )
    [change] = plan.changes
    assert (change.line, change.end_line, change.kind) == (8, 8, ChangeKind.ADD_IDENTIFIER)
    assert change.old == "2. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14."
    assert change.new == change.old + " https://doi.org/10.1016/j.cell.2019.02.001"
    assert change.summary == "add DOI 10.1016/j.cell.2019.02.001"
    assert change.evidence == (
        "doi:10.1016/j.cell.2019.02.001 is 'The right work', the work the entry describes",
    )


def test_a_pmid_is_added_as_pmid_colon_n(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Lee A")

    text = fixed(path, suggesting(entry, pmid("30827681")))

    assert "Cell. 2019;177:3-14. PMID: 30827681\n" in text


def test_a_doi_that_a_url_cannot_hold_as_it_is_is_percent_encoded(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Lee A")

    text = fixed(path, suggesting(entry, doi("10.1000/a#b?c d")))

    assert "Cell. 2019;177:3-14. https://doi.org/10.1000/a%23b%3Fc%20d\n" in text


def test_a_typo_is_listed_first_in_the_evidence(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Smith J")
    verdict = suggesting(
        entry,
        doi("10.1038/s41586-020-0001-y"),
        replaces=entry.identifiers[0],
        typo="one character differs",
    )

    [change] = plan_for(path, verdict).changes

    assert change.evidence[0] == "one character differs"


def test_an_entry_whose_text_is_not_where_the_reader_put_it_is_not_changed(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Lee A")
    # As if the reader had placed it a line off: its text is not there.
    moved = dataclasses.replace(entry, location=Location(7, 4))
    document = read_document(path)
    document = dataclasses.replace(
        document, entries=tuple(moved if e == entry else e for e in document.entries)
    )

    plan = plan_for(path, suggesting(moved, doi("10.1016/j.cell.2019.02.001")), document=document)

    assert plan.changes == ()
    assert plan.fixed_bytes == ARTICLE.encode()
    [skipped] = plan.skipped
    assert skipped.reason == "the entry's text is not where the reader found it"


def test_a_percent_encoded_wrong_doi_is_replaced_encoded_as_it_was(tmp_path: Path) -> None:
    article = (
        "## References\n\n"
        "1. Smith J. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "https://doi.org/10.1038%2Fs41586-020-0001-x\n"
    )
    path = write(tmp_path, "article.md", article)
    entry = entry_with(path, "Smith J")

    text = fixed(
        path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=entry.identifiers[0])
    )

    assert text == article.replace("0001-x", "0002-y")


def test_a_doi_broken_by_an_invisible_character_is_not_replaced_halfway(tmp_path: Path) -> None:
    # A soft hyphen inside: the reader sees through it, an exact edit cannot.
    article = (
        "## References\n\n"
        "1. Smith J. A study of chemokine receptors. Nature. 2020;580:1-5. "
        "doi:10.1038/s41586-020-\u00ad0001-x\n"
    )
    path = write(tmp_path, "article.md", article)
    entry = entry_with(path, "Smith J")

    plan = plan_for(
        path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=entry.identifiers[0])
    )

    assert plan.changes == ()
    [skipped] = plan.skipped
    assert skipped.reason.startswith("DOI 10.1038/s41586-020-0001-x is not written plainly")


def test_a_suggestion_the_entry_already_carries_changes_and_lists_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Smith J")

    plan = plan_for(path, suggesting(entry, entry.identifiers[0]))

    assert (plan.changes, plan.skipped) == ((), ())
