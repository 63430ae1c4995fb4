"""Headings that announce a reference list, and headings that close one.

A heading announces a reference list when its words, undecorated and
lower-cased, are one of :data:`REFERENCE_HEADINGS` (English and other
languages), when they join such words with words that may share a list
with them ("Notes and reference list", "Sources and further reading"), or
when they name the cited works ("Links to the cited papers", "List of
references"). Headings of lists that are never the reference list ("See
also", "External links", "Further reading" alone) are
:data:`LINK_LIST_HEADINGS`.
"""

from __future__ import annotations

import re

REFERENCE_HEADINGS = frozenset(
    {
        # English
        "references",
        "reference",
        "reference list",
        "references cited",
        "cited references",
        "bibliography",
        "works cited",
        "literature cited",
        "cited literature",
        "literature",
        "notes",
        "notes and references",
        "references and notes",
        "endnotes",
        "footnotes",
        "sources",
        "sources cited",
        "citations",
        # Spanish, Portuguese
        "referencias",
        "referencias bibliográficas",
        "referências",
        "referências bibliográficas",
        "bibliografía",
        "obras citadas",
        "literatura citada",
        "notas",
        "fuentes",
        "fontes",
        # French
        "références",
        "références bibliographiques",
        "bibliographie",
        "notes et références",
        "ouvrages cités",
        # German
        "literatur",
        "literaturverzeichnis",
        "literaturangaben",
        "quellen",
        "quellenverzeichnis",
        "einzelnachweise",
        "anmerkungen",
        "referenzen",
        # Italian
        "bibliografia",
        "riferimenti",
        "riferimenti bibliografici",
        "note e riferimenti",
        "fonti",
        # Dutch, Scandinavian, Polish, Czech, Turkish
        "literatuur",
        "literatuurlijst",
        "referenties",
        "bronnen",
        "referenser",
        "referanser",
        "litteratur",
        "källor",
        "kilder",
        "literatura",
        "przypisy",
        "kaynaklar",
        "kaynakça",
        # Russian, Ukrainian
        "литература",
        "список литературы",
        "список использованной литературы",
        "библиография",
        "источники",
        "примечания",
        "література",
        "список літератури",
        "джерела",
        "примітки",
        # Chinese, Japanese, Korean
        "参考文献",
        "参考资料",
        "參考文獻",
        "參考資料",
        "文献",
        "引用文献",
        "脚注",
        "出典",
        "注释",
        "참고문헌",
        "참고 문헌",
    }
)

# Headings that may as well stand over remarks as over references: the
# list under one is the reference list only when its entries look like
# references. Under the others any list is.
WEAK_HEADINGS = frozenset(
    {
        "notes",
        "endnotes",
        "footnotes",
        "sources",
        "citations",
        "notas",
        "fuentes",
        "fontes",
        "fonti",
        "quellen",
        "anmerkungen",
        "bronnen",
        "källor",
        "kilder",
        "przypisy",
        "примечания",
        "примітки",
        "источники",
        "джерела",
        "脚注",
        "注释",
        "出典",
    }
)

# Words that may stand beside a reference heading in one heading, and then
# announce the same list: "Notes and reference list", "References and
# further reading". Alone they announce no reference list.
_COMPANIONS = frozenset(
    {
        "further reading",
        "additional reading",
        "suggested reading",
        "recommended reading",
        "reading list",
        "links",
        "external links",
    }
)
_JOINERS = re.compile(r"\s*(?:[,;/&+]|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|[与和及])\s*")

# Headings that name the cited works: "Links to the cited papers", "Papers
# cited in this review", "List of references". Every word must come from
# this vocabulary, with a word of citing and a word for works among them.
_CITING = frozenset({"cited", "referenced", "quoted", "citadas", "citados", "cités", "zitierte"})
_WORKS = frozenset(
    {
        "papers",
        "articles",
        "works",
        "publications",
        "studies",
        "references",
        "literature",
        "sources",
        "reports",
        "books",
    }
)
_FILLERS = frozenset(
    {
        "links",
        "link",
        "to",
        "the",
        "list",
        "of",
        "in",
        "this",
        "article",
        "review",
        "paper",
        "text",
        "chapter",
        "all",
        "and",
        "here",
    }
)

