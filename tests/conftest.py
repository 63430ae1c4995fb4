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


# The one exception to no_network: literal loopback addresses, where
# benchmarks/standin.py serves the stand-in services the tests start themselves.
LOOPBACK = frozenset({"127.0.0.1", "::1"})


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the network: a socket that tries to connect fails the test,
    unless it connects to 127.0.0.1 or ::1 (a server the test runs itself).
    (respx routes answer before any socket is opened.)"""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def loopback(args: tuple[Any, ...]) -> bool:
        address = args[0] if args else None
        return isinstance(address, tuple) and bool(address) and address[0] in LOOPBACK

    def connect(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        if not loopback(args):
            raise AssertionError(f"a test tried to open a network connection to {args!r}")
        real_connect(self, *args, **kwargs)

    def connect_ex(self: socket.socket, *args: Any, **kwargs: Any) -> int:
        if not loopback(args):
            raise AssertionError(f"a test tried to open a network connection to {args!r}")
        return real_connect_ex(self, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


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
