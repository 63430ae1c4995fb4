"""citecheck: find every citation in an article and check it against the real record."""

__version__ = "0.1.0"
