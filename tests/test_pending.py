"""Documents waiting for their lookups: ready when the last one arrives, each
identifier asked once, records let go once no waiting document needs them."""

from __future__ import annotations

from citecheck.models import (
    Claims,
    Document,
    Entry,
    EntryRole,
    Format,
    Identifier,
    IdType,
    Location,
    Lookup,
    LookupStatus,
    Service,
)
from citecheck.pending import PendingDocuments


def doi(value: str) -> Identifier:
    return Identifier(IdType.DOI, value)


def document(path: str, *identifiers: Identifier) -> Document:
    entries = tuple(
        Entry(
            label=str(n),
            raw=f"entry {n}",
            location=Location(n, 1),
            role=EntryRole.REFERENCE,
            identifiers=(identifier,),
            claims=Claims(),
        )
        for n, identifier in enumerate(identifiers, 1)
    )
    return Document(path=path, format=Format.MARKDOWN, sha256=path * 2, size=1, entries=entries)


def answer(identifier: Identifier) -> Lookup:
    return Lookup(identifier, LookupStatus.NOT_FOUND, Service.CROSSREF)


def test_a_document_is_ready_when_its_last_lookup_arrives() -> None:
    pending = PendingDocuments()
    a, b = doi("10.1/a"), doi("10.1/b")
    assert pending.add(document("one.md", a, b)) == [a, b]
    pending.arrived([answer(a)])
    assert pending.next_ready() is None
    pending.arrived([answer(b)])
    ready = pending.next_ready()
    assert ready is not None and ready.path == "one.md"
    assert set(pending.lookups_for(ready)) == {a.key, b.key}


def test_an_identifier_two_documents_cite_is_asked_for_once() -> None:
    pending = PendingDocuments()
    shared = doi("10.1/shared")
    assert pending.add(document("one.md", shared)) == [shared]
    assert pending.add(document("two.md", shared)) == []
    pending.arrived([answer(shared)])
    first, second = pending.next_ready(), pending.next_ready()
    assert first is not None and second is not None
    assert (first.path, second.path) == ("one.md", "two.md")


def test_a_lookup_is_held_until_the_last_document_citing_it_is_done() -> None:
    pending = PendingDocuments()
    shared = doi("10.1/shared")
    pending.add(document("one.md", shared))
    pending.add(document("two.md", shared))
    pending.arrived([answer(shared)])
    one, two = pending.next_ready(), pending.next_ready()
    assert one is not None and two is not None
    pending.done(one)
    # Still held for two.md: a third document citing it needs no request.
    assert pending.add(document("three.md", shared)) == []
    pending.done(two)
    three = pending.next_ready()
    assert three is not None
    pending.done(three)
    assert len(pending) == 0
    # Let go: a fourth document asks for it again.
    assert pending.add(document("four.md", shared)) == [shared]


def test_a_document_with_nothing_to_look_up_is_ready_at_once() -> None:
    pending = PendingDocuments()
    assert pending.add(document("plain.md", Identifier(IdType.ISBN, "9783161484100"))) == []
    ready = pending.next_ready()
    assert ready is not None and ready.path == "plain.md"


def test_only_the_first_documents_are_held_whole() -> None:
    pending = PendingDocuments(hold=1)
    pending.add(document("one.md"))
    pending.add(document("two.md"))
    one, two = pending.next_ready(), pending.next_ready()
    assert one is not None and one.document is not None
    assert two is not None and two.document is None and two.sha256 == "two.mdtwo.md"
    pending.done(one)
    # Room again for the next one.
    pending.add(document("three.md"))
    three = pending.next_ready()
    assert three is not None and three.document is not None


def test_release_makes_every_waiting_document_ready() -> None:
    pending = PendingDocuments()
    pending.add(document("one.md", doi("10.1/never")))
    assert pending.next_ready() is None
    assert pending.release() == 1
    ready = pending.next_ready()
    assert ready is not None and dict(pending.lookups_for(ready)) == {}
