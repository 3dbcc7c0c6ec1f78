"""Every view of a request or response body shows the bytes sent, and Copy copies them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from signal_composer.qt.history_diff import DiffDialog
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest
from signal_composer.store.workspace import Workspace

# Two visitorIds, an escape, a trailing zero and an exponent: a JSON round trip loses all four.
RAW = (
    '[{"type":"click","visitorId":"v-1","visitorId":"v-2","locale":"FR-\\u0041",'
    '"price":2592.10,"quantity":1e0}]'
)
ANSWER = '{"accepted":1,"price":2592.10,"note":"\\u00e9"}'


def _request() -> SignalRequest:
    url = "http://127.0.0.1:1/retail/signals/click"
    return SignalRequest("local-mock", "click", url, RAW.encode(), 1)


def _result() -> SendResult:
    return SendResult(
        outcome(Kind.ACCEPTED, "202"),
        202,
        [("Content-Type", "application/json")],
        ANSWER,
        9.0,
        [Attempt(1, 202, Kind.ACCEPTED, "", 9.0)],
    )


def _record(workspace: Workspace) -> int:
    history = workspace.history
    entry_id = history.begin(_request(), store_id="local-mock", production=False, source="test")
    history.complete(entry_id, _result())
    return entry_id


def test_history_panel_shows_and_copies_the_exact_request(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    _record(workspace)
    panel = window.history
    assert panel is not None
    panel.reload()
    qtbot.waitUntil(lambda: panel.settled and panel.model.rowCount() == 1, timeout=5000)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: bool(panel.details.views["request"].toPlainText()), timeout=5000)
    request = panel.details.views["request"].toPlainText()
    assert request.endswith("\n\n" + RAW)
    assert ANSWER in panel.details.views["response"].toPlainText()
    copy = panel.findChild(QPushButton, "history.copy.request")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().endswith(RAW)


def test_response_pane_shows_and_copies_the_exact_request_and_answer(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = window.response
    pane.show_sending(_request(), "local-mock")
    pane.show_result(_result(), 1)
    assert pane.body.toPlainText() == ANSWER
    assert pane.request.toPlainText().endswith("\n\n" + RAW)
    pane.details.setCurrentWidget(pane.request)
    qtbot.mouseClick(pane.copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().endswith("\n\n" + RAW)


def test_the_diff_lays_out_lines_but_keeps_every_key_and_value(
    qtbot: QtBot, workspace: Workspace
) -> None:
    first = workspace.history.get(_record(workspace))
    dialog = DiffDialog(first, first)
    qtbot.addWidget(dialog)
    text = dialog.left.toPlainText()
    for line in ('"visitorId": "v-1"', '"visitorId": "v-2"', '"FR-\\u0041"', "2592.10", "1e0"):
        assert line in text
