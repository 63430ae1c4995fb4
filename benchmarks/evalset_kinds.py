"""What an entry claims, made from real records: the variations people make
when they cite a work correctly, and the errors of each labelled kind.

Every function takes a seeded ``random.Random`` and real
:class:`~citecheck.models.Record` objects and returns ``(variation, Claims)``
(or None when the record does not allow it: no subtitle to drop, no
non-ASCII name to strip...). Nothing here chooses which kinds to make; that
is ``evalset.py``'s job.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace

from citecheck.models import Author, Claims, Record

Made = tuple[str, Claims] | None

__all__ = ["GENUINE", "claims_of", "iso_abbreviation"]


def claims_of(record: Record) -> Claims:
    """The claims of an entry that cites ``record`` exactly as recorded."""
    title = record.title
    if title and record.subtitle:
        title = f"{title}: {record.subtitle}"
    return Claims(
        authors=record.authors,
        year=record.issued_year,
        title=title,
        journal=record.journal,
        volume=record.volume,
        issue=record.issue,
        pages=record.pages or record.article_number,
    )


# --------------------------------------------------------------------------
# Genuine variations: the same work, cited the way people really do.


def exact(rng: random.Random, record: Record) -> Made:
    return "exact", claims_of(record)


def abridged_title(rng: random.Random, record: Record) -> Made:
    claims = claims_of(record)
    title = claims.title or ""
    head, sep, _ = title.partition(": ")
    if sep and len(head.split()) >= 3:
        return "subtitle-dropped", replace(claims, title=head)
    words = title.split()
    if len(words) < 8:
        return None
    keep = max(5, int(len(words) * rng.uniform(0.5, 0.75)))
    head_words = words[:keep]
    while len(head_words) > 3 and head_words[-1].lower().strip(",;:") in _SMALL:
        head_words.pop()
    return "title-cut", replace(claims, title=" ".join(head_words).rstrip(",;:"))


def et_al(rng: random.Random, record: Record) -> Made:
    after = [n for n in (1, 3, 6) if len(record.authors) > n]
    if not after:
        return None
    n = rng.choice(after)
    return f"et-al-after-{n}", replace(claims_of(record), authors=record.authors[:n], et_al=True)


def given_names(rng: random.Random, record: Record) -> Made:
    """Initials for full given names, or the reverse where the record has initials only."""
    people = [a for a in record.authors if not a.is_organisation and a.given]
    if not people:
        return None
    if all(_initials_only(a.given) for a in people):
        return None
    authors = tuple(
        a if a.is_organisation or not a.given else replace(a, given=_initials(a.given))
        for a in record.authors
    )
    return "initials", replace(claims_of(record), authors=authors)


def _initials_only(given: str) -> bool:
    return all(len(w.strip(".")) <= 1 for w in re.split(r"[\s.-]+", given) if w)


def _initials(given: str) -> str:
    words = [w for w in re.split(r"[\s.]+", re.sub(r"\([^)]*\)", " ", given)) if w]
    return " ".join("-".join(f"{p[0]}." for p in w.split("-") if p) for w in words)


_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def strip_marks(text: str) -> str:
    """``Müller`` → ``Muller``, ``Ødegård`` → ``Odegard``."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def diacritics(rng: random.Random, record: Record) -> Made:
    claims = claims_of(record)
    texts = [claims.title or ""] + [f"{a.family} {a.given}" for a in record.authors]
    if all(t.isascii() for t in texts):
        return None
    german = any(c in "äöüÄÖÜß" for t in texts for c in t) and rng.random() < 0.5
    fold: Callable[[str], str] = (
        (lambda t: strip_marks(t.translate(_GERMAN))) if german else strip_marks
    )
    authors = tuple(replace(a, family=fold(a.family), given=fold(a.given)) for a in record.authors)
    name = "transliterated" if german else "diacritics-dropped"
    return name, replace(claims, authors=authors, title=fold(claims.title or "") or None)


def organisation(rng: random.Random, record: Record) -> Made:
    groups = tuple(a for a in record.authors if a.is_organisation)
    if not groups:
        return None
    return "organisation-author", replace(claims_of(record), authors=groups[:1])


def other_year(rng: random.Random, record: Record) -> Made:
    years = {y for y in (record.print_year, record.online_year) if y} - {record.issued_year}
    if not years:
        return None
    year = min(years)
    return "online-vs-print-year", replace(claims_of(record), year=year)


