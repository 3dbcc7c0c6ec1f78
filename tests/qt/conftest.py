"""Windows on a real workspace: a history file, the config folder, a running local mock store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft
from signal_composer.store import logs
from signal_composer.store.history import History
from signal_composer.store.mockstore import MockStore
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import TokenVault
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def _stop_the_log() -> Iterator[None]:
    """A window that starts in the background starts the log too: closed after each test, so
    the next one logs into its own home."""
    yield
    logs.stop()


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
