"""The target store and its token's state, shown on the store bar; the stores dialog."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from signal_composer.store.names import LOCAL_MOCK
from signal_composer.store.paths import read_config_json

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from signal_composer.qt.store_bar import StoreBar
    from signal_composer.qt.workers import Runner
    from signal_composer.store.probe import ProbeReport
    from signal_composer.store.sender import SendResult
    from signal_composer.store.stores import Store
    from signal_composer.store.tokens import TokenStatus
    from signal_composer.store.workspace import Workspace


class StoreController(QObject):
    """Keeps the store bar true: the stores, the current one (remembered in the window
    settings, not the config), its production badge and its token's state. Keyring and file
    writes run in the runner.

    The token's state is what was last learned of it: a Test token that said REFUSED, or a
    send answered 401/403, shows "token refused 2 min ago" in the error colour with Fix token…,
    until the token is replaced or the store accepts it.

    Signals:
        message(str, int): a line for the status bar (a failed write), and for how many ms.
    """

    message = Signal(str, int)

    def __init__(self, bar: StoreBar, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.bar = bar
        self.runner = runner
        self.parent_widget = parent  # of the stores dialog
        self.workspace: Workspace | None = None
        self._remembered: str | None = None
        self._remembering = threading.Lock()
        self.refused: dict[str, tuple[float, str]] = {}
        """Stores whose token was refused: when (monotonic seconds) and how it was learned."""
        self._ages = QTimer(self)
        self._ages.setInterval(30_000)
        self._ages.timeout.connect(self._show_refusal)
        bar.store_changed.connect(self._store_changed)
        bar.manage_requested.connect(self.manage)
        bar.fix_token.clicked.connect(self.fix_token)

    def show_starting(self) -> None:
        """Before the workspace: the last default store's name, read as plain JSON."""
        from signal_composer.qt.docks import last_store

        default = last_store() or str(read_config_json().get("default_store") or LOCAL_MOCK)
        self.bar.set_stores([default], default)
        self.bar.set_token_state("starting…", "pending")

    def attach(self, workspace: Workspace) -> None:
        self.workspace = workspace
        from signal_composer.qt.docks import last_store

        self.reload(last_store() or workspace.registry.config.default_store)

    @property
    def ws(self) -> Workspace:
        """The workspace; actions that need it wait until it is attached."""
        if self.workspace is None:
            raise RuntimeError("Signal Composer is still starting")
        return self.workspace

    def current_store(self) -> Store:
        return self.ws.registry.get(self.bar.stores.currentText())

    def reload(self, current: str) -> None:
        """Lists the stores again and selects ``current`` (or the first when it is gone)."""
        registry = self.ws.registry
        name = current if current in registry.names() else registry.names()[0]
        self.bar.set_stores(registry.names(), name)
        self._store_changed(name)

    def _store_changed(self, name: str) -> None:
        if self.workspace is None:
            return
        from signal_composer.store.stores import StoreError

        registry = self.workspace.registry
        try:
            store = registry.get(name)
        except StoreError:
            return
        self.bar.show_store(store)
        if name != self._remembered:  # the window's own setting: the config is not rewritten
            self._remembered = name
            self.runner.start(self._remember, lambda _: None, self._warn)
        self.refresh_token_state()

    def _remember(self) -> None:
        """Writes the store to show on the next start (in a worker): the newest choice, in
        whatever order the workers of two quick choices run."""
        from signal_composer.qt.docks import remember_store

        with self._remembering:
            name = self._remembered
            if name is not None:
                remember_store(name)

    def refresh_token_state(self) -> None:
        """Asks the keyring (in a worker) whether the current store has a token."""
        store = self.current_store()
        vault = self.ws.vault
        bar = self.bar
        bar.set_token_state("token: checking…", "pending")

        def show(status: TokenStatus) -> None:
            if status.store != bar.stores.currentText():
                return
            bar.token.setToolTip(f"Token source: {status.source}")
            if status.is_set and store.name in self.refused:
                self._show_refusal()
            elif status.is_set:
                bar.set_token_state(f"token {status.fingerprint}", "ok")
            elif store.builtin_mock:
                bar.set_token_state("no token needed", "ok")
            else:
                bar.set_token_state("no token: set one in Stores & tokens", "missing")

        def failed(exc: Exception) -> None:
            if store.builtin_mock:
                bar.set_token_state("no token needed", "ok")
            else:
                bar.set_token_state("keyring unavailable", "error")
                bar.token.setToolTip(str(exc))

        self.runner.start(
            lambda: vault.status(store.account, store.name), show, failed, keyring=True
        )

    # ---- what was learned of the token ----------------------------------------------------

    def learn(self, store: str, result: SendResult) -> None:
        """A store's answer to a send: 401/403 marks its token refused, 202 clears that."""
        from signal_composer.store.outcomes import Kind

        if result.outcome.kind is Kind.BAD_TOKEN:
            self._refuse(store, f"a send was answered {result.status}")
        elif result.outcome.accepted:
            self._clear(store)

    def tested(self, store: str, verdict: str) -> None:
        """What Test token said of a store's token."""
        if verdict == "refused":
            self._refuse(store, "Test token said REFUSED")
        elif verdict == "works":
            self._clear(store)

    def _refuse(self, store: str, how: str) -> None:
        self.refused[store] = (time.monotonic(), how)
        self._ages.start()
        if store == self.bar.stores.currentText():
            self._show_refusal()

    def _clear(self, store: str) -> None:
        if self.refused.pop(store, None) is not None and store == self.bar.stores.currentText():
            self.refresh_token_state()
        if not self.refused:
            self._ages.stop()

    def _show_refusal(self) -> None:
        learned = self.refused.get(self.bar.stores.currentText())
        if learned is None:
            return
        when, how = learned
        self.bar.set_token_state(f"token refused {ago(time.monotonic() - when)}", "error")
        self.bar.token.setToolTip(
            f"The store refused this token ({how}). Fix token… opens it in Stores & tokens."
        )

    def fix_token(self) -> None:
        """Opens the stores dialog at the current store, its token field focused."""
        self.manage(focus_token=True)

    def manage(self, focus_token: bool = False) -> None:
        """Opens the stores and tokens dialog (Ctrl+T)."""
        if self.workspace is None:
            return
        from signal_composer.qt.store_dialog import StoreDialog

        current = self.bar.stores.currentText()
        ws = self.workspace
        dialog = StoreDialog(
            ws.registry, ws.vault, self.runner, self.probe, current, self.parent_widget
        )
        dialog.stores_changed.connect(lambda: self.reload(current))
        dialog.token_changed.connect(self._token_replaced)
        dialog.token_tested.connect(self.tested)
        if focus_token:
            dialog.tokens.token_entry.setFocus()
        dialog.exec()
        self.reload(self.bar.stores.currentText())

    def _token_replaced(self, store: str) -> None:
        self.refused.pop(store, None)  # a new token: what was learned was about the old one
        self.refresh_token_state()

    def probe(self, store: Store) -> ProbeReport:
        """The token test (runs in a worker thread)."""
        from signal_composer.store.probe import probe_token

        ws = self.ws
        return probe_token(ws.sender(), ws.history, store, ws.vault, ws.mock_url)

    def _warn(self, exc: Exception) -> None:
        self.message.emit(str(exc), 8000)


def ago(seconds: float) -> str:
    """``just now``, ``2 min ago``, ``3 h ago``."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    return f"{int(seconds // 3600)} h ago"
