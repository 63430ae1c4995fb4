"""Searches through the pipeline: asked once per run however many pages
cite the reference, kept in the cache with their candidates (a search that
could not run never is), and a wrong identifier's page judged again once
the search for the right one is in."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from textwrap import dedent

import pytest
from lookup_doubles import FakeCrossref, FakePubMed, no_pmc

from citecheck.audit import AuditOptions, run_audit
from citecheck.cache import CacheStore
from citecheck.lookup_stream import ImmediateLookups, LookupStream, Workers
from citecheck.models import (
    Author,
    FindingCode,
    Identifier,
    IdType,
    Lookup,
    LookupStatus,
    Record,
    Service,
    WorkType,
)
from citecheck.queries import query_from_identifier


class _Streams:
    """A lookup source handing out one given stream."""

    def __init__(self, stream: LookupStream) -> None:
        self._stream = stream

    def stream(self) -> LookupStream:
        return self._stream

    def waiting(self) -> int:
        return 0


NAGASAWA = Record(
    service=Service.CROSSREF,
    doi="10.1038/382635a0",
    title=(
        "Defects of B-cell lymphopoiesis and bone-marrow myelopoiesis in mice lacking the "
        "CXC chemokine PBSF/SDF-1"
    ),
    authors=(Author("Nagasawa", "T"), Author("Hirota", "S"), Author("Tachibana", "K")),
    issued_year=1996,
    journal="Nature",
    volume="382",
    pages="635-638",
    type=WorkType.JOURNAL_ARTICLE,
)
ENTRY = (
    "Nagasawa T, Hirota S, Tachibana K. Defects of B-cell lymphopoiesis and bone-marrow "
    "myelopoiesis in mice lacking the CXC chemokine PBSF/SDF-1. Nature. 1996;382:635-8."
)


def page(tmp_path: Path, name: str, line: str) -> Path:
    path = tmp_path / name
    path.write_text(dedent(f"Text [1].\n\n## References\n\n1. {line}\n"), encoding="utf-8")
    return path


class Services:
    """Answers lookups and searches as the services would, and counts what is asked."""

    def __init__(self) -> None:
        self.asked: list[Identifier] = []

    def __call__(self, identifiers: list[Identifier]) -> Mapping[str, Lookup]:
        self.asked.extend(identifiers)
        answers = {}
        for identifier in identifiers:
            if identifier.type is IdType.QUERY:
                query = query_from_identifier(identifier)
                found = "lymphopoiesis" in query.text
                answers[identifier.key] = Lookup(
                    identifier,
                    LookupStatus.FOUND if found else LookupStatus.NOT_FOUND,
                    Service.SEARCH,
                    candidates=(NAGASAWA,) if found else (),
                    searched=("Crossref (bibliographic search)",),
                    fetched_at=time.time(),
                )
            else:
                answers[identifier.key] = Lookup(
                    identifier, LookupStatus.NOT_FOUND, Service.CROSSREF, fetched_at=time.time()
                )
        return answers


def test_a_reference_cited_on_two_pages_is_searched_once(tmp_path: Path) -> None:
    services = Services()
    searches: list[Identifier] = []

    def search(query: Identifier) -> Lookup:
        searches.append(query)
        return services([query])[query.key]

    stream = LookupStream(
        crossref=FakeCrossref(),
        pubmed=FakePubMed(),
        pmc=no_pmc,
        workers=Workers(crossref_list=1, crossref_single=1, ncbi=1, search=2),
        search=search,
    )
    pages = [page(tmp_path, f"p{n}.md", ENTRY) for n in (1, 2)]
    result = run_audit(pages, resolver=_Streams(stream))
    assert [i.type for i in searches] == [IdType.QUERY]
    verdicts = [v.code for audit in result.audits for v in audit.verdicts]
    assert verdicts == [FindingCode.VERIFIED_BY_SEARCH] * 2
    # The search is a lookup of the audit: the report keeps it.
    assert [lookup.status for audit in result.audits for lookup in audit.lookups] == [
        LookupStatus.FOUND
    ] * 2


def test_a_wrong_doi_waits_for_the_search_that_names_the_right_one(tmp_path: Path) -> None:
    services = Services()
    path = page(tmp_path, "p.md", ENTRY + " doi:10.1038/382635a9")
    result = run_audit([path], resolver=ImmediateLookups(services))
    assert [i.type for i in services.asked] == [IdType.DOI, IdType.QUERY]
    [verdict] = result.audits[0].verdicts
    assert verdict.code is FindingCode.IDENTIFIER_NOT_FOUND
    assert verdict.suggestion is not None
    assert verdict.suggestion.identifier == Identifier(IdType.DOI, "10.1038/382635a0")
    assert verdict.suggestion.typo == "one character differs"


def test_with_searches_off_nothing_is_searched(tmp_path: Path) -> None:
    services = Services()
    path = page(tmp_path, "p.md", ENTRY)
    result = run_audit(
        [path], resolver=ImmediateLookups(services), options=AuditOptions(search=False)
    )
    assert services.asked == []
    assert result.audits[0].verdicts[0].code is FindingCode.UNVERIFIABLE


def test_the_cache_keeps_a_search_with_its_candidates_and_never_one_that_could_not_run(
    tmp_path: Path,
) -> None:
    services = Services()
    path = page(tmp_path, "p.md", ENTRY)
    run_audit([path], resolver=ImmediateLookups(services))
    query = services.asked[0]
    found = services([query])[query.key]
    failed = Lookup(query, LookupStatus.COULD_NOT_VERIFY, Service.SEARCH, reason="timeout")
    with CacheStore.open(str(tmp_path / "cache.db")) as cache:
        cache.put_many([found])
        again = cache.get_many([query], Service.SEARCH)[query.key]
        assert again.candidates == (NAGASAWA,)
        assert again.searched == ("Crossref (bibliographic search)",)
        assert again.from_cache
        other = Identifier(IdType.QUERY, query.value.replace("Nature", "Science"))
        cache.put_many([Lookup(other, LookupStatus.COULD_NOT_VERIFY, Service.SEARCH)])
        cache.put_many([failed])
        assert cache.get_many([other], Service.SEARCH) == {}
        # The stored answer was not replaced by the failure.
        assert cache.get_many([query], Service.SEARCH)[query.key].status is LookupStatus.FOUND


def test_a_suggestion_found_by_search_becomes_a_diff_git_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import subprocess

    from citecheck.fixes import OriginalFile, plan_fixes, unified_diff

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    path = page(tmp_path, "p.md", ENTRY + " doi:10.1038/382635a9").relative_to(tmp_path)
    result = run_audit([path], resolver=ImmediateLookups(Services()))
    plan = plan_fixes(result.audits[0], OriginalFile.read(path))
    [change] = plan.changes
    assert change.kind.value == "replace-identifier"
    assert "10.1038/382635a0" in change.new and "10.1038/382635a9" in change.old
    diff = unified_diff(plan)
    assert b"-1. Nagasawa" in diff and b"doi:10.1038/382635a0" in diff
    (tmp_path / "fix.diff").write_bytes(diff)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "fix.diff"], cwd=tmp_path, check=True)
    assert "doi:10.1038/382635a0" in path.read_text(encoding="utf-8")
