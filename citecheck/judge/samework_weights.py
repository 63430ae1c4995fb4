"""Weights of the same-work model. Written by scripts/fit_samework.py; do not edit.

Fitted on 3852 labelled pairs (seed 7) built from the dev half of the real
Crossref and PubMed records in ../shared/data/real-records (their sources are listed
in that folder's README); the records themselves are not part of citecheck.
"""

BIAS = -2.697659

WEIGHTS = (
    -0.156737,  # title_stated,
    0.367778,  # title_ratio,
    1.565427,  # title_best,
    -2.647196,  # title_added,
    0.208712,  # title_dropped,
    1.426386,  # title_description,
    -0.473148,  # authors_stated,
    0.437392,  # authors_precision,
    -0.079567,  # authors_first,
    -0.247704,  # authors_none,
    1.068171,  # first_author_and_year,
    0.400828,  # year_stated,
    -2.564363,  # year_delta,
    -0.905556,  # venue_stated,
    0.361800,  # venue_same,
    -0.124025,  # volume_stated,
    0.708895,  # volume_same,
    -0.638927,  # pages_stated,
    1.254723,  # pages_same,
    4.094346,  # text_title_coverage,
    1.867523,  # text_title_found,
    0.895339,  # text_surnames,
    -1.310768,  # text_no_surname,
    0.149817,  # text_wordy
)

THRESHOLD = 0.5068
"""Below this probability the entry is another work (0.5 % of genuine dev pairs)."""
