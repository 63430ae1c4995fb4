"""DOIs against the Crossref REST API, through habanero.

=========================  =====================================  ===========
route                      used for                               bucket
=========================  =====================================  ===========
``/works?filter=doi:…``    batches of DOIs, ``select``-limited    list
``/works/{doi}/agency``    a DOI absent from a successful batch   single
``/works/{doi}``           a DOI its agency says is Crossref's    single
DataCite ``/dois/{doi}``   a DOI its agency says is DataCite's    datacite
=========================  =====================================  ===========

A DOI a batch left out is most often not Crossref's (DataCite's, say) or
nobody's: asking its agency first settles those in one request, and only a
DOI Crossref registered takes a second one for its record.

habanero builds the requests and reads the bodies' envelopes; its gaps are
closed here. It calls ``httpx.get`` (in ``habanero.request`` and
``habanero.request_class``) afresh for every request (a new
connection each time), retries nothing and limits nothing: inside
:meth:`CrossrefResolver.routed`, habanero's ``httpx`` is replaced by a shim whose ``get`` goes
through the run's one :class:`HttpClient` (pooled connections, the rate
limit of the route's bucket, retries, ``mailto`` and the Metadata Plus
token). habanero also sends DOIs unencoded in paths, so that ``10.1000/a#b``
would reach Crossref as ``10.1000/a``: DOIs are percent-encoded here first.

habanero trusts what it is sent: a list answer of 200 whose ``message`` is
null, or a ``"status": "failed"`` exception body, makes it raise whatever
Python raises, and a 404 of any body is to it the DOI's absence. So the shim
reads each answer before habanero does: a list answer that is not a proper
work-list raises :class:`MalformedResponse` ("malformed answer", could not
verify for the whole batch), and a 404 whose body is not Crossref's own
(``Resource not found.``, text) -- an HTML page from a proxy or a CDN, an
empty body, JSON of any shape -- raises :class:`ServiceUnavailable`. Only
Crossref's own 404 is ever read as "not found".
"""

from __future__ import annotations

import logging
import threading
import time
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import habanero
import habanero.request
import habanero.request_class
import httpx
from habanero.exceptions import RequestError

from citecheck.config import ServiceSettings
from citecheck.errors import MalformedResponse, ServiceUnavailable
from citecheck.models import Identifier, Lookup, LookupStatus, Record, Service
from citecheck.resolvers.crossref_record import (
    SELECT_FIELDS,
    agency_from_body,
    record_from_work,
    work_from_single,
    works_from_list,
)
from citecheck.resolvers.datacite import DataCiteResolver
from citecheck.resolvers.http import MB, HttpClient
from citecheck.resolvers.ratelimit import RateLimiter
from citecheck.resolvers.reasons import describe_body, one_line

logger = logging.getLogger(__name__)

# Crossref rejects request lines much over 4 KB; the filter of a batch is
# kept under this many bytes once URL-encoded, leaving room for the rest.
MAX_FILTER_BYTES = 3_000
MAX_BATCH = 100
# Agencies Crossref names for DOIs it did not register itself.
CROSSREF_AGENCY = "crossref"
# The agency whose DOIs are asked of DataCite for their record.
DATACITE_AGENCY = "datacite"
# Largest answers read: a select-limited list of MAX_BATCH works, one work
# with its references (the longest run to a few MB), an agency.
MAX_LIST_BYTES = 32 * MB
MAX_SINGLE_BYTES = 16 * MB
# The whole body of Crossref's own 404: the only proof a DOI is not there.
CROSSREF_NOT_FOUND = b"Resource not found."
# What habanero may raise while it reads an answer of an unforeseen shape.
_HABANERO_READING_ERRORS = (AttributeError, KeyError, TypeError, IndexError)

_shim_lock = threading.Lock()


