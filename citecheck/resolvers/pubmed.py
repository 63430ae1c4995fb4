"""PMIDs against NCBI E-utilities: ``efetch db=pubmed retmode=xml`` by POST.

Up to 200 PMIDs a request, with ``tool``, ``email`` and, when given,
``api_key``. A PMID missing from a proper answer does not exist; an answer
with ``<ERROR>`` elements, an unreadable body or any status but 200 is
"could not verify" for every PMID it was asked about. A malformed article
is "could not verify" for its PMID alone; one without a readable PMID makes
every PMID the answer left out "could not verify" (it may be any of them),
while the PMIDs it holds records for keep them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from citecheck.config import ServiceSettings
from citecheck.errors import ServiceUnavailable
from citecheck.models import Identifier, Lookup, LookupStatus, Service
from citecheck.resolvers.batches import chunks
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.pubmed_record import MalformedResponse, parse_efetch
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import one_line

EFETCH_PATH = "/efetch.fcgi"
MAX_IDS = 200
# The largest efetch answer read: 200 full records with long author lists
# and abstracts stay far below it.
MAX_EFETCH_BYTES = 64 * MB


class PubMedResolver:
    """Looks PMIDs up in PubMed."""

    def __init__(
        self,
        settings: ServiceSettings,
        http: HttpClient,
        *,
        limiter: RateLimiter,
        dtd_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._http = http
        self._limiter = limiter
        self._dtd_dir = dtd_dir
        self._clock = clock
        self._url = settings.eutils_url.rstrip("/") + EFETCH_PATH

    def resolve(self, pmids: Sequence[Identifier]) -> list[Lookup]:
        """One lookup per PMID (deduplicated by key), in the order given."""
        unique = list({pmid.key: pmid for pmid in pmids}.values())
        results: dict[str, Lookup] = {}
        for batch in chunks(unique, MAX_IDS):
            results.update(self._batch(batch))
        return [results[pmid.key] for pmid in unique]

    def _batch(self, pmids: list[Identifier]) -> dict[str, Lookup]:
        data: dict[str, Any] = {
            "db": "pubmed",
            "id": ",".join(p.value for p in pmids),
            "retmode": "xml",
            **self._settings.eutils_identity(),
        }
        try:
            response = self._http.send(
                "POST",
                self._url,
                service=Service.PUBMED.value,
                limiter=self._limiter,
                data=data,
                headers={"User-Agent": self._settings.user_agent},
                max_bytes=MAX_EFETCH_BYTES,
            )
        except ServiceUnavailable as exc:
            return self._all_unverified(pmids, exc.reason)
        if response.status_code != 200:
            return self._all_unverified(pmids, f"HTTP {response.status_code}")
        try:
            result = parse_efetch(response.content, dtd_dir=self._dtd_dir)
        except MalformedResponse as exc:
            return self._all_unverified(pmids, one_line(f"unreadable response ({exc})"))
        now = self._clock()
        lookups: dict[str, Lookup] = {}
        for pmid in pmids:
            record = result.records.get(pmid.value)
            if record is not None:
                lookups[pmid.key] = Lookup(
                    pmid, LookupStatus.FOUND, Service.PUBMED, record=record, fetched_at=now
                )
            elif pmid.value in result.malformed:
                lookups[pmid.key] = self._unverified(
                    pmid, f"malformed answer (its article has {result.malformed[pmid.value]})"
                )
            elif result.errors:
                # An answer with errors proves nothing about what it left out.
                lookups[pmid.key] = self._unverified(
                    pmid, one_line(f"E-utilities error: {result.errors[0]}")
                )
            elif result.anonymous:
                lookups[pmid.key] = self._unverified(
                    pmid,
                    f"malformed answer ({result.anonymous} article(s) without a readable PMID)",
                )
            else:
                lookups[pmid.key] = Lookup(
                    pmid,
                    LookupStatus.NOT_FOUND,
                    Service.PUBMED,
                    reason="not in PubMed's answer",
                    fetched_at=now,
                )
        return lookups

    def _all_unverified(self, pmids: list[Identifier], reason: str) -> dict[str, Lookup]:
        return {pmid.key: self._unverified(pmid, reason) for pmid in pmids}

    def _unverified(self, pmid: Identifier, reason: str) -> Lookup:
        return Lookup(pmid, LookupStatus.COULD_NOT_VERIFY, Service.PUBMED, reason=reason)
