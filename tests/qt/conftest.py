"""Windows on a real workspace: a history file, the config folder, a running local mock store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from gui.core.draft import Draft
from gui.core.history import History
from gui.core.mockstore import MockStore
from gui.core.stores import StoreRegistry
from gui.core.tokens import TokenVault
from gui.core.workspace import Workspace
from gui.qt.main_window import MainWindow
from tests.conftest import MemoryKeyring

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def workspace(memory_keyring: MemoryKeyring) -> Iterator[Workspace]:
    ws = Workspace(StoreRegistry(), TokenVault(), History(), MockStore().start())
    yield ws
    ws.close()


@pytest.fixture
def make_window(qtbot: QtBot, workspace: Workspace) -> Iterator[MakeWindow]:
    windows: list[MainWindow] = []

    def make(draft: Draft | None = None, fresh: bool = True) -> MainWindow:
        window = MainWindow(workspace, Draft.fresh("click") if fresh and draft is None else draft)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.runner.wait(10000), "a worker thread was still running"
        assert window.runner.pool.activeThreadCount() == 0


@pytest.fixture
def window(make_window: MakeWindow) -> MainWindow:
    return make_window()