# Headings of lists that are no reference list, even when their entries are
# links to papers: a structural list under one is never taken.
LINK_LIST_HEADINGS = frozenset(
    {
        "see also",
        "external links",
        "further reading",
        "additional reading",
        "suggested reading",
        "recommended reading",
        "links",
        "web links",
        "weblinks",
        "related links",
        "related articles",
        "related pages",
        "related",
        "resources",
        "external resources",
        "siehe auch",
        "voir aussi",
        "liens externes",
        "véase también",
        "enlaces externos",
        "ver também",
        "ligações externas",
        "voci correlate",
        "collegamenti esterni",
        "см. также",
        "ссылки",
    }
)

# Headings that close a reference list written as plain lines.
CLOSING_HEADINGS = LINK_LIST_HEADINGS | frozenset(
    {
        "appendix",
        "appendices",
        "acknowledgements",
        "acknowledgments",
        "author contributions",
        "funding",
        "conflict of interest",
        "conflicts of interest",
        "competing interests",
        "disclaimer",
        "figure legends",
        "tables",
        "supplementary material",
        "about the authors",
        "contact",
        "agradecimientos",
        "agradecimentos",
        "remerciements",
        "danksagung",
        "ringraziamenti",
    }
)

# Every reference heading contains one of these; most lines contain none.
HEADING_HINTS = (
    "refer",
    "référ",
    "litterat",
    "bibliog",
    "cited",
    "literat",
    "notes",
    "sources",
    "citations",
    "citad",
    "cités",
    "notas",
    "fuentes",
    "fontes",
    "fonti",
    "quellen",
    "einzelnachweise",
    "anmerkungen",
    "riferimenti",
    "bronnen",
    "källor",
    "kilder",
    "przypisy",
    "kaynak",
    "литератур",
    "літератур",
    "библиограф",
    "источник",
    "примечан",
    "джерела",
    "примітки",
    "文献",
    "文獻",
    "资料",
    "資料",
    "脚注",
    "出典",
    "注释",
    "참고",
    "quoted",
)

_MAX_HEADING = 60
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_HEADING_DECORATION = re.compile(
    r"^[\s#*_=:.\-]*(?:(?:\d{1,2}|[IVXL]{1,5})[.)]?\s+)?|[\s#*_=:.\-]*$"
)


def short_enough(text: str) -> bool:
    """Whether a line is short enough to be a heading."""
    return len(text) <= _MAX_HEADING or len(text.strip()) <= _MAX_HEADING


def heading_words(text: str) -> str | None:
    """The words of a heading line, undecorated and lower-cased, or None
    when the line is too long to be a heading."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADING:
        return None
    match = _MD_HEADING.match(stripped)
    if match:
        stripped = match.group(2)
    words = _HEADING_DECORATION.sub("", stripped)
    return re.sub(r"\s+", " ", words).lower() or None


def is_reference_heading(text: str) -> bool:
    """True for a line that announces a reference list."""
    # Cheap tests first: this is asked of many lines of the document.
    if not short_enough(text):
        return False
    lowered = text.lower()
    if not any(hint in lowered for hint in HEADING_HINTS):
        return False
    words = heading_words(text)
    return words is not None and is_reference_words(words)


def is_reference_words(words: str) -> bool:
    """Whether undecorated, lower-cased heading words announce a reference list."""
    if words in REFERENCE_HEADINGS:
        return True
    if not any(hint in words for hint in HEADING_HINTS):
        return False
    parts = [part for part in _JOINERS.split(words) if part]
    if len(parts) > 1 and all(p in REFERENCE_HEADINGS or p in _COMPANIONS for p in parts):
        return any(part in REFERENCE_HEADINGS for part in parts)
    return _names_cited_works(words)


def is_weak_heading(text: str) -> bool:
    """Whether a reference heading line is one that may stand over remarks
    ("Notes", "Sources"): every part of its words is a weak heading or a
    companion."""
    words = heading_words(text)
    if words is None:
        return False
    parts = [part for part in _JOINERS.split(words) if part]
    return all(part in WEAK_HEADINGS or part in _COMPANIONS for part in parts) and any(
        part in WEAK_HEADINGS for part in parts
    )


def _names_cited_works(words: str) -> bool:
    tokens = words.replace(",", " ").split()
    if tokens[:2] == ["list", "of"] and " ".join(tokens[2:]) in REFERENCE_HEADINGS:
        return True
    vocabulary = _CITING | _WORKS | _FILLERS
    return (
        all(token in vocabulary for token in tokens)
        and any(token in _CITING for token in tokens)
        and any(token in _WORKS for token in tokens)
    )
