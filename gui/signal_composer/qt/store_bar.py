"""The top bar: target store (production badge, token state), signal type and Send."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from signal_composer.qt.look import BADGE_SHEET, RAW_BADGE_SHEET, emphasis, set_state
from signal_composer.signals.types import SIGNAL_TYPES, SignalType

if TYPE_CHECKING:
    from signal_composer.store.stores import Store


class StoreBar(QWidget):
    """Picks where and what to send.

    Signals:
        store_changed(str): another store was picked (its name).
        kind_changed(str): another signal type was picked.
        manage_requested(): the user asked for the stores dialog.
        send_clicked(): Send (or Cancel, while sending) was pressed.
    """

    store_changed = Signal(str)
    kind_changed = Signal(str)
    manage_requested = Signal()
    send_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stores = QComboBox(self)
        self.stores.setObjectName("store")
        self.stores.setAccessibleName("Target store")
        self.stores.setMinimumWidth(180)
        self.stores.currentTextChanged.connect(self._store_changed)
        self.badge = QLabel("PRODUCTION", self)
        self.badge.setObjectName("productionBadge")
        self.badge.setToolTip("Sends to this store reach real analytics; each send asks first")
        self.badge.setStyleSheet(BADGE_SHEET)
        self.badge.hide()
        self.token = QLabel(self)
        self.token.setObjectName("tokenState")
        self.fix_token = QPushButton("Fix token…", self)
        self.fix_token.setObjectName("fixToken")
        self.fix_token.setToolTip("Open this store's token in Stores & tokens")
        self.fix_token.hide()
        self.manage = QPushButton("Stores && tokens…", self)
        self.manage.setObjectName("manageStores")
        self.manage.clicked.connect(self.manage_requested)
        self.kind = QComboBox(self)
        self.kind.setObjectName("signalType")
        self.kind.setAccessibleName("Signal type")
        self.kind.addItems(list(SIGNAL_TYPES))
        self.kind.currentTextChanged.connect(self.kind_changed)
        self.raw_badge = QLabel("RAW", self)
        self.raw_badge.setObjectName("rawBadge")
        self.raw_badge.setToolTip(
            "Raw mode: Send sends the JSON tab's text exactly as typed, not the form. "
            "Turn it off under the JSON tab."
        )
        self.raw_badge.setAccessibleName("Raw mode is on")
        self.raw_badge.setStyleSheet(RAW_BADGE_SHEET)
        self.raw_badge.hide()
        self.send = QPushButton("Send", self)
        self.send.setObjectName("send")
        self.send.setToolTip("Send the request (Ctrl+Enter)")
        self.send.setDefault(True)
        self.send.setFont(emphasis())
        self.send.setMinimumWidth(80)
        self.send.clicked.connect(self.send_clicked)
        self._quiet = False
        layout = QHBoxLayout(self)
        store_label = QLabel("&Store", self)
        store_label.setBuddy(self.stores)
        kind_label = QLabel("&Type", self)
        kind_label.setBuddy(self.kind)
        for widget in (
            store_label,
            self.stores,
            self.badge,
            self.token,
            self.fix_token,
            self.manage,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        for widget in (kind_label, self.kind, self.raw_badge, self.send):
            layout.addWidget(widget)

    def _store_changed(self, name: str) -> None:
        if not self._quiet and name:
            self.store_changed.emit(name)

    def set_stores(self, names: Sequence[str], current: str) -> None:
        self._quiet = True
        self.stores.clear()
        self.stores.addItems(list(names))
        index = self.stores.findText(current)
        self.stores.setCurrentIndex(max(index, 0))
        self._quiet = False

    def show_store(self, store: Store) -> None:
        self.badge.setVisible(store.production)
        tip = "the built-in local mock store" if store.builtin_mock else store.base()
        self.stores.setToolTip(f"{store.name}: {tip}")

    def set_token_state(self, text: str, state: str) -> None:
        """state: ok, missing, error or pending; a refused or missing token offers Fix token…"""
        self.token.setText(text)
        set_state(self.token, "state", state)
        self.fix_token.setVisible(state in {"error", "missing"} and "keyring" not in text)

    def set_raw(self, raw: bool) -> None:
        """Shows (or hides) the RAW badge beside Send; Send's tooltip says what it sends."""
        self.raw_badge.setVisible(raw)
        if self.send.text() == "Send":
            self.send.setToolTip(
                "Send the JSON text exactly as typed (raw mode; Ctrl+Enter)"
                if raw
                else "Send the request (Ctrl+Enter)"
            )

    def set_kind(self, kind: SignalType) -> None:
        if self.kind.currentText() != kind:
            self.kind.blockSignals(True)
            self.kind.setCurrentText(kind)
            self.kind.blockSignals(False)

    def set_sending(self, sending: bool) -> None:
        self.send.setText("Cancel" if sending else "Send")
        self.send.setToolTip(
            "Cancel the send (Esc)" if sending else "Send the request (Ctrl+Enter)"
        )
