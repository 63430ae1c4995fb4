"""DOIs against the DataCite REST API (``GET {base}/dois/{doi}``).

Asked only for a DOI Crossref's agency route names as DataCite's (arXiv,
Zenodo, Dryad, figshare...), so that such a DOI is judged on its record
like any other rather than passed as "registered elsewhere".

Only DataCite's own 404 -- a JSON:API error body whose error has status
``404`` -- is "not found"; a 404 of any other body (a proxy's page, an
empty body) and every unreadable answer is "could not verify".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from citecheck.config import ServiceSettings
from citecheck.errors import MalformedResponse, ServiceUnavailable
from citecheck.models import Identifier, Lookup, LookupStatus, Service
from citecheck.resolvers.datacite_record import record_from_body
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import describe_body, one_line

# One DOI's record, its related identifiers included: a few hundred KB at most.
MAX_RECORD_BYTES = 8 * MB


class DataCiteResolver:
    """Looks single DOIs up in DataCite, under its own bucket."""

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
        self._base = settings.datacite_url.rstrip("/")

    def look_up(self, doi: Identifier, encoded: str) -> Lookup:
        """The lookup of ``doi`` (``encoded`` for a URL path)."""
        url = f"{self._base}/dois/{encoded}"
        try:
            response = self._http.send(
                "GET",
                url,
                service=Service.DATACITE.value,
                limiter=self._limiter,
                headers={"Accept": "application/vnd.api+json, application/json"},
                timeout=self._settings.timeout,
                max_bytes=MAX_RECORD_BYTES,
            )
        except ServiceUnavailable as exc:
            return self._unverified(doi, exc.reason)
        if response.status_code == 404:
            if _is_own_404(response):
                return Lookup(
                    doi,
                    LookupStatus.NOT_FOUND,
                    Service.DATACITE,
                    reason="DataCite has no such DOI (HTTP 404)",
                    fetched_at=self._clock(),
                )
            return self._unverified(
                doi, f"HTTP 404 that is not DataCite's own ({describe_body(response)})"
            )
        if response.status_code != 200:
            return self._unverified(doi, f"DataCite answered HTTP {response.status_code}")
        try:
            record = record_from_body(response.json())
        except MalformedResponse as exc:
            return self._unverified(doi, one_line(f"malformed answer ({exc})"))
        except ValueError:
            return self._unverified(
                doi, one_line(f"malformed answer (not JSON: {describe_body(response)})")
            )
        return Lookup(
            doi, LookupStatus.FOUND, Service.DATACITE, record=record, fetched_at=self._clock()
        )

    def _unverified(self, doi: Identifier, reason: str) -> Lookup:
        return Lookup(doi, LookupStatus.COULD_NOT_VERIFY, Service.DATACITE, reason=reason)


def _is_own_404(response: Any) -> bool:
    """Whether a 404's body is DataCite's JSON:API error: ``{"errors":
    [{"status": "404", ...}]}``."""
    try:
        body = response.json()
    except ValueError:
        return False
    errors = body.get("errors") if isinstance(body, Mapping) else None
    if not isinstance(errors, list) or not errors:
        return False
    first = errors[0]
    return isinstance(first, Mapping) and str(first.get("status")) == "404"
