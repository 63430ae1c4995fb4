"""Which files an audit reads: files as given, folders walked.

A folder is walked in name order for document files (by extension), with
``--include`` globs narrowing and ``--exclude`` globs pruning what is
taken, matched against the path relative to the folder (``drafts/*``,
``**/old/*.md``, ``*.txt``). Symbolic links are never followed out of the
folder: a link to a file or folder outside it is skipped, and links to
folders are not descended into at all (no cycles, no double counting).
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from citecheck.parsing.loading import EXTENSIONS

logger = logging.getLogger(__name__)

# Files a folder walk picks up when no --include says otherwise.
DOCUMENT_SUFFIXES = frozenset({*EXTENSIONS, ".xml"})


@dataclass(frozen=True, slots=True)
class PathFilter:
    """Globs that pick the files of a folder walk (files named directly are
    always read)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def takes(self, relative: str) -> bool:
        """Whether a file at ``relative`` (POSIX, relative to the folder) is read."""
        if _matches(relative, self.exclude):
            return False
        if self.include:
            return _matches(relative, self.include)
        return PurePosixPath(relative).suffix.lower() in DOCUMENT_SUFFIXES

    def prunes(self, relative: str) -> bool:
        """Whether a folder at ``relative`` is skipped whole."""
        return _matches(relative, self.exclude) or _matches(relative + "/", self.exclude)


NO_FILTER = PathFilter()
"""Every document file, by extension."""


def collect_paths(
    paths: Iterable[str | Path], path_filter: PathFilter = NO_FILTER
) -> Iterator[str]:
    """Files to read: each file as given, each folder walked (see the module)."""
    for path in paths:
        text = str(path)
        if os.path.isdir(text):
            yield from _walk(text, path_filter)
        else:
            yield text


def _walk(folder: str, path_filter: PathFilter) -> Iterator[str]:
    root = os.path.realpath(folder)
    for current, dirs, files in os.walk(folder):
        relative_dir = os.path.relpath(current, folder)
        kept = []
        for name in sorted(dirs):
            relative = _posix(os.path.join(relative_dir, name))
            if not path_filter.prunes(relative):
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            full = os.path.join(current, name)
            relative = _posix(os.path.join(relative_dir, name))
            if not path_filter.takes(relative):
                continue
            if os.path.islink(full) and not _inside(os.path.realpath(full), root):
                logger.info("skipping %s: a link out of %s", full, folder)
                continue
            yield full


def _matches(relative: str, globs: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(
        fnmatch.fnmatchcase(relative, glob) or fnmatch.fnmatchcase(name, glob) for glob in globs
    )


def _posix(relative: str) -> str:
    return PurePosixPath(Path(os.path.normpath(relative))).as_posix().removeprefix("./")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
