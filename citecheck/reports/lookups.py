"""Resolved identifiers for a terminal: one block per lookup.

A record's text is the service's, which took it from a publisher: it is
made safe for the terminal as article text is."""

from __future__ import annotations

from citecheck.cache import CacheStats
from citecheck.models import Lookup, LookupStatus, Record
from citecheck.reports.escape import terminal_text

_STATUS_TEXT = {
    LookupStatus.FOUND: "found",
    LookupStatus.NOT_FOUND: "not found",
    LookupStatus.OTHER_AGENCY: "registered with another agency",
    LookupStatus.COULD_NOT_VERIFY: "could not verify",
}


def render_lookup(lookup: Lookup) -> str:
    """``doi:10.x/y  found (crossref, cached)`` then the record, indented."""
    where = lookup.service.value + (", cached" if lookup.from_cache else "")
    head = f"{lookup.identifier}  {_STATUS_TEXT[lookup.status]} ({where})"
    if lookup.status is LookupStatus.OTHER_AGENCY and lookup.agency:
        head += f": {lookup.agency}"
    elif lookup.reason and lookup.status is not LookupStatus.FOUND:
        head += f": {lookup.reason}"
    lines = [head]
    if lookup.record is not None:
        lines.extend("    " + line for line in render_record(lookup.record))
    return terminal_text("\n".join(lines))


def render_record(record: Record) -> list[str]:
    """A record as a few readable lines."""
    lines: list[str] = []
    if record.title:
        title = record.title + (f": {record.subtitle}" if record.subtitle else "")
        lines.append(f'"{title}"')
    if record.authors:
        names = ", ".join(str(a) for a in record.authors[:6])
        if len(record.authors) > 6:
            names += f" and {len(record.authors) - 6} more"
        lines.append(names)
    source = " ".join(
        part
        for part in (
            record.journal or "",
            record.volume or "",
            f"({record.issue})" if record.issue else "",
        )
        if part
    )
    if record.pages or record.article_number:
        source += f":{record.pages or record.article_number}"
    years = [
        f"{label} {year}"
        for label, year in (
            ("issued", record.issued_year),
            ("print", record.print_year),
            ("online", record.online_year),
        )
        if year
    ]
    details = "; ".join(part for part in (source, ", ".join(years), record.type.value) if part)
    if details:
        lines.append(details)
    ids = [
        f"{name} {value}"
        for name, value in (("DOI", record.doi), ("PMID", record.pmid), ("PMCID", record.pmcid))
        if value
    ]
    if ids:
        lines.append(", ".join(ids))
    for notice in record.notices:
        about = notice.doi or (f"PMID {notice.pmid}" if notice.pmid else "")
        source_text = f" ({notice.source})" if notice.source else ""
        lines.append(f"NOTICE: {notice.kind.value}{source_text}{': ' + about if about else ''}")
    return lines


def render_cache_stats(stats: CacheStats) -> str:
    """The cache's path and size, and its rows per service and status."""
    lines = [f"cache: {stats.path} ({stats.size / 1024:.0f} KB)"]
    if not stats.counts:
        lines.append("  empty")
    for count in stats.counts:
        lines.append(
            f"  {count.service.value:<9} {count.status.value:<17} "
            f"{count.fresh:>7} fresh {count.expired:>7} expired"
        )
    lines.append(f"  total: {stats.fresh} fresh, {stats.expired} expired")
    return terminal_text("\n".join(lines))
