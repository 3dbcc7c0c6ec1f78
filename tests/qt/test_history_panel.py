"""The history panel: lazy rows, filters, details, resend, open, diff, cURL, export, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from signal_composer.qt.history_diff import DiffDialog
from signal_composer.qt.history_panel import HistoryPanel
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest
from signal_composer.store.sending import encode_body
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.servers import Reply, ScriptedServer

TOKEN = "histTOKEN0123456789abcdefghijkl"


def record(
    history: History,
    *,
    store: str = "local-mock",
    kind: str = "click",
    status: int | None = 202,
    result_kind: Kind = Kind.ACCEPTED,
    body: object = None,
    finish: bool = True,
) -> int:
    data, count = encode_body(body if body is not None else [new_signal(kind)])  # type: ignore[arg-type]
    request = SignalRequest(store, kind, f"http://127.0.0.1:1/retail/signals/{kind}", data, count)  # type: ignore[arg-type]
    entry_id = history.begin(request, store_id=store, production=False, source="test")
    if finish:
        history.complete(
            entry_id,
            SendResult(
                outcome(result_kind, str(status)),
                status,
                [("Content-Type", "application/json")],
                '{"ok": true}',
                12.0,
                [Attempt(1, status, result_kind, "", 12.0)],
            ),
        )
    return entry_id


def panel_of(window: MainWindow) -> HistoryPanel:
    assert window.history is not None
    return window.history


def loaded(qtbot: QtBot, panel: HistoryPanel, rows: int) -> None:
    qtbot.waitUntil(lambda: panel.settled and panel.model.rowCount() == rows, timeout=5000)


def test_rows_newest_first_with_colour_and_interrupted_marked(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    first = record(workspace.history)
    record(workspace.history, status=400, result_kind=Kind.INVALID_REQUEST)
    third = record(workspace.history, finish=False)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 3)
    model = panel.model
    assert [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(3)] == [
        third,
        first + 1,
        first,
    ]
    assert model.data(model.index(2, 4)) == "Accepted"
    assert model.data(model.index(1, 4)) == "Invalid request"
    assert model.data(model.index(1, 5)) == "400"
    assert model.data(model.index(0, 4)) == "Sending"  # still running in this process
    assert model.data(model.index(0, 1), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(2, 1), Qt.ItemDataRole.FontRole) is None
    good = model.data(model.index(2, 4), Qt.ItemDataRole.ForegroundRole).color().name()
    bad = model.data(model.index(1, 4), Qt.ItemDataRole.ForegroundRole).color().name()
    assert good != bad


def test_the_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow, workspace: Workspace
) -> None:
    for _ in range(5):
        record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 5)
    qtmodeltester.check(panel.model)


def test_filters_and_search(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    history = workspace.history
    signal = new_signal("purchase")
    signal["orderId"] = "ORDER-FINDME"
    record(history, store="a", kind="purchase", body=[signal])
    record(history, store="b", kind="query", status=500, result_kind=Kind.SERVER_ERROR)
    record(history, store="a", kind="click", status=None, result_kind=Kind.TIMEOUT)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 3)
    qtbot.waitUntil(lambda: panel.store.findData("b") >= 0, timeout=5000)
    panel.store.setCurrentIndex(panel.store.findData("a"))
    loaded(qtbot, panel, 2)
    panel.kind.setCurrentIndex(panel.kind.findData("purchase"))
    loaded(qtbot, panel, 1)
    panel.store.setCurrentIndex(0)
    panel.kind.setCurrentIndex(0)
    loaded(qtbot, panel, 3)
    panel.outcome.setCurrentIndex(panel.outcome.findData("timeout"))
    loaded(qtbot, panel, 1)
    panel.outcome.setCurrentIndex(0)
    qtbot.keyClicks(panel.status, "500")
    loaded(qtbot, panel, 1)
    panel.status.clear()
    qtbot.keyClicks(panel.search, "ORDER-FINDME")
    loaded(qtbot, panel, 1)
    assert panel.model.data(panel.model.index(0, 2)) == "purchase"


def test_details_mask_the_token_and_copy(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(202)) as server:
        workspace.registry.put(make_store(name="qa", store_id="qa", base_url=server.url))
        workspace.vault.set("qa", TOKEN)
        window.store_control.reload("qa")
        window.send()
        qtbot.waitUntil(lambda: not window.send_control.busy, timeout=10000)
    panel = panel_of(window)
    loaded(qtbot, panel, 1)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: bool(panel.details.views["request"].toPlainText()), timeout=5000)
    request = panel.details.views["request"].toPlainText()
    assert "Authorization: <redacted sha256:" in request
    assert TOKEN not in request
    assert '"visitorId"' in request
    assert "HTTP 202" in panel.details.views["response"].toPlainText()
    qtbot.mouseClick(panel.findChild(type(panel.buttons["curl"]), "history.copy.request"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert QGuiApplication.clipboard().text() == request
    qtbot.mouseClick(panel.buttons["curl"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != request, timeout=5000)
    curl = QGuiApplication.clipboard().text()
    assert '-H "Authorization: ${SIGNAL_COMPOSER_TOKEN:?set SIGNAL_COMPOSER_TOKEN' in curl
    assert TOKEN not in curl


def test_resend_and_open_in_composer(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    signal = new_signal("query")
    signal["searchTerms"] = "from history"
    entry_id = record(workspace.history, kind="query", body=[signal])
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 1)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.buttons["open"], Qt.MouseButton.LeftButton)
    assert window.composer.draft.kind == "query"
    assert window.composer.draft.get("searchTerms") == "from history"
    assert window.store_bar.kind.currentText() == "query"
    qtbot.mouseClick(panel.buttons["resend"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.send_control.busy, timeout=10000)
    loaded(qtbot, panel, 2)
    resent = workspace.history.get(workspace.history.ids()[0])
    assert resent.request_body == workspace.history.get(entry_id).request_body
    assert resent.summary.outcome_label == "accepted"
    assert window.response.title.text() == "Accepted"


def test_resend_to_production_asks(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace.registry.put(
        make_store(name="live", store_id="live", base_url="https://x.invalid", production=True)
    )
    record(workspace.history, store="live")
    asked: list[str] = []
    monkeypatch.setattr(
        window.send_control, "confirm_production", lambda store: asked.append(store.name)
    )
    window.send_control.resend(workspace.history.ids()[0])
    assert asked == ["live"]
    assert workspace.history.count() == 1


def test_diff_two_entries(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    a = new_signal("click")
    b = json.loads(json.dumps(a))
    b["sourceId"] = "changed"
    record(workspace.history, body=[a])
    record(workspace.history, body=[b], status=400, result_kind=Kind.INVALID_REQUEST)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 2)
    panel.table.selectAll()
    assert panel.buttons["diff"].isEnabled()
    qtbot.mouseClick(panel.buttons["diff"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.findChild(DiffDialog) is not None, timeout=5000)
    dialog = panel.findChild(DiffDialog)
    assert dialog is not None
    left, right = dialog.changed
    assert left
    assert right
    right_lines = dialog.right.toPlainText().splitlines()
    assert any('"changed"' in right_lines[i] for i in right)
    assert any("HTTP 400" in right_lines[i] for i in right)


def test_export_selection(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, home: Path
) -> None:
    record(workspace.history)
    record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 2)
    panel.table.selectAll()
    har = home.parent / "out.har"
    with qtbot.waitSignal(panel.commands.exported, timeout=5000):
        panel.commands.export_to(str(har), "har")
    assert len(json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]) == 2
    panel.table.selectRow(0)
    out = home.parent / "out.json"
    with qtbot.waitSignal(panel.commands.exported, timeout=5000):
        panel.commands.export_to(str(out), "json")
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 1


def test_delete_and_clear_ask_first(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 3)
    panel.table.selectRow(0)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> None:
        def question(_parent: object, title: str, *_: object) -> QMessageBox.StandardButton:
            asked.append(title)
            return reply

        monkeypatch.setattr(QMessageBox, "question", question)

    answer(QMessageBox.StandardButton.No)
    panel.commands.delete()
    panel.commands.clear()  # counts the entries in a worker, then asks
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    assert workspace.history.count() == 3
    answer(QMessageBox.StandardButton.Yes)
    panel.commands.delete()
    loaded(qtbot, panel, 2)
    panel.commands.clear()
    loaded(qtbot, panel, 0)
    assert workspace.history.count() == 0


def test_entries_from_another_process_appear(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    panel = panel_of(window)
    loaded(qtbot, panel, 0)
    other = History(workspace.history.path)  # another connection, as the command line has
    try:
        record(other, store="from-cli")
    finally:
        other.close()
    loaded(qtbot, panel, 1)
    assert panel.model.data(panel.model.index(0, 1)) == "from-cli"


def test_the_panel_fits_a_side_dock_and_a_bottom_dock(window: MainWindow) -> None:
    panel = panel_of(window)
    assert window.dockWidgetArea(window.history_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    wide = panel.minimumSizeHint().width()
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.history_dock)
    assert panel.splitter.orientation() == Qt.Orientation.Vertical
    assert panel.minimumSizeHint().width() < wide
    assert panel.minimumSizeHint().width() <= 420
