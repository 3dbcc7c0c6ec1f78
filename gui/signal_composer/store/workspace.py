"""The app's long-lived parts wired together: stores, tokens, history, sender, local mock."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from signal_composer.store.history import History, HistoryDamagedError
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import TokenVault

if TYPE_CHECKING:
    from signal_composer.store.mockstore import MockStore
    from signal_composer.store.sender import Sender


@dataclass
class Workspace:
    """Everything a window or a command needs; the sender (and httpx) is made on first send."""

    registry: StoreRegistry
    vault: TokenVault
    history: History
    mock: MockStore | None = None
    history_off: str = ""
    """Why the history file is not in use ("" when it is): its file is damaged, and this
    session's sends go to a temporary history that is gone when the workspace closes."""
    _sender: Sender | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sync_mock()

    def sync_mock(self) -> None:
        """Tells the local mock the IDs of the stores that point at it (others get 404)."""
        if self.mock is not None:
            self.mock.know_stores({s.store_id for s in self.registry.stores if s.builtin_mock})

    @classmethod
    def open(cls, start_mock: bool = True) -> Workspace:
        """Opens the config and history; starts the in-process mock store on a free port."""
        mock = None
        if start_mock:
            from signal_composer.store.mockstore import MockStore

            mock = MockStore().start()
        registry = StoreRegistry()
        max_body = registry.config.history.max_body_bytes
        off = ""
        try:
            history = History(max_body=max_body)
        except HistoryDamagedError as exc:  # sending goes on; the window says so loudly
            import tempfile

            scratch = Path(tempfile.mkdtemp(prefix="signal-composer-"))
            history, off = History(scratch / "session.sqlite3", max_body=max_body), str(exc)
        registry.renamed.append(history.rename_store)  # its entries follow a renamed store
        return cls(registry, TokenVault(), history, mock, history_off=off)

    @property
    def mock_url(self) -> str | None:
        return None if self.mock is None else self.mock.url

    def sender(self) -> Sender:
        """The one shared sender (thread-safe to create and to use)."""
        with self._lock:
            if self._sender is None:
                from signal_composer.store.sender import Sender, make_client

                net = self.registry.config.network
                self._sender = Sender(make_client(net), retries=net.retries)
            return self._sender

    def close(self) -> None:
        with self._lock:
            if self._sender is not None:
                self._sender.client.close()
        if self.mock is not None:
            self.mock.stop()
        self.history.close()
        if self.history_off:  # the temporary history of a session whose file was damaged
            shutil.rmtree(self.history.path.parent, ignore_errors=True)
