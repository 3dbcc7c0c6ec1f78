"""Outcomes are shown by their titles (``Invalid request``), never by their internal codes
(``invalid_request``): the history's list, filter, details and diff, and the response pane."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.drafts import new_signal
from signal_composer.store.outcomes import Kind
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.qt.test_history_diff import open_diff
from tests.qt.test_history_panel import TOKEN, loaded, panel_of, record
from tests.servers import Reply, ScriptedServer

CODE = re.compile("|".join(sorted((str(k) for k in Kind if "_" in k), key=len, reverse=True)))
"""Any outcome code with an underscore: a person would never write one."""


def test_the_history_list_details_and_filter_say_titles(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    record(workspace.history, status=400, result_kind=Kind.INVALID_REQUEST)
    record(workspace.history, status=None, result_kind=Kind.UNRESOLVED)
    record(workspace.history, finish=False)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 3)
    model = panel.model
    shown = [model.data(model.index(row, 4)) for row in range(3)]
    assert shown == ["Sending", "Name did not resolve", "Invalid request"]
    tip = model.data(model.index(2, 4), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(": Invalid request")
    panel.table.selectRow(2)
    qtbot.waitUntil(lambda: bool(panel.details.views["response"].toPlainText()), timeout=5000)
    response = panel.details.views["response"].toPlainText()
    assert response.startswith("HTTP 400 · Invalid request · 12 ms")
    attempts = panel.details.views["attempts"].toPlainText()
    assert attempts.startswith("#1: 400 Invalid request in 12 ms")
    assert CODE.search(response + attempts) is None
    offered = [panel.outcome.itemText(i) for i in range(panel.outcome.count())]
    for title in ("Invalid request", "Connection dropped", "Interrupted", "Sending"):
        assert title in offered
    assert not [text for text in offered if CODE.search(text)]
    # the filter's value is still the code the history keeps
    panel.outcome.setCurrentIndex(offered.index("Invalid request"))
    assert panel.outcome.currentData() == "invalid_request"
    loaded(qtbot, panel, 1)


def test_the_diff_panes_are_headed_by_titles(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    signal = new_signal("click")
    changed = json.loads(json.dumps(signal))
    changed["sourceId"] = "changed"
    first = record(workspace.history, body=[signal])
    second = record(workspace.history, body=[changed], status=500, result_kind=Kind.SERVER_ERROR)
    dialog = open_diff(qtbot, window)
    heads = [label for label in dialog.findChildren(QLabel) if label.text()[:6] == "Entry "]
    heads.sort(key=lambda label: label.mapTo(dialog, label.rect().topLeft()).x())
    assert [label.text() for label in heads] == [
        f"Entry {first}: Accepted",  # the older on the left
        f"Entry {second}: Server error",
    ]
    assert isinstance(dialog, QDialog)
    right = dialog.right.toPlainText()  # type: ignore[attr-defined]
    assert "HTTP 500 · Server error" in right
    assert CODE.search(right) is None


def test_the_response_pane_names_each_attempt_by_title(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    with ScriptedServer(Reply(503, headers={"Retry-After": "0"}), Reply(400)) as server:
        workspace.registry.put(make_store(name="qa", store_id="qa", base_url=server.url))
        workspace.vault.set("qa", TOKEN)
        window.store_control.reload("qa")
        window.send()
        qtbot.waitUntil(lambda: not window.send_control.busy, timeout=10000)
    assert window.response.title.text() == "Invalid request"
    lines = window.response.attempts.toPlainText().splitlines()
    assert lines[0].startswith("#1: 503 Server error in ")
    assert lines[1].startswith("#2: 400 Invalid request in ")
