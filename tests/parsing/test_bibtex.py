"""The BibTeX reader: entries, claims and identifiers from a ``.bib`` file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.models import (
    Author,
    Document,
    Entry,
    EntryRole,
    Format,
    Identifier,
    IdentifierProblem,
    IdType,
    Location,
)
from citecheck.parsing import bibtex
from citecheck.parsing.source import Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bibtex"


def load(name: str) -> Source:
    path = FIXTURES / name
    return Source(path=str(path), text=path.read_text(encoding="utf-8"), sha256="abc", size=42)


def parse_text(text: str) -> Document:
    return bibtex.parse(Source(path="inline.bib", text=text))


def entry(document: Document, label: str) -> Entry:
    return next(e for e in document.entries if e.label == label)


def ids(item: Entry) -> list[str]:
    return [str(identifier) for identifier in item.identifiers]


@pytest.fixture(scope="module")
def library() -> Document:
    return bibtex.parse(load("library.bib"))


@pytest.fixture(scope="module")
def damaged() -> Document:
    return bibtex.parse(load("damaged.bib"))


# --- The document -------------------------------------------------------------------


def test_document_identity_comes_from_the_source(library: Document) -> None:
    assert library.path.endswith("library.bib")
    assert library.format is Format.BIBTEX
    assert (library.sha256, library.size) == ("abc", 42)
    assert library.citations == ()
    assert library.links == ()
    assert library.text_identifiers == ()
    assert library.reference_heading is None


def test_every_entry_is_read_in_order_and_comments_preamble_strings_are_not(
    library: Document,
) -> None:
    assert [e.label for e in library.entries] == [
        "watson1953",
        "lecun2015",
        "hinton2006",
        "he2016",
        "vaswani2017",
        "jumper2021",
        "goedel1931",
        "erdos1959",
        "vandermaaten2008",
        "knuth1997",
        "who2023",
        "zhou2020",
        "beigel2020",
        "broken2019",
    ]
    assert [e.number for e in library.entries] == list(range(1, 15))
    assert all(e.role is EntryRole.REFERENCE for e in library.entries)


def test_entry_location_is_the_at_sign_and_end_line_the_closing_brace(library: Document) -> None:
    watson = entry(library, "watson1953")
    assert watson.location == Location(11, 1)
    assert watson.end_line == 22
    assert watson.raw.startswith("@article{watson1953,")
    assert watson.raw.endswith("}")
    assert entry(library, "broken2019").location == Location(152, 1)


def test_parenthesised_entry(library: Document) -> None:
    hinton = entry(library, "hinton2006")
    assert hinton.location == Location(37, 1)
    assert hinton.end_line == 46
    assert hinton.raw.endswith(")")
    assert hinton.claims.journal == "Science"  # from the @String{science = ...} macro
    assert ids(hinton) == ["doi:10.1126/science.1127647"]


# --- Claims ---------------------------------------------------------------------------


def test_claims_of_a_journal_article(library: Document) -> None:
    claims = entry(library, "watson1953").claims
    assert claims.authors == (Author("Watson", "J. D."), Author("Crick", "F. H. C."))
    assert not claims.et_al
    assert claims.year == 1953
    assert claims.title == (
        "Molecular Structure of Nucleic Acids: A Structure for Deoxyribose Nucleic Acid"
    )
    assert claims.journal == "Nature"  # the @string macro
    assert (claims.volume, claims.issue, claims.pages) == ("171", "4356", "737–738")


def test_first_last_names_and_quoted_values(library: Document) -> None:
    claims = entry(library, "lecun2015").claims
    assert claims.authors == (
        Author("LeCun", "Yann"),
        Author("Bengio", "Yoshua"),
        Author("Hinton", "Geoffrey"),
    )
    assert (claims.year, claims.title, claims.pages) == (2015, "Deep learning", "436–444")


def test_von_particle_belongs_to_the_family_name(library: Document) -> None:
    authors = entry(library, "vandermaaten2008").claims.authors
    assert authors == (Author("van der Maaten", "Laurens"), Author("Hinton", "Geoffrey"))


def test_and_others_means_et_al(library: Document) -> None:
    claims = entry(library, "jumper2021").claims
    assert claims.et_al
    assert [a.family for a in claims.authors] == ["Jumper", "Evans", "Pritzel"]
    assert claims.title == "Highly accurate protein structure prediction with AlphaFold"


def test_braced_name_is_an_organisation(library: Document) -> None:
    claims = entry(library, "who2023").claims
    assert claims.authors == (Author("World Health Organization", is_organisation=True),)


def test_latex_accents_in_names_titles_and_journals(library: Document) -> None:
    # the conversion itself is specified in test_latex.py
    goedel = entry(library, "goedel1931").claims
    assert goedel.authors == (Author("Gödel", "Kurt"),)
    assert goedel.title == (
        "Über formal unentscheidbare Sätze der Principia Mathematica und verwandter Systeme I"
    )
    assert goedel.journal == "Monatshefte für Mathematik und Physik"
    erdos = entry(library, "erdos1959").claims
    assert erdos.authors == (Author("Erdős", "Paul"), Author("Rényi", "Alfréd"))
    assert entry(library, "beigel2020").claims.title == (
        "Remdesivir for the Treatment of Covid-19 — Final Report"
    )


def test_booktitle_is_the_venue_of_a_conference_paper(library: Document) -> None:
    claims = entry(library, "he2016").claims
    assert claims.journal == (
        "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert claims.pages == "770–778"


def test_biblatex_journaltitle_and_date(library: Document) -> None:
    claims = entry(library, "zhou2020").claims
    assert claims.journal == "The Lancet"
    assert claims.year == 2020


def test_unknown_fields_stay_empty(library: Document) -> None:
    knuth = entry(library, "knuth1997").claims
    assert knuth.journal is None  # a book has no journal, and the publisher is not one
    assert (knuth.volume, knuth.issue, knuth.pages) == (None, None, None)
    assert entry(library, "vaswani2017").claims.journal is None


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("King, Jr., Martin Luther", (Author("King", "Martin Luther"),)),
        ("Ludwig van Beethoven", (Author("van Beethoven", "Ludwig"),)),
        ("de la Cruz, Juana", (Author("de la Cruz", "Juana"),)),
        ("{Barnes and Noble}", (Author("Barnes and Noble", is_organisation=True),)),
        ("Smith, J. AND Jones, K.", (Author("Smith", "J."), Author("Jones", "K."))),
        ("Plato", (Author("Plato"),)),
        (r"J.~Smith and Mu\~noz, Ana", (Author("Smith", "J."), Author("Muñoz", "Ana"))),
    ],
)
def test_author_name_forms(author: str, expected: tuple[Author, ...]) -> None:
    document = parse_text(f"@article{{k, author = {{{author}}}}}")
    assert document.entries[0].claims.authors == expected


@pytest.mark.parametrize(
    ("fields", "year"),
    [
        ("year = 1999", 1999),
        ("year = {2019a}", 2019),
        ("year = {in press}", None),
        ("year = {0999}", None),
        ("year = {3000}", None),
        ("date = {2020-05-01}", 2020),
        ("date = {2021}", 2021),
        ("year = {2018}, date = {2020-05-01}", 2018),
    ],
)
def test_year_is_a_plausible_four_digit_year(fields: str, year: int | None) -> None:
    assert parse_text(f"@article{{k, {fields}}}").entries[0].claims.year == year


def test_string_macros_concatenate_with_quoted_and_braced_parts() -> None:
    document = parse_text(
        '@string{nat = "Nature"}\n@STRING(rev = nat # " Reviews")\n'
        '@article{k, journal = rev # { } # "Genetics", note = "x" # jan}'
    )
    assert document.entries[0].claims.journal == "Nature Reviews Genetics"


# --- Identifiers ------------------------------------------------------------------------


def test_identifier_fields(library: Document) -> None:
    assert ids(entry(library, "watson1953")) == ["doi:10.1038/171737a0", "pmid:13054692"]
    assert ids(entry(library, "jumper2021")) == [
        "doi:10.1038/s41586-021-03819-2",
        "pmcid:PMC8371605",
    ]
    assert ids(entry(library, "knuth1997")) == ["isbn:9780201896831"]


def test_identifier_locations_point_at_the_field_values(library: Document) -> None:
    doi, pmid = entry(library, "watson1953").identifiers
    assert doi.location == Location(20, 16)
    assert pmid.location == Location(21, 16)


def test_doi_url_in_doi_and_url_fields_is_one_identifier(library: Document) -> None:
    lecun = entry(library, "lecun2015")
    assert ids(lecun) == ["doi:10.1038/nature14539", "pmid:26017442"]
    assert lecun.url == "https://doi.org/10.1038/nature14539"


def test_pmid_in_a_concatenated_note_is_found(library: Document) -> None:
    pmid = entry(library, "lecun2015").identifiers[1]
    assert pmid.type is IdType.PMID
    assert pmid.location == Location(34, 14)


def test_arxiv_eprints(library: Document) -> None:
    assert ids(entry(library, "he2016")) == ["doi:10.1109/CVPR.2016.90", "arxiv:1512.03385"]
    assert ids(entry(library, "vaswani2017")) == ["arxiv:1706.03762"]


def test_eprint_without_an_arxiv_prefix_is_not_taken_for_arxiv() -> None:
    document = parse_text("@misc{k, eprint = {1706.03762}}")
    assert document.entries[0].identifiers == ()


def test_url_without_an_identifier_is_kept_as_url_only(library: Document) -> None:
    item = entry(library, "vandermaaten2008")
    assert item.identifiers == ()
    assert item.url == "http://jmlr.org/papers/v9/vandermaaten08a.html"


def test_trial_number_in_howpublished_url(library: Document) -> None:
    nct = entry(library, "beigel2020").identifiers[-1]
    assert str(nct) == "nct:NCT04280705"
    assert nct.location is not None and nct.location.line == 149


def test_escaped_underscore_in_a_doi() -> None:
    document = parse_text(r"@article{k, doi = {10.1000/abc\_def}}")
    assert ids(document.entries[0]) == ["doi:10.1000/abc_def"]


def test_malformed_doi_is_a_problem_not_an_identifier(library: Document) -> None:
    assert entry(library, "broken2019").identifiers == ()
    assert library.identifier_problems == (
        IdentifierProblem(
            type=IdType.DOI,
            raw="10.1234/",
            reason=library.identifier_problems[0].reason,
            location=Location(157, 13),
        ),
    )


def test_valid_and_malformed_identifiers_of_one_entry_are_both_kept() -> None:
    document = parse_text("@article{k,\n  doi = {10.1234/},\n  pmid = {26017442}\n}")
    assert ids(document.entries[0]) == ["pmid:26017442"]
    [problem] = document.identifier_problems
    assert problem.type is IdType.DOI
    assert problem.location == Location(2, 10)


def test_identifiers_are_deduplicated_within_an_entry() -> None:
    document = parse_text(
        "@article{k, doi = {10.1038/NATURE14539}, url = {https://doi.org/10.1038/nature14539},"
        " note = {doi:10.1038/nature14539}}"
    )
    identifiers = document.entries[0].identifiers
    assert identifiers == (Identifier(IdType.DOI, "10.1038/NATURE14539"),)


# --- Damaged input ------------------------------------------------------------------------


def test_damaged_file_keeps_every_readable_entry(damaged: Document) -> None:
    assert [e.label for e in damaged.entries] == [
        "complete1",
        "unterminated2",
        "after3",
        "",
        "nested4",
        "last5",
    ]


def test_unterminated_entry_ends_where_the_next_entry_begins(damaged: Document) -> None:
    broken = entry(damaged, "unterminated2")
    assert broken.location == Location(11, 1)
    assert broken.end_line == 15
    assert broken.claims.authors == (Author("Ioannidis", "John P. A."),)
    assert broken.claims.title is None  # its value never closed
    after = entry(damaged, "after3")
    assert after.location == Location(21, 1)
    assert after.claims.et_al
    assert ids(after) == ["pmid:16625125"]


def test_comment_hides_the_entry_inside_it(damaged: Document) -> None:
    assert "commented" not in [e.label for e in damaged.entries]


def test_junk_and_stray_text_inside_an_entry_are_skipped(damaged: Document) -> None:
    nested = entry(damaged, "nested4")
    assert nested.claims.title == "The nested braces are kept as text"
    assert nested.claims.year is None
    assert nested.claims.volume == "12"


def test_entry_running_to_the_end_of_the_file_keeps_its_fields(damaged: Document) -> None:
    last = entry(damaged, "last5")
    assert last.claims.title == "Ends without a closing brace"
    assert ids(last) == ["doi:10.1371/journal.pmed.0020124"]
    assert last.end_line == 38


def test_empty_and_entry_free_text() -> None:
    assert parse_text("").entries == ()
    assert parse_text("no entries, only an e-mail: a@b.org and @ signs").entries == ()


# --- Never raises -------------------------------------------------------------------------

BIB_ALPHABET = st.sampled_from([*"@{}()\"=#,\\ \n%~-_$^'`", "article", "and", "a", "0"])
bibtex_like = st.lists(BIB_ALPHABET, max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), bibtex_like))
def test_arbitrary_text_never_raises(text: str) -> None:
    document = parse_text(text)
    assert document.format is Format.BIBTEX


LIBRARY_TEXT = load("library.bib").text


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(LIBRARY_TEXT)),
    st.integers(min_value=0, max_value=40),
    st.one_of(st.text(max_size=40), bibtex_like),
)
def test_text_spliced_into_a_valid_file_never_raises(at: int, cut: int, insert: str) -> None:
    text = LIBRARY_TEXT[:at] + insert + LIBRARY_TEXT[at + cut :]
    document = parse_text(text)
    for item in document.entries:
        assert item.location.line >= 1
