"""The problems list: every error and warning of the batch, click to go to the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QWidget

from signal_composer.signals.problems import Problem, place

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeWidgetItem


def count_text(problems: Sequence[Problem], *, raw: bool) -> tuple[str, int]:
    """The status bar's count ("RAW: … · 2 errors · 1 warning") and the number of errors."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    prefix = "RAW: the JSON text is sent as typed · " if raw else ""
    plural = f"{errors} error{'s' * (errors != 1)} · {warnings} warning{'s' * (warnings != 1)}"
    return prefix + plural, errors


class ProblemsPanel(QTreeWidget):
    """Lists problems; activating one asks to focus its field.

    Signals:
        focus_requested(int, str): the signal index and JSON path of the chosen problem.
    """

    focus_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setAccessibleName("Problems")
        self.setColumnCount(5)
        # People count from 1 (signal #1, product 1, as the list and the table show them); the
        # JSON path counts from 0, so it has a column of its own that says what it is.
        self.setHeaderLabels(["", "Signal", "Field", "Problem", "JSON path"])
        header = self.headerItem()
        header.setToolTip(2, "Where the problem is, as the form shows it: products counted from 1")
        header.setToolTip(
            4, "The field's JSON path inside its signal: JSON counts from 0, so productDetails[0] "
            "is product 1",
        )  # fmt: skip
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 28)
        self.setColumnWidth(1, 60)
        self.setColumnWidth(2, 220)
        self.setColumnWidth(4, 280)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)
        self._icons: dict[str, QIcon] = {}

    def _icon(self, severity: str) -> QIcon:
        if not self._icons:  # QStyle's Python type takes 5 ms to build: not before the first frame
            from PySide6.QtWidgets import QStyle

            pixmap = QStyle.StandardPixmap
            self._icons["error"] = self.style().standardIcon(pixmap.SP_MessageBoxCritical)
            self._icons["warning"] = self.style().standardIcon(pixmap.SP_MessageBoxWarning)
        return self._icons[severity]

    def show_problems(self, problems: Sequence[Problem]) -> None:
        from PySide6.QtWidgets import QTreeWidgetItem  # not needed before the first problems

        self.clear()
        items = []
        for problem in problems:
            where = "batch" if problem.index is None else f"#{problem.index + 1}"
            item = QTreeWidgetItem(["", where, place(problem.path), problem.message, problem.path])
            item.setIcon(0, self._icon(problem.severity))
            item.setToolTip(3, f"{problem.message} [{problem.code}]")
            item.setData(0, Qt.ItemDataRole.UserRole, (problem.index or 0, problem.path))
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, problem.severity)
            items.append(item)
        self.addTopLevelItems(items)

    def _activate(self, item: QTreeWidgetItem) -> None:
        index, path = item.data(0, Qt.ItemDataRole.UserRole)
        self.focus_requested.emit(index, path)
