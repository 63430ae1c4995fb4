"""Which files a folder walk reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from citecheck.walk import PathFilter, collect_paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in (
        "a.md",
        "b.html",
        "notes.txt",
        "image.png",
        "drafts/c.md",
        "refs/library.bib",
        "refs/old/d.md",
        "jats/article.xml",
    ):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    os.symlink(outside / "secret.md", root / "link-out.md")
    os.symlink(root / "a.md", root / "link-in.md")
    os.symlink(outside, root / "linked-folder")
    return root


def relative(paths: list[str], root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_a_folder_gives_its_document_files_in_name_order(tree: Path) -> None:
    assert relative(list(collect_paths([tree])), tree) == [
        "a.md",
        "b.html",
        "link-in.md",
        "notes.txt",
        "drafts/c.md",
        "jats/article.xml",
        "refs/library.bib",
        "refs/old/d.md",
    ]


def test_links_out_of_the_folder_are_never_followed(tree: Path) -> None:
    found = relative(list(collect_paths([tree])), tree)
    assert "link-out.md" not in found
    assert not any(p.startswith("linked-folder") for p in found)


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (("*.md",), (), ["a.md", "link-in.md", "drafts/c.md", "refs/old/d.md"]),
        (
            (),
            ("drafts",),
            [
                "a.md",
                "b.html",
                "link-in.md",
                "notes.txt",
                "jats/article.xml",
                "refs/library.bib",
                "refs/old/d.md",
            ],
        ),
        (("*.md",), ("refs/old/*", "link-*"), ["a.md", "drafts/c.md"]),
        (("refs/*",), (), ["refs/library.bib", "refs/old/d.md"]),
    ],
)
def test_include_and_exclude_globs(
    tree: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    found = collect_paths([tree], PathFilter(include=include, exclude=exclude))
    assert relative(list(found), tree) == expected


def test_files_named_directly_are_read_whatever_the_filter(tree: Path) -> None:
    named = str(tree / "image.png")
    assert list(collect_paths([named], PathFilter(exclude=("*.png",)))) == [named]
