"""Tokens of a reference entry and the features the sequence labeller reads.

A token is a run of non-space characters, punctuation kept: a full stop,
comma or bracket says as much about where a field ends as the word does.
The features need no dictionary: the word folded, its shape
(``Aa.``, ``9-9,``), what kind of thing it looks like (a year, initials,
a page range, a number), the marks around it, where it stands in the entry
(tenth of the length, how many sentence stops came before, inside quotation
marks or brackets, after a year, after "In"), and the same of its
neighbours. ``scripts/train_claims_model.py`` and the reader use this one
module, so what the model learnt from is what it is given.
"""

from __future__ import annotations

import re
from functools import lru_cache

_GLUED = re.compile(r"(?<=[.,;:)\]])(?=[^\W_])|(?<=[^\W\d_]{2})(?=\d)")
_CORE = re.compile(r"^[^\w]*(.*?)[^\w]*$")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)[a-z]?$")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}\.?,?$")
_DOTTED_INITIALS = re.compile(r"^[A-Z]\.(?:-?[A-Z]\.)*,?$")
_RANGE = re.compile(r"\d+\s*[-–—]+\s*\d+")
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_OPEN_QUOTES = '"“‘«„'
_CLOSE_QUOTES = '"”’»'


def tokenize(text: str) -> list[str]:
    """The tokens of ``text``: runs of non-space characters, cut further
    where a stop, comma, colon or closing bracket runs into a letter or
    digit (``Lett.90``, ``2000;7:234``) and where a word runs into a number
    (``Nature229``): PDF text often loses the space there, and the two
    sides are usually two fields."""
    return _GLUED.sub(" ", text).split()


def _shape(token: str) -> str:
    """``Smith,`` -> ``Aa,``: letters and digits by kind, runs of one kind kept once."""
    out: list[str] = []
    for ch in token:
        kind = "A" if ch.isupper() else "a" if ch.isalpha() else "9" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:8]


def _kinds(token: str, core: str) -> list[str]:
    kinds: list[str] = []
    if _YEAR.match(core):
        kinds.append("year")
    elif core.isdigit():
        kinds.append("num" if len(core) < 5 else "longnum")
    if _DOTTED_INITIALS.match(token):
        kinds.append("dotinit")
    elif _INITIALS.match(token) and core.isupper() and len(core) <= 3:
        kinds.append("init")
    if _RANGE.search(token):
        kinds.append("range")
    if core and core.isupper() and len(core) > 1:
        kinds.append("caps")
    elif core[:1].isupper():
        kinds.append("cap")
    elif core[:1].islower():
        kinds.append("lower")
    if _ROMAN.match(core):
        kinds.append("roman")
    if "://" in token or token.startswith("www."):
        kinds.append("url")
    return kinds


@lru_cache(maxsize=1 << 16)
def _lexical(token: str) -> tuple[str, str, tuple[str, ...]]:
    """What a token says by itself: its folded core, its shape, and the
    features that depend on nothing else. Cached: most tokens ("and", "J.",
    "pp.", years) come back entry after entry."""
    core = _CORE.match(token).group(1).casefold()  # type: ignore[union-attr]
    shape = _shape(token)
    features = [
        f"w={core}",
        f"s={shape}",
        f"len={min(len(core), 8)}",
        f"last={token[-1]}" if not token[-1].isalnum() else "last=an",
        f"first={token[0]}" if not token[0].isalnum() else "first=an",
    ]
    features.extend(f"k={kind}" for kind in _kinds(token, core))
    if len(core) > 3:
        features.append(f"suf={core[-3:]}")
        features.append(f"pre={core[:3]}")
    return core, shape, tuple(features)


def token_features(tokens: list[str]) -> list[list[str]]:
    """The features of every token of ``tokens``, in order."""
    count = len(tokens)
    lexical = [_lexical(token) for token in tokens]
    cores = [item[0] for item in lexical]
    shapes = [item[1] for item in lexical]
    own: list[list[str]] = []
    stops = 0
    in_quote = False
    depth = 0
    seen_year = False
    seen_in = False
    for index, token in enumerate(tokens):
        core = cores[index]
        opens_quote = token[:1] in _OPEN_QUOTES
        if opens_quote and not in_quote:
            in_quote = True
        depth += token.count("(") + token.count("[")
        features = [*lexical[index][2], f"p={10 * index // count}", f"stops={min(stops, 6)}"]
        if in_quote:
            features.append("inquote")
        if token[-1:] in _CLOSE_QUOTES or token[-2:-1] in _CLOSE_QUOTES:
            features.append("closequote")
        if opens_quote:
            features.append("openquote")
        if depth > 0:
            features.append("inbracket")
        if seen_year:
            features.append("afteryear")
        if seen_in:
            features.append("afterin")
        if index == 0:
            features.append("BOS")
        if index == count - 1:
            features.append("EOS")
        own.append(features)
        # The state after this token, for the next ones.
        depth = max(0, depth - token.count(")") - token.count("]"))
        if (
            in_quote
            and (token[-1:] in _CLOSE_QUOTES or token[-2:-1] in _CLOSE_QUOTES)
            and not (opens_quote and len(token) == 1)
        ):
            in_quote = False
        if _YEAR.match(core):
            seen_year = True
        if core == "in":
            seen_in = True
        if token[-1] in ".:?!" and len(core) > 2:
            stops += 1
    for index in range(count):
        features = own[index]
        for offset in (-2, -1, 1, 2):
            near = index + offset
            if 0 <= near < count:
                features.append(f"{offset}w={cores[near]}")
                features.append(f"{offset}s={shapes[near]}")
        if index > 0:
            features.append(f"bi={cores[index - 1]}|{cores[index]}")
            before = tokens[index - 1][-1]
            features.append(f"-1last={before if not before.isalnum() else 'an'}")
    return own
