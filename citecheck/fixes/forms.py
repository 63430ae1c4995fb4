"""How an identifier is written into a document: where a wrong one stands
(keeping the form it was written in) and when one is added."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from citecheck.identifiers import scan
from citecheck.models import Identifier, IdType

# What a doi.org URL may hold as it is: RFC 3986's unreserved and most
# sub-delimiters. Anything else ("#", "?", "%", "<", a space) is
# percent-encoded, and the readers decode it back.
_URL_SAFE = "/:;,.-_~!$&'*+=@"
_DIGITS = re.compile(r"[0-9]+")


def label(identifier: Identifier) -> str:
    """``DOI 10.1/x``, ``PMID 123``: an identifier named for people."""
    return f"{identifier.type.value.upper()} {identifier.value}"


def doi_url(doi: str) -> str:
    """The doi.org URL of ``doi``, percent-encoded where a URL must be
    (parentheses kept when they pair, as in SICI DOIs)."""
    safe = _URL_SAFE + ("()" if _balanced(doi) else "")
    return "https://doi.org/" + quote(doi, safe=safe)


def url_of(identifier: Identifier) -> str:
    """The URL a link to ``identifier`` points at."""
    if identifier.type is IdType.DOI:
        return doi_url(identifier.value)
    if identifier.type is IdType.PMID:
        return f"https://pubmed.ncbi.nlm.nih.gov/{identifier.value}/"
    if identifier.type is IdType.PMCID:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{identifier.value}/"
    raise ValueError(f"no URL form for {identifier}")


def plain_form(identifier: Identifier) -> str:
    """How an identifier added to prose is written: a DOI as its doi.org
    URL, a PMID as ``PMID: n``, a PMCID as ``PMCID: PMCn``."""
    if identifier.type is IdType.DOI:
        return doi_url(identifier.value)
    if identifier.type is IdType.PMID:
        return f"PMID: {identifier.value}"
    if identifier.type is IdType.PMCID:
        return f"PMCID: {identifier.value}"
    raise ValueError(f"no written form for {identifier}")


def html_link(identifier: Identifier) -> str:
    """An HTML link to ``identifier``: ``<a href="https://doi.org/…">doi:…</a>``."""
    text = f"doi:{identifier.value}" if identifier.type is IdType.DOI else plain_form(identifier)
    href = html.escape(url_of(identifier), quote=True)
    return f'<a href="{href}">{html.escape(text, quote=False)}</a>'


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where an identifier is written in a text: ``start`` to ``end`` is
    the part to replace (the value alone, its URL or ``doi:`` prefix kept),
    ``new`` what it becomes."""

    start: int
    end: int
    old: str
    new: str


class NotPlain(Exception):
    """An occurrence of the identifier that cannot be replaced exactly (its
    value percent-encoded, or broken by invisible characters)."""


def occurrences(
    text: str, wrong: Identifier, right: Identifier, *, markup: bool = False
) -> list[Occurrence]:
    """Every place ``wrong`` is written in ``text``, with what each becomes
    so that it names ``right`` in the same form (a doi.org URL stays one).
    ``markup`` escapes the new text for HTML. Raises NotPlain when an
    occurrence cannot be replaced exactly: none is better than some."""
    found: list[Occurrence] = []
    for hit in scan(text):
        item = hit.item
        if not isinstance(item, Identifier) or item.key != wrong.key:
            continue
        written = text[hit.start : hit.end]
        url = _is_url(written)
        if right.type is not wrong.type:
            if url:  # a link to the wrong one's service cannot be made a link to another's
                raise NotPlain(f"{label(wrong)} is written as a link: {written!r}")
            new = plain_form(right)
            found.append(Occurrence(hit.start, hit.end, written, _escaped(new, markup)))
            continue
        span = _value_span(written, wrong)
        if span is not None:
            start, end = span
            new = _value_text(right, url=url)
        else:
            encoded = _encoded_doi_span(written, wrong) if url else None
            if encoded is None:
                raise NotPlain(f"{label(wrong)} is not written plainly: {written!r}")
            start, end, slash_encoded = encoded
            # Encoded as the old one was (Wikipedia writes "10.1016%2Fj.x").
            new = quote(
                right.value, safe=_URL_SAFE.replace("/", "") if slash_encoded else _URL_SAFE
            )
        found.append(
            Occurrence(
                hit.start + start, hit.start + end, written[start:end], _escaped(new, markup)
            )
        )
    return found


def _value_span(written: str, identifier: Identifier) -> tuple[int, int] | None:
    """Where the value of ``identifier`` stands in its written form."""
    if identifier.type is IdType.DOI:
        at = written.lower().rfind(identifier.value.lower())
        return None if at < 0 else (at, at + len(identifier.value))
    # A PMID or PMCID: its last run of digits (leading zeros included).
    digits = list(_DIGITS.finditer(written))
    if not digits:
        return None
    last = digits[-1]
    number = identifier.value.removeprefix("PMC")
    return (last.start(), last.end()) if last.group().lstrip("0") == number else None


def _encoded_doi_span(written: str, identifier: Identifier) -> tuple[int, int, bool] | None:
    """Where a percent-encoded DOI stands in a doi.org URL (all that follows
    ``doi.org/``), and whether its slash is encoded; None when that is not it."""
    at = written.lower().find("doi.org/")
    if identifier.type is not IdType.DOI or at < 0:
        return None
    start = at + len("doi.org/")
    part = written[start:]
    if unquote(part).lower() != identifier.value.lower():
        return None
    return start, len(written), "/" not in part


def _value_text(identifier: Identifier, *, url: bool) -> str:
    if identifier.type is IdType.DOI:
        return (
            doi_url(identifier.value).removeprefix("https://doi.org/") if url else identifier.value
        )
    return identifier.value.removeprefix("PMC")


def _is_url(written: str) -> bool:
    low = written.lower()
    return "://" in low or low.startswith(("doi.org/", "dx.doi.org/", "www."))


def _escaped(text: str, markup: bool) -> str:
    return html.escape(text, quote=True) if markup else text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
