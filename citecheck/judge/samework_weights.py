"""Weights of the same-work model. Written by scripts/fit_samework.py; do not edit.

Fitted on 3852 labelled pairs (seed 7) built from the dev half of the real
Crossref and PubMed records in ../shared/data/real-records (their sources are listed
in that folder's README); the records themselves are not part of citecheck.
"""

BIAS = -2.749054

WEIGHTS = (
    -0.227860,  # title_stated,
    0.426282,  # title_ratio,
    1.432460,  # title_best,
    -2.570284,  # title_added,
    0.943507,  # title_dropped,
    1.280101,  # title_description,
    -0.483914,  # authors_stated,
    0.432949,  # authors_precision,
    -0.093155,  # authors_first,
    -0.247544,  # authors_none,
    1.010317,  # first_author_and_year,
    0.398491,  # year_stated,
    -2.528643,  # year_delta,
    -0.872992,  # venue_stated,
    0.406005,  # venue_same,
    -0.123798,  # volume_stated,
    0.749949,  # volume_same,
    -0.625799,  # pages_stated,
    1.316598,  # pages_same,
    4.057562,  # text_title_coverage,
    1.888312,  # text_title_found,
    0.956445,  # text_surnames,
    -1.292188,  # text_no_surname,
    0.167220,  # text_wordy
)

THRESHOLD = 0.5075
"""Below this probability the entry is another work (0.5 % of genuine dev pairs)."""
