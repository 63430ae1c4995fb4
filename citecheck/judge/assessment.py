"""Is the entry the record's work, and what does it get wrong? :func:`assess`.

The decision rests on positive evidence, never on the absence of a
mismatch:

- *identity*: the title (same or abridged, or the whole of it run on into
  what follows), most of the claimed authors with the first among them (a
  single one with the year), journal, volume and pages together, or the
  entry's own text holding the record's title;
- *another work*: the same-work model says so, or a title stated as such
  (or, when none was read, the entry's words) that is not the record's,
  with the record's title nowhere in the entry. An entry that states
  nothing is never accused, and a description (a wiki label) with the
  first author right never makes the work another;
- *wrong details*, each with the severity it deserves (:class:`Problem`);
  a difference that the entry's own text contradicts is the reader's
  mistake, not the entry's, and accuses nothing.

Without identity or an accusation the verdict is ``not-compared``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from citecheck.judge.evidence import (
    BEGINS_TITLE_WORDS,
    TextEvidence,
    TitleChange,
    authors_left_out,
)
from citecheck.judge.samework import SameWork, same_work
from citecheck.matching import (
    JournalRelation,
    TitleComparison,
    TitleRelation,
    YearRelation,
    normalise,
)
from citecheck.models import (
    Claims,
    Entry,
    FindingCode,
    Record,
    Severity,
    TitleKind,
)

__all__ = ["Assessment", "Problem", "assess"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A difference between the claims and the record, with the severity it
    deserves on its own: who wrote the work and what it is called make the
    reference misleading (errors); a wrong year, venue, volume or pages
    leave the work findable (warnings)."""

    field: str
    text: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the evidence says, before notices and other identifiers weigh in."""

    code: FindingCode
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    evidence: tuple[str, ...]
    """What the decision rests on, in words."""
    work: SameWork
    identified_by: str = ""
    """What showed the entry is the record's work: ``title`` (the claimed
    title), ``text`` (the record's title in the entry's text), ``authors``,
    ``locator`` (journal, volume and pages); empty when nothing did."""


def assess(entry: Entry, record: Record) -> Assessment:
    """Verified, verified with notes, wrong details, the wrong work or not
    compared, from the entry (claims and raw text) against one record
    (notices and other identifiers aside)."""
    work = same_work(entry.claims, entry.raw, record)
    title = work.comparison.title
    weak_title = title is not None and title.kind is TitleKind.DESCRIPTION
    change = work.title_change
    changed_title = change is not None and change.changed and not weak_title
    title_identity = (
        title is not None
        and not weak_title
        and not changed_title
        and (
            title.relation in (TitleRelation.SAME, TitleRelation.ABRIDGED)
            or (change is not None and change.holds_title)
        )
    )
    if title_identity:
        # The title names the work: it cannot be another one, and the raw
        # text is read only if some detail needs checking against it.
        return _same_work_details(entry, work, record, ["the title matches"], identified_by="title")

    evidence = [f"same-work probability {work.probability:.2f}"]
    identity = _identity(entry.claims, work, evidence)
    if _another_work(entry.claims, work, identity, evidence):
        problems = _field_problems(entry, work, record)
        return Assessment(FindingCode.WRONG_WORK, problems, (), tuple(evidence), work)
    if not identity.any:
        problems = _field_problems(entry, work, record)
        notes = _notes(entry.claims, work, record)
        if problems:
            # Something read is wrong, but nothing shows this is the work:
            # a warning at most, never an accusation on so little.
            capped = tuple(replace(p, severity=Severity.WARNING) for p in problems)
            return Assessment(
                FindingCode.METADATA_MISMATCH, capped, tuple(notes), tuple(evidence), work
            )
        return Assessment(FindingCode.NOT_COMPARED, (), tuple(notes), tuple(evidence), work)
    text_only = not (identity.authors or identity.locator)
    identified_by = "text" if identity.text else "authors" if identity.authors else "locator"
    return _same_work_details(
        entry, work, record, evidence, by_text_alone=text_only, identified_by=identified_by
    )


@dataclass(frozen=True, slots=True)
class _Identity:
    """What, besides a matching title, shows that the entry is the record's work."""

    text: bool
    authors: bool
    locator: bool

    @property
    def any(self) -> bool:
        return self.text or self.authors or self.locator


