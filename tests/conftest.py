"""Shared test helpers: fixture files under ``tests/fixtures``.

A test that names a fixture file which does not exist fails; it never skips.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from citecheck.parsing.source import Source

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def private_cache_and_report(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands run by tests write their cache and report to a folder of the
    test's own, never to the user's cache folder or the working directory."""
    folder = tmp_path_factory.mktemp("citecheck-state")
    monkeypatch.setenv("CITECHECK_CACHE", str(folder / "cache.db"))
    monkeypatch.setenv("CITECHECK_REPORT", str(folder / "report.db"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the network: a socket that tries to connect fails the test.
    (respx routes answer before any socket is opened.)"""

    def refuse(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a test tried to open a network connection to {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def fixture_path(name: str) -> Path:
    """The path of ``tests/fixtures/<name>``; fails the test when it is missing."""
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"test fixture {name!r} is missing (looked for {path})")
    return path


@pytest.fixture
def load_fixture() -> Callable[[str], Source]:
    """A function that returns ``tests/fixtures/<name>`` as a :class:`Source`,
    its text decoded as UTF-8 with line endings made ``\\n``, as the loader does."""

    def load(name: str) -> Source:
        path = fixture_path(name)
        data = path.read_bytes()
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        return Source(path=f"fixtures/{name}", text=text, sha256="0" * 64, size=len(data))

    return load


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    """A function that returns the bytes of ``tests/fixtures/<name>`` (a
    response body in a service's exact format)."""
    return lambda name: fixture_path(name).read_bytes()
