"""Network-free checks: what a document says about its own citations."""

from __future__ import annotations

from textwrap import dedent

from citecheck.judge.checks import check_document, claim_differences
from citecheck.models import Author, Claims, Document, Finding, FindingCode, Location, Severity
from citecheck.parsing import markdown
from citecheck.parsing.source import Source


def read(text: str) -> Document:
    return markdown.parse(Source(path="article.md", text=dedent(text).lstrip("\n")))


def findings(text: str) -> list[Finding]:
    return check_document(read(text))


def codes(text: str) -> list[tuple[str, int | None, str | None]]:
    return [
        (f.code.value, f.location.line if f.location else None, f.entry_label)
        for f in findings(text)
    ]


def test_a_clean_article_has_no_findings() -> None:
    assert (
        findings(
            """
            Chemokines guide cells [1], and tumours use them [2].

            ## References
            1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50. doi:10.1038/nrc1388
            2. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7. doi:10.1182/blood-2005-08-3182
            """
        )
        == []
    )


def test_markers_without_a_reference_list_give_one_error_that_counts_distinct_entries() -> None:
    found = findings(
        """
        Stromal cells secrete CXCL12 [1]. It attracts leukaemia cells [2,3]
        and supports their survival [3]. Antagonists block it [4–6].
        """
    )
    assert len(found) == 1
    finding = found[0]
    assert finding.code is FindingCode.NO_REFERENCE_LIST
    assert finding.severity is Severity.ERROR
    assert finding.location is not None
    assert (finding.location.line, finding.location.column) == (1, 30)
    assert "4 in-text citations point to 6 distinct entries" in finding.message
    assert finding.evidence_dict() == {"citations": "4", "distinct": "6"}


def test_a_marker_past_the_end_of_the_list_is_dangling_and_names_its_lines() -> None:
    found = findings(
        """
        First claim [1]. Second claim [3].
        Again [3].

        References
        1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50.
        2. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7.
        """
    )
    dangling = [f for f in found if f.code is FindingCode.DANGLING_CITATION]
    assert len(dangling) == 1
    assert dangling[0].entry_label == "3"
    assert dangling[0].location is not None and dangling[0].location.line == 1
    assert dangling[0].evidence_dict() == {"label": "3", "lines": "1, 2"}
    assert "entries 1–2" in dangling[0].message
    uncited = [f.entry_label for f in found if f.code is FindingCode.UNCITED_REFERENCE]
    assert uncited == ["2"]


def test_entries_no_marker_points_to_are_uncited_warnings() -> None:
    found = codes(
        """
        Only the first is cited [1].

        ## References
        - [Zhang et al., CXCL12 in the substantia nigra (2023)](https://doi.org/10.1016/j.nbd.2023.105860)
        - [Kaiser et al., CXCL12 and the barrier (2023)](https://pubmed.ncbi.nlm.nih.gov/36587234/)
        - [Norden et al., microglia in ALS (2024)](https://doi.org/10.1002/ana.26923)
        """
    )
    assert found == [
        ("uncited-reference", 5, "2"),
        ("uncited-reference", 6, "3"),
    ]


def test_a_bibliography_without_any_citation_in_the_text_reports_nothing_uncited() -> None:
    found = codes(
        """
        Further reading for the course.

        ## Bibliography
        1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50.
        2. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7.
        """
    )
    assert found == []


def test_one_pmid_linked_elsewhere_under_another_description_is_a_conflicting_claim() -> None:
    found = findings(
        """
        The axis matters [1].

        External links
        [Chemokine signalling in the brain, a review](https://pubmed.ncbi.nlm.nih.gov/34539445/)

        References
        [Bhatt et al., CXCR4 modulators for AD therapy (2022)](https://pubmed.ncbi.nlm.nih.gov/34539445/)
        """
    )
    conflict = [f for f in found if f.code is FindingCode.CONFLICTING_CLAIMS]
    assert len(conflict) == 1
    assert conflict[0].severity is Severity.WARNING  # only descriptions differ
    evidence = conflict[0].evidence_dict()
    assert evidence["identifier"] == "pmid:34539445"
    assert evidence["differs"] == "title"
    assert {evidence["first_line"], evidence["second_line"]} == {"4", "7"}
    assert "PMID 34539445 is cited with different title" in conflict[0].message


