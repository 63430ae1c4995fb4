"""Reading what a reference entry claims: authors, year, title, journal, volume, pages."""

from __future__ import annotations

import time

import pytest

from citecheck.models import Author, Claims, TitleKind
from citecheck.parsing.claims import clean_entry_text, parse_claims, parse_link_label

who = Author("World Health Organization", is_organisation=True)


def people(*names: tuple[str, str]) -> tuple[Author, ...]:
    return tuple(Author(family, given) for family, given in names)


@pytest.mark.parametrize(
    ("entry", "claims"),
    [
        pytest.param(
            "Smith AB, Jones CD. A study of things. J Things. 2020;12(3):45-67. "
            "doi:10.5555/abc.123",
            Claims(
                authors=people(("Smith", "AB"), ("Jones", "CD")),
                year=2020,
                title="A study of things",
                journal="J Things",
                volume="12",
                issue="3",
                pages="45–67",
            ),
            id="two authors",
        ),
        pytest.param(
            "van der Berg J, Müller K, Niwa-Kawakita M, et al. Particles and umlauts. "
            "Neurol Res. 2019 Mar;41(2):100-110.",
            Claims(
                authors=people(("van der Berg", "J"), ("Müller", "K"), ("Niwa-Kawakita", "M")),
                et_al=True,
                year=2019,
                title="Particles and umlauts",
                journal="Neurol Res",
                volume="41",
                issue="2",
                pages="100–110",
            ),
            id="particles, diacritics, hyphens, et al",
        ),
        pytest.param(
            "O'Brien P, de la Cruz M. Growth of E. coli in broth. J Bact. 2001;357(9251):1-10.",
            Claims(
                authors=people(("O'Brien", "P"), ("de la Cruz", "M")),
                year=2001,
                title="Growth of E. coli in broth",
                journal="J Bact",
                volume="357",
                issue="9251",
                pages="1–10",
            ),
            id="initial inside the title",
        ),
        pytest.param(
            "Smith AB, Jones CD. Does it work? Journal. 2020;1:e12",
            Claims(
                authors=people(("Smith", "AB"), ("Jones", "CD")),
                year=2020,
                title="Does it work?",
                journal="Journal",
                volume="1",
                pages="e12",
            ),
            id="question title, electronic page",
        ),
        pytest.param(
            "Smith AB. Title. J One. 2020 Mar 5;12(3):45-67. Epub 2019 Dec 1.",
            Claims(
                authors=people(("Smith", "AB")),
                year=2020,
                title="Title",
                journal="J One",
                volume="12",
                issue="3",
                pages="45–67",
            ),
            id="date and epub note",
        ),
    ],
)
def test_vancouver_entries(entry: str, claims: Claims) -> None:
    assert parse_claims(entry) == claims


@pytest.mark.parametrize(
    ("entry", "claims"),
    [
        pytest.param(
            "Smith, A. B., & Jones, C. (2020). A title of the work. Journal of Work, 12(3), "
            "45–67. https://doi.org/10.5555/apa.1",
            Claims(
                authors=people(("Smith", "AB"), ("Jones", "C")),
                year=2020,
                title="A title of the work",
                journal="Journal of Work",
                volume="12",
                issue="3",
                pages="45–67",
            ),
            id="two authors",
        ),
        pytest.param(
            "van der Berg, J., Müller, K., & Niwa-Kawakita, M. (2018). Title here. "
            "Journal X, 3(1), 1–9.",
            Claims(
                authors=people(("van der Berg", "J"), ("Müller", "K"), ("Niwa-Kawakita", "M")),
                year=2018,
                title="Title here",
                journal="Journal X",
                volume="3",
                issue="1",
                pages="1–9",
            ),
            id="particles, diacritics, hyphens",
        ),
        pytest.param(
            "Smith, A. B., Jones, C., ... Zed, Q. (2020). Big title. Big Journal, 1, 1.",
            Claims(
                authors=people(("Smith", "AB"), ("Jones", "C"), ("Zed", "Q")),
                et_al=True,
                year=2020,
                title="Big title",
                journal="Big Journal",
                volume="1",
                pages="1",
            ),
            id="authors left out",
        ),
        pytest.param(
            "Smith, A. B. (2020a). Title. Journal, 1, 1.",
            Claims(
                authors=people(("Smith", "AB")),
                year=2020,
                title="Title",
                journal="Journal",
                volume="1",
                pages="1",
            ),
            id="year with letter",
        ),
    ],
)
def test_apa_entries(entry: str, claims: Claims) -> None:
    assert parse_claims(entry) == claims


