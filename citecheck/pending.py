"""Documents read but not judged yet, each waiting for the lookups of its
identifiers, and the lookups held for them.

A lookup is held while a waiting document cites it and let go when the last
of them is judged, so a long run keeps in memory what its unjudged documents
need, not every record it has met. At most ``hold`` waiting documents
are kept whole; the others are kept as their path and digest and read again
when their turn comes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from citecheck.judge.mentions import checked_in_text
from citecheck.models import SERVICE_OF, Document, EntryRole, Identifier, Lookup
from citecheck.queries import query_for_entry, query_identifier

# Documents kept whole while they wait: about 56 KB each for 30 references
# (tracemalloc, generated Vancouver pages), so 500 hold about 28 MB. Reading
# one again costs a few milliseconds of the main thread, which at 10,000
# documents is time the judging needs.
DEFAULT_HOLD = 500


@dataclass(frozen=True, slots=True)
class Waiting:
    """A document waiting to be judged: the document itself when held,
    else what finds it again."""

    path: str
    sha256: str
    keys: frozenset[str]
    document: Document | None


def looked_up(document: Document, *, search: bool = True) -> list[Identifier]:
    """The identifiers of ``document`` a service is asked about: those of its
    reference-list entries that a service answers for, (with ``search``)
    the search of each entry that has none of those, and the trial numbers
    of its running text."""
    asked = []
    for entry in document.entries:
        if entry.role is not EntryRole.REFERENCE:
            continue
        resolvable = [i for i in entry.identifiers if i.type in SERVICE_OF]
        asked.extend(resolvable)
        if search and not resolvable and (query := query_for_entry(entry)) is not None:
            asked.append(query_identifier(query))
    return asked + checked_in_text(document)


class PendingDocuments:
    """Documents waiting for lookups, in the order they become ready."""

    def __init__(self, *, hold: int = DEFAULT_HOLD, search: bool = True) -> None:
        self._hold = hold
        self._search = search
        self._held = 0
        self._missing: dict[str, set[str]] = {}
        self._waiting: dict[str, Waiting] = {}
        self._wanted_by: dict[str, list[str]] = {}
        self._users: dict[str, int] = {}
        self._lookups: dict[str, Lookup] = {}
        self._ready: deque[Waiting] = deque()

    def __len__(self) -> int:
        """Documents added and not yet done."""
        return len(self._waiting)

    def add(self, document: Document) -> list[Identifier]:
        """Wait for ``document``'s lookups; returns the identifiers it needs
        that nothing holds or waits for yet (to be asked for)."""
        identifiers = {i.key: i for i in looked_up(document, search=self._search)}
        held = self._held < self._hold
        self._held += held
        waiting = Waiting(
            document.path, document.sha256, frozenset(identifiers), document if held else None
        )
        self._waiting[document.path] = waiting
        missing = {key for key in identifiers if key not in self._lookups}
        ask = [i for key, i in identifiers.items() if key in missing and key not in self._wanted_by]
        for key in identifiers:
            self._users[key] = self._users.get(key, 0) + 1
        for key in missing:
            self._wanted_by.setdefault(key, []).append(document.path)
        if missing:
            self._missing[document.path] = missing
        else:
            self._ready.append(waiting)
        return ask

    def wait_longer(
        self, waiting: Waiting, identifiers: Iterable[Identifier]
    ) -> list[Identifier] | None:
        """Keep ``waiting`` (just taken from :meth:`next_ready`) waiting for
        ``identifiers`` as well (the searches its first verdicts call for),
        to come back from :meth:`next_ready` once they are in; returns those
        to ask for. None when it needs none it did not already wait for:
        it is not kept, and the caller judges it as it is."""
        new = {i.key: i for i in identifiers if i.key not in waiting.keys}
        if not new:
            return None
        extended = replace(waiting, keys=waiting.keys | frozenset(new))
        self._waiting[waiting.path] = extended
        for key in new:
            self._users[key] = self._users.get(key, 0) + 1
        missing = {key for key in new if key not in self._lookups}
        ask = [i for key, i in new.items() if key in missing and key not in self._wanted_by]
        for key in missing:
            self._wanted_by.setdefault(key, []).append(waiting.path)
        if missing:
            self._missing[waiting.path] = missing
        else:
            self._ready.append(extended)
        return ask

    def arrived(self, lookups: Iterable[Lookup]) -> None:
        """Hold ``lookups``; a document whose last lookup this is becomes ready."""
        for lookup in lookups:
            key = lookup.identifier.key
            if key not in self._users:
                continue  # asked for a document no longer waiting
            self._lookups[key] = lookup
            for path in self._wanted_by.pop(key, ()):
                missing = self._missing[path]
                missing.discard(key)
                if not missing:
                    del self._missing[path]
                    self._ready.append(self._waiting[path])

    def release(self) -> int:
        """Make every document still waiting ready, its missing lookups
        judged as not looked up; for when nothing more will arrive.
        Returns how many documents were released."""
        released = len(self._missing)
        for path in self._missing:
            self._ready.append(self._waiting[path])
        self._missing.clear()
        self._wanted_by.clear()
        return released

    def next_ready(self) -> Waiting | None:
        """The next document whose lookups are all held, or None."""
        return self._ready.popleft() if self._ready else None

    def lookups_for(self, waiting: Waiting) -> Mapping[str, Lookup]:
        """The lookups held for ``waiting`` (all of its own, unless released)."""
        return {key: self._lookups[key] for key in waiting.keys if key in self._lookups}

    def done(self, waiting: Waiting) -> None:
        """``waiting`` was judged: let go of what only it needed."""
        del self._waiting[waiting.path]
        if waiting.document is not None:
            self._held -= 1
        for key in waiting.keys:
            users = self._users[key] - 1
            if users:
                self._users[key] = users
            else:
                del self._users[key]
                self._lookups.pop(key, None)
