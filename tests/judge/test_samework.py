"""The same-work model: its weights fit its features, and evidence moves it the right way."""

from __future__ import annotations

from citecheck.judge import samework_weights
from citecheck.judge.samework import FEATURES, WRONG_WORK_BELOW, same_work
from citecheck.models import Author, Claims, Record, Service

RECORD = Record(
    service=Service.PUBMED,
    pmid="31234567",
    title="Sleep fragmentation and glymphatic clearance in older adults",
    authors=(Author("Adeyemi", "T"), Author("Braun", "K"), Author("Castillo", "M")),
    issued_year=2020,
    journal="Neurobiology of Aging",
    volume="88",
    pages="12-20",
)
GENUINE = Claims(
    authors=(Author("Adeyemi", "T"), Author("Braun", "K")),
    et_al=True,
    year=2020,
    title="Sleep fragmentation and glymphatic clearance in older adults",
    journal="Neurobiol Aging",
)
RAW = "Adeyemi T, Braun K, et al. Sleep fragmentation and glymphatic clearance in older adults."


def test_there_is_one_weight_per_feature_and_a_threshold_between_0_and_1() -> None:
    assert len(samework_weights.WEIGHTS) == len(FEATURES)
    assert 0.0 < WRONG_WORK_BELOW < 1.0


def test_a_genuine_citation_is_the_same_work() -> None:
    work = same_work(GENUINE, RAW, RECORD)
    assert work.probability > 0.9
    assert not work.wrong_work


def test_another_paper_by_the_same_first_author_is_not() -> None:
    other = Claims(
        authors=(Author("Adeyemi", "T"), Author("Nowak", "P")),
        year=2021,
        title="Orexin antagonists for insomnia in shift workers",
    )
    raw = "Adeyemi T, Nowak P. Orexin antagonists for insomnia in shift workers. 2021."
    work = same_work(other, raw, RECORD)
    assert work.wrong_work
    assert work.probability < same_work(GENUINE, RAW, RECORD).probability


def test_each_piece_of_counter_evidence_lowers_the_probability() -> None:
    base = same_work(GENUINE, RAW, RECORD).probability
    wrong_year = same_work(
        Claims(authors=GENUINE.authors, et_al=True, year=2014, title=GENUINE.title), RAW, RECORD
    ).probability
    assert wrong_year < base
