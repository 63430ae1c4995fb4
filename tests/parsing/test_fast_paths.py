"""The quick paths of the prose readers give what the plain ones gave.

Reading reference-dense documents was made faster by literal tests before
patterns, fewer passes and fewer objects. Each test here keeps the plain
form that was replaced as a reference and compares the two on generated
text built from the pieces that would make them differ if they could.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.identifiers import scan
from citecheck.models import Author, Claims
from citecheck.parsing import citations, claims, headings, prose, sections
from citecheck.parsing.headings import is_reference_heading
from citecheck.parsing.sections import split_lines

ALL_CHARACTERS = "".join(map(chr, range(0x110000)))
WHITE_SPACE = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85"]


def pieces(*choices: list[str], max_size: int = 30) -> st.SearchStrategy[str]:
    """Text made of the given pieces and a little arbitrary text."""
    parts = [st.sampled_from(choice) for choice in choices]
    return st.lists(st.one_of(*parts, st.text(max_size=3)), max_size=max_size).map("".join)


def lines_of(*parts: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Lines each made of one of every list of parts, in order."""
    line = st.tuples(*(st.sampled_from(choice) for choice in parts)).map("".join)
    return st.lists(line, max_size=max_size).map("\n".join)


# --- claims: cleaning an entry ---------------------------------------------------

_SPACES = re.compile(r"\s+")


def plain_clean_entry_text(text: str, *, identifiers_removed: bool = False) -> str:
    """clean_entry_text as it was: white space collapsed by a pattern, the
    end searched for labels whatever its last letter."""
    if "[" in text:
        text = claims._DB_TAGS.sub(" ", text)
    spans = [] if identifiers_removed else [(f.start, f.end) for f in scan(text)]
    if spans:
        kept: list[str] = []
        last = 0
        for start, end in spans:
            kept.append(text[last:start])
            last = end
        kept.append(text[last:])
        text = " ".join(kept)
    if "://" in text or "www." in text.lower():
        text = claims._URL.sub(" ", text)
    if "*" in text or "_" in text or "`" in text:
        text = claims._EMPHASIS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = text.rstrip(" .,;:")
    reach = claims._ID_LABEL_REACH
    while (label := claims._ID_LABELS.search(text, max(0, len(text) - reach))) is not None:
        text = text[: label.start()].rstrip(" .,;:")
    return text


LABELS = [
    "doi", "DOI:", "PMID", "pmcid", "PubMed", "arXiv", "ISBN", "Available from:", "available at",
    "Available online", "Retrieved from", "Accessed", "Epub ahead of print", "EPUB", "epub",
    "doi:10.1234/abc", "PMID: 12345", "https://doi.org/10.5/x", "www.example.org", "[PubMed]",
    "[Google Scholar]", "*", "**", "_", "`", "Title", "Smith AB.", "2020;12(3):45-67", ".", ",",
    ";", ":", "(", ")", "İ", "ſ", "K", "Ｄ", "\u00ad", "et al.",
]  # fmt: skip


def test_re_white_space_is_str_white_space() -> None:
    # Why " ".join(text.split()) may stand for a \s+ pattern and strip().
    assert "".join(_SPACES.findall(ALL_CHARACTERS)) == "".join(
        ch for ch in ALL_CHARACTERS if ch.isspace()
    )


def test_every_last_letter_of_an_identifier_label_is_looked_for() -> None:
    # A label ends in one of these letters, matched by re's rules for case,
    # which match more than lower-casing does: "ı", the dotless i, is an "i".
    labels = ["doi", "pmid", "pmcid", "pubmed", "arxiv", "isbn", "from", "at", "online", "print"]
    last_letters = {word[-1] for word in [*labels, "accessed", "epub"]}
    either_case = re.compile("|".join(sorted(last_letters)), re.IGNORECASE)

    assert claims._ID_LABEL_LAST.findall(ALL_CHARACTERS) == either_case.findall(ALL_CHARACTERS)


@settings(deadline=None, max_examples=600)
@given(text=pieces(LABELS, WHITE_SPACE), removed=st.booleans())
def test_an_entry_is_cleaned_as_before(text: str, removed: bool) -> None:
    assert claims.clean_entry_text(text, identifiers_removed=removed) == plain_clean_entry_text(
        text, identifiers_removed=removed
    )


# --- claims: Vancouver entries ---------------------------------------------------

_ET_AL = re.compile(claims.ET_AL)


