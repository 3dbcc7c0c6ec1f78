"""The history as a lazy table model: all matching ids in memory, rows read from SQLite by page."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.core.history import History, Summary

COLUMNS: Final = ("Time", "Store", "Type", "Signals", "Outcome", "Status", "Duration")
PAGE: Final = 200
CACHE_ROWS: Final = 4000

# Colours by outcome: green accepted, red rejected, orange network failures and interrupted.
_GOOD: Final = QColor("#1e8e3e")
_BAD: Final = QColor("#d93025")
_NETWORK: Final = QColor("#b06000")
_NETWORK_KINDS: Final = frozenset(
    {"timeout", "refused", "connection_lost", "tls", "network", "unknown_store"}
)
_INTERRUPTED_BACKGROUND: Final = QColor(255, 171, 64, 70)

Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """Rows of the history, newest first, for the ids a filter matched."""

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history
        self.ids: list[int] = []
        self._rows: OrderedDict[int, Summary] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_ids(self, ids: list[int]) -> None:
        """Shows these entries (a new filter result or a refresh)."""
        self.beginResetModel()
        self.ids = ids
        self._rows.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def summary(self, row: int) -> Summary | None:
        """The row's entry, reading its page from SQLite when it is not cached."""
        if not 0 <= row < len(self.ids):
            return None
        entry_id = self.ids[row]
        found = self._rows.get(entry_id)
        if found is not None:
            self._rows.move_to_end(entry_id)
            return found
        start = row - row % PAGE
        page = self.history.summaries(self.ids[start : start + PAGE])
        self._rows.update(page)
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)
        return page.get(entry_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.summary(index.row())
        if s is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(s, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QBrush(_colour(s))
        if role == Qt.ItemDataRole.BackgroundRole and s.state != "done":
            return QBrush(_INTERRUPTED_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and s.state != "done":
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Entry {s.id}: {s.outcome_label}" + (" (production)" if s.production else "")
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        return None

    def row_of(self, entry_id: int) -> int:
        try:
            return self.ids.index(entry_id)
        except ValueError:
            return -1


def _display(s: Summary, column: int) -> str:
    if column == 0:
        return datetime.fromtimestamp(s.created_at).strftime("%Y-%m-%d %H:%M:%S")
    if column == 1:
        return s.store
    if column == 2:
        return s.kind
    if column == 3:
        return str(s.signal_count)
    if column == 4:
        return s.outcome_label.replace("_", " ")
    if column == 5:
        return "" if s.status is None else str(s.status)
    return "" if s.duration_ms is None else f"{s.duration_ms:.0f} ms"


def _colour(s: Summary) -> QColor:
    if s.state != "done":
        return _NETWORK
    if s.outcome == "accepted":
        return _GOOD
    if s.outcome in _NETWORK_KINDS:
        return _NETWORK
    return _BAD
