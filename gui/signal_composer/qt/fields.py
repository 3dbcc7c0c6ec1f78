"""A line edit bound to one JSON path; it shows its problem and speaks its field's docs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget

from signal_composer.qt.look import mark_editor, set_state
from signal_composer.signals.draft import text_to_value, value_to_text
from signal_composer.signals.fieldspec import FieldKind
from signal_composer.signals.labels import IDS, shorten
from signal_composer.signals.problems import Problem

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QFont, QPaintEvent


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
    """A message under a form field, in space reserved for it: showing, changing or clearing it
    never moves the widgets around it (a click meant for one field must not land on another),
    and a long one never widens the window.

    It keeps ``lines`` lines of height whether or not it shows a message, and wraps within them;
    what does not fit ends in "…". ``text()`` is always the whole message (screen readers read
    it), and so is the tooltip when the message is cut.
    """

    def __init__(self, parent: QWidget | None = None, lines: int = 1) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setProperty("role", "fieldMessage")
        # Ignored: the width is the layout's to give, never the message's to ask for.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fitted: tuple[str, int, str] = ("", 0, "")

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        height = self.lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
        return QSize(0, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def shown_text(self) -> str:
        """The message as painted: wrapped into the reserved lines, the last cut with "…"."""
        text, width = self.text(), self.contentsRect().width()
        if self._fitted[:2] != (text, width):
            self._fitted = (text, width, fit_lines(text, self.font(), width, self.lines))
            cut = self._fitted[2].replace("\n", " ") != " ".join(text.split())
            self.setToolTip(text if cut else "")
        return self._fitted[2]

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if not shown:
            return
        from PySide6.QtGui import QPainter  # not named before the first message

        painter = QPainter(self)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(flags),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
        painter.end()

    def show_message(self, message: str | None, severity: str = "error") -> None:
        """Shows the message in the severity's colour; None clears it (the space stays)."""
        set_state(self, "problem", severity if message else "")
        self.setText(message or "")

    def show_problem(self, problem: Problem | None) -> None:
        if problem is None:
            self.show_message(None)
        else:
            self.show_message(problem.message, problem.severity)


def fit_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """``text`` wrapped to ``width`` pixels (at word boundaries, or anywhere in a word too long
    for a line), at most ``lines`` lines; the last line kept ends in "…" when text is left."""
    if not text or width <= 0:
        return ""
    from PySide6.QtGui import QFontMetrics, QTextLayout, QTextOption  # only once a message shows

    layout = QTextLayout(" ".join(text.split()), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    flat = layout.text()
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    kept = [flat[start : start + length].rstrip() for start, length in spans[: lines - 1]]
    if len(spans) <= lines:
        return "\n".join(
            kept + [flat[start : start + length].rstrip() for start, length in spans[lines - 1 :]]
        )
    rest = flat[spans[lines - 1][0] :]
    last = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return "\n".join([*kept, last])
