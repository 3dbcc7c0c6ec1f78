"""The form of one signal: session, query and type-specific fields, built from the model."""

from __future__ import annotations

import time
from typing import Any, Final

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.fields import FieldEditor, MessageLabel
from signal_composer.signals.draft import MISSING, Draft
from signal_composer.signals.drafts import new_id, now_ms
from signal_composer.signals.fieldspec import FieldSpec, signal_fields
from signal_composer.signals.form_order import SECTIONS
from signal_composer.signals.problems import Problem
from signal_composer.signals.totals import revenue_of
from signal_composer.signals.types import SignalType

NEW_ID_FIELDS: Final = frozenset({"visitorId", "sessionId", "queryId", "cartId"})


class ColumnLabel(QLabel):
    """A field's label that is as wide as the widest of its ``column``: the form's groups each
    have a layout of their own, and their fields line up only when their labels are as wide."""

    def __init__(self, text: str, column: list[ColumnLabel], parent: QWidget) -> None:
        super().__init__(text, parent)
        self.column = column
        column.append(self)

    def _own(self) -> QSize:
        return super().sizeHint()

    def sizeHint(self) -> QSize:
        own = self._own()
        return QSize(max(label._own().width() for label in self.column), own.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def setText(self, text: str) -> None:
        """New words (presentation mode) may widen the column: every group lays out again."""
        super().setText(text)
        for label in self.column:
            label.updateGeometry()


def human_time(value: Any) -> str:
    """Epoch milliseconds as a local date and time, or why not.

    With the time module: Qt's QDateTime formats the same text, but naming it builds its
    binding type during the first frame (+1.3% instructions to the first frame, measured with
    bench/bench_gui.py), and datetime is not loaded yet then. The range is the calendar's
    (years 1 to 9999 in the local zone), as the platform reports it.
    """
    if not isinstance(value, int) or isinstance(value, bool):
        return ""
    seconds, millis = divmod(value, 1000)
    try:
        when = time.localtime(seconds)
    except (OverflowError, OSError, ValueError):
        return "out of range"
    if not 1 <= when.tm_year <= 9999:
        return "out of range"
    return time.strftime(f"{when.tm_year:04d}-%m-%d %H:%M:%S.{millis:03d} %Z", when)


class SignalForm(QWidget):
    """Fields of the current signal for one signal type.

    Signals:
        edited(str, object): a field changed (path, JSON value).
    """

    edited = Signal(str, object)

    def __init__(self, kind: SignalType, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, MessageLabel] = {}
        self._draft: Draft | None = None
        self._labels: list[ColumnLabel] = []
        specs = {spec.name: spec for spec in signal_fields(kind)}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, names in SECTIONS:
            present = [specs[n] for n in names if n in specs]
            if not present:
                continue
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for spec in present:
                form.addRow(self._label(spec), self._row(spec))
            layout.addWidget(box)
        layout.addStretch(0)

    def _label(self, spec: FieldSpec) -> QLabel:
        text = f"{spec.name}{'' if spec.required else ' (optional)'}"
        label = ColumnLabel(text, self._labels, self)
        label.setToolTip(spec.doc)
        label.setProperty("jsonKey", spec.name)  # presentation mode shows a person's word
        return label

    def _row(self, spec: FieldSpec) -> QWidget:
        name = spec.name
        container = QWidget(self)
        # Parented at once, before its buttons: the Tab order is the order of creation.
        editor = FieldEditor(name, spec.kind, spec.required, name, spec.doc, container)
        editor.edited.connect(self.edited)
        self.editors[name] = editor
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        if name in NEW_ID_FIELDS:
            line.addWidget(
                self._button("New id", f"Make a new random {name}", name, new_id, container)
            )
        if name == "timestamp":
            editor.setMinimumWidth(editor.fontMetrics().horizontalAdvance("8" * 16))
            self.time_label = QLabel(container)
            self.time_label.setObjectName("timestampHuman")
            self.time_label.setMinimumWidth(200)
            line.addWidget(self.time_label)
            line.addWidget(self._button("Now", "Set the timestamp to now", name, now_ms, container))
        if name == "revenue":
            total = QPushButton("Sum of products", container)
            total.setObjectName("revenueSum")
            total.setToolTip("Set revenue to the sum of price x quantity")
            total.clicked.connect(self._sum_revenue)
            line.addWidget(total)
        column.addLayout(line)
        message = MessageLabel(container)
        message.setObjectName(f"{name}.message")
        self.messages[name] = message
        column.addWidget(message)
        return container

    def _button(self, text: str, tip: str, name: str, make: Any, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(f"{name}.{text.replace(' ', '').lower()}")
        button.setToolTip(tip)
        button.setAccessibleName(f"{tip}")
        button.clicked.connect(lambda: self.edited.emit(name, make()))
        return button

    def _sum_revenue(self) -> None:
        if self._draft is not None and isinstance(self._draft.signal, dict):
            total = revenue_of(self._draft.products())
            if total is not None:  # the total itself: revenue follows the products again
                self.edited.emit("revenue", total)

    def show_signal(self, draft: Draft) -> None:
        """Shows the current signal's values."""
        self._draft = draft
        for name, editor in self.editors.items():
            editor.show_value(draft.get(name))
        if hasattr(self, "time_label"):
            value = draft.get("timestamp")
            self.time_label.setText(human_time(value) if value is not MISSING else "")

    def show_problems(self, by_path: dict[str, Problem]) -> None:
        """Lights up each field that has a problem (errors before warnings)."""
        for name, editor in self.editors.items():
            problem = by_path.get(name)
            editor.set_problem(problem)
            self.messages[name].show_problem(problem)
