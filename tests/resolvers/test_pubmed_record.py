"""Reading PubMed efetch answers into records: every mapping rule, NCBI
errors next to the records, and bodies that are no answer at all.

How a body is read offline (the expat pre-check, the DOCTYPE, Biopython
kept off the network) is specified in ``test_entrez_xml.py``; the properties
here check that no body reaches the network through :func:`parse_efetch`
either."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.models import Author, Notice, NoticeKind, Record, Service, WorkType
from citecheck.resolvers.pubmed_record import (
    EfetchResult,
    MalformedResponse,
    parse_efetch,
    record_from_article,
)

Body = Callable[[str], bytes]
Read = Callable[..., EfetchResult]
Only = Callable[[str], Record]
Tripwire = Callable[[], AbstractContextManager[list[str]]]


@pytest.fixture(scope="session")
def read(pubmed_body: Body) -> Read:
    """``tests/fixtures/pubmed/<name>`` read by :func:`parse_efetch`."""
    return lambda name, **kwargs: parse_efetch(pubmed_body(name), **kwargs)


@pytest.fixture(scope="session")
def only(read: Read) -> Only:
    """The one record in ``tests/fixtures/pubmed/<name>``."""

    def only_record(name: str) -> Record:
        (record,) = read(name).records.values()
        return record

    return only_record


# --------------------------------------------------------------------------
# Mapping rules, field by field


def test_a_research_article_gives_every_field(only: Only) -> None:
    assert only("article.xml") == Record(
        service=Service.PUBMED,
        doi="10.1056/nejmoa2021436",
        pmid="32678530",
        pmcid="PMC7383595",
        title="Dexamethasone in Hospitalized Patients with Covid-19",
        subtitle=None,
        authors=(
            Author("RECOVERY Collaborative Group", is_organisation=True),
            Author("Horby", "Peter", orcid="0000-0002-1825-0097"),
            Author("Lim", "Wei Shen"),
            Author("Emberson", "Jonathan R", orcid="0000-0001-5109-370X"),
            Author("Mafham", "Marion", orcid="0000-0002-1694-233X"),
            Author("Haynes", "R"),
            Author("Landray", "Martin J"),
        ),
        issued_year=2020,
        print_year=2021,
        online_year=2020,
        journal="The New England journal of medicine",
        journal_abbreviations=("N Engl J Med",),
        volume="384",
        issue="8",
        pages="693-704",
        article_number=None,
        type=WorkType.JOURNAL_ARTICLE,
        type_label="Journal Article",
        notices=(),
    )


def test_authors_marked_not_valid_are_skipped(only: Only) -> None:
    families = [author.family for author in only("article.xml").authors]
    assert "Landry" not in families
    assert families[-1] == "Landray"


def test_orcids_in_url_bare_and_lower_case_forms_are_normalised(only: Only) -> None:
    orcids = {a.family: a.orcid for a in only("article.xml").authors}
    assert orcids["Horby"] == "0000-0002-1825-0097"  # https://orcid.org/... URL
    assert orcids["Emberson"] == "0000-0001-5109-370X"  # sixteen characters, no hyphens
    assert orcids["Mafham"] == "0000-0002-1694-233X"  # http URL, lower-case check digit
    assert orcids["Landray"] == ""  # an ISNI identifier is no ORCID


def test_an_identifier_that_is_no_orcid_is_dropped(only: Only) -> None:
    authors = only("preprint.xml").authors
    assert authors == (
        Author("Carberry", "Josiah", orcid="0000-0002-1825-0097"),
        Author("Nguyen", "Thi Ha"),
    )


def test_a_retracted_article_carries_each_retraction_notice_once(read: Read) -> None:
    record = read("retracted.xml").records["9500320"]
    assert record.doi == "10.1016/s0140-6736(97)11096-0"
    assert record.type_label == "Journal Article"
    assert record.notices == (
        Notice(
            NoticeKind.RETRACTION,
            source="pubmed",
            pmid="15016483",
            year=2004,
            label="Lancet. 2004 Mar 6;363(9411):750",
        ),
        Notice(
            NoticeKind.RETRACTION,
            source="pubmed",
            pmid="20137807",
            year=2010,
            label="Lancet. 2010 Feb 6;375(9713):445",
        ),
    )


def test_a_retraction_notice_is_not_itself_retracted(read: Read) -> None:
    assert read("retracted.xml").records["20137807"] == Record(
        service=Service.PUBMED,
        doi="10.1016/s0140-6736(10)60175-4",  # from ELocationID: no ArticleId doi
        pmid="20137807",
        title=(
            "Retraction--Ileal-lymphoid-nodular hyperplasia, non-specific colitis, "
            "and pervasive developmental disorder in children"
        ),
        authors=(Author("The Editors of The Lancet", is_organisation=True),),
        issued_year=2010,
        print_year=2010,
        online_year=2010,
        journal="Lancet (London, England)",
        journal_abbreviations=("Lancet",),
        volume="375",
        issue="9713",
        pages="445",
        type=WorkType.JOURNAL_ARTICLE,
        type_label="Retraction of Publication",
        notices=(),
    )


def test_concern_erratum_and_retraction_links_become_notices(only: Only) -> None:
    record = only("notices.xml")
    assert record.notices == (
        Notice(
            NoticeKind.CORRECTION,
            source="pubmed",
            pmid="32473679",
            year=2020,
            label="Lancet. 2020 May 30;395(10238):1766",
        ),
        Notice(
            NoticeKind.EXPRESSION_OF_CONCERN,
            source="pubmed",
            pmid="32504543",
            year=2020,
            label="Lancet. 2020 Jun 13;395(10240):e102",
        ),
        # one notice for the Retracted Publication type, the link and its repeat
        Notice(
            NoticeKind.RETRACTION,
            source="pubmed",
            pmid="32511943",
            year=2020,
            label="Lancet. 2020 Jun 13;395(10240):1820",
        ),
        Notice(
            NoticeKind.CORRECTION,
            source="pubmed",
            pmid=None,
            year=2020,
            label="Lancet. 2020 Jul 4;396(10243):23",
        ),
    )


def test_an_article_ahead_of_print_has_no_pages_and_a_publisher_pii_is_no_article_number(
    only: Only,
) -> None:
    record = only("notices.xml")
    assert (record.volume, record.issue, record.pages, record.article_number) == (
        None,
        None,
        None,
        None,
    )
    assert record.doi == "10.1016/s0140-6736(20)31180-6"
    assert record.pmcid == "PMC7255293"  # PubMed sometimes gives the digits alone


def test_a_retracted_publication_type_without_a_link_is_a_retraction(only: Only) -> None:
    assert only("retracted-no-link.xml").notices == (
        Notice(NoticeKind.RETRACTION, source="pubmed"),
    )


def test_a_medline_date_gives_its_first_year(read: Read) -> None:
    record = read("dates.xml").records["10048901"]
    assert (record.issued_year, record.print_year, record.online_year) == (1998, 1998, None)


def test_a_translated_title_loses_brackets_period_and_extra_whitespace(read: Read) -> None:
    record = read("dates.xml").records["10048901"]
    assert (
        record.title == "Treatment of chronic hepatitis C with interferon alfa: a multicentre study"
    )


def test_abbreviations_keep_both_forms_when_they_differ(read: Read) -> None:
    record = read("dates.xml").records["10048901"]
    assert record.journal == "Presse medicale (Paris, France : 1983)"
    assert record.journal_abbreviations == ("Presse Med.", "Presse Med")


def test_initials_stand_in_for_a_missing_fore_name(read: Read) -> None:
    record = read("dates.xml").records["10048901"]
    assert record.authors == (Author("Dupont", "C"), Author("Lefèvre", "Anne-Marie"))


def test_a_season_date_gives_its_year(read: Read) -> None:
    record = read("dates.xml").records["12091962"]
    assert (record.issued_year, record.print_year, record.online_year) == (1990, 1990, None)
    assert record.pages == "113-25"  # MedlinePgn as PubMed writes it
    assert (record.doi, record.pmcid) == (None, None)
    assert record.type_label == "Journal Article"  # before "Review"


def test_an_earlier_electronic_date_is_the_issued_year(read: Read) -> None:
    record = read("dates.xml").records["30629631"]
    assert (record.issued_year, record.print_year, record.online_year) == (2018, 2019, 2018)


def test_a_later_electronic_date_leaves_the_print_year_issued(read: Read) -> None:
    record = read("dates.xml").records["10000123"]
    assert (record.issued_year, record.print_year, record.online_year) == (1997, 1997, 1999)


def test_markup_in_a_title_is_dropped_and_escapes_undone(read: Read) -> None:
    record = read("dates.xml").records["30629631"]
    assert record.title == "Expression of FOXP3 in CD4+ T cells & regulatory networks in mice"


def test_mathml_in_a_title_leaves_its_text(only: Only) -> None:
    assert only("preprint.xml").title == (
        "Cryo-EM structure of the Plasmodium falciparum PfRH5–CyRPA–Ripr complex at <3 Å resolution"
    )


def test_an_e_number_is_the_article_number_and_stays_the_pages(read: Read) -> None:
    record = read("dates.xml").records["30629631"]
    assert (record.pages, record.article_number) == ("e0210123", "e0210123")


def test_an_elocation_doi_marked_not_valid_is_skipped_and_pmc_is_upper_cased(read: Read) -> None:
    record = read("dates.xml").records["30629631"]
    assert record.doi == "10.1371/journal.pone.0210123"
    assert record.pmcid == "PMC6328167"


def test_a_not_available_title_is_none_and_a_lone_start_page_is_the_pages(read: Read) -> None:
    record = read("dates.xml").records["10000123"]
    assert record.title is None
    assert record.pages == "S12"
    assert record.volume == "12 Suppl 2"
    assert record.authors == ()
    assert (record.type, record.type_label) == (WorkType.JOURNAL_ARTICLE, "Letter")


def test_a_preprint(only: Only) -> None:
    record = only("preprint.xml")
    assert (record.type, record.type_label) == (WorkType.PREPRINT, "Preprint")
    assert record.doi == "10.1101/2023.01.17.524123"
    assert record.journal_abbreviations == ("bioRxiv",)
    assert record.article_number is None  # a bioRxiv pii is no article number


def test_a_book_chapter(read: Read) -> None:
    assert read("book.xml").records["20301428"] == Record(
        service=Service.PUBMED,
        pmid="20301428",
        title="Cystic Fibrosis",
        authors=(
            Author("Moskowitz", "Samuel M"),
            Author("Chmiel", "James F"),
            Author("Cutting", "Garry R"),
        ),
        issued_year=2001,  # the chapter's contribution date, not the series' 1993
        journal="GeneReviews®",
        type=WorkType.BOOK_CHAPTER,
        type_label="Review",
    )


def test_a_whole_book_has_its_authors_but_not_its_editors(read: Read) -> None:
    assert read("book.xml").records["21796828"] == Record(
        service=Service.PUBMED,
        doi="10.17226/13050",
        pmid="21796828",
        title="Dietary Reference Intakes for Calcium and Vitamin D",
        authors=(
            Author(
                "Institute of Medicine (US) Committee to Review Dietary Reference "
                "Intakes for Vitamin D and Calcium",
                is_organisation=True,
            ),
        ),
        issued_year=2011,
        type=WorkType.BOOK,
    )


def test_a_set_of_two_articles_gives_two_records_by_pmid(read: Read) -> None:
    result = read("two-articles.xml")
    assert list(result.records) == ["22745249", "13054692"]
    assert result.errors == ()
    jinek, watson = result.records.values()
    assert jinek.pmcid == "PMC6286148"
    assert (jinek.issued_year, jinek.print_year, jinek.online_year) == (2012, 2012, 2012)
    assert watson.authors == (Author("WATSON", "J D"), Author("CRICK", "F H"))
    assert (
        watson.title
        == "Molecular structure of nucleic acids; a structure for deoxyribose nucleic acid"
    )
    assert watson.doi == "10.1038/171737a0"


def test_an_answer_with_an_older_dtd_at_an_http_address_is_read(only: Only) -> None:
    record = only("old-doctype.xml")
    assert (record.pmid, record.doi) == ("24476887", "10.1038/nature12968")


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["Journal Article"], (WorkType.JOURNAL_ARTICLE, "Journal Article")),
        (
            ["Clinical Trial, Phase III", "Comparative Study", "Journal Article"],
            (WorkType.JOURNAL_ARTICLE, "Journal Article"),
        ),
        (["Editorial"], (WorkType.JOURNAL_ARTICLE, "Editorial")),
        (["Comment", "Letter"], (WorkType.JOURNAL_ARTICLE, "Comment")),
        (
            ["Randomized Controlled Trial, Veterinary"],
            (WorkType.JOURNAL_ARTICLE, "Randomized Controlled Trial, Veterinary"),
        ),
        (
            ["Journal Article", "Published Erratum"],
            (WorkType.JOURNAL_ARTICLE, "Published Erratum"),
        ),
        (["Expression of Concern"], (WorkType.JOURNAL_ARTICLE, "Expression of Concern")),
        (["Journal Article", "Preprint"], (WorkType.PREPRINT, "Preprint")),
        (["Dataset", "Video-Audio Media"], (WorkType.OTHER, "Dataset")),
        ([], (WorkType.OTHER, "")),
    ],
)
def test_publication_types_decide_the_work_type_and_label(
    types: list[str], expected: tuple[WorkType, str]
) -> None:
    article = {"MedlineCitation": {"PMID": "1", "Article": {"PublicationTypeList": types}}}
    record = record_from_article(article)
    assert (record.type, record.type_label) == expected


@pytest.mark.parametrize(
    ("types", "retracted"),
    [
        (["Journal Article", "Retracted Publication"], True),
        (["Retraction of Publication"], False),
        (["Expression of Concern"], False),
        (["Published Erratum"], False),
    ],
)
def test_only_a_retracted_publication_type_is_a_notice_about_the_record(
    types: list[str], retracted: bool
) -> None:
    article = {"MedlineCitation": {"PMID": "1", "Article": {"PublicationTypeList": types}}}
    expected = (Notice(NoticeKind.RETRACTION, source="pubmed"),) if retracted else ()
    assert record_from_article(article).notices == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("A title.", "A title"),
        ("A question?", "A question?"),
        ("Wait for it...", "Wait for it..."),
        ("[Ein Titel].", "Ein Titel"),
        ("[Part] of a title and [another].", "[Part] of a title and [another]"),
        ("[Not Available].", None),
        ("  Spaced\n\tout  . ", "Spaced out"),
        ("", None),
    ],
)
def test_title_rules(title: str, expected: str | None) -> None:
    article = {"MedlineCitation": {"PMID": "1", "Article": {"ArticleTitle": title}}}
    assert record_from_article(article).title == expected


@pytest.mark.parametrize(
    "article",
    [
        {},
        {"MedlineCitation": "text"},
        {"MedlineCitation": {"PMID": 42, "Article": []}},
        {"MedlineCitation": {"PMID": "12a"}},
        {"BookDocument": None},
        {"BookDocument": {"PMID": "7", "Book": "x", "AuthorList": [[1, None]]}},
        {"MedlineCitation": {"Article": {"AuthorList": [{"LastName": None}, "x", 3]}}},
    ],
)
def test_odd_articles_never_raise(article: dict[str, Any]) -> None:
    record = record_from_article(article)
    assert record.service is Service.PUBMED


def test_an_article_without_a_pmid_is_skipped(pubmed_body: Body) -> None:
    assert record_from_article({"MedlineCitation": {"Article": {}}}).pmid is None
    no_pmid = pubmed_body("two-articles.xml").replace(b'<PMID Version="1">13054692</PMID>', b"")
    assert list(parse_efetch(no_pmid).records) == ["22745249"]


# --------------------------------------------------------------------------
# Empty answers, NCBI errors and bodies that are no answer


@pytest.mark.parametrize("name", ["empty-set.xml", "empty-set-no-doctype.xml"])
def test_an_empty_set_is_a_proper_answer_with_no_records(read: Read, name: str) -> None:
    result = read(name)
    assert result == EfetchResult(records={}, errors=())
    assert result.complete


def test_an_error_inside_the_set_is_reported_next_to_the_records(read: Read) -> None:
    result = read("error-in-set.xml")
    assert list(result.records) == ["13054692"]
    assert result.errors == ("Unable to obtain query #1",)
    assert not result.complete  # a PMID missing here is "could not verify"


def test_a_body_the_reader_refuses_is_malformed(read: Read, malformed_pubmed_file: str) -> None:
    with pytest.raises(MalformedResponse):
        read(malformed_pubmed_file)


def test_malformed_response_is_a_value_error() -> None:
    assert issubclass(MalformedResponse, ValueError)
    assert MalformedResponse.__doc__


# --------------------------------------------------------------------------
# Properties


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_result_or_malformed_and_no_network(
    network_tripwire: Tripwire, data: bytes
) -> None:
    with network_tripwire() as calls:
        try:
            result = parse_efetch(data)
        except MalformedResponse:
            pass
        else:
            assert isinstance(result, EfetchResult)
    assert calls == []


@settings(max_examples=100, deadline=None)
@given(
    st.data(),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=40),
    st.binary(max_size=40),
)
def test_spliced_bodies_give_a_result_or_malformed_and_no_network(
    pubmed_answer_files: tuple[str, ...],
    pubmed_body: Body,
    network_tripwire: Tripwire,
    data: st.DataObject,
    where: float,
    cut: int,
    insert: bytes,
) -> None:
    # The answer files come from a fixture, so the name is drawn here, not in @given.
    name = data.draw(st.sampled_from(pubmed_answer_files), label="name")
    original = pubmed_body(name)
    at = int(where * len(original))
    spliced = original[:at] + insert + original[at + cut :]
    with network_tripwire() as calls:
        try:
            result = parse_efetch(spliced)
        except MalformedResponse:
            pass
        else:
            assert all(pmid.isdigit() for pmid in result.records)
    assert calls == []
