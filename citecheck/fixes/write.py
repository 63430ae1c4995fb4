"""Making a file's changes in place, whole or not at all."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from pathlib import Path

from citecheck.errors import FixRefused
from citecheck.fixes.plan import FixPlan


def write_fixed(plan: FixPlan) -> bool:
    """Write ``plan``'s file with its changes made; return whether it was
    written (False when nothing changes).

    The file is read again first and refused (FixRefused) when its bytes are
    no longer those the plan was made from; the new bytes go to a temporary
    file in the same folder, flushed to disk, given the file's mode, then
    renamed over it: a stop or a full disk leaves the old file whole.
    """
    if not plan.changed:
        return False
    target = Path(plan.path)
    data = plan.fixed_bytes
    try:
        now = target.read_bytes()
    except OSError as exc:
        raise FixRefused(f"cannot read it again: {exc.strerror or exc}", path=plan.path) from exc
    if hashlib.sha256(now).hexdigest() != plan.original.sha256:
        raise FixRefused("the file changed since it was read: not written", path=plan.path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with open(descriptor, "wb", closefd=True) as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            shutil.copymode(target, temporary)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FixRefused(f"cannot write: {exc.strerror or exc}", path=plan.path) from exc
    return True
