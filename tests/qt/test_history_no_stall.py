"""The window's event loop keeps turning while another process holds the history's write lock."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from PySide6.QtCore import QElapsedTimer, QTimer
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.workspace import Workspace

from tests.qt.test_history_panel import panel_of, record

HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO entries (created_at, state, source, store, store_id, production, kind,"
           " signal_count, method, url, request_headers, request_body, pid, host) VALUES"
           " (0, 'done', 'x', 'other', 's', 0, 'click', 1, 'POST', 'u', '[]', '[]', 1, 'h')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def test_the_event_loop_never_stalls_while_another_process_writes(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    panel = panel_of(window)
    for _ in range(30):
        record(workspace.history)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 30, timeout=10000)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace.history.path), "2.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    # A worker writes and waits for the other process's lock, holding the history's writer.
    writer = threading.Thread(target=record, args=(workspace.history,), daemon=True)
    writer.start()
    time.sleep(0.2)
    assert writer.is_alive(), "the write did not wait: the test would prove nothing"

    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()

    def tick() -> None:
        gaps.append(clock.restart())
        # What the window does on its own thread: poll for changes, read rows and details.
        panel._check_for_changes()
        workspace.history.summaries(panel.model.ids[:200])
        workspace.history.get(panel.model.ids[0])

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    ticker.start()
    qtbot.wait(1500)
    ticker.stop()
    holder.communicate(timeout=30)
    writer.join(timeout=30)
    assert len(gaps) > 50
    assert max(gaps) < 50, f"the event loop stalled {max(gaps)} ms"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 32, timeout=10000)
