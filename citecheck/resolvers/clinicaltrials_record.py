"""ClinicalTrials.gov API v2 study bodies (``/api/v2/studies/{nct}``) as records.

A study is ``{"protocolSection": {"identificationModule": {"nctId",
"briefTitle", "officialTitle", "nctIdAliases"…}, "statusModule":
{"startDateStruct": {"date": "2019-03"}, "studyFirstPostDateStruct"…},
"sponsorCollaboratorsModule": {"leadSponsor": {"name"…}}…}, …}``. A body
without a protocol section and an NCT number raises
:class:`~citecheck.errors.MalformedResponse` (could not verify); inside it,
a field missing or of an unexpected type is left empty, never guessed at.

The record's ``title`` is the official title (the brief one when there is
none) and its ``subtitle`` the brief title, so both can be found; the lead
sponsor is its one author, an organisation (shown, never compared: see
:mod:`citecheck.judge.trials`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from citecheck.errors import MalformedResponse
from citecheck.models import Author, Record, Service, WorkType

TYPE_LABEL = "clinical trial"

_YEAR = re.compile(r"^([0-9]{4})(?:-|$)")


def record_from_study(body: Any) -> tuple[Record, tuple[str, ...]]:
    """The record of a study body and the NCT numbers it answers for (its
    own first, then its aliases, upper case). Raises MalformedResponse
    unless the body holds ``protocolSection.identificationModule.nctId``."""
    protocol = _mapping(body, "protocolSection") if isinstance(body, Mapping) else None
    if protocol is None:
        raise MalformedResponse("a study without a protocol section")
    identification = _mapping(protocol, "identificationModule") or {}
    nct = _text(identification.get("nctId"))
    if not nct:
        raise MalformedResponse("a study without an NCT number")
    aliases = identification.get("nctIdAliases")
    numbers = (
        [nct, *(a for a in aliases if isinstance(a, str))] if isinstance(aliases, list) else [nct]
    )
    brief = _text(identification.get("briefTitle"))
    official = _text(identification.get("officialTitle"))
    title = official or brief
    subtitle = brief if official and brief and brief.casefold() != official.casefold() else None
    status = _mapping(protocol, "statusModule") or {}
    sponsors = _mapping(protocol, "sponsorCollaboratorsModule") or {}
    lead = _mapping(sponsors, "leadSponsor") or {}
    sponsor = _text(lead.get("name"))
    record = Record(
        service=Service.CLINICALTRIALS,
        title=title,
        subtitle=subtitle,
        authors=(Author(family=sponsor, is_organisation=True),) if sponsor else (),
        issued_year=_year(status, "startDateStruct"),
        online_year=_year(status, "studyFirstPostDateStruct"),
        type=WorkType.OTHER,
        type_label=TYPE_LABEL,
    )
    return record, tuple(dict.fromkeys(n.strip().upper() for n in numbers if n.strip()))


def _mapping(parent: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = parent.get(key)
    return value if isinstance(value, Mapping) else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _year(status: Mapping[str, Any], key: str) -> int | None:
    struct = _mapping(status, key)
    date = _text(struct.get("date")) if struct else None
    match = _YEAR.match(date or "")
    return int(match.group(1)) if match else None