def _identity(claims: Claims, work: SameWork, evidence: list[str]) -> _Identity:
    """The evidence of identity when the title did not settle it; its
    sentences are added to ``evidence``."""
    comparison, text = work.comparison, work.text
    authors, year, title = comparison.authors, comparison.year, comparison.title
    # The entry's own text: the record's title in it, or most of its
    # words; or its start (or all of a short title) with every one of the
    # record's first authors and its year.
    text_identity = (
        text.title_found
        or (
            text.title_words >= IDENTITY_TITLE_WORDS
            and text.title_coverage >= IDENTITY_TITLE_COVERAGE
        )
        or (
            (text.title_begins or (text.title_words and text.title_coverage == 1.0))
            and text.names_first_authors
            and text.year_found
        )
    )
    # Most of the claimed authors, the first among them; a single one (a
    # wiki label's "Burger et al.") only with the year as well, and not
    # with a description that shares nothing with the title.
    author_identity = (
        authors is not None
        and authors.first_author_matches
        and 2 * authors.matched >= authors.claimed
        and (
            authors.matched >= 2
            or (
                year is not None
                and year.relation is not YearRelation.DIFFERENT
                and not _unrelated_description(title)
            )
        )
    )
    locator_identity = (
        comparison.journal is not None
        and comparison.journal.relation is not JournalRelation.DIFFERENT
        and comparison.volume_matches is True
        and comparison.pages_match is True
    )
    # People and numbers identify a work only when the entry's words do not
    # speak against it: a wordy entry whose title was not read and holds
    # little of the record's title may be the same authors' other paper.
    if (
        claims.title is None
        and text.words >= WORDY_ENTRY
        and text.title_coverage < UNREAD_TITLE_COVERAGE
    ):
        author_identity = locator_identity = False
        evidence.append("the entry's words hold little of the record's title")
    if text.title_found:
        evidence.append("the record's title is in the entry text")
    elif text_identity:
        evidence.append("the record's title, first authors and year are in the entry text")
    if author_identity:
        evidence.append("most of the authors match")
    if locator_identity:
        evidence.append("journal, volume and pages match")
    return _Identity(bool(text_identity), author_identity, locator_identity)


def _another_work(claims: Claims, work: SameWork, identity: _Identity, evidence: list[str]) -> bool:
    """Whether the entry is another work than the record's: the model says
    so, or a title stated as such (or, none read, the entry's words) is not
    the record's, with the record's title nowhere in the entry. An entry
    that states nothing (a bare DOI) is never accused, nor one the text
    identifies; the sentences behind an accusation are added to ``evidence``."""
    comparison, text = work.comparison, work.text
    authors, year, title = comparison.authors, comparison.year, comparison.title
    weak_title = title is not None and title.kind is TitleKind.DESCRIPTION
    change = work.title_change
    # A claimed title that starts as the record's and stops (or runs on into
    # the journal) is no evidence of another work, though too short a
    # piece to identify it.
    title_begins = change is not None and change.begins_title and not weak_title
    stated = claims.title is not None or bool(claims.authors) or text.words >= MIN_WORDS_TO_JUDGE
    title_elsewhere = (
        title is not None
        and not weak_title
        and not title_begins
        and title.relation is TitleRelation.DIFFERENT
        and text.title_coverage < IDENTITY_TITLE_COVERAGE
        and not text.title_found
    ) or (
        # No title was read, but the entry is full of words that are none
        # of the record's while holding little of its title: it gives
        # another title, whoever the authors are.
        title is None
        and text.unexplained >= OTHER_TITLE_WORDS
        and text.title_coverage < OTHER_TITLE_COVERAGE
        and not text.title_begins
        and not text.title_found
    )
    # A description is the citing author's own words: with the people and
    # the year right it never makes the work another one.
    described = (
        weak_title
        and authors is not None
        and authors.first_author_matches
        and (year is None or year.relation is not YearRelation.DIFFERENT)
    )
    # The model alone does not accuse an entry that names the record's
    # first authors with its year: without a title to compare that is
    # "could not tell", not another work.
    people_agree = text.surnames_found >= min(2, text.surnames_looked_for) > 0 and (
        text.year_found or (year is not None and year.relation is not YearRelation.DIFFERENT)
    )
    title_unhelpful = title is None or title_begins
    model_accuses = work.wrong_work and not (
        (people_agree or text.title_begins) and title_unhelpful
    )
    # Another first author and a description that shares nothing with the
    # title: a wiki label of another paper, whoever else it names.
    other_described = (
        _unrelated_description(title) and authors is not None and not authors.first_author_matches
    )
    if not stated or identity.text or described:
        return False
    if not (model_accuses or title_elsewhere or other_described):
        return False
    if title_elsewhere:
        evidence.append("the title is another work's")
    if text.surnames_looked_for and not text.surnames_found:
        evidence.append("none of the record's first authors is named in the entry")
    return True


