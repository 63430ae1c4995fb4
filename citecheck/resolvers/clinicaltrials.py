"""NCT numbers against ClinicalTrials.gov API v2 (``GET {base}/api/v2/studies/{nct}``).

One study a request (``fields=ProtocolSection``: the results and documents
sections, which can run to megabytes, are never asked for), under the
service's own bucket. A number the registry replaced is answered, through
its redirect, with the study that lists it among its ``nctIdAliases``.

Only ClinicalTrials.gov's own 404 -- a short body that says ``NCT number
NCT… not found``, plain text or JSON -- is "not found"; a 404 of any other
body (a proxy's page, an empty body), a 400, any other status, a body that
is not a study, or a study of another number is "could not verify".
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

import httpx

from citecheck.config import ServiceSettings
from citecheck.errors import MalformedResponse, ServiceUnavailable
from citecheck.models import Identifier, Lookup, LookupStatus, Service
from citecheck.resolvers.clinicaltrials_record import record_from_study
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import describe_body, one_line

STUDIES_PATH = "/api/v2/studies/"
# A protocol section is tens of KB; the longest stay far below this.
MAX_STUDY_BYTES = 4 * MB
# The registry's own "not found" is one short sentence.
_MAX_NOT_FOUND_BYTES = 4096


class ClinicalTrialsResolver:
    """Looks NCT numbers up one at a time, under the registry's bucket."""

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
        self._base = settings.clinicaltrials_url.rstrip("/") + STUDIES_PATH

    def resolve(self, numbers: Sequence[Identifier]) -> list[Lookup]:
        """One lookup per NCT number (deduplicated by key), in the order given."""
        unique = list({n.key: n for n in numbers}.values())
        return [self.look_up(number) for number in unique]

    def look_up(self, number: Identifier) -> Lookup:
        """The lookup of one NCT number."""
        nct = number.value.upper()
        try:
            response = self._http.send(
                "GET",
                self._base + nct,
                service=Service.CLINICALTRIALS.value,
                limiter=self._limiter,
                params={"fields": "ProtocolSection"},
                headers={"Accept": "application/json"},
                timeout=self._settings.timeout,
                max_bytes=MAX_STUDY_BYTES,
            )
        except ServiceUnavailable as exc:
            return self._unverified(number, exc.reason)
        if response.status_code == 404:
            if _is_own_404(response, nct):
                return Lookup(
                    number,
                    LookupStatus.NOT_FOUND,
                    Service.CLINICALTRIALS,
                    reason="ClinicalTrials.gov has no such study (HTTP 404)",
                    fetched_at=self._clock(),
                )
            return self._unverified(
                number,
                f"HTTP 404 that is not ClinicalTrials.gov's own ({describe_body(response)})",
            )
        if response.status_code != 200:
            return self._unverified(
                number, f"ClinicalTrials.gov answered HTTP {response.status_code}"
            )
        try:
            record, numbers = record_from_study(response.json())
        except MalformedResponse as exc:
            return self._unverified(number, one_line(f"malformed answer ({exc})"))
        except ValueError:
            return self._unverified(
                number, one_line(f"malformed answer (not JSON: {describe_body(response)})")
            )
        if nct not in numbers:
            return self._unverified(
                number, one_line(f"the answer is another study's ({numbers[0]})")
            )
        return Lookup(
            number,
            LookupStatus.FOUND,
            Service.CLINICALTRIALS,
            record=record,
            fetched_at=self._clock(),
        )

    def _unverified(self, number: Identifier, reason: str) -> Lookup:
        return Lookup(number, LookupStatus.COULD_NOT_VERIFY, Service.CLINICALTRIALS, reason=reason)


def _is_own_404(response: httpx.Response, nct: str) -> bool:
    """Whether a 404's body is the registry's sentence about this number."""
    body = response.content
    if not body or len(body) > _MAX_NOT_FOUND_BYTES or body.lstrip()[:1] == b"<":
        return False
    text = body.decode("utf-8", "replace")
    pattern = rf"\bNCT number\s+{re.escape(nct)}\s+not found\b"
    return re.search(pattern, text, re.IGNORECASE) is not None
