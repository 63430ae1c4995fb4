"""Weights of the same-work model. Written by scripts/fit_samework.py; do not edit.

Fitted on 3852 labelled pairs (seed 7) built from the dev half of the real
Crossref and PubMed records in ../shared/data/real-records (their sources are listed
in that folder's README); the records themselves are not part of citecheck.
"""

BIAS = -2.746320

WEIGHTS = (
    -0.193074,  # title_stated,
    0.421893,  # title_ratio,
    1.493935,  # title_best,
    -2.579507,  # title_added,
    0.736992,  # title_dropped,
    1.341261,  # title_description,
    -0.476830,  # authors_stated,
    0.438414,  # authors_precision,
    -0.081374,  # authors_first,
    -0.249787,  # authors_none,
    1.024378,  # first_author_and_year,
    0.409231,  # year_stated,
    -2.561170,  # year_delta,
    -0.901902,  # venue_stated,
    0.387867,  # venue_same,
    -0.117610,  # volume_stated,
    0.719839,  # volume_same,
    -0.642448,  # pages_stated,
    1.276378,  # pages_same,
    4.154595,  # text_title_coverage,
    1.801703,  # text_title_found,
    0.925523,  # text_surnames,
    -1.306328,  # text_no_surname,
    0.179891,  # text_wordy
)

THRESHOLD = 0.5124
"""Below this probability the entry is another work (0.5 % of genuine dev pairs)."""