def test_one_doi_cited_with_different_first_authors_and_years_is_an_error() -> None:
    found = findings(
        """
        As shown before [1] and again [2].

        ## References
        1. Miller R, Chen L. CXCR4 antagonists in experimental Parkinson disease. Mov Disord. 2023;38(2):100-9. doi:10.1002/mds.28945
        2. Ortega P. CXCR4 antagonists in experimental Parkinson disease. Mov Disord. 2021;38(2):100-9. doi:10.1002/MDS.28945
        """
    )
    conflict = [f for f in found if f.code is FindingCode.CONFLICTING_CLAIMS]
    assert len(conflict) == 1
    assert conflict[0].severity is Severity.ERROR
    assert conflict[0].evidence_dict()["differs"] == "authors,year"
    assert conflict[0].entry_label == "2"
    # A conflict is not also reported as a duplicate.
    assert not [f for f in found if f.code is FindingCode.DUPLICATE_REFERENCE]


def test_the_same_work_linked_with_matching_claims_is_no_conflict() -> None:
    found = codes(
        """
        See [the AlphaFold paper](https://doi.org/10.1038/s41586-021-03819-2) and [1].

        ## References
        1. Jumper J, Evans R, Pritzel A, et al. Highly accurate protein structure prediction with AlphaFold. Nature. 2021;596(7873):583-9. doi:10.1038/s41586-021-03819-2
        """
    )
    assert found == []


def test_two_entries_with_the_same_doi_are_one_work_listed_twice() -> None:
    found = findings(
        """
        Cited [1] and [2].

        ## References
        1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44. doi:10.1038/nature14539
        2. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-444. https://doi.org/10.1038/nature14539
        """
    )
    assert [(f.code, f.entry_label) for f in found] == [(FindingCode.DUPLICATE_REFERENCE, "2")]
    assert "the same doi:10.1038/nature14539" in found[0].message
    assert found[0].evidence_dict() == {"first_entry": "1", "first_line": "4"}


def test_two_page_titles_that_are_the_same_paper_on_two_sites_are_duplicates() -> None:
    found = codes(
        """
        Binding mode [1][2].

        References
        - 1. Structural basis of the binding mode of an antineoplastic peptide in CXCR4 - PMC [pmc.ncbi.nlm.nih.gov]
        - 2. Structural basis of the binding mode of an antineoplastic peptide in CXCR4 - PubMed [pubmed.ncbi.nlm.nih.gov]
        """
    )
    assert found == [("duplicate-reference", 5, "2")]


def test_related_papers_with_similar_titles_are_not_duplicates() -> None:
    found = codes(
        """
        Two trials [1][2].

        References
        1. Plerixafor and G-CSF versus placebo and G-CSF to mobilize stem cells in multiple myeloma - PubMed [pubmed.ncbi.nlm.nih.gov]
        2. Plerixafor and G-CSF versus placebo and G-CSF to mobilize stem cells in non-Hodgkin lymphoma - PubMed [pubmed.ncbi.nlm.nih.gov]
        """
    )
    assert found == []


def test_a_bare_host_has_nothing_to_check_it_by_but_a_page_title_does() -> None:
    found = findings(
        """
        Sources vary [1][2].

        References
        - 1. mdpi.com [mdpi.com]
        - 2. Treatment options for metastatic breast cancer [healthline.com]
        """
    )
    assert [(f.code, f.entry_label, f.severity) for f in found] == [
        (FindingCode.NOTHING_TO_CHECK, "1", Severity.WARNING)
    ]
    assert "mdpi.com [mdpi.com]" in found[0].message


def test_malformed_identifiers_are_errors_at_their_place() -> None:
    found = findings(
        """
        A claim [1].

        ## References
        1. Smith J. A paper with a broken DOI. J Test. 2020;1:1-2. doi:10.1234/
        """
    )
    malformed = [f for f in found if f.code is FindingCode.MALFORMED_IDENTIFIER]
    assert len(malformed) == 1
    assert malformed[0].severity is Severity.ERROR
    assert malformed[0].location is not None and malformed[0].location.line == 4
    assert malformed[0].evidence_dict()["type"] == "doi"


