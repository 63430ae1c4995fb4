"""Read an entry's claims with the trained sequence labeller (a CRF).

The model (``claims_model.crfsuite``, trained by
``scripts/train_claims_model.py`` on labelled reference strings from
anystyle and GROBID, see ``claims_model.NOTICE``) gives every token of the
entry a label: author, editor, date, title, journal, container, volume,
pages, publisher, location, number, note or other. The tokens of the first
run of a label are that field's span; its confidence is the lowest
marginal probability the model gives that label over the span's tokens,
or gives another label to the token either side of it (a span whose
bounds are unsure is unsure: "Journal" of "Canadian Medical Association
Journal" is a sure journal word but not a sure journal). A
field whose confidence is under its threshold (``claims_model.json``,
chosen on training data for a precision of at least 97 %) stays empty: a
wrong claim would later accuse a real paper.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from citecheck.models import Claims
from citecheck.parsing.claims_features import token_features, tokenize
from citecheck.parsing.claims_fields import (
    authors_of,
    clean_text,
    clean_venue,
    leading_year,
    pages_of,
    volume_issue,
    year_of,
)

MODEL_FILE = "claims_model.crfsuite"
THRESHOLDS_FILE = "claims_model.json"
# The fields that have a threshold, in the order the JSON file lists them.
FIELDS = ("author", "date", "title", "venue", "volume", "pages")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of tokens the model gave one label, with its confidence."""

    label: str
    text: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Labeller:
    """A loaded model and the confidence each field needs."""

    tagger: pycrfsuite.Tagger
    thresholds: dict[str, float]
    # A tagger holds the last sequence it tagged, which marginal() reads:
    # one entry at a time, whatever thread reads it.
    lock: threading.Lock = field(default_factory=threading.Lock)

    def spans(self, text: str) -> list[Span]:
        """The labelled runs of ``text``'s tokens, in order."""
        tokens = tokenize(text)
        if not tokens:
            return []
        features = token_features(tokens)
        with self.lock:
            return self._spans(tokens, features)

    def _spans(self, tokens: list[str], features: list[list[str]]) -> list[Span]:
        tagger = self.tagger
        labels = tagger.tag(features)
        spans: list[Span] = []
        start = 0
        for index in range(1, len(tokens) + 1):
            if index == len(tokens) or labels[index] != labels[start]:
                label = labels[start]
                inside = min(tagger.marginal(label, i) for i in range(start, index))
                # A span is only as sure as its bounds: the tokens either
                # side must not be of its label either.
                before = 1 - tagger.marginal(label, start - 1) if start > 0 else 1.0
                after = 1 - tagger.marginal(label, index) if index < len(tokens) else 1.0
                confidence = min(inside, before, after)
                spans.append(Span(label, " ".join(tokens[start:index]), confidence))
                start = index
        return spans

    def read(self, text: str) -> tuple[Claims, Claims]:
        """The claims of ``text`` the model is confident of, and all it read."""
        read, confidence = reading(self.spans(text))
        return sure_only(read, confidence, self.thresholds), read


def claims_from_spans(spans: list[Span], thresholds: dict[str, float]) -> Claims:
    """The claims ``spans`` state with a confidence that reaches each
    field's threshold (any, for a field ``thresholds`` does not name)."""
    return sure_only(*reading(spans), thresholds)


def reading(spans: list[Span]) -> tuple[Claims, dict[str, float]]:
    """The claims of the first span of each label, and the confidence of
    each field (keys of ``FIELDS``). The venue is the journal, else the
    container (proceedings, the book a chapter is in)."""
    first: dict[str, int] = {}
    for index, span in enumerate(spans):
        first.setdefault(span.label, index)
    confidence: dict[str, float] = {}

    def text_of(label: str, field: str) -> str | None:
        if label not in first:
            return None
        span = spans[first[label]]
        confidence[field] = span.confidence
        return span.text

    authors_text = text_of("author", "author")
    authors, et_al = authors_of(authors_text) if authors_text else ((), False)
    date = text_of("date", "date")
    venue = text_of("journal", "venue")
    if venue is None:
        venue = text_of("container", "venue")
    volume_text = text_of("volume", "volume")
    if venue is not None and volume_text is not None:
        venue, volume_text = _section_letter(spans, first, venue, volume_text)
    year = year_of(date) if date else None
    if date is None and volume_text:
        # Vancouver's "2011;17(1):" is one volume span: its year is the date.
        year = leading_year(volume_text)
        confidence["date"] = confidence["volume"]
    volume, issue = volume_issue(volume_text) if volume_text else (None, None)
    title = text_of("title", "title")
    pages = text_of("pages", "pages")
    claims = Claims(
        authors=authors,
        et_al=et_al,
        year=year,
        title=clean_text(title) if title else None,
        journal=clean_venue(venue) if venue else None,
        volume=volume,
        issue=issue,
        pages=pages_of(pages) if pages else None,
    )
    return claims, confidence


def _section_letter(
    spans: list[Span], first: dict[str, int], venue: str, volume: str
) -> tuple[str, str]:
    """A journal's section letter (``Phys. Rev. D 12``) that the model put at
    the head of the volume span right after it, moved to the journal."""
    venue_at = first.get("journal", first.get("container"))
    if venue_at is None or first["volume"] != venue_at + 1:
        return venue, volume
    letter, _, rest = volume.partition(" ")
    if rest and len(letter.rstrip(".,")) == 1 and letter[0].isupper():
        return f"{venue.rstrip(' ,')} {letter.rstrip(',')}", rest
    return venue, volume


def sure_only(claims: Claims, confidence: dict[str, float], thresholds: dict[str, float]) -> Claims:
    """``claims`` without the fields whose confidence is under their threshold."""

    def sure(field: str) -> bool:
        return confidence.get(field, 0.0) >= thresholds.get(field, 0.0)

    authors = sure("author")
    volume = sure("volume")
    return Claims(
        authors=claims.authors if authors else (),
        et_al=claims.et_al and authors,
        year=claims.year if sure("date") else None,
        title=claims.title if sure("title") else None,
        journal=claims.journal if sure("venue") else None,
        volume=claims.volume if volume else None,
        issue=claims.issue if volume else None,
        pages=claims.pages if sure("pages") else None,
    )


def load_labeller(model: Path, thresholds: dict[str, float]) -> Labeller:
    """A labeller over the model file ``model``. Raises OSError when it cannot be read."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return Labeller(tagger, thresholds)


@cache
def shipped_labeller() -> Labeller:
    """The model shipped in the package, loaded once per process."""
    folder = resources.files("citecheck.parsing")
    thresholds = json.loads(folder.joinpath(THRESHOLDS_FILE).read_text(encoding="utf-8"))
    with resources.as_file(folder.joinpath(MODEL_FILE)) as path:
        return load_labeller(path, {key: float(value) for key, value in thresholds.items()})
