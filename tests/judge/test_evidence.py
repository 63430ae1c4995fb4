"""The entry's own text against a record, and how a claimed title changes one."""

from __future__ import annotations

import pytest

from citecheck.judge.evidence import authors_left_out, text_evidence, title_change
from citecheck.models import Author, Record, Service

RECORD = Record(
    service=Service.CROSSREF,
    doi="10.5555/tide.2021.4",
    title="Tidal mixing and the export of dissolved organic carbon from salt marshes",
    authors=(Author("Ferreira", "Ana"), Author("Østergaard", "Nils"), Author("Kowalczyk", "J")),
    issued_year=2021,
)


def test_the_title_surnames_and_year_are_found_however_the_entry_is_written() -> None:
    raw = (
        "FERREIRA, A.; OSTERGAARD, N.; KOWALCZYK, J. Tidal mixing and the export of "
        "dissolved organic carbon from salt marshes. Estuaries, 2021."
    )
    found = text_evidence(raw, RECORD)
    assert found.title_found
    assert found.title_coverage == 1.0
    assert (found.surnames_found, found.surnames_looked_for) == (3, 3)
    assert found.year_found


def test_another_works_entry_holds_nothing_of_the_record() -> None:
    raw = "Lindgren P, Abara C. Seagrass meadows as nursery habitat. Mar Biol. 2018;12:3-9."
    found = text_evidence(raw, RECORD)
    assert not found.title_found
    assert found.title_coverage < 0.2
    assert found.surnames_found == 0
    assert found.words >= 5


def test_links_and_identifiers_are_not_words_of_the_entry() -> None:
    found = text_evidence("https://doi.org/10.5555/tide.2021.4 doi:10.5555/tide.2021.4", RECORD)
    assert found.words == 0


@pytest.mark.parametrize(
    ("claimed", "added", "dropped"),
    [
        pytest.param(RECORD.title, (), (), id="the same title"),
        pytest.param("Tidal mixing and the export of dissolved", (), (), id="cut short"),
        pytest.param(
            "Tidal mixing and the export of dissolved organic carbon from salt marshes. Estuaries",
            (),
            (),
            id="the journal run on after it",
        ),
        pytest.param(
            "Tidal mixing and the export of dissolved inorganic carbon from salt marshes",
            ("inorganic",),
            ("organic",),
            id="a word swapped",
        ),
        pytest.param(
            "Tidal mixing and the export of organic carbon from salt marshes",
            (),
            ("dissolved",),
            id="a word dropped from the middle",
        ),
        pytest.param(
            "Tidal mixing and the export of disolved organic carbon from salt marshes",
            (),
            (),
            id="a typo is no change",
        ),
    ],
)
def test_a_claimed_titles_changes(
    claimed: str, added: tuple[str, ...], dropped: tuple[str, ...]
) -> None:
    change = title_change(claimed, RECORD.title or "")
    assert change.added_inside == added
    assert change.dropped_inside == dropped
    assert change.changed is bool(added or dropped)


SIX = tuple(Author(name) for name in ("Abe", "Bello", "Cruz", "Dahl", "Eze", "Fox"))


@pytest.mark.parametrize(
    ("claimed", "left_out"),
    [
        pytest.param(SIX, 0, id="all of them"),
        pytest.param(SIX[:3], 0, id="cut short at the end"),
        pytest.param((SIX[0], SIX[1], SIX[5]), 3, id="ending with the last author"),
        pytest.param((SIX[0], SIX[2], SIX[3]), 1, id="a gap in the middle"),
        pytest.param((SIX[0], Author("Gray"), SIX[5]), 0, id="a name not in the record"),
        pytest.param((SIX[5], SIX[0]), 0, id="not in the record's order"),
    ],
)
def test_authors_left_out_of_a_complete_looking_list(
    claimed: tuple[Author, ...], left_out: int
) -> None:
    assert authors_left_out(claimed, SIX) == left_out
