"""The products of the current signal: a table of editors, with add, duplicate, remove, reorder."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.fields import FieldEditor
from signal_composer.signals.draft import Draft
from signal_composer.signals.fieldspec import FieldSpec, detail_fields, product_fields
from signal_composer.signals.form_order import PRODUCT_COLUMNS
from signal_composer.signals.problems import Problem

COLUMNS: Final = PRODUCT_COLUMNS


def column_spec(name: str) -> FieldSpec:
    return detail_fields()[name] if name == "quantity" else product_fields()[name]


def cell_path(row: int, name: str) -> str:
    inner = "" if name == "quantity" else "product."
    return f"productDetails[{row}].{inner}{name}"


def _row_of(path: str) -> int:
    return int(path.split("[", 1)[1].split("]", 1)[0])


class ProductTable(QWidget):
    """Edits ``productDetails`` of the current signal.

    Signals:
        edited(str, object): a cell changed (path, JSON value).
        structure_changed(): rows were added, removed or moved in the draft.
    """

    edited = Signal(str, object)
    structure_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft: Draft | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("productDetails")
        self.table.setAccessibleName("Products")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setMinimumHeight(160)
        self.table.setTabKeyNavigation(False)  # Tab moves between the cell editors, then on
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = header.fontMetrics()
        for column, width in enumerate((110, 200, 80, 70, 220, 60)):  # at least the header's
            needed = metrics.horizontalAdvance(COLUMNS[column]) + 2 * metrics.averageCharWidth()
            self.table.setColumnWidth(column, max(width, needed))
        for column, name in enumerate(COLUMNS):
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setToolTip(column_spec(name).doc)
        self.count_label = QLabel(self)
        buttons = QHBoxLayout()
        for text, slot, tip in (
            ("Add", self.add, "Add a product (Ctrl+Shift+P)"),
            ("Duplicate", self.duplicate, "Duplicate the selected product"),
            ("Remove", self.remove, "Remove the selected product"),
            ("Up", lambda: self.move_selected(-1), "Move the selected product up"),
            ("Down", lambda: self.move_selected(1), "Move the selected product down"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"products.{text.lower()}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        focused = self.focusWidget()
        if isinstance(focused, FieldEditor):
            for row in range(self.table.rowCount()):
                if focused.path.startswith(f"productDetails[{row}]"):
                    return row
        return self.table.rowCount() - 1

    def _restructure(self, select: int) -> None:
        if self._draft is not None:
            self.show_signal(self._draft)
            if 0 <= select < self.table.rowCount():
                self.table.selectRow(select)
        self.structure_changed.emit()

    def add(self) -> None:
        if self._draft is not None:
            self._restructure(self._draft.add_product())

    def duplicate(self) -> None:
        row = self.selected_row()
        if self._draft is not None and row >= 0:
            self._restructure(self._draft.duplicate_product(row))

    def remove(self) -> None:
        row = self.selected_row()
        if self._draft is not None and row >= 0:
            self._draft.remove_product(row)
            self._restructure(min(row, len(self._draft.products()) - 1))

    def move_selected(self, delta: int) -> None:
        row = self.selected_row()
        if self._draft is not None and row >= 0:
            self._restructure(self._draft.move_product(row, delta))

    def show_signal(self, draft: Draft) -> None:
        """Shows the current signal's products; rebuilds rows only when their number changed."""
        self._draft = draft
        products = draft.products()
        if len(products) != self.table.rowCount():
            self._rebuild(len(products))
        for path, editor in self.editors.items():
            editor.show_value(draft.get(path))
        self.count_label.setText(f"{len(products)} product{'s' * (len(products) != 1)}")

    def _rebuild(self, rows: int) -> None:
        """Adds editors for new rows or drops those of removed rows; others are reused."""
        existing = self.table.rowCount()
        self.table.setRowCount(rows)
        if rows < existing:
            for path in [p for p in self.editors if _row_of(p) >= rows]:
                editor = self.editors.pop(path)
                editor.setParent(None)  # gone now, not at the next event loop turn
                editor.deleteLater()
        for row in range(existing, rows):
            for column, name in enumerate(COLUMNS):
                path = cell_path(row, name)
                spec = column_spec(name)
                # No parent: setCellWidget gives it the table's viewport, in this order (the Tab
                # order). Asking for viewport() here would make the binding build the Python
                # types of every QWidget subclass (about 9 ms) to name the widget it returns.
                editor = FieldEditor(
                    path, spec.kind, spec.required, f"Product {row + 1} {name}", spec.doc
                )
                editor.setFrame(False)
                editor.edited.connect(self.edited)
                self.table.setCellWidget(row, column, editor)
                self.editors[path] = editor

    def show_problems(self, by_path: dict[str, Problem]) -> None:
        for path, editor in self.editors.items():
            editor.set_problem(by_path.get(path))
