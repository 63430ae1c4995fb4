"""Settings for talking to the services: base URLs, identity, keys, limits.

The real services are the defaults; every base URL can point at a proxy, a
mirror or a local test server instead. Keys never appear in ``repr``, logs,
reports or the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citecheck import __version__

CROSSREF_URL = "https://api.crossref.org"
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
IDCONV_URL = "https://pmc.ncbi.nlm.nih.gov/tools/idconv"
DATACITE_URL = "https://api.datacite.org"
ARXIV_URL = "https://export.arxiv.org"
CLINICALTRIALS_URL = "https://clinicaltrials.gov"

# Crossref's published limits since December 2025, per pool and route
# (requests a second, requests in flight). Used until a response's
# x-rate-limit-* headers say otherwise.
CROSSREF_PUBLIC_SINGLE = (5.0, 1)
CROSSREF_PUBLIC_LIST = (1.0, 1)
CROSSREF_POLITE_SINGLE = (10.0, 3)
CROSSREF_POLITE_LIST = (3.0, 3)
# NCBI E-utilities: 3 requests a second without an API key, 10 with one.
NCBI_RATE_WITHOUT_KEY = 3.0
NCBI_RATE_WITH_KEY = 10.0
# DataCite asks clients to keep well within its limit (about 3,000 requests
# in five minutes per address); a DOI goes there only after Crossref named
# DataCite its agency, so a modest bucket is never the bottleneck.
DATACITE_LIMITS = (10.0, 3)
# arXiv's API terms: no more than one request every three seconds, and one
# connection at a time (its identifiers go a hundred to a request).
ARXIV_LIMITS = (1.0 / 3.0, 1)
# ClinicalTrials.gov asks for about 50 requests a minute per address: 45 a
# minute, two in flight, stays under it with room for another process.
CLINICALTRIALS_LIMITS = (0.75, 2)


@dataclass(frozen=True)
class ServiceSettings:
    """Where the services are and how to identify to them.

    ``mailto`` puts Crossref requests in the polite pool and is sent to NCBI
    as ``email``. A rate left as None takes the service's published limit
    for the pool or key in use.
    """

    crossref_url: str = CROSSREF_URL
    eutils_url: str = EUTILS_URL
    idconv_url: str = IDCONV_URL
    datacite_url: str = DATACITE_URL
    arxiv_url: str = ARXIV_URL
    clinicaltrials_url: str = CLINICALTRIALS_URL
    mailto: str | None = None
    ncbi_api_key: str | None = field(default=None, repr=False)
    crossref_plus_token: str | None = field(default=None, repr=False)
    timeout: float = 20.0
    crossref_single_rate: float | None = None
    crossref_list_rate: float | None = None
    ncbi_rate: float | None = None
    tool: str = "citecheck"

    @property
    def user_agent(self) -> str:
        """The User-Agent citecheck sends: name, version, contact address."""
        agent = f"citecheck/{__version__}"
        if self.mailto:
            agent += f" (mailto:{self.mailto})"
        return agent

    @property
    def polite(self) -> bool:
        return bool(self.mailto)

    def eutils_identity(self) -> dict[str, str]:
        """The parameters every E-utilities request carries: ``tool``,
        ``email`` (the contact address) and, when set, ``api_key``."""
        identity = {"tool": self.tool}
        if self.mailto:
            identity["email"] = self.mailto
        if self.ncbi_api_key:
            identity["api_key"] = self.ncbi_api_key
        return identity

    def crossref_single_limits(self) -> tuple[float, int]:
        rate, concurrency = CROSSREF_POLITE_SINGLE if self.polite else CROSSREF_PUBLIC_SINGLE
        return (self.crossref_single_rate or rate, concurrency)

    def crossref_list_limits(self) -> tuple[float, int]:
        rate, concurrency = CROSSREF_POLITE_LIST if self.polite else CROSSREF_PUBLIC_LIST
        return (self.crossref_list_rate or rate, concurrency)

    def ncbi_limits(self) -> tuple[float, int]:
        rate = NCBI_RATE_WITH_KEY if self.ncbi_api_key else NCBI_RATE_WITHOUT_KEY
        rate = self.ncbi_rate or rate
        # NCBI counts requests a second; as many in flight as that keeps busy.
        return (rate, max(1, int(rate)))

    def datacite_limits(self) -> tuple[float, int]:
        return DATACITE_LIMITS

    def arxiv_limits(self) -> tuple[float, int]:
        return ARXIV_LIMITS

    def clinicaltrials_limits(self) -> tuple[float, int]:
        return CLINICALTRIALS_LIMITS

    def __repr__(self) -> str:
        masked = ", ".join(
            f"{name}={'***' if value else None}"
            for name, value in (
                ("ncbi_api_key", self.ncbi_api_key),
                ("crossref_plus_token", self.crossref_plus_token),
            )
        )
        return (
            f"ServiceSettings(crossref_url={self.crossref_url!r}, eutils_url={self.eutils_url!r}, "
            f"idconv_url={self.idconv_url!r}, datacite_url={self.datacite_url!r}, "
            f"arxiv_url={self.arxiv_url!r}, clinicaltrials_url={self.clinicaltrials_url!r}, "
            f"mailto={self.mailto!r}, {masked})"
        )
