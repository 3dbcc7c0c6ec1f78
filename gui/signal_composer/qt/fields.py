"""A line edit bound to one JSON path; it shows its problem and speaks its field's docs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from signal_composer.qt.look import mark_editor, set_state
from signal_composer.signals.draft import text_to_value, value_to_text
from signal_composer.signals.fieldspec import FieldKind
from signal_composer.signals.labels import IDS, shorten
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
        self.short_ids = False
        """Presentation mode: a long id shows shortened while the field has no focus."""
        self._full: str | None = None
        """The whole value while a shortened one is shown (``text()`` returns it)."""

    # ---- shortened ids (presentation mode) ------------------------------------------------

    def text(self) -> str:
        return self._full if self._full is not None else super().text()

    def setText(self, text: str | None) -> None:
        text = text or ""
        if self._full is not None:
            self._full = text
            super().setText(shorten(text))
            self._tip_full()
        else:
            super().setText(text)
            self._shorten()

    def set_short_ids(self, on: bool) -> None:
        self.short_ids = on and self.path in IDS
        self._unshorten()
        self._shorten()

    def _shorten(self) -> None:
        full = super().text() if self._full is None else self._full
        if self.short_ids and not self.hasFocus() and shorten(full) != full:
            self._full = full
            super().setText(shorten(full))
            self.setCursorPosition(0)
        self._tip_full()

    def _unshorten(self) -> None:
        if self._full is not None:
            full, self._full = self._full, None
            super().setText(full)
        self._tip_full()

    def _tip_full(self) -> None:
        message = (
            f"{self.problem.severity.title()}: {self.problem.message}\n\n" if self.problem else ""
        )
        whole = f"{self.path}: {self._full}\n\n" if self._full is not None else ""
        self.setToolTip(whole + message + self.doc)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._unshorten()  # editing and copying work on the whole value
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._shorten()

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
        self._tip_full()
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
