"""The history's Copy cURL says what it copied (never a token), and Export offers cURL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.export import export
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


def click_copy_curl(qtbot: QtBot, window: MainWindow) -> None:
    """Clicks Copy cURL and waits for its word in the status bar (the entry is read in a worker)."""
    window.statusBar().clearMessage()
    qtbot.mouseClick(panel_of(window).buttons["curl"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "copied" in window.statusBar().currentMessage(), timeout=5000)


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
    click_copy_curl(qtbot, window)
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
    click_copy_curl(qtbot, window)
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
    click_copy_curl(qtbot, window)
    assert "# not repeatable:" in QGuiApplication.clipboard().text()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"cURL command of entry {entry} copied, commented out:")
    assert "only part of its body" in message


def export_with_dialog(
    qtbot: QtBot, window: MainWindow, steps: Callable[[QFileDialog], None]
) -> None:
    """Clicks Export… and runs ``steps`` in the file dialog it opens (modal)."""
    seen: list[QFileDialog] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, run)
            return
        seen.append(dialog)
        try:
            steps(dialog)
        except BaseException:
            dialog.reject()  # a failed step must not leave the modal dialog waiting
            raise

    QTimer.singleShot(50, run)
    qtbot.mouseClick(panel_of(window).buttons["export"], Qt.MouseButton.LeftButton)
    assert seen, "no file dialog opened"


def pick_filter(qtbot: QtBot, dialog: QFileDialog, wanted: str) -> None:
    """Chooses a file type as a user does: the type box, arrow keys."""
    combo = dialog.findChild(QComboBox, "fileTypeCombo")
    assert combo is not None
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == wanted:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == wanted


def type_name_and_save(qtbot: QtBot, dialog: QFileDialog, path: Path) -> None:
    """In the path's folder, types its name over the suggested one, then clicks Save."""
    dialog.setDirectory(str(path.parent))
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    name.selectAll()
    qtbot.keyClicks(name, path.name)
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_export_offers_curl_and_names_the_file_for_it(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, home: Path
) -> None:
    first = record(workspace.history)
    second = record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 2)
    panel.table.selectAll()
    target = home.parent / "replay"
    names: list[str] = []

    def steps(dialog: QFileDialog) -> None:
        filters = dialog.nameFilters()
        assert "cURL script (*.sh)" in filters
        pick_filter(qtbot, dialog, "cURL script (*.sh)")
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        names.append(name.text())  # the suggested name follows the type
        type_name_and_save(qtbot, dialog, target)  # no suffix typed

    export_with_dialog(qtbot, window, steps)
    script = target.with_suffix(".sh")
    qtbot.waitUntil(script.exists, timeout=5000)
    assert names == ["history.sh"]
    text = script.read_text(encoding="utf-8")
    assert text == export([workspace.history.get(i) for i in (first, second)], "curl")
    assert not target.exists()
    said = f"Exported 2 entries to {script} (cURL script)"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=5000)


def test_a_typed_suffix_decides_the_format(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, home: Path
) -> None:
    record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 1)
    panel.table.selectRow(0)
    target = home.parent / "evidence.json"

    def steps(dialog: QFileDialog) -> None:
        type_name_and_save(qtbot, dialog, target)  # the HAR type is still chosen

    export_with_dialog(qtbot, window, steps)
    qtbot.waitUntil(target.exists, timeout=5000)
    assert isinstance(json.loads(target.read_text(encoding="utf-8")), list)  # JSON, not HAR
