"""Reference-list entries written in the citation styles people use, from a
:class:`~citecheck.models.Claims` (what the entry says) and the identifier it
carries.

Each renderer writes exactly what the claims hold (every author given, "et
al." only when ``claims.et_al``), in the style's own punctuation, name order
and identifier form. Two styles write less than the claims: the wiki link
label (first surname, a short description of the title, the year) and the
``Author — Title, Journal 2020`` list item (no volume, issue or pages);
:data:`SHOWS` says which fields each style writes, so a benchmark can keep
an error where the text can show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from citecheck.models import Author, Claims, Identifier, IdType

__all__ = ["SHOWS", "Style", "identifier_text", "render"]


class Style(StrEnum):
    """A citation style an entry can be written in."""

    VANCOUVER = "vancouver"
    """``Li J, Wang X. Title. Ocean Eng. 2019;181(3):109-20. doi:10…``"""
    APA = "apa"
    """``Li, J., & Wang, X. (2019). Title. Ocean Engineering, 181(3), 109–120. https://doi.org/10…``"""
    CHICAGO = "chicago"
    """Bibliography form, curly quotes: ``Li, Jiale, and Xuefei Wang. “Title.” Ocean Engineering 181, no. 3 (2019): 109–20.``"""
    CHICAGO_NOTE = "chicago-note"
    """Note form: ``Jiale Li and Xuefei Wang, “Title,” Ocean Engineering 181, no. 3 (2019): 109–20, https://doi.org/10….``"""
    HARVARD = "harvard"
    """``Li, J. and Wang, X. (2019) 'Title', Ocean Engineering, 181(3), pp. 109–120. doi: 10…``"""
    MLA = "mla"
    """``Li, Jiale, and Xuefei Wang. “Title.” Ocean Engineering, vol. 181, no. 3, 2019, pp. 109–20.``"""
    IEEE = "ieee"
    """``J. Li and X. Wang, “Title,” Ocean Eng., vol. 181, no. 3, pp. 109–120, 2019, doi: 10….``"""
    ACM = "acm"
    """``Jiale Li and Xuefei Wang. 2019. Title. Ocean Engineering 181, 3 (2019), 109–120. https://doi.org/10…``"""
    NATURE = "nature"
    """``Li, J. & Wang, X. Title. Ocean Eng. 181, 109–120 (2019).``"""
    CS1 = "cs1"
    """Wikipedia's CS1 as rendered: ``Li, Jiale; Wang, Xuefei (2019). "Title". Ocean Engineering. 181 (3): 109–120. doi:10….``"""
    WIKI_LINK = "wiki-link"
    """A link label: ``[Li et al., short description (2019)](https://doi.org/10…)``"""
    DASH = "dash"
    """A list item: ``Li J, Wang X — Title, Ocean Engineering 2019. doi:10…``"""


ALL_FIELDS = frozenset({"authors", "year", "title", "journal", "volume", "issue", "pages"})

SHOWS: dict[Style, frozenset[str]] = {style: ALL_FIELDS for style in Style}
"""The claim fields each style writes (the rest of the claims are left out)."""
SHOWS[Style.WIKI_LINK] = frozenset({"first-author", "year", "title"})
SHOWS[Style.DASH] = frozenset({"authors", "year", "title", "journal"})

# Identifier forms, picked per reference by its ``form`` number.
_DOI_FORMS = ("doi:{}", "https://doi.org/{}", "DOI: {}", "http://dx.doi.org/{}")
_PMID_FORMS = ("PMID: {}", "https://pubmed.ncbi.nlm.nih.gov/{}/", "PMID {}")


def identifier_text(identifier: Identifier, form: int) -> str:
    """The identifier as an entry writes it (``doi:10…``, ``PMID: 123``…)."""
    forms = _DOI_FORMS if identifier.type is IdType.DOI else _PMID_FORMS
    return forms[form % len(forms)].format(identifier.value)


