"""Stores and tokens: add, edit and remove stores; set, replace, delete and test a token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.fields import MessageLabel
from signal_composer.qt.look import set_state
from signal_composer.qt.workers import Runner
from signal_composer.store.probe import ProbeReport
from signal_composer.store.stores import (
    PRODUCTION_HOST,
    STORE_ID_FIELD,
    Store,
    StoreError,
    StoreRegistry,
    check_base_url,
    check_store_id,
)
from signal_composer.store.stores import make_store as build_store
from signal_composer.store.tokens import TokenFormatError, TokenStatus, TokenVault, check_token


class StoreDialog(QDialog):
    """Edits the stores of the registry; keyring work runs in the runner, off the GUI thread.

    Signals:
        stores_changed(): a store was added, edited or removed.
        token_changed(str): a store's token was set or deleted (its name).
    """

    stores_changed = Signal()
    token_changed = Signal(str)

    def __init__(
        self,
        registry: StoreRegistry,
        vault: TokenVault,
        runner: Runner,
        probe: Callable[[Store], ProbeReport],
        current: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stores and tokens")
        self.setObjectName("storeDialog")
        self.registry = registry
        self.vault = vault
        self.runner = runner
        self.probe = probe
        self.editing: str | None = None
        self._status_seq = 0
        self._test_seq = 0
        self.list = QListWidget(self)
        self.list.setObjectName("storeList")
        self.list.currentTextChanged.connect(self._load)
        new = QPushButton("New store", self)
        new.setObjectName("newStore")
        new.clicked.connect(self._new)
        self.remove = QPushButton("Remove", self)
        self.remove.setObjectName("removeStore")
        self.remove.clicked.connect(self._remove)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(new)
        row.addWidget(self.remove)
        left.addLayout(row)

        self.name = QLineEdit(self)
        self.name.setObjectName("storeName")
        self.store_id = QLineEdit(self)
        self.store_id.setObjectName("storeId")
        self.store_id.setPlaceholderText("the signal store's ID, e.g. a UUID")
        self.store_id.textEdited.connect(self._check)
        self.id_message = MessageLabel(self)
        self.base_url = QLineEdit(self)
        self.base_url.setObjectName("baseUrl")
        self.base_url.setPlaceholderText(
            "optional: https://… (http:// only to 127.0.0.1); {storeId} is filled in"
        )
        self.base_url.textEdited.connect(self._check)
        self.url_message = MessageLabel(self)
        self.production = QCheckBox("Production store: ask before every send", self)
        self.production.setObjectName("production")
        self.auth = QComboBox(self)
        self.auth.setObjectName("authForm")
        self.auth.addItem("Bare token (the docs' form)", "bare")
        self.auth.addItem("Bearer <token>", "bearer")
        self.endpoint = QLabel(self)
        self.endpoint.setObjectName("endpoint")
        self.endpoint.setWordWrap(True)
        self.save = QPushButton("Save store", self)
        self.save.setObjectName("saveStore")
        self.save.clicked.connect(self._save)
        store_box = QGroupBox("Store", self)
        form = QFormLayout(store_box)
        form.addRow("&Name", self.name)
        form.addRow("Store &ID", self.store_id)
        form.addRow("", self.id_message)
        form.addRow("&Base URL", self.base_url)
        form.addRow("", self.url_message)
        form.addRow("&Auth form", self.auth)
        form.addRow("", self.production)
        form.addRow("Endpoint", self.endpoint)
        form.addRow("", self.save)

        self.backend = QLabel("Keyring: checking…", self)
        self.backend.setObjectName("keyringBackend")
        self.backend.setWordWrap(True)
        self.token_state = QLabel(self)
        self.token_state.setWordWrap(True)  # a refusal names the character and what to do
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
        token_box = QGroupBox("Embed token (kept in the OS keyring only)", self)
        token_form = QFormLayout(token_box)
        token_form.addRow(self.backend)
        token_form.addRow("Status", self.token_state)
        token_form.addRow("New &token", self.token_entry)
        buttons = QHBoxLayout()
        for button in (self.set_token, self.delete_token, self.test):
            buttons.addWidget(button)
        token_form.addRow(buttons)
        token_form.addRow(self.test_result)

        right = QVBoxLayout()
        right.addWidget(store_box)
        right.addWidget(token_box)
        right.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(close)
        self.resize(860, 560)
        self._fill(current)
        self.runner.start(self.vault.backend_name, self._show_backend, self._keyring_failed)

    # ---- stores ---------------------------------------------------------------------------

    def _fill(self, current: str) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems(self.registry.names())
        self.list.blockSignals(False)
        matches = self.list.findItems(current, Qt.MatchFlag.MatchExactly)
        self.list.setCurrentRow(self.list.row(matches[0]) if matches else 0)
        item = self.list.currentItem()
        self._load(item.text() if item is not None else "")

    def _load(self, name: str) -> None:
        if not name:
            return
        store = self.registry.get(name)
        self.editing = name
        self.name.setText(store.name)
        self.store_id.setText(store.store_id)
        self.base_url.setText(store.base_url or "")
        self.production.setChecked(store.production)
        self.auth.setCurrentIndex(0 if store.auth == "bare" else 1)
        for widget in (self.name, self.store_id, self.base_url, self.auth):
            widget.setEnabled(not store.builtin_mock)
        self.remove.setEnabled(not store.builtin_mock)
        self._test_seq += 1
        self.test_result.clear()
        self._check()
        self._refresh_token()

    def _new(self) -> None:
        self.list.clearSelection()
        self.editing = None
        for widget in (self.name, self.store_id, self.base_url, self.auth):
            widget.setEnabled(True)
        self.name.setText("")
        self.store_id.setText("")
        self.base_url.setText("")
        self.production.setChecked(False)
        self.auth.setCurrentIndex(0)
        self.token_state.setText("save the store first")
        self._test_seq += 1
        self.test_result.clear()
        self.name.setFocus()
        self._check()

    def _check(self, *_: Any) -> bool:
        """Live checks of the store ID and base URL, with the core's messages."""
        ok = True
        store_id = self.store_id.text()
        id_problem = None
        if self.store_id.isEnabled():
            try:
                check_store_id(store_id)
            except StoreError as exc:
                id_problem, ok = str(exc), False
        self.id_message.show_message(id_problem)
        url_problem = None
        if self.base_url.text().strip():
            try:
                check_base_url(self.base_url.text().strip())
            except StoreError as exc:
                url_problem, ok = str(exc), False
        self.url_message.show_message(url_problem)
        if ok and self.store_id.isEnabled():
            base = self.base_url.text().strip().rstrip("/") or (
                "https://" + PRODUCTION_HOST.format(store_id=store_id.lower())
            )
            base = base.replace(STORE_ID_FIELD, store_id.lower())
            self.endpoint.setText(f"{base}/retail/signals/{{type}}")
        elif not self.store_id.isEnabled():
            self.endpoint.setText("in-process mock on a free loopback port")
        else:
            self.endpoint.setText("")
        self.save.setEnabled(ok)
        return ok

    def _save(self) -> None:
        if not self._check():
            return
        current = self.registry.get(self.editing) if self.editing else None
        try:
            if current is not None and current.builtin_mock:
                store = current.model_copy(update={"production": self.production.isChecked()})
            else:
                store = build_store(
                    name=self.name.text().strip(),
                    store_id=self.store_id.text().strip(),
                    base_url=self.base_url.text().strip() or None,
                    production=self.production.isChecked(),
                    auth=self.auth.currentData(),
                )
            self.registry.put(store, replacing=self.editing)
        except (StoreError, OSError) as exc:
            QMessageBox.warning(self, "Store not saved", str(exc))
            return
        self.stores_changed.emit()
        self._fill(store.name)

    def _remove(self) -> None:
        if not self.editing:
            return
        answer = QMessageBox.question(
            self,
            "Remove store",
            f"Remove the store {self.editing!r}? Its history stays; its token stays in the "
            "keyring until you delete it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.registry.remove(self.editing)
        except (StoreError, OSError) as exc:
            QMessageBox.warning(self, "Store not removed", str(exc))
            return
        self.stores_changed.emit()
        self._fill(self.registry.names()[0])

    # ---- tokens ---------------------------------------------------------------------------

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
        self.runner.start(
            lambda: self.vault.status(self._account(name), name),
            lambda status: self._show_status(status, seq),
            self._keyring_failed,
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

        self.runner.start(lambda: self.vault.set(self._account(name), token, name), saved, failed)

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

        self.runner.start(lambda: self.vault.delete(self._account(name), name), deleted, failed)

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
