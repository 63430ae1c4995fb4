"""Deciding what a reference's record says about it.

The judge puts an entry (its parsed claims and its raw text) beside the
records its identifiers resolve to and decides one verdict:

- :mod:`~citecheck.judge.evidence` reads the raw entry text for the
  record's title, surnames and year, whatever the parser made of it, and
  tells a changed title from an abridged one;
- :mod:`~citecheck.judge.samework` combines every piece of evidence into
  one calibrated probability that the entry and the record are the same
  work (the weights, :mod:`~citecheck.judge.samework_weights`, are fitted
  by ``scripts/fit_samework.py``);
- :mod:`~citecheck.judge.assessment` decides, from that evidence, whether
  the entry is the record's work and which of its details are wrong;
- :mod:`~citecheck.judge.verdicts` puts the lookups of an entry's
  identifiers together into its one verdict and finding;
- :mod:`~citecheck.judge.checks` finds what a document gets wrong before any
  lookup (dangling markers, uncited entries, duplicates, a missing list);
- :mod:`~citecheck.judge.crosscheck` finds identifiers of one entry that
  name different works, :mod:`~citecheck.judge.corpus` claims that differ
  across the documents of a corpus.
"""
