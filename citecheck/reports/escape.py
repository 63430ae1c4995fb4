"""Article text made safe for each reader of an output.

Titles, claims, raw entries, file paths and the messages quoting them come
from the articles read, so from anyone. Every renderer passes such text
through the one function here made for its reader, and nothing else: text
of the tool's own (verdict words, counts, colours) goes out as it is. For
ordinary text each function returns its argument unchanged, so outputs stay
byte-identical unless an article holds something hostile.

========================  ============================================
reader                    function
========================  ============================================
a terminal, a person      :func:`terminal_text`
a Markdown table cell     :func:`markdown_cell`
a Markdown line           :func:`markdown_inline`
a spreadsheet (CSV)       :func:`csv_cell`
XML (JUnit)               :func:`xml_text`
JSON written as text      :func:`json_text`
========================  ============================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Format characters that join or break letters (Persian, Indic scripts,
# emoji sequences) rather than reorder or hide text: words need them.
_JOINERS = frozenset({"\u200c", "\u200d"})

# Categories a reader cannot see: controls, format characters (bidi
# embeddings, overrides, isolates and marks, zero-width spaces, tags),
# line and paragraph separators, and lone surrogates (which no encoder
# writes, so they would end the output with an error).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})

# OWASP's list of first characters that make a spreadsheet read a cell as
# a formula, with the fullwidth forms some locales read the same way.
_FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")

# "&" is literal in Markdown unless it begins a character reference
# (``&amp;``, ``&#60;``), which HTML renderers read even without the ";".
_REFERENCE_START = re.compile(r"&(?=[#A-Za-z])")

# Printable ASCII, newline and tab are never hidden: only the rest is looked
# up, one by one.
_CANDIDATE = re.compile("[^\t\n\x20-\x7e]")

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES and char not in _JOINERS


def _replace(char: str, keep: str, stand_in: Callable[[str], str]) -> str:
    return char if char in keep or not _hidden(char) else stand_in(char)


def _shown(char: str) -> str:
    """A visible stand-in: the control picture of a C0 control or DEL
    (``␛`` for ESC), ``<U+202E>`` for anything else."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def _make_visible(text: str, keep: str) -> str:
    if text.isprintable():
        return text
    return _CANDIDATE.sub(lambda match: _replace(match[0], keep, _shown), text)


def terminal_text(text: str) -> str:
    """``text`` with every character a reader cannot see shown visibly.

    Guards against escape sequences (CSI colours and cursor moves, OSC
    sequences that set the window title or write the clipboard, DCS), 8-bit
    C1 controls that some terminals obey as those, carriage returns and
    backspaces that overwrite what was printed, and bidi embeddings,
    overrides and isolates (U+202A–U+202E, U+2066–U+2069) or other
    invisible format characters that reorder or hide what is shown. Newline
    and tab stay: layout needs them. Also for any text a person reads, such
    as code-scanning messages.
    """
    return _make_visible(text, "\n\t")


def markdown_cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell.

    Guards against HTML (``<script>``, ``<img onerror=…>``) and character
    references, by escaping ``<``, ``>`` and an ``&`` that begins one; a
    pipe or line break that would end the cell or the table (line breaks
    become ``<br>``); backticks opening a code span; links or images built
    from article text (``[text](url)``); and invisible characters, shown
    as :func:`terminal_text` shows them.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "<br>".join(_markdown(line).replace("|", "\\|") for line in lines if line)


def markdown_inline(text: str) -> str:
    """``text`` on one line of Markdown (a list item, a heading), safe as
    :func:`markdown_cell` is: whitespace is folded, since a line break would
    end the item."""
    return _markdown(" ".join(text.split()))


def _markdown(text: str) -> str:
    text = _make_visible(text, "\t").replace("\\", "\\\\").replace("`", "\\`")
    # A link or an image needs "](" right after its text: without it the
    # brackets are literal, so cited markers such as "[7]" stay as they are.
    text = text.replace("](", "]\\(")
    text = _REFERENCE_START.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def csv_cell(text: str) -> str:
    """``text`` safe in a spreadsheet cell.

    Guards against formula injection (``=HYPERLINK(…)``, ``@SUM(…)``): a
    cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading single quote, as OWASP advises, so it is read as
    text. Invisible characters are shown as :func:`terminal_text` shows
    them, since a CSV export is often printed. Give it only text: numbers
    written as numbers stay numbers.
    """
    text = terminal_text(text)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def xml_text(text: str) -> str:
    """``text`` safe as XML 1.0 text or an attribute value (escaping ``<``
    and ``&`` is the XML writer's job).

    Guards against characters XML 1.0 forbids even escaped (most C0
    controls, lone surrogates, U+FFFE/U+FFFF), which would make the whole
    file unreadable: each becomes U+FFFD. Bidi and other invisible format
    characters, which CI pages would show raw, are shown as ``<U+202E>``.
    """
    text = _NOT_XML.sub("\ufffd", text)
    return _make_visible(text, "\t\n\r")


def json_text(dumped: str) -> str:
    """JSON text (from :func:`json.dumps` with ``ensure_ascii=False``) with
    the invisible characters it leaves raw written as ``\\u`` escapes.

    The encoder escapes C0 controls but writes DEL, C1 controls (U+009B is
    a CSI to some terminals), bidi overrides, line separators and other
    format characters as they are: printed or opened in an editor, they
    would act. The data read back is the same; only the text is safe.
    These characters occur only inside strings, where an escape is valid.
    """
    return _CANDIDATE.sub(lambda match: _replace(match[0], "\n\t", _json_escape), dumped)


def _json_escape(char: str) -> str:
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)
    )
