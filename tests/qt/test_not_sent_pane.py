"""A send that did not go out never shows an earlier send's answer as if it were its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.composer import JSON_TAB
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.servers import Reply, ScriptedServer

TOKEN = "pan3TOKENabcdefghijklmnopqrst12"
EARLIER = b'{"error": "EARLIER-ANSWER"}'


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.send_control.busy, timeout=10000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)


def send_and_get_a_400(qtbot: QtBot, window: MainWindow, server: ScriptedServer) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.response.title.text() == "Invalid request"
    assert "EARLIER-ANSWER" in window.response.body.toPlainText()
    assert len(server.seen) == 1


def tabs(window: MainWindow) -> dict[str, str]:
    pane = window.response
    return {
        "Body": pane.body.toPlainText(),
        "Headers": pane.headers.toPlainText(),
        "Attempts": pane.attempts.toPlainText(),
        "Request": pane.request.toPlainText(),
    }


def use(window: MainWindow, workspace: Workspace, name: str, url: str, token: bool) -> None:
    workspace.registry.put(make_store(name=name, store_id=name, base_url=url))
    if token:
        workspace.vault.set(name, TOKEN)
    window.store_control.reload(name)
    assert window.store_bar.stores.currentText() == name


def test_broken_json_refused_after_a_400_shows_none_of_the_400(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(400, {"X-Earlier": "yes"}, EARLIER)) as server:
        use(window, workspace, "strict", server.url, token=True)
        send_and_get_a_400(qtbot, window, server)
        window.composer.tabs.setCurrentIndex(JSON_TAB)
        editor = window.composer.json.editor
        editor.setFocus()
        editor.selectAll()
        qtbot.keyClicks(editor, '[{"visitorId": "abc",')
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, window)
        assert len(server.seen) == 1
    assert window.response.title.text() == "Not sent: the JSON text is not a request"
    shown = tabs(window)
    for name, text in shown.items():
        assert "EARLIER-ANSWER" not in text, name
        assert "X-Earlier" not in text, name
        assert "POST " not in text, name
        assert "Invalid request" not in text, name
        assert "Nothing was sent" in text, name


def test_a_store_without_token_after_a_400_shows_none_of_the_400(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(400, {"X-Earlier": "yes"}, EARLIER)) as server:
        use(window, workspace, "strict", server.url, token=True)
        send_and_get_a_400(qtbot, window, server)
        use(window, workspace, "bare", server.url, token=False)
        qtbot.waitUntil(lambda: "no token" in window.store_bar.token.text(), timeout=5000)
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, window)
        assert len(server.seen) == 1
    assert window.response.title.text() == "Not sent"
    for name, text in tabs(window).items():
        assert "EARLIER-ANSWER" not in text, name
        assert "X-Earlier" not in text, name
        assert "Nothing was sent" in text, name


def test_a_send_cancelled_before_its_answer_shows_none_of_the_earlier_answer(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(400, {"X-Earlier": "yes"}, EARLIER), Reply(action="hang")) as server:
        use(window, workspace, "strict", server.url, token=True)
        send_and_get_a_400(qtbot, window, server)
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(server.seen) == 2, timeout=5000)
        qtbot.mouseClick(window.store_bar.send, Qt.MouseButton.LeftButton)  # now "Cancel"
        assert window.response.title.text() == "Cancelled"
        for name, text in tabs(window).items():
            assert "EARLIER-ANSWER" not in text, name
            assert "X-Earlier" not in text, name
        assert "POST " in window.response.request.toPlainText()  # this send's request went out
        assert "no answer" in window.response.body.toPlainText().lower()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert window.response.title.text() == "Cancelled"
    assert "Cancelled before the store answered" in window.response.summary.text()
    for name, text in tabs(window).items():
        assert "EARLIER-ANSWER" not in text, name
        assert "X-Earlier" not in text, name
    assert "no answer" in window.response.body.toPlainText().lower()
    assert "#1" in window.response.attempts.toPlainText()  # this send's own attempt
