"""Switching stores in the window writes the window's settings, never the stores config."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot
from signal_composer.qt.docks import last_store
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.processes import run_cli


def test_a_store_switch_leaves_a_store_added_meanwhile_in_place(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, home: Path
) -> None:
    workspace.registry.put(make_store(name="other", store_id="other"))
    window.store_control.reload("local-mock")
    config = home / "config" / "config.json"
    assert run_cli("stores", "add", "from-cli", "--store-id", "cli").returncode == 0
    before = config.read_bytes()
    window.store_bar.stores.setCurrentText("other")
    qtbot.waitUntil(lambda: last_store() == "other", timeout=5000)
    window.store_bar.stores.setCurrentText("local-mock")
    qtbot.waitUntil(lambda: last_store() == "local-mock", timeout=5000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    assert config.read_bytes() == before  # not rewritten: the store from the CLI stays
    assert "from-cli" in {s["name"] for s in json.loads(before)["stores"]}
