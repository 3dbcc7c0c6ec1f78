"""The history diff keeps its panes line beside line over the whole text, response included."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest
from signal_composer.store.sending import encode_body
from signal_composer.store.workspace import Workspace

from tests.qt.test_history_diff import button, cursor_line_shown, open_diff, panes, position

DATE = ("Date", "Mon, 30 Nov 2026 15:00:00 GMT")


def record(history: History, signals: int, status: int, kind: Kind, body: str) -> None:
    batch = []
    for n in range(signals):
        signal = new_signal("click")
        signal["visitorId"] = f"visitor-{n}"
        batch.append(signal)
    data, count = encode_body(batch)
    request = SignalRequest("local-mock", "click", "http://127.0.0.1:1/s", data, count)
    entry_id = history.begin(request, store_id="local-mock", production=False, source="test")
    headers = [("Content-Type", "application/json"), DATE, ("X-Status", str(status))]
    result = SendResult(
        outcome(kind, str(status)), status, headers, body, 9.0, [Attempt(1, status, kind, "", 9.0)]
    )
    history.complete(entry_id, result)


def row_of(view: QPlainTextEdit, text: str) -> int:
    found = view.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), text
    return found.blockNumber()


def test_panes_stay_line_beside_line_in_a_longer_response(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    problems = [{"path": f"[0].field{n}", "message": f"problem {n}"} for n in range(18)]
    record(workspace.history, 1, 202, Kind.ACCEPTED, '{"ok": true}')
    record(workspace.history, 3, 400, Kind.INVALID_REQUEST, json.dumps({"problems": problems}))
    dialog = open_diff(qtbot, window)
    dialog.resize(1100, 500)
    qtbot.wait(50)
    left, right = panes(dialog)
    # The same lines face each other, however much longer one side is before them.
    assert row_of(left, "--- response ---") == row_of(right, "--- response ---")
    assert row_of(left, "Date: ") == row_of(right, "Date: ")
    assert left.blockCount() == right.blockCount()
    seen_response = 0
    for _ in range(len(dialog.changes)):  # type: ignore[attr-defined]
        qtbot.mouseClick(button(dialog, "diff.next"), Qt.MouseButton.LeftButton)
        if "in the response" not in position(dialog):
            continue
        seen_response += 1
        cursor_line_shown(left)
        cursor_line_shown(right)
        assert left.cursorRect().top() == right.cursorRect().top()
        assert left.verticalScrollBar().value() == right.verticalScrollBar().value()
    assert seen_response >= 2  # the status line and the body at least
    # Scrolled to the end of either pane, the other is at its end too, beside it.
    for view, other in ((left, right), (right, left)):
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        assert other.verticalScrollBar().value() == view.verticalScrollBar().value()
        assert other.verticalScrollBar().maximum() == view.verticalScrollBar().maximum()
