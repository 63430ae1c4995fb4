"""The labelled reference strings of ``shared/data/reference-strings``, read once.

Used by ``benchmarks/bench_claims.py`` (how well ``parse_claims`` reads
them) and ``scripts/train_claims_model.py`` (the sequence labeller trained
on them). Both sources are read into one form: an entry is its spans in
order, each a label of ours and its text, text between labelled elements
(GROBID keeps it) labelled ``other``.

Labels, from anystyle's elements and GROBID's TEI:

| ours | anystyle | GROBID |
|---|---|---|
| author | author | author, orgName type=collaboration |
| editor | editor, translator, director, producer | editor |
| date | date | date |
| title | title | title level=a; level=m when there is no a |
| journal | journal | title level=j |
| container | container-title | title level=m when there is an a |
| volume | volume | biblScope volume/vol, issue |
| pages | pages | biblScope page/pp |
| publisher | publisher | publisher, orgName |
| location | location | pubPlace |
| number | citation-number | — |
| note | everything else | everything else |

Identifiers and links (url, doi, isbn, idno, ptr) are dropped: the reader
takes them out of an entry before it reads the claims.

Deduplication is on the text's letters and digits, case-folded; the split
into train and test is by a hash of that same key, so it never changes
with the order of the files nor with the entries around one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "reference-strings"
TEST_SHARE = 20  # per cent of the distinct strings held out as the test split

_ANYSTYLE = {
    "author": "author",
    "editor": "editor",
    "translator": "editor",
    "director": "editor",
    "producer": "editor",
    "date": "date",
    "title": "title",
    "journal": "journal",
    "container-title": "container",
    "volume": "volume",
    "pages": "pages",
    "publisher": "publisher",
    "location": "location",
    "citation-number": "number",
}
_DROPPED = {"url", "doi", "isbn", "idno", "ptr"}


@dataclass(frozen=True, slots=True)
class LabelledEntry:
    """One reference string and its labelled spans, in order."""

    spans: tuple[tuple[str, str], ...]
    source: str
    """``anystyle/<file>`` or ``grobid/<file>``."""

    @property
    def joiner(self) -> str:
        """anystyle's spans are the words of the string; GROBID keeps the
        text between them, white space included."""
        return " " if self.source.startswith("anystyle") else ""

    @property
    def raw_text(self) -> str:
        return self.joiner.join(text for _, text in self.spans)

    @property
    def text(self) -> str:
        return " ".join(self.raw_text.split())

    def token_labels(self) -> list[tuple[str, str]]:
        """The tokens of ``raw_text`` (as the reader cuts them), each with the label of the
        span holding most of its letters and digits (of its first character
        when it has none)."""
        # Imported here: the benchmark also scores readers from before the
        # labeller existed, which have no such module.
        from citecheck.parsing.claims_features import tokenize

        owner: list[str] = []
        for label, text in self.spans:
            if owner and self.joiner:
                owner.append("other")
            owner.extend(label for _ in text)
        raw = self.raw_text
        tokens: list[tuple[str, str]] = []
        position = 0
        for token in tokenize(raw):
            start = raw.index(token, position)
            position = start + len(token)
            labels = [owner[i] for i in range(start, position) if raw[i].isalnum()]
            # Ties go to the label met first: a set's order changes from run
            # to run, and the trained model must not.
            chosen = max(dict.fromkeys(labels), key=labels.count) if labels else owner[start]
            tokens.append((token, chosen))
        return tokens

    def first(self, label: str) -> str | None:
        """The first span labelled ``label``, its white space collapsed."""
        for name, text in self.spans:
            if name == label:
                return " ".join(text.split())
        return None

    def has(self, label: str) -> bool:
        return any(name == label for name, _ in self.spans)

    @property
    def key(self) -> str:
        return dedupe_key(self.text)

    @property
    def is_test(self) -> bool:
        digest = hashlib.sha1(self.key.encode()).digest()
        return int.from_bytes(digest[:4], "big") % 100 < TEST_SHARE


def dedupe_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def fold(text: str) -> str:
    """Case-folded, diacritics taken off, anything but letters and digits a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+|_", " ", plain).split())


def load(data: Path = DEFAULT_DATA) -> list[LabelledEntry]:
    """Every distinct labelled string of both sources (the first of each duplicate kept)."""
    seen: set[str] = set()
    entries: list[LabelledEntry] = []
    for entry in _read_all(data):
        key = entry.key
        if key and key not in seen:
            seen.add(key)
            entries.append(entry)
    return entries


def _read_all(data: Path) -> Iterator[LabelledEntry]:
    for path in sorted((data / "anystyle").glob("*.xml")):
        yield from _read_anystyle(path)
    for path in sorted((data / "grobid" / "corpus").glob("*.xml")):
        yield from _read_grobid(path)


def _read_anystyle(path: Path) -> Iterator[LabelledEntry]:
    root = ET.parse(path).getroot()
    for sequence in root.iter("sequence"):
        spans = tuple(
            (_ANYSTYLE.get(child.tag, "note"), "".join(child.itertext()))
            for child in sequence
            if child.tag not in _DROPPED and "".join(child.itertext()).strip()
        )
        if spans:
            yield LabelledEntry(spans, f"anystyle/{path.name}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _read_grobid(path: Path) -> Iterator[LabelledEntry]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return
    for bibl in root.iter():
        if _local(bibl.tag) == "bibl":
            spans = _grobid_spans(bibl)
            if any(label != "other" for label, _ in spans):
                yield LabelledEntry(tuple(spans), f"grobid/{path.name}")


def _grobid_spans(bibl: ET.Element) -> list[tuple[str, str]]:
    children = list(bibl)
    has_analytic = any(_local(c.tag) == "title" and c.get("level") == "a" for c in children)
    spans: list[tuple[str, str]] = []

    def add(label: str, text: str | None) -> None:
        if text and text.strip():
            spans.append((label, text))

    add("other", bibl.text)
    for child in children:
        label = _grobid_label(child, has_analytic)
        if _local(child.tag) == "lb":
            add("other", " ")
        elif label is not None:
            add(label, " ".join(child.itertext()))
        add("other", child.tail)
    return spans


def _grobid_label(element: ET.Element, has_analytic: bool) -> str | None:
    tag = _local(element.tag)
    kind = element.get("unit") or element.get("type") or ""
    if tag in {"idno", "ptr"}:
        return None
    if tag in {"author", "authors"}:
        return "author"
    if tag == "orgname":
        return "author" if kind == "collaboration" else "publisher"
    if tag == "title":
        level = element.get("level")
        if level == "a":
            return "title"
        if level == "j":
            return "journal"
        if level == "m":
            return "container" if has_analytic else "title"
        return "note"
    if tag == "biblscope":
        if kind in {"page", "pp"}:
            return "pages"
        if kind in {"volume", "vol", "issue"}:
            return "volume"
        return "note"
    simple = {
        "editor": "editor",
        "date": "date",
        "publisher": "publisher",
        "publishe": "publisher",
        "pubplace": "location",
        "lb": "other",
    }
    return simple.get(tag, "note")
