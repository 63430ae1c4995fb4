"""Reading claims from entries in styles the patterns alone misread or did not read.

Each entry is invented for these tests. A field the reader states must be
right; where a test says a field may stay empty, the reader keeps it empty
rather than guess (a wrong journal would later accuse a real paper).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from citecheck.models import Author, Claims
from citecheck.parsing.claims import parse_claims
from citecheck.parsing.claims_fields import (
    authors_of,
    clean_venue,
    leading_year,
    pages_of,
    volume_issue,
    year_of,
)
from citecheck.parsing.claims_model import Span, claims_from_spans


def families(claims: Claims) -> list[str]:
    return [author.family for author in claims.authors]


def test_a_subtitle_after_a_question_mark_is_not_the_journal() -> None:
    claims = parse_claims(
        "Okafor, N., & Lindqvist, E. (2018). Can rivers remember? Sediment records of "
        "past floods. Journal of Fluvial Studies, 22(4), 311–329."
    )
    assert families(claims) == ["Okafor", "Lindqvist"]
    assert claims.year == 2018
    assert claims.journal in (None, "Journal of Fluvial Studies")
    assert claims.journal != "Sediment records of past floods"


def test_given_names_first_joined_by_and() -> None:
    claims = parse_claims(
        "Marta Kowalczyk and Daniel Osei. Scheduling sparse matrix kernels on small "
        "clusters. Journal of Parallel Methods, 14(2):101–118, 2011."
    )
    assert claims.authors[:2] == (Author("Kowalczyk", "Marta"), Author("Osei", "Daniel"))
    assert claims.year == 2011


def test_proceedings_after_in_are_the_venue_and_pp_the_pages() -> None:
    claims = parse_claims(
        "Hartmann, L., Ivanova, P.: Learning to rank sparse features. In: Proceedings of "
        "the Workshop on Ranking Methods, pp. 3–20. Springer, Berlin (2014)"
    )
    assert families(claims) == ["Hartmann", "Ivanova"]
    assert claims.year == 2014
    assert claims.journal in (None, "Proceedings of the Workshop on Ranking Methods")
    assert claims.journal not in ("Springer", "Berlin")
    assert claims.pages in (None, "3–20")


def test_a_quoted_title_is_read_without_its_quotation_marks() -> None:
    claims = parse_claims(
        'Brennan, Ruth. "The Quiet Economics of Village Markets." Rural History Review '
        "31, no. 2 (2016): 145–67."
    )
    assert claims.first_author == Author("Brennan", "Ruth")
    assert claims.year == 2016
    assert claims.title == "The Quiet Economics of Village Markets"


def test_surname_initials_et_al_then_the_journal() -> None:
    claims = parse_claims("Dubrovski T. et al., Phys. Rev. Lett. 101, 120401 (2008).")
    assert families(claims) == ["Dubrovski"]
    assert claims.et_al
    assert claims.year == 2008
    assert claims.journal in (None, "Phys. Rev. Lett")


def test_a_books_publisher_and_place_are_not_a_journal() -> None:
    claims = parse_claims(
        "Achterberg, H. (2009). The Long Harvest: Farming and Memory in the Low "
        "Countries. Leiden: Brill."
    )
    assert families(claims) == ["Achterberg"]
    assert claims.year == 2009
    assert claims.journal is None


def test_a_chicago_note_with_curly_quotes() -> None:
    claims = parse_claims(
        "Ingrid Solberg, “Harbours and Their Keepers,” Maritime History Quarterly 14, "
        "no. 2 (2009): 210–35."
    )
    assert families(claims) == ["Solberg"]
    assert claims.year == 2009
    assert claims.title == "Harbours and Their Keepers"


def test_a_vancouver_entry_by_an_organisation() -> None:
    claims = parse_claims(
        "World Health Organization. Global report on hearing care. Geneva: World Health "
        "Organization; 2016."
    )
    assert claims.authors == (Author("World Health Organization", is_organisation=True),)
    assert claims.year == 2016


def test_an_apa_entry_by_an_organisation() -> None:
    claims = parse_claims(
        "National Association of School Nurses. (2019). Standards of school nursing "
        "practice. School Health Journal, 12(1), 1–10."
    )
    assert claims.authors == (
        Author("National Association of School Nurses", is_organisation=True),
    )
    assert claims.year == 2019


def test_an_html_list_entry_author_dash_title() -> None:
    claims = parse_claims("Priya Raman — Tides of the Southern Coast (2015)")
    assert families(claims) == ["Raman"]
    assert claims.year == 2015


def test_the_model_states_only_the_fields_it_is_sure_of() -> None:
    spans = [
        Span("author", "Okafor, N.", 0.99),
        Span("date", "(2018).", 0.99),
        Span("title", "Can rivers remember?", 0.60),
        Span("journal", "Journal of Fluvial Studies,", 0.99),
    ]
    thresholds = {"author": 0.9, "date": 0.9, "title": 0.9, "venue": 0.9}
    assert claims_from_spans(spans, thresholds) == Claims(
        authors=(Author("Okafor", "N"),), year=2018, journal="Journal of Fluvial Studies"
    )


def test_a_container_is_the_venue_only_when_there_is_no_journal() -> None:
    spans = [
        Span("title", "Learning to rank.", 0.99),
        Span("container", "In: Proceedings of the Ranking Workshop,", 0.99),
    ]
    assert claims_from_spans(spans, {}).journal == "Proceedings of the Ranking Workshop"


def test_a_vancouver_source_span_gives_the_year() -> None:
    spans = [Span("journal", "J Fluv Stud.", 0.99), Span("volume", "2011;17(1):", 0.99)]
    claims = claims_from_spans(spans, {})
    assert (claims.year, claims.volume, claims.issue) == (2011, "17", "1")


def test_author_lists_in_every_common_form() -> None:
    assert authors_of("Okafor, N. A., Lindqvist, E. & van der Berg, J.") == (
        (Author("Okafor", "NA"), Author("Lindqvist", "E"), Author("van der Berg", "J")),
        False,
    )
    assert authors_of("N. A. Okafor, E. Lindqvist, and J. van der Berg") == (
        (Author("Okafor", "NA"), Author("Lindqvist", "E"), Author("van der Berg", "J")),
        False,
    )
    assert authors_of("Okafor NA, Lindqvist E, et al.") == (
        (Author("Okafor", "NA"), Author("Lindqvist", "E")),
        True,
    )
    assert authors_of("Solberg, Ingrid, and Tomas Berg.") == (
        (Author("Solberg", "Ingrid"), Author("Berg", "Tomas")),
        False,
    )
    assert authors_of("Ko, M.H., J.Y. Park and Y.J. Lee") == (
        (Author("Ko", "MH"), Author("Park", "JY"), Author("Lee", "YJ")),
        False,
    )


def test_span_texts_read_into_fields() -> None:
    assert year_of("(2011a).") == 2011
    assert year_of("1989 [1972].") is None  # two years: which one is meant is not known
    assert leading_year("2011 Mar;17(1):") == 2011
    assert volume_issue("Vol. 12, no. 3,") == ("12", "3")
    assert volume_issue("36(2),") == ("36", "2")
    assert pages_of("pp. 1761-1800).") == "1761–1800"
    assert pages_of("561 p.") is None  # a page count is not a page range
    assert clean_venue("In: Proceedings of the Ranking Workshop,") == (
        "Proceedings of the Ranking Workshop"
    )


def test_a_journal_section_letter_read_as_the_volume_goes_back_to_the_journal() -> None:
    spans = [
        Span("author", "K. Ostrowski,", 0.99),
        Span("journal", "Phys. Rev.", 0.99),
        Span("volume", "D 12,", 0.99),
        Span("pages", "3345", 0.99),
    ]
    claims = claims_from_spans(spans, {})
    assert (claims.journal, claims.volume) == ("Phys. Rev. D", "12")


def test_entries_read_in_threads_are_read_as_one_by_one() -> None:
    entries = [
        "Ingrid Solberg, “Harbours and Their Keepers,” Maritime History Quarterly 14, "
        "no. 2 (2009): 210–35.",
        "Marta Kowalczyk and Daniel Osei. Scheduling sparse matrix kernels on small "
        "clusters. Journal of Parallel Methods, 14(2):101–118, 2011.",
        "Hartmann, L., Ivanova, P.: Learning to rank sparse features. In: Proceedings of "
        "the Workshop on Ranking Methods, pp. 3–20. Springer, Berlin (2014)",
    ] * 20
    one_by_one = [parse_claims(entry) for entry in entries]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(parse_claims, entries)) == one_by_one