def test_author_year_citations_point_to_entries_by_first_author_and_year() -> None:
    found = codes(
        """
        Chemokines organise metastasis (Müller et al., 2001; Balkwill 2004), and
        Smith and Jones (2019) disagree.

        ## References

        Balkwill, F. (2004). Cancer and the chemokine network. Nature Reviews Cancer, 4(7), 540–550.

        Muller, A., Homey, B., & Soto, H. (2001). Involvement of chemokine receptors in breast
        cancer metastasis. Nature, 410(6824), 50–56.

        Teicher, B. A., & Fricker, S. P. (2010). CXCL12 (SDF-1)/CXCR4 pathway in cancer.
        Clinical Cancer Research, 16(11), 2927–2931.
        """
    )
    assert found == [
        ("dangling-citation", 2, None),
        ("uncited-reference", 11, "3"),
    ]


def test_findings_come_in_file_order_and_carry_the_path() -> None:
    found = findings(
        """
        One [1]. Nine [9].

        ## References
        1. mdpi.com [mdpi.com]
        2. Smith J. Title here. J Test. 2020;1:1-2.
        """
    )
    lines = [f.location.line for f in found if f.location]
    assert lines == sorted(lines)
    assert {f.path for f in found} == {"article.md"}


def test_claims_differ_by_first_author_year_and_unrelated_titles_only() -> None:
    smith = Claims(authors=(Author("Smith"),), year=2020, title="CXCR4 in lung cancer")
    assert claim_differences(smith, smith) == []
    assert claim_differences(smith, Claims(authors=(Author("Smith"),), year=2021)) == ["year"]
    assert claim_differences(smith, Claims(authors=(Author("Jones"),))) == ["authors"]
    # A shorter wording of the same title is no conflict.
    assert claim_differences(smith, Claims(title="CXCR4 in lung cancer: a review")) == []
    assert claim_differences(smith, Claims(title="Gut microbiota and obesity")) == ["title"]
    # Accents and case do not make names differ.
    assert (
        claim_differences(Claims(authors=(Author("Müller"),)), Claims(authors=(Author("muller"),)))
        == []
    )


def test_a_reference_list_found_by_its_structure_is_noted_with_where_and_why() -> None:
    found = findings(
        """
        Chemokines guide cells [1], and tumours use them [2].

        ## Material consulted
        1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50. doi:10.1038/nrc1388
        2. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7.
        3. Müller A, Homey B. Chemokine receptors in breast cancer. Nature. 2001;410:50-6. PMID: 11242036
        """
    )

    notes = [f for f in found if f.code is FindingCode.REFERENCE_LIST_WITHOUT_HEADING]
    assert len(notes) == 1
    note = notes[0]
    assert note.severity is Severity.INFO
    assert note.location is not None and note.location.line == 3
    assert note.message == (
        "lines 4–6 (under the heading on line 3, which names no reference list) were taken "
        "for the reference list by the shape of their 3 entries: 2 with an identifier, "
        "3 with authors and a year, 2 pointed at by in-text citations"
    )
    assert note.evidence_dict() == {
        "first_line": "4",
        "last_line": "6",
        "entries": "3",
        "with_identifier": "2",
        "with_authors_and_year": "3",
        "cited": "2",
    }
    assert [f.code for f in found] == [
        FindingCode.REFERENCE_LIST_WITHOUT_HEADING,
        FindingCode.UNCITED_REFERENCE,
    ]


def test_a_reference_list_with_no_heading_at_all_is_noted_at_its_first_entry() -> None:
    found = findings(
        """
        Chemokines guide cells [1], and tumours use them [2] [3].

        1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50.
        2. Burger JA, Kipps TJ. CXCR4: a key receptor. Blood. 2006;107(5):1761-7.
        3. Müller A, Homey B. Chemokine receptors in breast cancer. Nature. 2001;410:50-6.
        """
    )

    assert [(f.code, f.location) for f in found] == [
        (FindingCode.REFERENCE_LIST_WITHOUT_HEADING, Location(3, 4))
    ]
    assert "lines 3–5 (with no heading)" in found[0].message


def test_a_reference_list_under_a_reference_heading_gets_no_note() -> None:
    found = findings(
        """
        Chemokines guide cells [1].

        ## Referencias
        1. Balkwill F. Cancer and the chemokine network. Nat Rev Cancer. 2004;4(7):540-50.
        """
    )

    assert found == []