def abbreviated_journal(rng: random.Random, record: Record) -> Made:
    if not record.journal:
        return None
    own = [
        j
        for j in record.journal_abbreviations
        if j.strip(". ").lower() != record.journal.strip(". ").lower()
    ]
    if own:
        return "journal-abbreviated-own", replace(claims_of(record), journal=rng.choice(own))
    iso = iso_abbreviation(record.journal)
    if iso == record.journal:
        return None
    return "journal-abbreviated-iso", replace(claims_of(record), journal=iso)


_ISO = {
    "journal": "J.",
    "international": "Int.",
    "research": "Res.",
    "medicine": "Med.",
    "medical": "Med.",
    "engineering": "Eng.",
    "science": "Sci.",
    "sciences": "Sci.",
    "biology": "Biol.",
    "biological": "Biol.",
    "chemistry": "Chem.",
    "chemical": "Chem.",
    "physics": "Phys.",
    "physical": "Phys.",
    "review": "Rev.",
    "reviews": "Rev.",
    "american": "Am.",
    "european": "Eur.",
    "clinical": "Clin.",
    "applied": "Appl.",
    "proceedings": "Proc.",
    "society": "Soc.",
    "national": "Natl.",
    "academy": "Acad.",
    "annals": "Ann.",
    "letters": "Lett.",
    "communications": "Commun.",
    "environmental": "Environ.",
    "technology": "Technol.",
    "management": "Manag.",
    "psychology": "Psychol.",
    "education": "Educ.",
    "reports": "Rep.",
    "studies": "Stud.",
    "systems": "Syst.",
    "computer": "Comput.",
    "computing": "Comput.",
    "materials": "Mater.",
    "molecular": "Mol.",
    "experimental": "Exp.",
    "surgery": "Surg.",
    "nursing": "Nurs.",
    "advances": "Adv.",
    "quarterly": "Q.",
    "bulletin": "Bull.",
    "economics": "Econ.",
    "economic": "Econ.",
    "social": "Soc.",
    "mathematics": "Math.",
    "mathematical": "Math.",
    "geophysical": "Geophys.",
    "coastal": "Coast.",
    "dentistry": "Dent.",
    "health": "Health",
    "public": "Public",
    "transactions": "Trans.",
    "archives": "Arch.",
    "energy": "Energy",
    "analysis": "Anal.",
    "statistics": "Stat.",
    "information": "Inf.",
    "neuroscience": "Neurosci.",
    "genetics": "Genet.",
    "ecology": "Ecol.",
    "evolution": "Evol.",
    "microbiology": "Microbiol.",
    "oncology": "Oncol.",
    "cardiology": "Cardiol.",
    "pharmacology": "Pharmacol.",
}
_DROP = {"of", "the", "and", "&", "in", "for", "on", "a", "an", "de", "la", "und", "der"}


def iso_abbreviation(journal: str) -> str:
    """An ISO 4-like abbreviation: small words dropped, known words and other
    long words cut (``Journal of Coastal Research`` → ``J. Coast. Res.``);
    a one-word title stays whole, as ISO 4 keeps it."""
    words = journal.replace(":", " ").split()
    if len(words) < 2:
        return journal
    out = []
    for word in words:
        low = word.lower().strip(",.")
        if low in _DROP:
            continue
        if low in _ISO:
            out.append(_ISO[low])
        elif len(low) > 7 and low.isalpha():
            cut = re.match(r"[^aeiouy]*[aeiouy]+[^aeiouy]+", low[3:])
            stem = low[: 3 + cut.end()] if cut else low[:5]
            out.append(word[: len(stem)].capitalize() + ".")
        else:
            out.append(word)
    return " ".join(out)


_SMALL = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "via",
}


def title_case(rng: random.Random, record: Record) -> Made:
    claims = claims_of(record)
    words = (claims.title or "").split()
    if len(words) < 3:
        return None
    lowered = [
        w if sum(c.isupper() for c in w) > 1 or i == 0 else w.lower() for i, w in enumerate(words)
    ]
    sentence = " ".join(lowered)
    titled = " ".join(
        w
        if (w.lower() in _SMALL and i) or sum(c.isupper() for c in w) > 1
        else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )
    options = [
        (n, t)
        for n, t in (("sentence-case", sentence), ("title-case", titled))
        if t != claims.title
    ]
    if not options:
        return None
    name, title = rng.choice(options)
    return name, replace(claims, title=title)


