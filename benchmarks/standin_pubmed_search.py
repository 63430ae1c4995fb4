"""The stand-in's PubMed searches: ``esearch.fcgi`` and ``ecitmatch.cgi``,
over the PubMed articles of a :class:`~standin_search.SearchIndex`.

esearch is boolean, as PubMed's is: every ANDed term must match (OR and
parentheses too), field tags (``[ti]``, ``[tiab]``, ``[au]``, ``[1au]``,
``[dp]``, ``[ta]``, ``[vi]``, ``[ip]``, ``[pg]``) say where, stopwords are
ignored and said so; nothing matching all terms is a count of 0 and
``warninglist.outputmessages`` "No items found.". A word, name or journal
the index has never seen is left out of the search, as PubMed leaves it,
and named in ``errorlist.phrasesnotfound`` (a quoted phrase in
``warninglist.quotedphrasesnotfound``): the rest is searched, so a client
must read those lists to know what its hits match. ECitMatch matches
journal, year, volume, first page and author exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from standin_search import PUBMED_STOPWORDS, BooleanIndex, Indexed, SearchIndex, name_key, tokens

__all__ = ["ECITMATCH_PAGE", "ecitmatch", "esearch"]

# --------------------------------------------------------------------------
# PubMed: esearch.fcgi

_TAGS = {
    "ti": "Title",
    "title": "Title",
    "tiab": "Title/Abstract",
    "au": "Author",
    "author": "Author",
    "1au": "Author - First",
    "dp": "Date - Publication",
    "pdat": "Date - Publication",
    "ta": "Journal",
    "journal": "Journal",
    "vi": "Volume",
    "ip": "Issue",
    "pg": "Pagination",
    "all": "All Fields",
    "all fields": "All Fields",
}
_ATOM = re.compile(r'\s*(?:"([^"]*)"|([^\[\]()"]+?))\s*(?:\[([^\]]*)\])?\s*$')


@dataclass
class _Outcome:
    """What a term's evaluation says besides its hits, in esearch's lists."""

    not_found: list[str] = field(default_factory=list)
    fields_not_found: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    quoted_not_found: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)


def _split(term: str, operator: str) -> list[str]:
    """``term`` split on ``operator`` outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    pattern = re.compile(rf"\s+{operator}\s+")
    i = 0
    while i < len(term):
        c = term[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
        elif not quoted and c == ")":
            depth -= 1
        elif not quoted and depth == 0:
            match = pattern.match(term, i)
            if match and i > start:
                parts.append(term[start:i])
                start = i = match.end()
                continue
        i += 1
    parts.append(term[start:])
    return [p.strip() for p in parts if p.strip()]


def _strip_parens(term: str) -> str:
    term = term.strip()
    while term.startswith("(") and term.endswith(")") and _balanced(term[1:-1]):
        term = term[1:-1].strip()
    return term


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += c == "("
        depth -= c == ")"
        if depth < 0:
            return False
    return depth == 0


def _evaluate(index: BooleanIndex, term: str, outcome: _Outcome) -> set[str] | None:
    """The PMIDs matching ``term``; None for a term that asks nothing (a
    stopword alone), which an AND then leaves out."""
    term = _strip_parens(term)
    ors = _split(term, "OR")
    if len(ors) > 1:
        found = [_evaluate(index, t, outcome) for t in ors]
        return set().union(*(f for f in found if f is not None))
    ands = _split(term, "AND")
    if len(ands) > 1:
        result: set[str] | None = None
        for part in ands:
            found = _evaluate(index, part, outcome)
            if found is None:
                continue
            result = found if result is None else result & found
        return result
    return _atom(index, term, outcome)


def _atom(index: BooleanIndex, term: str, outcome: _Outcome) -> set[str] | None:
    match = _ATOM.match(term)
    if not match:
        outcome.not_found.append(term)
        return set()
    quoted, plain, tag = match[1], match[2], (match[3] or "all").strip().lower()
    text = quoted if quoted is not None else (plain or "")
    if tag not in _TAGS:
        outcome.fields_not_found.append(f"[{match[3]}]")
        return set()
    label = _TAGS[tag]
    shown = f'"{text}"' if quoted is not None else text
    if tag in ("au", "author", "1au"):
        words = tokens(text)
        if not any("".join(words[:n]) in index.surname for n in range(1, len(words) + 1)):
            # A name the index has never seen: PubMed says so and searches
            # without it.
            (outcome.quoted_not_found if quoted is not None else outcome.not_found).append(term)
            return None
        outcome.translated.append(f"{shown}[{label}]")
        return _author(index, text, first_only=tag == "1au")
    if tag in ("dp", "pdat"):
        years = re.findall(r"\d{4}", text)
        if not years:
            outcome.not_found.append(term)
            return set()
        low, high = int(years[0]), int(years[-1])
        outcome.translated.append(f"{low}/01/01:{high}/12/31[{label}]")
        return set().union(*(index.year.get(y, set()) for y in range(low, high + 1)))
    if tag in ("ta", "journal"):
        hits = set(index.journal.get(name_key(text), set()))
        if not hits:  # a journal PubMed does not know: searched without
            (outcome.quoted_not_found if quoted is not None else outcome.not_found).append(term)
            return None
        outcome.translated.append(f'"{text}"[{label}]')
        return hits
    if tag in ("vi", "ip", "pg"):
        attribute = {"vi": "volume", "ip": "issue", "pg": "first_page"}[tag]
        outcome.translated.append(f"{text}[{label}]")
        wanted = text.strip().lower()
        return {k for k, w in index.works.items() if getattr(w, attribute).lower() == wanted}
    table = {"ti": index.title, "title": index.title, "tiab": index.tiab}.get(tag, index.any)
    words = tokens(text)
    kept = [w for w in words if w not in PUBMED_STOPWORDS]
    outcome.ignored.extend(w for w in words if w in PUBMED_STOPWORDS)
    if not kept:
        return None
    if quoted is not None and len(kept) > 1:
        hits = _phrase(index, table, words, tag)
        if not hits:  # PubMed's phrase index lacks it: searched without
            outcome.quoted_not_found.append(f'"{text}"[{tag}]')
            return None
        outcome.translated.append(f'"{text}"[{label}]')
        return hits
    truncated = text.rstrip().endswith("*") and len(kept[-1]) >= 4
    result: set[str] | None = None
    for n, word in enumerate(kept):
        if truncated and n == len(kept) - 1:
            found = set().union(*(ids for w, ids in table.items() if w.startswith(word)))
            shown_word = f"{word}*"
        else:
            found, shown_word = table.get(word, set()), word
        if not found:
            # A word the field's index has never seen: PubMed says so and
            # searches without it.
            outcome.not_found.append(f"{shown_word}[{tag}]" if match[3] else shown_word)
            continue
        outcome.translated.append(f'"{shown_word}"[{label}]')
        result = set(found) if result is None else result & found
    return result


def _author(index: BooleanIndex, text: str, *, first_only: bool) -> set[str]:
    """PubMed's author search: ``smith``, ``smith j``, ``smith ja`` (initials
    as a prefix), ``smith john`` (the full given name); a surname of several
    words (``de neve``, ``te velde j``) is tried longest first."""
    words = tokens(text)
    hits: set[str] = set()
    for split in range(len(words), 0, -1):
        family, rest = "".join(words[:split]), words[split:]
        for key in index.surname.get(family, set()):
            work = index.works[key]
            people = work.authors[:1] if first_only else work.authors
            if any(
                name_key(person) == family and (not rest or _given_matches(given, rest))
                for person, given in people
            ):
                hits.add(key)
        if hits:
            break
    return hits


def _given_matches(given: str, rest: list[str]) -> bool:
    names = tokens(given)
    initials = "".join(n[0] for n in names)
    wanted = "".join(rest)
    if len(rest) == 1 and len(rest[0]) <= 3:  # initials: "j", "ja"
        return initials.startswith(wanted)
    return names[: len(rest)] == rest


def _phrase(
    index: BooleanIndex, table: Mapping[str, set[str]], words: list[str], tag: str
) -> set[str]:
    candidates: set[str] | None = None
    for word in words:
        found = table.get(word, set())
        candidates = set(found) if candidates is None else candidates & found
    wanted = " ".join(words)
    hits = set()
    for key in candidates or ():
        work = index.works[key]
        text = (
            work.title
            if tag in ("ti", "title")
            else f"{work.title} {work.abstract} {' '.join(f'{f} {g}' for f, g in work.authors)}"
        )
        if wanted in " ".join(tokens(text)):
            hits.add(key)
    return hits


def esearch(index: SearchIndex, query: Mapping[str, list[str]]) -> tuple[str, bytes]:
    """The content type and body of ``esearch.fcgi``: JSON with
    ``retmode=json``, esearch XML otherwise; an error body for another
    database or no term."""
    as_json = (query.get("retmode") or ["xml"])[0].lower() == "json"
    term = " ".join(query.get("term", [])).strip()
    db = (query.get("db") or [""])[0]
    if db != "pubmed" or not term:
        error = (
            "Empty term and query_key - nothing todo"
            if db == "pubmed"
            else f"Database '{db}' is not supported"
        )
        if as_json:
            body = {
                "header": {"type": "esearch", "version": "0.3"},
                "esearchresult": {"ERROR": error},
            }
            return "application/json; charset=UTF-8", json.dumps(body).encode()
        return "text/xml; charset=UTF-8", (
            f'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><ERROR>{escape(error)}</ERROR></eSearchResult>\n'
        ).encode()
    try:
        retmax = max(0, min(10_000, int((query.get("retmax") or ["20"])[0])))
        retstart = max(0, int((query.get("retstart") or ["0"])[0]))
    except ValueError:
        retmax, retstart = 20, 0
    outcome = _Outcome()
    hits = _evaluate(index.pubmed, term, outcome) or set()
    ranked = _order(index, hits, term, (query.get("sort") or [""])[0])
    idlist = ranked[retstart : retstart + retmax]
    translation = " AND ".join(outcome.translated)
    if as_json:
        result: dict[str, Any] = {
            "count": str(len(hits)),
            "retmax": str(len(idlist)),
            "retstart": str(retstart),
            "idlist": idlist,
            "translationset": [],
            "querytranslation": translation,
        }
        if outcome.not_found or outcome.fields_not_found:
            result["errorlist"] = {
                "phrasesnotfound": outcome.not_found,
                "fieldsnotfound": outcome.fields_not_found,
            }
        if not hits or outcome.ignored or outcome.quoted_not_found:
            result["warninglist"] = {
                "phrasesignored": outcome.ignored,
                "quotedphrasesnotfound": outcome.quoted_not_found,
                "outputmessages": ["No items found."] if not hits else [],
            }
        body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return "application/json; charset=UTF-8", json.dumps(body).encode()
    ids = "".join(f"\n<Id>{i}</Id>" for i in idlist)
    errors = "".join(f"<PhraseNotFound>{escape(p)}</PhraseNotFound>" for p in outcome.not_found)
    errors += "".join(
        f"<FieldNotFound>{escape(p)}</FieldNotFound>" for p in outcome.fields_not_found
    )
    warnings = "".join(f"<PhraseIgnored>{escape(p)}</PhraseIgnored>" for p in outcome.ignored)
    warnings += "".join(
        f"<QuotedPhraseNotFound>{escape(p)}</QuotedPhraseNotFound>"
        for p in outcome.quoted_not_found
    )
    if not hits:
        warnings += "<OutputMessage>No items found.</OutputMessage>"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
        '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
        f"<eSearchResult><Count>{len(hits)}</Count><RetMax>{len(idlist)}</RetMax>"
        f"<RetStart>{retstart}</RetStart><IdList>{ids}\n</IdList><TranslationSet/>"
        f"<QueryTranslation>{escape(translation)}</QueryTranslation>"
        + (f"<ErrorList>{errors}</ErrorList>" if errors else "")
        + (f"<WarningList>{warnings}</WarningList>" if warnings else "")
        + "</eSearchResult>\n"
    )
    return "text/xml; charset=UTF-8", xml.encode()


