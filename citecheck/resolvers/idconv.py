"""PMCIDs against the PMC ID converter (``/api/v1/articles/``, JSON).

The converter knows PMC articles only. For a PMCID that is exactly the
question, so its "not found" is a proper answer; it is never used to judge
a PMID or a DOI, which may well exist outside PMC.

Only the converter's own word makes a PMCID "not found": an answer of 200
with ``"status": "ok"`` holding, for that PMCID, an error record whose
``errmsg`` says it is not found. Anything else is "could not verify": a body
that is not JSON or not the converter's, an error answer, an error record of
another kind or without a message, a record without its PMCID, a PMCID the
answer does not mention, any status but 200.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from citecheck.config import ServiceSettings
from citecheck.errors import MalformedResponse, ServiceUnavailable
from citecheck.models import Identifier, Lookup, LookupStatus, Record, Service
from citecheck.resolvers.batches import chunks
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import one_line

ARTICLES_PATH = "/api/v1/articles/"
MAX_IDS = 200
# 200 records of a few identifiers each come to some 40 KB.
MAX_IDCONV_BYTES = 4 * MB


class IdConvResolver:
    """Looks PMCIDs up in the PMC ID converter."""

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
        self._url = settings.idconv_url.rstrip("/") + ARTICLES_PATH

    def resolve(self, pmcids: Sequence[Identifier]) -> list[Lookup]:
        """One lookup per PMCID (deduplicated by key), in the order given.
        A found PMCID's record holds only identifiers: PMCID, PMID, DOI."""
        unique = list({pmcid.key: pmcid for pmcid in pmcids}.values())
        results: dict[str, Lookup] = {}
        for batch in chunks(unique, MAX_IDS):
            results.update(self._batch(batch))
        return [results[pmcid.key] for pmcid in unique]

    def _batch(self, pmcids: list[Identifier]) -> dict[str, Lookup]:
        params: dict[str, Any] = {
            "ids": ",".join(p.value.upper() for p in pmcids),
            "format": "json",
            "tool": self._settings.tool,
        }
        if self._settings.mailto:
            params["email"] = self._settings.mailto
        try:
            response = self._http.send(
                "GET",
                self._url,
                service=Service.PMC.value,
                limiter=self._limiter,
                params=params,
                headers={"User-Agent": self._settings.user_agent},
                max_bytes=MAX_IDCONV_BYTES,
            )
        except ServiceUnavailable as exc:
            return {p.key: self._unverified(p, exc.reason) for p in pmcids}
        if response.status_code != 200:
            return {p.key: self._unverified(p, f"HTTP {response.status_code}") for p in pmcids}
        try:
            records = _records(response)
        except MalformedResponse as exc:
            return {p.key: self._unverified(p, f"malformed answer ({exc})") for p in pmcids}
        now = self._clock()
        answers = {_requested(item): item for item in records if _requested(item)}
        results: dict[str, Lookup] = {}
        for pmcid in pmcids:
            item = answers.get(pmcid.value.upper())
            if item is None:
                # Not mentioned at all: the converter did not answer for it.
                results[pmcid.key] = self._unverified(pmcid, "no answer for this identifier")
            elif str(item.get("status", "")).lower() == "error":
                message = one_line(_text(item.get("errmsg")) or "")
                if "not found" in message.lower():
                    results[pmcid.key] = Lookup(
                        pmcid, LookupStatus.NOT_FOUND, Service.PMC, reason=message, fetched_at=now
                    )
                else:
                    # An error that does not say "not found" proves nothing.
                    results[pmcid.key] = self._unverified(
                        pmcid, f"ID converter error: {message or 'no message'}"
                    )
            elif _text(item.get("pmcid")) is None:
                results[pmcid.key] = self._unverified(
                    pmcid, "malformed answer (a record without its pmcid)"
                )
            else:
                results[pmcid.key] = Lookup(
                    pmcid,
                    LookupStatus.FOUND,
                    Service.PMC,
                    record=Record(
                        service=Service.PMC,
                        pmcid=_text(item.get("pmcid")),
                        pmid=_text(item.get("pmid")),
                        doi=(_text(item.get("doi")) or "").lower() or None,
                    ),
                    fetched_at=now,
                )
        return results

    def _unverified(self, pmcid: Identifier, reason: str) -> Lookup:
        return Lookup(pmcid, LookupStatus.COULD_NOT_VERIFY, Service.PMC, reason=reason)


def _records(response: httpx.Response) -> list[dict[str, Any]]:
    """The records of a converter answer. Raises MalformedResponse for a body
    that is not JSON, not an object, not ``"status": "ok"`` or without a
    list of records."""
    try:
        body = response.json()
    except ValueError as exc:
        raise MalformedResponse("not JSON") from exc
    if not isinstance(body, dict):
        raise MalformedResponse(f"a JSON {type(body).__name__}, not an object")
    status = _text(body.get("status"))
    if status is None or status.lower() != "ok":
        message = _text(body.get("message")) or "no message"
        raise MalformedResponse(one_line(f"status {status!r}: {message}"))
    records = body.get("records")
    if not isinstance(records, list):
        raise MalformedResponse("no list of records")
    return [item for item in records if isinstance(item, dict)]


def _requested(item: dict[str, Any]) -> str:
    """The id an answer item is about, upper-cased (``PMC3531190``)."""
    for key in ("requested-id", "requested_id", "pmcid"):
        value = _text(item.get(key))
        if value:
            return value.upper()
    return ""


def _text(value: Any) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value).strip() or None
    return None
