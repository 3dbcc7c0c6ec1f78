"""One history entry in full: request, response and attempts, each with Copy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.text_views import read_only_text
from signal_composer.store.history import Entry
from signal_composer.store.outcomes import title_of


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
    lines = [f"{status} · {s.outcome_title} · {duration}", entry.detail]
    lines += [f"{k}: {v}" for k, v in entry.response_headers]
    notes = [f"[{note}]" for note in entry.cut_notes() if note.startswith("Response")]
    return "\n".join([*lines, "", layout(entry.response_body), *notes])


def attempts_text(entry: Entry) -> str:
    if not entry.attempts:
        return "No attempt finished (the entry was interrupted)."
    return "\n".join(
        f"#{a['number']}: {a['status'] or '-'} {title_of(a['kind'])} in {a['duration_ms']:.0f} ms "
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
