"""The metrics dashboard: its figures over a known file equal the ``metrics`` command's, and it
follows a journey as it plays, the history and what the local mock store received."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.dashboard import FILE, HISTORY, JOURNEY, MOCK, Dashboard
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.metrics import METRIC_KEYS, shown, to_json
from signal_composer.store.workspace import Workspace

from tests.processes import run_cli
from tests.qt.test_journey_view import open_journey


def open_dashboard(qtbot: QtBot, window: MainWindow) -> Dashboard:
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.demo is not None
    dashboard = window.demo.dashboard
    assert dashboard is not None
    assert dashboard.isVisible()
    return dashboard


def wait_figures(qtbot: QtBot, dashboard: Dashboard, signals: int | None = None) -> None:
    def ready() -> bool:
        f = dashboard.figures
        return f is not None and f.done and (signals is None or f.signals == signals)

    qtbot.waitUntil(ready, timeout=20000)


def test_figures_of_a_file_equal_the_metrics_command(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "shoppers.jsonl"
    made = run_cli(
        "simulate", "--shoppers", "80", "--days", "3", "--seed", "5",
        "--now", "2026-11-30T12:00:00Z", "--out", str(out),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    command = run_cli("metrics", str(out), "--json")
    assert command.returncode == 0, command.stderr
    expected = json.loads(command.stdout)
    dashboard = open_dashboard(qtbot, window)
    dashboard.use(FILE, str(out))
    lines = len(out.read_bytes().splitlines())
    wait_figures(qtbot, dashboard, lines)
    figures = dashboard.figures
    assert figures is not None
    assert to_json(figures.metrics) == command.stdout.strip().encode()
    for key in METRIC_KEYS:
        assert dashboard.tiles[key].text() == shown(key, figures.metrics[key]), key
    assert dashboard.tiles["queries"].text() == f"{expected['queries']:,}"
    assert [count for _, count in figures.funnel()] == [
        expected["queries"], expected["clicks"], expected["cart_adds"], expected["purchases"]
    ]  # fmt: skip
    assert len(figures.days) in (3, 4)  # three days back from noon touch four dates
    assert sum(sum(d.counts.values()) for d in figures.days.values()) == lines
    assert str(out) in dashboard.state.text()


def test_a_broken_file_says_which_line(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "query", "signal": {}}\nnot json\n')
    dashboard = open_dashboard(qtbot, window)
    dashboard.use(FILE, str(bad))
    qtbot.waitUntil(lambda: "Cannot compute" in dashboard.state.text(), timeout=10000)
    assert "line 2" in dashboard.state.text()


def test_the_dashboard_follows_a_journey_as_it_plays(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    view = open_journey(qtbot, window)
    dashboard = open_dashboard(qtbot, window)
    dashboard.use(JOURNEY)
    wait_figures(qtbot, dashboard, 0)
    assert dashboard.tiles["queries"].text() == "0"
    view.pause.setValue(0.0)
    view.play()
    qtbot.waitUntil(lambda: "steps sent" in view.status.text(), timeout=20000)
    wait_figures(qtbot, dashboard, len(view.steps))
    kinds = [kind for kind, _ in view.steps]
    assert dashboard.tiles["queries"].text() == str(kinds.count("query"))
    assert dashboard.tiles["clicks"].text() == str(kinds.count("click"))
    assert dashboard.tiles["purchases"].text() == str(kinds.count("purchase"))
    assert dashboard.tiles["conversion_rate"].text() == "100.0%"
    for source in (MOCK, HISTORY):  # the store got the same signals, and so says the history
        dashboard.use(source)
        wait_figures(qtbot, dashboard, len(view.steps))
        assert dashboard.tiles["clicks"].text() == str(kinds.count("click"))
