"""Sending from the window: off the GUI thread, Send turns into Cancel, every outcome rendered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.qt.conftest import MakeWindow
from tests.servers import Reply, ScriptedServer

TOKEN = "w1ndowTOKENabcdefghijklmnop123"


def wait_done(qtbot: QtBot, window: MainWindow, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: not window.send_control.busy, timeout=timeout)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=timeout)


def use_store(window: MainWindow, name: str) -> None:
    window.store_control.reload(name)
    assert window.store_bar.stores.currentText() == name


def test_ctrl_enter_sends_to_the_local_mock(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    assert window.response.findChild(QTabWidget, "responseDetails") is None  # no empty tabs yet
    assert not window.response.copy.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_done(qtbot, window)
    assert window.response.title.text() == "Accepted"
    details = window.response.findChild(QTabWidget, "responseDetails")
    assert details is not None
    assert details.isVisible()
    assert window.response.copy.isVisible()
    assert [details.tabText(i) for i in range(details.count())] == [
        "Body",
        "Headers",
        "Request",
        "Attempts",
    ]
    assert "HTTP 202" in window.response.summary.text()
    assert workspace.mock is not None
    assert len(workspace.mock.accepted) == 1
    entry = workspace.history.get(workspace.history.ids()[0])
    assert entry.summary.outcome_label == "accepted"
    assert entry.source == "app"
    assert "POST http://127.0.0.1" in window.response.request.toPlainText()


def test_send_becomes_cancel_while_sending_and_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(action="hang")) as server:
        workspace.registry.put(make_store(name="slow", store_id="slow", base_url=server.url))
        workspace.vault.set("slow", TOKEN)
        use_store(window, "slow")
        qtbot.mouseClick(window.store_bar.send, Qt.MouseButton.LeftButton)
        assert window.store_bar.send.text() == "Cancel"
        qtbot.waitUntil(lambda: len(server.seen) == 1, timeout=5000)
        window.composer.products.add()  # the GUI thread is free while the request waits
        assert len(window.composer.draft.products()) == 2
        qtbot.mouseClick(window.store_bar.send, Qt.MouseButton.LeftButton)
        assert window.store_bar.send.text() == "Send"
        assert window.response.title.text() == "Cancelled"
        server.release.set()
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)
    entry = workspace.history.get(workspace.history.ids()[0])
    assert entry.summary.state == "done"


def test_invalid_signals_ask_before_sending(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.composer.draft.set("ipAddress", "111.222.333")
    window.composer.refresh()
    asked: list[int] = []
    monkeypatch.setattr(
        window.send_control, "confirm_invalid", lambda errors: asked.append(len(errors))
    )
    window.send()
    assert asked == [1]
    assert workspace.history.count() == 0
    monkeypatch.setattr(window.send_control, "confirm_invalid", lambda errors: True)
    window.send()
    wait_done(qtbot, window)
    assert window.response.title.text() == "Invalid request"
    assert "111.222.333" in window.response.body.toPlainText()


def test_the_real_confirmation_box_defaults_to_cancel(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window.composer.draft.set("uri", "")
    window.composer.refresh()
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Return presses the default button, whichever

    QTimer.singleShot(100, answer)
    window.send()
    assert "1 error" in seen[0]
    assert not window.send_control.busy  # nothing was sent
    assert window.workspace is not None
    assert window.workspace.history.count() == 0


def test_production_asks_first(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with ScriptedServer(Reply(202)) as server:
        workspace.registry.put(
            make_store(name="live", store_id="live", base_url=server.url, production=True)
        )
        workspace.vault.set("live", TOKEN)
        use_store(window, "live")
        assert window.store_bar.badge.isVisibleTo(window)
        monkeypatch.setattr(window.send_control, "confirm_production", lambda store: False)
        window.send()
        assert not window.send_control.busy
        assert server.seen == []
        monkeypatch.setattr(window.send_control, "confirm_production", lambda store: True)
        window.send()
        wait_done(qtbot, window)
    assert server.seen[0].headers["Authorization"] == TOKEN
    assert TOKEN not in window.response.request.toPlainText()
    assert "redacted sha256:" in window.response.request.toPlainText()


def test_a_store_without_token_says_how_to_fix_it(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    workspace.registry.put(make_store(name="bare", store_id="bare", base_url="https://x.example"))
    use_store(window, "bare")
    qtbot.waitUntil(lambda: "no token" in window.store_bar.token.text(), timeout=5000)
    window.send()
    wait_done(qtbot, window)
    assert window.response.title.text() == "Not sent"
    assert "no embed token" in window.response.summary.text()


@pytest.mark.parametrize(
    ("reply", "title"),
    [
        (Reply(401), "Bad token"),
        (Reply(404), "Unknown store"),
        (Reply(500), "Server error"),
        (Reply(action="reset"), "Connection dropped"),
    ],
)
def test_failures_show_a_title_and_a_next_step(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    reply: Reply,
    title: str,
) -> None:
    with ScriptedServer(reply) as server:
        workspace.registry.put(make_store(name="f", store_id="f", base_url=server.url))
        workspace.vault.set("f", TOKEN)
        use_store(window, "f")
        window.send()
        wait_done(qtbot, window)
    assert window.response.title.text() == title
    assert window.response.next_step.text().startswith("Next step:")


def test_raw_mode_sends_the_text_exactly(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.composer.tabs.setCurrentIndex(1)
    window.composer.json.raw.setChecked(True)
    raw = '[{"visitorId": 1,}]'
    window.composer.json.editor.setPlainText(raw)
    monkeypatch.setattr(window.send_control, "confirm_invalid", lambda errors: True)
    window.send()
    wait_done(qtbot, window)
    assert window.response.title.text() == "Invalid request"
    entry = workspace.history.get(workspace.history.ids()[0])
    assert entry.body_bytes() == raw.encode()


def test_the_draft_comes_back_on_the_next_start(
    qtbot: QtBot, make_window: MakeWindow, home: Path
) -> None:
    first = make_window()
    first.composer.draft.set("sourceId", "remember-me")
    first.close()
    saved = json.loads((home / "data" / "draft.json").read_text(encoding="utf-8"))
    assert saved["signals"][0]["sourceId"] == "remember-me"
    second = make_window(fresh=False)
    assert second.composer.draft.get("sourceId") == "remember-me"


def test_a_bad_file_is_reported_and_the_draft_kept(
    qtbot: QtBot, window: MainWindow, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window.composer.draft.set("sourceId", "keep")
    bad = home.parent / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: messages.append(args[2]))
    window.files.open_path(str(bad))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "line 1, column 3" in messages[0]
    assert "unchanged" in messages[0]
    assert window.composer.draft.get("sourceId") == "keep"


def test_save_and_open_round_trip(qtbot: QtBot, window: MainWindow, home: Path) -> None:
    window.composer.draft.set("sourceId", "saved")
    path = home.parent / "out.json"
    window.files.save_path(str(path))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Saved"), timeout=5000)
    assert json.loads(path.read_text(encoding="utf-8"))["signals"][0]["sourceId"] == "saved"
    window.files.new()
    assert window.composer.draft.get("sourceId") == "signal-composer"
    window.files.open_path(str(path))
    qtbot.waitUntil(lambda: window.composer.draft.get("sourceId") == "saved", timeout=5000)


def test_templates(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from signal_composer.qt import dialogs
    from signal_composer.store import library

    asked: list[str] = []

    def discard(_parent: object, name: str, *_: object) -> str:
        asked.append(name)
        return "discard"

    monkeypatch.setattr(dialogs, "save_discard_cancel", discard)

    window.store_bar.kind.setCurrentText("query")
    window.composer.draft.set("searchTerms", "red shoes")
    library.save_template("red shoes", window.composer.draft)
    window.files.new()
    window.store_bar.kind.setCurrentText("click")
    window.files.load_template("red shoes")  # read in a worker
    qtbot.waitUntil(lambda: window.composer.draft.kind == "query", timeout=5000)
    # asked before New (the edited query draft) and before the template (the type changed)
    assert asked == ["unsavedDraft", "unsavedDraft"]
    assert window.store_bar.kind.currentText() == "query"
    assert window.composer.draft.get("searchTerms") == "red shoes"


def test_geometry_is_remembered(make_window: MakeWindow) -> None:
    first = make_window()
    default = (first.width(), first.height())  # a first start's size
    first.resize(760, 520)  # fits the offscreen screen (800x800)
    size = (first.width(), first.height())
    assert size != default
    first.close()
    second = make_window()
    assert (second.width(), second.height()) == size


def test_no_keyring_is_named_and_nothing_is_lost(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    from keyring.backends import fail
    from signal_composer.store.tokens import TokenVault

    workspace.registry.put(make_store(name="shop", store_id="shop", base_url="https://x.invalid"))
    workspace.vault = TokenVault(fail.Keyring())  # as on a desktop with no Secret Service
    use_store(window, "shop")
    qtbot.waitUntil(lambda: window.store_bar.token.text() == "keyring unavailable", timeout=5000)
    assert "gnome-keyring" in window.store_bar.token.toolTip()
    window.send()
    wait_done(qtbot, window)
    assert window.response.title.text() == "Not sent"
    assert "no usable OS keyring" in window.response.summary.text()
    assert workspace.history.count() == 0  # nothing was sent, so nothing to record


def test_a_name_that_does_not_resolve_is_not_called_a_wrong_store_id(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    workspace.registry.put(
        make_store(name="typo", store_id="acme", base_url="https://{storeId}.shop.invalid")
    )
    workspace.vault.set("typo", TOKEN)
    use_store(window, "typo")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_done(qtbot, window)
    assert window.response.title.text() == "Name did not resolve"
    shown = window.response.summary.text() + window.response.next_step.text()
    assert "acme.shop.invalid did not resolve" in shown
    assert "either the store ID (or base URL) is wrong, or there is no network" in shown
    assert "Unknown store" not in shown