class CrossrefResolver:
    """Looks DOIs up in Crossref, one request at a time, for a
    :class:`~citecheck.lookup_stream.LookupStream` to schedule: DOIs cut by
    :meth:`batches`, each batch through :meth:`look_up_batch`, each DOI a
    batch left out through :meth:`look_up_one`, all inside :meth:`routed`."""

    def __init__(
        self,
        settings: ServiceSettings,
        http: HttpClient,
        *,
        single: RateLimiter,
        listing: RateLimiter,
        datacite: DataCiteResolver | None = None,
        clock: Any = time.time,
    ) -> None:
        self._settings = settings
        self._datacite = datacite
        self._http = http
        self._single = single
        self._listing = listing
        self._clock = clock
        self._crossref = habanero.Crossref(
            base_url=settings.crossref_url.rstrip("/"),
            mailto=settings.mailto,
            # Not used: every request takes the settings' timeout in _send.
            timeout=settings.timeout,
        )
        self._base = settings.crossref_url.rstrip("/")

    @contextmanager
    def routed(self) -> Iterator[None]:
        """While inside, habanero's requests go through the run's client.
        :meth:`look_up_batch` and :meth:`look_up_one` must be called inside."""
        with _habanero_through(self._send):
            yield

    @staticmethod
    def batches(dois: Sequence[Identifier]) -> Iterator[list[Identifier]]:
        """``dois`` cut into the batches one list request can hold."""
        return _batched(list(dois))

    # Batches through the list route.

    def look_up_batch(self, dois: list[Identifier]) -> dict[str, Lookup]:
        """Lookups for the DOIs a list request found; those it did not find
        are left out, to be asked one by one (absence from a batch proves nothing)."""
        try:
            body = self._crossref.works(
                filter={"doi": [doi.value.lower() for doi in dois]},
                limit=len(dois),
                select=list(SELECT_FIELDS),
            )
            works = works_from_list(body)
        except ServiceUnavailable as exc:
            return {doi.key: self._unverified(doi, exc.reason) for doi in dois}
        except (MalformedResponse, *_HABANERO_READING_ERRORS) as exc:
            reason = _malformed(exc)
            logger.info("crossref batch of %d: %s", len(dois), reason)
            return {doi.key: self._unverified(doi, reason) for doi in dois}
        except (RequestError, httpx.HTTPStatusError, RuntimeError, ValueError) as exc:
            # A batch the list route refuses (a DOI its filter syntax cannot
            # hold, say) is asked one DOI at a time instead.
            logger.info("crossref batch of %d refused (%s); asking one by one", len(dois), exc)
            return {}
        now = self._clock()
        wanted = {doi.value.lower(): doi for doi in dois}
        results: dict[str, Lookup] = {}
        for work in works:
            try:
                record = record_from_work(work)
            except MalformedResponse:
                continue
            doi = wanted.get(record.doi or "")
            if doi is not None:
                results[doi.key] = Lookup(
                    doi, LookupStatus.FOUND, Service.CROSSREF, record=record, fetched_at=now
                )
        return results

    # Searches through the list route.

    def search(
        self, text: str, *, rows: int, deposit: bool = False, doi: str | None = None
    ) -> list[Record]:
        """The works Crossref's relevance search ranks first for ``text``
        as a bibliographic query (or the work of ``doi``), best first; with
        ``deposit``, whole works, their deposited reference lists included.
        Raises ServiceUnavailable or MalformedResponse when there is no
        proper answer: a search that could not run says nothing."""
        select = None if deposit else list(SELECT_FIELDS)
        try:
            if doi is not None:
                body = self._crossref.works(filter={"doi": [doi.lower()]}, limit=1, select=select)
            else:
                body = self._crossref.works(query_bibliographic=text, limit=rows, select=select)
            works = works_from_list(body)
        except (ServiceUnavailable, MalformedResponse):
            raise
        except _HABANERO_READING_ERRORS as exc:
            raise MalformedResponse(_malformed(exc)) from None
        except httpx.HTTPStatusError as exc:
            raise ServiceUnavailable(
                f"HTTP {exc.response.status_code}", service=Service.CROSSREF.value
            ) from None
        except (RequestError, RuntimeError, ValueError) as exc:
            raise MalformedResponse(f"unreadable answer ({type(exc).__name__})") from None
        records: list[Record] = []
        for work in works:
            try:
                records.append(record_from_work(work))
            except MalformedResponse:
                continue  # one unreadable item does not spoil the others
        return records

    # Single works and agencies.

    def look_up_one(self, doi: Identifier) -> Lookup:
        """A DOI on its own: its agency first, then, when that is Crossref,
        its record, and when it is DataCite, DataCite's record."""
        encoded = encode_doi(doi.value)
        try:
            body = habanero.request.request(self._crossref, "/works/", ids=[encoded], agency=True)
            agency = agency_from_body(body)
        except ServiceUnavailable as exc:
            return self._unverified(doi, exc.reason)
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code == 404:
                return Lookup(
                    doi,
                    LookupStatus.NOT_FOUND,
                    Service.CROSSREF,
                    reason="Crossref knows no agency for this DOI (HTTP 404)",
                    fetched_at=self._clock(),
                )
            return self._unverified(doi, f"HTTP {exc.response.status_code}")
        except (MalformedResponse, *_HABANERO_READING_ERRORS) as exc:
            return self._unverified(doi, _malformed(exc))
        except (RequestError, ValueError, RuntimeError):
            return self._unverified(doi, "unreadable response")
        if agency == DATACITE_AGENCY and self._datacite is not None:
            return self._datacite.look_up(doi, encoded)
        if agency != CROSSREF_AGENCY:
            return Lookup(
                doi,
                LookupStatus.OTHER_AGENCY,
                Service.CROSSREF,
                agency=agency,
                fetched_at=self._clock(),
            )
        return self._record(doi, encoded)

    def _record(self, doi: Identifier, encoded: str) -> Lookup:
        try:
            body = self._crossref.works(ids=encoded)
            record = record_from_work(work_from_single(body))
        except ServiceUnavailable as exc:
            return self._unverified(doi, exc.reason)
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code == 404:
                # Registered with Crossref, yet no metadata: not a proper "not found".
                return self._unverified(doi, "Crossref registered this DOI but returned no record")
            return self._unverified(doi, f"HTTP {exc.response.status_code}")
        except RequestError as exc:
            return self._unverified(doi, f"unexpected answer (HTTP {exc.status_code})")
        except (MalformedResponse, *_HABANERO_READING_ERRORS) as exc:
            return self._unverified(doi, _malformed(exc))
        except (ValueError, RuntimeError):
            return self._unverified(doi, "unreadable response")
        return Lookup(
            doi, LookupStatus.FOUND, Service.CROSSREF, record=record, fetched_at=self._clock()
        )

    def _unverified(self, doi: Identifier, reason: str) -> Lookup:
        return Lookup(doi, LookupStatus.COULD_NOT_VERIFY, Service.CROSSREF, reason=reason)

    # The shim's get: every habanero request comes through here.

    def _send(
        self,
        url: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        path = url[len(self._base) :] if url.startswith(self._base) else url
        listing = path.rstrip("/") == "/works"
        limiter = self._listing if listing else self._single
        query = dict(params or {})
        if self._settings.mailto:
            query["mailto"] = self._settings.mailto
        sent_headers = dict(headers or {})
        agent = f"{self._settings.user_agent} habanero/{habanero.__version__}"
        sent_headers["User-Agent"] = agent
        sent_headers["X-USER-AGENT"] = agent
        if self._settings.crossref_plus_token:
            sent_headers["Crossref-Plus-API-Token"] = f"Bearer {self._settings.crossref_plus_token}"
        response = self._http.send(
            "GET",
            url,
            service=Service.CROSSREF.value,
            limiter=limiter,
            params=query,
            headers=sent_headers,
            # habanero's own timeout is ignored: it would be cut to whole seconds.
            timeout=self._settings.timeout,
            max_bytes=MAX_LIST_BYTES if listing else MAX_SINGLE_BYTES,
        )
        if response.status_code == 404 and response.content.strip() != CROSSREF_NOT_FOUND:
            raise ServiceUnavailable(
                f"HTTP 404 that is not Crossref's own ({describe_body(response)})",
                service=Service.CROSSREF.value,
                status=404,
                url=url,
            )
        if listing and response.status_code == 200:
            _check_work_list(response)
        return response


def _check_work_list(response: httpx.Response) -> None:
    """Raise MalformedResponse unless ``response`` is a work-list habanero
    can read: a JSON object with status ``ok``, a ``message`` object holding
    ``items`` and an integer ``total-results``, and no ``next-cursor`` (one is
    never asked for, and habanero would follow it page after page)."""
    try:
        body = response.json()
    except ValueError as exc:
        raise MalformedResponse(f"not JSON ({describe_body(response)})") from exc
    works_from_list(body)
    message = body["message"]
    if not isinstance(message.get("total-results"), int) or isinstance(
        message.get("total-results"), bool
    ):
        raise MalformedResponse("a Crossref work-list without an integer total-results")
    if message.get("next-cursor") is not None:
        raise MalformedResponse("a Crossref work-list with a next-cursor never asked for")


def _malformed(exc: Exception) -> str:
    """The one-line reason for an answer that could not be read."""
    if isinstance(exc, MalformedResponse):
        detail = str(exc)
    else:
        detail = f"habanero could not read it: {type(exc).__name__}"
    return one_line(f"malformed answer ({detail})")


def encode_doi(doi: str) -> str:
    """A DOI made safe for a URL path: ``#``, ``?``, ``%``, ``<``, ``>``, ``;``,
    spaces and the like percent-encoded; slashes kept."""
    return quote(doi, safe="/:()-._~")


def _batched(dois: list[Identifier]) -> Iterator[list[Identifier]]:
    """Batches of DOIs whose URL-encoded filter fits MAX_FILTER_BYTES.
    DOIs with a comma cannot be written in a filter: they go alone, and are
    then refused and asked one by one."""
    batch: list[Identifier] = []
    size = 0
    for doi in dois:
        cost = len(quote(f"doi:{doi.value.lower()},", safe=""))
        if batch and (
            size + cost > MAX_FILTER_BYTES or len(batch) >= MAX_BATCH or "," in doi.value
        ):
            yield batch
            batch, size = [], 0
        batch.append(doi)
        size += cost
    if batch:
        yield batch


@contextmanager
def _habanero_through(send: Any) -> Iterator[None]:
    """Route habanero's ``httpx.get`` through ``send`` while inside the block.

    habanero looks ``httpx`` up in its own module at call time, so replacing
    that name reaches every call without touching the real ``httpx``. One
    resolver of a run resolves at a time; the lock keeps the swap itself safe.
    """
    shim = types.SimpleNamespace(
        get=send,
        HTTPStatusError=httpx.HTTPStatusError,
        HTTPError=httpx.HTTPError,
        __version__=httpx.__version__,
    )
    modules = (habanero.request, habanero.request_class)
    with _shim_lock:
        originals = [module.httpx for module in modules]
        for module in modules:
            module.httpx = shim
    try:
        yield
    finally:
        with _shim_lock:
            for module, original in zip(modules, originals, strict=True):
                module.httpx = original
