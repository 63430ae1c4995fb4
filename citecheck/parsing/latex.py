"""Turn the LaTeX markup of BibTeX field values into plain Unicode text.

Field values are mostly text with a little markup: accent commands
(``\\"u``, ``{\\'e}``, ``\\c{c}``), commands that stand for a character
(``\\ss``, ``\\&``, ``\\alpha``), ``--`` and ``---`` for dashes, doubled
backquotes and apostrophes for quotes, ``~`` ties, inline math and brace
groups. :func:`latex_to_text` renders them as a reader would see them.
Nothing here raises on bad input: what cannot be read is left out.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["latex_to_identifier_text", "latex_to_text"]


def _table(pairs: str) -> dict[str, str]:
    """A lookup table from ``"name=value name=value ..."``."""
    table: dict[str, str] = {}
    for pair in pairs.split():
        name, _, value = pair.rpartition("=")
        table[name] = value
    return table


# Accent commands and the combining mark each puts on the following letter.
_ACCENTS = _table(
    "\"=\u0308 '=\u0301 `=\u0300 ^=\u0302 ~=\u0303 ==\u0304 .=\u0307 u=\u0306 v=\u030c "
    "H=\u030b c=\u0327 k=\u0328 r=\u030a d=\u0323 b=\u0331"
)
# Commands that stand for a character.
_WORDS = _table(
    "ss=ß o=ø O=Ø ae=æ AE=Æ oe=œ OE=Œ aa=å AA=Å l=ł L=Ł i=ı j=ȷ S=§ P=¶ "
    "textendash=– textemdash=— ldots=… dots=… textquoteright=’ textquoteleft=‘ "
    "copyright=© pounds=£ textregistered=® texttrademark=™ textdegree=° pm=± times=× "
    "textunderscore=_ textasciitilde=~"
)
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
)
# Greek letters are contiguous in Unicode but for the final sigma, after rho.
_WORDS.update((n, chr(0x3B1 + i + (i > 16))) for i, n in enumerate(_GREEK_NAMES.split()))
_WORDS.update((n.title(), chr(0x391 + i + (i > 16))) for i, n in enumerate(_GREEK_NAMES.split()))
_ESCAPES = {"\\": " ", " ": " ", ",": " ", ";": " ", ":": " ", "!": "", "-": "", "/": ""}
# Accents may hold accents; past this depth an argument only loses its braces,
# so that hostile nesting cannot recurse without bound.
_MAX_DEPTH = 8


def latex_to_text(text: str) -> str:
    """Return LaTeX ``text`` as plain Unicode: accents composed, known commands
    replaced by their characters, unknown ones dropped (their arguments kept),
    braces removed and whitespace folded to single spaces. Never raises."""
    return " ".join(unicodedata.normalize("NFC", _convert(text, 0)).split())


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _is_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _convert(text: str, depth: int) -> str:
    out: list[str] = []
    index, length = 0, len(text)
    math = False
    while index < length:
        char = text[index]
        if char == "\\":
            index = _command(text, index, out, depth)
            continue
        step = 1
        if char in "{}":
            pass
        elif char == "$":
            math = not math
        elif math and char in "^_":
            pass
        elif char == "~":
            out.append(" ")
        elif text.startswith("---", index):
            out.append("—")
            step = 3
        elif text.startswith("--", index):
            out.append("–")
            step = 2
        elif text.startswith("``", index):
            out.append("“")
            step = 2
        elif text.startswith("''", index):
            out.append("”")
            step = 2
        else:
            out.append(char)
        index += step
    return "".join(out)


def _command(text: str, index: int, out: list[str], depth: int) -> int:
    """Convert the command at ``text[index] == '\\'``; return the index after it."""
    start = index + 1
    if start >= len(text):
        return start
    char = text[start]
    if not _is_letter(char):
        if char in _ACCENTS:
            argument, after = _argument(text, start + 1)
            out.append(_accent(argument, _ACCENTS[char], depth))
            return after
        out.append(_ESCAPES.get(char, char))
        return start + 1
    end = start
    while end < len(text) and _is_letter(text[end]):
        end += 1
    name = text[start:end]
    if name in _ACCENTS:
        argument, after = _argument(text, end)
        out.append(_accent(argument, _ACCENTS[name], depth))
        return after
    after = _skip_space(text, end)
    if name == "href":
        # \href{url}{text}: the text is what a reader sees; drop the address.
        _, after = _argument(text, after)
        return after
    out.append(_WORDS.get(name, ""))
    return after


def _argument(text: str, index: int) -> tuple[str, int]:
    """Return the argument starting at ``index`` (a brace group, a command or a
    character) and the index after it."""
    index = _skip_space(text, index)
    if index >= len(text):
        return "", index
    char = text[index]
    if char == "{":
        depth = 0
        for end in range(index, len(text)):
            if text[end] == "{":
                depth += 1
            elif text[end] == "}":
                depth -= 1
                if depth == 0:
                    return text[index + 1 : end], end + 1
        return text[index + 1 :], len(text)
    if char == "\\":
        end = index + 1
        while end < len(text) and _is_letter(text[end]):
            end += 1
        end = max(end, min(index + 2, len(text)))
        return text[index:end], end
    return char, index + 1


def _accent(argument: str, mark: str, depth: int) -> str:
    stripped = argument.strip().strip("{}").strip()
    if stripped in ("\\i", "\\j"):
        base = stripped[1]
    elif depth < _MAX_DEPTH:
        base = _convert(argument, depth + 1).strip()
    else:
        base = argument.replace("{", "").replace("}", "").strip()
    if not base:
        return ""
    return unicodedata.normalize("NFC", base[0] + mark) + base[1:]


# Commands whose argument is written literally: an address or a DOI.
_VERBATIM = re.compile(r"\\(?:url|path|doi|nolinkurl|href)\s*\{([^{}]*)\}")
_ID_ESCAPES = frozenset("_%&#${}~")


def latex_to_identifier_text(text: str) -> tuple[str, list[int]]:
    """Return LaTeX ``text`` with its markup stripped for reading identifiers,
    and for each character of the result its index in ``text``.

    Unlike :func:`latex_to_text` this keeps ``--`` and the contents of
    ``\\url{...}`` as written, since both occur inside real DOIs and
    addresses, and ends such a verbatim argument with a space. Never raises.
    """
    chars: list[str] = []
    indices: list[int] = []

    def keep(start: int, end: int) -> None:
        chars.append(text[start:end])
        indices.extend(range(start, end))

    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            verbatim = _VERBATIM.match(text, index)
            if verbatim is not None:
                keep(verbatim.start(1), verbatim.end(1))
                chars.append(" ")
                indices.append(verbatim.end() - 1)
                index = verbatim.end()
                continue
            if index + 1 < len(text) and text[index + 1] in _ID_ESCAPES:
                keep(index + 1, index + 2)
                index += 2
                continue
            # Any other command (\emph, \textit...) is dropped, its argument kept.
            index += 1
            while index < len(text) and _is_letter(text[index]):
                index += 1
            continue
        if char in "{}":
            index += 1
            continue
        if char == "~":
            chars.append(" ")
            indices.append(index)
        else:
            keep(index, index + 1)
        index += 1
    return "".join(chars), indices
