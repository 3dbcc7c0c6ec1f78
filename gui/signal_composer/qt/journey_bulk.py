"""Many generated shoppers sent at once from the journey view: a count, a progress bar over the
journeys' time span, and Cancel (which stops after the request in flight)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QSpinBox, QWidget

from signal_composer.qt import dialogs

if TYPE_CHECKING:
    from signal_composer.qt.workers import Runner
    from signal_composer.signals.journeys import JourneyGenerator
    from signal_composer.store.shoppers import ShoppersSent
    from signal_composer.store.stores import Store
    from signal_composer.store.workspace import Workspace

STEPS = 1000
"""The progress bar's resolution."""


class ShoppersRow(QWidget):
    """Signals:
    send_requested(): the user asked to send (the view picks the store and starts).
    finished(str): a send ended; what to tell the user.
    """

    send_requested = Signal()
    finished = Signal(str)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._cancel: threading.Event | None = None
        self.shoppers = QSpinBox(self)
        self.shoppers.setObjectName("bulkShoppers")
        self.shoppers.setRange(1, 100_000)
        self.shoppers.setValue(200)
        self.shoppers.setSuffix(" shoppers")
        self.button = QPushButton("Generate and send", self)
        self.button.setObjectName("bulkSend")
        self.button.setToolTip("Generate this many shoppers of the profile and send their signals")
        self.button.clicked.connect(self.send_requested)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("bulkProgress")
        self.progress.setRange(0, STEPS)
        self.progress.setValue(0)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("bulkCancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shoppers)
        layout.addWidget(self.button)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.cancel_button)
        self._set_buttons()

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def start(
        self, ws: Workspace, store: Store, journeys: Callable[[int, int], JourneyGenerator]
    ) -> None:
        """Sends ``journeys(count, now)``'s signals to the store in a worker."""
        from signal_composer.store.shoppers import send_shoppers

        cancel = threading.Event()
        self._cancel = cancel
        count, now = self.shoppers.value(), int(time.time() * 1000)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.progress.show()
        self._set_buttons()

        def job(report: Any) -> ShoppersSent:
            return send_shoppers(ws, store, journeys(count, now), cancel, report)

        self.runner.start(job, self._done, self._failed, self._progress, network=True)

    def _progress(self, progress: Any) -> None:
        self.progress.setValue(int(progress.fraction * STEPS))
        self.progress.setFormat(f"{progress.sent:,} signals · %p%")

    def _done(self, done: ShoppersSent) -> None:
        self._cancel = None
        last = done.last
        if done.cancelled:
            said = f"Cancelled after {done.sent:,} signals"
        elif last is not None and not last.result.outcome.accepted:
            said = f"Stopped after {done.sent:,} signals: {last.result.outcome.title}"
        else:
            said = f"Sent {done.sent:,} signals"
            self.progress.setValue(STEPS)
        self.progress.setFormat(said)
        self._set_buttons()
        self.finished.emit(said)

    def _failed(self, exc: Exception) -> None:
        self._cancel = None
        self.progress.setFormat("Not sent")
        self._set_buttons()
        dialogs.warn(self, "Shoppers not sent", str(exc))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.progress.setFormat("Cancelling after the request in flight…")

    def _set_buttons(self) -> None:
        self.button.setEnabled(not self.busy)
        self.cancel_button.setEnabled(self.busy)
