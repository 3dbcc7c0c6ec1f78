"""The stores dialog's token part: set, replace, delete and test the token of a store."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from signal_composer.qt.fields import MessageLabel
from signal_composer.qt.look import set_state
from signal_composer.qt.workers import Runner
from signal_composer.store.probe import ProbeReport
from signal_composer.store.stores import Store, StoreRegistry
from signal_composer.store.tokens import TokenFormatError, TokenStatus, TokenVault, check_token


class TokenPanel(QGroupBox):
    """The token of the store being edited (``show_store``); keyring work and the token test
    run in the runner, off the GUI thread.

    Signals:
        token_changed(str): a store's token was set or deleted (its name).
        token_tested(str, str): Test token reached a verdict on a store's token (its name, and
            works, refused, no store, unresolved or unknown).
    """

    token_changed = Signal(str)
    token_tested = Signal(str, str)

    def __init__(
        self,
        registry: StoreRegistry,
        vault: TokenVault,
        runner: Runner,
        probe: Callable[[Store], ProbeReport],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Embed token (kept in the OS keyring only)", parent)
        self.registry = registry
        self.vault = vault
        self.runner = runner
        self.probe = probe
        self.editing: str | None = None
        self._status_seq = 0
        self._test_seq = 0
        self.backend = QLabel("Keyring: checking…", self)
        self.backend.setObjectName("keyringBackend")
        self.backend.setWordWrap(True)
        # A refusal names the character and what to do: two lines, kept whatever it shows, so
        # the token field and its buttons below never move.
        self.token_state = MessageLabel(self, lines=2)
        self.token_state.setObjectName("tokenStatus")
        self.token_entry = QLineEdit(self)
        self.token_entry.setObjectName("tokenEntry")
        self.token_entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_entry.setPlaceholderText("paste the embed token")
        self.token_entry.setAccessibleName("Embed token (hidden)")
        self.set_token = QPushButton("Save token", self)
        self.set_token.setObjectName("saveToken")
        self.set_token.clicked.connect(self._set_token)
        self.delete_token = QPushButton("Delete token", self)
        self.delete_token.setObjectName("deleteToken")
        self.delete_token.clicked.connect(self._delete_token)
        self.test = QPushButton("Test token", self)
        self.test.setObjectName("testToken")
        self.test.setToolTip("Sends an empty batch: proves the token without touching analytics")
        self.test.clicked.connect(self._test)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.backend)
        form.addRow("Status", self.token_state)
        form.addRow("New &token", self.token_entry)
        buttons = QHBoxLayout()
        for button in (self.set_token, self.delete_token, self.test):
            buttons.addWidget(button)
        form.addRow(buttons)
        form.addRow(self.test_result)
        self.runner.start(
            self.vault.backend_name, self._show_backend, self._keyring_failed, keyring=True
        )

    def show_store(self, name: str | None) -> None:
        """The token of the store ``name``; None for a store not saved yet."""
        self.editing = name
        self._test_seq += 1
        self.test_result.clear()
        if name is None:
            self.token_state.setText("save the store first")
        else:
            self._refresh_token()

    def _account(self, name: str) -> str:
        """The keyring entry of a store's token: its stable key."""
        return self.registry.get(name).account

    def _show_backend(self, name: object) -> None:
        self.backend.setText(f"Keyring: {name}")

    def _keyring_failed(self, exc: Exception) -> None:
        self.token_state.setText(str(exc))
        set_state(self.token_state, "problem", "error")

    def _refresh_token(self) -> None:
        name = self.editing
        if not name:
            return
        self._status_seq += 1
        seq = self._status_seq
        self.token_state.setText("checking…")
        account = self._account(name)
        self.runner.start(
            lambda: self.vault.status(account, name),
            lambda status: self._show_status(status, seq),
            self._keyring_failed,
            keyring=True,
        )

    def _show_status(self, status: TokenStatus, seq: int) -> None:
        if status.store != self.editing or seq != self._status_seq:
            return  # an older check answered late
        set_state(self.token_state, "problem", "")
        if status.is_set:
            self.token_state.setText(f"set ({status.fingerprint}, from {status.source})")
        else:
            self.token_state.setText("not set")

    def _set_token(self) -> None:
        name = self.editing
        if not name:
            QMessageBox.information(self, "Save the store first", "Save the store, then its token.")
            return
        try:  # checked here too, so a mangled paste is said at once, where it was typed
            token = check_token(self.token_entry.text())
        except TokenFormatError as exc:
            self._status_seq += 1  # a status check still under way must not overwrite this
            self.token_entry.clear()
            self.token_state.setText(f"not saved: {exc}")
            set_state(self.token_state, "problem", "error")
            return
        self.token_entry.clear()
        set_state(self.token_state, "problem", "")

        def saved(fingerprint: object) -> None:
            self._status_seq += 1  # a check started before the save must not overwrite this
            self._test_seq += 1  # nor a verdict about the token it replaced
            self.test_result.clear()
            self.token_state.setText(f"saved ({fingerprint})")
            self.token_changed.emit(name)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "Token not saved", str(exc))
            self._refresh_token()

        account = self._account(name)
        self.runner.start(lambda: self.vault.set(account, token, name), saved, failed, keyring=True)

    def _delete_token(self) -> None:
        name = self.editing
        if not name:
            return
        answer = QMessageBox.question(self, "Delete token", f"Delete the token of {name!r}?")
        if answer != QMessageBox.StandardButton.Yes:
            return

        def deleted(existed: object) -> None:
            self._status_seq += 1
            self._test_seq += 1
            self.test_result.clear()
            self.token_state.setText("deleted" if existed else "not set")
            self.token_changed.emit(name)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "Token not deleted", str(exc))

        account = self._account(name)
        self.runner.start(lambda: self.vault.delete(account, name), deleted, failed, keyring=True)

    def _test(self) -> None:
        if not self.editing:
            return
        store = self.registry.get(self.editing)
        self.test.setEnabled(False)
        self._test_seq += 1
        seq = self._test_seq
        self.test_result.setText("Testing… (an empty batch, so no analytics are touched)")

        def done(report: ProbeReport) -> None:
            self.test.setEnabled(True)
            if seq != self._test_seq or self.editing != store.name:
                return  # another store or another token since: this verdict is not about it
            self.token_tested.emit(store.name, report.verdict)
            status = report.result.status
            answer = f"HTTP {status}" if status is not None else report.result.outcome.title
            self.test_result.setText(
                f"{report.verdict.upper()} ({answer}, history entry {report.entry_id}): "
                f"{report.statement}"
            )

        def failed(exc: Exception) -> None:
            self.test.setEnabled(True)
            if seq == self._test_seq and self.editing == store.name:
                self.test_result.setText(f"Not tested: {exc}")

        self.runner.start(lambda: self.probe(store), done, failed, network=True)
