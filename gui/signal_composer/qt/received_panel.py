"""Received by the store: what the local mock store accepted and rejected, as it happens, with
the problems it named, so an audience sees the other side of the wire."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from signal_composer.qt.look import ERROR, GOOD
from signal_composer.signals.problems import place
from signal_composer.signals.story import describe

if TYPE_CHECKING:
    from signal_composer.store.mockstore import MockStore

POLL_MS = 400
SHOWN = 2000
"""The newest requests listed; older ones leave the list (the mock keeps its own count)."""


class ReceivedPanel(QWidget):
    """Polls the in-process mock's log (memory, under a lock: no disk, no network)."""

    def __init__(self, mock: MockStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receivedPanel")
        self.mock = mock
        self.seen = 0
        self.summary = QLabel("", self)
        self.summary.setObjectName("receivedSummary")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("receivedList")
        self.tree.setHeaderLabels(["When", "Verdict", "What"])
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.accepted = self.rejected = 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        if mock is None:
            self.summary.setText("The local mock store is not running in this window")
        else:
            self.timer.start()
            self.poll()

    def poll(self) -> None:
        if self.mock is None:
            return
        total, new = self.mock.log_since(self.seen)
        self.seen = total
        for delivery in new:
            self._add(delivery)
        while self.tree.topLevelItemCount() > SHOWN:
            self.tree.takeTopLevelItem(self.tree.topLevelItemCount() - 1)
        self.summary.setText(
            f"The local mock store accepted {self.accepted:,} request"
            f"{'s' * (self.accepted != 1)} and rejected {self.rejected:,}"
        )

    def _add(self, delivery: Any) -> None:
        when = datetime.fromtimestamp(delivery.received_at).strftime("%H:%M:%S")
        good = delivery.status < 300
        count = delivery.count
        if good:
            self.accepted += 1
            verdict = f"Accepted {delivery.status}"
            if count == 1 and isinstance(delivery.first, dict):
                what = describe(delivery.kind, delivery.first).text
            else:
                what = f"{count:,} {delivery.kind} signal{'s' * (count != 1)}"
        else:
            self.rejected += 1
            verdict = f"Rejected {delivery.status}"
            what = f"{delivery.kind or 'request'}: {len(delivery.problems)} problem" + (
                "s" * (len(delivery.problems) != 1)
            )
        item = QTreeWidgetItem([when, verdict, what])
        item.setForeground(1, QColor(GOOD if good else ERROR))
        for problem in delivery.problems:
            index = problem.get("index")
            where = "the batch" if not isinstance(index, int) else f"signal {index + 1}"
            text = f"{where} · {place(str(problem.get('path') or ''))}: {problem.get('message')}"
            child = QTreeWidgetItem(["", str(problem.get("code", "")), text])
            child.setToolTip(2, text)
            item.addChild(child)
        self.tree.insertTopLevelItem(0, item)
        if delivery.problems:
            item.setExpanded(True)