def plain_read_vancouver(text: str) -> Claims | None:
    """_read_vancouver as it was: every author read by the author pattern,
    the claims completed with dataclasses.replace."""
    match = claims._VANC_HEAD.match(text)
    if not match:
        return None
    authors: list[Author] = []
    et_al = False
    for part in re.split(r"\s*,\s*", match["authors"]):
        if _ET_AL.fullmatch(part):
            et_al = True
            continue
        if part.endswith("et al") or part.endswith("et al."):
            et_al = True
            part = claims._TRAILING_ET_AL.sub("", part)
        unit = claims._VANC_AUTHOR_UNIT.match(part)
        if unit is None:
            return None
        authors.append(Author(unit["family"], unit["given"]))
    title, rest = claims._split_sentence(match["rest"])
    found = Claims(authors=tuple(authors), et_al=et_al, title=title or None)
    source = claims._VANC_SOURCE.match(rest) or claims._NATURE_SOURCE.match(rest)
    if source:
        return plain_claims_with(found, source)
    return replace(found, year=claims._single_year(rest))


def plain_claims_with(found: Claims, source: re.Match[str]) -> Claims:
    groups = source.groupdict()
    year = found.year
    if groups.get("year"):
        year = int(groups["year"])
    pages = groups.get("pages")
    return replace(
        found,
        journal=(groups.get("journal") or "").strip(" .,") or None,
        volume=groups.get("volume") or None,
        issue=groups.get("issue") or None,
        pages=plain_pages(pages) if pages else None,
        year=year,
    )


def plain_pages(pages: str) -> str:
    return re.sub(r"\s*[-–]\s*", "–", pages.strip())


SURNAMES = [
    "Smith", "Müller", "O'Brien", "Niwa-Kawakita", "McDonald", "Øster", "van der Berg",
    "de la Cruz", "von Bülow", "st. John", "Lee Kim", "AB", "Jr", "II",
]  # fmt: skip
GIVEN = ["A", "AB", "ABCD", "ABCDE", "a", "Ab", "II", "III", "Jr"]
SUFFIXES = ["", " Jr", " Sr", " 2nd", " 3rd", " II", " III"]
ET_ALS = ["", ", et al", ", et al.", " et al.", " et. al.", "et al.", ", et  al", ",et al"]
SEPARATORS = [", ", ",", " , ", ",  ", " ", "; "]
TITLES = ["A study of things", "Growth of E. coli (strain K. 12) in broth", "Why? Because",
          "Title", "", "Vol. 2 of many"]  # fmt: skip
SOURCES = [
    "J Things. 2020;12(3):45-67", "Nature. 1999 Mar;41(2):100 - 110", "Blood. 2001;357",
    "Cell 12(3), 45–67 (2011)", "Lancet. 2020", "(2019) x", "J Bact. 2001;357(9251):e1-e10",
    "Nat Rev Cancer. 2003 Jan-Feb 5;3(1):A12", "", "2020;12:1-2",
]  # fmt: skip


@st.composite
def vancouver_entries(draw: st.DrawFn) -> str:
    """Entries in the Vancouver style, and entries that nearly are."""
    authors = [
        f"{draw(st.sampled_from(SURNAMES))} {draw(st.sampled_from(GIVEN))}"
        f"{draw(st.sampled_from(SUFFIXES))}"
        for _ in range(draw(st.integers(min_value=1, max_value=5)))
    ]
    separator = draw(st.sampled_from(SEPARATORS))
    head = separator.join(authors) + draw(st.sampled_from(ET_ALS))
    title = draw(st.sampled_from(TITLES))
    source = draw(st.sampled_from(SOURCES))
    return claims.clean_entry_text(f"{head}. {title}. {source}.")


@settings(deadline=None, max_examples=800)
@given(text=st.one_of(vancouver_entries(), pieces(SURNAMES, GIVEN, SEPARATORS, ET_ALS)))
def test_a_vancouver_entry_is_read_as_before(text: str) -> None:
    assert claims._read_vancouver(text) == plain_read_vancouver(text)


def test_an_author_of_two_words_and_one_of_more_are_read_alike() -> None:
    text = "van der Berg J, Smith AB II, Müller K Jr, Lee CD, et al. Title. J X. 2020;1(2):3-4"

    assert claims._read_vancouver(text) == plain_read_vancouver(text)
    assert claims.parse_claims(text).authors == (
        Author("van der Berg", "J"),
        Author("Smith AB", "II"),
        Author("Müller", "K"),
        Author("Lee", "CD"),
    )


PAGES = ["12", "-", "–", " ", "e1", "\u00a0", "\u2009", "A", "3"]


@settings(deadline=None, max_examples=300)
@given(pages=pieces(PAGES, max_size=8))
def test_pages_are_normalised_as_before(pages: str) -> None:
    if pages.strip():
        assert claims._normalise_pages(pages) == plain_pages(pages)


@settings(deadline=None, max_examples=300)
@given(text=pieces(SOURCES, [".", ",", " ", ":", "(", ")", "pp. ", "12", "2020"]))
def test_a_source_is_read_as_before_in_every_style(text: str) -> None:
    for pattern in (claims._VANC_SOURCE, claims._NATURE_SOURCE, claims._APA_SOURCE):
        source = pattern.match(text)
        if source is not None:
            for year in (None, 1999):
                assert claims._claims_with(Claims(year=year), source) == plain_claims_with(
                    Claims(year=year), source
                )


