"""The diff of two history entries: panes that scroll together, and Next / Previous change."""

from __future__ import annotations

import difflib
import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.drafts import new_signal
from signal_composer.store.outcomes import Kind
from signal_composer.store.workspace import Workspace

from tests.qt.test_history_panel import loaded, panel_of, record


def open_diff(qtbot: QtBot, window: MainWindow) -> QDialog:
    """Selects both entries and clicks Diff, as a user does."""
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 2)
    panel.table.selectAll()
    qtbot.mouseClick(panel.buttons["diff"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.findChild(QDialog, "diffDialog") is not None, timeout=5000)
    dialog = panel.findChild(QDialog, "diffDialog")
    assert dialog is not None
    # the keys go to it, as they do when it opens
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    return dialog


def panes(dialog: QDialog) -> tuple[QPlainTextEdit, QPlainTextEdit]:
    left = dialog.findChild(QPlainTextEdit, "diff.left")
    right = dialog.findChild(QPlainTextEdit, "diff.right")
    assert left is not None
    assert right is not None
    return left, right


def top_line(view: QPlainTextEdit) -> str:
    """The text of the first line the pane shows."""
    return view.cursorForPosition(QPoint(4, 4)).block().text()


def cursor_line_shown(view: QPlainTextEdit) -> str:
    """The line the pane's cursor is on, which must be in view."""
    assert view.viewport().rect().contains(view.cursorRect().center())
    return view.textCursor().block().text()


def position(dialog: QDialog) -> str:
    label = dialog.findChild(QLabel, "diffPosition")
    assert label is not None
    return label.text()


def button(dialog: QDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None
    return found


def signals(count: int) -> list[dict[str, object]]:
    made = []
    for n in range(count):
        signal = new_signal("click")
        signal["visitorId"] = f"visitor-{n}"
        signal["sourceId"] = f"source-{n}"
        signal["uri"] = f"https://shop.example.com/{'very-long-path-' * 12}{n}"
        made.append(signal)
    return made


def test_next_and_previous_change_wrap_and_the_panes_scroll_together(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    older = signals(12)
    newer = json.loads(json.dumps(older))
    first = list(newer[0].items())
    at = [k for k, _ in first].index("sourceId") + 1
    # a line more on the right from here on (inserted, not at the end: no comma changes)
    newer[0] = dict([*first[:at], ("extraField", "only on the right"), *first[at:]])
    newer[6]["sourceId"] = "changed"
    newer[11]["sourceId"] = "changed too"
    record(workspace.history, body=older)
    record(workspace.history, body=newer, status=400, result_kind=Kind.INVALID_REQUEST)
    dialog = open_diff(qtbot, window)
    left, right = panes(dialog)
    changes = [
        op
        for op in difflib.SequenceMatcher(
            None, left.toPlainText().splitlines(), right.toPlainText().splitlines()
        ).get_opcodes()
        if op[0] != "equal"
    ]
    total = len(changes)
    assert total >= 4  # the new field, two sourceIds, the response's status
    # The first change is shown at once, in both panes
    assert position(dialog).startswith(f"Change 1 of {total}")
    assert '"extraField"' in cursor_line_shown(right)
    # Next (button, then the shortcut) walks through the changes, each in view on both sides
    qtbot.mouseClick(button(dialog, "diff.next"), Qt.MouseButton.LeftButton)
    assert position(dialog).startswith(f"Change 2 of {total}")
    assert '"source-6"' in cursor_line_shown(left)
    assert '"changed"' in cursor_line_shown(right)
    qtbot.keyClick(left, Qt.Key.Key_F7)
    assert position(dialog).startswith(f"Change 3 of {total}")
    assert '"changed too"' in cursor_line_shown(right)
    for _ in range(total - 3):
        qtbot.keyClick(right, Qt.Key.Key_F7)
    assert position(dialog).startswith(f"Change {total} of {total}")
    qtbot.mouseClick(button(dialog, "diff.next"), Qt.MouseButton.LeftButton)
    assert position(dialog).startswith(f"Change 1 of {total}")  # wrapped around
    qtbot.keyClick(left, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert position(dialog).startswith(f"Change {total} of {total}")  # and back
    qtbot.mouseClick(button(dialog, "diff.previous"), Qt.MouseButton.LeftButton)
    assert position(dialog).startswith(f"Change {total - 1} of {total}")
    # Scrolling one pane scrolls the other to the same lines, past the extra line too
    for value in (0, 40, 95, 20):
        left.verticalScrollBar().setValue(value)
        assert top_line(right) == top_line(left)
    right.verticalScrollBar().setValue(60)
    assert top_line(left) == top_line(right)
    left.horizontalScrollBar().setValue(120)
    assert right.horizontalScrollBar().value() == 120
    right.horizontalScrollBar().setValue(30)
    assert left.horizontalScrollBar().value() == 30


def test_two_equal_entries_say_there_is_no_difference(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    same = signals(1)
    record(workspace.history, body=same)
    record(workspace.history, body=same)
    dialog = open_diff(qtbot, window)
    assert position(dialog) == "No differences"
    assert not button(dialog, "diff.next").isEnabled()
    assert not button(dialog, "diff.previous").isEnabled()
    qtbot.keyClick(panes(dialog)[0], Qt.Key.Key_F7)
    assert position(dialog) == "No differences"
