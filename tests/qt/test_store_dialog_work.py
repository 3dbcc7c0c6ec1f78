"""The stores dialog saves and removes in a worker: the window never waits on the config lock."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.stores import StoreRegistry, make_store
from signal_composer.store.tokens import SERVICE
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.qt.test_store_dialog import TOKEN, open_dialog

HOLDER = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_saving_while_another_process_holds_the_config_lock_never_stalls_the_window(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog._new()
    qtbot.keyClicks(dialog.name, "locked")
    qtbot.keyClicks(dialog.store_id, "locked-1")
    lock = str(workspace.registry.path) + ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, lock, "2"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"

    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    ticker.start()
    qtbot.wait(50)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert dialog.work.text().startswith("Saving the store 'locked'…")
    assert not dialog.save.isEnabled()  # no second save while this one waits
    qtbot.wait(1200)
    assert "locked" not in StoreRegistry().names(), "the save did not wait: it proves nothing"
    with qtbot.waitSignal(dialog.stores_changed, timeout=15000):
        pass
    ticker.stop()
    holder.communicate(timeout=30)
    assert len(gaps) > 50
    assert max(gaps) < 50, f"the event loop stalled {max(gaps)} ms"
    assert dialog.work.text() == "Saved the store 'locked'."
    assert "locked" in StoreRegistry().names()
    assert dialog.editing == "locked"
    assert dialog.save.isEnabled()


def test_removing_a_store_in_the_dialog_deletes_its_token(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = workspace.registry.put(make_store(name="gone", store_id="gone-1")).key
    workspace.vault.set(key, TOKEN, "gone")
    dialog = open_dialog(qtbot, window, "gone")
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.stores_changed, timeout=10000):
        qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert dialog.work.text() == "removed store 'gone'; deleted its token from the keyring."
    assert (SERVICE, key) not in memory_keyring.items
    assert "gone" not in StoreRegistry().names()


class FailingKeyring(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("D-Bus said no")


def test_a_keyring_error_on_removal_is_said_and_the_store_goes_all_the_same(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = workspace.registry.put(make_store(name="stuck", store_id="stuck-1")).key
    backend = FailingKeyring()
    backend.items[(SERVICE, key)] = TOKEN
    monkeypatch.setattr(workspace.vault, "_backend", backend)
    dialog = open_dialog(qtbot, window, "stuck")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    with qtbot.waitSignal(dialog.stores_changed, timeout=10000):
        qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert "stuck" not in StoreRegistry().names()
    said = dialog.work.text()
    assert "its token could not be deleted" in said
    assert "D-Bus said no" in said
    assert f"secret-tool clear service {SERVICE} username {key}" in said
    assert len(warned) == 1
    assert "may remain" in warned[0]


def test_a_lock_held_too_long_is_said_with_what_holds_it_and_what_to_do(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace.registry, "lock_timeout_s", 0.3)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog = open_dialog(qtbot, window)
    dialog._new()
    qtbot.keyClicks(dialog.name, "late")
    qtbot.keyClicks(dialog.store_id, "late-1")
    lock = str(workspace.registry.path) + ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, lock, "3"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    try:
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.work.text().startswith("Not saved"), timeout=10000)
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    said = dialog.work.text()
    assert "another Signal Composer (a window or a command changing the stores)" in said
    assert f"{lock} for more than 0.3 s; let it finish or close it, then try again" in said
    assert warned == [said.removeprefix("Not saved: ")]
    assert dialog.save.isEnabled()  # the user can try again
    assert "late" not in StoreRegistry().names()


def test_renaming_a_store_rewrites_the_history_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    key = workspace.registry.put(make_store(name="before", store_id="before-1")).key
    calls: list[tuple[bool, str, str]] = []  # as the history's rename_store is called
    workspace.registry.renamed.append(
        lambda k, name: calls.append(
            (threading.current_thread() is threading.main_thread(), k, name)
        )
    )
    dialog = open_dialog(qtbot, window, "before")
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "after")
    with qtbot.waitSignal(dialog.stores_changed, timeout=10000):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert calls == [(False, key, "after")]  # in a worker, not on the GUI thread
    assert dialog.work.text() == "Saved the store 'after'."
    assert StoreRegistry().get("after").key == key