APA_PIECES = [
    "Smith, A. B.", "Smith, A.", ", ", " & ", "and ", "... ", "et al. ", "(2020)", "(2020a)",
    "(2020, May 3)", ". ", ").", "(", ")", "Title", "Journal, 12(3), 45–67", "2020;12(3):1-2",
]  # fmt: skip


@settings(deadline=None, max_examples=400)
@given(text=pieces(APA_PIECES))
def test_an_apa_head_always_holds_a_bracket_and_full_stop(text: str) -> None:
    # Why _read_apa does not try its pattern on a text without ").".
    if claims._APA_HEAD.match(text) is not None:
        assert ")." in text


# --- prose: code blocks ------------------------------------------------------------


def plain_mask_code_blocks(text: str) -> str:
    """Code blocks masked as before: each pattern substituted over the text."""
    for pattern in (prose._FENCE, prose._HTML_BLOCKS):
        if pattern is prose._FENCE and "```" not in text and "~~~" not in text:
            continue
        if pattern is prose._HTML_BLOCKS and "<" not in text:
            continue
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


FENCE_PIECES = [
    "```", "````", "~~~", "~~~~", "``", "~~", "`", "~", "\n", " ", "  ", "   ", "    ", "\t",
    "python", "code", "x```", "<pre>", "</pre>", "<!--", "-->", "<code>", "</code>", "text",
]  # fmt: skip
# Lines that open, close or nearly open a fenced block.
fence_lines = lines_of(
    ["", " ", "  ", "   ", "    ", "\t", "x", " x "],
    ["```", "````", "~~~", "~~~~", "``", "~~", "", "`~`"],
    ["", "python", " ", "```", "~~~", " x", "<!-- a -->", "<pre>"],
    max_size=12,
)


@settings(deadline=None, max_examples=800)
@given(text=st.one_of(fence_lines, pieces(FENCE_PIECES, max_size=40)))
def test_fenced_blocks_are_found_as_by_the_pattern_at_every_place(text: str) -> None:
    assert [m.span() for m in prose._fences(text)] == [
        m.span() for m in prose._FENCE.finditer(text)
    ]
    assert prose._mask_code_blocks(text) == plain_mask_code_blocks(text)


# --- sections: heading candidates --------------------------------------------------


def plain_heading_candidates(lines: list[sections.Line]) -> list[int]:
    """Every line holding a heading word, long ones too, found in the whole
    text lower-cased."""
    joined = "\n".join(line.text for line in lines)
    lowered = joined.lower()
    if len(lowered) != len(joined):
        return list(range(len(lines)))
    starts = [line.start for line in lines]
    found: set[int] = set()
    for hint in headings.HEADING_HINTS:
        at = lowered.find(hint)
        while at != -1:
            position = bisect.bisect_right(starts, at) - 1
            found.add(position)
            at = lowered.find(hint, lines[position].end)
    return sorted(found)


HEADING_PIECES = [
    "References", "REFERENCES", "## Bibliography", "**Works Cited**", "Notes", "sources",
    "Citations", "Literature", "refer", "\n", "\n\n", " ", "İ", "ſources", "x" * 30, "1. ",
    "Referenc", "es", "# ", "   ", " " * 30, "References and notes " * 4,
]  # fmt: skip


# Lines of every length around the longest a heading may have.
heading_lines = lines_of(
    ["", " ", " " * 30, " " * 60, "x" * 55],
    ["References", "NOTES", "## Sources", "Text", "İ References", ""],
    ["", " ", " " * 30, " " * 60, "x" * 55],
    max_size=8,
)


@settings(deadline=None, max_examples=500)
@given(text=st.one_of(heading_lines, pieces(HEADING_PIECES, max_size=40)))
def test_the_heading_lines_looked_at_are_those_looked_at_before(text: str) -> None:
    lines = split_lines(text)

    def headings(positions: list[int]) -> list[int]:
        return [p for p in positions if is_reference_heading(lines[p].text)]

    assert headings(sections.heading_candidates(lines)) == headings(plain_heading_candidates(lines))


def test_a_heading_padded_past_the_longest_line_is_still_looked_at() -> None:
    padded = " " * 30 + "References" + " " * 30
    lines = split_lines(f"Text\n{padded}\n{'x' * 61}References\n")

    assert is_reference_heading(padded)
    assert sections.heading_candidates(lines) == [1]


# --- citations: linked markers -----------------------------------------------------


@settings(deadline=None, max_examples=400)
@given(text=pieces(["[", "]", "(", ")", "#", "\\[", "\\]", "12", "1-3", ", ", "#cite", " "]))
def test_a_linked_marker_always_holds_a_bracket_and_fragment(text: str) -> None:
    # Why find_citations does not look for linked markers without "](#".
    if citations._LINKED.search(text) is not None:
        assert "](#" in text
