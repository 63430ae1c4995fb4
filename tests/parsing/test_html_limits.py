"""HTML that html.parser reads in quadratic time is read in linear time,
with what a reader sees of it kept (issue 10: 200 KB of ``<a href='``
took 52 s, of ``<!--`` 18 s)."""

from __future__ import annotations

import time

from citecheck.models import Document
from citecheck.parsing import html
from citecheck.parsing.source import Source

SECONDS = 5.0


def read_timed(text: str) -> tuple[Document, float]:
    start = time.monotonic()
    document = html.parse(Source(path="page.html", text=text))
    return document, time.monotonic() - start


def dois(document: Document) -> list[str]:
    return [i.value for i in document.text_identifiers]


def test_text_after_the_last_tag_is_read_as_text_in_linear_time() -> None:
    text = "<p>See doi:10.1234/before</p>" + "<a href='" * 25_000 + " doi:10.1234/after &amp; more"
    document, seconds = read_timed(text)
    assert seconds < SECONDS
    assert dois(document) == ["10.1234/before", "10.1234/after"]


def test_an_unclosed_comment_hides_the_rest_of_the_page_as_in_a_browser() -> None:
    text = "<p>doi:10.1234/shown</p><!-- doi:10.1234/hidden <p>" + "<!--" * 50_000
    document, seconds = read_timed(text)
    assert seconds < SECONDS
    assert dois(document) == ["10.1234/shown"]


def test_tags_that_never_end_cost_a_bounded_search_each() -> None:
    # Every ">" is quoted: no tag after the paragraph ends.
    text = "<p>doi:10.1234/before</p>" + "<a b='>' " * 22_000
    document, seconds = read_timed(text)
    assert seconds < SECONDS
    assert dois(document) == ["10.1234/before"]


def test_a_tag_longer_than_the_search_window_is_still_a_tag() -> None:
    image = "<img src='data:image/png;base64," + "QUJD" * 50_000 + "'>"
    document, _ = read_timed(f"<p>doi:10.1234/one</p>{image}<p>doi:10.1234/two</p>")
    assert dois(document) == ["10.1234/one", "10.1234/two"]
