"""Short human renderings of claims, shared by findings and tables."""

from __future__ import annotations

from citecheck.models import Claims, Record


def shorten(text: str, limit: int) -> str:
    """``text`` with whitespace folded, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def authors_text(claims: Claims) -> str:
    """``Smith``, ``Smith and Jones`` or ``Smith et al.``; empty when unknown."""
    if not claims.authors:
        return ""
    first = claims.authors[0].family
    if len(claims.authors) == 2 and not claims.et_al:
        return f"{first} and {claims.authors[1].family}"
    if len(claims.authors) > 1 or claims.et_al:
        return f"{first} et al."
    return first


def head_text(claims: Claims) -> str:
    """``Smith et al. 2023``: who and when, as far as known."""
    return " ".join(part for part in (authors_text(claims), str(claims.year or "")) if part)


def claims_text(claims: Claims, *, title_limit: int = 80) -> str:
    """``Smith et al. 2023, "Title"``, or whichever part is known; empty when nothing is."""
    head = head_text(claims)
    if claims.title:
        title = f'"{shorten(claims.title, title_limit)}"'
        return f"{head}, {title}" if head else title
    return head


def record_text(record: Record) -> str:
    """``"Title B" (Kim, Lee; 2019)`` — the record as the messages show it."""
    title = f'"{shorten(record.title, 90)}"' if record.title else "an untitled record"
    names = [a.family for a in record.authors[:3]]
    people = ", ".join(names) + (" et al." if len(record.authors) > 3 else "")
    year = record.issued_year or record.print_year or record.online_year
    inside = "; ".join(part for part in (people, str(year or "")) if part)
    return f"{title} ({inside})" if inside else title
