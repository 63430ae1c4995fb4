"""Crossref bodies as records: envelopes, every field of a work, editorial notices.

The fixtures under ``tests/fixtures/crossref`` are Crossref REST API bodies in
Crossref's exact format, written for these tests: fictional works under
Crossref's test prefix ``10.5555`` (the Journal of Psychoceramics), so that no
real work is said to be retracted. They are pretty-printed for reading; the
agency body keeps Crossref's compact form with ``\\/`` escapes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.models import (
    Author,
    DepositedReference,
    Notice,
    NoticeKind,
    Record,
    ReferenceDeposit,
    Service,
    WorkType,
)
from citecheck.resolvers.crossref_record import (
    SELECT_FIELDS,
    MalformedResponse,
    agency_from_body,
    record_from_work,
    work_from_single,
    works_from_list,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "crossref"

CARBERRY = Author("Carberry", "Josiah", orcid="0000-0002-1825-0097")

# The field names Crossref's /works `select` parameter accepts (Crossref REST
# API documentation, as listed in habanero's `works` docstring).
CROSSREF_SELECTABLE = frozenset(
    [
        "DOI",
        "ISBN",
        "ISSN",
        "URL",
        "abstract",
        "accepted",
        "alternative-id",
        "approved",
        "archive",
        "article-number",
        "assertion",
        "author",
        "chair",
        "clinical-trial-number",
        "container-title",
        "content-created",
        "content-domain",
        "contributor",
        "created",
        "degree",
        "deposited",
        "editor",
        "event",
        "funder",
        "group-title",
        "indexed",
        "is-referenced-by-count",
        "issn-type",
        "issue",
        "issued",
        "license",
        "link",
        "member",
        "original-title",
        "page",
        "posted",
        "prefix",
        "published",
        "published-online",
        "published-print",
        "publisher",
        "publisher-location",
        "reference",
        "references-count",
        "relation",
        "resource",
        "score",
        "short-container-title",
        "short-title",
        "standards-body",
        "subject",
        "subtitle",
        "title",
        "translator",
        "type",
        "update-policy",
        "update-to",
        "updated-by",
        "volume",
    ]
)

WORK_FIXTURES = (
    "work-journal-article.json",
    "work-posted-content.json",
    "work-book-chapter.json",
    "work-retracted.json",
    "work-retraction-notice.json",
)


def fixture_text(name: str) -> str:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"test fixture {name!r} is missing (looked for {path})")
    return path.read_text(encoding="utf-8")


def body(name: str) -> Any:
    """The parsed JSON body of ``tests/fixtures/crossref/<name>``."""
    return json.loads(fixture_text(name))


def work(name: str, **changes: Any) -> dict[str, Any]:
    """A copy of the work in a single-work fixture, with ``changes`` applied
    (keys with ``_`` for ``-``; a value of None removes the field)."""
    result = dict(work_from_single(body(name)))
    for key, value in changes.items():
        field = key if key == "DOI" else key.replace("_", "-")
        if value is None:
            result.pop(field, None)
        else:
            result[field] = value
    return result


def article(**changes: Any) -> Record:
    return record_from_work(work("work-journal-article.json", **changes))


# --- envelopes -----------------------------------------------------------------


def test_work_from_single_returns_the_message() -> None:
    message = work_from_single(body("work-journal-article.json"))
    assert message["DOI"] == "10.5555/jpsy.2020.0117"
    assert message["type"] == "journal-article"


def test_works_from_list_returns_the_items_in_order() -> None:
    items = works_from_list(body("works-list.json"))
    assert [item["DOI"] for item in items] == [
        "10.5555/psyconf.2019.12",
        "10.5555/psydata.7",
        "10.5555/jpsy.2020.0117.g001",
    ]


def test_agency_from_body_reads_the_agency_id() -> None:
    assert agency_from_body(body("agency-datacite.json")) == "datacite"


def test_agency_id_is_lower_cased() -> None:
    agency = body("agency-datacite.json")
    agency["message"]["agency"]["id"] = " DataCite "
    assert agency_from_body(agency) == "datacite"


def test_malformed_response_is_a_value_error() -> None:
    assert issubclass(MalformedResponse, ValueError)


def without(name: str, *path: str | int) -> Any:
    """The body of fixture ``name`` with the key at ``path`` removed."""
    parsed = body(name)
    parent = parsed
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return parsed


def replaced(name: str, value: Any, *path: str | int) -> Any:
    """The body of fixture ``name`` with the value at ``path`` replaced."""
    parsed = body(name)
    parent = parsed
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return parsed


MALFORMED_BODIES = [
    # (reader, the body as a function, test id)
    (work_from_single, lambda: fixture_text("works-404.txt"), "single: 404 text body"),
    (works_from_list, lambda: fixture_text("works-404.txt"), "list: 404 text body"),
    (agency_from_body, lambda: fixture_text("works-404.txt"), "agency: 404 text body"),
    (work_from_single, lambda: body("works-400-validation-failure.json"), "single: failure"),
    (works_from_list, lambda: body("works-400-validation-failure.json"), "list: failure"),
    (agency_from_body, lambda: body("works-400-validation-failure.json"), "agency: failure"),
    (work_from_single, lambda: None, "single: null"),
    (works_from_list, lambda: [body("works-list.json")], "list: a JSON array"),
    (work_from_single, lambda: body("works-list.json"), "single: given a work-list"),
    (work_from_single, lambda: body("agency-datacite.json"), "single: given a work-agency"),
    (works_from_list, lambda: body("work-journal-article.json"), "list: given a work"),
    (agency_from_body, lambda: body("work-journal-article.json"), "agency: given a work"),
    (
        work_from_single,
        lambda: without("work-journal-article.json", "message"),
        "single: no message",
    ),
    (works_from_list, lambda: without("works-list.json", "message"), "list: no message"),
    (agency_from_body, lambda: without("agency-datacite.json", "message"), "agency: no message"),
    (
        work_from_single,
        lambda: without("work-journal-article.json", "message-type"),
        "single: no message-type",
    ),
    (
        work_from_single,
        lambda: replaced("work-journal-article.json", "failed", "status"),
        "single: status failed",
    ),
    (
        work_from_single,
        lambda: replaced("work-journal-article.json", ["not", "a", "work"], "message"),
        "single: message is a list",
    ),
    (works_from_list, lambda: without("works-list.json", "message", "items"), "list: no items"),
    (
        works_from_list,
        lambda: replaced("works-list.json", {"DOI": "10.5555/psydata.7"}, "message", "items"),
        "list: items is an object",
    ),
    (
        works_from_list,
        lambda: replaced("works-list.json", "10.5555/psydata.7", "message", "items", 1),
        "list: an item is text",
    ),
    (
        agency_from_body,
        lambda: without("agency-datacite.json", "message", "agency", "id"),
        "agency: no id",
    ),
    (
        agency_from_body,
        lambda: replaced("agency-datacite.json", "  ", "message", "agency", "id"),
        "agency: blank id",
    ),
    (
        agency_from_body,
        lambda: replaced("agency-datacite.json", "datacite", "message", "agency"),
        "agency: agency is text",
    ),
]


@pytest.mark.parametrize(
    ("reader", "make_body"),
    [pytest.param(reader, make, id=name) for reader, make, name in MALFORMED_BODIES],
)
def test_bodies_that_are_not_what_the_route_promises_are_malformed(
    reader: Any, make_body: Any
) -> None:
    with pytest.raises(MalformedResponse):
        reader(make_body())


def test_the_404_text_body_is_named_in_the_error() -> None:
    with pytest.raises(MalformedResponse, match="Resource not found"):
        work_from_single(fixture_text("works-404.txt"))


# --- whole records -------------------------------------------------------------


def test_journal_article_record() -> None:
    assert record_from_work(work("work-journal-article.json")) == Record(
        service=Service.CROSSREF,
        doi="10.5555/jpsy.2020.0117",
        title="Crack propagation in Vasa fictilia & other cracked pots",
        subtitle="a field study of the Carberry collection",
        authors=(
            CARBERRY,
            Author("Carberry", "Laura M.", orcid="0000-0003-1415-9269"),
            Author("Tan", "Mei"),
            Author("Psychoceramics Study Group", is_organisation=True),
        ),
        issued_year=2020,
        print_year=2021,
        online_year=2020,
        journal="Journal of Psychoceramics",
        journal_abbreviations=("J. Psychoceram.", "J Psychoceram"),
        volume="5",
        issue="11",
        pages="e1042",
        article_number="e1042",
        type=WorkType.JOURNAL_ARTICLE,
        type_label="journal-article",
        notices=(),
        deposit=ReferenceDeposit(
            (
                DepositedReference(
                    key="ref1",
                    doi="10.5555/12345678",
                    doi_asserted_by="publisher",
                    author="Carberry",
                    year="2008",
                    article_title="Toward a Unified Theory of High-Energy Metaphysics: "
                    "Silly String Theory",
                    journal_title="Journal of Psychoceramics",
                    volume="5",
                    first_page="1",
                ),
                DepositedReference(
                    key="ref2",
                    author="Grayson",
                    year="1999",
                    article_title="On the cracking of pots",
                    journal_title="Ann. Psychoceram.",
                    first_page="12",
                ),
            ),
            count=2,
        ),
    )


def test_preprint_record() -> None:
    assert record_from_work(work("work-posted-content.json")) == Record(
        service=Service.CROSSREF,
        doi="10.5555/2023.04.03.000117",
        title="Silly string theory in n dimensions",
        authors=(
            Author("Okafor", "Ada", orcid="0000-0002-9079-593X"),
            Author("Tanaka"),
            CARBERRY,
        ),
        issued_year=2023,
        type=WorkType.PREPRINT,
        type_label="posted-content",
    )


def test_book_chapter_record() -> None:
    # Crossref lists the series before the book here; the first container
    # title is the one kept.
    assert record_from_work(work("work-book-chapter.json")) == Record(
        service=Service.CROSSREF,
        doi="10.5555/psyhandbook.ch3",
        title="Glazes, Grout & Glue: Repairing the Cracked Pot",
        authors=(CARBERRY,),
        issued_year=2019,
        print_year=2019,
        online_year=2019,
        journal="Lecture Notes in Psychoceramics",
        pages="45-67",
        type=WorkType.BOOK_CHAPTER,
        type_label="book-chapter",
    )


def test_list_items_become_records() -> None:
    records = [record_from_work(item) for item in works_from_list(body("works-list.json"))]
    assert records == [
        Record(
            service=Service.CROSSREF,
            doi="10.5555/psyconf.2019.12",
            title="Kiln temperature and the onset of crazing",
            authors=(Author("Tan", "Mei"), CARBERRY),
            issued_year=2019,
            print_year=2019,
            journal="Proceedings of the 3rd International Conference on Psychoceramics",
            pages="88-95",
            type=WorkType.PROCEEDINGS,
            type_label="proceedings-article",
        ),
        Record(
            service=Service.CROSSREF,
            doi="10.5555/psydata.7",
            title="Fracture lengths of 1,024 cracked pots",
            authors=(Author("Psychoceramics Study Group", is_organisation=True),),
            issued_year=2022,
            type=WorkType.DATASET,
            type_label="dataset",
        ),
        Record(
            service=Service.CROSSREF,
            doi="10.5555/jpsy.2020.0117.g001",
            type=WorkType.COMPONENT,
            type_label="component",
        ),
    ]


# --- DOI -----------------------------------------------------------------------


def test_doi_is_lower_cased_and_stripped() -> None:
    assert article(DOI=" 10.5555/JPSY.2020.0117 ").doi == "10.5555/jpsy.2020.0117"


@pytest.mark.parametrize(
    "not_a_work",
    [None, [], "10.5555/jpsy.2020.0117", 10.5555, [{"DOI": "10.5555/jpsy.2020.0117"}]],
    ids=["null", "empty list", "text", "number", "list of a work"],
)
def test_anything_but_a_mapping_is_malformed(not_a_work: Any) -> None:
    with pytest.raises(MalformedResponse):
        record_from_work(not_a_work)


@pytest.mark.parametrize(
    "doi",
    [None, 105555, ["10.5555/jpsy.2020.0117"], "", "   "],
    ids=["missing", "number", "list", "empty", "blank"],
)
def test_a_work_without_a_doi_string_is_malformed(doi: Any) -> None:
    changed = work("work-journal-article.json")
    changed.pop("DOI")
    if doi is not None:
        changed["DOI"] = doi
    with pytest.raises(MalformedResponse, match="DOI"):
        record_from_work(changed)


# --- titles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<i>Vasa fictilia</i> &amp; kin", "Vasa fictilia & kin"),
        ("Crazing in <jats:italic>Vasa</jats:italic> glazes", "Crazing in Vasa glazes"),
        ("CO<sub>2</sub> and <sup>18</sup>F in <scp>kilns</scp>", "CO2 and 18F in kilns"),
        ('<jats:title content-type="main">Pots</jats:title>', "Pots"),
        ("Pots in <mml:math><mml:mi>n</mml:mi></mml:math> dimensions", "Pots in n dimensions"),
        ("Line one<br/>line two", "Line one line two"),
        ("Hartree&#8211;Fock &#x26; pots", "Hartree–Fock & pots"),
        ("p &lt; 0.05 &amp;&#160;more", "p < 0.05 & more"),
        ("p < 0.05 and q > 1 in pots", "p < 0.05 and q > 1 in pots"),
        ("  Cracked\n\t pots  ", "Cracked pots"),
        # Pretty-printed deposits: layout whitespace next to brackets and
        # punctuation is dropped, elsewhere it is one space.
        (
            "Are cracked pots (\n      <i>Vasa fracta</i>\n      ) sad?",
            "Are cracked pots (Vasa fracta) sad?",
        ),
        ("<i>Pots of Ming China</i>\n            .", "Pots of Ming China."),
        (
            "Life history of\n      <i>Vasa fracta</i>\n      in kilns",
            "Life history of Vasa fracta in kilns",
        ),
    ],
)
def test_title_markup_is_stripped(raw: str, expected: str) -> None:
    assert article(title=[raw]).title == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ([], None),
        (["   "], None),
        (["<i></i>"], None),
        (["", "Second title"], "Second title"),
        ([42, "Real title"], "Real title"),
        (["First title", "Second title"], "First title"),
        ("Crack propagation", None),
        ({"en": "Crack propagation"}, None),
    ],
    ids=["empty", "blank", "only markup", "first empty", "first a number", "two", "text", "object"],
)
def test_title_is_the_first_non_empty_string_of_the_list(title: Any, expected: str | None) -> None:
    assert article(title=title).title == expected


def test_subtitle_is_kept_apart_and_cleaned() -> None:
    record = article()
    assert record.title == "Crack propagation in Vasa fictilia & other cracked pots"
    assert record.subtitle == "a field study of the Carberry collection"


def test_no_subtitle_is_none() -> None:
    assert article(subtitle=[]).subtitle is None
    assert article(subtitle=None).subtitle is None


# --- authors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("orcid", "expected"),
    [
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("http://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        (" https://orcid.org/0000-0002-1825-0097 ", "0000-0002-1825-0097"),
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-9079-593x", "0000-0002-9079-593X"),
        ("https://orcid.org/0000-0002-1825", ""),
        ("https://example.org/0000-0002-1825-0097", ""),
        ("not an ORCID", ""),
        (18250097, ""),
        (None, ""),
    ],
)
def test_orcid_is_the_bare_id(orcid: Any, expected: str) -> None:
    person: dict[str, Any] = {"given": "Josiah", "family": "Carberry", "sequence": "first"}
    if orcid is not None:
        person["ORCID"] = orcid
    assert article(author=[person]).authors == (Author("Carberry", "Josiah", orcid=expected),)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"given": "Mei", "family": "Tan"}, (Author("Tan", "Mei"),)),
        ({"family": "Tanaka"}, (Author("Tanaka"),)),
        ({"given": "Sudesiqin"}, (Author("Sudesiqin"),)),
        (
            {"name": "Psychoceramics Study Group"},
            (Author("Psychoceramics Study Group", is_organisation=True),),
        ),
        ({"given": "Mei", "family": "Tan", "name": "Ignored"}, (Author("Tan", "Mei"),)),
        ({"family": "O&apos;Brien", "given": "Siobh<i>á</i>n"}, (Author("O'Brien", "Siobhán"),)),
        ({"family": "Carberry", "given": ["Josiah"]}, (Author("Carberry"),)),
        ({"family": 7, "given": "Josiah"}, (Author("Josiah"),)),
        ({"sequence": "first", "affiliation": []}, ()),
        ({"family": "  "}, ()),
        ("Carberry, Josiah", ()),
        (None, ()),
    ],
    ids=[
        "person",
        "family only",
        "given only",
        "organisation",
        "person with name",
        "markup",
        "given a list",
        "family a number",
        "no name",
        "blank family",
        "text",
        "null",
    ],
)
def test_author_entries(entry: Any, expected: tuple[Author, ...]) -> None:
    assert article(author=[entry]).authors == expected


@pytest.mark.parametrize("authors", [None, [], "Carberry", {"family": "Carberry"}])
def test_editors_are_never_promoted_to_authors(authors: Any) -> None:
    record = article(author=authors)
    assert work("work-journal-article.json")["editor"]
    assert record.authors == ()


# --- years ---------------------------------------------------------------------


def test_each_year_comes_from_its_own_date() -> None:
    record = article(
        issued={"date-parts": [[2019, 12, 30]]},
        published_print={"date-parts": [[2021, 2]]},
        published_online={"date-parts": [[2020]]},
    )
    assert (record.issued_year, record.print_year, record.online_year) == (2019, 2021, 2020)
    assert record.years == (2019, 2021, 2020)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ({"date-parts": [[2012, 3, 21]]}, 2012),
        ({"date-parts": [[2012]]}, 2012),
        ({"date-parts": [["2012", "3"]]}, 2012),
        ({"date-parts": [[" 2012 "]]}, 2012),
        ({"date-parts": [[None]]}, None),
        ({"date-parts": [[]]}, None),
        ({"date-parts": []}, None),
        ({"date-parts": "2012"}, None),
        ({"date-parts": [2012]}, None),
        ({"date-time": "2012-03-21T00:00:00Z"}, None),
        ({"date-parts": [[True]]}, None),
        ({"date-parts": [[2012.0]]}, None),
        ({"date-parts": [["twenty twelve"]]}, None),
        ({"date-parts": [["²⁰¹²"]]}, None),
        ({"date-parts": [["20120"]]}, None),
        ({"date-parts": [[0]]}, None),
        ([[2012]], None),
        ("2012", None),
    ],
)
@pytest.mark.parametrize("field", ["issued", "published-print", "published-online"])
def test_year_is_the_first_date_part(field: str, date: Any, expected: int | None) -> None:
    changed = work("work-journal-article.json")
    changed[field] = date
    record = record_from_work(changed)
    years = {
        "issued": record.issued_year,
        "published-print": record.print_year,
        "published-online": record.online_year,
    }
    assert years[field] == expected


def test_missing_dates_give_no_years() -> None:
    record = article(issued=None, published_print=None, published_online=None)
    assert (record.issued_year, record.print_year, record.online_year) == (None, None, None)


# --- container, volume, pages --------------------------------------------------


@pytest.mark.parametrize(
    ("abbreviations", "expected"),
    [
        (
            ["J. Psychoceram.", "J Psychoceram", "J. Psychoceram."],
            ("J. Psychoceram.", "J Psychoceram"),
        ),
        (["J Psychoceram", "J. Psychoceram."], ("J Psychoceram", "J. Psychoceram.")),
        ([None, "", "J. Psychoceram.", 7], ("J. Psychoceram.",)),
        ([], ()),
        ("J. Psychoceram.", ()),
        (None, ()),
    ],
)
def test_journal_abbreviations_are_all_short_titles_without_repeats(
    abbreviations: Any, expected: tuple[str, ...]
) -> None:
    assert article(short_container_title=abbreviations).journal_abbreviations == expected


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        (
            {"container_title": ["Journal of Neurology, Neurosurgery &amp; Psychiatry"]},
            "journal",
            "Journal of Neurology, Neurosurgery & Psychiatry",
        ),
        ({"container_title": "Journal of Psychoceramics"}, "journal", None),
        ({"container_title": []}, "journal", None),
        ({"volume": "33"}, "volume", "33"),
        ({"volume": 5}, "volume", None),
        ({"volume": ["5"]}, "volume", None),
        ({"issue": "3-4"}, "issue", "3-4"),
        ({"issue": 11}, "issue", None),
        ({"page": "1761-1767"}, "pages", "1761-1767"),
        ({"page": "e33693"}, "pages", "e33693"),
        ({"page": " "}, "pages", None),
        ({"page": None}, "pages", None),
        ({"article_number": "160018"}, "article_number", "160018"),
        ({"article_number": 160018}, "article_number", None),
        ({"article_number": None}, "article_number", None),
    ],
)
def test_optional_text_fields(changes: dict[str, Any], field: str, expected: str | None) -> None:
    assert getattr(article(**changes), field) == expected


# --- types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crossref_type", "expected"),
    [
        ("journal-article", WorkType.JOURNAL_ARTICLE),
        ("posted-content", WorkType.PREPRINT),
        ("book", WorkType.BOOK),
        ("monograph", WorkType.BOOK),
        ("edited-book", WorkType.BOOK),
        ("reference-book", WorkType.BOOK),
        ("book-set", WorkType.BOOK),
        ("book-series", WorkType.BOOK),
        ("book-chapter", WorkType.BOOK_CHAPTER),
        ("book-section", WorkType.BOOK_CHAPTER),
        ("book-part", WorkType.BOOK_CHAPTER),
        ("book-track", WorkType.BOOK_CHAPTER),
        ("reference-entry", WorkType.BOOK_CHAPTER),
        ("proceedings-article", WorkType.PROCEEDINGS),
        ("proceedings", WorkType.PROCEEDINGS),
        ("proceedings-series", WorkType.PROCEEDINGS),
        ("dataset", WorkType.DATASET),
        ("database", WorkType.DATASET),
        ("component", WorkType.COMPONENT),
        ("report", WorkType.OTHER),
        ("dissertation", WorkType.OTHER),
        ("journal-issue", WorkType.OTHER),
        ("journal", WorkType.OTHER),
        ("peer-review", WorkType.OTHER),
        ("standard", WorkType.OTHER),
        ("other", WorkType.OTHER),
        ("Journal-Article", WorkType.OTHER),
    ],
)
def test_crossref_types_map_to_work_types(crossref_type: str, expected: WorkType) -> None:
    record = article(type=crossref_type)
    assert record.type is expected
    assert record.type_label == crossref_type


@pytest.mark.parametrize("odd_type", [None, 7, ["journal-article"]])
def test_a_missing_or_odd_type_is_other_without_label(odd_type: Any) -> None:
    record = article(type=odd_type)
    assert (record.type, record.type_label) == (WorkType.OTHER, "")


# --- notices -------------------------------------------------------------------


def test_retracted_work_has_its_notices_in_order() -> None:
    record = record_from_work(work("work-retracted.json"))
    assert record.notices == (
        Notice(
            NoticeKind.EXPRESSION_OF_CONCERN,
            source="publisher",
            doi="10.5555/jpsy.2021.0042.eoc",
            year=2021,
            label="Expression of Concern",
        ),
        Notice(
            NoticeKind.RETRACTION,
            source="retraction-watch",
            doi="10.5555/jpsy.2022.0013",
            year=2022,
        ),
    )
    # The rest of the record is read as for any article.
    assert record.title == "Cold fusion in cracked pots"
    assert (record.issued_year, record.print_year, record.online_year) == (2021, 2021, 2021)


def test_a_retraction_notice_is_not_accused_of_retraction() -> None:
    record = record_from_work(work("work-retraction-notice.json"))
    assert record.doi == "10.5555/jpsy.2022.0013"
    assert record.notices == ()


@pytest.mark.parametrize(
    ("update_type", "is_notice"),
    [
        ("retraction", True),
        ("correction", True),
        ("expression_of_concern", True),
        ("withdrawal", True),
        ("new_version", False),
        ("new_edition", False),
    ],
)
def test_only_works_that_announce_a_notice_lose_their_own(
    update_type: str, is_notice: bool
) -> None:
    notice = work("work-retraction-notice.json")
    notice["update-to"][0]["type"] = update_type
    expected = (
        ()
        if is_notice
        else (
            Notice(NoticeKind.RETRACTION, "retraction-watch", "10.5555/jpsy.2022.0013", year=2022),
        )
    )
    assert record_from_work(notice).notices == expected


def test_an_update_to_itself_is_an_in_place_update_not_a_notice() -> None:
    # A publisher that retracts under the original DOI points update-to at
    # the work itself: the work is retracted, not a notice about another.
    notice = work("work-retraction-notice.json")
    notice["update-to"][0]["DOI"] = "10.5555/JPSY.2022.0013"
    assert record_from_work(notice).notices == (
        Notice(NoticeKind.RETRACTION, "retraction-watch", "10.5555/jpsy.2022.0013", year=2022),
    )


@pytest.mark.parametrize(
    "update_to", [None, [], "retraction", [None, "retraction"], {"type": "retraction"}]
)
def test_an_odd_update_to_does_not_hide_notices(update_to: Any) -> None:
    retracted = work("work-retracted.json", update_to=update_to)
    assert len(record_from_work(retracted).notices) == 2


@pytest.mark.parametrize(
    ("update_type", "expected"),
    [
        ("retraction", NoticeKind.RETRACTION),
        ("partial_retraction", NoticeKind.RETRACTION),
        ("removal", NoticeKind.RETRACTION),
        ("expression_of_concern", NoticeKind.EXPRESSION_OF_CONCERN),
        ("expression-of-concern", NoticeKind.EXPRESSION_OF_CONCERN),
        ("correction", NoticeKind.CORRECTION),
        ("erratum", NoticeKind.CORRECTION),
        ("corrigendum", NoticeKind.CORRECTION),
        ("addendum", NoticeKind.CORRECTION),
        ("clarification", NoticeKind.CORRECTION),
        ("withdrawal", NoticeKind.WITHDRAWAL),
        ("Retraction", NoticeKind.RETRACTION),
        ("new_version", None),
        ("new_edition", None),
        ("reinstatement", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_update_types_map_to_notice_kinds(update_type: Any, expected: NoticeKind | None) -> None:
    update = {
        "DOI": "10.5555/jpsy.2022.0013",
        "type": update_type,
        "source": "publisher",
        "updated": {"date-parts": [[2022, 5, 9]]},
    }
    notices = article(updated_by=[update]).notices
    if expected is None:
        assert notices == ()
    else:
        assert notices == (Notice(expected, "publisher", "10.5555/jpsy.2022.0013", year=2022),)


def test_notice_fields_that_are_missing_or_odd_stay_empty() -> None:
    updates = [
        {"type": "retraction"},
        {"type": "correction", "DOI": 42, "source": ["publisher"], "label": 7, "updated": "2022"},
        {"type": "erratum", "DOI": "10.5555/JPSY.2022.0099", "updated": {"date-parts": [[None]]}},
        "retraction",
        None,
    ]
    assert article(updated_by=updates).notices == (
        Notice(NoticeKind.RETRACTION),
        Notice(NoticeKind.CORRECTION),
        Notice(NoticeKind.CORRECTION, doi="10.5555/jpsy.2022.0099"),
    )


def test_repeated_notices_are_kept_once() -> None:
    retracted = work("work-retracted.json")
    retracted["updated-by"] = retracted["updated-by"] * 2
    assert len(record_from_work(retracted).notices) == 2


@pytest.mark.parametrize("updated_by", ["retraction", {"type": "retraction"}, 1, None])
def test_an_updated_by_that_is_not_a_list_gives_no_notices(updated_by: Any) -> None:
    assert record_from_work(work("work-retracted.json", updated_by=updated_by)).notices == ()


# --- select fields -------------------------------------------------------------


def test_select_fields_are_crossref_select_names_without_repeats() -> None:
    assert set(SELECT_FIELDS) <= CROSSREF_SELECTABLE
    assert len(set(SELECT_FIELDS)) == len(SELECT_FIELDS)


@pytest.mark.parametrize("name", WORK_FIXTURES)
def test_select_fields_are_all_a_record_needs_but_the_deposit(name: str) -> None:
    # The deposited reference list is asked for only to recover a missing
    # one, by asking without select.
    full = work(name)
    selected = {key: value for key, value in full.items() if key in SELECT_FIELDS}
    assert record_from_work(selected) == replace(record_from_work(full), deposit=None)


def test_select_fields_are_enough_for_list_items() -> None:
    for item in works_from_list(body("works-list.json")):
        selected = {key: value for key, value in item.items() if key in SELECT_FIELDS}
        assert record_from_work(selected) == replace(record_from_work(item), deposit=None)


# --- any JSON ------------------------------------------------------------------
# Arbitrary JSON values, and works whose fields have roughly Crossref's shape
# (lists of objects with the right keys, date-parts) filled with arbitrary
# JSON, so that the property reaches the authors, dates and notices code.

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2012", "<i>x</i> &amp; y", "https://orcid.org/0000-0002-1825-0097"])
)
JSON_VALUES = st.recursive(
    LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)
DATES = JSON_VALUES | st.fixed_dictionaries(
    {"date-parts": JSON_VALUES | st.lists(st.lists(LEAVES, max_size=3), max_size=2)}
)
TEXT_LISTS = JSON_VALUES | st.lists(LEAVES, max_size=3)
PEOPLE = JSON_VALUES | st.lists(
    JSON_VALUES
    | st.fixed_dictionaries(
        {},
        optional={"family": LEAVES, "given": LEAVES, "name": LEAVES, "ORCID": LEAVES},
    ),
    max_size=4,
)
UPDATES = JSON_VALUES | st.lists(
    JSON_VALUES
    | st.fixed_dictionaries(
        {},
        optional={
            "type": LEAVES
            | st.sampled_from(["retraction", "expression-of-concern", "new_version"]),
            "DOI": LEAVES | st.just("10.5555/jpsy.2020.0117"),
            "source": LEAVES,
            "label": LEAVES,
            "updated": DATES,
        },
    ),
    max_size=4,
)
TEXT_FIELDS = ("volume", "issue", "page", "article-number", "type")
WORK_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        **dict.fromkeys(
            ("title", "subtitle", "container-title", "short-container-title"), TEXT_LISTS
        ),
        **dict.fromkeys(("author", "editor"), PEOPLE),
        **dict.fromkeys(("issued", "published-print", "published-online"), DATES),
        **dict.fromkeys(("updated-by", "update-to"), UPDATES),
        **dict.fromkeys(TEXT_FIELDS, LEAVES | JSON_VALUES),
    },
)


@given(
    fields=WORK_FIELDS,
    others=st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4),
    doi=st.text(max_size=30) | st.just("10.5555/JPSY.2020.0117"),
)
def test_any_json_work_with_a_doi_string_gives_a_record_or_malformed(
    fields: dict[str, Any], others: dict[str, Any], doi: str
) -> None:
    candidate = {**others, **fields, "DOI": doi}
    try:
        record = record_from_work(candidate)
    except MalformedResponse:
        assert not doi.strip()
    else:
        assert record.doi == doi.strip().lower()
        assert record.service is Service.CROSSREF
        assert all(isinstance(author, Author) for author in record.authors)
        assert all(isinstance(notice, Notice) for notice in record.notices)
