"""Corrections in BibTeX: identifier fields replaced or added in the entry's
own style, and the fields a metadata-mismatch shows wrong set from the record."""

from __future__ import annotations

from pathlib import Path

from fix_helpers import doi, entry_with, fixed, plan_for, pmid, suggesting, write

from citecheck.judge.verdicts import judge_entry
from citecheck.models import (
    Author,
    ChangeKind,
    Entry,
    Lookup,
    LookupStatus,
    Record,
    Service,
    Verdict,
)

BIB = """@article{smith2020,
  author  = {Smith, John and Jones, Kate},
  title   = {{A study of chemokine receptors}},
  journal = {Nature},
  year    = {2017},
  volume  = {580},
  pages   = {1--5},
  doi     = {10.1038/s41586-020-0001-x}
}

@ARTICLE{lee2019,
  AUTHOR = "Lee, Ann and Park, Sun",
  TITLE = "Another study of microglia",
  JOURNAL = "Cell",
  YEAR = 2019,
}

@article{kim2018, author={Kim, Bo}, title={Receptors in glia}, year=2018, pmid={0012345}}
"""

RECORD = Record(
    Service.CROSSREF,
    doi="10.1038/s41586-020-0001-x",
    title="A study of chemokine receptors",
    authors=(Author("Smith", "John"), Author("Jones", "Kate")),
    issued_year=2020,
    journal="Nature",
    volume="581",
    pages="10-15",
)


def judged(entry: Entry, record: Record) -> Verdict:
    """The real judge's verdict on ``entry`` when its DOI resolves to ``record``."""
    identifier = entry.identifiers[0]
    lookup = Lookup(identifier, LookupStatus.FOUND, Service.CROSSREF, record=record)
    return judge_entry(entry, {identifier.key: lookup})


def test_a_wrong_doi_field_gets_the_right_doi(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "smith2020")

    text = fixed(
        path, suggesting(entry, doi("10.1038/s41586-020-0002-y"), replaces=entry.identifiers[0])
    )

    assert text == BIB.replace("0001-x}", "0002-y}")


def test_a_wrong_pmid_field_gets_the_right_pmid_leading_zeros_and_all(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "kim2018")

    text = fixed(path, suggesting(entry, pmid("29999999"), replaces=entry.identifiers[0]))

    assert text == BIB.replace("pmid={0012345}", "pmid={29999999}")


def test_a_doi_field_is_added_in_the_entrys_style(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "lee2019")

    text = fixed(path, suggesting(entry, doi("10.1016/j.cell.2019.02.001")))

    # Upper-case names, quotes, its spacing, its indentation, a trailing comma.
    assert text == BIB.replace(
        "  YEAR = 2019,\n}", '  YEAR = 2019,\n  DOI = "10.1016/j.cell.2019.02.001",\n}'
    )


def test_a_field_added_after_a_last_field_without_comma_gets_one(tmp_path: Path) -> None:
    bib = "@article{a,\n    title = {Receptors in glia},\n    year = 2018\n}\n"
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "Receptors")

    text = fixed(path, suggesting(entry, doi("10.1126/science.aaa0001")))

    assert text == (
        "@article{a,\n    title = {Receptors in glia},\n    year = 2018,\n"
        "    doi = {10.1126/science.aaa0001}\n}\n"
    )


def test_aligned_equals_signs_stay_aligned(tmp_path: Path) -> None:
    bib = "@article{a,\n  title     = {Receptors in glia},\n  year      = {2018},\n}\n"
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "Receptors")

    text = fixed(path, suggesting(entry, doi("10.1126/science.aaa0001")))

    assert text.endswith("  year      = {2018},\n  doi       = {10.1126/science.aaa0001},\n}\n")


def test_an_entry_on_one_line_gets_its_field_on_that_line(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "kim2018")

    text = fixed(path, suggesting(entry, doi("10.1126/science.aaa0001"), code=None))

    assert "pmid={0012345}, doi={10.1126/science.aaa0001}}\n" in text


