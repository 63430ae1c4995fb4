"""Errors raised by citecheck.

::

    CitecheckError          base of every error citecheck raises on purpose
    └── InputError          a file that cannot be read as a document

The command line turns these into one line on stderr and an exit code;
nothing else in the library prints.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Base of every error citecheck raises on purpose."""


class InputError(CitecheckError):
    """A file that cannot be read: missing, a directory, binary, too large,
    or in an encoding that cannot be decoded."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = message

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
