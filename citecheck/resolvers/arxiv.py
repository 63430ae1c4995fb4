"""arXiv identifiers against the arXiv API (``GET {base}/api/query``).

Up to :data:`MAX_IDS` identifiers a request (``id_list=A,B,…`` with
``max_results`` as many), under arXiv's own bucket: one request every three
seconds, one at a time. Identifiers are sent in the form arXiv answers in
(:func:`~citecheck.resolvers.arxiv_feed.canonical_id`): without a version
(the newest is returned) and, for old-style ones, without the subject class.

Only arXiv's own well-formed feed says an identifier does not exist: one
that leaves it out while holding every result it counts, or an Error entry
that names it as malformed (the rest of that request is then asked again
without it). Anything else -- another status, HTML, plain text, a feed cut
short, an entry that cannot be attributed, an error about something else --
is "could not verify" for every identifier of the request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from citecheck.config import ServiceSettings
from citecheck.errors import MalformedResponse, ServiceUnavailable
from citecheck.models import Identifier, Lookup, LookupStatus, Service
from citecheck.resolvers.arxiv_feed import ArxivFeed, canonical_id, read_feed
from citecheck.resolvers.batches import chunks
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import describe_body, one_line

QUERY_PATH = "/api/query"
MAX_IDS = 100
"""Identifiers a request: arXiv's pages go to 2,000, but a shorter request
line and a smaller loss when one request fails are worth more."""
# A hundred entries with their abstracts take a few hundred KB.
MAX_FEED_BYTES = 8 * MB
# The statuses arXiv sends its feeds with: 200, and 400 for a refused request.
_FEED_STATUSES = frozenset({200, 400})


class ArxivResolver:
    """Looks arXiv identifiers up in batches, under arXiv's bucket."""

    def __init__(
        self,
        settings: ServiceSettings,
        http: HttpClient,
        *,
        limiter: RateLimiter,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._http = http
        self._limiter = limiter
        self._clock = clock
        self._url = settings.arxiv_url.rstrip("/") + QUERY_PATH

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Lookup]:
        """One lookup per identifier (deduplicated by key), in the order given."""
        unique = list({i.key: i for i in identifiers}.values())
        results: dict[str, Lookup] = {}
        for batch in chunks(unique, MAX_IDS):
            results.update(self._batch(batch))
        return [results[i.key] for i in unique]

    def _batch(self, identifiers: list[Identifier]) -> dict[str, Lookup]:
        lookups: dict[str, Lookup] = {}
        pending = identifiers
        # Each round drops the identifier arXiv refused, so it ends.
        while pending:
            wanted = list(dict.fromkeys(canonical_id(i.value) for i in pending))
            feed_or_reason = self._ask(wanted)
            if isinstance(feed_or_reason, str):
                lookups.update({i.key: self._unverified(i, feed_or_reason) for i in pending})
                return lookups
            feed = feed_or_reason
            refused = feed.refused_id()
            if feed.errors:
                if refused is None or canonical_id(refused) not in wanted:
                    reason = one_line(f"arXiv error: {feed.errors[0]}")
                    lookups.update({i.key: self._unverified(i, reason) for i in pending})
                    return lookups
                bad = canonical_id(refused)
                for identifier in pending:
                    if canonical_id(identifier.value) == bad:
                        lookups[identifier.key] = self._not_found(
                            identifier, one_line(f"arXiv: incorrect id format for {refused}")
                        )
                pending = [i for i in pending if canonical_id(i.value) != bad]
                continue
            lookups.update(self._read(pending, feed))
            return lookups
        return lookups

    def _ask(self, wanted: list[str]) -> ArxivFeed | str:
        """The feed arXiv answers for ``wanted``, or why there is none."""
        try:
            response = self._http.send(
                "GET",
                self._url,
                service=Service.ARXIV.value,
                limiter=self._limiter,
                params={"id_list": ",".join(wanted), "max_results": str(len(wanted))},
                headers={"Accept": "application/atom+xml"},
                timeout=self._settings.timeout,
                max_bytes=MAX_FEED_BYTES,
            )
        except ServiceUnavailable as exc:
            return exc.reason
        if response.status_code not in _FEED_STATUSES:
            return f"arXiv answered HTTP {response.status_code}"
        try:
            feed = read_feed(response.content)
        except MalformedResponse as exc:
            return one_line(f"malformed answer ({exc}; {describe_body(response)})")
        if response.status_code != 200 and not feed.errors:
            return f"arXiv answered HTTP {response.status_code} without saying why"
        return feed

    def _read(self, identifiers: list[Identifier], feed: ArxivFeed) -> dict[str, Lookup]:
        now = self._clock()
        # An answer that counts more results than it holds, or holds entries
        # nobody can tell apart, says nothing of the identifiers it lacks.
        partial = feed.total is not None and feed.total > len(feed.records)
        lookups: dict[str, Lookup] = {}
        for identifier in identifiers:
            record = feed.records.get(canonical_id(identifier.value))
            if record is not None:
                lookups[identifier.key] = Lookup(
                    identifier, LookupStatus.FOUND, Service.ARXIV, record=record, fetched_at=now
                )
            elif feed.anonymous:
                lookups[identifier.key] = self._unverified(
                    identifier, f"malformed answer ({feed.anonymous} entry(ies) without an id)"
                )
            elif partial:
                lookups[identifier.key] = self._unverified(
                    identifier,
                    f"partial answer ({len(feed.records)} of {feed.total} results)",
                )
            else:
                lookups[identifier.key] = self._not_found(identifier, "not in arXiv's answer")
        return lookups

    def _not_found(self, identifier: Identifier, reason: str) -> Lookup:
        return Lookup(
            identifier,
            LookupStatus.NOT_FOUND,
            Service.ARXIV,
            reason=reason,
            fetched_at=self._clock(),
        )

    def _unverified(self, identifier: Identifier, reason: str) -> Lookup:
        return Lookup(identifier, LookupStatus.COULD_NOT_VERIFY, Service.ARXIV, reason=reason)
