"""Files and pastes nested thousands deep: the app starts, names the file, the view says why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from signal_composer.qt.json_view import JsonView
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft

DEEP = "[" * 2000 + "]" * 2000


def test_the_app_shows_its_first_frame_with_deep_config_and_draft(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "config" / "config.json").write_text('{"stores": ' + DEEP + "}")
    (tmp_path / "data" / "draft.json").write_text('{"kind": "click", "signals": ' + DEEP + "}")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SIGNAL_COMPOSER_STARTUP_PROBE": "shown"}
    env["SIGNAL_COMPOSER_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "signal_composer"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.split() == ["shown"]


def test_a_deep_config_is_named_when_the_workspace_opens(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    config = home / "config"
    config.mkdir(parents=True)
    (config / "config.json").write_text('{"stores": ' + DEEP + "}")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = MainWindow(None, Draft.fresh("click"))
    qtbot.addWidget(window)
    window.show()
    window.start_background()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert str(config / "config.json") in shown[0]
    window.close()
    assert window.runner.wait(10000)


def test_a_deeply_nested_paste_says_why_it_is_not_read(qtbot: QtBot) -> None:
    view = JsonView()
    qtbot.addWidget(view)
    got: list[object] = []
    view.parsed.connect(got.append)
    view.editor.setPlainText("[" * 100_000 + "]" * 100_000)  # as a paste arrives
    view.flush()
    assert got == []
    assert "nested too deeply" in view.status.text().lower()
