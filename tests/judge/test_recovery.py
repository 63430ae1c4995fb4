"""A missing reference list recovered from the publisher's deposit: what is
searched for, which work found is the article, and how the markers fall on
its deposited list."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from citecheck.judge.checks import check_document
from citecheck.judge.recovery import (
    RECOVERED_SHOWN,
    is_the_article,
    own_work_search,
    render_reference,
    with_recovered_list,
)
from citecheck.models import (
    ArticleIdentity,
    Author,
    AuthorYear,
    Citation,
    CitationStyle,
    DepositedReference,
    Document,
    Entry,
    Finding,
    FindingCode,
    Format,
    Location,
    Lookup,
    LookupStatus,
    Record,
    ReferenceDeposit,
    Service,
)
from citecheck.queries import query_from_identifier

TITLE = "Cracked pots in the wild: a review"
IDENTITY = ArticleIdentity(title=TITLE, authors=(Author("Carberry", "Josiah"),), year=2019)


def numbered(*groups: tuple[int, ...]) -> tuple[Citation, ...]:
    return tuple(
        Citation(
            f"[{','.join(map(str, g))}]",
            Location(n + 1, 5),
            CitationStyle.NUMERIC,
            tuple(map(str, g)),
        )
        for n, g in enumerate(groups)
    )


def document(
    identity: ArticleIdentity = IDENTITY,
    citations: tuple[Citation, ...] = numbered((1,), (2, 3), (6,)),
    entries: tuple[Entry, ...] = (),
) -> Document:
    return Document(
        path="article.txt",
        format=Format.TEXT,
        sha256="0" * 64,
        size=100,
        entries=entries,
        citations=citations,
        identity=identity,
    )


def entries(count: int) -> tuple[DepositedReference, ...]:
    return tuple(
        DepositedReference(
            key=f"ref{n}", unstructured=f"Author{n} A. Work {n}. J Pots. 2001;{n}:1."
        )
        for n in range(1, count + 1)
    )


FOUR = ReferenceDeposit(entries(4), 4)


def work(
    *,
    doi: str = "10.5555/jpsy.2019.0042",
    title: str = TITLE,
    first: str = "Carberry",
    year: int = 2019,
    deposit: ReferenceDeposit | None = FOUR,
    journal: str = "Journal of Psychoceramics",
    volume: str = "4",
    issue: str = "3",
) -> Record:
    return Record(
        Service.CROSSREF,
        doi=doi,
        title=title,
        authors=(Author(first, "J"), Author("Tan", "Mei")),
        issued_year=year,
        journal=journal,
        journal_abbreviations=("J. Psychoceram.",),
        volume=volume,
        issue=issue,
        deposit=deposit,
    )


def answered(doc: Document, *candidates: Record, status: LookupStatus = LookupStatus.FOUND,
             reason: str | None = None) -> dict[str, Lookup]:  # fmt: skip
    search = own_work_search(doc)
    assert search is not None
    lookup = Lookup(
        search,
        status,
        Service.SEARCH,
        reason=reason,
        candidates=candidates,
        searched=("Crossref: bibliographic query",),
        fetched_at=time.time(),
    )
    return {search.key: lookup}


def finding(doc: Document, lookups: dict[str, Lookup]) -> Finding:
    (found,) = [
        f
        for f in with_recovered_list(doc, check_document(doc), lookups)
        if f.code is FindingCode.NO_REFERENCE_LIST
    ]
    return found


# --- what is searched for -------------------------------------------------------------


def test_a_document_without_a_list_searches_for_its_own_work_with_deposits() -> None:
    search = own_work_search(document())
    assert search is not None
    query = query_from_identifier(search)
    assert query.deposit
    assert (query.title, query.author, query.year) == (TITLE, "Carberry", 2019)
    assert query.text == f"{TITLE} Carberry"


def test_the_own_doi_is_fetched_by() -> None:
    search = own_work_search(document(ArticleIdentity(doi="10.5555/jpsy.2019.0042")))
    assert search is not None
    query = query_from_identifier(search)
    assert (query.doi, query.text, query.deposit) == ("10.5555/jpsy.2019.0042",) * 2 + (True,)


def test_a_document_known_by_its_page_headers_is_searched_by_its_words_and_venue() -> None:
    identity = ArticleIdentity(
        journal="J. Psychoceram.", volume="4", issue="3", year=2019, keywords=("pots", "glaze")
    )
    search = own_work_search(document(identity))
    assert search is not None
    query = query_from_identifier(search)
    assert query.text == "pots glaze J. Psychoceram. 4 2019"
    assert (query.journal, query.volume, query.year) == ("J. Psychoceram.", "4", 2019)


def test_nothing_is_searched_for_a_document_with_a_list_or_no_markers() -> None:
    entry = Entry("1", "Grayson P. On pots. 1999.", Location(9))
    assert own_work_search(document(entries=(entry,))) is None
    assert own_work_search(document(citations=())) is None


def test_nothing_is_searched_for_a_document_that_names_nothing_of_its_own() -> None:
    doc = document(ArticleIdentity())
    assert own_work_search(doc) is None
    found = finding(doc, {})
    assert "no recovery tried" in found.message
    assert found.evidence_dict()["recovery"] == "not tried"


# --- recovered -------------------------------------------------------------------------


def test_the_deposit_of_the_article_is_mapped_onto_the_markers() -> None:
    doc = document()
    found = finding(doc, answered(doc, work()))
    evidence = found.evidence_dict()
    assert found.code is FindingCode.NO_REFERENCE_LIST  # the text still has no list
    assert evidence["recovered_from"] == "DOI 10.5555/jpsy.2019.0042 (Crossref deposit)"
    assert evidence["identified_by"] == "its title is the document's, and so is its first author"
    assert evidence["recovered_entries"] == "4"
    assert evidence["markers_covered"] == "1–3"
    assert evidence["markers_past_list"] == "6"
    assert evidence["entry_1"] == "Author1 A. Work 1. J Pots. 2001;1:1."
    assert found.message.endswith(
        "recovered from the list its publisher deposited with Crossref for DOI "
        '10.5555/jpsy.2019.0042 ("Cracked pots in the wild: a review", Carberry et al. 2019): '
        "4 entries; markers 1–3 point into it, markers 6 point past it"
    )


def test_markers_past_the_entries_kept_are_told_apart_from_those_past_the_list() -> None:
    doc = document(citations=numbered((1,), (3,), (5,), (12,)))
    deposit = ReferenceDeposit(entries(3), count=10)  # cut at the cap
    evidence = finding(doc, answered(doc, work(deposit=deposit))).evidence_dict()
    assert evidence["markers_covered"] == "1, 3"
    assert evidence["markers_past_entries_kept"] == "5"
    assert evidence["markers_past_list"] == "12"
    assert (evidence["recovered_entries"], evidence["deposited_entries"]) == ("3", "10")


def test_author_year_markers_are_matched_on_the_deposited_first_author_and_year() -> None:
    pointers = [("Grayson", "1999"), ("Carberry", "2008a"), ("Novak", "2020")]
    citations = tuple(
        Citation(f"({s} {y})", Location(1, 1), CitationStyle.AUTHOR_YEAR, (), (AuthorYear(s, y),))
        for s, y in pointers
    )
    deposit = ReferenceDeposit(
        (
            DepositedReference(key="a", author="Carberry J", year="2008", article_title="Pots"),
            DepositedReference(key="b", unstructured="Grayson P (1999) On the cracking of pots"),
        ),
        count=2,
    )
    doc = document(citations=citations)
    evidence = finding(doc, answered(doc, work(deposit=deposit))).evidence_dict()
    assert evidence["author_year_covered"] == "2"
    assert evidence["author_year_not_in_list"] == "Novak 2020"
    assert evidence["markers_covered"] == "none"


def test_the_entries_written_on_the_finding_are_bounded() -> None:
    doc = document()
    deposit = ReferenceDeposit(entries(RECOVERED_SHOWN + 50), RECOVERED_SHOWN + 50)
    evidence = finding(doc, answered(doc, work(deposit=deposit))).evidence_dict()
    shown = [k for k in evidence if k.startswith("entry_")]
    assert len(shown) == RECOVERED_SHOWN
    assert evidence["recovered_entries"] == str(RECOVERED_SHOWN + 50)


@pytest.mark.parametrize(
    ("reference", "shown"),
    [
        (
            DepositedReference(
                author="AF Arnsten",
                year="2006",
                article_title="Stimulants.",
                journal_title="Neuropsychopharmacology",
                volume="31",
                first_page="2376",
                doi="10.5555/npp.1",
            ),
            "AF Arnsten 2006. Stimulants. Neuropsychopharmacology 31:2376 DOI 10.5555/npp.1",
        ),
        (DepositedReference(doi="10.5555/only.doi"), "DOI 10.5555/only.doi"),
        (
            DepositedReference(unstructured="Tan M. Glazes. doi:10.5555/g.1", doi="10.5555/g.1"),
            "Tan M. Glazes. doi:10.5555/g.1",
        ),
        (DepositedReference(key="ref4"), "(nothing readable deposited)"),
    ],
)
def test_a_deposited_entry_is_rendered_from_what_was_deposited(
    reference: DepositedReference, shown: str
) -> None:
    assert render_reference(reference) == shown


def test_the_article_is_found_by_its_own_doi_without_a_title() -> None:
    doc = document(ArticleIdentity(doi="10.5555/JPSY.2019.0042"))
    evidence = finding(doc, answered(doc, work(title="Anything"))).evidence_dict()
    assert evidence["identified_by"] == "its DOI is the one the document states"


VENUE = ArticleIdentity(
    journal="J. Psychoceram.",
    volume="4",
    issue="3",
    year=2019,
    words=frozenset(["cracked", "pots", "wild", "review", "glaze"]),
)


def test_a_document_known_by_its_venue_recovers_the_work_whose_deposit_names_its_authors() -> None:
    # "Author2 et al. [2]": the text names the authors the deposit has there.
    identity = replace(VENUE, named_citations=(("Author2", 2), ("Author4", 4)))
    doc = document(identity, citations=numbered((1,), (2, 3), (4,)))
    evidence = finding(doc, answered(doc, work())).evidence_dict()
    assert evidence["markers_covered"] == "1–4"
    assert evidence["identified_by"] == (
        "its journal, volume, issue and year are those of the document's page headers, "
        "the text uses its title's words, its deposit fits the markers, and the authors "
        "the text names at markers are the deposit's"
    )


def test_a_document_known_by_its_venue_recovers_the_work_of_its_headers_first_author() -> None:
    identity = replace(VENUE, authors=(Author("Carberry"),))
    doc = document(identity, citations=numbered((1,), (2, 3), (4,)))
    evidence = finding(doc, answered(doc, work())).evidence_dict()
    assert evidence["identified_by"].endswith("its first author is the page headers'")


# --- refused -----------------------------------------------------------------------------


def test_a_similar_title_by_other_authors_is_not_the_article() -> None:
    doc = document()
    other = work(doi="10.5555/other", first="Grayson")
    found = finding(doc, answered(doc, other))
    assert is_the_article(doc, other) == ""
    assert found.evidence_dict()["recovery"] == "not identified"
    assert "none is clearly this article" in found.message
    assert "recovered_from" not in found.evidence_dict()


def test_a_title_one_word_off_is_not_the_article() -> None:
    doc = document()
    assert is_the_article(doc, work(title="Cracked pots in the kiln: a review")) == ""


def test_years_far_apart_are_not_the_article() -> None:
    assert is_the_article(document(), work(year=2009)) == ""


def test_a_doi_whose_work_has_another_title_is_not_the_article() -> None:
    identity = ArticleIdentity(doi="10.5555/jpsy.2019.0042", title=TITLE)
    assert is_the_article(document(identity), work(title="Glaze chemistry for beginners")) == ""


def test_two_works_that_could_each_be_it_recover_nothing() -> None:
    identity = replace(VENUE, named_citations=(("Author1", 1),))
    doc = document(identity, citations=numbered((1,), (4,)))
    second = work(doi="10.5555/jpsy.2019.0043", title="Glaze pots of the wild", first="Tan")
    found = finding(doc, answered(doc, work(), second))
    assert "2 works could each be it" in found.message
    assert found.evidence_dict()["recovery"] == "not identified"


def test_the_venue_alone_does_not_say_which_article_of_the_issue_it_is() -> None:
    # No name on either side: another article of the issue on the same
    # topic, with a list as long, would pass as well.
    doc = document(VENUE, citations=numbered((1,), (2, 3), (4,)))
    assert is_the_article(doc, work()) == ""


def test_a_venue_match_whose_deposit_names_other_authors_at_the_markers_is_not_the_article() -> (
    None
):
    identity = replace(VENUE, named_citations=(("Wagner", 2), ("Chen", 4)))
    doc = document(identity, citations=numbered((1,), (2, 3), (4,)))
    assert is_the_article(doc, work()) == ""


def test_a_venue_match_whose_deposit_is_far_longer_than_the_markers_is_not_the_article() -> None:
    identity = replace(VENUE, named_citations=(("Author1", 1),))
    doc = document(identity, citations=numbered((1,), (2,)))
    assert is_the_article(doc, work(deposit=ReferenceDeposit(entries(60), 60))) == ""


def test_a_title_one_word_off_needs_the_first_author_to_agree() -> None:
    near = work(title="Cracked pots in the wild: a reviews")
    assert is_the_article(document(), near) != ""
    unnamed = document(ArticleIdentity(title=TITLE))
    assert is_the_article(unnamed, near) == ""
    assert is_the_article(unnamed, work()) == "its title is the document's"


def test_a_title_alike_in_another_journal_or_volume_is_not_the_article() -> None:
    identity = replace(IDENTITY, journal="Journal of Psychoceramics", volume="4")
    assert is_the_article(document(identity), work(volume="5")) == ""
    elsewhere = replace(work(), journal="Kiln Letters", journal_abbreviations=())
    assert is_the_article(document(identity), elsewhere) == ""
    assert is_the_article(document(identity), work()) != ""


# --- nothing to recover, or no answer -------------------------------------------------------


def test_a_search_that_could_not_be_made_is_never_not_found() -> None:
    doc = document()
    found = finding(doc, answered(doc, status=LookupStatus.COULD_NOT_VERIFY, reason="timeout"))
    assert found.evidence_dict()["recovery"] == "could not verify"
    assert "could not be made (timeout)" in found.message
    assert "not found" not in found.message


def test_a_search_that_found_nothing_says_what_was_searched() -> None:
    doc = document()
    found = finding(doc, answered(doc, status=LookupStatus.NOT_FOUND))
    assert found.evidence_dict()["recovery"] == "not found"
    assert f'by its title "{TITLE}" and first author Carberry' in found.message
    assert "Crossref: bibliographic query" in found.message


def test_the_article_without_a_deposit_says_so() -> None:
    doc = document()
    found = finding(doc, answered(doc, work(deposit=None)))
    assert found.evidence_dict()["recovery"] == "no deposit"
    assert found.message.endswith("its publisher deposited no reference list with Crossref")


def test_a_deposit_counted_but_not_held_says_so() -> None:
    doc = document()
    found = finding(doc, answered(doc, work(deposit=ReferenceDeposit((), 12))))
    assert found.message.endswith(
        "Crossref says 12 entries were deposited but its answer held none"
    )


def test_a_search_not_made_is_said_so() -> None:
    found = finding(document(), {})
    assert found.evidence_dict()["recovery"] == "not searched"


def test_other_findings_are_left_as_they_are() -> None:
    entry = Entry("1", "Grayson P. On pots. 1999.", Location(9), number=1)
    doc = document(entries=(entry,))
    findings = check_document(doc)
    assert with_recovered_list(doc, findings, {}) == findings


def test_a_found_answer_without_works_is_not_called_not_found() -> None:
    doc = document()
    found = finding(doc, answered(doc))  # FOUND, yet no candidate
    assert found.evidence_dict()["recovery"] == "no candidates"
    assert "not found" not in found.message
