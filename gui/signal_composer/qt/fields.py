"""A line edit bound to one JSON path; it shows its problem and speaks its field's docs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from signal_composer.qt.look import mark_editor, set_state
from signal_composer.signals.draft import text_to_value, value_to_text
from signal_composer.signals.fieldspec import FieldKind
from signal_composer.signals.problems import Problem


class FieldEditor(QLineEdit):
    """Edits the value at ``path``; the objectName is the path.

    Signals:
        edited(str, object): the user changed the text; carries the path and the JSON value.
    """

    edited = Signal(str, object)

    def __init__(
        self,
        path: str,
        kind: FieldKind,
        required: bool,
        label: str,
        doc: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.kind = kind
        self.required = required
        self.doc = doc
        self.problem: Problem | None = None
        self.setObjectName(path)
        self.setAccessibleName(label)
        self.setAccessibleDescription(doc)
        self.setToolTip(doc)
        self.setProperty("problem", "")
        self.setClearButtonEnabled(False)
        if kind != "string":
            self.setAlignment(self.alignment())
        self.textEdited.connect(self._on_edited)

    def _on_edited(self, text: str) -> None:
        self.edited.emit(self.path, text_to_value(text, self.kind, self.required))

    def show_value(self, value: Any) -> None:
        """Shows a value from the draft without moving the cursor when it is already shown."""
        text = value_to_text(value)
        if text != self.text() and text_to_value(self.text(), self.kind, self.required) != value:
            self.setText(text)
            self.setCursorPosition(0)

    def set_problem(self, problem: Problem | None) -> None:
        """Error or warning state, with the message in the tooltip; None clears it."""
        if problem == self.problem:
            return
        self.problem = problem
        mark_editor(self, problem.severity if problem else "")
        message = f"{problem.severity.title()}: {problem.message}\n\n" if problem else ""
        self.setToolTip(message + self.doc)
        self.setAccessibleDescription((message + self.doc).strip())


class MessageLabel(QLabel):
    """The problem message shown under a form field; it wraps, and sits right under the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setProperty("role", "fieldMessage")
        self.hide()

    def show_message(self, message: str | None, severity: str = "error") -> None:
        """Shows the message in the severity's colour; None clears and hides it."""
        set_state(self, "problem", severity if message else "")
        self.setText(message or "")
        self.setVisible(bool(message))

    def show_problem(self, problem: Problem | None) -> None:
        if problem is None:
            self.show_message(None)
        else:
            self.show_message(problem.message, problem.severity)
