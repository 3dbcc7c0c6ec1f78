"""The history panel: filter and search every request, inspect, resend, diff, export, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.history_actions import HistoryActions
from signal_composer.qt.history_details import EntryDetails
from signal_composer.qt.history_model import COLUMNS, HistoryModel
from signal_composer.qt.workers import Runner
from signal_composer.signals.types import SIGNAL_TYPES
from signal_composer.store.history import INTERRUPTED, SENDING, Entry, Filter, History
from signal_composer.store.history_rows import outcome_title
from signal_composer.store.outcomes import NETWORK_KINDS, Kind

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
        self._details_seq = 0
        self.commands = HistoryActions(self, self)
        self.commands.message.connect(self.message)
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
        acts = self.commands
        for name, label, slot, tip in (
            ("resend", "Resend", self._resend, "Send the selected entry's body again"),
            ("open", "Open", self._open, "Open the selected entry in the composer"),
            ("diff", "Diff", acts.diff, "Compare two selected entries side by side"),
            ("curl", "Copy cURL", acts.copy_curl, "Copy as cURL (token as $SIGNAL_COMPOSER_TOKEN)"),
            ("export", "Export…", acts.export, "Export the selected entries: HAR, JSON or cURL"),
            ("delete", "Delete", acts.delete, "Delete the selected entries"),
            ("clear", "Clear…", acts.clear, "Delete every entry"),
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
        self.update_buttons()
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
        # From the selection's ranges: selectedRows() asks the model of every cell (1.4 s for
        # 50,000 chosen rows), the ranges are one per block of rows.
        rows: set[int] = set()
        for block in self.table.selectionModel().selection().toList():
            rows.update(range(block.top(), block.bottom() + 1))
        return [self.model.ids[r] for r in sorted(rows) if r < len(self.model.ids)]

    def select_ids(self, ids: list[int]) -> None:
        self._reselect(ids)

    def _reselect(self, ids: list[int]) -> None:
        """Chooses these entries' rows in one step, runs of rows as one range each (row by
        row, a reload with 5,000 chosen rows took 40 s: each row's selection looked at all
        the others)."""
        where = {entry_id: row for row, entry_id in enumerate(self.model.ids)}
        rows = sorted(where[i] for i in ids if i in where)
        chosen = QItemSelection()
        last = len(COLUMNS) - 1
        start = 0
        for n in range(1, len(rows) + 1):
            if n == len(rows) or rows[n] != rows[n - 1] + 1:
                top, bottom = self.model.index(rows[start], 0), self.model.index(rows[n - 1], last)
                chosen.select(top, bottom)
                start = n
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(chosen, flags | QItemSelectionModel.SelectionFlag.Rows)
        self._selection_changed()

    def _selection_changed(self, *_: object) -> None:
        ids = self.selected_ids()
        self.update_buttons()
        self._details_seq += 1
        if len(ids) == 1:  # read in a worker; the newest selection's entry wins
            seq, history, entry_id = self._details_seq, self.history, ids[0]

            def show(entry: Entry) -> None:
                if seq == self._details_seq:
                    self.details.show_entry(entry)

            def failed(exc: Exception) -> None:  # a deleted entry: say so, do not crash
                if seq == self._details_seq:
                    self.details.show_entry(None)
                    self.details.title.setText(str(exc))

            self.runner.start(lambda: history.get(entry_id), show, failed)
        else:
            self.details.show_entry(None)
            if ids:
                self.details.title.setText(f"{len(ids)} entries selected.")

    def update_buttons(self) -> None:
        count = len(self.selected_ids())
        for name in ("resend", "open", "curl"):
            self.buttons[name].setEnabled(count == 1)
        self.buttons["diff"].setEnabled(count == 2)
        self.buttons["export"].setEnabled(count >= 1 and not self.commands.exporting)
        self.buttons["delete"].setEnabled(count >= 1)

    # ---- actions --------------------------------------------------------------------------

    def _resend(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.resend_requested.emit(ids[0])

    def _open(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_requested.emit(ids[0])
