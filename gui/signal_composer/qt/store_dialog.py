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
from signal_composer.qt.token_panel import TokenPanel
from signal_composer.qt.workers import Runner
from signal_composer.store.probe import ProbeReport
from signal_composer.store.removal import Removal, remove_store
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
from signal_composer.store.tokens import TokenVault


class StoreDialog(QDialog):
    """Edits the stores of the registry; keyring work runs in the runner, off the GUI thread.

    Signals:
        stores_changed(): a store was added, edited or removed.
        token_changed(str): a store's token was set or deleted (its name).
        token_tested(str, str): Test token reached a verdict on a store's token (its name, and
            works, refused, no store, unresolved or unknown).
    """

    stores_changed = Signal()
    token_changed = Signal(str)
    token_tested = Signal(str, str)

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
        self.working = False  # a save or removal is under way in the runner
        self.list = QListWidget(self)
        self.list.setObjectName("storeList")
        self.list.currentTextChanged.connect(self._load)
        self.new = QPushButton("New store", self)
        self.new.setObjectName("newStore")
        self.new.clicked.connect(self._new)
        self.remove = QPushButton("Remove", self)
        self.remove.setObjectName("removeStore")
        self.remove.clicked.connect(self._remove)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new)
        row.addWidget(self.remove)
        left.addLayout(row)

        self.name = QLineEdit(self)
        self.name.setObjectName("storeName")
        self.store_id = QLineEdit(self)
        self.store_id.setObjectName("storeId")
        self.store_id.setPlaceholderText("the signal store's ID, e.g. a UUID")
        self.store_id.textEdited.connect(self._check)
        self.id_message = MessageLabel(self, lines=3)
        self.base_url = QLineEdit(self)
        self.base_url.setObjectName("baseUrl")
        self.base_url.setPlaceholderText(
            "optional: https://… (http:// only to 127.0.0.1); {storeId} is filled in"
        )
        self.base_url.textEdited.connect(self._check)
        self.url_message = MessageLabel(self, lines=3)
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

        self.work = MessageLabel(self, lines=2)  # what a save or removal is doing, its result
        self.work.setObjectName("storeWork")
        form.addRow("", self.work)
        self.tokens = TokenPanel(registry, vault, runner, probe, self)
        self.tokens.token_changed.connect(self.token_changed)
        self.tokens.token_tested.connect(self.token_tested)

        right = QVBoxLayout()
        right.addWidget(store_box)
        right.addWidget(self.tokens)
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
        self.remove.setEnabled(not store.builtin_mock and not self.working)
        self._check()
        self.tokens.show_store(name)

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
        self.tokens.show_store(None)
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
        self.save.setEnabled(ok and not self.working)
        return ok

    def _save(self) -> None:
        if not self._check():
            return
        replacing = self.editing
        current = self.registry.get(replacing) if replacing else None
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
        except StoreError as exc:
            QMessageBox.warning(self, "Store not saved", str(exc))
            return

        def saved(saved: Store) -> None:
            self._finish(f"Saved the store {saved.name!r}.")
            self.stores_changed.emit()
            self._fill(saved.name)

        def failed(exc: Exception) -> None:
            self._finish(f"Not saved: {exc}", problem=True)
            QMessageBox.warning(self, "Store not saved", str(exc))

        # The config is changed under a file lock another process may hold (up to 10 s), and a
        # rename rewrites the history: both in the runner, never on the GUI thread.
        self._start(f"Saving the store {store.name!r}…")
        self.runner.start(lambda: self.registry.put(store, replacing=replacing), saved, failed)

    def _remove(self) -> None:
        name = self.editing
        if not name:
            return
        answer = QMessageBox.question(
            self,
            "Remove store",
            f"Remove the store {name!r} and delete its token from the keyring? Its history stays.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def removed(removal: Removal) -> None:
            problem = removal.token_problem is not None
            self._finish(removal.statement() + ".", problem=problem)
            self.stores_changed.emit()
            self.token_changed.emit(name)
            self._fill(self.registry.names()[0])
            if problem:
                QMessageBox.warning(self, "Token may remain in the keyring", removal.statement())

        def failed(exc: Exception) -> None:
            self._finish(f"Not removed: {exc}", problem=True)
            QMessageBox.warning(self, "Store not removed", str(exc))

        self._start(f"Removing the store {name!r} and its token…")
        self.runner.start(
            lambda: remove_store(self.registry, self.vault, name), removed, failed, keyring=True
        )

    def _start(self, doing: str) -> None:
        """A save or removal runs: said, and no second one starts until it ends."""
        self.working = True
        for widget in (self.save, self.remove, self.new, self.list):
            widget.setEnabled(False)
        set_state(self.work, "problem", "")
        self.work.setText(doing + " (waits while another Signal Composer changes the stores)")

    def _finish(self, result: str, problem: bool = False) -> None:
        self.working = False
        self.new.setEnabled(True)
        self.list.setEnabled(True)
        self.work.setText(result)
        set_state(self.work, "problem", "error" if problem else "")
        self._check()
        editing = self.registry.get(self.editing) if self.editing in self.registry.names() else None
        self.remove.setEnabled(editing is not None and not editing.builtin_mock)