def _unrelated_description(title: TitleComparison | None) -> bool:
    """A wiki-style description that shares nothing with the record's title."""
    return (
        title is not None
        and title.kind is TitleKind.DESCRIPTION
        and title.relation is TitleRelation.DIFFERENT
    )


def _same_work_details(
    entry: Entry,
    work: SameWork,
    record: Record,
    evidence: list[str],
    *,
    by_text_alone: bool = False,
    identified_by: str,
) -> Assessment:
    """The assessment of an entry known to be the record's work: wrong
    details, notes, or plainly verified."""
    problems = _field_problems(entry, work, record)
    notes = _notes(entry.claims, work, record)
    if problems:
        return Assessment(
            FindingCode.METADATA_MISMATCH,
            problems,
            tuple(notes),
            tuple(evidence),
            work,
            identified_by,
        )
    if by_text_alone:
        notes.append("recognised by the record's title in the entry text")
    if notes:
        return Assessment(
            FindingCode.VERIFIED_WITH_NOTES, (), tuple(notes), tuple(evidence), work, identified_by
        )
    return Assessment(FindingCode.VERIFIED, (), (), tuple(evidence), work, identified_by)


IDENTITY_TITLE_WORDS = 4
"""A title of at least this many content words, most of them in the entry
text, identifies the work; shorter titles share their words with too many."""

IDENTITY_TITLE_COVERAGE = 0.8
"""Share of the record title's content words the entry text must hold to
identify the work without the title being found as one piece."""

OTHER_TITLE_WORDS = 4
"""Words that are none of the record's an entry must hold to give another title."""

OTHER_TITLE_COVERAGE = 0.35
"""And at most this share of the record title's words."""

TITLE_DIFFERS = "the title differs"
NO_AUTHOR_MATCHES = "no claimed author is an author of the record"
FIRST_DIFFERS = "the first author differs"

NAMES_BEFORE_TITLE = 1
"""Words before the title (of two letters or more, numbers, initials and
"et al." aside) an entry whose authors were not read must have for its
text to say who wrote the work: a lone surname ("Cox T. Title...") is one."""

WORDY_ENTRY = 8
"""Content words from which an entry says enough to speak against a record."""

UNREAD_TITLE_COVERAGE = 0.8
"""Share of the record title's words a wordy entry whose title was not read
must hold for its authors or journal, volume and pages to identify it: the
same authors' other papers share many of its words."""

MIN_WORDS_TO_JUDGE = 5
"""Content words (identifiers and links aside) an entry that states no
title or authors needs before its text alone can show it is another work."""


