"""The stand-in's arXiv and ClinicalTrials.gov routes: their real formats,
their limits, and citecheck's Resolver through them."""

from __future__ import annotations

import json

import httpx
from test_standin import FAST_RETRY, settings_for, standin

from citecheck.models import Identifier, IdType, LookupStatus, Service
from citecheck.resolve import Resolver
from citecheck.resolvers.arxiv_feed import read_feed
from citecheck.resolvers.clinicaltrials_record import record_from_study


def corpus() -> object:
    return standin.Corpus.generate(
        dois=0, pmids=0, arxiv=10, arxiv_found=0.5, trials=3, trials_found=0.5, seed=2
    )


def test_the_registries_are_generated_as_asked_and_the_rest_stays_the_same() -> None:
    generated = standin.Corpus.generate(dois=20, pmids=10, arxiv=10, trials=6, seed=3)
    plain = standin.Corpus.generate(dois=20, pmids=10, seed=3)
    assert (len(generated.arxiv_ids), len(generated.preprints)) == (10, 9)
    assert (len(generated.nct_ids), len(generated.trials)) == (6, 5)
    assert any("/" in arxiv_id for arxiv_id in generated.arxiv_ids)  # old style too
    assert (generated.works, generated.dois, generated.pmids) == (
        plain.works,
        plain.dois,
        plain.pmids,
    )


def test_arxiv_answers_an_atom_feed_of_what_it_has_at_its_pace() -> None:
    registry = corpus()
    known = sorted(registry.preprints)
    unknown = next(a for a in registry.arxiv_ids if a not in registry.preprints)
    with standin.StandIn(registry, latency=0.0) as server, httpx.Client() as client:
        url = f"{server.arxiv_url}/api/query"
        asked = ",".join([f"{known[0]}v7", known[1], unknown])
        answer = client.get(url, params={"id_list": asked, "max_results": "3"})
        too_soon = client.get(url, params={"id_list": known[0]})
        stats = server.stats()
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = read_feed(answer.content)
    assert sorted(feed.records) == sorted(known[:2])
    assert (feed.total, feed.errors) == (2, ())
    assert all(r.service is Service.ARXIV for r in feed.records.values())
    # One request in any three seconds: the second is refused as arXiv does.
    assert (too_soon.status_code, too_soon.text) == (429, "Rate exceeded.")
    assert stats["statuses"] == {"arxiv 200": 1, "arxiv 429": 1}


def test_arxiv_refuses_a_request_with_a_malformed_identifier() -> None:
    with standin.StandIn(corpus(), latency=0.0) as server, httpx.Client() as client:
        answer = client.get(
            f"{server.arxiv_url}/api/query", params={"id_list": "2401.00001,bogus-ph/9901001"}
        )
    assert answer.status_code == 400
    feed = read_feed(answer.content)
    assert feed.refused_id() == "bogus-ph/9901001"


def test_clinicaltrials_answers_a_study_or_its_own_404() -> None:
    registry = corpus()
    known = sorted(registry.trials)[0]
    unknown = next(t for t in registry.nct_ids if t not in registry.trials)
    with standin.StandIn(registry, latency=0.0) as server, httpx.Client() as client:
        found = client.get(f"{server.clinicaltrials_url}/api/v2/studies/{known}")
        missing = client.get(f"{server.clinicaltrials_url}/api/v2/studies/{unknown}")
    record, numbers = record_from_study(json.loads(found.content))
    assert numbers == (known,)
    assert record.title is not None and record.subtitle is not None
    assert record.title.endswith(record.subtitle)
    assert (missing.status_code, missing.text) == (404, f"NCT number {unknown} not found")


def test_the_options_point_citecheck_at_both_routes() -> None:
    with standin.StandIn(corpus(), latency=0.0) as server:
        options = server.cli_options("t@example.org")
        assert options[options.index("--arxiv-url") + 1] == server.base_url
        assert options[options.index("--clinicaltrials-url") + 1] == server.base_url


def test_the_resolver_finds_what_the_registries_have_and_nothing_else() -> None:
    registry = corpus()
    wanted = [Identifier(IdType.ARXIV, a) for a in registry.arxiv_ids] + [
        Identifier(IdType.NCT, n) for n in registry.nct_ids
    ]
    with standin.StandIn(registry, latency=0.0) as server:
        settings = settings_for(
            server, arxiv_url=server.arxiv_url, clinicaltrials_url=server.clinicaltrials_url
        )
        with Resolver(settings, retry=FAST_RETRY) as resolver:
            lookups = resolver.resolve(wanted)
        stats = server.stats()
    for identifier in wanted:
        lookup = lookups[identifier.key]
        known = (
            identifier.value.lower() in registry.preprints or identifier.value in registry.trials
        )
        expected = LookupStatus.FOUND if known else LookupStatus.NOT_FOUND
        assert lookup.status is expected, (identifier, lookup.reason)
    # Ten arXiv identifiers in one request; one request a study.
    assert stats["requests"] == {"arxiv": 1, "clinicaltrials": 3}
    assert stats["rate_limited"] == {}
