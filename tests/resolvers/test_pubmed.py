"""PMIDs against PubMed efetch: what is found, what is not, and what could
not be verified."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
import respx

from citecheck.config import ServiceSettings
from citecheck.models import Identifier, IdType, LookupStatus
from citecheck.resolvers.http import HttpClient, RetryPolicy
from citecheck.resolvers.pubmed import MAX_EFETCH_BYTES, PubMedResolver
from citecheck.resolvers.ratelimit import RateLimiter

EUTILS = "https://eutils.test/entrez/eutils"
EFETCH = f"{EUTILS}/efetch.fcgi"


@pytest.fixture
def efetch() -> Iterator[respx.Route]:
    with respx.mock(assert_all_mocked=True) as router:
        yield router.post(EFETCH)


def resolve(*pmids: str) -> dict[str, tuple[LookupStatus, str | None]]:
    http = HttpClient(httpx.Client(), retry=RetryPolicy(attempts=1), sleep=lambda s: None)
    resolver = PubMedResolver(
        ServiceSettings(eutils_url=EUTILS), http, limiter=RateLimiter(rate=1e6), clock=lambda: 9.0
    )
    lookups = resolver.resolve([Identifier(IdType.PMID, p) for p in pmids])
    return {lookup.identifier.value: (lookup.status, lookup.reason) for lookup in lookups}


def test_pmids_missing_from_a_proper_answer_do_not_exist(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes]
) -> None:
    efetch.mock(return_value=httpx.Response(200, content=fixture_bytes("pubmed/two-articles.xml")))
    assert resolve("22745249", "13054692", "99999998") == {
        "22745249": (LookupStatus.FOUND, None),
        "13054692": (LookupStatus.FOUND, None),
        "99999998": (LookupStatus.NOT_FOUND, "not in PubMed's answer"),
    }


def test_an_empty_article_set_means_none_exists(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes]
) -> None:
    efetch.mock(return_value=httpx.Response(200, content=fixture_bytes("pubmed/empty-set.xml")))
    assert resolve("99999998", "99999997") == {
        "99999998": (LookupStatus.NOT_FOUND, "not in PubMed's answer"),
        "99999997": (LookupStatus.NOT_FOUND, "not in PubMed's answer"),
    }


def test_an_error_inside_a_200_answer_leaves_the_missing_pmids_unverified(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes]
) -> None:
    efetch.mock(return_value=httpx.Response(200, content=fixture_bytes("pubmed/error-in-set.xml")))
    outcome = resolve("13054692", "22745249")
    assert outcome["13054692"][0] is LookupStatus.FOUND
    status, reason = outcome["22745249"]
    assert status is LookupStatus.COULD_NOT_VERIFY
    assert reason is not None and reason.startswith("E-utilities error: ")


@pytest.mark.parametrize(
    ("fixture", "status", "reason"),
    [
        ("pubmed/efetch-error.xml", 200, "unreadable response"),
        ("pubmed/truncated.xml", 200, "unreadable response"),
        ("pubmed/html-error.html", 200, "unreadable response"),
        ("pubmed/rate-limit.json", 429, "rate limited (HTTP 429)"),
        ("pubmed/html-error.html", 502, "server error (HTTP 502)"),
        ("pubmed/html-error.html", 400, "HTTP 400"),
    ],
)
def test_an_improper_answer_is_could_not_verify_for_every_pmid(
    efetch: respx.Route,
    fixture_bytes: Callable[[str], bytes],
    fixture: str,
    status: int,
    reason: str,
) -> None:
    efetch.mock(return_value=httpx.Response(status, content=fixture_bytes(fixture)))
    outcome = resolve("13054692", "22745249")
    assert set(outcome) == {"13054692", "22745249"}
    for got_status, got_reason in outcome.values():
        assert got_status is LookupStatus.COULD_NOT_VERIFY
        # The reason names what was wrong, on one line.
        assert got_reason is not None and got_reason.startswith(reason)
        assert "\n" not in got_reason


def test_a_timeout_is_could_not_verify(efetch: respx.Route) -> None:
    efetch.mock(side_effect=httpx.ConnectTimeout("no answer"))
    assert resolve("13054692") == {"13054692": (LookupStatus.COULD_NOT_VERIFY, "timeout")}


def test_pmids_are_sent_200_at_a_time(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes]
) -> None:
    efetch.mock(return_value=httpx.Response(200, content=fixture_bytes("pubmed/empty-set.xml")))
    resolve(*(str(n) for n in range(1, 451)))
    assert efetch.call_count == 3


@pytest.mark.parametrize("fixture", ["pubmed/empty-article.xml", "pubmed/unreadable-pmid.xml"])
def test_an_article_without_a_readable_pmid_leaves_the_missing_pmids_unverified_not_absent(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes], fixture: str
) -> None:
    # The unreadable article is about one of the PMIDs left out, nobody can
    # tell which: none of them may be called absent; the found one stays found.
    efetch.mock(return_value=httpx.Response(200, content=fixture_bytes(fixture)))
    assert resolve("22745249", "13054692", "99999998") == {
        "22745249": (LookupStatus.FOUND, None),
        "13054692": (
            LookupStatus.COULD_NOT_VERIFY,
            "malformed answer (1 article(s) without a readable PMID)",
        ),
        "99999998": (
            LookupStatus.COULD_NOT_VERIFY,
            "malformed answer (1 article(s) without a readable PMID)",
        ),
    }


def test_an_article_that_holds_only_its_pmid_is_unverified_for_that_pmid_alone(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes]
) -> None:
    efetch.mock(
        return_value=httpx.Response(
            200, content=fixture_bytes("pubmed/article-without-citation.xml")
        )
    )
    assert resolve("22745249", "13054692", "99999998") == {
        "22745249": (LookupStatus.FOUND, None),
        "13054692": (
            LookupStatus.COULD_NOT_VERIFY,
            "malformed answer (its article has no <Article>)",
        ),
        "99999998": (LookupStatus.NOT_FOUND, "not in PubMed's answer"),
    }


def test_an_efetch_answer_over_the_size_cap_is_abandoned_and_unverified(
    efetch: respx.Route, fixture_bytes: Callable[[str], bytes]
) -> None:
    # A body that says it is larger than the cap is never read.
    huge = httpx.Response(
        200,
        content=fixture_bytes("pubmed/two-articles.xml"),
        headers={"content-length": str(MAX_EFETCH_BYTES + 1)},
    )
    efetch.mock(return_value=huge)
    assert resolve("22745249") == {
        "22745249": (LookupStatus.COULD_NOT_VERIFY, "answer too large (over 64 MB)")
    }
