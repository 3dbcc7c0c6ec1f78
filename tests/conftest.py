"""Test set-up shared by every test: offscreen Qt, an isolated home for config and data."""

from __future__ import annotations

import os

# Qt aborts the whole run when it finds neither a display nor this, so set it before any import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring for fast unit tests (the real one is tested beside it)."""

    priority = -1  # never picked by discovery: tests install it

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not set")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config and data folders, and no token from the environment."""
    folder = tmp_path / "home"
    monkeypatch.setenv("SIGNAL_COMPOSER_HOME", str(folder))
    monkeypatch.delenv("SIGNAL_COMPOSER_TOKEN", raising=False)
    return folder


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Makes an in-memory keyring the process's keyring for one test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def real_keyring() -> KeyringBackend:
    """The OS keyring (Secret Service). Skipped, loudly, when none runs; a failure under CI."""
    backend = keyring.get_keyring()
    if "SecretService" not in type(backend).__module__:
        message = (
            f"no Secret Service keyring (got {type(backend).__module__}); "
            "run the suite with scripts/test, which starts gnome-keyring in a private D-Bus session"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return backend


@pytest.fixture(autouse=True)
def histories_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails a test that leaves a History open (its connections would leak into later tests)."""
    from signal_composer.store.history import History

    opened: list[History] = []
    original = History.__init__

    def tracking(self: History, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(History, "__init__", tracking)
    yield
    left = [str(h.path) for h in opened if h._db is not None]
    for history in opened:
        history.close()
    assert not left, f"a History was left open: {left}"