@pytest.mark.parametrize(
    ("entry", "claims"),
    [
        pytest.param(
            'Smith, John; Jones, Carol (2020). "A CS1 title". Journal of CS. 12 (3): 45–67. '
            "doi:10.5555/cs1.9",
            Claims(
                authors=people(("Smith", "John"), ("Jones", "Carol")),
                year=2020,
                title="A CS1 title",
                journal="Journal of CS",
                volume="12",
                issue="3",
                pages="45–67",
            ),
            id="two authors",
        ),
        pytest.param(
            'Niwa-Sato, Takeshi; et al. (2021). "Sleep expands the space". Sleep Science. '
            "44 (11): 1103–1111.",
            Claims(
                authors=people(("Niwa-Sato", "Takeshi")),
                et_al=True,
                year=2021,
                title="Sleep expands the space",
                journal="Sleep Science",
                volume="44",
                issue="11",
                pages="1103–1111",
            ),
            id="et al",
        ),
        pytest.param(
            'Smith, John (2020). "Title". Journal.',
            Claims(authors=people(("Smith", "John")), year=2020, title="Title", journal="Journal"),
            id="no volume",
        ),
    ],
)
def test_wikipedia_cs1_entries(entry: str, claims: Claims) -> None:
    assert parse_claims(entry) == claims


@pytest.mark.parametrize(
    ("entry", "claims"),
    [
        pytest.param(
            "Rossi L, Chen W. Receptor blockade restores drug sensitivity. "
            "Nature 512(3), 88–95 (2014).",
            Claims(
                authors=people(("Rossi", "L"), ("Chen", "W")),
                year=2014,
                title="Receptor blockade restores drug sensitivity",
                journal="Nature",
                volume="512",
                issue="3",
                pages="88–95",
            ),
            id="with issue",
        ),
        pytest.param(
            "Smith A, Jones B, et al. Title. Journal 12, 45–67 (2011).",
            Claims(
                authors=people(("Smith", "A"), ("Jones", "B")),
                et_al=True,
                year=2011,
                title="Title",
                journal="Journal",
                volume="12",
                pages="45–67",
            ),
            id="et al, no issue",
        ),
    ],
)
def test_nature_style_entries(entry: str, claims: Claims) -> None:
    assert parse_claims(entry) == claims


@pytest.mark.parametrize(
    ("label", "claims"),
    [
        (
            "Smith et al., short description here (2021)",
            Claims(
                authors=(Author("Smith"),),
                et_al=True,
                year=2021,
                title="short description here",
                title_kind=TitleKind.DESCRIPTION,
            ),
        ),
        (
            "Smith and Jones, a description (2019)",
            Claims(
                authors=(Author("Smith"), Author("Jones")),
                year=2019,
                title="a description",
                title_kind=TitleKind.DESCRIPTION,
            ),
        ),
        (
            "Niwa-Kawakita et al., CXCR4 at the junction (2022)",
            Claims(
                authors=(Author("Niwa-Kawakita"),),
                et_al=True,
                year=2022,
                title="CXCR4 at the junction",
                title_kind=TitleKind.DESCRIPTION,
            ),
        ),
        (
            "van der Linde et al., Arterial pulsation (2018)",
            Claims(
                authors=(Author("van der Linde"),),
                et_al=True,
                year=2018,
                title="Arterial pulsation",
                title_kind=TitleKind.DESCRIPTION,
            ),
        ),
    ],
)
def test_a_wiki_link_label_is_author_description_and_year(label: str, claims: Claims) -> None:
    assert parse_claims(label) == claims
    assert parse_link_label(label) == claims


@pytest.mark.parametrize(
    ("entry", "claims"),
    [
        (
            "Title of the paper - PubMed [pubmed.ncbi.nlm.nih.gov]",
            Claims(title="Title of the paper", title_kind=TitleKind.PAGE_TITLE, site="PubMed"),
        ),
        (
            "Title of the paper - PMC [pmc.ncbi.nlm.nih.gov]",
            Claims(title="Title of the paper", title_kind=TitleKind.PAGE_TITLE, site="PMC"),
        ),
        (
            "Some headline - The Daily Site [dailysite.example.com]",
            Claims(title="Some headline", title_kind=TitleKind.PAGE_TITLE, site="The Daily Site"),
        ),
        (
            "What trials tested it? [synapse.example.com]",
            Claims(
                title="What trials tested it?",
                title_kind=TitleKind.PAGE_TITLE,
                site="synapse.example.com",
            ),
        ),
        ("mdpi.com [mdpi.com]", Claims(site="mdpi.com")),
        ("www.mdpi.com [mdpi.com]", Claims(site="mdpi.com")),
        ("my.clinic.example.org [my.clinic.example.org]", Claims(site="my.clinic.example.org")),
    ],
)
def test_a_page_title_with_its_host_names_the_site(entry: str, claims: Claims) -> None:
    assert parse_claims(entry) == claims


