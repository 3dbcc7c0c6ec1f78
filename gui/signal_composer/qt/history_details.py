"""One history entry in full (request, response, attempts, with Copy), and a side-by-side diff."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.text_views import read_only_text
from signal_composer.signals.jsonio import reindent
from signal_composer.store.history import Entry


def _exact(text: str) -> str:
    return text


def request_text(entry: Entry, layout: Callable[[str], str] = _exact) -> str:
    """The request as sent, its body byte for byte unless ``layout`` (whitespace only) is asked
    for; the token appears only as its fingerprint."""
    lines = [f"{entry.method} {entry.url}"]
    lines += [f"{k}: {v}" for k, v in entry.request_headers]
    notes = [f"[{note}]" for note in entry.cut_notes() if note.startswith("Request")]
    return "\n".join([*lines, "", layout(entry.request_body), *notes])


def response_text(entry: Entry, layout: Callable[[str], str] = _exact) -> str:
    s = entry.summary
    status = "no HTTP answer" if s.status is None else f"HTTP {s.status}"
    duration = "-" if s.duration_ms is None else f"{s.duration_ms:.0f} ms"
    lines = [f"{status} · {s.outcome_label} · {duration}", entry.detail]
    lines += [f"{k}: {v}" for k, v in entry.response_headers]
    notes = [f"[{note}]" for note in entry.cut_notes() if note.startswith("Response")]
    return "\n".join([*lines, "", layout(entry.response_body), *notes])


def attempts_text(entry: Entry) -> str:
    if not entry.attempts:
        return "No attempt finished (the entry was interrupted)."
    return "\n".join(
        f"#{a['number']}: {a['status'] or '-'} {a['kind']} in {a['duration_ms']:.0f} ms "
        f"(waited {a['waited_s']:.1f} s) {a['detail']}"
        for a in entry.attempts
    )


class EntryDetails(QWidget):
    """The selected entry: request, response and attempts, each with a Copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Select an entry to see it in full.", self)
        self.title.setObjectName("entryTitle")
        self.title.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.views: dict[str, QPlainTextEdit] = {}
        for key, label in (
            ("request", "Request"),
            ("response", "Response"),
            ("attempts", "Attempts"),
        ):
            page = QWidget(self)
            view = read_only_text(f"history.{key}", page, wrap=key != "attempts")
            copy = QPushButton(f"Copy {label.lower()}", page)
            copy.setObjectName(f"history.copy.{key}")
            copy.clicked.connect(
                lambda _=False, v=view: QGuiApplication.clipboard().setText(v.toPlainText())
            )
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(view, 1)
            column.addWidget(copy)
            self.tabs.addTab(page, label)
            self.views[key] = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

    def show_entry(self, entry: Entry | None) -> None:
        if entry is None:
            self.title.setText("Select an entry to see it in full.")
            for view in self.views.values():
                view.clear()
            return
        s = entry.summary
        when = datetime.fromtimestamp(s.created_at).strftime("%Y-%m-%d %H:%M:%S")
        self.title.setText(
            f"Entry {s.id} · {when} · {s.store}{' (production)' if s.production else ''} · "
            f"{s.kind} · {s.signal_count} signal{'s' * (s.signal_count != 1)} · from {entry.source}"
            + (f" · {entry.tag}" if entry.tag else "")
        )
        self.views["request"].setPlainText(request_text(entry))
        self.views["response"].setPlainText(response_text(entry))
        self.views["attempts"].setPlainText(attempts_text(entry))


def full_text(entry: Entry) -> str:
    """Both sides of an entry, JSON bodies one value a line (whitespace only) so that a line
    diff points at the value that differs."""
    return f"{request_text(entry, reindent)}\n\n--- response ---\n{response_text(entry, reindent)}"


class DiffDialog(QDialog):
    """Two entries side by side (request and response); lines that differ are highlighted."""

    def __init__(self, left: Entry, right: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffDialog")
        self.setWindowTitle(f"Entry {left.id} and entry {right.id}")
        self.left = read_only_text("diff.left", self, wrap=False)
        self.right = read_only_text("diff.right", self, wrap=False)
        a, b = full_text(left).splitlines(), full_text(right).splitlines()
        self.left.setPlainText("\n".join(a))
        self.right.setPlainText("\n".join(b))
        changed_a: list[int] = []
        changed_b: list[int] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, a, b, autojunk=False
        ).get_opcodes():
            if tag != "equal":
                changed_a += range(i1, i2)
                changed_b += range(j1, j2)
        self.changed = (changed_a, changed_b)
        _mark_lines(self.left, changed_a)
        _mark_lines(self.right, changed_b)
        summary = QLabel(
            f"{len(changed_a)} line(s) of entry {left.id} and {len(changed_b)} of entry "
            f"{right.id} differ (highlighted). JSON bodies are shown one value a line; "
            "only whitespace is changed, every key and value is as sent.",
            self,
        )
        summary.setObjectName("diffSummary")
        splitter = QSplitter(self)
        for entry, view in ((left, self.left), (right, self.right)):
            box = QWidget(splitter)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(f"Entry {entry.id}: {entry.summary.outcome_label}", box))
            column.addWidget(view, 1)
            splitter.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(1100, 700)


def _mark_lines(view: QPlainTextEdit, lines: list[int]) -> None:
    style = QTextCharFormat()
    style.setBackground(QColor(255, 196, 0, 90))
    style.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
    selections = []
    document = view.document()
    for number in lines:
        block = document.findBlockByNumber(number)
        if not block.isValid():
            continue
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(block)
        selection.format = style
        selections.append(selection)
    view.setExtraSelections(selections)
