"""Specification of citecheck.identifiers: which text is an identifier, in
what normal form, and where it sits in the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.identifiers import normalise_doi, parse_identifier, scan
from citecheck.models import Identifier, IdentifierProblem, IdType


def only(text: str) -> Identifier | IdentifierProblem:
    """The one item scan finds in ``text``; fails the test when there are more or none."""
    found = scan(text)
    assert len(found) == 1, found
    return found[0].item


def identifier(text: str) -> Identifier:
    """The one well-formed identifier scan finds in ``text``."""
    item = only(text)
    assert isinstance(item, Identifier), item
    return item


def problem(text: str) -> IdentifierProblem:
    """The one malformed identifier scan finds in ``text``."""
    item = only(text)
    assert isinstance(item, IdentifierProblem), item
    return item


def described(text: str) -> list[tuple[str, str]]:
    """(raw text, ``type:value`` or ``type! reason``) for everything scan finds in ``text``."""
    return [
        (
            f.item.raw,
            str(f.item) if isinstance(f.item, Identifier) else f"{f.item.type}! {f.item.reason}",
        )
        for f in scan(text)
    ]


# --- DOI ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("see 10.1016/j.nbd.2023.105860 here", "10.1016/j.nbd.2023.105860"),
        ("doi:10.1016/j.nbd.2023.105860", "doi:10.1016/j.nbd.2023.105860"),
        ("DOI: 10.1016/j.nbd.2023.105860", "DOI: 10.1016/j.nbd.2023.105860"),
        ("DOI 10.1016/j.nbd.2023.105860", "DOI 10.1016/j.nbd.2023.105860"),
        ("https://doi.org/10.1016/j.nbd.2023.105860", "https://doi.org/10.1016/j.nbd.2023.105860"),
        (
            "http://dx.doi.org/10.1016/j.nbd.2023.105860",
            "http://dx.doi.org/10.1016/j.nbd.2023.105860",
        ),
        ("at doi.org/10.1016/j.nbd.2023.105860", "doi.org/10.1016/j.nbd.2023.105860"),
        (
            "https://www.doi.org/10.1016/j.nbd.2023.105860",
            "https://www.doi.org/10.1016/j.nbd.2023.105860",
        ),
    ],
)
def test_every_doi_form_gives_the_bare_doi_and_its_span_covers_the_prefix(
    text: str, raw: str
) -> None:
    found = identifier(text)
    assert found.type is IdType.DOI
    assert found.value == "10.1016/j.nbd.2023.105860"
    assert found.raw == raw


def test_doi_registrant_may_have_dotted_sub_parts() -> None:
    assert identifier("10.1000.10/abc").value == "10.1000.10/abc"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("https://doi.org/10.1000%2Fabc%23d", "10.1000/abc#d"),
        ("https://doi.org/10.1000/abc%28x%29", "10.1000/abc(x)"),
        ("https://scholar.example/?q=10.1000%2Fabc%2Fdef", "10.1000/abc/def"),
        ("10.1000%2fabc", "10.1000/abc"),
        ("10.1000/abc%23d", "10.1000/abc%23d"),
    ],
)
def test_percent_escapes_are_decoded_only_in_urls_or_beside_an_encoded_slash(
    text: str, value: str
) -> None:
    assert identifier(text).value == value


@pytest.mark.parametrize("tail", [".", ",", ";", ":", "!", "?", "...", ").", ";)"])
def test_trailing_punctuation_is_not_part_of_a_doi(tail: str) -> None:
    found = identifier(f"Read doi:10.1000/abc.def{tail} next")
    assert found.value == "10.1000/abc.def"
    assert found.raw == "doi:10.1000/abc.def"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("(https://doi.org/10.1002/mds.28945)", "10.1002/mds.28945"),
        ("(see 10.1002/mds.28945).", "10.1002/mds.28945"),
        ("[10.1002/mds.28945]", "10.1002/mds.28945"),
        ("doi = {10.1002/mds.28945},", "10.1002/mds.28945"),
        ("<https://doi.org/10.1002/mds.28945>", "10.1002/mds.28945"),
        ("10.1016/S0140-6736(20)30183-5", "10.1016/S0140-6736(20)30183-5"),
        ("(10.1016/S0140-6736(20)30183-5)", "10.1016/S0140-6736(20)30183-5"),
        ("10.1000/a[1]b", "10.1000/a[1]b"),
    ],
)
def test_a_closing_bracket_stays_in_a_doi_only_when_the_doi_opened_it(
    text: str, value: str
) -> None:
    assert identifier(text).value == value


def test_markdown_link_target_never_includes_the_links_closing_parenthesis() -> None:
    text = "[Smith](https://doi.org/10.1000/abc)[Lee](https://doi.org/10.1000/def(1))"
    assert described(text) == [
        ("https://doi.org/10.1000/abc", "doi:10.1000/abc"),
        ("https://doi.org/10.1000/def(1)", "doi:10.1000/def(1)"),
    ]


def test_markdown_link_to_a_short_registrant_is_a_problem_without_the_parenthesis() -> None:
    assert problem("[x](https://doi.org/10.1/abc)").raw == "https://doi.org/10.1/abc"


@pytest.mark.parametrize(
    "text",
    [
        '<a href="https://doi.org/10.1000/abc">link</a>',
        "<a href=https://doi.org/10.1000/abc>link</a>",
        "'10.1000/abc'",
    ],
)
def test_quotes_and_html_tags_end_a_doi(text: str) -> None:
    assert identifier(text).value == "10.1000/abc"


@pytest.mark.parametrize(
    "sici",
    [
        "10.1002/(SICI)1097-4636(199706)35:4<445::AID-JBM5>3.0.CO;2-J",
        "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2",
    ],
)
@pytest.mark.parametrize(
    ("before", "raw_prefix", "after"),
    [("", "", ""), ("doi:", "doi:", "."), ("<pub-id>", "", "</pub-id>")],
)
def test_sici_dois_keep_their_angle_brackets_semicolons_and_parentheses(
    sici: str, before: str, raw_prefix: str, after: str
) -> None:
    found = identifier(f"{before}{sici}{after}")
    assert found.value == sici
    assert found.raw == raw_prefix + sici


def test_doi_case_is_kept_as_written_but_keys_compare_equal() -> None:
    upper = identifier("10.1000/ABC.Def")
    lower = identifier("https://doi.org/10.1000/abc.def")
    assert (upper.value, lower.value) == ("10.1000/ABC.Def", "10.1000/abc.def")
    assert upper.key == lower.key


@pytest.mark.parametrize(
    "text", ["doi:10.1234/", "doi:10.1234", "DOI: 10.1234.", "https://doi.org/10.1016/"]
)
def test_an_announced_doi_without_suffix_is_a_problem(text: str) -> None:
    found = problem(text)
    assert (found.type, found.reason) == (IdType.DOI, "DOI has no suffix")
    assert found.raw == text.rstrip(".")


@pytest.mark.parametrize(
    "text", ["doi:10.12/abc", "https://doi.org/10.1/abc", "DOI: 10.1234567890/abc"]
)
def test_an_announced_doi_with_a_registrant_of_wrong_length_is_a_problem(text: str) -> None:
    found = problem(text)
    assert (found.type, found.reason) == (IdType.DOI, "DOI registrant code must have 4 to 9 digits")
    assert found.raw == text


@pytest.mark.parametrize(
    "text",
    [
        "10.12/abc",
        "10.1234567890/abc",
        "10.1234 and 10.1234/",
        "version 110.1000/abc",
        "release v1.10.1000/x",
        "pages 10.5-10.9",
    ],
)
def test_unannounced_doi_look_alikes_are_nothing(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text", ["10.48550/arXiv.2101.00001", "https://doi.org/10.48550/arXiv.2101.00001"]
)
def test_a_doi_containing_an_arxiv_id_is_one_doi(text: str) -> None:
    found = identifier(text)
    assert (found.type, found.value) == (IdType.DOI, "10.48550/arXiv.2101.00001")


def test_identifiers_inside_a_doi_are_part_of_the_doi() -> None:
    found = identifier("doi:10.1000/PMC123-NCT03786094-PMID:123")
    assert found.value == "10.1000/PMC123-NCT03786094-PMID:123"


# --- PubMed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("PMID: 12345678", "PMID: 12345678", "12345678"),
        ("PMID 12345678.", "PMID 12345678", "12345678"),
        ("(PMID:12345678)", "PMID:12345678", "12345678"),
        ("pmid 123", "pmid 123", "123"),
        ("PubMed ID: 123", "PubMed ID: 123", "123"),
        ("PMID: 000123", "PMID: 000123", "123"),
        (
            "https://pubmed.ncbi.nlm.nih.gov/34539445/",
            "https://pubmed.ncbi.nlm.nih.gov/34539445",
            "34539445",
        ),
        ("at pubmed.ncbi.nlm.nih.gov/34539445", "pubmed.ncbi.nlm.nih.gov/34539445", "34539445"),
        (
            "https://www.ncbi.nlm.nih.gov/pubmed/12345",
            "https://www.ncbi.nlm.nih.gov/pubmed/12345",
            "12345",
        ),
        (
            "ncbi.nlm.nih.gov/pubmed/?term=12345",
            "ncbi.nlm.nih.gov/pubmed/?term=12345",
            "12345",
        ),
    ],
)
def test_pmid_forms_and_pubmed_urls_give_the_digits_without_leading_zeros(
    text: str, raw: str, value: str
) -> None:
    found = identifier(text)
    assert (found.type, found.value, found.raw) == (IdType.PMID, value, raw)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("PMID: 123456789012", "PMID has 12 digits; PMIDs have at most 8"),
        ("PMID 123456789", "PMID has 9 digits; PMIDs have at most 8"),
        ("PMID: 0", "PMID cannot be 0"),
    ],
)
def test_a_pmid_of_more_than_8_digits_or_zero_is_a_problem(text: str, reason: str) -> None:
    found = problem(text)
    assert (found.type, found.reason, found.raw) == (IdType.PMID, reason, text)


@pytest.mark.parametrize(
    "text", ["12345678", "see 34539445 and 123.", "pubmed/12345", "PMID: 123abc", "XPMID 123"]
)
def test_bare_numbers_are_never_pmids(text: str) -> None:
    assert scan(text) == []


def test_a_pmc_number_is_a_pmcid_never_a_pmid() -> None:
    assert [str(f.item) for f in scan("PMC128915 and PMID: PMC128915")] == [
        "pmcid:PMC128915",
        "pmcid:PMC128915",
    ]
    assert parse_identifier("PMC128915", IdType.PMID) == Identifier(IdType.PMCID, "PMC128915")


# --- PubMed Central ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("PMC1234567", "PMC1234567"),
        ("(pmc1234567).", "pmc1234567"),
        ("PMC0001234567", "PMC0001234567"),
        ("PMCID: PMC1234567", "PMCID: PMC1234567"),
        ("PMCID:PMC1234567", "PMCID:PMC1234567"),
        (
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/",
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567",
        ),
        (
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567",
        ),
        ("europepmc.org/article/PMC/PMC1234567", "europepmc.org/article/PMC/PMC1234567"),
    ],
)
def test_pmcid_forms_and_urls_give_upper_pmc_and_digits_without_leading_zeros(
    text: str, raw: str
) -> None:
    found = identifier(text)
    assert (found.type, found.value, found.raw) == (IdType.PMCID, "PMC1234567", raw)


@pytest.mark.parametrize("text", ["XPMC123", "PMC123abc", "europepmc.org", "PMC"])
def test_pmc_inside_a_word_is_not_a_pmcid(text: str) -> None:
    assert scan(text) == []


def test_pmc_with_more_than_10_digits_is_a_problem() -> None:
    found = problem("PMC12345678901")
    assert (found.type, found.reason) == (
        IdType.PMCID,
        "PMCID has 11 digits; PMCIDs have at most 10",
    )


# --- arXiv -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("arXiv:2101.00001", "arXiv:2101.00001", "2101.00001"),
        ("arXiv:2101.00001v2.", "arXiv:2101.00001v2", "2101.00001"),
        ("arXiv: 0706.0001", "arXiv: 0706.0001", "0706.0001"),
        ("https://arxiv.org/abs/2101.00001v3", "https://arxiv.org/abs/2101.00001v3", "2101.00001"),
        ("arxiv.org/pdf/2101.00001.pdf", "arxiv.org/pdf/2101.00001.pdf", "2101.00001"),
        ("arXiv:hep-th/9901001", "arXiv:hep-th/9901001", "hep-th/9901001"),
        ("arxiv.org/abs/math.GT/0309136", "arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
    ],
)
def test_arxiv_new_old_and_url_forms_give_the_id_without_version(
    text: str, raw: str, value: str
) -> None:
    found = identifier(text)
    assert (found.type, found.value, found.raw) == (IdType.ARXIV, value, raw)


@pytest.mark.parametrize("text", ["2101.00001", "see 2101.00001v2", "hep-th/9901001"])
def test_arxiv_ids_without_arxiv_prefix_or_url_are_nothing(text: str) -> None:
    assert scan(text) == []


# --- ISBN --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("ISBN 978-3-16-148410-0", "ISBN 978-3-16-148410-0", "9783161484100"),
        ("ISBN-13: 9783161484100.", "ISBN-13: 9783161484100", "9783161484100"),
        ("ISBN-10: 0-306-40615-2", "ISBN-10: 0-306-40615-2", "9780306406157"),
        ("ISBN: 0306406152", "ISBN: 0306406152", "9780306406157"),
        ("isbn 0-8044-2957-X", "isbn 0-8044-2957-X", "9780804429573"),
        ("ISBN 0 306 40615 2", "ISBN 0 306 40615 2", "9780306406157"),
        ("ISBN 978-3-16-148410-0 2019 2020", "ISBN 978-3-16-148410-0", "9783161484100"),
    ],
)
def test_isbns_are_checked_and_stored_as_isbn_13_digits(text: str, raw: str, value: str) -> None:
    found = identifier(text)
    assert (found.type, found.value, found.raw) == (IdType.ISBN, value, raw)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ISBN 978-3-16-148410-1", "ISBN check digit is wrong"),
        ("ISBN 0-306-40615-3", "ISBN check digit is wrong"),
        ("ISBN 12345", "ISBN must have 10 or 13 digits"),
        ("ISBN 978-3-16-148410", "ISBN must have 10 or 13 digits"),
    ],
)
def test_an_isbn_with_a_bad_check_digit_or_length_is_a_problem(text: str, reason: str) -> None:
    found = problem(text)
    assert (found.type, found.reason, found.raw) == (IdType.ISBN, reason, text)


@pytest.mark.parametrize("text", ["978-3-16-148410-0", "0306406152", "ISBNs are numbers"])
def test_numbers_without_an_isbn_label_are_nothing(text: str) -> None:
    assert scan(text) == []


# --- trial registries --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw", "id_type", "value"),
    [
        ("NCT03786094", "NCT03786094", IdType.NCT, "NCT03786094"),
        ("(nct03786094).", "nct03786094", IdType.NCT, "NCT03786094"),
        (
            "clinicaltrials.gov/study/NCT03786094",
            "clinicaltrials.gov/study/NCT03786094",
            IdType.NCT,
            "NCT03786094",
        ),
        (
            "https://clinicaltrials.gov/ct2/show/NCT03786094?term=x",
            "https://clinicaltrials.gov/ct2/show/NCT03786094",
            IdType.NCT,
            "NCT03786094",
        ),
        ("ISRCTN12345678", "ISRCTN12345678", IdType.ISRCTN, "ISRCTN12345678"),
        (
            "https://www.isrctn.com/ISRCTN12345678",
            "https://www.isrctn.com/ISRCTN12345678",
            IdType.ISRCTN,
            "ISRCTN12345678",
        ),
    ],
)
def test_registry_numbers_and_urls_give_the_upper_case_number(
    text: str, raw: str, id_type: IdType, value: str
) -> None:
    found = identifier(text)
    assert (found.type, found.value, found.raw) == (id_type, value, raw)


@pytest.mark.parametrize(
    ("text", "id_type", "reason"),
    [
        ("NCT0378609", IdType.NCT, "NCT number must have 8 digits"),
        ("NCT037860941", IdType.NCT, "NCT number must have 8 digits"),
        ("ISRCTN1234567", IdType.ISRCTN, "ISRCTN number must have 8 digits"),
    ],
)
def test_a_registry_number_without_8_digits_is_a_problem(
    text: str, id_type: IdType, reason: str
) -> None:
    found = problem(text)
    assert (found.type, found.reason, found.raw) == (id_type, reason, text)


@pytest.mark.parametrize("text", ["XNCT03786094", "NCT03786094abc", "NCT"])
def test_nct_inside_a_word_is_nothing(text: str) -> None:
    assert scan(text) == []


# --- odd Unicode -------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_inside_an_identifier_are_dropped_from_its_value(char: str) -> None:
    text = f"x doi:10.1000/abc{char}def and PM{char}ID: 12{char}34"
    assert described(text) == [
        (f"doi:10.1000/abc{char}def", "doi:10.1000/abcdef"),
        (f"PM{char}ID: 12{char}34", "pmid:1234"),
    ]


# Marks that change direction or hide text, and combining marks: a DOI
# copied with one looks right and is unknown to the registry (issue 10).
REORDERING = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
REORDERING += ["\u2066", "\u2067", "\u2068", "\u2069", "\U000e0001", "\U000e0041", "\U000e007f"]
COMBINING = ["\u0301", "\u0338", "\u1ab0", "\u1dc0", "\u20d2", "\ufe20"]


@pytest.mark.parametrize("char", REORDERING + COMBINING)
def test_direction_marks_tags_and_combining_marks_are_dropped_from_an_identifier(
    char: str,
) -> None:
    text = f"See doi:10.1000/abc{char}def and PMID: 12{char}34{char}."
    assert [str(f.item) for f in scan(text)] == ["doi:10.1000/abcdef", "pmid:1234"]
    assert normalise_doi(f"{char}https://doi.org/10.1000/{char}abc.def{char}") == "10.1000/abc.def"


@pytest.mark.parametrize("char", REORDERING)
def test_no_direction_override_or_tag_reaches_the_source_text_of_an_identifier(char: str) -> None:
    found = scan(f"x doi:10.1000/abc{char}def and doi:10.1000{char}")
    assert [f.item.raw for f in found] == ["doi:10.1000/abcdef", "doi:10.1000"]
    problem = parse_identifier(f"12{char}ab", IdType.PMID)
    assert isinstance(problem, IdentifierProblem) and problem.raw == "12ab"


def test_a_combining_mark_on_a_letter_of_the_text_around_a_doi_changes_nothing() -> None:
    text = "Cafe\u0301 study, doi:10.1000/xyz, re\u0301sume\u0301."
    assert [str(f.item) for f in scan(text)] == ["doi:10.1000/xyz"]


@pytest.mark.parametrize("hyphen", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2212"])
def test_hyphen_like_characters_inside_values_become_hyphens(hyphen: str) -> None:
    text = (
        f"doi:10.1000/abc{hyphen}def; ISBN 978{hyphen}3{hyphen}16{hyphen}148410{hyphen}0; "
        f"arXiv:hep{hyphen}th/9901001"
    )
    assert [str(f.item) for f in scan(text)] == [
        "doi:10.1000/abc-def",
        "isbn:9783161484100",
        "arxiv:hep-th/9901001",
    ]


def test_full_width_digits_and_letters_are_folded() -> None:
    text = "ＰＭＩＤ：１２３４５ doi:１０．１０００／ａｂｃ ＰＭＣ１２３"
    assert described(text) == [
        ("ＰＭＩＤ：１２３４５", "pmid:12345"),
        ("doi:１０．１０００／ａｂｃ", "doi:10.1000/abc"),
        ("ＰＭＣ１２３", "pmcid:PMC123"),
    ]


def test_spans_point_into_the_original_text_around_removed_characters() -> None:
    text = "\u200b\u200bSee\u00ad doi:10.1000/a\u200bb (PMID:\ufeff123) and PMC\u2060456."
    found = scan(text)
    assert [text[f.start : f.end] for f in found] == [
        "doi:10.1000/a\u200bb",
        "PMID:\ufeff123",
        "PMC\u2060456",
    ]
    assert all(text[f.start : f.end] == f.item.raw for f in found)


# --- scanning a whole text ---------------------------------------------------


def test_scan_reports_every_identifier_in_reading_order_with_its_raw_text() -> None:
    text = (
        "1. Smith J. Title. Neurobiol Dis. 2023. doi:10.1016/j.nbd.2023.105860. "
        "PMID: 34539445; PMCID: PMC128915.\n"
        "2. Lee K. Preprint. arXiv:2101.00001v2 [cs.CL]. See https://doi.org/10.1000/x(1)).\n"
        "3. A book. ISBN 0-306-40615-2. Trial NCT03786094 and DOI: 10.1234.\n"
    )
    assert described(text) == [
        ("doi:10.1016/j.nbd.2023.105860", "doi:10.1016/j.nbd.2023.105860"),
        ("PMID: 34539445", "pmid:34539445"),
        ("PMCID: PMC128915", "pmcid:PMC128915"),
        ("arXiv:2101.00001v2", "arxiv:2101.00001"),
        ("https://doi.org/10.1000/x(1)", "doi:10.1000/x(1)"),
        ("ISBN 0-306-40615-2", "isbn:9780306406157"),
        ("NCT03786094", "nct:NCT03786094"),
        ("DOI: 10.1234", "doi! DOI has no suffix"),
    ]
    found = scan(text)
    assert all(text[f.start : f.end] == f.item.raw for f in found)
    assert all(f.item.location is None for f in found)


def test_url_forms_are_one_identifier_not_also_the_bare_form_inside() -> None:
    text = "https://doi.org/10.1000/abc https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/"
    assert [f.item.raw for f in scan(text)] == [
        "https://doi.org/10.1000/abc",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123",
    ]


def test_text_without_identifiers_gives_nothing() -> None:
    assert scan("") == []
    assert scan("In 2019, 10 of 12 patients (83%) improved; see Table 10.2/3.") == []


# --- parse_identifier and normalise_doi --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1000/abc", Identifier(IdType.DOI, "10.1000/abc")),
        ("  doi:10.1000/abc. ", Identifier(IdType.DOI, "10.1000/abc")),
        ('"https://doi.org/10.1000%2Fabc"', Identifier(IdType.DOI, "10.1000/abc")),
        ("https://pubmed.ncbi.nlm.nih.gov/34539445/", Identifier(IdType.PMID, "34539445")),
        ("PMID: 123", Identifier(IdType.PMID, "123")),
        ("PMC123", Identifier(IdType.PMCID, "PMC123")),
        ("arXiv:2101.00001v2", Identifier(IdType.ARXIV, "2101.00001")),
        ("ISBN 0306406152", Identifier(IdType.ISBN, "9780306406157")),
        ("https://clinicaltrials.gov/study/NCT03786094", Identifier(IdType.NCT, "NCT03786094")),
        ("12345", None),
        ("2101.00001", None),
        ("10.12/abc", None),
        ("", None),
        ("not an identifier", None),
        ("see doi:10.1000/abc for details", None),
        ("doi:10.1000/a doi:10.1000/b", None),
    ],
)
def test_parse_identifier_reads_one_identifier_given_on_its_own(
    text: str, expected: Identifier | None
) -> None:
    assert parse_identifier(text) == expected


def test_parse_identifier_keeps_the_text_as_raw() -> None:
    found = parse_identifier(" doi:10.1000/abc ")
    assert isinstance(found, Identifier)
    assert found.raw == "doi:10.1000/abc"


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("12345", IdType.PMID, Identifier(IdType.PMID, "12345")),
        (" 00012345 ", IdType.PMID, Identifier(IdType.PMID, "12345")),
        ("123", IdType.PMCID, Identifier(IdType.PMCID, "PMC123")),
        ("pmc0123", IdType.PMCID, Identifier(IdType.PMCID, "PMC123")),
        ("2101.00001v2", IdType.ARXIV, Identifier(IdType.ARXIV, "2101.00001")),
        ("math.GT/0309136", IdType.ARXIV, Identifier(IdType.ARXIV, "math.GT/0309136")),
        ("978-3-16-148410-0", IdType.ISBN, Identifier(IdType.ISBN, "9783161484100")),
        ("0-8044-2957-X", IdType.ISBN, Identifier(IdType.ISBN, "9780804429573")),
        ("03786094", IdType.NCT, Identifier(IdType.NCT, "NCT03786094")),
        ("12345678", IdType.ISRCTN, Identifier(IdType.ISRCTN, "ISRCTN12345678")),
        ("10.1000/ABC", IdType.DOI, Identifier(IdType.DOI, "10.1000/ABC")),
        ("PMC128915", IdType.PMID, Identifier(IdType.PMCID, "PMC128915")),
        (
            "123456789012",
            IdType.PMID,
            IdentifierProblem(
                IdType.PMID, "123456789012", "PMID has 12 digits; PMIDs have at most 8"
            ),
        ),
        (
            "0-306-40615-3",
            IdType.ISBN,
            IdentifierProblem(IdType.ISBN, "0-306-40615-3", "ISBN check digit is wrong"),
        ),
        (
            "10.12/abc",
            IdType.DOI,
            IdentifierProblem(
                IdType.DOI, "10.12/abc", "DOI registrant code must have 4 to 9 digits"
            ),
        ),
        ("10.1234", IdType.DOI, IdentifierProblem(IdType.DOI, "10.1234", "DOI has no suffix")),
        ("n/a", IdType.PMID, IdentifierProblem(IdType.PMID, "n/a", "not a valid PMID")),
        ("  ", IdType.PMID, None),
    ],
)
def test_a_hint_reads_bare_values_as_that_type(
    text: str, hint: IdType, expected: Identifier | IdentifierProblem | None
) -> None:
    assert parse_identifier(text, hint) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1000/ABC", "10.1000/ABC"),
        ("doi:10.1000/abc", "10.1000/abc"),
        ("DOI: 10.1000/abc.", "10.1000/abc"),
        ("https://doi.org/10.1000%2Fabc%23d", "10.1000/abc#d"),
        ("http://dx.doi.org/10.1000/abc", "10.1000/abc"),
        ("doi.org/10.1000/abc", "10.1000/abc"),
        ("10.1000/abc\u200b", "10.1000/abc"),
        ("PMC123", None),
        ("10.12/abc", None),
        ("doi:10.1234/", None),
        ("", None),
    ],
)
def test_normalise_doi_gives_the_doi_in_normal_form_or_none(
    text: str, expected: str | None
) -> None:
    assert normalise_doi(text) == expected


# --- properties --------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "doi:", "DOI ", "https://doi.org/", "10.", "1234", "12345678", "/", "%2F", "(sici)",
        "PMC", "PMID", "pmid:", "pubmed.ncbi.nlm.nih.gov/", "arXiv:", "arxiv.org/abs/", "ISBN ",
        "NCT", "ISRCTN", "(", ")", "[", "]", "<", ">", "{", "}", ".", ",", " ", "-", "x", "X",
        "\n", "\u200b", "\u00ad", "\u2011", "１", "Ｐ", "İ", "\u212a",
    ]
)  # fmt: skip
_TEXTS = st.one_of(
    st.text(),
    st.lists(
        st.one_of(_FRAGMENTS, st.text(max_size=4), st.integers(0, 10**13).map(str)),
        max_size=30,
    ).map("".join),
)


@settings(deadline=None)
@given(_TEXTS)
def test_scan_never_raises_and_its_spans_are_sorted_disjoint_and_in_bounds(text: str) -> None:
    previous_end = 0
    for found in scan(text):
        assert previous_end <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.item.raw
        previous_end = found.end


@settings(deadline=None)
@given(_TEXTS)
def test_an_identifiers_raw_text_reads_back_as_the_same_identifier(text: str) -> None:
    for found in scan(text):
        if isinstance(found.item, Identifier):
            assert parse_identifier(found.item.raw) == found.item


@settings(deadline=None)
@given(_TEXTS, st.none() | st.sampled_from(IdType))
def test_parse_identifier_and_normalise_doi_never_raise(text: str, hint: IdType | None) -> None:
    item = parse_identifier(text, hint)
    assert item is None or isinstance(item, Identifier | IdentifierProblem)
    value = normalise_doi(text)
    assert value is None or value.startswith("10.")
