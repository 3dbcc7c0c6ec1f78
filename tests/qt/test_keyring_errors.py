"""A keyring that fails: named in the window, and never in the way of a store needing no token."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.stores import make_store
from signal_composer.store.tokens import TokenError, TokenVault
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring


class ItemNotFoundError(Exception):
    """What Secret Service's client library raises for a damaged entry (not a KeyringError)."""


def broken(*args: object) -> str:
    raise ItemNotFoundError("Item does not exist!")


def test_a_keyring_error_does_not_block_the_local_mock_and_is_named_elsewhere(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(memory_keyring, "get_password", broken)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.busy and not window.send_control.busy, timeout=10000)
    assert window.response.title.text() == "Accepted"
    assert workspace.mock is not None
    assert len(workspace.mock.accepted) == 1

    workspace.registry.put(make_store(name="Acme Appliances", store_id="acme"))
    window.store_control.reload("Acme Appliances")
    qtbot.waitUntil(lambda: "keyring" in window.store_bar.token.text(), timeout=5000)
    tip = window.store_bar.token.toolTip()
    assert "'Acme Appliances'" in tip
    assert "Item does not exist!" in tip
    assert "unlock" in tip
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.busy and not window.send_control.busy, timeout=10000)
    assert window.response.title.text() == "Not sent"
    said = window.response.summary.text()
    assert "'Acme Appliances'" in said
    assert "Item does not exist!" in said
    assert "unlock" in said
    assert workspace.history.count() == 1  # nothing went out for Acme


def test_every_keyring_failure_becomes_a_named_token_error(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = TokenVault(memory_keyring, use_env=False)
    for method in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(memory_keyring, method, broken)
    for call in (
        lambda: vault.get("shop"),
        lambda: vault.set("shop", "s3cretTOKENvalue"),
        lambda: vault.delete("shop"),
    ):
        with pytest.raises(TokenError, match=r"store 'shop'.*it said: Item does not exist!"):
            call()


def test_the_suggested_command_quotes_a_store_name_with_spaces(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    workspace.registry.put(make_store(name="Acme Appliances", store_id="acme"))
    window.store_control.reload("Acme Appliances")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.busy and not window.send_control.busy, timeout=10000)
    assert "signal-composer token set 'Acme Appliances'" in window.response.summary.text()
