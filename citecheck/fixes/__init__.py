"""Corrections as a reviewable diff: ``citecheck fix``.

From a document's audit (its verdicts, with the suggestions searches made)
and the file's bytes, :func:`plan_fixes` plans the :class:`~citecheck.models.Change`
objects the suggestions at or above a confidence ask for (identifiers added
or put in place; in BibTeX, fields shown wrong set to the record's values),
each with its evidence, and the corrections it could not make, each with
its reason. :func:`unified_diff` renders the changes as a patch that
``git apply`` and ``patch -p1`` accept; :func:`write_fixed` makes them in
place. Nothing else in the file changes: not a byte, not a line ending,
not the encoding.

Modules: :mod:`~citecheck.fixes.wanted` (what a verdict asks),
:mod:`~citecheck.fixes.record_fields` (BibTeX fields shown wrong),
:mod:`~citecheck.fixes.prose`, :mod:`~citecheck.fixes.html` and
:mod:`~citecheck.fixes.bibtex` (placing them in each format),
:mod:`~citecheck.fixes.forms` (how identifiers are written),
:mod:`~citecheck.fixes.plan` (placing and checking them),
:mod:`~citecheck.fixes.diff` and :mod:`~citecheck.fixes.write` (output).
"""

from __future__ import annotations

from citecheck.fixes.diff import unified_diff
from citecheck.fixes.original import OriginalFile
from citecheck.fixes.plan import DEFAULT_MIN_CONFIDENCE, FixPlan, plan_fixes
from citecheck.fixes.write import write_fixed

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "FixPlan",
    "OriginalFile",
    "plan_fixes",
    "unified_diff",
    "write_fixed",
]
