"""Cancel: the pane and the history end with what the store really did."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.mockstore import MockOptions, MockStore
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.servers import Reply, ScriptedServer

TOKEN = "canc3lTOKENabcdefghijklmnopq12"


def test_a_cancelled_send_that_the_store_accepts_ends_with_the_truth(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with MockStore(options=MockOptions(latency=1.5)) as mock:
        workspace.registry.put(make_store(name="slow", store_id="slow", base_url=mock.url))
        workspace.vault.set("slow", TOKEN)
        window.store_control.reload("slow")
        history = window.history
        assert history is not None
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: mock.requests == 1, timeout=5000)
        # The entry shows in the history while the request waits, not after its answer.
        qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=1000)
        assert mock.accepted == []
        qtbot.mouseClick(window.store_bar.send, Qt.MouseButton.LeftButton)  # now "Cancel"
        assert window.response.title.text() == "Cancelled"
        assert window.store_bar.send.text() == "Send"
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert len(mock.accepted) == 1  # the store did take it
    assert window.response.title.text() == "Cancelled here, but accepted"
    truth = "Cancelled here, but the store answered 202: it was accepted"
    assert truth in window.response.summary.text()
    assert truth in window.statusBar().currentMessage()
    entry = workspace.history.get(workspace.history.ids()[0])
    assert entry.summary.outcome_label == "accepted"
    assert entry.detail == truth
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=5000)


def test_a_late_answer_does_not_overwrite_a_newer_send(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with MockStore(options=MockOptions(latency=1.0)) as mock:
        workspace.registry.put(make_store(name="slow", store_id="slow", base_url=mock.url))
        workspace.vault.set("slow", TOKEN)
        window.store_control.reload("slow")
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: mock.requests == 1, timeout=5000)
        window.send_or_cancel()
        window.store_control.reload("local-mock")
        window.send_or_cancel()
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert window.response.title.text() == "Accepted"
    assert "local-mock" in window.response.request.toPlainText()


def test_hung_sends_hold_up_neither_the_next_send_nor_the_history(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    hangs = [Reply(action="hang")] * 4
    with ScriptedServer(*hangs) as server:
        workspace.registry.put(make_store(name="hung", store_id="hung", base_url=server.url))
        workspace.vault.set("hung", TOKEN)
        window.store_control.reload("hung")
        for sent in range(1, 5):
            window.send_or_cancel()

            def on_the_wire(count: int = sent) -> bool:
                return len(server.seen) == count

            qtbot.waitUntil(on_the_wire, timeout=5000)
            window.send_or_cancel()  # Cancel
        window.store_control.reload("local-mock")
        window.send_or_cancel()
        qtbot.waitUntil(lambda: window.response.title.text() == "Accepted", timeout=5000)
        assert window.history is not None
        history = window.history
        qtbot.waitUntil(lambda: history.model.rowCount() == 5, timeout=3000)
        server.release.set()
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)