def _field_problems(entry: Entry, work: SameWork, record: Record) -> tuple[Problem, ...]:
    claims, comparison = entry.claims, work.comparison
    authors, year, title, journal = (
        comparison.authors,
        comparison.year,
        comparison.title,
        comparison.journal,
    )
    problems: list[Problem] = []
    if authors is not None:
        if authors.matched == 0 and not authors.soft:
            problems.append(Problem("authors", NO_AUTHOR_MATCHES, Severity.ERROR))
        elif strangers := [n for n in authors.unmatched if not _not_a_surname(n, record)]:
            many = 2 * len(strangers) >= authors.claimed or not authors.first_author_matches
            problems.append(
                Problem(
                    "authors",
                    f"not authors of the record: {', '.join(strangers)}",
                    Severity.ERROR if many else Severity.WARNING,
                )
            )
        elif not authors.first_author_matches and not _group_for_people(claims, record):
            problems.append(Problem("authors", FIRST_DIFFERS, Severity.WARNING))
        elif (
            not claims.et_al
            and (left := authors_left_out(claims.authors, record.authors))
            and not work.text.et_al
            # The names before the title, where the text shows them, have
            # the last word: a list the reader cut wrongly is not cut.
            and (work.text.authors_left_out > 0 or not work.text.title_window)
        ):
            problems.append(
                Problem(
                    "authors",
                    f"the author list leaves out {left} of the record's "
                    f'{len(record.authors)} authors without "et al."',
                    Severity.ERROR,
                )
            )
    if authors is None and record.authors:
        text = work.text
        if (
            len(text.words_before_title) >= NAMES_BEFORE_TITLE
            and text.surnames_looked_for
            and not text.surnames_found
            and not text.authors_before_title
        ):
            named = " ".join(text.words_before_title[:6])
            problems.append(
                Problem(
                    "authors",
                    f"the entry names people who are not the record's authors ({named})",
                    Severity.ERROR,
                )
            )
    # The names before the title, when the reader read none, or read a
    # shorter list than the record's without "et al." (it may have missed
    # some: the text says whether the list was cut in the middle).
    short_list = (
        authors is not None
        and not authors.unmatched
        and authors.first_author_matches
        and len(claims.authors) < len(record.authors)
    )
    if (
        (authors is None or short_list)
        and not claims.et_al
        and not work.text.et_al
        and work.text.authors_left_out
        and not any(p.field == "authors" for p in problems)
    ):
        problems.append(
            Problem(
                "authors",
                f"the author list leaves out {work.text.authors_left_out} of the record's "
                f'{len(record.authors)} authors without "et al."',
                Severity.ERROR,
            )
        )
    change = work.title_change
    text_change = work.text_title_change
    if (
        (title is None or title.kind is TitleKind.DESCRIPTION)
        and text_change is not None
        and text_change.changed
        and text_change.aligned >= BEGINS_TITLE_WORDS
    ):
        problems.append(Problem("title", _title_change_text(text_change), Severity.ERROR))
    if title is not None and title.kind is not TitleKind.DESCRIPTION:
        cut_or_run_on = change is not None and (change.holds_title or change.begins_title)
        if (
            title.relation is TitleRelation.DIFFERENT
            and not work.text.title_found
            and not cut_or_run_on
        ):
            problems.append(Problem("title", TITLE_DIFFERS, Severity.ERROR))
        elif (
            title.relation is not TitleRelation.DIFFERENT and change is not None and change.changed
        ):
            problems.append(Problem("title", _title_change_text(change), Severity.ERROR))
    if year is not None and year.relation is YearRelation.DIFFERENT:
        problems.append(
            Problem(
                "year",
                f"year {year.claimed}, the record says {_years(year.record_years)}",
                Severity.WARNING,
            )
        )
    if year is None and record.years and (given := _other_years(work.text, record)):
        problems.append(
            Problem(
                "year",
                f"the entry gives {'/'.join(map(str, given))}, "
                f"the record says {_years(record.years)}",
                Severity.WARNING,
            )
        )
    if journal is not None and journal.relation is JournalRelation.DIFFERENT:
        problems.append(
            Problem("venue", f"journal {journal.claimed!r} is not the record's", Severity.WARNING)
        )
    if comparison.volume_matches is False:
        problems.append(Problem("volume", "the volume differs", Severity.WARNING))
    if comparison.pages_match is False:
        problems.append(Problem("pages", "the pages differ", Severity.WARNING))
    return tuple(p for p in problems if not _misread(p, claims, work.text, record))


def _misread(problem: Problem, claims: Claims, text: TextEvidence, record: Record) -> bool:
    """Whether the entry's own text gives the record's value for the field
    the problem is about: then the reader cut the entry wrongly, and the
    difference is no claim of the entry's (never accuse on a field that
    could not be read). Authors left out are exempt: that finding already
    rests on names that match."""
    first_page = _first_page(record.pages or record.article_number)
    if problem.field == "authors":
        # Only when no claimed name matched, or the first did not: names
        # that partly match show the list was read, and its strangers stand.
        return text.names_first_authors and problem.text in (NO_AUTHOR_MATCHES, FIRST_DIFFERS)
    if problem.field == "title":
        # A title read as another one while the record's stands in the text;
        # a changed title ("adds ...") rests on words that were read.
        # The title word for word in the entry: whatever was read is a misreading.
        return text.title_verbatim or (
            problem.text == TITLE_DIFFERS and (text.title_found or text.title_begins)
        )
    if problem.field == "year":
        return text.year_found
    if problem.field == "venue":
        return any(text.holds(name) for name in (record.journal, *record.journal_abbreviations))
    # Another of the record's numbers read as the volume or the pages (the
    # issue, the year, the first page: an entry that gives no volume or no
    # pages) is a misreading, not a claim.
    numbers = {record.volume, record.issue, first_page, *(str(y) for y in record.years)}
    if problem.field == "volume":
        return text.holds(record.volume) or (claims.volume or "").strip() in numbers - {
            record.volume
        }
    if problem.field == "pages":
        return text.holds(first_page) or _first_page(claims.pages) in numbers - {first_page}
    return False