def test_fields_a_mismatch_shows_wrong_are_set_from_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "smith2020")
    verdict = judged(entry, RECORD)
    assert "the volume differs" in verdict.notes

    plan = plan_for(path, verdict)

    assert plan.fixed_bytes.decode() == BIB.replace("{2017}", "{2020}").replace(
        "{580}", "{581}"
    ).replace("{1--5}", "{10--15}")
    assert sorted((c.kind, c.summary) for c in plan.changes) == [
        (ChangeKind.CORRECT_FIELD, "set pages to '10-15'"),
        (ChangeKind.CORRECT_FIELD, "set volume to '581'"),
        (ChangeKind.CORRECT_FIELD, "set year to '2020'"),
    ]
    year = next(c for c in plan.changes if "year" in c.summary)
    assert year.evidence[0] == "year 2017, the record says 2020"


def test_a_difference_the_verdict_did_not_report_is_not_corrected(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "smith2020")
    verdict = judged(entry, RECORD)
    only_pages = Verdict(
        verdict.code,
        verdict.severity,
        verdict.message,
        verdict.entry_label,
        verdict.location,
        identifier=verdict.identifier,
        record=verdict.record,
        notes=("the pages differ",),
    )

    plan = plan_for(path, only_pages)

    assert [c.summary for c in plan.changes] == ["set pages to '10-15'"]


def test_field_corrections_need_the_confidence_too(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", BIB)
    entry = entry_with(path, "smith2020")

    plan = plan_for(path, judged(entry, RECORD), min_confidence=1.0)

    assert plan.changes == ()
    assert all(s.reason.startswith("confidence ") for s in plan.skipped)
    assert len(plan.skipped) == 3


def test_a_field_built_from_macros_is_not_corrected(tmp_path: Path) -> None:
    bib = BIB.replace("@article{smith2020", '@string{vol = "580"}\n@article{smith2020').replace(
        "{580}", "vol"
    )
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "smith2020")

    plan = plan_for(path, judged(entry, RECORD))

    assert [s.reason for s in plan.skipped] == ["the volume field is built from @string macros"]
    assert sorted(c.summary for c in plan.changes) == ["set pages to '10-15'", "set year to '2020'"]


def test_a_wrong_author_list_is_written_from_the_record(tmp_path: Path) -> None:
    bib = (
        "@article{a,\n  author = {Doe, Jane and Roe, Richard},\n"
        "  title = {A study of chemokine receptors},\n  journal = {Nature},\n"
        "  year = {2020},\n  doi = {10.1038/s41586-020-0001-x},\n}\n"
    )
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "Doe")
    record = Record(
        Service.CROSSREF,
        doi="10.1038/s41586-020-0001-x",
        title="A study of chemokine receptors",
        authors=(Author("Smith", "John"), Author("Jones", "Kate"), Author("Müller & Co", "", True)),
        issued_year=2020,
        journal="Nature",
    )
    verdict = judged(entry, record)

    text = fixed(path, verdict, min_confidence=0.0)

    assert "  author = {Smith, John and Jones, Kate and {Müller \\& Co}},\n" in text


def test_an_empty_doi_field_is_filled_in(tmp_path: Path) -> None:
    bib = "@article{a,\n  title = {Receptors in glia},\n  doi = {},\n  year = 2018,\n}\n"
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "Receptors")

    text = fixed(path, suggesting(entry, doi("10.1126/science.aaa0001")))

    assert text == bib.replace("doi = {}", "doi = {10.1126/science.aaa0001}")


def test_a_doi_field_that_holds_no_doi_is_not_given_a_second_one(tmp_path: Path) -> None:
    bib = "@article{a,\n  title = {Receptors in glia},\n  doi = {see publisher},\n}\n"
    path = write(tmp_path, "refs.bib", bib)
    entry = entry_with(path, "Receptors")

    plan = plan_for(path, suggesting(entry, doi("10.1126/science.aaa0001")))

    assert plan.changes == ()
    assert [s.reason for s in plan.skipped] == [
        "the entry has a doi field already ({see publisher}), "
        "and it is no DOI 10.1126/science.aaa0001"
    ]
