"""The JATS reader: references, in-text xrefs and identifiers of a JATS article."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.models import (
    Author,
    Citation,
    CitationStyle,
    Claims,
    Document,
    Entry,
    EntryRole,
    Format,
    IdType,
    Location,
)
from citecheck.parsing import jats
from citecheck.parsing.source import Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jats"


def load(name: str) -> Source:
    path = FIXTURES / name
    return Source(path=str(path), text=path.read_text(encoding="utf-8"), sha256="def", size=7)


def parse_text(text: str) -> Document:
    return jats.parse(Source(path="inline.xml", text=text))


def text_at(source: Source, location: Location | None) -> str:
    """The source text from ``location`` to the end of its line."""
    assert location is not None
    line = source.text.split("\n")[location.line - 1]
    return line[location.column - 1 :]


def entry(document: Document, label: str) -> Entry:
    return next(e for e in document.entries if e.label == label)


def ids(item: Entry) -> list[str]:
    return [str(identifier) for identifier in item.identifiers]


@pytest.fixture(scope="module")
def source() -> Source:
    return load("article.xml")


@pytest.fixture(scope="module")
def article(source: Source) -> Document:
    return jats.parse(source)


@pytest.fixture(scope="module")
def springer() -> Document:
    return jats.parse(load("no-doctype.xml"))


# --- The document and its entries ---------------------------------------------------------


def test_document_identity_comes_from_the_source(article: Document) -> None:
    assert article.path.endswith("article.xml")
    assert article.format is Format.JATS
    assert (article.sha256, article.size) == ("def", 7)
    assert article.links == ()


def test_every_ref_of_every_ref_list_is_an_entry(article: Document) -> None:
    assert [e.label for e in article.entries] == [f"B{n}" for n in range(1, 10)]
    assert [e.number for e in article.entries] == list(range(1, 10))
    assert [e.aliases for e in article.entries] == [(str(n),) for n in range(1, 10)]
    assert all(e.role is EntryRole.REFERENCE for e in article.entries)


def test_entry_locations_are_the_ref_start_tags(article: Document, source: Source) -> None:
    first, nested = entry(article, "B1"), entry(article, "B9")
    assert (first.location, first.end_line) == (Location(33, 7), 51)
    assert (nested.location, nested.end_line) == (Location(145, 9), 162)
    for item in article.entries:
        assert text_at(source, item.location).startswith(f'<ref id="{item.label}">')


def test_reference_heading_is_the_ref_list_title(article: Document) -> None:
    assert article.reference_heading == Location(32, 7)


def test_raw_is_the_folded_text_of_the_ref(article: Document) -> None:
    assert entry(article, "B2").raw.startswith(
        "2 Jumper J, Evans R, Pritzel A, et al. Highly accurate protein structure prediction"
        " with AlphaFold. Nature. 2021;596(7873):583–589."
    )
    assert entry(article, "B1").raw.startswith("1 LeCun Y Bengio Y Hinton G Deep learning Nature")


# --- Claims -----------------------------------------------------------------------------------


def test_element_citation_claims(article: Document) -> None:
    assert entry(article, "B1").claims == Claims(
        authors=(Author("LeCun", "Y"), Author("Bengio", "Y"), Author("Hinton", "G")),
        year=2015,
        title="Deep learning",
        journal="Nature",
        volume="521",
        issue="7553",
        pages="436–444",
    )


def test_mixed_citation_with_markup_and_etal(article: Document) -> None:
    claims = entry(article, "B2").claims
    assert [a.family for a in claims.authors] == ["Jumper", "Evans", "Pritzel"]
    assert claims.et_al
    assert claims.title == "Highly accurate protein structure prediction with AlphaFold"
    assert (claims.journal, claims.year, claims.pages) == ("Nature", 2021, "583–589")


def test_collab_is_an_organisation_and_a_book_source_its_title(article: Document) -> None:
    claims = entry(article, "B3").claims
    assert claims.authors == (Author("World Health Organization", is_organisation=True),)
    assert claims.title == "Global tuberculosis report 2023"
    assert claims.journal is None
    assert ids(entry(article, "B3")) == ["isbn:9789240083851"]


def test_plain_string_names(article: Document) -> None:
    claims = entry(article, "B4").claims
    assert claims.authors == (Author("Hinton", "GE"), Author("Salakhutdinov", "RR"))
    assert claims.pages == "504–507"


def test_text_only_mixed_citation_claims_nothing(article: Document) -> None:
    watson = entry(article, "B5")
    assert watson.claims == Claims()
    assert ids(watson) == ["doi:10.1038/171737a0"]


def test_editors_are_not_authors_and_a_chapter_has_its_own_title(article: Document) -> None:
    claims = entry(article, "B6").claims
    assert [a.family for a in claims.authors] == ["Rumelhart", "Hinton", "Williams"]
    assert claims.title == "Learning internal representations by error propagation"
    assert claims.journal is None
    assert (claims.year, claims.volume, claims.pages) == (1986, "1", "318–362")


def test_etal_element_in_an_element_citation(article: Document) -> None:
    claims = entry(article, "B7").claims
    assert claims.et_al
    assert claims.authors == (Author("Vaswani", "A"), Author("Shazeer", "N"))


def test_elocation_id_stands_for_pages(article: Document) -> None:
    assert entry(article, "B8").claims.pages == "e124"


def test_citation_alternatives_claims_from_the_element_citation(springer: Document) -> None:
    singer = entry(springer, "CR1")
    assert [a.family for a in singer.claims.authors] == ["Singer", "Deutschman", "Seymour"]
    assert singer.claims.et_al
    assert singer.claims.pages == "801–810"
    assert ids(singer) == ["doi:10.1001/jama.2016.0287"]
    # raw shows one alternative, the one written for people
    assert singer.raw == (
        "1. Singer M, Deutschman CS, Seymour CW, et al. The Third International Consensus"
        " Definitions for Sepsis and Septic Shock (Sepsis-3). JAMA. 2016;315(8):801–10."
    )


def test_string_names_with_parts_and_et_al_written_as_text(springer: Document) -> None:
    claims = entry(springer, "CR2").claims
    assert claims.authors == (Author("Rudd", "KE"), Author("Johnson", "SC"))
    assert claims.et_al
    assert claims.pages == "200–11"
    assert claims.title is not None and claims.title.endswith("Global Burden of Disease Study")


def test_nlm_citation_with_names_directly_inside(springer: Document) -> None:
    claims = entry(springer, "CR3").claims
    assert claims.authors == (Author("Kumar", "A"), Author("Roberts", "D"))
    assert claims.journal == "Crit Care Med"
    assert ids(entry(springer, "CR3")) == ["pmid:16625125"]


def test_year_inside_a_date(springer: Document) -> None:
    assert entry(springer, "CR4").claims.year == 2019


def test_labels_with_dots_become_aliases_and_numbers(springer: Document) -> None:
    assert [(e.label, e.aliases, e.number) for e in springer.entries[:2]] == [
        ("CR1", ("1",), 1),
        ("CR2", ("2",), 2),
    ]


def test_ref_without_id_is_labelled_by_its_label_or_position() -> None:
    document = parse_text(
        "<article><back><ref-list>"
        "<ref><label>[7]</label><mixed-citation>Seven.</mixed-citation></ref>"
        "<ref><mixed-citation>Unlabelled.</mixed-citation></ref>"
        '<ref id="x"><label>a</label><mixed-citation>Lettered.</mixed-citation></ref>'
        "</ref-list></back></article>"
    )
    assert [(e.label, e.aliases, e.number) for e in document.entries] == [
        ("7", (), 7),
        ("2", (), 2),
        ("x", ("a",), 3),
    ]


# --- Identifiers ------------------------------------------------------------------------------


def test_pub_ids_of_every_type(article: Document) -> None:
    assert ids(entry(article, "B1")) == ["doi:10.1038/nature14539", "pmid:26017442"]
    assert ids(entry(article, "B2")) == [
        "doi:10.1038/s41586-021-03819-2",
        "pmid:34265844",
        "pmcid:PMC8371605",
    ]
    assert ids(entry(article, "B7")) == ["arxiv:1706.03762"]
    assert ids(entry(article, "B8")) == [
        "doi:10.1371/journal.pmed.0020124",
        "pmid:16060722",
        "pmcid:PMC1182327",
    ]


def test_identifier_locations(article: Document, source: Source) -> None:
    doi, pmid = entry(article, "B1").identifiers
    assert doi.location == Location(48, 37)
    assert text_at(source, doi.location).startswith("10.1038/nature14539</pub-id>")
    assert text_at(source, pmid.location).startswith("26017442</pub-id>")
    # found by scanning a text-only citation: the exact place in its text
    [scanned] = entry(article, "B5").identifiers
    assert text_at(source, scanned.location).startswith("doi:10.1038/171737a0</mixed")


def test_ext_link_with_namespaced_href(article: Document, source: Source) -> None:
    hinton = entry(article, "B4")
    assert ids(hinton) == ["doi:10.1126/science.1127647"]
    assert hinton.url == "https://doi.org/10.1126/science.1127647"
    assert text_at(source, hinton.identifiers[0].location).startswith("<ext-link")


def test_ext_link_with_a_bare_doi_href(springer: Document) -> None:
    rivers = entry(springer, "CR5")
    assert ids(rivers) == ["doi:10.1056/NEJMoa010307"]
    assert rivers.url is None  # a bare DOI is no address


def test_malformed_pub_id_is_a_problem(springer: Document) -> None:
    assert entry(springer, "CR4").identifiers == ()
    [problem] = springer.identifier_problems
    assert (problem.type, problem.raw) == (IdType.DOI, "10.1234/")
    assert problem.location == Location(62, 39)


# --- Citations ----------------------------------------------------------------------------------


def test_bibr_xrefs_are_citations(article: Document, source: Source) -> None:
    markers = [(c.marker, c.labels) for c in article.citations]
    assert markers == [
        ("1", ("B1",)),
        ("2,3", ("B2", "B3")),
        ("4–7", ("B4", "B5", "B6", "B7")),
        ("7", ("B7",)),
        ("8", ("B8",)),
        ("9", ("B9",)),
    ]
    assert all(c.style is CitationStyle.XREF for c in article.citations)
    assert article.citations[0] == Citation(
        marker="1", location=Location(22, 23), style=CitationStyle.XREF, labels=("B1",)
    )
    for citation in article.citations:
        assert text_at(source, citation.location).startswith('<xref ref-type="bibr"')


def test_citations_on_several_lines(springer: Document) -> None:
    assert [(c.location.line, c.labels) for c in springer.citations] == [
        (6, ("CR1",)),
        (6, ("CR2",)),
        (7, ("CR3", "CR4")),
        (8, ("CR5",)),
    ]


def test_range_is_expanded_only_between_known_refs_in_order() -> None:
    refs = "".join(
        f'<ref id="r{n}"><mixed-citation>Ref {n}.</mixed-citation></ref>' for n in range(5)
    )
    document = parse_text(
        "<article><body><p>"
        '<xref ref-type="bibr" rid="r3">4</xref>-<xref ref-type="bibr" rid="r1">2</xref>'
        ' and <xref ref-type="bibr" rid="r0">1</xref> – <xref ref-type="bibr" rid="zz">9</xref>'
        ' and <xref ref-type="bibr" rid="r2">3</xref>, <xref ref-type="bibr" rid="r4">5</xref>'
        f"</p></body><back><ref-list>{refs}</ref-list></back></article>"
    )
    assert [c.labels for c in document.citations] == [
        ("r3",),
        ("r1",),
        ("r0",),
        ("zz",),
        ("r2",),
        ("r4",),
    ]


def test_xrefs_inside_the_reference_list_are_not_citations() -> None:
    document = parse_text(
        '<article><back><ref-list><ref id="a"><mixed-citation>See <xref ref-type="bibr" rid="b">b'
        '</xref>.</mixed-citation></ref><ref id="b"><mixed-citation>B.</mixed-citation></ref>'
        "</ref-list></back></article>"
    )
    assert document.citations == ()
    assert [e.label for e in document.entries] == ["a", "b"]


# --- Running text -----------------------------------------------------------------------------------


def test_text_identifiers_come_from_body_and_abstract_only(
    article: Document, source: Source
) -> None:
    found = article.text_identifiers
    assert [str(i) for i in found] == ["nct:NCT04280705", "nct:NCT04280705"]
    assert [i.location.line for i in found if i.location] == [15, 26]
    for identifier in found:
        assert text_at(source, identifier.location).startswith("NCT04280705")
    assert article.identifier_problems == ()


# --- Entities and namespaces ------------------------------------------------------------------------
# DTD and entity safety, encodings, offsets and the depth limit belong to the
# element tree: see test_xmltree.py.


def test_html_entities_without_a_dtd_do_not_fail(springer: Document) -> None:
    # no-doctype.xml uses &nbsp; before its first citation
    assert len(springer.citations) == 4
    document = parse_text(
        '<article><back><ref-list><ref id="a"><mixed-citation>A&nbsp;B &ndash; C&hellip;'
        "&unknownentity;D</mixed-citation></ref></ref-list></back></article>"
    )
    assert document.entries[0].raw == "A B – C…D"


def test_namespace_prefixes_are_ignored() -> None:
    document = parse_text(
        '<j:article xmlns:j="http://jats.nlm.nih.gov" xmlns:x="http://www.w3.org/1999/xlink">'
        '<j:body><j:p>See<j:xref ref-type="bibr" rid="a">1</j:xref>.</j:p></j:body>'
        '<j:back><j:ref-list><j:ref id="a"><j:element-citation publication-type="journal">'
        "<j:article-title>Title</j:article-title>"
        '<j:ext-link x:href="https://doi.org/10.1038/nature14539">link</j:ext-link>'
        "</j:element-citation></j:ref></j:ref-list></j:back></j:article>"
    )
    assert [c.labels for c in document.citations] == [("a",)]
    assert document.entries[0].claims.title == "Title"
    assert ids(document.entries[0]) == ["doi:10.1038/nature14539"]


# --- Broken XML ------------------------------------------------------------------------------------------


def test_truncated_file_keeps_what_was_read() -> None:
    document = jats.parse(load("truncated.xml"))
    assert [c.labels for c in document.citations] == [("ref-1",), ("ref-2",)]
    first, cut = document.entries
    assert first.claims.title == "Attention is all you need"
    assert first.claims.journal == "Advances in Neural Information Processing Systems 30"
    assert first.aliases == ("1",)
    assert cut.label == "ref-2"
    assert cut.location == Location(24, 7)
    assert cut.end_line is None
    assert cut.claims.authors == (Author("Hochreiter", "Sepp"), Author("Schmidhuber", "Jürgen"))
    assert cut.claims.title is None  # cut off mid-title: no claim rather than a wrong one
    assert document.reference_heading == Location(9, 7)


def test_error_before_the_reference_list_keeps_the_citations_read() -> None:
    document = jats.parse(load("mismatched.xml"))
    assert [c.labels for c in document.citations] == [("R1",)]
    assert document.entries == ()
    assert document.reference_heading is None


@pytest.mark.parametrize("text", ["", "not xml at all", "<", "<article>", "\x00", "<a>&#0;</a>"])
def test_garbage_gives_an_empty_document(text: str) -> None:
    document = parse_text(text)
    assert (document.entries, document.citations) == ((), ())


# --- Never raises ------------------------------------------------------------------------------------------

XML_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "/",
        "&",
        ";",
        '"',
        "=",
        " ",
        "\n",
        "ref",
        "ref-list",
        "xref",
        'ref-type="bibr"',
        'rid="B1 B2"',
        'id="B1"',
        "label",
        "mixed-citation",
        "element-citation",
        "person-group",
        "name",
        "surname",
        "collab",
        "etal",
        "year",
        "pub-id",
        'pub-id-type="doi"',
        "10.1038/nature14539",
        "&nbsp;",
        "–",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE a [",
        "<!ENTITY e 'x'>",
        "é",
    ]
)
xml_like = st.lists(XML_PIECES, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), xml_like))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert parse_text(text).format is Format.JATS


ARTICLE_TEXT = load("article.xml").text


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(ARTICLE_TEXT)),
    st.integers(min_value=0, max_value=40),
    st.one_of(st.text(max_size=40), xml_like),
)
def test_text_spliced_into_a_valid_file_never_raises(at: int, cut: int, insert: str) -> None:
    document = parse_text(ARTICLE_TEXT[:at] + insert + ARTICLE_TEXT[at + cut :])
    for item in document.entries:
        assert item.location.line >= 1