def identifier_url(identifier: Identifier) -> str:
    if identifier.type is IdType.DOI:
        return f"https://doi.org/{identifier.value}"
    return f"https://pubmed.ncbi.nlm.nih.gov/{identifier.value}/"


def render(style: Style, claims: Claims, identifier: Identifier | None, form: int) -> str:
    """The entry, in ``style``, for ``claims`` and ``identifier`` (None: the
    entry carries no identifier)."""
    return _RENDERERS[style](claims, identifier, form)


# --------------------------------------------------------------------------
# Pieces


def initials(given: str, *, dots: bool = True) -> str:
    """``Jiale`` → ``J.``; ``Xiong (Bill)`` → ``X.``; ``Jean-Luc`` → ``J.-L.``;
    without dots, ``W Paul`` → ``WP``."""
    given = re.sub(r"\([^)]*\)", " ", given)
    out: list[str] = []
    for word in given.replace(".", " ").split():
        parts = [p for p in word.split("-") if p]
        if not parts:
            continue
        if dots:
            out.append("-".join(f"{p[0].upper()}." for p in parts))
        else:
            out.append("".join(p[0].upper() for p in parts))
    return (" " if dots else "").join(out)


def _family_initials(author: Author, *, dots: bool = True, comma: bool = True) -> str:
    """``Li, J.`` (or ``Li J`` without dots and comma)."""
    if author.is_organisation or not author.given:
        return author.family
    given = initials(author.given, dots=dots)
    return f"{author.family}, {given}" if comma else f"{author.family} {given}"


def _initials_family(author: Author) -> str:
    """``J. Li``."""
    if author.is_organisation or not author.given:
        return author.family
    return f"{initials(author.given)} {author.family}"


def _family_given(author: Author) -> str:
    """``Li, Jiale``."""
    if author.is_organisation or not author.given:
        return author.family
    return f"{author.family}, {author.given}"


def _given_family(author: Author) -> str:
    """``Jiale Li``."""
    if author.is_organisation or not author.given:
        return author.family
    return f"{author.given} {author.family}"


def _join(names: list[str], *, last: str, serial: bool = True, two_comma: bool = False) -> str:
    """``A, B, and C`` (``serial``), ``A, B and C`` or ``A, B & C``; two names
    take a comma before ``last`` with ``two_comma`` (APA's ``Li, J., & Wang,
    X.``, Chicago's ``Li, Jiale, and Xuefei Wang``)."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]}{',' if two_comma else ''} {last} {names[1]}"
    comma = "," if serial else ""
    return f"{', '.join(names[:-1])}{comma} {last} {names[-1]}"


def _authors(
    claims: Claims,
    names: list[str],
    *,
    last: str,
    etal: str = "et al.",
    serial: bool = True,
    two_comma: bool = False,
) -> str:
    if claims.et_al:
        return ", ".join(names) + f", {etal}" if names else etal
    return _join(names, last=last, serial=serial, two_comma=two_comma)


def _end(text: str) -> str:
    """``text`` with a full stop unless it already ends with one (or ?/!)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _dash(pages: str | None) -> str:
    return (pages or "").replace("-", "–")


def _short_pages(pages: str | None) -> str:
    """NLM's ``109-20`` for ``109-120``."""
    if not pages:
        return ""
    match = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", pages)
    if not match or len(match[1]) != len(match[2]):
        return pages
    first, last = match[1], match[2]
    keep = 0
    while keep < len(first) - 1 and first[keep] == last[keep]:
        keep += 1
    return f"{first}-{last[keep:]}"


def _id_suffix(identifier: Identifier | None, form: int, *, lead: str = " ") -> str:
    return f"{lead}{identifier_text(identifier, form)}" if identifier else ""


def _vol_issue(claims: Claims, *, issue_open: str = "(", issue_close: str = ")") -> str:
    vol = claims.volume or ""
    if claims.issue:
        vol += f"{issue_open}{claims.issue}{issue_close}"
    return vol


