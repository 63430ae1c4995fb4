"""What an entry claims, compared with the real record of the work it cites.

Every case builds its claims and its record here, as the readers and the
resolvers would: names as reference lists write them (``Smith J``), records
as Crossref and PubMed deposit them (``Smith, John``).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.matching import (
    Comparison,
    JournalRelation,
    TitleRelation,
    YearRelation,
    compare,
    normalise,
)
from citecheck.models import Author, Claims, Record, Service, TitleKind

# --------------------------------------------------------------------------
# Helpers: a record and claims with only the fields a case is about.


def names(*written: str) -> tuple[Author, ...]:
    """Authors written ``Family, Given`` (a record) or ``Family G`` (a claim);
    ``=Name`` is an organisation."""
    authors = []
    for name in written:
        if name.startswith("="):
            authors.append(Author(name[1:], is_organisation=True))
        elif "," in name:
            family, given_name = name.split(",", 1)
            authors.append(Author(family.strip(), given_name.strip()))
        else:
            family, _, initials = name.rpartition(" ")
            authors.append(Author(family, initials) if family else Author(initials))
    return tuple(authors)


def record(**fields: Any) -> Record:
    return Record(Service.CROSSREF, **fields)


def authors_of(
    claimed: tuple[str, ...], recorded: tuple[str, ...], et_al: bool = False
) -> Comparison:
    return compare(Claims(authors=names(*claimed), et_al=et_al), record(authors=names(*recorded)))


# --------------------------------------------------------------------------
# Normal form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Hallmarks of Cancer: The Next Generation",
            "hallmarks of cancer the next generation",
            id="case-punctuation",
        ),
        pytest.param("Identiﬁcation of ﬂow ﬀ", "identification of flow ff", id="pdf-ligatures"),
        pytest.param("TNF-α and IFN-γ", "tnf alpha and ifn gamma", id="greek-letters"),
        pytest.param("TNFalpha and NF-kappaB", "tnf alpha and nf kappa b", id="greek-names-glued"),
        pytest.param("NF-κB", "nf kappa b", id="greek-letter-glued"),
        pytest.param(
            "Müller glia in Ørsted's São Paulo", "muller glia in orsted s sao paulo", id="accents"
        ),
        pytest.param(
            "The role of <i>CXCR4</i> in H<sub>2</sub>O", "the role of cxcr4 in h 2 o", id="markup"
        ),
        pytest.param(
            "Research &amp; Development", "research and development", id="entity-ampersand"
        ),
        pytest.param("Law & Society", "law and society", id="ampersand"),
        pytest.param("p < 0.05 and q > 1", "p 0 05 and q 1", id="comparison-is-not-a-tag"),
        pytest.param("  a\t\nb   c ", "a b c", id="whitespace"),
        pytest.param("Ｆｕｌｌｗｉｄｔｈ", "fullwidth", id="nfkc"),
        pytest.param("µm and μm", "mu m and mu m", id="micro-sign"),
        pytest.param("---", "", id="nothing-left"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


# --------------------------------------------------------------------------
# Authors


@pytest.mark.parametrize(
    ("claimed", "recorded", "soft"),
    [
        pytest.param(("Smith J",), ("Smith, John",), False, id="initials-vs-given-name"),
        pytest.param(("Smith J",), ("Smith, Adam",), False, id="surname-decides-not-initials"),
        pytest.param(("Muller K",), ("Müller, Klaus",), False, id="accent-dropped"),
        pytest.param(("MÜLLER K",), ("Müller, Klaus",), False, id="upper-case"),
        pytest.param(("Mueller K",), ("Müller, Klaus",), True, id="umlaut-spelled-out"),
        pytest.param(
            ("Chaikovsky PI",), ("Tchaikovsky, Pyotr Ilyich",), True, id="transliteration-tch"
        ),
        pytest.param(("Yurgen K",), ("Jurgen, Klaus",), True, id="transliteration-j-y"),
        pytest.param(("Wey L",), ("Wei, Li",), True, id="transliteration-i-y"),
        pytest.param(("Dostoyevsky F",), ("Dostoevsky, Fyodor",), True, id="transliteration-fuzzy"),
        pytest.param(("van der Berg J",), ("Berg, Jan van der",), False, id="particle-in-given"),
        pytest.param(("Berg J",), ("van der Berg, Jan",), False, id="particle-dropped"),
        pytest.param(("Cruz M",), ("de la Cruz, Maria",), False, id="spanish-particles"),
        pytest.param(("von Neumann J",), ("Neumann, John von",), False, id="von"),
        pytest.param(
            ("Vanderwall AC",), ("Vander Wall, Allison C.",), False, id="particle-written-together"
        ),
        pytest.param(("O'Brien T",), ("OBrien, Thomas",), False, id="apostrophe"),
        pytest.param(
            ("Niwa-Kawakita M",), ("Niwa Kawakita, Michiko",), False, id="hyphen-vs-space"
        ),
        pytest.param(("Niwa M",), ("Niwa-Kawakita, Michiko",), False, id="first-part-of-compound"),
        pytest.param(
            ("Garcia-Marquez G",), ("García Márquez, Gabriel",), False, id="compound-accents"
        ),
        pytest.param(
            ("Garcia Lopez J",),
            ("García, Juan",),
            False,
            id="spanish-double-surname-record-keeps-one",
        ),
        pytest.param(
            ("Perkins TA",), ("Alex Perkins, T.",), False, id="record-family-holds-more-names"
        ),
        pytest.param(("Smith J",), ("John Smith,",), False, id="record-family-is-whole-name"),
        pytest.param(("Zhang W",), ("Wei, Zhang",), True, id="record-given-family-swapped"),
        pytest.param(("Wei Z",), ("Zhang, Wei",), True, id="claim-given-family-swapped"),
        pytest.param(
            ("=World Health Organization",),
            ("=World Health Organization",),
            False,
            id="organisation",
        ),
        pytest.param(
            ("=World Health Organisation",),
            ("=World Health Organization",),
            False,
            id="organisation-spelling",
        ),
        pytest.param(("=WHO",), ("=World Health Organization",), False, id="organisation-acronym"),
        pytest.param(
            ("WHO",),
            ("=World Health Organization",),
            False,
            id="organisation-acronym-read-as-person",
        ),
        pytest.param(
            ("=World Health Organization",), ("=WHO",), False, id="record-organisation-acronym"
        ),
        pytest.param(
            ("=NCBI Resource Coordinators",), ("=NCBI Resource Coordinators",), False, id="ncbi"
        ),
        pytest.param(
            ("=NCBI Resource Coordinators",),
            ("Coordinators, NCBI Resource",),
            False,
            id="organisation-filed-as-person",
        ),
        pytest.param(
            ("=PROTECT",),
            ("=GEMARA-SEIMC/CIBERINFEC Study Group (PROTECT)",),
            False,
            id="organisation-bracketed-acronym",
        ),
    ],
)
def test_name_variants_match(
    claimed: tuple[str, ...], recorded: tuple[str, ...], soft: bool
) -> None:
    authors = authors_of(claimed, recorded).authors
    assert authors is not None
    assert (authors.matched, authors.unmatched) == (1, ())
    assert authors.first_author_matches
    assert authors.soft is soft
    assert authors.score == 100.0


@pytest.mark.parametrize(
    ("claimed", "recorded"),
    [
        pytest.param(("Miller K",), ("Müller, Klaus",), id="one-letter-in-a-short-name"),
        pytest.param(("Hanson P",), ("Hansen, Peter",), id="sen-son"),
        pytest.param(("Zhuang J",), ("Zhang, Jie",), id="short-chinese-names"),
        pytest.param(("Yang L",), ("Jiang, Li",), id="jiang-yang"),
        pytest.param(("Martin J",), ("Martinez, Jose",), id="martin-martinez"),
        pytest.param(("Jin M",), ("Koh, Myung Jin",), id="one-syllable-of-a-given-name"),
        pytest.param(
            ("Health J",), ("=World Health Organization",), id="one-word-of-an-organisation"
        ),
        pytest.param(("=Study Group",), ("Group, Anna",), id="organisation-never-by-one-word"),
    ],
)
def test_different_names_do_not_match(claimed: tuple[str, ...], recorded: tuple[str, ...]) -> None:
    authors = authors_of(claimed, recorded).authors
    assert authors is not None
    assert authors.matched == 0
    assert not authors.soft


RECORD_AUTHORS = (
    "Jumper, John",
    "Evans, Richard",
    "Pritzel, Alexander",
    "Green, Tim",
    "Figurnov, Michael",
)


@pytest.mark.parametrize(
    ("claimed", "et_al", "matched", "first", "unmatched", "score"),
    [
        pytest.param(
            ("Jumper J", "Evans R", "Pritzel A", "Green T", "Figurnov M"),
            False,
            5,
            True,
            (),
            100.0,
            id="all-five",
        ),
        pytest.param(
            ("Jumper J", "Evans R", "Pritzel A"), True, 3, True, (), 100.0, id="et-al-costs-nothing"
        ),
        pytest.param(("Jumper J",), True, 1, True, (), 100.0, id="first-author-et-al"),
        pytest.param(
            ("Jumper J", "Evans R", "Smith K", "Green T"),
            False,
            3,
            True,
            ("Smith",),
            80.0,
            id="one-of-four-wrong",
        ),
        pytest.param(
            ("Evans R", "Jumper J", "Pritzel A"), False, 3, False, (), 75.0, id="first-two-swapped"
        ),
        pytest.param(
            ("Smith K", "Brown L", "Garcia M"),
            False,
            0,
            False,
            ("Smith", "Brown", "Garcia"),
            0.0,
            id="wholly-different",
        ),
        pytest.param(
            ("Smith K", "Evans R"), True, 1, False, ("Smith",), 33.3, id="wrong-first-author"
        ),
    ],
)
def test_author_lists(
    claimed: tuple[str, ...],
    et_al: bool,
    matched: int,
    first: bool,
    unmatched: tuple[str, ...],
    score: float,
) -> None:
    authors = authors_of(claimed, RECORD_AUTHORS, et_al=et_al).authors
    assert authors is not None
    assert authors.claimed == len(claimed)
    assert authors.matched == matched
    assert authors.first_author_matches is first
    assert authors.unmatched == unmatched
    assert authors.score == score
    assert not authors.soft


def test_initials_choose_between_two_record_authors_with_one_surname() -> None:
    comparison = authors_of(("Zhang Y", "Zhang X"), ("Zhang, Xiaoming", "Zhang, Yan", "Li, Wei"))
    assert comparison.authors is not None
    assert comparison.authors.matched == 2
    # Zhang Y is the record's second author, not its first.
    assert not comparison.authors.first_author_matches


def test_a_lenient_match_never_takes_an_author_an_exact_match_needs() -> None:
    # "Muller" could softly be "Mueller" too, but "Mueller" is exactly Mueller.
    comparison = authors_of(("Muller K", "Mueller H"), ("Müller, Klaus", "Mueller, Hans"))
    assert comparison.authors is not None
    assert (comparison.authors.matched, comparison.authors.soft) == (2, False)


def test_a_long_consortium_author_list_is_no_obstacle() -> None:
    recorded = tuple(f"Author{i}, A." for i in range(2000))
    comparison = authors_of(("Author0 A", "Author1 A"), recorded, et_al=True)
    assert comparison.authors is not None
    assert comparison.authors.score == 100.0


@pytest.mark.parametrize(
    ("claimed", "recorded"),
    [
        pytest.param((), ("Smith, John",), id="no-claimed-authors"),
        pytest.param(("Smith J",), (), id="record-without-authors"),
        pytest.param(("-",), ("Smith, John",), id="claimed-name-is-punctuation"),
    ],
)
def test_no_author_comparison_without_names_on_both_sides(
    claimed: tuple[str, ...], recorded: tuple[str, ...]
) -> None:
    assert authors_of(claimed, recorded).authors is None


# --------------------------------------------------------------------------
# Year


@pytest.mark.parametrize(
    ("claimed", "years", "relation", "delta"),
    [
        pytest.param(2021, {"issued_year": 2021}, YearRelation.SAME, 0, id="same"),
        pytest.param(
            2020,
            {"issued_year": 2019, "online_year": 2019, "print_year": 2020},
            YearRelation.SAME,
            0,
            id="print-year",
        ),
        pytest.param(
            2020,
            {"issued_year": 2019, "online_year": 2019},
            YearRelation.OFF_BY_ONE,
            1,
            id="online-first-vs-print",
        ),
        pytest.param(2018, {"issued_year": 2019}, YearRelation.OFF_BY_ONE, 1, id="one-early"),
        pytest.param(
            2017,
            {"issued_year": 2019, "print_year": 2019},
            YearRelation.DIFFERENT,
            2,
            id="off-by-two",
        ),
    ],
)
def test_years(claimed: int, years: dict[str, int], relation: YearRelation, delta: int) -> None:
    year = compare(Claims(year=claimed), record(**years)).year
    assert year is not None
    assert (year.relation, year.delta) == (relation, delta)
    assert ("year_delta", float(delta)) in compare(Claims(year=claimed), record(**years)).scores()


def test_no_year_comparison_when_either_side_lacks_one() -> None:
    assert compare(Claims(year=2020), record()).year is None
    assert compare(Claims(), record(issued_year=2020)).year is None


# --------------------------------------------------------------------------
# Title

HALLMARKS = "Hallmarks of Cancer: The Next Generation"
SLEEP = (
    "Prevalence and risk of sleep apnea in patients with the FMR1 premutation "
    "and fragile X-associated tremor/ataxia syndrome"
)


@pytest.mark.parametrize(
    ("claimed", "kind", "title", "subtitle", "relation"),
    [
        pytest.param(
            "Hallmarks of cancer: the next generation.",
            TitleKind.TITLE,
            HALLMARKS,
            None,
            TitleRelation.SAME,
            id="case-and-punctuation",
        ),
        pytest.param(
            "Hallmarks of cancer - the next generation",
            TitleKind.TITLE,
            "Hallmarks of Cancer",
            "The Next Generation",
            TitleRelation.SAME,
            id="subtitle-field",
        ),
        pytest.param(
            "Prevalance and risk of sleep apnea in patients with the FMR1 premutation and fragile X-associated tremor/ataxia syndrome",
            TitleKind.TITLE,
            SLEEP,
            None,
            TitleRelation.SAME,
            id="one-typo",
        ),
        pytest.param(
            "Hallmarks of cancer",
            TitleKind.TITLE,
            HALLMARKS,
            None,
            TitleRelation.ABRIDGED,
            id="subtitle-missing",
        ),
        pytest.param(
            "Hallmarks of cancer",
            TitleKind.TITLE,
            "Hallmarks of Cancer",
            "The Next Generation",
            TitleRelation.ABRIDGED,
            id="subtitle-field-missing",
        ),
        pytest.param(
            "Prevalence and risk of sleep apnea in patients with the FMR1 premutation...",
            TitleKind.TITLE,
            SLEEP,
            None,
            TitleRelation.ABRIDGED,
            id="truncated",
        ),
        pytest.param(
            "Prevalence and risk of sleep apnea in patients with the FMR1 premu",
            TitleKind.PAGE_TITLE,
            SLEEP,
            None,
            TitleRelation.ABRIDGED,
            id="truncated-mid-word",
        ),
        pytest.param(
            "Identiﬁcation of novel ﬂavonoids in Arabidopsis",
            TitleKind.TITLE,
            "Identification of novel flavonoids in Arabidopsis",
            None,
            TitleRelation.SAME,
            id="pdf-ligatures",
        ),
        pytest.param(
            "TNF-α induces apoptosis of human neutrophils",
            TitleKind.TITLE,
            "TNF-alpha induces apoptosis of human neutrophils",
            None,
            TitleRelation.SAME,
            id="greek-letter-vs-name",
        ),
        pytest.param(
            "The role of <i>NF-κB</i> in inflammation",
            TitleKind.TITLE,
            "The role of NF-kappaB in inflammation",
            None,
            TitleRelation.SAME,
            id="markup-and-greek",
        ),
        pytest.param(
            "CXCL12 upregulation in PD substantia nigra",
            TitleKind.DESCRIPTION,
            "Elevated CXCL12 expression in the substantia nigra of patients with Parkinson's disease",
            None,
            TitleRelation.PARAPHRASED,
            id="wiki-description",
        ),
        pytest.param(
            "Kokusaginine reduces kidney fibrosis via PI3K/AKT",
            TitleKind.DESCRIPTION,
            "Kokusaginine attenuates renal fibrosis by inhibiting the PI3K/AKT signaling pathway",
            None,
            TitleRelation.PARAPHRASED,
            id="wiki-description-other-words",
        ),
        pytest.param(
            "Deep learning segmentation of retinal vessels",
            TitleKind.DESCRIPTION,
            "Elevated CXCL12 expression in the substantia nigra of patients with Parkinson's disease",
            None,
            TitleRelation.DIFFERENT,
            id="description-of-another-paper",
        ),
        pytest.param(
            "A pneumonia outbreak associated with a new coronavirus of probable bat origin",
            TitleKind.TITLE,
            HALLMARKS,
            None,
            TitleRelation.DIFFERENT,
            id="another-title",
        ),
        pytest.param(
            "The role of the widget",
            TitleKind.TITLE,
            "Web widget design",
            None,
            TitleRelation.DIFFERENT,
            id="one-shared-word-is-a-topic",
        ),
        pytest.param(
            "Cancer",
            TitleKind.DESCRIPTION,
            HALLMARKS,
            None,
            TitleRelation.DIFFERENT,
            id="one-word-is-no-abridgement",
        ),
    ],
)
def test_titles(
    claimed: str, kind: TitleKind, title: str, subtitle: str | None, relation: TitleRelation
) -> None:
    comparison = compare(
        Claims(title=claimed, title_kind=kind), record(title=title, subtitle=subtitle)
    ).title
    assert comparison is not None
    assert comparison.relation is relation
    assert comparison.kind is kind
    assert comparison.best == max(comparison.token_set, comparison.partial)


def test_title_scores_for_an_exact_title_are_all_100() -> None:
    comparison = compare(Claims(title=HALLMARKS.upper()), record(title=HALLMARKS))
    assert comparison.scores() == (
        ("title_token_set", 100.0),
        ("title_partial", 100.0),
        ("title_ratio", 100.0),
        ("title_best", 100.0),
    )


def test_a_running_head_deposited_as_subtitle_is_no_subtitle() -> None:
    title = (
        "Microbial contamination in peeled chestnuts and the efficacy of postprocessing treatments"
    )
    comparison = compare(
        Claims(title=title),
        record(title=title, subtitle="Microbial contamination in peeled chestnuts"),
    )
    assert comparison.title is not None
    assert comparison.title.relation is TitleRelation.SAME


@pytest.mark.parametrize(
    ("claimed", "title"),
    [
        pytest.param(None, HALLMARKS, id="no-claimed-title"),
        pytest.param(HALLMARKS, None, id="untitled-record"),
        pytest.param("…", HALLMARKS, id="nothing-left"),
    ],
)
def test_no_title_comparison_without_text_on_both_sides(
    claimed: str | None, title: str | None
) -> None:
    assert compare(Claims(title=claimed), record(title=title)).title is None


# --------------------------------------------------------------------------
# Journal

PNAS = "Proceedings of the National Academy of Sciences of the United States of America"


@pytest.mark.parametrize(
    ("claimed", "journal", "abbreviations", "relation"),
    [
        pytest.param(
            "Journal of Biological Chemistry",
            "Journal of Biological Chemistry",
            ("J Biol Chem",),
            JournalRelation.SAME,
            id="full",
        ),
        pytest.param(
            "The Journal of Biological Chemistry",
            "Journal of Biological Chemistry",
            (),
            JournalRelation.SAME,
            id="leading-the",
        ),
        pytest.param(
            "Journal Orthopaedic Research",
            "Journal of Orthopaedic Research",
            (),
            JournalRelation.ABBREVIATION,
            id="function-word-dropped",
        ),
        pytest.param(
            "Science",
            "Science (New York, N.Y.)",
            ("Science",),
            JournalRelation.SAME,
            id="nlm-place-qualifier",
        ),
        pytest.param(
            "Xenobiotica",
            "Xenobiotica; the fate of foreign compounds in biological systems",
            (),
            JournalRelation.SAME,
            id="nlm-subtitle",
        ),
        pytest.param(
            "Biomedicine and Pharmacotherapy",
            "Biomedicine & pharmacotherapy = Biomedecine & pharmacotherapie",
            (),
            JournalRelation.SAME,
            id="ampersand-and-translation",
        ),
        pytest.param(
            "J. Biol. Chem.",
            "Journal of Biological Chemistry",
            ("J Biol Chem",),
            JournalRelation.ABBREVIATION,
            id="iso-abbreviation",
        ),
        pytest.param(
            "Proc Natl Acad Sci U S A",
            PNAS,
            ("Proc. Natl. Acad. Sci. U.S.A.", "Proc Natl Acad Sci U S A"),
            JournalRelation.ABBREVIATION,
            id="nlm-abbreviation",
        ),
        pytest.param(
            "Nat Rev Cancer",
            "Nature Reviews Cancer",
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-nat-rev-cancer",
        ),
        pytest.param(
            "J Biol Chem",
            "Journal of Biological Chemistry",
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-j-biol-chem",
        ),
        pytest.param(
            "Proc Natl Acad Sci USA",
            PNAS,
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-contractions-and-initials",
        ),
        pytest.param(
            "Z Anorg Allg Chem",
            "Zeitschrift für anorganische und allgemeine Chemie",
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-german",
        ),
        pytest.param(
            "Lab Chip",
            "Lab on a Chip",
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-function-words",
        ),
        pytest.param(
            "Am J Med Genet B Neuropsychiatr Genet",
            "American Journal of Medical Genetics Part B: Neuropsychiatric Genetics",
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-part-and-subtitle",
        ),
        pytest.param(
            "N Engl J Med",
            "The New England Journal of Medicine",
            (),
            JournalRelation.ABBREVIATION,
            id="plausible-nejm",
        ),
        pytest.param(
            "JAMA",
            "Journal of the American Medical Association",
            (),
            JournalRelation.ABBREVIATION,
            id="acronym",
        ),
        pytest.param(
            "Biochim Biophys Acta",
            "Biochimica et biophysica acta. Molecular cell research",
            ("Biochim Biophys Acta Mol Cell Res",),
            JournalRelation.ABBREVIATION,
            id="journal-without-its-section",
        ),
        pytest.param(
            "Nature Medicine",
            "Nature Methods",
            ("Nat Methods",),
            JournalRelation.DIFFERENT,
            id="wrong-journal",
        ),
        pytest.param(
            "Nat Med",
            "Nature Methods",
            (),
            JournalRelation.DIFFERENT,
            id="abbreviation-of-another-journal",
        ),
        pytest.param(
            "Journal of Clinical Oncology",
            "Journal of Clinical Neurology",
            (),
            JournalRelation.DIFFERENT,
            id="one-word-apart",
        ),
        pytest.param(
            "Am J Physiol Cell Physiol",
            "American journal of physiology. Heart and circulatory physiology",
            ("Am J Physiol Heart Circ Physiol",),
            JournalRelation.DIFFERENT,
            id="another-section",
        ),
        pytest.param(
            "ICDM",
            "2021 IEEE International Conference on Data Mining (ICDM)",
            (),
            JournalRelation.ABBREVIATION,
            id="a-meeting-by-the-acronym-its-proceedings-give",
        ),
        pytest.param(
            "Proc. SIGMOD Workshops",
            "Companion of the 2020 International Conference on Management of Data "
            "Workshops (SIGMOD Workshops)",
            (),
            JournalRelation.ABBREVIATION,
            id="a-two-word-acronym-with-proceedings-around-it",
        ),
        pytest.param(
            "ICSE 2018",
            "Proceedings of the 40th International Conference on Software Engineering",
            (),
            JournalRelation.ABBREVIATION,
            id="an-acronym-the-title-spells",
        ),
        pytest.param(
            "Proceedings of the Conference on Robot Learning",
            "2022 International Conference on Robotics and Automation (ICRA)",
            (),
            JournalRelation.DIFFERENT,
            id="another-meeting",
        ),
        pytest.param(
            "ICSE",
            "Proceedings of the 40th International Conference on Machine Learning",
            (),
            JournalRelation.DIFFERENT,
            id="an-acronym-the-title-does-not-spell",
        ),
    ],
)
def test_journals(
    claimed: str, journal: str, abbreviations: tuple[str, ...], relation: JournalRelation
) -> None:
    comparison = compare(
        Claims(journal=claimed), record(journal=journal, journal_abbreviations=abbreviations)
    ).journal
    assert comparison is not None
    assert comparison.relation is relation
    assert comparison.claimed == claimed
    if relation is not JournalRelation.DIFFERENT:
        assert comparison.matched_name in (journal, *abbreviations)
        assert comparison.score >= 95.0


def test_a_record_with_only_abbreviations_is_compared_on_them() -> None:
    comparison = compare(
        Claims(journal="Nucleic Acids Res"), record(journal_abbreviations=("Nucleic Acids Res",))
    )
    assert comparison.journal is not None
    assert comparison.journal.relation is JournalRelation.ABBREVIATION


def test_no_journal_comparison_without_names_on_both_sides() -> None:
    assert compare(Claims(journal="Cell"), record()).journal is None
    assert compare(Claims(), record(journal="Cell")).journal is None


# --------------------------------------------------------------------------
# Volume and pages


@pytest.mark.parametrize(
    ("claimed", "recorded", "matches"),
    [
        pytest.param("45-67", {"pages": "45–67"}, True, id="hyphen-vs-en-dash"),
        pytest.param("1761-7", {"pages": "1761-1767"}, True, id="abbreviated-last-page"),
        pytest.param("pp. 1761–67", {"pages": "1761-1767"}, True, id="pp-label"),
        pytest.param("p. 12", {"pages": "12"}, True, id="p-label"),
        pytest.param("e33693", {"pages": "e33693"}, True, id="article-number-as-pages"),
        pytest.param("E33693", {"article_number": "e33693"}, True, id="article-number-field"),
        pytest.param("S12-S15", {"pages": "s12-s15"}, True, id="letter-prefix-case"),
        pytest.param(
            "D20-D26",
            {"pages": "D20-D26", "article_number": "gkab1112"},
            True,
            id="pages-and-article-number",
        ),
        pytest.param("46-67", {"pages": "45-67"}, False, id="other-first-page"),
    ],
)
def test_pages(claimed: str, recorded: dict[str, str], matches: bool) -> None:
    assert compare(Claims(pages=claimed), record(**recorded)).pages_match is matches


@pytest.mark.parametrize(
    ("claimed", "recorded", "matches"),
    [
        pytest.param("144", "144", True, id="same"),
        pytest.param("Vol. 144", "144", True, id="vol-label"),
        pytest.param("50(D1)", "50 (D1)", True, id="spacing"),
        pytest.param("145", "144", False, id="other-volume"),
    ],
)
def test_volumes(claimed: str, recorded: str, matches: bool) -> None:
    assert compare(Claims(volume=claimed), record(volume=recorded)).volume_matches is matches


def test_volume_and_pages_are_unknown_unless_both_sides_have_them() -> None:
    comparison = compare(Claims(volume="12", pages="1-9"), record())
    assert (comparison.volume_matches, comparison.pages_match) == (None, None)
    comparison = compare(Claims(), record(volume="12", pages="1-9"))
    assert (comparison.volume_matches, comparison.pages_match) == (None, None)


# --------------------------------------------------------------------------
# A real paper must not be accused: correct entries against their records.

ALPHAFOLD = record(
    doi="10.1038/s41586-021-03819-2",
    title="Highly accurate protein structure prediction with AlphaFold",
    authors=names(
        "Jumper, John",
        "Evans, Richard",
        "Pritzel, Alexander",
        "Green, Tim",
        "Figurnov, Michael",
        "Ronneberger, Olaf",
        "Tunyasuvunakool, Kathryn",
        "Bates, Russ",
        "Žídek, Augustin",
    ),
    issued_year=2021,
    online_year=2021,
    print_year=2021,
    journal="Nature",
    journal_abbreviations=("Nature",),
    volume="596",
    issue="7873",
    pages="583-589",
)
HALLMARKS_RECORD = Record(
    Service.PUBMED,
    pmid="21376230",
    title="Hallmarks of cancer: the next generation",
    authors=names("Hanahan, Douglas", "Weinberg, Robert A"),
    issued_year=2011,
    journal="Cell",
    journal_abbreviations=("Cell",),
    volume="144",
    issue="5",
    pages="646-74",
)
NCBI_RECORD = Record(
    Service.PUBMED,
    pmid="26615191",
    title="Database resources of the National Center for Biotechnology Information",
    authors=names("=NCBI Resource Coordinators"),
    issued_year=2016,
    journal="Nucleic acids research",
    journal_abbreviations=("Nucleic Acids Res",),
    volume="44",
    issue="D1",
    pages="D7-19",
)
PARKINSON_RECORD = record(
    title="Elevated CXCL12 expression in the substantia nigra of patients with Parkinson's disease",
    authors=names("Müller-Schiffmann, Andreas", "Øster, Lene", "Nguyễn, Thị Hà"),
    issued_year=2022,
    online_year=2022,
    print_year=2023,
    journal="Journal of Neuroinflammation",
    journal_abbreviations=("J Neuroinflammation",),
    volume="19",
    article_number="45",
)


@pytest.mark.parametrize(
    ("claims", "real"),
    [
        pytest.param(
            Claims(
                authors=names(
                    "Jumper J", "Evans R", "Pritzel A", "Green T", "Figurnov M", "Ronneberger O"
                ),
                et_al=True,
                year=2021,
                title="Highly accurate protein structure prediction with AlphaFold",
                journal="Nature",
                volume="596",
                issue="7873",
                pages="583-9",
            ),
            ALPHAFOLD,
            id="vancouver-et-al",
        ),
        pytest.param(
            Claims(
                authors=names("Hanahan, D.", "Weinberg, R. A."),
                year=2011,
                title="Hallmarks of Cancer: The Next Generation",
                journal="Cell",
                volume="144",
                issue="5",
                pages="646–674",
            ),
            HALLMARKS_RECORD,
            id="apa",
        ),
        pytest.param(
            Claims(
                authors=names("=NCBI Resource Coordinators"),
                year=2016,
                title="Database resources of the National Center for Biotechnology Information.",
                journal="Nucleic Acids Res.",
                volume="44",
                pages="D7-D19",
            ),
            NCBI_RECORD,
            id="organisation-author",
        ),
        pytest.param(
            Claims(
                authors=names("Muller-Schiffmann A", "Oster L", "Nguyen TH"),
                year=2023,
                title="Elevated CXCL12 expression in the substantia nigra of patients with Parkinson’s disease",
                journal="J Neuroinflammation",
                volume="19",
                pages="45",
            ),
            PARKINSON_RECORD,
            id="diacritics-dropped-print-year",
        ),
    ],
)
def test_a_correct_entry_is_the_same_work_in_every_field(claims: Claims, real: Record) -> None:
    comparison = compare(claims, real)
    assert comparison.authors is not None
    assert comparison.authors.matched == comparison.authors.claimed
    assert comparison.authors.first_author_matches
    assert not comparison.authors.soft
    assert comparison.authors.score == 100.0
    assert comparison.year is not None and comparison.year.relation is YearRelation.SAME
    assert comparison.title is not None and comparison.title.relation is TitleRelation.SAME
    assert comparison.journal is not None
    assert comparison.journal.relation in (JournalRelation.SAME, JournalRelation.ABBREVIATION)
    assert comparison.volume_matches is True
    assert comparison.pages_match is True


def test_a_wiki_label_of_a_real_paper_is_a_paraphrase_with_the_right_people() -> None:
    claims = Claims(
        authors=names("Müller-Schiffmann"),
        et_al=True,
        year=2022,
        title="CXCL12 upregulation in PD substantia nigra",
        title_kind=TitleKind.DESCRIPTION,
    )
    comparison = compare(claims, PARKINSON_RECORD)
    assert comparison.authors is not None and comparison.authors.score == 100.0
    assert comparison.year is not None and comparison.year.relation is YearRelation.SAME
    assert comparison.title is not None and comparison.title.relation is TitleRelation.PARAPHRASED


def test_the_wrong_work_differs_in_people_and_title() -> None:
    claims = Claims(
        authors=names("Hanahan D", "Weinberg RA"),
        year=2011,
        title="Hallmarks of cancer: the next generation",
        journal="Cell",
    )
    comparison = compare(claims, ALPHAFOLD)
    assert comparison.authors is not None and comparison.authors.matched == 0
    assert comparison.title is not None and comparison.title.relation is TitleRelation.DIFFERENT
    assert (
        comparison.journal is not None and comparison.journal.relation is JournalRelation.DIFFERENT
    )
    assert comparison.year is not None and comparison.year.relation is YearRelation.DIFFERENT


def test_scores_name_every_number_behind_the_comparison() -> None:
    claims = Claims(
        authors=names("Hanahan D", "Weinberg RA"),
        year=2011,
        title="Hallmarks of cancer",
        journal="Cell",
        volume="144",
        pages="646-74",
    )
    scores = dict(compare(claims, HALLMARKS_RECORD).scores())
    assert list(scores) == [
        "authors",
        "authors_claimed",
        "authors_matched",
        "first_author",
        "title_token_set",
        "title_partial",
        "title_ratio",
        "title_best",
        "journal",
        "year_delta",
        "volume",
        "pages",
    ]
    assert scores["authors"] == 100.0
    assert scores["authors_matched"] == 2.0
    assert scores["title_partial"] == 100.0
    assert scores["year_delta"] == 0.0


def test_nothing_claimed_compares_nothing() -> None:
    comparison = compare(Claims(), ALPHAFOLD)
    assert comparison == Comparison(None, None, None, None, None, None)
    assert comparison.scores() == ()


# --------------------------------------------------------------------------
# Property: any text compares without raising, every score within 0..100.

_text = st.text(max_size=60)
_optional_text = st.none() | _text
_year = st.none() | st.integers(min_value=-5000, max_value=5000)
_author = st.builds(Author, _text, _text, st.booleans())
_COUNTS = {"authors_claimed", "authors_matched", "year_delta"}


@settings(max_examples=300, deadline=None)
@given(
    claims=st.builds(
        Claims,
        authors=st.lists(_author, max_size=5).map(tuple),
        et_al=st.booleans(),
        year=_year,
        title=_optional_text,
        title_kind=st.sampled_from(TitleKind),
        journal=_optional_text,
        volume=_optional_text,
        pages=_optional_text,
    ),
    real=st.builds(
        Record,
        service=st.just(Service.CROSSREF),
        title=_optional_text,
        subtitle=_optional_text,
        authors=st.lists(_author, max_size=5).map(tuple),
        issued_year=_year,
        print_year=_year,
        online_year=_year,
        journal=_optional_text,
        journal_abbreviations=st.lists(_text, max_size=3).map(tuple),
        volume=_optional_text,
        pages=_optional_text,
        article_number=_optional_text,
    ),
)
def test_any_text_compares_and_every_score_is_within_0_and_100(
    claims: Claims, real: Record
) -> None:
    comparison = compare(claims, real)
    for name, value in comparison.scores():
        if name in _COUNTS:
            assert value >= 0.0, name
        else:
            assert 0.0 <= value <= 100.0, name
    if comparison.authors is not None:
        assert 0 <= comparison.authors.matched <= comparison.authors.claimed
        assert (
            len(comparison.authors.unmatched)
            == comparison.authors.claimed - comparison.authors.matched
        )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_a_text_always_matches_itself(text: str) -> None:
    normalised = normalise(text)
    assert normalise(normalised) == normalised
    comparison = compare(Claims(title=text, journal=text), record(title=text, journal=text))
    if normalised:
        assert comparison.title is not None and comparison.title.relation is TitleRelation.SAME
        assert (
            comparison.journal is not None and comparison.journal.relation is JournalRelation.SAME
        )
