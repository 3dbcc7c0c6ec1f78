"""Stores and tokens dialog: live store-ID checks, keyring work off-thread, the token test."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.store_dialog import StoreDialog
from signal_composer.store.mockstore import MockOptions, MockStore
from signal_composer.store.stores import make_store
from signal_composer.store.tokens import SERVICE, fingerprint
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring

TOKEN = "dialogTOKEN0123456789abcdefghij"


def open_dialog(qtbot: QtBot, window: MainWindow, current: str = "local-mock") -> StoreDialog:
    ws = window.store_control.ws
    dialog = StoreDialog(
        ws.registry, ws.vault, window.runner, window.store_control.probe, current, window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_store_id_is_checked_live(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.findChild(type(dialog.save), "newStore"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, "Shop")
    qtbot.keyClicks(dialog.store_id, "evil.example/x#")
    assert "not a DNS label" in dialog.id_message.text()
    assert not dialog.save.isEnabled()
    dialog.store_id.clear()
    qtbot.keyClicks(dialog.store_id, "0b1c2d3e-aaaa")
    assert dialog.id_message.text() == ""
    assert dialog.save.isEnabled()
    assert "https://0b1c2d3e-aaaa.applications.lucidworks.com" in dialog.endpoint.text()
    qtbot.keyClicks(dialog.base_url, "http://192.0.2.1")
    assert "unencrypted" in dialog.url_message.text()
    assert not dialog.save.isEnabled()


def test_add_a_store_set_test_and_delete_its_token(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with MockStore(options=MockOptions(token=TOKEN)) as mock:
        dialog = open_dialog(qtbot, window)
        dialog._new()
        qtbot.keyClicks(dialog.name, "guarded")
        qtbot.keyClicks(dialog.store_id, "guarded")
        qtbot.keyClicks(dialog.base_url, mock.url)
        with qtbot.waitSignal(dialog.stores_changed):
            qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
        assert workspace.registry.get("guarded").base_url == mock.url
        assert dialog.editing == "guarded"
        key = workspace.registry.get("guarded").key  # the token is kept under the stable key
        qtbot.keyClicks(dialog.tokens.token_entry, TOKEN)
        assert dialog.tokens.token_entry.echoMode() == dialog.tokens.token_entry.EchoMode.Password
        with qtbot.waitSignal(dialog.token_changed, timeout=5000):
            qtbot.mouseClick(dialog.tokens.set_token, Qt.MouseButton.LeftButton)
        assert memory_keyring.items[(SERVICE, key)] == TOKEN
        assert dialog.tokens.token_entry.text() == ""
        assert fingerprint(TOKEN) in dialog.tokens.token_state.text()
        qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.tokens.test_result.text().startswith("WORKS"), timeout=10000)
        assert "analytics are untouched" in dialog.tokens.test_result.text()
        assert mock.accepted == []
        memory_keyring.items[(SERVICE, key)] = "wrongTOKEN0123456789abcdefghij"
        qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: dialog.tokens.test_result.text().startswith("REFUSED"), timeout=10000
        )
        monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(dialog.token_changed, timeout=5000):
            qtbot.mouseClick(dialog.tokens.delete_token, Qt.MouseButton.LeftButton)
        assert (SERVICE, key) not in memory_keyring.items
        assert dialog.tokens.token_state.text() == "deleted"
    history = workspace.history
    assert [history.get(i).source for i in history.ids()] == ["token test", "token test"]


@pytest.mark.parametrize("bad", ["\u200b", "é", "\u202e"])
def test_a_mangled_token_is_refused_in_the_dialog_naming_its_position(
    qtbot: QtBot, window: MainWindow, memory_keyring: MemoryKeyring, bad: str
) -> None:
    window.store_control.ws.registry.put(make_store(name="shop", store_id="shop"))
    dialog = open_dialog(qtbot, window, "shop")
    dialog.tokens.token_entry.setText(TOKEN[:4] + bad + TOKEN[4:])
    qtbot.mouseClick(dialog.tokens.set_token, Qt.MouseButton.LeftButton)
    qtbot.wait(300)  # the status check started on opening must not overwrite the refusal
    shown = dialog.tokens.token_state.text()
    assert shown.startswith("not saved: the token has U+")
    assert "at character 5 of 32" in shown
    assert TOKEN[4:12] not in shown
    assert dialog.tokens.token_entry.text() == ""
    assert memory_keyring.items == {}


def test_a_store_that_does_not_exist_is_said_so(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    workspace.registry.put(
        make_store(name="ghost", store_id="ghost", base_url="https://ghost.applications.invalid")
    )
    workspace.vault.set("ghost", TOKEN)
    dialog = open_dialog(qtbot, window, "ghost")
    qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.tokens.test_result.text().startswith("UNRESOLVED"), timeout=10000
    )
    assert "token was not checked" in dialog.tokens.test_result.text()
    assert "either the store ID is wrong or there is no network" in dialog.tokens.test_result.text()


def test_the_built_in_mock_cannot_be_renamed_or_removed(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert not dialog.store_id.isEnabled()
    assert not dialog.remove.isEnabled()
    qtbot.waitUntil(lambda: "Keyring:" in dialog.tokens.backend.text(), timeout=5000)


def test_a_base_url_with_store_id_tells_a_typo_from_the_right_store(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with MockStore(options=MockOptions(store_ids=frozenset({"acme-store"}))) as mock:
        dialog = open_dialog(qtbot, window)
        for name, store_id in (("acme", "acme-store"), ("typo", "acme-stroe")):
            dialog._new()
            qtbot.keyClicks(dialog.name, name)
            qtbot.keyClicks(dialog.store_id, store_id)
            qtbot.keyClicks(dialog.base_url, mock.url + "/{storeId}")
            assert dialog.url_message.text() == ""
            assert f"{mock.url}/{store_id}/retail/signals/" in dialog.endpoint.text()
            with qtbot.waitSignal(dialog.stores_changed):
                qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(dialog.tokens.token_entry, TOKEN)
            with qtbot.waitSignal(dialog.token_changed, timeout=5000):
                qtbot.mouseClick(dialog.tokens.set_token, Qt.MouseButton.LeftButton)
            assert dialog.tokens.test_result.text() == ""  # no verdict of another store or token
            qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: not dialog.tokens.test_result.text().startswith("Testing"), timeout=10000
            )
            if name == "acme":
                assert dialog.tokens.test_result.text().startswith("WORKS")
                # What a mock cannot prove is said: it takes either auth form.
                assert "either form (bare or Bearer)" in dialog.tokens.test_result.text()
            else:
                assert dialog.tokens.test_result.text().startswith("NO STORE")
    assert workspace.registry.get("acme").base_url == mock.url + "/{storeId}"


def test_a_braced_word_other_than_store_id_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    dialog._new()
    qtbot.keyClicks(dialog.store_id, "acme")
    qtbot.keyClicks(dialog.base_url, "https://{store}.example.com")
    assert "{storeId}" in dialog.url_message.text()
    assert not dialog.save.isEnabled()


def test_a_verdict_goes_when_the_token_or_the_store_changes(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with MockStore(options=MockOptions(latency=0.5)) as mock:
        workspace.registry.put(make_store(name="slow", store_id="slow", base_url=mock.url))
        workspace.vault.set("slow", TOKEN)
        dialog = open_dialog(qtbot, window, "slow")
        qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.tokens.test_result.text().startswith("WORKS"), timeout=10000)
        qtbot.keyClicks(dialog.tokens.token_entry, TOKEN + "x")
        with qtbot.waitSignal(dialog.token_changed, timeout=5000):
            qtbot.mouseClick(dialog.tokens.set_token, Qt.MouseButton.LeftButton)
        assert dialog.tokens.test_result.text() == ""  # the verdict was about the old token
        qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
        dialog.list.setCurrentRow(dialog.registry.names().index("local-mock"))
        qtbot.waitUntil(lambda: dialog.tokens.test.isEnabled(), timeout=10000)
        assert dialog.tokens.test_result.text() == ""  # the late verdict was about "slow"
