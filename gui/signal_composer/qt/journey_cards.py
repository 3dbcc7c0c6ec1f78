"""The storyboard: one card per step of a shopper's journey, in words, with the store's answer."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.look import BUSY, set_state
from signal_composer.signals.story import describe

_TAGS = {
    "query": ("SEARCH", "#4285f4"),
    "click": ("CLICK", "#34a853"),
    "cartadd": ("CART", "#e37400"),
    "purchase": ("BUY", "#ea4335"),
}


def local_time(ms: Any) -> str:
    """Epoch milliseconds as the local date and time a person reads."""
    if not isinstance(ms, int) or isinstance(ms, bool):
        return ""
    try:
        return datetime.fromtimestamp(ms / 1000).strftime("%a %d %b %H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return ""


class StoryCard(QFrame):
    """One step: its words, when it happened, and the store's answer once sent.

    Signals:
        open_requested(int): open this step's signal in the composer.
    """

    open_requested = Signal(int)

    def __init__(self, number: int, kind: str, signal: dict[str, Any], parent: QWidget) -> None:
        super().__init__(parent)
        self.number = number
        self.kind = kind
        self.signal = signal
        self.setObjectName("storyCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        line = describe(kind, signal)
        text = html.escape(line.text)
        if line.emphasis:
            terms = html.escape(line.emphasis)
            text = text.replace(terms, f"<i>{terms}</i>", 1)
        tag, colour = _TAGS.get(kind, (kind.upper(), "#888888"))
        badge = f'<span style="color:{colour}; font-weight:bold">{tag}</span>'
        self.words = QLabel(f"<b>{number + 1}.</b> {badge}&nbsp; {text}", self)
        self.words.setObjectName("storyWords")
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setToolTip(f"a {kind} signal")
        self.plain = line.text
        self.when = QLabel(local_time(signal.get("timestamp")), self)
        self.when.setToolTip(f"timestamp {signal.get('timestamp')} (epoch milliseconds)")
        self.verdict = QLabel("", self)
        self.verdict.setObjectName("storyVerdict")
        self.open = QPushButton("Open in composer", self)
        self.open.setObjectName("openStep")
        self.open.setFlat(True)
        self.open.clicked.connect(lambda: self.open_requested.emit(self.number))
        self.words.setWordWrap(True)
        below = QHBoxLayout()
        below.addWidget(self.when)
        below.addStretch(1)
        below.addWidget(self.verdict)
        below.addWidget(self.open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 4)
        layout.setSpacing(2)
        layout.addWidget(self.words)
        layout.addLayout(below)

    def set_verdict(self, text: str, state: str) -> None:
        """``state``: "ok", "error", "busy" or "" (the look's colours)."""
        self.verdict.setText(text)
        set_state(self.verdict, "outcome", state, bold=True)

    def set_current(self, current: bool) -> None:
        """The next step to send has a blue frame."""
        self.setProperty("current", current)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.property("current"):
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(BUSY), 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 5, 5)


class Storyboard(QScrollArea):
    """The cards of one journey, top to bottom; the next step is marked."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyboard")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.host = QWidget(self)
        self.column = QVBoxLayout(self.host)
        self.column.setContentsMargins(4, 4, 4, 4)
        self.column.addStretch(1)
        self.setWidget(self.host)
        self.cards: list[StoryCard] = []

    def show_steps(self, steps: list[tuple[str, dict[str, Any]]]) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for number, (kind, signal) in enumerate(steps):
            card = StoryCard(number, kind, signal, self.host)
            card.open_requested.connect(self.open_requested)
            self.column.insertWidget(number, card)
            self.cards.append(card)
        self.mark(0)

    def mark(self, current: int) -> None:
        for card in self.cards:
            card.set_current(card.number == current)
        if 0 <= current < len(self.cards):
            self.ensureWidgetVisible(self.cards[current])
