"""What every format shares: an edit is kept only when the edited file reads
back as intended; formats that are not edited, and characters a file's
encoding cannot hold, change nothing."""

from __future__ import annotations

from pathlib import Path

from fix_helpers import doi, entry_with, plan_for, suggesting, write

from citecheck.judge.verdicts import judge_entry
from citecheck.models import Lookup, LookupStatus, Record, Service

LINKS = """## References

[Zhang et al., CXCL12 in the substantia nigra (2023)](https://doi.org/10.1016/j.nbd.2023.105860)
[Miller et al., CXCR4 antagonists in models (2023)](https://doi.org/10.1002/mds.28945)
[Bhatt et al., CXCR4 modulators (2022)](https://pubmed.ncbi.nlm.nih.gov/34539445/)
"""


def test_an_edit_that_would_change_how_the_list_is_read_is_not_made(tmp_path: Path) -> None:
    # A list of one link a line: text after a link makes its line no such entry.
    path = write(tmp_path, "links.md", LINKS)
    entry = entry_with(path, "Bhatt")

    plan = plan_for(path, suggesting(entry, doi("10.1016/j.tips.2021.01.001")))

    assert plan.changes == ()
    assert plan.fixed_bytes == LINKS.encode()
    [skipped] = plan.skipped
    assert skipped.reason.startswith("it would change how the reference list is read")


def test_a_link_entrys_doi_is_still_replaced_in_its_url(tmp_path: Path) -> None:
    path = write(tmp_path, "links.md", LINKS)
    entry = entry_with(path, "Miller")

    plan = plan_for(
        path, suggesting(entry, doi("10.1002/mds.28946"), replaces=entry.identifiers[0])
    )

    assert plan.fixed_bytes.decode() == LINKS.replace("mds.28945", "mds.28946")


def test_jats_documents_are_not_edited(tmp_path: Path) -> None:
    article = (
        '<article><back><ref-list><ref id="r1"><element-citation>'
        "<article-title>Receptors in glia</article-title><year>2018</year>"
        "</element-citation></ref></ref-list></back></article>\n"
    )
    path = write(tmp_path, "article.nxml", article)
    entry = entry_with(path, "Receptors")

    plan = plan_for(path, suggesting(entry, doi("10.1126/science.aaa0001")))

    assert plan.changes == ()
    assert [s.reason for s in plan.skipped] == ["jats documents are not edited"]


def test_a_value_the_files_encoding_cannot_hold_is_not_written(tmp_path: Path) -> None:
    bib = (
        "@article{a,\n  author = {Smith, John},\n  title = {A study of chemokine receptors},\n"
        "  journal = {Natur},\n  year = {2020},\n  doi = {10.1038/s41586-020-0001-x},\n}\n"
        "% Müller\n"
    )
    path = write(tmp_path, "refs.bib", bib.encode("cp1252"))
    entry = entry_with(path, "Smith")
    record = Record(
        Service.CROSSREF,
        doi="10.1038/s41586-020-0001-x",
        title="A study of chemokine receptors",
        issued_year=2020,
        journal="Łódź Medical Journal",
    )
    identifier = entry.identifiers[0]
    verdict = judge_entry(
        entry,
        {identifier.key: Lookup(identifier, LookupStatus.FOUND, Service.CROSSREF, record=record)},
    )
    assert "journal 'Natur' is not the record's" in verdict.notes

    plan = plan_for(path, verdict, min_confidence=0.0)

    assert plan.changes == ()
    assert [s.reason for s in plan.skipped] == ["'Ł' cannot be written in cp1252"]


def test_a_bibtex_doi_in_the_doi_and_url_fields_is_replaced_in_both(tmp_path: Path) -> None:
    bib = (
        "@article{a,\n  title = {Receptors in glia},\n  doi = {10.1126/science.abc123},\n"
        "  url = {https://doi.org/10.1126/science.abc123},\n}\n"
    )
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "Receptors")

    plan = plan_for(
        path, suggesting(entry, doi("10.1126/science.abc124"), replaces=entry.identifiers[0])
    )

    assert plan.fixed_bytes.decode() == bib.replace("abc123", "abc124")
