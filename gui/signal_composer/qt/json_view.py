"""The request body as editable, highlighted JSON, kept in sync with the forms."""

from __future__ import annotations

import re
from typing import Any, Final

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from signal_composer.qt.fields import MessageLabel
from signal_composer.qt.look import set_state
from signal_composer.signals.jsonio import InputError, dumps_pretty, parse_json

# One left-to-right scan: a string is consumed whole, so digits or "true" inside it stay string.
_TOKEN: Final = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")(?P<colon>\s*:)?'
    r"|(?P<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)"
    r"|\b(?P<literal>true|false|null)\b"
)


def _dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers and literals."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        colours = (
            {"key": "#9cdcfe", "string": "#ce9178", "number": "#b5cea8", "literal": "#569cd6"}
            if _dark()
            else {"key": "#0451a5", "string": "#a31515", "number": "#098658", "literal": "#0000ff"}
        )
        self.styles: dict[str, QTextCharFormat] = {}
        for role, colour in colours.items():
            style = QTextCharFormat()
            style.setForeground(QColor(colour))
            if role == "key":
                style.setFontWeight(QFont.Weight.DemiBold)
            self.styles[role] = style

    def highlightBlock(self, text: str) -> None:
        for match in _TOKEN.finditer(text):
            if match.group("string") is not None:
                role = "key" if match.group("colon") else "string"
                start, end = match.span("string")
            else:
                role = "number" if match.group("number") is not None else "literal"
                start, end = match.span(role)
            self.setFormat(start, end - start, self.styles[role])


class JsonEditor(QPlainTextEdit):
    """The JSON text editor; a pasted cURL command is handed on instead of inserted.

    Signals:
        request_pasted(str): a cURL command was pasted (to be diagnosed).
    """

    request_pasted = Signal(str)

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text() if source.hasText() else ""
        if re.match(r"\s*(\$\s*)?curl(\.exe)?\s", text, re.IGNORECASE):
            self.request_pasted.emit(text)
            return
        super().insertFromMimeData(source)


class JsonView(QWidget):
    """Editable JSON of the whole body. Broken JSON is reported with line and column and never
    reaches the forms; raw mode sends the text exactly as typed.

    Signals:
        parsed(object): the user's text is valid JSON (debounced); carries the value.
        checked(): the user's text was parsed, valid or not (``error`` says which).
        raw_toggled(bool): raw mode switched.
        request_pasted(str): a cURL command was pasted instead of JSON (to be diagnosed).
    """

    parsed = Signal(object)
    checked = Signal()
    raw_toggled = Signal(bool)
    request_pasted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = JsonEditor(self)
        self.editor.request_pasted.connect(self.request_pasted)
        self.editor.setObjectName("jsonEditor")
        self.editor.setAccessibleName("Request body as JSON")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setTabChangesFocus(True)
        self.highlighter = JsonHighlighter(self.editor.document())
        # Three lines reserved: a parse error wraps within them (whole in the tooltip when cut),
        # and showing or clearing it never resizes the editor or the panes beside it.
        self.status = MessageLabel(self, lines=3)
        self.status.setObjectName("jsonStatus")
        self.raw = QCheckBox("Raw: send this text exactly as typed", self)
        self.raw.setObjectName("rawMode")
        self.raw.setToolTip(
            "For negative tests: the body is sent byte for byte, even when it is not valid JSON."
        )
        self.raw.toggled.connect(self.raw_toggled)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._parse)
        self._updating = False
        self.editor.textChanged.connect(self._on_text_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.raw, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bar)
        self.error: str | None = None

    def text(self) -> str:
        return self.editor.toPlainText()

    def show_value(self, value: Any) -> None:
        """Replaces the text with the value (forms changed); keeps the scroll position."""
        text = dumps_pretty(value)
        if text == self.text():
            return
        self._updating = True
        bar = self.editor.verticalScrollBar()
        position = bar.value()
        self.editor.setPlainText(text)
        bar.setValue(position)
        self._updating = False
        self._set_error(None)

    def go_to_key(self, name: str) -> None:
        """Puts the cursor on the first "name" key (or at the start) and focuses the editor."""
        found = self.editor.document().find(
            f'"{name}"', 0, QTextDocument.FindFlag.FindCaseSensitively
        )
        if name and not found.isNull():
            self.editor.setTextCursor(found)
        else:
            self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self.editor.setFocus()

    def set_text(self, text: str) -> None:
        """Shows text as typed (a restored raw draft)."""
        self.editor.setPlainText(text)

    def _on_text_changed(self) -> None:
        if not self._updating:
            self._timer.start()

    def flush(self) -> None:
        """Parses pending edits at once (before a send or a save)."""
        if self._timer.isActive():
            self._timer.stop()
            self._parse()

    def _parse(self) -> None:
        try:
            value = parse_json(self.text(), "JSON")
        except InputError as exc:
            self._set_error(str(exc).removeprefix("JSON: "))
            self.checked.emit()
            return
        self._set_error(None)
        self.parsed.emit(value)
        self.checked.emit()

    def show_refusal(self, message: str) -> None:
        """Valid JSON that cannot stand for the draft (an empty array): said as an error."""
        self.status.setText(message)
        set_state(self.status, "problem", "error", bold=True)

    def _set_error(self, message: str | None) -> None:
        self.error = message
        if message:
            self.status.setText(f"{message[:1].upper()}{message[1:]}. The forms keep their values.")
        else:
            self.status.setText("Valid JSON, in sync with the forms.")
        set_state(self.status, "problem", "error" if message else "", bold=True)
