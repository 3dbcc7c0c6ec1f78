"""The problems list: every error and warning of the batch, click to go to the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTreeWidget, QWidget

from signal_composer.signals.problems import Problem

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
        self.setColumnCount(4)
        self.setHeaderLabels(["", "Signal", "Field", "Problem"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 28)
        self.setColumnWidth(1, 60)
        self.setColumnWidth(2, 260)
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
            item = QTreeWidgetItem(["", where, problem.path or "(signal)", problem.message])
            item.setIcon(0, self._icon(problem.severity))
            item.setToolTip(3, f"{problem.message} [{problem.code}]")
            item.setData(0, Qt.ItemDataRole.UserRole, (problem.index or 0, problem.path))
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, problem.severity)
            items.append(item)
        self.addTopLevelItems(items)

    def _activate(self, item: QTreeWidgetItem) -> None:
        index, path = item.data(0, Qt.ItemDataRole.UserRole)
        self.focus_requested.emit(index, path)