@pytest.mark.parametrize(
    ("entry", "claims"),
    [
        ("", Claims()),
        ("   ", Claims()),
        ("garbage text with no structure", Claims()),
        ("2020", Claims()),
        ("Some notes (2005) and more (1999)", Claims()),
        (
            "World Health Organization. Global report on things. Geneva: WHO; 2020.",
            Claims(authors=(who,), year=2020),
        ),
        ("Dept of Health. Report. 2020.", Claims(year=2020)),
        (
            "World Health Organization (2020). Global report. Geneva.",
            Claims(authors=(who,), year=2020, title="Global report"),
        ),
        (
            "Smith J (2020) Title. Journal 1:1",
            Claims(authors=people(("Smith", "J")), year=2020, volume="1", pages="1"),
        ),
        (
            "Smith AB. Only a title",
            Claims(authors=people(("Smith", "AB")), title="Only a title"),
        ),
        (
            "Smith AB, Lee C. Wound care in the community. Available from: https://example.org/x",
            Claims(
                authors=people(("Smith", "AB"), ("Lee", "C")), title="Wound care in the community"
            ),
        ),
        (
            "Smith AB, Lee C. Title. In: Book of Things. 2nd ed. Publisher; 2019. p. 1-20.",
            Claims(authors=people(("Smith", "AB"), ("Lee", "C")), year=2019, pages="1–20"),
        ),
    ],
    ids=[
        "empty",
        "blank",
        "garbage",
        "bare year",
        "two years",
        "organisation, Vancouver",
        "organisation, short",
        "organisation, APA",
        "unpunctuated Harvard",
        "title only",
        "web page",
        "book chapter",
    ],
)
def test_what_an_entry_does_not_state_clearly_stays_empty(entry: str, claims: Claims) -> None:
    assert parse_claims(entry) == claims


def test_emphasis_and_database_tags_are_no_part_of_the_claims() -> None:
    entry = "**Smith AB**, Lee C. *Title here*. _J One_. 2020;1:1. [PubMed] [Google Scholar]"

    assert parse_claims(entry) == Claims(
        authors=people(("Smith", "AB"), ("Lee", "C")),
        year=2020,
        title="Title here",
        journal="J One",
        volume="1",
        pages="1",
    )


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Title. doi:10.5555/abc.1", "Title"),
        ("Title. PMID: 1234567.", "Title"),
        ("Title. Available from: https://example.org/page", "Title"),
        ("*Title* in __bold__ and `code`", "Title in bold and code"),
        ("snake_case stays", "snake_case stays"),
        ("Title. [PubMed] [PMC free article]", "Title"),
    ],
)
def test_clean_entry_text_drops_identifiers_urls_emphasis_and_their_labels(
    text: str, cleaned: str
) -> None:
    assert clean_entry_text(text) == cleaned


@pytest.mark.parametrize(
    ("label", "claims"),
    [
        (
            "Review of glymphatic imaging",
            Claims(title="Review of glymphatic imaging", title_kind=TitleKind.DESCRIPTION),
        ),
        ("2012 overview", Claims(title="2012 overview", title_kind=TitleKind.DESCRIPTION)),
        ("https://doi.org/10.5555/abc.1", Claims()),
        ("", Claims()),
    ],
)
def test_a_link_label_in_no_known_style_is_a_description(label: str, claims: Claims) -> None:
    assert parse_link_label(label) == claims


@pytest.mark.parametrize(
    "entry",
    [
        "Smith, A. B., " * 40 + "T. J, 1, 1.",
        "Smith, A. B., " * 40 + "(2020). T. J, 1, 1.",
        "Smith AB, " * 200 + "x T J 2020",
        "Smith, John; " * 200 + '(2020). "T". J. 1 (2): 3.',
    ],
    ids=["APA without year", "APA with a trailing comma", "Vancouver", "CS1"],
)
def test_a_long_author_list_that_fits_no_style_is_read_at_once(entry: str) -> None:
    # Patterns that can split "A. B., " in several ways once took minutes here.
    started = time.perf_counter()

    claims = parse_claims(entry)

    assert time.perf_counter() - started < 1.0
    assert claims.first_author is None or claims.first_author.family == "Smith"
    assert claims.journal is None
