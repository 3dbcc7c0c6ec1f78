"""The store controller: the store picked is remembered (the newest of quick choices), and the
next start shows it in its first frame, before the config is read through its models; a failed
write is said."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot
from signal_composer.qt import docks
from signal_composer.qt.docks import last_store
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.qt.conftest import MakeWindow


def test_the_store_picked_is_shown_first_on_the_next_start(
    qtbot: QtBot, make_window: MakeWindow, workspace: Workspace
) -> None:
    workspace.registry.put(make_store(name="qa", store_id="qa", base_url="https://x.invalid"))
    window = make_window()
    window.store_control.reload("qa")
    qtbot.waitUntil(lambda: last_store() == "qa", timeout=5000)  # written by a worker
    starting = MainWindow(None, Draft.fresh("click"))  # as the app starts: no workspace yet
    qtbot.addWidget(starting)
    assert starting.store_bar.stores.currentText() == "qa"
    assert starting.store_bar.token.text() == "starting…"
    assert not starting.store_bar.send.isEnabled()
    starting.close()


def test_the_newest_choice_is_remembered_whatever_order_the_writes_run_in(
    qtbot: QtBot, make_window: MakeWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.registry.put(make_store(name="qa", store_id="qa", base_url="https://x.invalid"))
    written: list[str] = []
    write = docks.remember_store

    def slow_first(name: str) -> None:  # the first write (the default store) is held up
        written.append(name)
        if len(written) == 1:
            time.sleep(0.5)
        write(name)

    monkeypatch.setattr(docks, "remember_store", slow_first)
    window = make_window()
    window.store_control.reload("qa")
    qtbot.waitUntil(lambda: len(written) == 2 and not window.runner.busy, timeout=10000)
    assert last_store() == "qa"


def test_a_failed_write_of_the_default_is_said_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.registry.put(make_store(name="qa", store_id="qa", base_url="https://x.invalid"))

    def refuse(name: str) -> None:
        raise OSError("window.ini: disk full")

    monkeypatch.setattr(docks, "remember_store", refuse)
    with qtbot.waitSignal(window.store_control.message, timeout=5000) as said:
        window.store_control.reload("qa")
    assert said.args == ["window.ini: disk full", 8000]
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "window.ini: disk full")
