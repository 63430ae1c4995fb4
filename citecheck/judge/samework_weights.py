"""Weights of the same-work model. Written by scripts/fit_samework.py; do not edit.

Fitted on 3852 labelled pairs (seed 7) built from the dev half of the real
Crossref and PubMed records in ../shared/data/real-records (their sources are listed
in that folder's README); the records themselves are not part of citecheck.
"""

BIAS = -2.697309

WEIGHTS = (
    -0.156275,  # title_stated,
    0.368063,  # title_ratio,
    1.565612,  # title_best,
    -2.646691,  # title_added,
    0.209058,  # title_dropped,
    1.426594,  # title_description,
    -0.473109,  # authors_stated,
    0.436725,  # authors_precision,
    -0.079885,  # authors_first,
    -0.247576,  # authors_none,
    1.068831,  # first_author_and_year,
    0.399914,  # year_stated,
    -2.567664,  # year_delta,
    -0.904819,  # venue_stated,
    0.362074,  # venue_same,
    -0.125341,  # volume_stated,
    0.709574,  # volume_same,
    -0.638369,  # pages_stated,
    1.254636,  # pages_same,
    4.094294,  # text_title_coverage,
    1.868072,  # text_title_found,
    0.895642,  # text_surnames,
    -1.310118,  # text_no_surname,
    0.148597,  # text_wordy
)

THRESHOLD = 0.5068
"""Below this probability the entry is another work (0.5 % of genuine dev pairs)."""