# --------------------------------------------------------------------------
# Styles


def _vancouver(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_initials(a, dots=False, comma=False) for a in claims.authors]
    head = _end(", ".join(names) + (", et al" if claims.et_al else "")) if names else ""
    parts = [head, _end(claims.title or "")]
    source = claims.journal or ""
    tail = f"{claims.year or ''}"
    if claims.volume or claims.issue:
        tail += f";{_vol_issue(claims)}"
    if claims.pages:
        tail += f":{_short_pages(claims.pages)}"
    parts.append(_end(f"{_end(source)} {tail}" if source else tail))
    return " ".join(p for p in parts if p) + _id_suffix(identifier, form)


def _apa(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_initials(a) for a in claims.authors]
    authors = _authors(claims, names, last="&", two_comma=True)
    text = f"{authors} ({claims.year}). {_end(claims.title or '')}"
    if claims.journal:
        source = claims.journal
        if claims.volume:
            source += f", {_vol_issue(claims)}"
        if claims.pages:
            source += f", {_dash(claims.pages)}"
        text += f" {_end(source)}"
    return text + _id_suffix(identifier, form)


def _chicago_source(claims: Claims) -> str:
    source = claims.journal or ""
    if claims.volume:
        source += f" {claims.volume}"
    if claims.issue:
        source += f", no. {claims.issue}"
    source += f" ({claims.year})"
    if claims.pages:
        source += f": {_dash(claims.pages)}"
    return source


def _chicago(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_given(claims.authors[0])] if claims.authors else []
    names += [_given_family(a) for a in claims.authors[1:]]
    authors = _end(_authors(claims, names, last="and", two_comma=True))
    text = f"{authors} “{_end(claims.title or '')}” {_end(_chicago_source(claims))}"
    return text + _id_suffix(identifier, form)


def _chicago_note(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_given_family(a) for a in claims.authors]
    authors = _authors(claims, names, last="and")
    title = (claims.title or "").rstrip(".")
    text = f"{authors}, “{title},” {_chicago_source(claims)}"
    return _end(text + _id_suffix(identifier, form, lead=", "))


def _harvard(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_initials(a) for a in claims.authors]
    authors = _authors(claims, names, last="and", serial=False)
    text = f"{authors} ({claims.year}) '{(claims.title or '').rstrip('.')}'"
    if claims.journal:
        text += f", {claims.journal}"
    if claims.volume:
        text += f", {_vol_issue(claims)}"
    if claims.pages:
        text += f", pp. {_dash(claims.pages)}"
    return _end(text) + _id_suffix(identifier, form)


def _mla(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_given(claims.authors[0])] if claims.authors else []
    names += [_given_family(a) for a in claims.authors[1:]]
    authors = _end(_authors(claims, names, last="and", two_comma=True))
    text = f"{authors} “{_end(claims.title or '')}”"
    source = [claims.journal or ""]
    if claims.volume:
        source.append(f"vol. {claims.volume}")
    if claims.issue:
        source.append(f"no. {claims.issue}")
    source.append(str(claims.year))
    if claims.pages:
        source.append(f"pp. {_dash(claims.pages)}")
    text += " " + ", ".join(s for s in source if s)
    return _end(text + _id_suffix(identifier, form, lead=", "))


def _ieee(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_initials_family(a) for a in claims.authors]
    authors = _authors(claims, names, last="and", serial=len(names) > 2)
    title = (claims.title or "").rstrip(".")
    parts = [f"{authors}, “{title},”", claims.journal or ""]
    if claims.volume:
        parts.append(f"vol. {claims.volume}")
    if claims.issue:
        parts.append(f"no. {claims.issue}")
    if claims.pages:
        parts.append(f"pp. {_dash(claims.pages)}")
    parts.append(str(claims.year))
    text = parts[0] + " " + ", ".join(p for p in parts[1:] if p)
    return _end(
        text
        + (
            f", doi: {identifier.value}"
            if identifier and identifier.type is IdType.DOI
            else _id_suffix(identifier, form, lead=", ")
        )
    )


