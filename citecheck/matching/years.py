"""The claimed year against the record's years: :func:`compare_year`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["YearComparison", "YearRelation", "compare_year"]


class YearRelation(StrEnum):
    """How the claimed year relates to the record's years."""

    SAME = "same"
    """The claimed year is one of the record's issued, print or online years."""
    OFF_BY_ONE = "off-by-one"
    """One year away from one of them (online first, printed the next year)."""
    DIFFERENT = "different"
    """Two years or more away from every year of the record."""


@dataclass(frozen=True, slots=True)
class YearComparison:
    """The claimed year against every year of the record."""

    claimed: int
    record_years: tuple[int, ...]
    relation: YearRelation

    @property
    def delta(self) -> int:
        """Years between the claim and the nearest year of the record."""
        return min(abs(self.claimed - year) for year in self.record_years)


def compare_year(claimed: int | None, record_years: Sequence[int]) -> YearComparison | None:
    """The claimed year against the record's years; None when either is missing."""
    if claimed is None or not record_years:
        return None
    delta = min(abs(claimed - year) for year in record_years)
    relation = (
        YearRelation.SAME
        if delta == 0
        else YearRelation.OFF_BY_ONE
        if delta == 1
        else YearRelation.DIFFERENT
    )
    return YearComparison(claimed, tuple(record_years), relation)
