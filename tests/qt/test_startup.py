"""Start-up: the first frame needs no pydantic, httpx or keyring; the workspace attaches after."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft

from tests.conftest import MemoryKeyring

FIRST_FRAME = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from signal_composer.qt.main_window import MainWindow
window = MainWindow()
window.show()
app.processEvents()
heavy = [m for m in ("pydantic", "httpx", "keyring", "sqlite3", "http.server") if m in sys.modules]
print("heavy:", ",".join(heavy))
"""


def test_the_first_frame_imports_no_heavy_module() -> None:
    # The field-spec cache is made on the first run; the second shows what a normal start does.
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", FIRST_FRAME],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "heavy:", result.stdout + result.stderr


def test_the_workspace_attaches_after_the_first_frame(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    window = MainWindow(None, Draft.fresh("click"))
    qtbot.addWidget(window)
    window.show()
    assert not window.store_bar.send.isEnabled()
    assert window.store_bar.stores.currentText() == "local-mock"
    window.composer.draft.set("ipAddress", "111.222.333")
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start_background()
    try:
        assert window.store_bar.send.isEnabled()
        assert window.status_problems.text() == "1 error · 0 warnings"
        assert window.workspace is not None
        assert window.workspace.mock_url is not None
    finally:
        window.close()
        assert window.runner.wait(10000)
        if window.workspace is not None:
            window.workspace.close()


def test_a_damaged_history_is_said_loudly_and_sending_goes_on(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    data = home / "data"
    data.mkdir(parents=True)
    (data / "history.sqlite3").write_bytes(b"not a database" * 200)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = MainWindow(None, Draft.fresh("click"))
    qtbot.addWidget(window)
    window.show()
    window.composer.draft.set("sourceId", "my work")
    window.start_background()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "history recover" in shown[0]
    assert "kept only until you close the window" in shown[0]
    assert window.response.title.text() == "History is OFF: sends are not kept"
    assert window.statusBar().currentMessage().startswith("History is OFF")
    assert window.composer.draft.get("sourceId") == "my work"
    assert window.store_bar.send.isEnabled()
    window.send()  # to the local mock: it goes out, recorded only in the session's history
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    assert window.response.title.text() == "Accepted"
    workspace = window.workspace
    assert workspace is not None
    scratch = workspace.history.path.parent
    window.close()
    assert window.runner.wait(10000)
    workspace.close()
    assert not scratch.exists()  # the temporary history goes with the session
    assert (data / "history.sqlite3").read_bytes().startswith(b"not a database")


def test_the_cyclic_gc_is_back_on_after_the_first_frame(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget
    from signal_composer.qt.app import show_window

    window = QWidget()
    qtbot.addWidget(window)
    gc.disable()  # as the entry point does for the start-up
    try:
        show_window(window)
        assert window.isVisible()
        qtbot.waitUntil(gc.isenabled, timeout=2000)
    finally:
        gc.enable()


def test_the_app_starts_and_gets_ready_as_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SIGNAL_COMPOSER_STARTUP_PROBE": "1"}
    env["SIGNAL_COMPOSER_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "signal_composer"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["shown", "ready"]
    log = (tmp_path / "data" / "logs" / "signal-composer.log").read_text(encoding="utf-8")
    assert "INFO signal_composer [" in log  # written by the worker, after the first frame
    assert "started (Python" in log
