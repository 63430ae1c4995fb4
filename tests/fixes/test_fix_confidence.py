"""Only suggestions at or above the confidence asked for change anything;
the others are listed with their confidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_helpers import doi, entry_with, plan_for, suggesting, write

from citecheck.fixes import DEFAULT_MIN_CONFIDENCE

ARTICLE = "## References\n\n1. Lee A, Park S. Another study of microglia. Cell. 2019;177:3-14.\n"


def test_the_default_threshold_is_nine_in_ten() -> None:
    assert DEFAULT_MIN_CONFIDENCE == 0.9


@pytest.mark.parametrize(
    ("confidence", "threshold", "changed"),
    [(0.9, 0.9, True), (0.95, 0.9, True), (0.899, 0.9, False), (0.97, 0.99, False)],
    ids=["at", "above", "just below", "below a stricter one"],
)
def test_a_suggestion_changes_the_file_only_at_or_above_the_threshold(
    tmp_path: Path, confidence: float, threshold: float, changed: bool
) -> None:
    path = write(tmp_path, "article.md", ARTICLE)
    entry = entry_with(path, "Lee A")

    plan = plan_for(
        path,
        suggesting(entry, doi("10.1016/j.cell.2019.02.001"), confidence=confidence),
        min_confidence=threshold,
    )

    assert plan.changed is changed
    if not changed:
        assert plan.fixed_bytes == ARTICLE.encode()
        [skipped] = plan.skipped
        assert skipped.reason == f"confidence {confidence} is below {threshold}"
        assert skipped.confidence == confidence
