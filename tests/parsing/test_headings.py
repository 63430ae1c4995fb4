"""Which headings announce a reference list, in English and other languages."""

from __future__ import annotations

import pytest

from citecheck.parsing.headings import (
    HEADING_HINTS,
    LINK_LIST_HEADINGS,
    REFERENCE_HEADINGS,
    WEAK_HEADINGS,
    is_reference_heading,
    is_weak_heading,
)


@pytest.mark.parametrize(
    "line",
    [
        "Referencias",
        "## Referencias bibliográficas",
        "Referências",
        "Literatur",
        "## Literaturverzeichnis",
        "Einzelnachweise",
        "Bibliographie",
        "RÉFÉRENCES",
        "Bibliografia",
        "Riferimenti bibliografici",
        "Литература",
        "## Список литературы",
        "参考文献",
        "## 参考资料",
        "文献",
        "**Bibliografía**",
        "Kaynakça",
    ],
)
def test_reference_headings_in_other_languages_are_recognised(line: str) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Notes and reference list",
        "## Notes and Reference List",
        "Sources and further reading",
        "References and further reading",
        "Notes & references",
        "Footnotes, references",
        "Notas y referencias",
        "Notes et références",
        "Anmerkungen und Literatur",
        "References and external links",
    ],
)
def test_headings_that_join_reference_words_with_their_companions_are_recognised(
    line: str,
) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Links to the cited papers",
        "## Cited papers",
        "Papers cited in this review",
        "Works referenced",
        "List of references",
        "Articles cited",
    ],
)
def test_headings_that_name_the_cited_works_are_recognised(line: str) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Further reading",
        "External links",
        "See also",
        "Links",
        "Further reading and external links",
        "Notes on the methods",
        "The sources of funding",
        "Sources of funding and support",
        "Selected publications",
        "Cited by 12 articles in the press",
        "Papers",
        "Literature review of the field and the methods we used",
    ],
)
def test_headings_that_announce_no_reference_list_are_not_recognised(line: str) -> None:
    assert not is_reference_heading(line)


@pytest.mark.parametrize("words", sorted(REFERENCE_HEADINGS))
def test_every_reference_heading_holds_a_hint_the_quick_search_looks_for(words: str) -> None:
    # Lines holding no hint are never looked at: a heading without one
    # would never be found.
    assert any(hint in words for hint in HEADING_HINTS)


def test_no_link_list_heading_is_a_reference_heading() -> None:
    assert not [words for words in LINK_LIST_HEADINGS if is_reference_heading(words)]


@pytest.mark.parametrize(
    ("line", "weak"),
    [
        ("## Notes", True),
        ("Sources and further reading", True),
        ("Anmerkungen", True),
        ("Notes and references", False),
        ("References", False),
        ("Literaturverzeichnis", False),
    ],
)
def test_notes_and_sources_are_weak_headings_references_are_not(line: str, weak: bool) -> None:
    assert is_weak_heading(line) is weak


def test_every_weak_heading_is_a_reference_heading() -> None:
    assert WEAK_HEADINGS <= REFERENCE_HEADINGS
