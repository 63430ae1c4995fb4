"""Weights of the same-work model. Written by scripts/fit_samework.py; do not edit.

Fitted on 3852 labelled pairs (seed 7) built from the dev half of the real
Crossref and PubMed records in ../shared/data/real-records (their sources are listed
in that folder's README); the records themselves are not part of citecheck.
"""

BIAS = -2.734838

WEIGHTS = (
    -0.173921,  # title_stated,
    0.406226,  # title_ratio,
    1.518377,  # title_best,
    -2.588741,  # title_added,
    0.608045,  # title_dropped,
    1.374687,  # title_description,
    -0.473881,  # authors_stated,
    0.441445,  # authors_precision,
    -0.078910,  # authors_first,
    -0.248968,  # authors_none,
    1.037934,  # first_author_and_year,
    0.413271,  # year_stated,
    -2.568214,  # year_delta,
    -0.907351,  # venue_stated,
    0.378176,  # venue_same,
    -0.116293,  # volume_stated,
    0.709607,  # volume_same,
    -0.645622,  # pages_stated,
    1.265025,  # pages_same,
    4.151499,  # text_title_coverage,
    1.800604,  # text_title_found,
    0.912954,  # text_surnames,
    -1.309974,  # text_no_surname,
    0.176933,  # text_wordy
)

THRESHOLD = 0.5114
"""Below this probability the entry is another work (0.5 % of genuine dev pairs)."""
