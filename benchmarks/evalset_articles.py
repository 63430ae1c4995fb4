"""Articles made of labelled entries, in every format citecheck reads:
Markdown, plain text, HTML, BibTeX and JATS XML.

Each article has some prose with in-text citations (``[n]`` markers, or
author–year ones for the author–date styles), then its reference list under
one of the headings people use. Each :class:`Placed` entry remembers the
label citecheck gives it (its number or position in a prose list, its BibTeX
key, its JATS ``ref`` id) and the line it starts on, so a verdict can be
matched back to the labelled reference it judges.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as html_escape
from xml.sax.saxutils import escape as xml_escape

from evalset import LabelledReference
from evalset_styles import Style, identifier_text

from citecheck.models import Author, Claims, Identifier, IdType

__all__ = ["FORMATS", "Article", "Placed", "build_articles"]

FORMATS = ("markdown", "text", "html", "bibtex", "jats")
_SUFFIX = {"markdown": "md", "text": "txt", "html": "html", "bibtex": "bib", "jats": "xml"}

AUTHOR_DATE = frozenset({Style.APA, Style.HARVARD, Style.CHICAGO, Style.MLA})
"""Styles whose lists are cited author–year and written unnumbered."""
_NO_MARKERS = frozenset({Style.WIKI_LINK, Style.DASH})
# Styles each prose format can hold (a Markdown link label is Markdown's).
_STYLES = {
    "markdown": tuple(Style),
    "text": tuple(s for s in Style if s is not Style.WIKI_LINK),
    "html": tuple(s for s in Style if s is not Style.WIKI_LINK),
    "jats": tuple(s for s in Style if s not in _NO_MARKERS),
}
_HEADINGS = {
    "numbered": ("References", "REFERENCES", "Bibliography", "Literature cited", "Reference list"),
    "author-date": ("References", "Works cited", "Bibliography", "Literature Cited", "Sources"),
    "notes": ("Notes", "Endnotes", "Notes and references"),
    "links": ("Sources", "References", "Citations"),
}
_SENTENCES = (
    "Earlier work on {topic} reported consistent findings{cite}.",
    "The approach to {topic} follows the protocol described before{cite}.",
    "Several groups have questioned how {topic} should be measured{cite}.",
    "A larger study of {topic} came to a different conclusion{cite}.",
    "We compare our estimates of {topic} with published values{cite}.",
    "Reviews of {topic} summarise the evidence so far{cite}.",
)


@dataclass(frozen=True)
class Placed:
    """A labelled reference as it stands in an article."""

    ref: LabelledReference
    label: str
    """The label citecheck gives the entry."""
    line: int
    """The 1-based line the entry starts on."""
    style: str
    """The style it is written in (a :class:`Style`, ``bibtex`` or ``jats-element``)."""


@dataclass(frozen=True)
class Article:
    name: str
    """File name, suffix included."""
    format: str
    text: str
    entries: tuple[Placed, ...]


def build_articles(
    refs: Sequence[LabelledReference],
    count: int,
    *,
    seed: int = 0,
    size: tuple[int, int] = (20, 40),
) -> list[Article]:
    """``count`` articles, formats in turn, each of ``size`` entries drawn from
    ``refs`` without reuse (``refs`` is gone through again, reshuffled, when
    used up); no article cites one identifier twice."""
    rng = random.Random(f"articles:{seed}")
    start = rng.randrange(len(Style))
    queue: list[LabelledReference] = []
    articles = []
    for n in range(count):
        fmt = FORMATS[n % len(FORMATS)]
        # House styles in turn, so every style a format holds comes out.
        styles = _STYLES.get(fmt, tuple(Style))
        house = styles[(n // len(FORMATS) + start) % len(styles)]
        want = rng.randint(*size)
        chosen: list[LabelledReference] = []
        seen: set[str] = set()
        skipped: list[LabelledReference] = []
        rounds = 0
        while len(chosen) < want and rounds < 3:
            if not queue:
                queue = list(refs)
                rng.shuffle(queue)
                rounds += 1
            ref = queue.pop()
            key = ref.identifier.key if ref.identifier else ref.key
            if key in seen or (fmt != "bibtex" and house not in ref.styles()):
                skipped.append(ref)
                continue
            seen.add(key)
            chosen.append(ref)
        queue.extend(reversed(skipped))
        name = f"article-{n:03d}.{_SUFFIX[fmt]}"
        articles.append(_WRITERS[fmt](name, chosen, house, rng))
    return articles


# --------------------------------------------------------------------------
# Prose


def _cite_text(style: Style, claims: Claims, number: int) -> str:
    if style in AUTHOR_DATE:
        first = claims.authors[0].family if claims.authors else "Anon."
        many = claims.et_al or len(claims.authors) > 2
        if len(claims.authors) == 2 and not claims.et_al:
            return f"({first} and {claims.authors[1].family}, {claims.year})"
        return f"({first}{' et al.' if many else ''}, {claims.year})"
    return f"[{number}]"


def _topic(claims: Claims) -> str:
    words = [w for w in re.findall(r"[A-Za-z]{5,}", claims.title or "")][:3]
    return " ".join(w.lower() for w in words) or "this question"


def _prose(rng: random.Random, style: Style, refs: Sequence[LabelledReference]) -> list[str]:
    """Paragraphs citing every entry once, in list order."""
    sentences = []
    for n, ref in enumerate(refs, start=1):
        cite = "" if style in _NO_MARKERS else " " + _cite_text(style, ref.described, n)
        template = rng.choice(_SENTENCES)
        sentences.append(template.format(topic=_topic(ref.described), cite=cite).replace(" .", "."))
    paragraphs = []
    for start in range(0, len(sentences), 5):
        paragraphs.append(" ".join(sentences[start : start + 5]))
    return paragraphs


def _list_kind(style: Style) -> str:
    if style in AUTHOR_DATE:
        return "author-date"
    if style is Style.CHICAGO_NOTE:
        return "notes"
    if style in _NO_MARKERS:
        return "links"
    return "numbered"


def _order(style: Style, refs: list[LabelledReference]) -> list[LabelledReference]:
    if style in AUTHOR_DATE:
        return sorted(
            refs,
            key=lambda r: (
                r.described.authors[0].family.lower() if r.described.authors else "",
                r.key,
            ),
        )
    return refs


def _markdown(
    name: str, refs: list[LabelledReference], style: Style, rng: random.Random
) -> Article:
    refs = _order(style, refs)
    lines = ["# A review of recent findings", ""]
    for paragraph in _prose(rng, style, refs):
        lines += [paragraph, ""]
    heading = rng.choice(_HEADINGS[_list_kind(style)])
    lines += [rng.choice(("## ", "# ", "### ")) + heading, ""]
    placed = []
    bracket = rng.random() < 0.4
    for n, ref in enumerate(refs, start=1):
        text = ref.render(style)
        if style in AUTHOR_DATE or style is Style.WIKI_LINK or style is Style.DASH:
            entry = f"- {text}" if style is not Style.CHICAGO else text
        else:
            entry = f"[{n}] {text}" if bracket else f"{n}. {text}"
        placed.append(Placed(ref, str(n), len(lines) + 1, str(style)))
        lines.append(entry)
        if style is Style.CHICAGO:
            lines.append("")
    return Article(name, "markdown", "\n".join(lines) + "\n", tuple(placed))


def _text(name: str, refs: list[LabelledReference], style: Style, rng: random.Random) -> Article:
    refs = _order(style, refs)
    lines = ["A review of recent findings", "", "Introduction", ""]
    for paragraph in _prose(rng, style, refs):
        lines += [paragraph, ""]
    lines += [rng.choice(_HEADINGS[_list_kind(style)]), ""]
    placed = []
    for n, ref in enumerate(refs, start=1):
        text = ref.render(style)
        numbered = style not in AUTHOR_DATE and style is not Style.DASH
        placed.append(Placed(ref, str(n), len(lines) + 1, str(style)))
        lines.append(f"{n}. {text}" if numbered else text)
        if not numbered:
            lines.append("")
    return Article(name, "text", "\n".join(lines) + "\n", tuple(placed))


def _html(name: str, refs: list[LabelledReference], style: Style, rng: random.Random) -> Article:
    refs = _order(style, refs)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>A review</title></head><body>',
        "<h1>A review of recent findings</h1>",
    ]
    for paragraph in _prose(rng, style, refs):
        lines.append(f"<p>{html_escape(paragraph, quote=False)}</p>")
    lines.append(f"<h2>{rng.choice(_HEADINGS[_list_kind(style)])}</h2>")
    ordered = style not in AUTHOR_DATE and style is not Style.DASH
    lines.append("<ol>" if ordered else "<ul>")
    placed = []
    for n, ref in enumerate(refs, start=1):
        text = html_escape(ref.render(style), quote=False)
        placed.append(Placed(ref, str(n), len(lines) + 1, str(style)))
        lines.append(f"<li>{text}</li>")
    lines += ["</ol>" if ordered else "</ul>", "</body></html>"]
    return Article(name, "html", "\n".join(lines) + "\n", tuple(placed))


# --------------------------------------------------------------------------
# BibTeX and JATS: fields, not a style.


def _bib_escape(text: str) -> str:
    return (
        text.replace("\\", "")
        .replace("{", "")
        .replace("}", "")
        .replace("&", "\\&")
        .replace("%", "\\%")
    )


def _bib_name(author: Author) -> str:
    if author.is_organisation or not author.given:
        return "{" + _bib_escape(author.family) + "}"
    return f"{_bib_escape(author.family)}, {_bib_escape(author.given)}"


def _bibtex(name: str, refs: list[LabelledReference], style: Style, rng: random.Random) -> Article:
    lines = ["% Library exported for the review.", ""]
    placed = []
    keys: set[str] = set()
    for ref in refs:
        claims = ref.described
        first = claims.authors[0].family if claims.authors else "anon"
        stem = re.sub(r"[^a-z]", "", first.lower()) or "anon"
        key = f"{stem}{claims.year or ''}"
        while key in keys:
            key += "a"
        keys.add(key)
        placed.append(Placed(ref, key, len(lines) + 1, "bibtex"))
        names = [_bib_name(a) for a in claims.authors] + (["others"] if claims.et_al else [])
        fields = [
            ("author", " and ".join(names)),
            ("title", "{" + _bib_escape(claims.title or "") + "}"),
        ]
        fields += [
            (f, v)
            for f, v in (
                ("journal", claims.journal),
                ("year", str(claims.year) if claims.year else None),
                ("volume", claims.volume),
                ("number", claims.issue),
                ("pages", (claims.pages or "").replace("-", "--") or None),
            )
            if v
        ]
        fields[2:] = [(f, _bib_escape(v)) for f, v in fields[2:]]
        if ref.identifier is not None:
            fields.append(
                ("doi" if ref.identifier.type is IdType.DOI else "pmid", ref.identifier.value)
            )
        lines.append(f"@article{{{key},")
        # Values are escaped already; the author and title braces are meant.
        lines += [f"  {f:<8}= {{{v}}}," for f, v in fields]
        lines += ["}", ""]
    return Article(name, "bibtex", "\n".join(lines), tuple(placed))


def _pub_id(identifier: Identifier | None) -> str:
    if identifier is None:
        return ""
    kind = "doi" if identifier.type is IdType.DOI else "pmid"
    return f'<pub-id pub-id-type="{kind}">{xml_escape(identifier.value)}</pub-id>'


def _element_citation(ref: LabelledReference) -> str:
    claims = ref.described
    names = "".join(
        f"<collab>{xml_escape(a.family)}</collab>"
        if a.is_organisation or not a.given
        else f"<name><surname>{xml_escape(a.family)}</surname><given-names>{xml_escape(a.given)}</given-names></name>"
        for a in claims.authors
    )
    if claims.et_al:
        names += "<etal/>"
    parts = [f'<person-group person-group-type="author">{names}</person-group>']
    parts.append(f"<article-title>{xml_escape(claims.title or '')}</article-title>")
    for tag, value in (
        ("source", claims.journal),
        ("year", claims.year),
        ("volume", claims.volume),
        ("issue", claims.issue),
    ):
        if value:
            parts.append(f"<{tag}>{xml_escape(str(value))}</{tag}>")
    if claims.pages:
        first, _, last = claims.pages.partition("-")
        parts.append(
            f"<fpage>{xml_escape(first)}</fpage>"
            + (f"<lpage>{xml_escape(last)}</lpage>" if last else "")
        )
    parts.append(_pub_id(ref.identifier))
    return '<element-citation publication-type="journal">' + "".join(parts) + "</element-citation>"


def _mixed_citation(ref: LabelledReference, style: Style) -> str:
    text = ref.render(style)
    if ref.identifier is not None:
        written = identifier_text(ref.identifier, ref.form)
        if written in text:
            head, _, tail = text.partition(written)
            return (
                '<mixed-citation publication-type="journal">'
                f"{xml_escape(head)}{_pub_id(ref.identifier)}{xml_escape(tail)}</mixed-citation>"
            )
    return f'<mixed-citation publication-type="journal">{xml_escape(text)}</mixed-citation>'


def _jats(name: str, refs: list[LabelledReference], style: Style, rng: random.Random) -> Article:
    element = rng.random() < 0.5
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">',
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="review-article" dtd-version="1.3">',
        "<front><article-meta><title-group><article-title>A review of recent findings</article-title></title-group></article-meta></front>",
        "<body><sec><title>Introduction</title>",
    ]
    for start in range(0, len(refs), 5):
        sentences = []
        for n in range(start + 1, min(start + 6, len(refs) + 1)):
            topic = xml_escape(_topic(refs[n - 1].described))
            sentences.append(
                f'Work on {topic} is cited here<xref ref-type="bibr" rid="R{n}">{n}</xref>.'
            )
        lines.append("<p>" + " ".join(sentences) + "</p>")
    lines += ["</sec></body>", "<back><ref-list><title>References</title>"]
    placed = []
    for n, ref in enumerate(refs, start=1):
        citation = _element_citation(ref) if element else _mixed_citation(ref, style)
        placed.append(
            Placed(ref, f"R{n}", len(lines) + 1, "jats-element" if element else str(style))
        )
        lines.append(f'<ref id="R{n}"><label>{n}</label>{citation}</ref>')
    lines += ["</ref-list></back>", "</article>"]
    return Article(name, "jats", "\n".join(lines) + "\n", tuple(placed))


_WRITERS = {"markdown": _markdown, "text": _text, "html": _html, "bibtex": _bibtex, "jats": _jats}
