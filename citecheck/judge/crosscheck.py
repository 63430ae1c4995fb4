"""Do the identifiers of one cited work agree with each other?

An entry that gives a DOI and a PMID claims they name the same work. The
PubMed record says which DOI it has, and the ID converter which PMID and DOI
a PMCID has: when those differ from what the entry cites, the identifiers
disagree, and at least one of them is wrong. An arXiv record's DOI is that
of the published version: arXiv's own DOI for the preprint
(``10.48550/arXiv.{id}``) cited beside it is no disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from citecheck.models import Identifier, IdType, Lookup, LookupStatus


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two identifiers of one entry that name different works.

    ``source`` is the identifier whose record says so, ``cited`` the one it
    contradicts, ``recorded`` what the record gives instead.
    """

    source: Identifier
    cited: Identifier
    recorded: str

    def __str__(self) -> str:
        return (
            f"{self.source} has {self.cited.type.value.upper()} {self.recorded}, "
            f"but the entry cites {self.cited.type.value.upper()} {self.cited.value}"
        )


def disagreements(
    identifiers: Sequence[Identifier], lookups: Mapping[str, Lookup]
) -> list[Disagreement]:
    """The disagreements among one entry's ``identifiers``, judged from the
    ``lookups`` (by ``Identifier.key``) of those that were found."""
    cited: dict[IdType, list[Identifier]] = {}
    for identifier in identifiers:
        cited.setdefault(identifier.type, []).append(identifier)
    found: list[Disagreement] = []
    for identifier in identifiers:
        lookup = lookups.get(identifier.key)
        if lookup is None or lookup.status is not LookupStatus.FOUND or lookup.record is None:
            continue
        record = lookup.record
        recorded = {IdType.DOI: record.doi, IdType.PMID: record.pmid, IdType.PMCID: record.pmcid}
        for id_type, value in recorded.items():
            if id_type is identifier.type or not value:
                continue
            others = [o for o in cited.get(id_type, []) if not _arxiv_own_doi(identifier, o)]
            if others and all(o.value.lower() != value.lower() for o in others):
                found.extend(Disagreement(identifier, other, value) for other in others)
    return _without_mirrors(found)


def _arxiv_own_doi(identifier: Identifier, doi: Identifier) -> bool:
    """Whether ``doi`` is the DOI arXiv registered for the preprint ``identifier``."""
    return (
        identifier.type is IdType.ARXIV
        and doi.type is IdType.DOI
        and doi.value.lower() == f"{ARXIV_DOI_PREFIX}{identifier.value}".lower()
    )


ARXIV_DOI_PREFIX = "10.48550/arxiv."


def _without_mirrors(found: list[Disagreement]) -> list[Disagreement]:
    """One disagreement per pair: a PMID whose record names another DOI and
    that DOI's PMID naming another PMID are the same finding."""
    seen: set[frozenset[str]] = set()
    kept: list[Disagreement] = []
    for item in found:
        pair = frozenset((item.source.key, item.cited.key))
        if pair not in seen:
            seen.add(pair)
            kept.append(item)
    return kept
