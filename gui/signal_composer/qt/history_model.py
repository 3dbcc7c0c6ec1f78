"""The history as a lazy table model: all matching ids in memory, rows read from SQLite by page."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from signal_composer.qt import look
from signal_composer.store.history import History, Summary
from signal_composer.store.outcomes import NETWORK_KINDS

COLUMNS: Final = ("Time", "Store", "Type", "Signals", "Outcome", "Status", "Duration")
PAGE: Final = 200
CACHE_ROWS: Final = 4000

# Colours by outcome: green accepted, red rejected, orange network failures and interrupted.
_GOOD: Final = QColor(look.GOOD)
_BAD: Final = QColor(look.ERROR)
_NETWORK: Final = QColor(look.NETWORK)
_INTERRUPTED_BACKGROUND: Final = QColor(255, 171, 64, 70)

Index = QModelIndex | QPersistentModelIndex
_DISPLAY: Final = Qt.ItemDataRole.DisplayRole
_FOREGROUND: Final = Qt.ItemDataRole.ForegroundRole
_BACKGROUND: Final = Qt.ItemDataRole.BackgroundRole
_FONT: Final = Qt.ItemDataRole.FontRole
_ALIGNMENT: Final = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP: Final = Qt.ItemDataRole.ToolTipRole
_ROLES: Final = frozenset(
    {_DISPLAY, _FOREGROUND, _BACKGROUND, _FONT, _ALIGNMENT, _TOOLTIP, Qt.ItemDataRole.UserRole}
)
_RIGHT: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HistoryModel(QAbstractTableModel):
    """Rows of the history, newest first, for the ids a filter matched."""

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history
        self.ids: list[int] = []
        self._rows: OrderedDict[int, tuple[Summary, tuple[str, ...]]] = OrderedDict()
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
        cached = self._row(row)
        return None if cached is None else cached[0]

    def _row(self, row: int) -> tuple[Summary, tuple[str, ...]] | None:
        if not 0 <= row < len(self.ids):
            return None
        entry_id = self.ids[row]
        found = self._rows.get(entry_id)
        if found is not None:  # data() asks several roles per cell: keep this path bare
            return found
        start = row - row % PAGE
        page = self.history.summaries(self.ids[start : start + PAGE])
        for key, summary in page.items():
            self._rows[key] = (summary, tuple(_display(summary, c) for c in range(len(COLUMNS))))
        while len(self._rows) > CACHE_ROWS:  # oldest page out first
            self._rows.popitem(last=False)
        return self._rows.get(entry_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        cached = self._row(index.row())
        if cached is None:
            return None
        s, texts = cached
        column = index.column()
        if role == _DISPLAY:
            return texts[column]
        if role == _FOREGROUND:
            return QBrush(_colour(s)) if column == 4 else None
        if role == _BACKGROUND:
            return None if s.state == "done" else QBrush(_INTERRUPTED_BACKGROUND)
        if role == _FONT:
            return None if s.state == "done" else self._bold
        if role == _ALIGNMENT:
            return _RIGHT if column in (3, 5, 6) else None
        if role == _TOOLTIP:
            return f"Entry {s.id}: {s.outcome_title}" + (" (production)" if s.production else "")
        return s.id  # UserRole

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
        return s.outcome_title
    if column == 5:
        return "" if s.status is None else str(s.status)
    return "" if s.duration_ms is None else f"{s.duration_ms:.0f} ms"


def _colour(s: Summary) -> QColor:
    if s.state != "done":
        return _NETWORK
    if s.outcome == "accepted":
        return _GOOD
    if s.outcome in NETWORK_KINDS:
        return _NETWORK
    return _BAD
