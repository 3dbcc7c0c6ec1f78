"""The history's Copy cURL says what it copied (never a token), and Export offers cURL."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.history import History
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.qt.test_history_panel import loaded, panel_of, record
from tests.servers import Reply, ScriptedServer

TOKEN = "copyTOKEN0123456789abcdefghijkl"


def select_newest(qtbot: QtBot, window: MainWindow, rows: int) -> None:
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, rows)
    panel.table.selectRow(0)


def test_copy_curl_says_what_was_copied_and_leaves_the_token_out(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(202)) as server:
        workspace.registry.put(make_store(name="qa", store_id="qa", base_url=server.url))
        workspace.vault.set("qa", TOKEN)
        window.store_control.reload("qa")
        window.send()
        qtbot.waitUntil(lambda: not window.send_control.busy, timeout=10000)
    select_newest(qtbot, window, 1)
    QGuiApplication.clipboard().setText("before")
    window.statusBar().clearMessage()
    qtbot.mouseClick(panel_of(window).buttons["curl"], Qt.MouseButton.LeftButton)
    entry = workspace.history.ids()[0]
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"# entry {entry},")
    assert TOKEN not in copied
    message = window.statusBar().currentMessage()
    assert message.startswith(f"cURL command of entry {entry} copied")
    assert "token left out" in message
    assert "$SIGNAL_COMPOSER_TOKEN" in message


def test_copy_curl_of_a_send_without_a_token_says_so(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    entry = record(workspace.history)  # the local mock: no Authorization header
    select_newest(qtbot, window, 1)
    qtbot.mouseClick(panel_of(window).buttons["curl"], Qt.MouseButton.LeftButton)
    assert "Authorization" not in QGuiApplication.clipboard().text()
    message = window.statusBar().currentMessage()
    assert message == f"cURL command of entry {entry} copied (no token: none was sent)"


def test_copy_curl_of_a_cut_body_says_it_cannot_be_repeated(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    small = History(workspace.history.path, max_body=64)
    try:
        entry = record(small, body=[{"visitorId": "v" * 200}])
    finally:
        small.close()
    select_newest(qtbot, window, 1)
    qtbot.mouseClick(panel_of(window).buttons["curl"], Qt.MouseButton.LeftButton)
    assert "# not repeatable:" in QGuiApplication.clipboard().text()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"cURL command of entry {entry} copied, commented out:")
    assert "only part of its body" in message
