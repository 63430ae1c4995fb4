"""LaTeX markup of BibTeX field values read as plain Unicode text."""

from __future__ import annotations

import pytest

from citecheck.parsing.latex import latex_to_identifier_text, latex_to_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # accents, braced or not, on letters and on dotless i
        (r"{\"u}ber", "über"),
        (r"\"{u}ber", "über"),
        (r"caf{\'e}", "café"),
        (r"caf\'e", "café"),
        (r"\`a la carte", "à la carte"),
        (r"r\^ole", "rôle"),
        (r"Espa\~na", "España"),
        (r"gar\c{c}on", "garçon"),
        (r"\={a} \v{s} \H{o} \k{e} \r{a} \u{g} \.{z}", "ā š ő ę å ğ ż"),
        (r"na\"{\i}ve", "naïve"),
        (r"\'{\i}", "í"),
        (r"Erd\H os", "Erdős"),
        (r"\c", ""),
        # commands that stand for a character
        (r"Stra\ss e", "Straße"),
        (r"Ma\l{}opolska", "Małopolska"),
        (r"\AA{}ngstr\"om", "Ångström"),
        (r"$\Omega$ and $\sigma$", "Ω and σ"),
        (r"$\alpha$-synuclein", "α-synuclein"),
        (r"\textendash{} and \textemdash", "– and —"),
        (r"Smith \& Wesson", "Smith & Wesson"),
        (r"50\%", "50%"),
        # dashes, quotes, ties and math
        (r"pages 1--10", "pages 1–10"),
        (r"1990---2000", "1990—2000"),
        (r"``quoted''", "“quoted”"),
        (r"A~B", "A B"),
        (r"$x^2_i$", "x2i"),
        # spacing commands and hyphenation hints
        (r"a\\b", "a b"),
        (r"a\,b", "a b"),
        (r"hy\-phen", "hyphen"),
        # unknown commands are dropped, their arguments kept
        (r"\emph{Drosophila} genes", "Drosophila genes"),
        (r"\textit{E.~coli} in {\bf bold}", "E. coli in bold"),
        (r"\unknowncommand{kept}", "kept"),
        (r"\href{https://example.org}{the site}", "the site"),
        # braces and whitespace
        (r"{{\em nested} {braces}}", "nested braces"),
        (r"{unclosed", "unclosed"),
        ("trailing backslash\\", "trailing backslash"),
        ("folded\n   whitespace\tkept   single", "folded whitespace kept single"),
        ("", ""),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_nested_accents_stack_their_marks() -> None:
    assert latex_to_text(r"\'{\'{\'{e}}}") == "é\u0301\u0301"


def test_hostile_accent_nesting_is_cut_short_rather_than_recursing() -> None:
    # past a small depth an accent's argument only loses its braces
    text = latex_to_text("\\'{" * 10_000 + "e" + "}" * 10_000)
    assert text.endswith("\\'e")


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # what latex_to_text would turn into a dash or drop is kept as written
        (r"10.1000/a--b", "10.1000/a--b"),
        (r"\url{https://doi.org/10.1000/a--b}", "https://doi.org/10.1000/a--b "),
        (r"\url {x}", "x "),
        (r"\href{https://a.org/x}{link}", "https://a.org/x link"),
        # escapes, ties, braces and other commands
        (r"10.1000/abc\_def", "10.1000/abc_def"),
        (r"50\% \& \#1", "50% & #1"),
        (r"doi:~10.1/x", "doi: 10.1/x"),
        (r"\emph{10.1/x}", "10.1/x"),
        (r"{10.1/ABC}", "10.1/ABC"),
        ("", ""),
    ],
)
def test_latex_to_identifier_text(latex: str, text: str) -> None:
    assert latex_to_identifier_text(latex)[0] == text


@pytest.mark.parametrize(
    ("latex", "indices"),
    [
        (r"a\_b~{c}", [0, 2, 3, 4, 6]),
        # the space after a verbatim argument points at its closing brace
        (r"\url{x}y", [5, 6, 7]),
    ],
)
def test_identifier_text_maps_each_character_to_its_index(latex: str, indices: list[int]) -> None:
    assert latex_to_identifier_text(latex)[1] == indices
