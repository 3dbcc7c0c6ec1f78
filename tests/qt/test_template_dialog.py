"""Save as Template checks the name as it is typed, and never closes on a bad one."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
)
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store import library


def in_template_dialog(
    qtbot: QtBot, window: MainWindow, steps: Callable[[QDialog], None]
) -> list[str]:
    """Picks File > Save as Template… and runs ``steps`` in the dialog it opens."""
    done: list[str] = []
    seen: list[QDialog] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(50, run)
            return
        seen.append(dialog)
        try:
            steps(dialog)
            done.append("ok")
        finally:
            if dialog.isVisible():
                dialog.reject()

    action = next(a for a in window.file_menu.actions() if a.text() == "Save as &Template…")
    QTimer.singleShot(50, run)
    action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None, timeout=5000)
    return done


def field_of(dialog: QDialog) -> QLineEdit:
    field = dialog.findChild(QLineEdit)
    assert field is not None
    return field


def ok_of(dialog: QDialog) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    roles = QDialogButtonBox.ButtonRole
    return next(b for b in box.buttons() if box.buttonRole(b) == roles.AcceptRole)


def said(dialog: QDialog) -> str:
    """Every text the dialog shows, in one line."""
    return " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def tone(dialog: QDialog) -> str:
    """The colour state of the message under the field: "" (plain), "error" or "warning"."""
    message = dialog.findChild(QLabel, "templateNameMessage")
    assert message is not None
    return str(message.property("problem"))


def retype(qtbot: QtBot, dialog: QDialog, text: str) -> None:
    field = field_of(dialog)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_the_name_is_checked_as_it_is_typed(qtbot: QtBot, window: MainWindow) -> None:
    library.save_template("red shoes", window.composer.draft)

    def steps(dialog: QDialog) -> None:
        ok = ok_of(dialog)
        assert not ok.isEnabled()
        assert "Type a name" in said(dialog)
        assert tone(dialog) == ""  # a prompt before anything is typed, not an error
        top = field_of(dialog).geometry().top(), ok.geometry().top()
        retype(qtbot, dialog, "red/shoes")
        assert not ok.isEnabled()
        assert '"/" cannot be in a template name' in said(dialog)
        assert tone(dialog) == "error"
        qtbot.keyClick(field_of(dialog), Qt.Key.Key_Return)
        assert dialog.isVisible()  # Enter does not get past a bad name
        retype(qtbot, dialog, "x" * 65)
        assert not ok.isEnabled()
        assert "65 characters: a template name has at most 64" in said(dialog)
        retype(qtbot, dialog, "  ")
        assert not ok.isEnabled()
        assert "Type a name" in said(dialog)
        retype(qtbot, dialog, "Red Shoes")
        assert not ok.isEnabled()
        assert 'A template "red shoes" exists' in said(dialog)
        retype(qtbot, dialog, "red shoes")
        assert ok.isEnabled()
        assert ok.text() == "Replace"
        assert 'A template "red shoes" exists: Replace saves over it.' in said(dialog)
        assert tone(dialog) == "warning"
        retype(qtbot, dialog, "blue shoes")
        assert ok.isEnabled()
        assert ok.text() == "Save"
        assert (field_of(dialog).geometry().top(), ok.geometry().top()) == top  # nothing moved
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    assert in_template_dialog(qtbot, window, steps) == ["ok"]
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Template 'blue shoes' saved", timeout=5000
    )
    assert library.template_names() == ["blue shoes", "red shoes"]


def test_a_taken_name_replaces_that_template_with_the_draft(
    qtbot: QtBot, window: MainWindow
) -> None:
    library.save_template("red shoes", window.composer.draft)
    window.composer.draft.set("sourceId", "the new one")

    def steps(dialog: QDialog) -> None:
        retype(qtbot, dialog, "red shoes")
        qtbot.keyClick(field_of(dialog), Qt.Key.Key_Return)
        assert not dialog.isVisible()

    assert in_template_dialog(qtbot, window, steps) == ["ok"]
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Template 'red shoes' saved (replaced)",
        timeout=5000,
    )
    assert library.template_names() == ["red shoes"]
    assert library.load_template("red shoes").get("sourceId") == "the new one"
    assert json.loads(library.draft_to_json(library.load_template("red shoes")))
