"""The dashboard counts a large history slice in a separate process: its figures equal the
``metrics --history --json`` command's, and changing the source or closing the window kills
the process (none is left running)."""

from __future__ import annotations

import json
import os
import signal

from pytestqt.qtbot import QtBot
from signal_composer.qt.dashboard import HISTORY, JOURNEY, Dashboard
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.figures import Figures
from signal_composer.signals.metrics import METRIC_KEYS, shown, to_json
from signal_composer.store.workspace import Workspace

from tests.history_fill import known_history
from tests.processes import run_cli
from tests.qt.test_dashboard import open_dashboard, wait_figures


def dashboard_figures(dashboard: Dashboard) -> Figures:
    assert dashboard.figures is not None
    return dashboard.figures


def counting_process(qtbot: QtBot, dashboard: Dashboard) -> int:
    dashboard.slice.setCurrentIndex(dashboard.slice.findData(0))  # all
    dashboard.use(HISTORY)
    process = dashboard.process
    assert process is not None, "the whole history counts in a process"
    qtbot.waitUntil(lambda: process.pid() > 0, timeout=10000)
    pid = process.pid()
    os.kill(pid, signal.SIGSTOP)  # held mid-count: it cannot end by itself, only be killed
    return pid


def gone(pid: int) -> bool:
    """Whether the process has ended (if not, it is killed here, so no test leaves it)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    return False


def test_a_large_slice_counted_in_a_process_equals_the_metrics_command(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    signals = known_history(workspace.history)
    command = run_cli("metrics", "--history", "--json")
    assert command.returncode == 0, command.stderr
    expected = json.loads(command.stdout)
    assert expected["queries"] > 0
    assert expected["purchases"] > 0
    dashboard = open_dashboard(qtbot, window)
    for limit in (0, 100_000, 10_000):  # all and newest 100,000 in a process; 10,000 in a thread
        dashboard.slice.setCurrentIndex(dashboard.slice.findData(limit))
        dashboard.figures = None
        dashboard.use(HISTORY)
        assert (dashboard.process is not None) == (limit != 10_000)
        wait_figures(qtbot, dashboard, signals)
        figures = dashboard_figures(dashboard)
        assert to_json(figures.metrics) == command.stdout.strip().encode(), limit
        for key in METRIC_KEYS:
            assert dashboard.tiles[key].text() == shown(key, expected[key]), key
        assert sum(sum(d.counts.values()) for d in figures.days.values()) == signals
        assert dashboard.process is None
        assert f"{signals:,} signals" in dashboard.state.text()
        assert "counting" not in dashboard.state.text()


def test_changing_the_source_kills_the_counting_process(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    known_history(workspace.history)
    dashboard = open_dashboard(qtbot, window)
    pid = counting_process(qtbot, dashboard)
    dashboard.use(JOURNEY)
    assert gone(pid)
    assert dashboard.process is None
    wait_figures(qtbot, dashboard, 0)
    qtbot.wait(300)  # nothing of the killed count arrives
    assert dashboard_figures(dashboard).signals == 0


def test_closing_the_window_kills_the_counting_process(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    known_history(workspace.history)
    dashboard = open_dashboard(qtbot, window)
    pid = counting_process(qtbot, dashboard)
    window.close()
    assert gone(pid)


def test_a_failing_count_says_why(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    dashboard = open_dashboard(qtbot, window)
    dashboard.slice.setCurrentIndex(dashboard.slice.findData(0))
    original = workspace.history.path
    workspace.history.path = original.parent  # a folder, not a database
    try:
        dashboard.use(HISTORY)
        qtbot.waitUntil(lambda: "Cannot compute" in dashboard.state.text(), timeout=20000)
    finally:
        workspace.history.path = original
    assert "the history cannot be used" in dashboard.state.text()
    assert "Traceback" not in dashboard.state.text()
