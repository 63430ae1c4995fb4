"""A file's changes as a unified diff that ``git apply`` and ``patch -p1``
accept, in the file's own bytes (its encoding and line endings)."""

from __future__ import annotations

import difflib
import os
from pathlib import PurePosixPath

from citecheck.errors import FixRefused
from citecheck.fixes.plan import FixPlan

_NO_NEWLINE = b"\\ No newline at end of file\n"


def unified_diff(plan: FixPlan, *, context: int = 3) -> bytes:
    """The diff of ``plan``'s file before and after its changes, headed
    ``--- a/PATH`` and ``+++ b/PATH`` (PATH relative to the working folder
    when the file is under it); empty when nothing changes. Raises
    FixRefused for a file whose lines are not bytes ending in ``\\n``
    (UTF-16, UTF-32): no text patch can hold it, but ``--write`` can."""
    if not plan.changed:
        return b""
    if not plan.original.patchable:
        raise FixRefused(
            f"a {plan.original.encoding} file cannot be patched as text: use --write",
            path=plan.path,
        )
    # Cut at "\n" alone, as patch and git do (splitlines would cut at "\r" too).
    before, after = _lines(plan.original.data), _lines(plan.fixed_bytes)
    name = patch_path(plan.path).encode("utf-8", "surrogateescape")
    out: list[bytes] = []
    for line in difflib.diff_bytes(
        difflib.unified_diff, before, after, b"a/" + name, b"b/" + name, n=context
    ):
        if line.startswith((b"---", b"+++")) and not line.endswith(b"\n"):
            line += b"\n"
        out.append(line)
        if not line.endswith(b"\n"):
            out.append(b"\n" + _NO_NEWLINE)
    return b"".join(out)


def patch_path(path: str) -> str:
    """``path`` as a patch names it: relative to the working folder (an
    absolute path made relative, ``..`` and all), with ``/`` between its
    parts. ``git apply`` and ``patch -p1`` are run from that folder."""
    relative = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return PurePosixPath(*relative.split(os.sep)).as_posix()


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    kept = [line + b"\n" for line in lines[:-1]]
    if lines[-1]:
        kept.append(lines[-1])
    return kept
