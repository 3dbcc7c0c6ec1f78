"""The Suites panel's table: a suite's cases, what each expects, and its last result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from signal_composer.qt.look import ERROR, GOOD
from signal_composer.store.outcomes import title_of

if TYPE_CHECKING:
    from signal_composer.signals.suite import Case, Suite
    from signal_composer.store.suite_run import CaseResult

STATE_ROLE: Final = Qt.ItemDataRole.UserRole
"""A row's state in its result cell: passed, failed, running, queued, not run, or ""."""
COLUMNS: Final = ("Case", "Type", "Expected", "Last result")
RESULT: Final = 3
_TEXTS: Final = {"running": "running…", "queued": "queued", "not run": "not run (cancelled)"}


class CaseTable(QTableWidget):
    """One row per case, in the suite's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("suites.cases")
        self.setAccessibleName("Suite cases")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 70), (2, 130), (RESULT, 190)):
            self.setColumnWidth(column, width)
        self.cases: tuple[Case, ...] = ()

    def show_suite(self, suite: Suite | None, results: dict[str, CaseResult]) -> None:
        """The suite's cases with their last results (none: an empty table)."""
        self.cases = suite.cases if suite is not None else ()
        self.setRowCount(len(self.cases))
        for row, case in enumerate(self.cases):
            wanted = case.expect.outcome
            expected = "(any outcome)" if wanted is None else title_of(wanted)
            for column, text in enumerate((case.name, case.type, expected)):
                item = QTableWidgetItem(text)
                item.setToolTip(case.file)
                self.setItem(row, column, item)
            self.show_state(case.file, results.get(case.file))

    def row_of(self, file: str) -> int:
        return next(i for i, c in enumerate(self.cases) if c.file == file)

    def row_state(self, row: int) -> str:
        """passed, failed, running, queued, not run, or "" (never run)."""
        item = self.item(row, RESULT)
        return "" if item is None else str(item.data(STATE_ROLE) or "")

    def show_state(self, file: str, result: CaseResult | None, state: str = "") -> None:
        """A case's result, or a state without one (running, queued, not run, "")."""
        if result is not None:
            state = "passed" if result.passed else "failed"
            text = f"{'✔' if result.passed else '✘'} {state} · {result.title}"
            text += f" · {result.store}" if result.store else ""
            text += " (earlier)" if result.earlier is not None else ""
        else:
            text = _TEXTS.get(state, "")
        item = QTableWidgetItem(text)
        item.setData(STATE_ROLE, state)
        tone = {"passed": GOOD, "failed": ERROR}.get(state)
        if tone:
            item.setForeground(QColor(tone))
        if result is not None and result.misses:
            item.setToolTip("\n".join(m.format() for m in result.misses))
        self.setItem(self.row_of(file), RESULT, item)

    def selected_cases(self) -> list[Case]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.cases[row] for row in rows]

    def select_file(self, file: str) -> None:
        self.selectRow(self.row_of(file))