def _order(index: SearchIndex, hits: set[str], term: str, sort: str) -> list[str]:
    works = index.pubmed.works
    if sort.lower() in ("relevance", "best match"):
        words = [
            w for w in tokens(re.sub(r"\[[^\]]*\]", " ", term)) if w not in ("and", "or", "not")
        ]
        scores = index.pubmed_ranked.score(words, ("title", "author", "journal", "number"))
        docs = index.pubmed_doc
        return sorted(hits, key=lambda k: (-scores.get(docs.get(k, -1), 0.0), -int(k)))
    # PubMed's default order: most recent first.
    return sorted(hits, key=lambda k: (-(works[k].year or 0), -int(k)))


# --------------------------------------------------------------------------
# PubMed: ecitmatch.cgi

ECITMATCH_PAGE = (
    b"<!DOCTYPE html><html><head><title>Batch Citation Matcher</title></head><body>"
    b"<h1>Batch Citation Matcher</h1><p>Enter citations, one per line: "
    b"journal|year|volume|first page|author name|your key|</p></body></html>"
)
"""What ``ecitmatch.cgi`` answers without ``retmode=xml``: its HTML form."""


def ecitmatch(index: SearchIndex, query: Mapping[str, list[str]]) -> tuple[str, bytes]:
    """The content type and body of ``ecitmatch.cgi``: each citation line
    of ``bdata`` echoed with the PMID matched appended, or ``NOT_FOUND``
    (``NOT_FOUND;INVALID_JOURNAL`` for a journal PubMed does not know), or
    ``AMBIGUOUS`` when several articles match."""
    if (query.get("retmode") or [""])[0].lower() != "xml":
        return "text/html; charset=UTF-8", ECITMATCH_PAGE
    lines = [
        line for line in re.split(r"[\r\n]+", "\r".join(query.get("bdata", []))) if line.strip()
    ]
    out = []
    pubmed = index.pubmed
    for line in lines:
        parts = (line.split("|") + [""] * 6)[:6]
        journal, year, volume, page, author, _key_field = (p.strip() for p in parts)
        head = "|".join(parts)
        candidates = (
            set(pubmed.works) if not journal else pubmed.journal.get(name_key(journal), set())
        )
        if journal and not candidates:
            out.append(f"{head}|NOT_FOUND;INVALID_JOURNAL")
            continue
        hits = [
            key
            for key in sorted(candidates)
            if _cites(pubmed.works[key], year=year, volume=volume, page=page, author=author)
        ]
        if len(hits) == 1:
            out.append(f"{head}|{hits[0]}")
        elif hits:
            out.append(f"{head}|AMBIGUOUS")
        else:
            out.append(f"{head}|NOT_FOUND")
    return "text/plain; charset=UTF-8", ("\n".join(out) + "\n").encode()


def _cites(work: Indexed, *, year: str, volume: str, page: str, author: str) -> bool:
    if year and str(work.year or "") != year:
        return False
    if volume and work.volume.lower() != volume.lower():
        return False
    if page and work.first_page.lower() != page.lower():
        return False
    if author:
        words = tokens(author)
        surnames = {name_key(family) for family, _ in work.authors}
        if words and words[0] not in surnames:
            return False
    return True
