"""Two history entries side by side: the lines that differ highlighted, the panes scrolling
together (line beside line: blank rows fill where one side lacks lines), Next and Previous
change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.diff_rows import side_by_side
from signal_composer.qt.history_details import request_text, response_text
from signal_composer.qt.text_views import read_only_text
from signal_composer.signals.jsonio import reindent
from signal_composer.store.history import Entry

RESPONSE_MARK: Final = "--- response ---"
CONTEXT: Final = 3
"""Lines shown above a change when going to it."""
NEXT_KEYS: Final = ("F7", "Alt+Down")
PREVIOUS_KEYS: Final = ("Shift+F7", "Alt+Up")


def full_text(entry: Entry) -> str:
    """Both sides of an entry, JSON bodies one value a line (whitespace only) so that a line
    diff points at the value that differs."""
    return f"{request_text(entry, reindent)}\n\n{RESPONSE_MARK}\n{response_text(entry, reindent)}"


class DiffDialog(QDialog):
    """Two entries side by side (request and response); lines that differ are highlighted,
    the one being looked at more strongly.

    Next change (F7, Alt+Down) and Previous change (Shift+F7, Alt+Up) go round the changes,
    the label saying which one is shown ("Change 2 of 5, in the response") or "No
    differences"; scrolling either pane scrolls the other to the lines beside it.
    """

    def __init__(self, left: Entry, right: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffDialog")
        self.setWindowTitle(f"Entry {left.id} and entry {right.id}")
        self.left = read_only_text("diff.left", self, wrap=False)
        self.right = read_only_text("diff.right", self, wrap=False)
        for view in (self.left, self.right):  # one pane's bar alone would make it a row shorter
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # Line beside line over the whole text: blank rows where one side lacks lines.
        self.rows = side_by_side(full_text(left).splitlines(), full_text(right).splitlines())
        self.left.setPlainText("\n".join(self.rows.left))
        self.right.setPlainText("\n".join(self.rows.right))
        self.changes = self.rows.changes
        self.changed = (self.rows.changed(0), self.rows.changed(1))
        a = self.rows.left
        self.response_from = a.index(RESPONSE_MARK) if RESPONSE_MARK in a else len(a)
        self.current = -1
        self._syncing = False
        summary = QLabel(
            f"{len(self.changed[0])} line(s) of entry {left.id} and {len(self.changed[1])} of "
            f"entry {right.id} differ (highlighted). JSON bodies are shown one value a line; "
            "only whitespace is changed, every key and value is as sent.",
            self,
        )
        summary.setObjectName("diffSummary")
        summary.setWordWrap(True)
        splitter = QSplitter(self)
        for entry, view in ((left, self.left), (right, self.right)):
            box = QWidget(splitter)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(f"Entry {entry.id}: {entry.summary.outcome_title}", box))
            column.addWidget(view, 1)
            splitter.addWidget(box)
        self.position = QLabel(self)
        self.position.setObjectName("diffPosition")
        self.previous_button = self._button("Previous change", "diff.previous", PREVIOUS_KEYS)
        self.next_button = self._button("Next change", "diff.next", NEXT_KEYS)
        self.previous_button.clicked.connect(lambda: self.go(self.current - 1))
        self.next_button.clicked.connect(lambda: self.go(self.current + 1))
        for keys, step in ((NEXT_KEYS, 1), (PREVIOUS_KEYS, -1)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _=False, s=step: self.go(self.current + s))
            self.addAction(action)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.position, 1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self._link_scrolling()
        self.resize(1100, 700)
        if self.changes:
            self.go(0)
        else:
            self.position.setText("No differences")
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            self._mark()

    def _button(self, text: str, name: str, keys: tuple[str, ...]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter keeps closing nothing, as before
        button.setToolTip(f"{text} ({' or '.join(keys)}); wraps around")
        return button

    def go(self, index: int) -> None:
        """Shows change ``index`` (counted round: past the last is the first) in both panes."""
        if not self.changes:
            return
        self.current = index % len(self.changes)
        i1, _ = j1, _ = self.changes[self.current]
        part = "request" if i1 < self.response_from else "response"
        self.position.setText(f"Change {self.current + 1} of {len(self.changes)}, in the {part}")
        self._mark()
        self._syncing = True
        try:
            for view, line in ((self.left, i1), (self.right, j1)):
                block = view.document().findBlockByNumber(min(line, view.blockCount() - 1))
                view.setTextCursor(QTextCursor(block))
                view.verticalScrollBar().setValue(max(line - CONTEXT, 0))
                view.horizontalScrollBar().setValue(0)
        finally:
            self._syncing = False

    def _mark(self) -> None:
        current = self.changes[self.current] if self.current >= 0 else None
        now = range(*current) if current else range(0)
        _mark_lines(self.left, self.changed[0], now, self.rows.fillers[0])
        _mark_lines(self.right, self.changed[1], now, self.rows.fillers[1])

    def _link_scrolling(self) -> None:
        left_v, right_v = self.left.verticalScrollBar(), self.right.verticalScrollBar()
        left_h, right_h = self.left.horizontalScrollBar(), self.right.horizontalScrollBar()
        for one, other in ((left_v, right_v), (left_h, right_h)):
            one.valueChanged.connect(lambda v, o=other: self._follow(o.setValue, v))
            other.valueChanged.connect(lambda v, o=one: self._follow(o.setValue, v))

    def _follow(self, set_value: Callable[[int], None], value: int) -> None:
        """Scrolls the other pane to the same row (vertical) or pixel (horizontal): the rows
        stand line beside line, and both panes are as long."""
        if self._syncing:
            return
        self._syncing = True
        try:
            set_value(value)
        finally:
            self._syncing = False


def _mark_lines(view: QPlainTextEdit, lines: list[int], current: range, fillers: set[int]) -> None:
    """Highlights ``lines`` (amber), those in ``current`` stronger; ``fillers``, the rows
    that hold no line of this side, are hatched grey (not mistaken for blank lines)."""
    selections = []
    document = view.document()
    for number in [*lines, *sorted(fillers)]:
        block = document.findBlockByNumber(number)
        if not block.isValid():
            continue
        style = QTextCharFormat()
        if number in fillers:
            style.setBackground(QBrush(QColor(128, 128, 128, 90), Qt.BrushStyle.BDiagPattern))
        else:
            style.setBackground(QColor(255, 196, 0, 200 if number in current else 90))
        style.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(block)
        selection.format = style
        selections.append(selection)
    view.setExtraSelections(selections)