def typo(rng: random.Random, record: Record) -> Made:
    claims = claims_of(record)
    title = claims.title or ""
    if len(title) < 50:
        return None
    words = title.split(" ")
    spots = [i for i, w in enumerate(words) if i and len(w) >= 5 and w.isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    how = rng.choice(("drop", "double", "swap-letter"))
    if how == "drop":
        word = word[:at] + word[at + 1 :]
    elif how == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        letters = "aeiou" if word[at] in "aeiou" else "rstnlm"
        word = word[:at] + rng.choice([c for c in letters if c != word[at]]) + word[at + 1 :]
    words[i] = word
    return "title-typo", replace(claims, title=" ".join(words))


def omitted(rng: random.Random, record: Record) -> Made:
    claims = claims_of(record)
    if not (claims.volume or claims.pages):
        return None
    if claims.volume and rng.random() < 0.5:
        return "volume-omitted", replace(claims, volume=None, issue=None)
    return "pages-omitted", replace(claims, pages=None)


GENUINE: tuple[Callable[[random.Random, Record], Made], ...] = (
    exact,
    abridged_title,
    et_al,
    given_names,
    diacritics,
    organisation,
    other_year,
    abbreviated_journal,
    title_case,
    typo,
    omitted,
)
"""The genuine variations; each returns None where the record does not allow it."""


# --------------------------------------------------------------------------
# Errors: helpers for names and titles.

_PLACEHOLDERS = (
    ("Doe", "John"),
    ("Doe", "Jane"),
    ("Author", "A."),
    ("Author", "B."),
    ("Smith", "John"),
    ("Lastname", "Firstname"),
    ("Surname", "Given"),
    ("Bloggs", "Joe"),
    ("Name", "Author"),
    ("Example", "Ex."),
    ("Researcher", "R."),
    ("Anonymous", ""),
)
_GIVEN = [
    "Daniel",
    "Laura",
    "Ahmed",
    "Sofia",
    "Hiroshi",
    "Priya",
    "Mateo",
    "Ingrid",
    "Kwame",
    "Elena",
    "Tomasz",
    "Aiko",
    "Rafael",
    "Nadia",
    "Oliver",
    "Fatima",
    "Sven",
    "Lucia",
    "Dmitri",
    "Amara",
    "Jonas",
    "Mei",
    "Gabriel",
    "Leila",
    "Henrik",
    "Chiara",
    "Ravi",
    "Anna",
]
_FAMILY = [
    "Hartmann",
    "Okonkwo",
    "Lindqvist",
    "Moreno",
    "Takahashi",
    "Brennan",
    "Castellano",
    "Novotny",
    "Adeyemi",
    "Fischer",
    "Kaur",
    "Delgado",
    "Sørensen",
    "Whitfield",
    "Ferreira",
    "Yamada",
    "Costa",
    "Bergström",
    "Abernathy",
    "Mendoza",
    "Kowalczyk",
    "Rahman",
    "Lefebvre",
    "Gallagher",
    "Rinaldi",
    "Osterberg",
    "Nakashima",
    "Quintero",
    "Holloway",
    "Varga",
]


def placeholder_authors(
    rng: random.Random, count: int, avoid: Sequence[Author] = ()
) -> tuple[Author, ...]:
    """One to three placeholder names, none a surname of ``avoid``."""
    taken = {a.family.lower() for a in avoid}
    names = [p for p in _PLACEHOLDERS if p[0].lower() not in taken]
    people = rng.sample(names, max(1, min(count, 3)))
    return tuple(Author(family=f, given=g) for f, g in people)


def invented_authors(rng: random.Random, count: int, avoid: Sequence[Author]) -> tuple[Author, ...]:
    taken = {a.family.lower() for a in avoid}
    families = [f for f in _FAMILY if f.lower() not in taken]
    picked = rng.sample(families, min(max(count, 1), 6))
    return tuple(Author(family=f, given=rng.choice(_GIVEN)) for f in picked)


_ANTONYMS = dict(
    pair
    for a, b in (
        ("increased", "decreased"),
        ("increase", "decrease"),
        ("high", "low"),
        ("higher", "lower"),
        ("positive", "negative"),
        ("acute", "chronic"),
        ("early", "late"),
        ("upper", "lower"),
        ("male", "female"),
        ("children", "adults"),
        ("activation", "inhibition"),
        ("linear", "nonlinear"),
        ("small", "large"),
        ("short", "long"),
        ("primary", "secondary"),
        ("before", "after"),
        ("with", "without"),
        ("presence", "absence"),
        ("improves", "impairs"),
        ("static", "dynamic"),
        ("local", "global"),
        ("direct", "indirect"),
        ("first", "second"),
        ("vertical", "horizontal"),
        ("maximum", "minimum"),
        ("internal", "external"),
    )
    for pair in ((a, b), (b, a))
)
_MODIFIERS = (
    "book",
    "partial",
    "inverse",
    "local",
    "dynamic",
    "nonlinear",
    "quantum",
    "adaptive",
    "sparse",
    "stochastic",
    "robust",
    "early",
    "chronic",
    "secondary",
    "paediatric",
    "bilateral",
    "fractional",
    "weighted",
    "hybrid",
    "latent",
)


def content_words(title: str) -> list[str]:
    return [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z-]+", title)
        if w.lower() not in _SMALL and len(w) > 3
    ]


