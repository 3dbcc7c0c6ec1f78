"""The history says the same as the sender about each outcome: which are network failures
(orange), which are the store's answers (red), and the filter offers every kind."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from pytestqt.qtbot import QtBot
from signal_composer.qt import look
from signal_composer.qt.history_model import HistoryModel
from signal_composer.qt.history_panel import OUTCOMES, HistoryPanel
from signal_composer.qt.workers import Runner
from signal_composer.store.history import History
from signal_composer.store.outcomes import NETWORK_KINDS, Kind

from tests.qt.test_history_panel import record


def outcome_colour(history: History, entry_id: int) -> QColor:
    model = HistoryModel(history)
    model.set_ids([entry_id])
    brush = model.data(model.index(0, 4), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    return brush.color()


@pytest.mark.parametrize("kind", sorted(NETWORK_KINDS))
def test_no_answer_is_orange(kind: Kind) -> None:
    history = History()
    try:
        entry_id = record(history, status=None, result_kind=kind)
        assert outcome_colour(history, entry_id) == QColor(look.NETWORK)
    finally:
        history.close()


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (Kind.UNKNOWN_STORE, 404),  # the server answered: no such store
        (Kind.BAD_TOKEN, 401),
        (Kind.INVALID_REQUEST, 400),
        (Kind.SERVER_ERROR, 500),
    ],
)
def test_an_answer_that_rejects_is_red(kind: Kind, status: int) -> None:
    history = History()
    try:
        entry_id = record(history, status=status, result_kind=kind)
        assert outcome_colour(history, entry_id) == QColor(look.ERROR)
    finally:
        history.close()


def test_the_outcome_filter_offers_every_kind_once(qtbot: QtBot) -> None:
    history = History()
    panel = HistoryPanel(history, Runner(), None)
    qtbot.addWidget(panel)
    try:
        offered = [panel.outcome.itemData(i) for i in range(1, panel.outcome.count())]
        assert sorted(offered) == sorted([*map(str, Kind), "interrupted", "sending"])
        assert tuple(offered) == OUTCOMES
    finally:
        # As the window does: its workers (the first load) finish before the history closes.
        panel.stop_polling()
        assert panel.runner.wait(10000), "a history read was still running"
        history.close()


def test_the_kinds_load_without_httpx() -> None:
    # The history panel is built on the GUI thread right after start-up: importing httpx
    # there (~0.1 s) would freeze the window that has just appeared.
    code = "import sys, signal_composer.qt.history_panel; print('httpx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
