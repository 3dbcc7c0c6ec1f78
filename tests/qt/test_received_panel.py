"""Received by the store: the real local mock store's verdicts, accepted and rejected, live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.received_panel import ReceivedPanel

from tests.qt.test_send import wait_done


def open_received(qtbot: QtBot, window: MainWindow) -> ReceivedPanel:
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.demo is not None
    panel = window.demo.received
    assert panel is not None
    assert panel.isVisible()
    return panel


def rows(panel: ReceivedPanel) -> list[list[str]]:
    out = []
    for n in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(n)
        assert item is not None
        out.append([item.text(c) for c in range(3)])
    return out


def test_accepted_and_rejected_requests_appear_with_the_problems_named(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = open_received(qtbot, window)
    assert rows(panel) == []
    window.send()  # the fresh click draft, valid
    wait_done(qtbot, window)
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=5000)
    assert rows(panel)[0][1] == "Accepted 202"
    assert rows(panel)[0][2].startswith("clicked #1 ")
    window.composer.draft.set("selectedPosition", 0)  # the store refuses a position 0
    window.composer.draft.set("productDetails[0].product.currencyCode", "usd")
    window.composer.revalidate()
    window.send_control.confirm_invalid = lambda errors: True  # type: ignore[method-assign]
    window.send()
    wait_done(qtbot, window)
    qtbot.waitUntil(lambda: len(rows(panel)) == 2, timeout=5000)
    newest = panel.tree.topLevelItem(0)
    assert newest is not None
    assert newest.text(1) == "Rejected 400"
    assert newest.text(2) == "click: 2 problems"
    named = [child.text(2) for i in range(newest.childCount()) if (child := newest.child(i))]
    assert any(t.startswith("signal 1 · selectedPosition: ") for t in named)
    assert any(t.startswith("signal 1 · product 1 › currencyCode: ") for t in named)
    assert panel.summary.text() == "The local mock store accepted 1 request and rejected 1"
