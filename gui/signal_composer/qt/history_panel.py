"""The history panel: filter and search every request, inspect, resend, diff, export, delete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.history_details import EntryDetails
from signal_composer.qt.history_diff import DiffDialog
from signal_composer.qt.history_model import HistoryModel
from signal_composer.qt.workers import Runner
from signal_composer.signals.types import SIGNAL_TYPES
from signal_composer.store.history import INTERRUPTED, SENDING, Entry, Filter, History
from signal_composer.store.history_rows import outcome_title
from signal_composer.store.outcomes import NETWORK_KINDS, Kind

if TYPE_CHECKING:
    from signal_composer.store.export import ExportFormat

OUTCOMES: Final = (
    *(str(k) for k in Kind if k not in NETWORK_KINDS and k is not Kind.CANCELLED),  # answers
    *(str(k) for k in Kind if k in NETWORK_KINDS),  # no answer
    str(Kind.CANCELLED),
    INTERRUPTED,
    SENDING,
)
"""The outcome filter's choices: the kinds of outcomes.py, then the states of unfinished sends."""
ALL: Final = "All"
POLL_MS: Final = 1000


class HistoryPanel(QWidget):
    """Every request ever sent, newest first; refreshes when any process adds an entry.

    Signals:
        resend_requested(int): send this entry's body again (the window confirms and sends).
        open_requested(int): load this entry's body into the composer.
        changed(): the list was reloaded (tests and benchmarks wait on it).
        message(str, int): a confirmation for the status bar (text, milliseconds).
    """

    resend_requested = Signal(int)
    open_requested = Signal(int)
    changed = Signal()
    message = Signal(str, int)

    def __init__(self, history: History, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.history = history
        self.runner = runner
        self.model = HistoryModel(history)
        self._query_seq = 0
        self._shown_seq = 0
        self._version = history.data_version()
        self.store = self._combo("history.store", "Store")
        self.kind = self._combo("history.type", "Type", SIGNAL_TYPES)
        self.outcome = self._combo("history.outcome", "Outcome", OUTCOMES, outcome_title)
        self.status = QLineEdit(self)
        self.status.setObjectName("history.status")
        self.status.setPlaceholderText("status")
        self.status.setMaximumWidth(70)
        self.status.setAccessibleName("Filter by HTTP status")
        self.search = QLineEdit(self)
        self.search.setObjectName("history.search")
        self.search.setPlaceholderText("Search bodies and ids (visitorId, queryId, orderId…)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the history")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        for edit in (self.status, self.search):
            edit.textChanged.connect(self._debounce.start)
        self.table = QTableView(self)
        self.table.setObjectName("history.table")
        self.table.setAccessibleName("History")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 100, 70, 60, 120, 50, 70)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda index: self.open_requested.emit(self._id(index)))
        self.details = EntryDetails(self)
        self.buttons: dict[str, QPushButton] = {}
        self.action_grid = QGridLayout()
        for name, label, slot, tip in (
            ("resend", "Resend", self._resend, "Send the selected entry's body again"),
            ("open", "Open", self._open, "Open the selected entry in the composer"),
            ("diff", "Diff", self.diff, "Compare two selected entries side by side"),
            ("curl", "Copy cURL", self.copy_curl, "Copy as cURL (token as $SIGNAL_COMPOSER_TOKEN)"),
            ("export", "Export…", self.export, "Export the selected entries: HAR, JSON or cURL"),
            ("delete", "Delete", self.delete, "Delete the selected entries"),
            ("clear", "Clear…", self.clear, "Delete every entry"),
        ):
            button = QPushButton(label, self)
            button.setObjectName(f"history.{name}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.filter_grid = QGridLayout()
        top = QWidget(self)
        self.top_layout = QVBoxLayout(top)
        self.top_layout.setContentsMargins(0, 0, 0, 0)
        self.top_layout.addLayout(self.filter_grid)
        self.top_layout.addWidget(self.table, 1)
        self.top_layout.addLayout(self.action_grid)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(top)
        splitter.addWidget(self.details)
        splitter.setSizes([620, 480])
        self.splitter = splitter
        self.set_orientation(Qt.Orientation.Horizontal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(splitter)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_for_changes)
        self._poll.start()
        self._update_buttons()
        self.reload()

    def _combo(
        self,
        name: str,
        label: str,
        items: tuple[str, ...] = (),
        title: Callable[[str], str] = str,
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(f"Filter by {label.lower()}")
        combo.addItem(f"{ALL} {label.lower()}s" if label != "Status" else ALL, None)
        for item in items:
            combo.addItem(title(item), item)
        combo.currentIndexChanged.connect(self.reload)
        return combo

    # ---- loading --------------------------------------------------------------------------

    def current_filter(self) -> Filter:
        status_text = self.status.text().strip()
        return Filter(
            store=self.store.currentData(),
            kind=self.kind.currentData(),
            outcome=self.outcome.currentData(),
            status=int(status_text) if status_text.isdigit() else None,
            contains=self.search.text().strip() or None,
        )

    def reload(self) -> None:
        """Runs the filter in a worker; the newest answer wins."""
        self._query_seq += 1
        seq = self._query_seq
        filt = self.current_filter()
        selected = self.selected_ids()

        def show(ids: list[int]) -> None:
            if seq != self._query_seq:
                return
            self._shown_seq = seq
            self.model.set_ids(ids)
            self._reselect(selected)
            self.changed.emit()

        self.runner.start(lambda: self.history.ids(filt), show, self._failed)
        self.runner.start(self.history.stores, self._fill_stores, self._failed)

    def set_orientation(self, orientation: Qt.Orientation) -> None:
        """Wide dock (bottom): details beside the list, filters and actions in one row each.
        Tall dock (sides): details below, filters and actions on two rows, so it fits narrow."""
        self.splitter.setOrientation(orientation)
        wide = orientation == Qt.Orientation.Horizontal
        columns = 7 if wide else 4
        for position, button in enumerate(self.buttons.values()):
            self.action_grid.addWidget(button, position // columns, position % columns)
        filters = [self.store, self.kind, self.outcome, self.status, self.search]
        if wide:
            for column, widget in enumerate(filters):
                self.filter_grid.addWidget(widget, 0, column)
            self.filter_grid.setColumnStretch(4, 1)
        else:
            for column, widget in enumerate(filters[:3]):
                self.filter_grid.addWidget(widget, 0, column)
            self.filter_grid.addWidget(self.status, 1, 0)
            self.filter_grid.addWidget(self.search, 1, 1, 1, 2)
            self.filter_grid.setColumnStretch(4, 0)
        # Qt keeps the old minimum width until the layouts above the grids are invalidated too.
        for layout in (self.top_layout, self.layout()):
            if layout is not None:
                layout.invalidate()
        self.splitter.updateGeometry()

    @property
    def settled(self) -> bool:
        """No filter change is pending and the newest query's answer is shown."""
        return not self._debounce.isActive() and self._shown_seq == self._query_seq

    def _fill_stores(self, names: list[str]) -> None:
        current = self.store.currentData()
        wanted = [None, *names]
        if [self.store.itemData(i) for i in range(self.store.count())] == wanted:
            return
        self.store.blockSignals(True)
        self.store.clear()
        self.store.addItem(f"{ALL} stores", None)
        for name in names:
            self.store.addItem(name, name)
        self.store.setCurrentIndex(max(self.store.findData(current), 0))
        self.store.blockSignals(False)

    def stop_polling(self) -> None:
        """Stops watching the history file for other processes' entries (the window is closing)."""
        self._poll.stop()

    def _check_for_changes(self) -> None:
        version = self.history.data_version()
        if version != self._version:
            self._version = version
            self.reload()

    def _failed(self, exc: Exception) -> None:
        self.details.title.setText(f"The history cannot be read: {exc}")

    # ---- selection ------------------------------------------------------------------------

    def _id(self, index: QModelIndex) -> int:
        value = self.model.data(index, Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else -1

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.ids[r] for r in rows if r < len(self.model.ids)]

    def select_ids(self, ids: list[int]) -> None:
        self._reselect(ids)

    def _reselect(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for entry_id in ids:
            row = self.model.row_of(entry_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)
        self._selection_changed()

    def _selection_changed(self, *_: object) -> None:
        ids = self.selected_ids()
        self._update_buttons()
        if len(ids) == 1:
            try:
                self.details.show_entry(self.history.get(ids[0]))
            except Exception as exc:  # a deleted entry: say so, do not crash
                self.details.title.setText(str(exc))
        else:
            self.details.show_entry(None)
            if ids:
                self.details.title.setText(f"{len(ids)} entries selected.")

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        for name in ("resend", "open", "curl"):
            self.buttons[name].setEnabled(count == 1)
        self.buttons["diff"].setEnabled(count == 2)
        self.buttons["export"].setEnabled(count >= 1)
        self.buttons["delete"].setEnabled(count >= 1)

    def _entries(self) -> list[Entry]:
        return [self.history.get(i) for i in self.selected_ids()]

    # ---- actions --------------------------------------------------------------------------

    def _resend(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.resend_requested.emit(ids[0])

    def _open(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_requested.emit(ids[0])

    def diff(self) -> DiffDialog | None:
        entries = self._entries()
        if len(entries) != 2:
            return None
        dialog = DiffDialog(entries[1], entries[0], self)  # older on the left
        dialog.show()
        dialog.activateWindow()  # its keys (F7, Shift+F7) work at once
        return dialog

    def copy_curl(self) -> None:
        from signal_composer.store.export import curl_note, to_curl

        entries = self._entries()
        if len(entries) == 1:
            entry = entries[0]
            QGuiApplication.clipboard().setText(to_curl(entry))
            note = curl_note(entry)
            said = f", {note}" if note.startswith("commented out") else f" ({note})"
            self.message.emit(f"cURL command of entry {entry.id} copied{said}", 8000)

    def export(self) -> None:
        from signal_composer.qt.history_export import ask_export_path

        chosen = ask_export_path(self, len(self.selected_ids()))
        if chosen is not None:
            self.export_to(chosen[0], chosen[1].format)

    def export_to(self, path: str, fmt: ExportFormat) -> None:
        from signal_composer.qt.history_export import KINDS
        from signal_composer.store.export import export
        from signal_composer.store.paths import write_private

        entries = self._entries()
        text = export(entries, fmt)
        label = next(k.label for k in KINDS if k.format == fmt)

        def done(_: object) -> None:
            said = f"Exported {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} to {path}"
            self.details.title.setText(f"{said} ({label}).")
            self.message.emit(f"{said} ({label})", 8000)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "Not exported", f"{path}: {exc}")

        self.runner.start(lambda: write_private(Path(path), text.encode("utf-8")), done, failed)

    def delete(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            "Delete entries",
            f"Delete {len(ids)} history entr{'y' if len(ids) == 1 else 'ies'}?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.start(
                lambda: self.history.delete(ids), lambda _: self.reload(), self._failed
            )

    def clear(self) -> None:
        total = self.history.count()
        if not total:
            return
        answer = QMessageBox.question(
            self,
            "Clear the history",
            f"Delete all {total} history entries? This cannot be undone; export them first "
            "if you need the evidence.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.start(self.history.clear, lambda _: self.reload(), self._failed)