def _acm(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_given_family(a) for a in claims.authors]
    authors = _end(_authors(claims, names, last="and", serial=len(names) > 2))
    text = f"{authors} {claims.year}. {_end(claims.title or '')}"
    if claims.journal:
        source = claims.journal
        if claims.volume:
            source += f" {claims.volume}"
            if claims.issue:
                source += f", {claims.issue}"
        source += f" ({claims.year})"
        if claims.pages:
            source += f", {_dash(claims.pages)}"
        text += f" {_end(source)}"
    if identifier:
        text += f" {identifier_url(identifier)}"
    return text


def _nature(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_initials(a) for a in claims.authors]
    if claims.et_al:
        authors = (", ".join(names) + " et al.") if names else "et al."
    else:
        authors = _join(names, last="&", serial=False)
    text = f"{_end(authors)} {_end(claims.title or '')}"
    source = claims.journal or ""
    if claims.volume:
        source += f" {claims.volume}"
    if claims.pages:
        source += f", {_dash(claims.pages)}"
    text += f" {source} ({claims.year})."
    return text + _id_suffix(identifier, form)


def _cs1(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = "; ".join(_family_given(a) for a in claims.authors)
    if claims.et_al:
        names += "; et al."
    text = f'{names} ({claims.year}). "{_end(claims.title or "").rstrip(".")}".'
    if claims.journal:
        text += f" {claims.journal}."
    if claims.volume:
        text += f" {claims.volume}"
        if claims.issue:
            text += f" ({claims.issue})"
    if claims.pages:
        text += f": {_dash(claims.pages)}"
    if claims.volume or claims.pages:
        text += "."
    if identifier:
        # CS1 writes "doi:10.…" but "PMID 123".
        label = "doi:" if identifier.type is IdType.DOI else "PMID "
        text += f" {label}{identifier.value}."
    return text


def short_description(title: str, words: int = 5) -> str:
    """The first few words of a title, as a wiki link label shortens it."""
    head = re.split(r"[:.?]", title, maxsplit=1)[0].split()
    return " ".join(head[:words]).rstrip(",;")


def _wiki_link(claims: Claims, identifier: Identifier | None, form: int) -> str:
    first = claims.authors[0].family if claims.authors else ""
    many = claims.et_al or len(claims.authors) > 2
    if many:
        who = f"{first} et al."
    elif len(claims.authors) == 2:
        who = f"{first} and {claims.authors[1].family}"
    else:
        who = first
    label = f"{who}, {short_description(claims.title or '')} ({claims.year})"
    if identifier is None:
        return label
    return f"[{label}]({identifier_url(identifier)})"


def _dash_item(claims: Claims, identifier: Identifier | None, form: int) -> str:
    names = [_family_initials(a, dots=False, comma=False) for a in claims.authors]
    authors = ", ".join(names) + (" et al." if claims.et_al else "")
    text = f"{authors} — {(claims.title or '').rstrip('.')}, {claims.journal or ''} {claims.year}".replace(
        " ,", ","
    )
    return _end(text) + _id_suffix(identifier, form)


_RENDERERS: dict[Style, Callable[[Claims, Identifier | None, int], str]] = {
    Style.VANCOUVER: _vancouver,
    Style.APA: _apa,
    Style.CHICAGO: _chicago,
    Style.CHICAGO_NOTE: _chicago_note,
    Style.HARVARD: _harvard,
    Style.MLA: _mla,
    Style.IEEE: _ieee,
    Style.ACM: _acm,
    Style.NATURE: _nature,
    Style.CS1: _cs1,
    Style.WIKI_LINK: _wiki_link,
    Style.DASH: _dash_item,
}
