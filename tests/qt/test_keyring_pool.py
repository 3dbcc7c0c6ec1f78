"""A keyring that does not answer (locked, waiting for its unlock prompt, or a stuck D-Bus
service) holds up only keyring work: the window's disk work (its settings, the history, the
drafts) goes on beside it."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot
from signal_composer.qt.docks import last_store
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.qt.conftest import MakeWindow


def test_a_keyring_that_hangs_does_not_hold_up_the_disk_work(
    qtbot: QtBot, make_window: MakeWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    names = [f"qa{n}" for n in range(6)]
    for name in names:
        workspace.registry.put(make_store(name=name, store_id=name, base_url="https://x.invalid"))
    window = make_window()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    answer = threading.Event()
    asked: list[str] = []

    def hang(service: str, username: str) -> str | None:
        asked.append(username)
        answer.wait(30)
        return None

    memory_keyring.get_password = hang  # type: ignore[method-assign]
    try:
        for name in names:  # each store's token state asks the keyring, which hangs
            window.store_control.reload(name)
        qtbot.waitUntil(lambda: len(asked) >= 2, timeout=5000)
        assert window.store_bar.token.text() == "token: checking…"
        qtbot.waitUntil(lambda: last_store() == names[-1], timeout=5000)  # written on disk
    finally:
        answer.set()
    qtbot.waitUntil(lambda: window.store_bar.token.text() != "token: checking…", timeout=10000)
