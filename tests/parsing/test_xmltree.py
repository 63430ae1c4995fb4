"""The XML element tree: offsets, entity and DTD safety, depth limit, broken XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.parsing.xmltree import MAX_DEPTH, Node, Text, outermost, parse_xml, walk

# An outline of a tree: (tag, offset, end, children) for an element and
# (text, offset, exact) for character data.
Outline = list[tuple[object, ...]]


def outline(node: Node) -> Outline:
    return [
        (child.tag, child.offset, child.end, outline(child))
        if isinstance(child, Node)
        else (child.text, child.offset, child.exact)
        for child in node.children
    ]


def depth(root: Node) -> int:
    """The number of element levels below ``root``."""
    deepest = 0
    for node in walk(root):
        level, parent = 1, node.parent
        while parent is not None and parent is not root:
            level, parent = level + 1, parent.parent
        deepest = max(deepest, level)
    return deepest


# --- The tree and its offsets ----------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<a/>", [("a", 0, 4, [])]),
        (
            "<a>t<b>u</b>v</a>",
            [("a", 0, 13, [("t", 3, True), ("b", 4, 8, [("u", 7, True)]), ("v", 12, True)])],
        ),
        ("<?pi x?><a>t</a>", [("a", 8, 12, [("t", 11, True)])]),
        ("<a>one<!-- c -->two</a>", [("a", 0, 19, [("one", 3, True), ("two", 16, True)])]),
        (
            "<a>x<![CDATA[<y>]]>z</a>",
            [("a", 0, 20, [("x", 3, True), ("<y>", 13, True), ("z", 19, True)])],
        ),
        # a character reference is not the text it stands for: not exact
        (
            "<a>&lt;&#233;&#x263A;</a>",
            [("a", 0, 21, [("<", 3, False), ("é", 7, False), ("☺", 13, False)])],
        ),
    ],
)
def test_elements_and_text_keep_their_offsets(xml: str, expected: Outline) -> None:
    root = parse_xml(xml)
    assert (root.tag, root.parent) == ("#document", None)
    assert outline(root) == expected


@pytest.mark.parametrize("before", ["é", "—", "“quoted”", "😀", "中文", "Ünïcödé — “q”"])
def test_offsets_count_characters_not_bytes(before: str) -> None:
    [p] = parse_xml(f"<p>{before}<x/>{before}<y/></p>").elements()
    assert [(n.tag, n.offset) for n in p.elements()] == [
        ("x", 3 + len(before)),
        ("y", 3 + 2 * len(before) + 4),
    ]


def test_declared_encoding_does_not_garble_decoded_text() -> None:
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<a>Gödel — Über<b/></a>'
    assert outline(parse_xml(xml)) == [
        ("a", 44, 63, [("Gödel — Über", 47, True), ("b", 59, 63, [])])
    ]


def test_names_are_local_and_attributes_kept_under_both_names() -> None:
    [article] = parse_xml(
        '<j:article xmlns:j="urn:j" xmlns:x="urn:x"><j:ext-link x:href=" https://a.org ">'
        "</j:ext-link></j:article>"
    ).elements()
    [link] = article.elements()
    assert (article.tag, link.tag) == ("article", "ext-link")
    assert link.attrs == {"x:href": " https://a.org ", "href": " https://a.org "}
    assert link.attr("href") == "https://a.org"
    assert link.attr("missing") == ""


def test_children_know_their_parent_and_position() -> None:
    [a] = parse_xml("<a>t<b/>u<c/><b>second</b></a>").elements()
    assert [(n.tag, n.index) for n in a.elements()] == [("b", 1), ("c", 3), ("b", 4)]
    assert all(n.parent is a for n in a.elements())
    first = a.child("b")
    assert first is not None and first.index == 1
    assert a.child("missing") is None
    assert isinstance(a.children[0], Text)


# --- Walking the tree ------------------------------------------------------------------

TREE = "<r><a><b/><c><b/></c></a><d><b/></d></r>"


def test_walk_yields_descendants_in_document_order() -> None:
    [r] = parse_xml(TREE).elements()
    assert [n.tag for n in walk(r)] == ["a", "b", "c", "b", "d", "b"]
    assert [n.tag for n in walk(r, lambda n: n.tag == "c")] == ["a", "b", "d", "b"]


def test_outermost_does_not_look_inside_what_it_found_or_pruned() -> None:
    [r] = parse_xml(TREE).elements()
    assert [n.offset for n in outermost(r, frozenset({"b", "c"}))] == [6, 10, 28]
    assert [n.offset for n in outermost(r, frozenset({"b"}), frozenset({"a"}))] == [28]


# --- Entities and DTDs -----------------------------------------------------------------


def test_html_entities_without_a_dtd_become_their_characters() -> None:
    [a] = parse_xml("<a>A&nbsp;B&ndash;&unknownentity;C</a>").elements()
    assert outline(a) == [
        ("A", 3, True),
        ("\xa0", 4, False),
        ("B", 10, True),
        ("–", 11, False),
        ("C", 33, True),
    ]


def test_external_dtd_and_entities_are_never_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    dtd = tmp_path / "article.dtd"
    dtd.write_text('<!ENTITY custom "FROM-THE-DTD">', encoding="utf-8")
    prolog = f'<!DOCTYPE a SYSTEM "{dtd.as_uri()}" [\n  <!ENTITY secret SYSTEM "{secret.as_uri()}">\n]>\n'
    [a] = parse_xml(f"{prolog}<a>[&secret;][&custom;]</a>").elements()
    assert "".join(t.text for t in a.children if isinstance(t, Text)) == "[][]"
    assert (a.offset, a.closed) == (len(prolog), True)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE a [<!ENTITY e "x">]>',
        '<!DOCTYPE a [<!ENTITY % p "x">]>',
        '<!DOCTYPE a [<!ENTITY a "ha">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
        + "]>",
    ],
)
def test_entities_declared_in_the_document_stop_reading(doctype: str) -> None:
    assert parse_xml(f"{doctype}<a>&i;</a>").children == []


# --- Depth limit -------------------------------------------------------------------------


def test_elements_deeper_than_the_limit_are_dropped_with_their_text() -> None:
    extra = 10
    xml = "<x>" * (MAX_DEPTH + extra) + "deep" + "</x>" * (MAX_DEPTH + extra) + "<after/>"
    root = parse_xml(f"<r>{xml}</r>")
    [r] = root.elements()
    assert depth(root) == MAX_DEPTH
    assert not any(isinstance(c, Text) for n in walk(r) for c in n.children)
    after = r.child("after")
    assert after is not None and after.closed


def test_hostile_nesting_is_cut_short() -> None:
    levels = 100_000
    [r] = parse_xml("<r>" + "<x>" * levels + "deep" + "</x>" * levels + "shallow</r>").elements()
    assert depth(r) == MAX_DEPTH - 1
    assert r.children[-1] == Text("shallow", 3 + 7 * levels + 4, True)


# --- Broken XML --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        # elements cut off have no end; the text being read is dropped
        (
            "<a><b>done</b><c>cut off tex",
            [("a", 0, None, [("b", 3, 10, [("done", 6, True)]), ("c", 14, None, [])])],
        ),
        ("<a><b>x</a>y", [("a", 0, None, [("b", 3, None, [])])]),
        ("<a>&#0;</a>", [("a", 0, None, [])]),
        ("<a>ok</a><b>", [("a", 0, 5, [("ok", 3, True)])]),
        ("<a>ok</a>trailing", [("a", 0, 5, [("ok", 3, True)])]),
        ("", []),
        ("not xml at all", []),
        ("<", []),
        ("\x00", []),
    ],
)
def test_malformed_xml_keeps_the_tree_read_before_the_error(xml: str, expected: Outline) -> None:
    assert outline(parse_xml(xml)) == expected


def test_closed_tells_cut_off_elements_apart() -> None:
    [a] = parse_xml("<a><b/><c>").elements()
    assert [(n.tag, n.closed) for n in (a, *a.elements())] == [
        ("a", False),
        ("b", True),
        ("c", False),
    ]


XML_PIECES = st.sampled_from([*"<>/&;=\"' \né", "a", "b", "&amp;", "<!--", "-->", "<![CDATA["])


@settings(max_examples=200, deadline=None)
@given(st.lists(XML_PIECES, max_size=80).map("".join))
def test_any_text_gives_a_tree_within_the_text(xml: str) -> None:
    root = parse_xml(xml)
    for node in walk(root):
        assert 0 <= node.offset <= len(xml)
        assert node.end is None or node.offset <= node.end <= len(xml)
