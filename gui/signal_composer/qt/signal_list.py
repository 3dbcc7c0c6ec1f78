"""The signals of the request body: pick one to edit; add, duplicate, remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QListWidget, QPushButton, QStyle, QVBoxLayout, QWidget

from signal_composer.signals.draft import Draft
from signal_composer.signals.problems import Problem

LONGEST_ROW: Final = "#99 purchase · 99 products  ✖ 99"
"""A long row, as wide as rows get in practice: the list's default width shows it whole."""


class SignalList(QWidget):
    """One row per signal in the batch.

    Signals:
        current_changed(int): the user picked another signal.
        action(str): "add", "duplicate" or "remove" was asked for.
    """

    current_changed = Signal(int)
    action = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("signals")
        self.list.setAccessibleName("Signals in the request")
        self.list.currentRowChanged.connect(self._row_changed)
        buttons = QGridLayout()
        for position, (name, tip) in enumerate(
            (
                ("add", "New signal with the same session (Ctrl+Shift+N)"),
                ("duplicate", "Duplicate this signal"),
                ("remove", "Remove this signal"),
            )
        ):
            button = QPushButton(name.title(), self)
            button.setObjectName(f"signals.{name}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            buttons.addWidget(button, position // 2, position % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._quiet = False

    def fitting_width(self) -> int:
        """A width that shows a long row whole: its text, the item's margins, the frame and a
        vertical scroll bar (a long batch has one)."""
        style = self.list.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.list) + 1
        scroll_bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.list)
        text = self.list.fontMetrics().horizontalAdvance(LONGEST_ROW)
        return text + 2 * margin + 2 * self.list.frameWidth() + scroll_bar + 4

    def _row_changed(self, row: int) -> None:
        if not self._quiet and row >= 0:
            self.current_changed.emit(row)

    def show_draft(self, draft: Draft, problems: Sequence[Problem]) -> None:
        errors: dict[int, int] = {}
        for problem in problems:
            if problem.severity == "error" and problem.index is not None:
                errors[problem.index] = errors.get(problem.index, 0) + 1
        labels = []
        for i, signal in enumerate(draft.signals):
            count = len(signal.get("productDetails") or []) if isinstance(signal, dict) else 0
            mark = f"  ✖ {errors[i]}" if i in errors else ""
            labels.append(f"#{i + 1} {draft.kind} · {count} product{'s' * (count != 1)}{mark}")
        self._quiet = True
        if self.list.count() != len(labels):
            self.list.clear()
            self.list.addItems(labels)
        else:
            for i, label in enumerate(labels):
                item = self.list.item(i)
                if item is not None and item.text() != label:
                    item.setText(label)
        for i, label in enumerate(labels):  # whole, should the list be narrowed and cut it
            item = self.list.item(i)
            if item is not None and item.toolTip() != label:
                item.setToolTip(label)
        self.list.setCurrentRow(draft.current)
        self._quiet = False
