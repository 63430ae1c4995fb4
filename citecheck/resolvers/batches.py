"""Cutting identifier lists into the batches a service accepts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """Consecutive slices of ``items`` with at most ``size`` elements each."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
