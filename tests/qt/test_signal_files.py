"""Signal files keep their type; a bare array gets its type from its fields, or the user picks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.resources import resources_dir
from signal_composer.signals.signalfile import FORMAT
from signal_composer.store.workspace import Workspace


def problem_codes(window: MainWindow) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in window.composer.problems}


def test_a_click_file_opens_as_a_click_whatever_type_is_set(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.store_bar.kind.setCurrentText("purchase")
    assert window.composer.draft.kind == "purchase"
    window.files.open_path(str(resources_dir() / "samples" / "click-docs-traps.json"))
    qtbot.waitUntil(lambda: window.composer.draft.kind == "click", timeout=5000)
    assert window.store_bar.kind.currentText() == "click"
    assert "as click (its type inferred from its fields)" in window.statusBar().currentMessage()
    codes = problem_codes(window)
    assert ("revenue", "required") not in codes  # not judged as a purchase
    assert any(path == "ipAddress" for path, _ in codes)


def test_a_saved_file_names_its_type_and_opens_as_it(
    qtbot: QtBot, window: MainWindow, home: Path
) -> None:
    window.store_bar.kind.setCurrentText("cartadd")
    path = home.parent / "cart.json"
    window.files.save_path(str(path))
    qtbot.waitUntil(path.exists, timeout=5000)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format"] == FORMAT
    assert saved["type"] == "cartadd"
    assert saved["signals"] == window.composer.draft.body()
    window.store_bar.kind.setCurrentText("query")
    window.files.open_path(str(path))
    qtbot.waitUntil(lambda: window.composer.draft.kind == "cartadd", timeout=5000)
    assert window.store_bar.kind.currentText() == "cartadd"
    assert "inferred" not in window.statusBar().currentMessage()


def test_when_two_types_fit_the_user_is_asked(qtbot: QtBot, window: MainWindow, home: Path) -> None:
    both = new_signal("click")
    both["searchTerms"] = "fridge"  # a query's field on a click: either type fits as well
    path = home.parent / "either.json"
    path.write_text(json.dumps([both]), encoding="utf-8")
    asked: list[list[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, answer)
            return
        asked.append(list(dialog.comboBoxItems()))
        dialog.setTextValue("query")
        dialog.accept()

    QTimer.singleShot(50, answer)
    window.files.open_path(str(path))
    qtbot.waitUntil(lambda: window.composer.draft.kind == "query", timeout=5000)
    assert asked == [["query", "click"]]
    assert window.composer.draft.get("searchTerms") == "fridge"


def test_a_history_export_is_refused_with_a_clear_message(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from signal_composer.store.export import to_json

    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: not window.runner.busy and workspace.history.count() == 1, timeout=10000
    )
    path = home.parent / "export.json"
    history = workspace.history
    path.write_text(to_json([history.get(i) for i in history.ids()]), encoding="utf-8")
    window.composer.draft.set("sourceId", "keep")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: messages.append(args[2]))
    window.files.open_path(str(path))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "is a history export" in messages[0]
    assert "History panel" in messages[0]
    assert window.composer.draft.get("sourceId") == "keep"
