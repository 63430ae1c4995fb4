"""The words of a "could not verify": one line, short, saying what was wrong."""

from __future__ import annotations

import httpx

# A reason is shown in a report cell and a terminal line.
MAX_REASON = 200


def one_line(text: str) -> str:
    """``text`` with its whitespace folded to single spaces, cut to MAX_REASON."""
    return " ".join(text.split())[:MAX_REASON]


def describe_body(response: httpx.Response) -> str:
    """A few words on a body, for a reason: its type and size."""
    kind = response.headers.get("content-type", "").split(";", 1)[0].strip() or "no type"
    size = len(response.content)
    return f"{kind}, empty" if size == 0 else f"{kind}, {size} bytes"