def near_miss(rng: random.Random, title: str) -> tuple[str, str] | None:
    """(how, new title): one word inserted, replaced by its opposite, or dropped."""
    words = title.split()
    if len(words) < 4:
        return None
    swaps = [i for i, w in enumerate(words) if w.lower().strip(",.:;") in _ANTONYMS]
    options = ["insert", "drop"] + (["antonym"] * 2 if swaps else [])
    how = rng.choice(options)
    if how == "antonym":
        i = rng.choice(swaps)
        core = words[i].strip(",.:;")
        new = _ANTONYMS[core.lower()]
        new = new.capitalize() if core[0].isupper() else new
        words[i] = words[i].replace(core, new)
    elif how == "insert":
        spots = [i for i, w in enumerate(words) if i and w.lower() not in _SMALL and w.isalpha()]
        if not spots:
            return None
        i = rng.choice(spots)
        words.insert(i, rng.choice(_MODIFIERS))
    else:
        spots = [i for i, w in enumerate(words) if i and w.lower() not in _SMALL and len(w) > 3]
        if not spots:
            return None
        del words[rng.choice(spots)]
    new_title = " ".join(words)
    return (how, new_title) if new_title != title else None


def fabricated_title(rng: random.Random, others: Sequence[Record]) -> str:
    """A plausible title stitched from the halves of two other records' titles."""
    first, second = rng.sample(list(others), 2)
    a = (first.title or "").split()
    b = (second.title or "").split()
    head = a[: max(2, len(a) // 2)]
    tail = b[len(b) // 2 :] or b
    joiner = [] if tail and tail[0].lower() in _SMALL else [rng.choice(("for", "in", "of", "and"))]
    return " ".join(head + joiner + tail)


def wrong_year(rng: random.Random, record: Record) -> int | None:
    """A year 2 to 5 away from every year the record gives (issued, print,
    online), never after 2026; None when the record has no year."""
    years = [y for y in (record.issued_year, record.print_year, record.online_year) if y]
    if not years:
        return None
    for _ in range(20):
        year = rng.choice(years) + rng.choice((-1, 1)) * rng.randint(2, 5)
        if year <= 2026 and all(abs(year - y) >= 2 for y in years):
            return year
    return min(years) - 3


def wrong_volume(rng: random.Random, volume: str) -> str | None:
    if not volume.isdigit():
        return None
    value = int(volume)
    return str(
        value + rng.randint(1, 9)
        if value < 10 or rng.random() < 0.5
        else value - rng.randint(1, min(9, value - 1))
    )


def wrong_pages(rng: random.Random, pages: str) -> str | None:
    match = re.fullmatch(r"[A-Za-z]?(\d+)(?:\s*[-–]\s*[A-Za-z]?(\d+))?", pages)
    if not match:
        return None
    first = int(match[1])
    shift = rng.randint(11, 400)
    start = first + shift if first < 400 or rng.random() < 0.5 else first - shift
    if match[2] is None:
        return str(start)
    span = max(0, int(match[2]) - first)
    return f"{start}-{start + span}"
