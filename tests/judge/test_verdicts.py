"""One verdict per reference: what the claims and the lookups decide.

The first cases are real papers that must not be accused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from citecheck.describe import claims_text
from citecheck.judge.verdicts import judge_entry, verdict_finding
from citecheck.models import (
    DEFAULT_SEVERITY,
    Author,
    Claims,
    Entry,
    FindingCode,
    Identifier,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Notice,
    NoticeKind,
    Record,
    Service,
    Severity,
    TitleKind,
    Verdict,
)

DOI = Identifier(IdType.DOI, "10.1182/blood-2005-08-3182")
PMID = Identifier(IdType.PMID, "16269611")

BURGER = Record(
    service=Service.CROSSREF,
    doi="10.1182/blood-2005-08-3182",
    title="CXCR4: a key receptor in the crosstalk between tumor cells and their microenvironment",
    authors=(Author("Burger", "Jan A."), Author("Kipps", "Thomas J.")),
    issued_year=2006,
    print_year=2006,
    online_year=2005,
    journal="Blood",
    volume="107",
    issue="5",
    pages="1761-1767",
)


def entry(claims: Claims, *identifiers: Identifier) -> Entry:
    # The entry's text says what its claims say, as a real entry's does.
    return Entry(
        label="7",
        raw=claims_text(claims),
        location=Location(12, 4),
        identifiers=identifiers,
        claims=claims,
    )


def found(identifier: Identifier, record: Record) -> dict[str, Lookup]:
    return {identifier.key: Lookup(identifier, LookupStatus.FOUND, record.service, record=record)}


CORRECT = Claims(
    authors=(Author("Burger", "JA"), Author("Kipps", "TJ")),
    year=2006,
    title="CXCR4: a key receptor in the crosstalk between tumor cells and their microenvironment",
    journal="Blood",
    volume="107",
    issue="5",
    pages="1761–7",
)


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        pytest.param(CORRECT, FindingCode.VERIFIED, id="the exact Vancouver entry"),
        pytest.param(
            Claims(
                authors=(Author("Burger"),), et_al=True, year=2005, title="CXCR4: a key receptor"
            ),
            FindingCode.VERIFIED_WITH_NOTES,
            id="online-first year and a title without its subtitle",
        ),
        pytest.param(
            Claims(
                authors=(Author("Burger"),),
                et_al=True,
                year=2006,
                title="CXCR4 in tumour-stroma crosstalk",
                title_kind=TitleKind.DESCRIPTION,
            ),
            FindingCode.VERIFIED_WITH_NOTES,
            id="a wiki description in other words, authors and year right",
        ),
        pytest.param(
            Claims(
                authors=(Author("Burger"),),
                et_al=True,
                year=2006,
                title="A review of chemokines",
                title_kind=TitleKind.DESCRIPTION,
            ),
            FindingCode.NOT_COMPARED,
            id="a description sharing nothing with the title: only surname and year agree",
        ),
        pytest.param(
            Claims(authors=(Author("Bürger"), Author("Kipps")), year=2006, title=CORRECT.title),
            FindingCode.VERIFIED,
            id="an umlaut the record does not have",
        ),
        pytest.param(
            Claims(authors=(Author("Burger"), Author("Kipps")), year=2009, title=CORRECT.title),
            FindingCode.METADATA_MISMATCH,
            id="year three off",
        ),
        pytest.param(
            Claims(
                authors=(Author("Burger"), Author("Kipps")),
                year=2006,
                title=CORRECT.title,
                journal="Leukemia",
            ),
            FindingCode.METADATA_MISMATCH,
            id="another journal",
        ),
        pytest.param(
            Claims(
                authors=(Author("Burger"), Author("Kipps"), Author("Smith")),
                year=2006,
                title=CORRECT.title,
            ),
            FindingCode.METADATA_MISMATCH,
            id="one co-author of three who is not an author",
        ),
        pytest.param(
            Claims(
                authors=(Author("Miller"), Author("Chen")),
                year=2023,
                title="CXCR4 antagonists in experimental Parkinson disease",
            ),
            FindingCode.WRONG_WORK,
            id="other people, another title",
        ),
        pytest.param(
            Claims(
                authors=(Author("Miller"),),
                et_al=True,
                year=2006,
                title="CXCR4 antagonists in experimental PD",
                title_kind=TitleKind.DESCRIPTION,
            ),
            FindingCode.WRONG_WORK,
            id="other people and an unrelated description",
        ),
        pytest.param(
            Claims(title="Gut microbiota and obesity in twins", year=2015),
            FindingCode.WRONG_WORK,
            id="no authors claimed, another title and year",
        ),
        pytest.param(Claims(), FindingCode.NOT_COMPARED, id="nothing claimed to compare"),
        pytest.param(Claims(year=2006), FindingCode.NOT_COMPARED, id="only a year to compare"),
    ],
)
def test_claims_against_the_record(claims: Claims, code: FindingCode) -> None:
    verdict = judge_entry(entry(claims, DOI), found(DOI, BURGER))
    assert verdict.code is code, verdict.message
    assert verdict.severity is DEFAULT_SEVERITY[code]
    assert verdict.entry_label == "7"
    assert verdict.location == Location(12, 4)
    assert verdict.identifier == DOI
    if not claims.is_empty:
        assert dict(verdict.scores), "the scores behind the decision are kept"


def test_the_wrong_work_is_explained_side_by_side() -> None:
    claims = Claims(
        authors=(Author("Miller"),),
        et_al=True,
        year=2023,
        title="CXCR4 antagonists in experimental PD",
        title_kind=TitleKind.DESCRIPTION,
    )
    verdict = judge_entry(entry(claims, DOI), found(DOI, BURGER))
    assert verdict.message == (
        'wrong work: DOI 10.1182/blood-2005-08-3182 is "CXCR4: a key receptor in the crosstalk '
        'between tumor cells and their microenvironment" (Burger, Kipps; 2006) — the article '
        'claims Miller et al. 2023, "CXCR4 antagonists in experimental PD"'
    )
    finding = verdict_finding(verdict, "page.md")
    assert finding is not None
    assert finding.claimed == 'Miller et al. 2023, "CXCR4 antagonists in experimental PD"'
    assert finding.recorded.startswith('"CXCR4: a key receptor')
    assert finding.evidence_dict()["identifier"] == "doi:10.1182/blood-2005-08-3182"


@pytest.mark.parametrize(
    ("notice", "code"),
    [
        (NoticeKind.RETRACTION, FindingCode.RETRACTED),
        (NoticeKind.WITHDRAWAL, FindingCode.RETRACTED),
        (NoticeKind.EXPRESSION_OF_CONCERN, FindingCode.EXPRESSION_OF_CONCERN),
        (NoticeKind.CORRECTION, FindingCode.CORRECTED),
    ],
)
def test_notices_on_the_cited_work(notice: NoticeKind, code: FindingCode) -> None:
    verdict = judge_entry(entry(CORRECT, DOI), found(DOI, _with_notice(notice)))
    assert verdict.code is code


def _with_notice(kind: NoticeKind) -> Record:
    return replace(BURGER, notices=(Notice(kind, "retraction-watch", doi="10.1182/notice"),))


def test_the_wrong_work_outranks_its_retraction() -> None:
    claims = Claims(
        authors=(Author("Miller"),), title="CXCR4 antagonists in experimental Parkinson disease"
    )
    verdict = judge_entry(entry(claims, DOI), found(DOI, _with_notice(NoticeKind.RETRACTION)))
    assert verdict.code is FindingCode.WRONG_WORK


def test_a_doi_that_does_not_exist_beside_a_pmid_that_does_is_not_found() -> None:
    missing = Identifier(IdType.DOI, "10.1182/blood-2005-08-9999")
    lookups = {
        missing.key: Lookup(missing, LookupStatus.NOT_FOUND, Service.CROSSREF, reason="HTTP 404"),
        **found(
            PMID,
            Record(
                Service.PUBMED,
                pmid="16269611",
                title=CORRECT.title,
                authors=BURGER.authors,
                issued_year=2006,
            ),
        ),
    }
    verdict = judge_entry(entry(CORRECT, missing, PMID), lookups)
    assert verdict.code is FindingCode.IDENTIFIER_NOT_FOUND
    assert verdict.identifier == missing
    assert "though PMID 16269611 resolves" in verdict.message


def test_a_pmid_whose_record_names_another_doi_disagrees_with_the_cited_doi() -> None:
    lookups = {
        **found(DOI, BURGER),
        **found(PMID, Record(Service.PUBMED, pmid="16269611", doi="10.1038/nrc1388")),
    }
    verdict = judge_entry(entry(CORRECT, DOI, PMID), lookups)
    assert verdict.code is FindingCode.IDENTIFIERS_DISAGREE
    assert "pmid:16269611 has DOI 10.1038/nrc1388" in verdict.message


@pytest.mark.parametrize(
    ("lookup", "code", "severity"),
    [
        (
            Lookup(DOI, LookupStatus.NOT_FOUND, Service.CROSSREF, reason="HTTP 404"),
            FindingCode.IDENTIFIER_NOT_FOUND,
            Severity.ERROR,
        ),
        (
            Lookup(DOI, LookupStatus.OTHER_AGENCY, Service.CROSSREF, agency="datacite"),
            FindingCode.REGISTERED_ELSEWHERE,
            Severity.INFO,
        ),
        (
            Lookup(
                DOI,
                LookupStatus.COULD_NOT_VERIFY,
                Service.CROSSREF,
                reason="rate limited (HTTP 429)",
            ),
            FindingCode.COULD_NOT_VERIFY,
            Severity.WARNING,
        ),
    ],
)
def test_outcomes_without_a_record(lookup: Lookup, code: FindingCode, severity: Severity) -> None:
    verdict = judge_entry(entry(CORRECT, DOI), {DOI.key: lookup})
    assert (verdict.code, verdict.severity) == (code, severity)


def test_could_not_verify_keeps_its_reason_and_is_never_not_found() -> None:
    lookup = Lookup(DOI, LookupStatus.COULD_NOT_VERIFY, Service.CROSSREF, reason="timeout")
    verdict = judge_entry(entry(CORRECT, DOI), {DOI.key: lookup})
    assert verdict.reason == "timeout"
    assert verdict.message == "DOI 10.1182/blood-2005-08-3182 could not be verified: timeout"


def test_an_entry_with_only_an_isrctn_number_is_unverifiable_when_searches_are_off() -> None:
    trial = Identifier(IdType.ISRCTN, "ISRCTN12345678")
    verdict = judge_entry(entry(Claims(title="FORTRESS"), trial), {}, search=False)
    assert verdict.code is FindingCode.UNVERIFIABLE
    assert verdict.message == (
        "nothing to check it by: only isrctn:ISRCTN12345678, which no service here resolves"
        " (searches are off)"
    )


def test_severities_can_be_changed() -> None:
    severities = {**DEFAULT_SEVERITY, FindingCode.CORRECTED: Severity.WARNING}
    verdict = judge_entry(
        entry(CORRECT, DOI), found(DOI, _with_notice(NoticeKind.CORRECTION)), severities=severities
    )
    assert (verdict.code, verdict.severity) == (FindingCode.CORRECTED, Severity.WARNING)


def test_a_plain_verified_verdict_makes_no_finding() -> None:
    verdict = judge_entry(entry(CORRECT, DOI), found(DOI, BURGER))
    assert verdict_finding(verdict, "page.md") is None


# --------------------------------------------------------------------------
# The same work or another: evidence from the claims and the entry's text.

SOIL = Record(
    service=Service.CROSSREF,
    doi="10.5555/soil.2019.11",
    title="Nitrogen cycling in restored prairie soils under drought",
    authors=(
        Author("Okonkwo", "Adaeze"),
        Author("Lindqvist", "Maja"),
        Author("Haddad", "Rami"),
        Author("Petrov", "Ivan"),
    ),
    issued_year=2019,
    journal="Soil Ecology Letters",
    volume="14",
    pages="201-214",
)
SOIL_DOI = Identifier(IdType.DOI, "10.5555/soil.2019.11")


def judged(claims: Claims, raw: str | None = None, record: Record = SOIL) -> Verdict:
    item = replace(entry(claims, SOIL_DOI), raw=raw if raw is not None else claims_text(claims))
    return judge_entry(item, found(SOIL_DOI, record))


SOIL_AUTHORS = (Author("Okonkwo", "A"), Author("Lindqvist", "M"), Author("Haddad", "R"))


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(
            Claims(
                authors=(Author("Okonkwo", "A"), Author("Baptiste", "L")),
                year=2019,
                title="Mycorrhizal networks and carbon storage in boreal forests",
                journal="Soil Ecology Letters",
            ),
            id="the same first author and journal, another paper",
        ),
        pytest.param(
            Claims(
                authors=(Author("Haddad", "R"), Author("Moreau", "C"), Author("Lindqvist", "M")),
                et_al=True,
                year=2020,
                title="Drought legacy effects on grassland microbial communities",
            ),
            id="an overlapping team, the same topic, another paper",
        ),
        pytest.param(
            Claims(year=2019),
            id="nothing but a year read from an entry about another work",
        ),
    ],
)
def test_another_work_that_shares_people_or_a_journal_is_the_wrong_work(claims: Claims) -> None:
    raw = None
    if claims.title is None:
        raw = "Baptiste L, Moreau C. Mycorrhizal networks and carbon storage. 2019;3:1-9."
    verdict = judged(claims, raw)
    assert verdict.code is FindingCode.WRONG_WORK, verdict.message
    assert verdict.severity is Severity.ERROR
    assert any(e.startswith("same-work probability") for e in verdict.evidence)


@pytest.mark.parametrize(
    ("title", "word"),
    [
        pytest.param(
            "Nitrogen cycling in restored tallgrass prairie soils under drought",
            "'tallgrass'",
            id="a word put into the title",
        ),
        pytest.param(
            "Nitrogen cycling in prairie soils under drought", "'restored'", id="a word taken out"
        ),
    ],
)
def test_a_near_miss_title_is_an_error_not_an_abridgement(title: str, word: str) -> None:
    verdict = judged(Claims(authors=SOIL_AUTHORS, et_al=True, year=2019, title=title))
    assert verdict.code is FindingCode.METADATA_MISMATCH, verdict.message
    assert verdict.severity is Severity.ERROR
    assert word in verdict.message


def test_a_title_without_its_end_is_abridged() -> None:
    verdict = judged(
        Claims(authors=SOIL_AUTHORS, et_al=True, year=2019, title="Nitrogen cycling in restored")
    )
    assert verdict.code is FindingCode.VERIFIED_WITH_NOTES, verdict.message
    assert "title abridged" in verdict.notes


@pytest.mark.parametrize(
    "authors",
    [
        pytest.param((Author("Nakamura", "K"), Author("Silva", "P")), id="swapped for others"),
        pytest.param((Author("Doe", "J"), Author("Roe", "R")), id="placeholders"),
        pytest.param(
            (Author("Okonkwo", "A"), Author("Fairbanks", "T"), Author("Quill", "E")),
            id="the first author right, the others invented",
        ),
        pytest.param(
            (Author("Okonkwo", "A"), Author("Petrov", "I")),
            id="the middle authors silently dropped",
        ),
    ],
)
def test_authors_that_are_not_the_records_fail_the_gate(authors: tuple[Author, ...]) -> None:
    verdict = judged(Claims(authors=authors, year=2019, title=SOIL.title))
    assert verdict.code is FindingCode.METADATA_MISMATCH, verdict.message
    assert verdict.severity is Severity.ERROR


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(
            Claims(authors=(Author("Okonkwo", "A"), Author("Lindqvist", "M")), et_al=True),
            id="the first authors and et al.",
        ),
        pytest.param(
            Claims(authors=(Author("Okonkwo", "A"), Author("Lindqvist", "M"))),
            id="a list cut short without et al., which styles do",
        ),
    ],
)
def test_an_author_list_cut_at_its_end_is_no_accusation(claims: Claims) -> None:
    verdict = judged(replace(claims, year=2019, title=SOIL.title))
    assert verdict.code is FindingCode.VERIFIED, verdict.message


def test_wrong_year_volume_or_pages_are_warnings() -> None:
    verdict = judged(
        Claims(authors=SOIL_AUTHORS, et_al=True, year=2015, title=SOIL.title, volume="9")
    )
    assert verdict.code is FindingCode.METADATA_MISMATCH
    assert verdict.severity is Severity.WARNING


def test_a_chosen_severity_for_mismatches_wins_over_the_evidence() -> None:
    claims = Claims(authors=(Author("Doe", "J"),), year=2019, title=SOIL.title)
    severities = {**DEFAULT_SEVERITY, FindingCode.METADATA_MISMATCH: Severity.INFO}
    item = replace(entry(claims, SOIL_DOI), raw=claims_text(claims))
    verdict = judge_entry(item, found(SOIL_DOI, SOIL), severities=severities)
    assert verdict.code is FindingCode.METADATA_MISMATCH
    assert verdict.severity is Severity.INFO


def test_the_records_title_in_the_entry_text_identifies_it_when_nothing_was_parsed() -> None:
    raw = (
        "OKONKWO, ADAEZE & al. — “Nitrogen cycling in restored prairie soils under drought,” "
        "Soil Ecol. Lett. xiv (2019)"
    )
    verdict = judged(Claims(), raw)
    assert verdict.code is FindingCode.VERIFIED_WITH_NOTES, verdict.message
    assert "the record's title is in the entry text" in verdict.evidence


def test_a_title_read_with_the_journal_run_on_is_no_accusation() -> None:
    claims = Claims(
        authors=SOIL_AUTHORS,
        year=2019,
        title=f"{SOIL.title}. Soil Ecology Letters",
    )
    verdict = judged(claims)
    assert verdict.code in (FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES), verdict.message


@pytest.mark.parametrize(
    ("claims", "raw"),
    [
        pytest.param(Claims(), "doi:10.5555/soil.2019.11", id="a bare DOI"),
        pytest.param(Claims(year=2019), "(2019) https://doi.org/10.5555/soil.2019.11", id="a year"),
    ],
)
def test_an_entry_that_states_nothing_comparable_is_not_verified(claims: Claims, raw: str) -> None:
    verdict = judged(claims, raw)
    assert verdict.code is FindingCode.NOT_COMPARED, verdict.message
    assert verdict.severity is Severity.WARNING
    assert "states nothing" in verdict.message


def test_a_proceedings_paper_cited_by_its_meetings_acronym_is_verified() -> None:
    paper = replace(
        SOIL, journal="2019 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    verdict = judged(
        Claims(authors=SOIL_AUTHORS, et_al=True, year=2019, title=SOIL.title, journal="CVPR"),
        record=paper,
    )
    assert verdict.code is FindingCode.VERIFIED_WITH_NOTES, verdict.message
    assert verdict.notes == ("journal abbreviated",)


# --------------------------------------------------------------------------
# When the reader read little: the entry's own text decides.

NOTHING_READ = Claims()


@pytest.mark.parametrize(
    ("raw", "code", "severity", "said"),
    [
        pytest.param(
            "A. Okonkwo, M. Lindqvist, R. Haddad and I. Petrov, “Nitrogen cycling in restored "
            "prairie soils under drought,” Soil Ecol. Lett., vol. 14, pp. 201–214, 2019.",
            FindingCode.VERIFIED_WITH_NOTES,
            Severity.INFO,
            "the record's title is in the entry text",
        ),
        pytest.param(
            "A. Okonkwo, M. Lindqvist, R. Haddad and I. Petrov, “Nitrogen cycling in restored "
            "tallgrass prairie soils under drought,” Soil Ecol. Lett., vol. 14, 2019.",
            FindingCode.METADATA_MISMATCH,
            Severity.ERROR,
            "'tallgrass'",
        ),
        pytest.param(
            "J. Whitcombe and P. Aldana, “Nitrogen cycling in restored prairie soils under "
            "drought,” Soil Ecol. Lett., vol. 14, 2019.",
            FindingCode.METADATA_MISMATCH,
            Severity.ERROR,
            "names people who are not the record's authors",
        ),
        pytest.param(
            "A. Okonkwo and I. Petrov, “Nitrogen cycling in restored prairie soils under "
            "drought,” Soil Ecol. Lett., vol. 14, 2019.",
            FindingCode.METADATA_MISMATCH,
            Severity.ERROR,
            "leaves out 2 of the record's 4 authors",
        ),
        pytest.param(
            "A. Okonkwo, M. Lindqvist, R. Haddad and I. Petrov, “Grazing intensity shapes "
            "beetle assemblages on alpine meadows,” Soil Ecol. Lett., vol. 14, 2019.",
            FindingCode.WRONG_WORK,
            Severity.ERROR,
            "",
        ),
    ],
)
def test_an_entry_the_reader_could_not_cut_is_judged_on_its_text(
    raw: str, code: FindingCode, severity: Severity, said: str
) -> None:
    verdict = judged(NOTHING_READ, raw)
    assert verdict.code is code, verdict.message
    assert verdict.severity is severity
    assert said in verdict.message or said in verdict.evidence


def test_a_field_the_reader_got_wrong_is_no_accusation_when_the_text_has_it_right() -> None:
    # Given names read as surnames, and the first page read as the volume.
    claims = Claims(
        authors=(Author("Adaeze"), Author("Maja")),
        year=2019,
        title=SOIL.title,
        volume="201",
    )
    raw = (
        "Adaeze Okonkwo, Maja Lindqvist, Rami Haddad, and Ivan Petrov. 2019. Nitrogen cycling in "
        "restored prairie soils under drought. Soil Ecology Letters, 201–214."
    )
    verdict = judged(claims, raw)
    assert verdict.code in (FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES), verdict.message
    assert verdict.severity is Severity.INFO


def test_an_elided_author_list_is_no_silent_drop() -> None:
    raw = (
        "Okonkwo, A., Lindqvist, M., … Petrov, I. (2019). Nitrogen cycling in restored prairie "
        "soils under drought. Soil Ecology Letters, 14, 201–214."
    )
    verdict = judged(NOTHING_READ, raw)
    assert verdict.code in (FindingCode.VERIFIED, FindingCode.VERIFIED_WITH_NOTES), verdict.message