# Initials read as a name (Y.-Y., MAGJ) or a particle left alone (de.):
# what a reader that cut the list wrongly makes, never a person's surname.
_INITIALS = re.compile(r"(?:[A-Z][.\-\s]*){1,4}|[a-z]{1,3}\.?")


def _not_a_surname(name: str, record: Record) -> bool:
    """Whether a claimed "author" the record lacks is a misreading rather
    than a stranger: initials, a lone particle, words of the record's own
    title ("Water", "LIVER"), or a given name of one of its authors (a list
    written given name first)."""
    if _INITIALS.fullmatch(name.strip()):
        return True
    words = normalise(name).split()
    known = _record_vocabulary(record)
    return bool(words) and all(w in known for w in words)


def _record_vocabulary(record: Record) -> frozenset[str]:
    names = " ".join(f"{a.given} {a.family}" for a in record.authors)
    return frozenset(normalise(f"{record.title or ''} {record.subtitle or ''} {names}").split())


def _group_for_people(claims: Claims, record: Record) -> bool:
    """Whether the entry names a group where the record lists its people
    (or the other way round): their first authors cannot be compared."""
    first = claims.first_author
    return (
        first is not None
        and bool(record.authors)
        and first.is_organisation != record.authors[0].is_organisation
    )


def _other_years(text: TextEvidence, record: Record) -> tuple[int, ...]:
    """The years an entry whose year was not read gives, when none of them
    is within a year of the record's; () when it gives none or one fits.
    Years inside the record's title are no claims."""
    title_years = {int(w) for w in normalise(record.title or "").split() if w.isdigit()}
    given = tuple(y for y in text.years_given if y not in title_years)
    if not given or any(abs(y - r) <= 1 for y in given for r in record.years):
        return ()
    return given


def _first_page(pages: str | None) -> str:
    return re.split(r"[-–—]", pages or "", maxsplit=1)[0].strip()


def _title_change_text(change: TitleChange) -> str:
    parts = []
    if change.added_inside:
        parts.append(f"adds {', '.join(repr(w) for w in change.added_inside)}")
    if change.dropped_inside:
        parts.append(f"leaves out {', '.join(repr(w) for w in change.dropped_inside)}")
    return f"the title is not the record's: it {' and '.join(parts)}"


def _notes(claims: Claims, work: SameWork, record: Record) -> list[str]:
    comparison = work.comparison
    authors, year, title, journal = (
        comparison.authors,
        comparison.year,
        comparison.title,
        comparison.journal,
    )
    notes: list[str] = []
    if authors is not None and authors.soft and authors.matched:
        notes.append("an author's name is spelled differently (transliteration)")
    if year is not None and year.relation is YearRelation.OFF_BY_ONE:
        notes.append(f"year {year.claimed} is one off the record's {_years(year.record_years)}")
    weak = title is not None and title.kind is TitleKind.DESCRIPTION
    changed = work.title_change is not None and work.title_change.changed
    if title is not None and (weak or not changed):
        if title.relation is TitleRelation.ABRIDGED:
            notes.append("title abridged")
        elif title.relation is TitleRelation.PARAPHRASED:
            notes.append("title paraphrased")
        elif title.relation is TitleRelation.DIFFERENT and weak:
            notes.append("the description shares little with the title")
        elif title.relation is TitleRelation.DIFFERENT and work.title_change is not None:
            if work.title_change.holds_title:
                notes.append("the title was read together with what follows it")
            elif work.title_change.begins_title:
                notes.append("title abridged")
            elif work.text.title_found:
                notes.append("the title was read wrongly; the record's title is in the entry")
    if journal is not None:
        # An abbreviation the record itself lists (ISO, NLM) is the journal's
        # own short name, as Vancouver entries write it: no note for that.
        official = {normalise(a) for a in record.journal_abbreviations}
        if (
            journal.relation is JournalRelation.ABBREVIATION
            and normalise(journal.claimed) not in official
        ):
            notes.append("journal abbreviated")
    return notes


def _years(years: tuple[int, ...]) -> str:
    return "/".join(str(y) for y in years) or "no year"
