"""Deciding what a reference's record says about it.

The judge puts an entry (its parsed claims and its raw text) beside the
record its identifier resolves to and decides one verdict:

- :mod:`~citecheck.judge.evidence` reads the raw entry text for the
  record's title, surnames and year, whatever the parser made of it, and
  tells a changed title from an abridged one;
- :mod:`~citecheck.judge.samework` combines every piece of evidence into
  one calibrated probability that the entry and the record are the same
  work (the weights are fitted by ``scripts/fit_samework.py``).

:mod:`citecheck.verdicts` turns those into verdicts and findings.
"""
