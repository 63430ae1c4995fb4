"""The persistent lookup cache: services' answers kept in SQLite between runs.

:class:`CacheStore` reads and writes :class:`~citecheck.models.Lookup` values
by identifier and service; :class:`CachePolicy` says how long they stay fresh.
"""

from citecheck.cache.codec import CODEC_VERSION, record_from_dict, record_to_dict
from citecheck.cache.store import (
    DEFAULT_POLICY,
    CacheCount,
    CachePolicy,
    CacheStats,
    CacheStore,
    default_cache_path,
    is_damaged,
    set_aside,
)
from citecheck.errors import CacheError

__all__ = [
    "CODEC_VERSION",
    "DEFAULT_POLICY",
    "CacheCount",
    "CacheError",
    "CachePolicy",
    "CacheStats",
    "CacheStore",
    "default_cache_path",
    "is_damaged",
    "record_from_dict",
    "record_to_dict",
    "set_aside",
]
