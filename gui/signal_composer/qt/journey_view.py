"""The journey view: one generated shopper's journey as a storyboard, stepped or played
against the chosen store through the window's send flow; and many shoppers sent at once."""

from __future__ import annotations

import copy
import random
import time
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.journey_bulk import ShoppersRow
from signal_composer.qt.journey_cards import Storyboard
from signal_composer.signals.jsonio import dumps_compact

if TYPE_CHECKING:
    from signal_composer.qt.send_controller import SendController
    from signal_composer.qt.store_bar import StoreBar
    from signal_composer.qt.workers import Runner
    from signal_composer.signals.journeys import JourneyGenerator
    from signal_composer.store.stores import Store
    from signal_composer.store.workspace import Workspace

Step = tuple[str, dict[str, Any]]
DEFAULT_PAUSE_S = 1.5
BULK_DAYS = 7.0
"""Many shoppers are spread over the last week (the dashboard's trend has days to show)."""
DEMO_SEED = 123
"""A seed whose shopper searches, clicks, adds to the cart and buys, in six steps."""
REFERENCE_NOW = 1_790_000_000_000
"""A fixed moment the single journeys are generated at (a seed's journey never changes)."""


class JourneyHost(Protocol):
    """What the view needs of the window."""

    runner: Runner
    send_control: SendController
    workspace: Workspace | None

    store_bar: StoreBar


def make_journey(
    profile_name: str, seed: int, shoppers: int, now: int, days: float = 1.0
) -> JourneyGenerator:
    """Shoppers of a profile over the last ``days`` (runs in a worker: profiles are files)."""
    from signal_composer.signals.journeys import JourneyGenerator
    from signal_composer.signals.profiles import load_profile

    return JourneyGenerator(load_profile(profile_name), seed, shoppers, days, now)


def one_shopper(profile_name: str, seed: int, now: int) -> list[Step]:
    """One shopper's signals, the same for a seed at any hour: generated over a fixed day, then
    moved in time to end a minute before ``now`` (every gap, and so every relation, kept)."""
    steps: list[Step] = [
        (k, copy.deepcopy(s)) for k, s in make_journey(profile_name, seed, 1, REFERENCE_NOW)
    ]
    if steps:
        shift = now - 60_000 - steps[-1][1]["timestamp"]
        for _, signal in steps:
            signal["timestamp"] += shift
    return steps


class JourneyView(QWidget):
    """Pick a profile and a seed, see the shopper's journey, send it step by step.

    Signals:
        open_requested(str, dict): open this signal (its type, its body) in the composer.
        step_sent(str, dict, bool): a step was answered (its type, signal, accepted).
        journey_shown(list): a new journey's ``(type, signal)`` steps.
    """

    open_requested = Signal(str, dict)
    step_sent = Signal(str, dict, bool)
    journey_shown = Signal(list)

    def __init__(self, host: JourneyHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journeyView")
        self.host = host
        self.steps: list[Step] = []
        self.played: list[Step] = []
        """The steps the store accepted, in order (the dashboard's "journey just played")."""
        self.next_step = 0
        self.playing = False
        self._pending: int | None = None
        self._confirmed: str | None = None
        self.profile = QComboBox(self)
        self.profile.setObjectName("journeyProfile")
        self.profile.setAccessibleName("Profile")
        self.seed = QSpinBox(self)
        self.seed.setObjectName("journeySeed")
        self.seed.setRange(0, 999_999)
        self.seed.setValue(DEMO_SEED)
        self.seed.setAccessibleName("Seed")
        self.surprise = QPushButton("Surprise me", self)
        self.surprise.clicked.connect(self.surprise_me)
        self.show_button = QPushButton("Show journey", self)
        self.show_button.setObjectName("showJourney")
        self.show_button.clicked.connect(self.load_journey)
        self.board = Storyboard(self)
        self.board.open_requested.connect(self._open)
        self.step_button = QPushButton("Step", self)
        self.step_button.setObjectName("journeyStep")
        self.step_button.setToolTip("Send the next signal and see the store's answer on its card")
        self.step_button.clicked.connect(self.step)
        self.play_button = QPushButton("Play", self)
        self.play_button.setObjectName("journeyPlay")
        self.play_button.clicked.connect(self.play)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("journeyCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.pause = QDoubleSpinBox(self)
        self.pause.setObjectName("journeyPause")
        self.pause.setRange(0.0, 10.0)
        self.pause.setSingleStep(0.5)
        self.pause.setValue(DEFAULT_PAUSE_S)
        self.pause.setSuffix(" s pause")
        self.status = QLabel("", self)
        self.status.setObjectName("journeyStatus")
        self.bulk = ShoppersRow(host.runner, self)
        self.bulk.send_requested.connect(self.send_many)
        self.bulk.finished.connect(self._many_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._play_next)
        self._layout()
        self._set_buttons()
        sends = host.send_control
        sends.finished.connect(self._answered)
        sends.not_sent.connect(lambda title, _text: self._unanswered(title))
        sends.cancelled.connect(lambda: self._unanswered("Cancelled"))

    def _layout(self) -> None:
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Profile", self))
        pick.addWidget(self.profile)
        pick.addWidget(QLabel("Seed", self))
        pick.addWidget(self.seed)
        pick.addWidget(self.surprise)
        pick.addWidget(self.show_button)
        pick.addStretch(1)
        run = QHBoxLayout()
        for widget in (self.step_button, self.play_button, self.cancel_button, self.pause):
            run.addWidget(widget)
        run.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.board, 1)
        layout.addLayout(run)
        layout.addWidget(self.bulk)

    # ---- the journey ----------------------------------------------------------------------

    def fill_profiles(self) -> None:
        """Lists the bundled profiles (a folder listing: in a worker), then shows a journey."""
        from signal_composer.signals.profiles import DEFAULT_PROFILE, profile_names

        def listed(names: list[str]) -> None:
            self.profile.clear()
            self.profile.addItems(names)
            if DEFAULT_PROFILE in names:
                self.profile.setCurrentText(DEFAULT_PROFILE)
            self.load_journey()

        self.host.runner.start(profile_names, listed, self._failed)

    def surprise_me(self) -> None:
        self.seed.setValue(random.randrange(self.seed.maximum() + 1))
        self.load_journey()

    def load_journey(self) -> None:
        """Generates the shopper of the chosen profile and seed (in a worker)."""
        name, seed = self.profile.currentText(), self.seed.value()
        if not name:
            return
        self.cancel()
        now = int(time.time() * 1000)
        self.status.setText("Generating…")
        self.host.runner.start(
            lambda: one_shopper(name, seed, now), self.show_journey, self._failed
        )

    def show_journey(self, steps: list[Step]) -> None:
        self.steps = steps
        self.played = []
        self.next_step = 0
        self.board.show_steps(steps)
        count = len(steps)
        self.status.setText(
            f"{count} step{'s' * (count != 1)}"
            if steps
            else "This shopper did nothing today: try another seed"
        )
        self._set_buttons()
        self.journey_shown.emit(steps)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(str(exc))
        self._set_buttons()

    def _open(self, number: int) -> None:
        kind, signal = self.steps[number]
        self.open_requested.emit(kind, copy.deepcopy(signal))

    # ---- sending --------------------------------------------------------------------------

    def _store(self) -> Store | None:
        """The chosen store, confirmed once per journey when it is production."""
        from signal_composer.store.stores import StoreError

        ws = self.host.workspace
        if ws is None:
            self.status.setText("Still starting: try again in a moment")
            return None
        name = self.host.store_bar.stores.currentText()
        try:
            store = ws.registry.get(name)
        except StoreError as exc:
            self.status.setText(str(exc))
            return None
        if store.production and self._confirmed != name:
            if not self.host.send_control.confirm_production(store):
                return None
            self._confirmed = name
        return store

    def step(self) -> bool:
        """Sends the next step; False when nothing was sent."""
        if self._pending is not None or self.next_step >= len(self.steps):
            return False
        if self.host.send_control.busy:
            self.status.setText("A send is running: cancel it or wait")
            return False
        store = self._store()
        if store is None:
            self.playing = False
            self._set_buttons()
            return False
        number = self.next_step
        kind, signal = self.steps[number]
        self._pending = number
        self.board.cards[number].set_verdict("Sending…", "busy")
        self.board.mark(number)
        self._set_buttons()
        self.host.send_control.start(store, kind, dumps_compact([signal]), 1)  # type: ignore[arg-type]
        return True

    def play(self) -> None:
        """Sends each step in turn with a visible pause between them, until Cancel."""
        if not self.steps or self.next_step >= len(self.steps):
            return
        self.playing = True
        self._set_buttons()
        if not self.step():
            self.playing = False
            self._set_buttons()

    def cancel(self) -> None:
        """Stops playing; a step on the wire is cancelled (its entry still says what happened)."""
        was = self.playing or self._pending is not None
        self.playing = False
        self._timer.stop()
        if self._pending is not None:
            self.host.send_control.cancel()
        if was:
            self.status.setText(f"Stopped before step {self.next_step + 1}")
        self._set_buttons()

    def _answered(self, recorded: Any) -> None:
        number = self._pending
        if number is None:
            return
        self._pending = None
        outcome = recorded.result.outcome
        card = self.board.cards[number]
        card.set_verdict(outcome.title, "ok" if outcome.accepted else "error")
        card.setToolTip(f"History entry {recorded.entry_id}: {outcome.detail}")
        kind, signal = self.steps[number]
        self.next_step = number + 1
        self.board.mark(self.next_step)
        if outcome.accepted:
            self.played.append((kind, signal))
        self.step_sent.emit(kind, signal, outcome.accepted)
        done = self.next_step >= len(self.steps)
        if not outcome.accepted:
            self.playing = False
            self.status.setText(f"Step {number + 1}: {outcome.title}; play stopped")
        elif done:
            self.playing = False
            self.status.setText(f"All {len(self.steps)} steps sent")
        else:
            self.status.setText(f"Step {number + 1} of {len(self.steps)} sent")
        if self.playing:
            self._timer.start(int(self.pause.value() * 1000))
        self._set_buttons()

    def _unanswered(self, title: str) -> None:
        number = self._pending
        if number is None:
            return
        self._pending = None
        self.playing = False
        self._timer.stop()
        self.board.cards[number].set_verdict(title, "error")
        self._set_buttons()

    def _play_next(self) -> None:
        if self.playing and not self.step():
            self.playing = False
            self._set_buttons()

    def _set_buttons(self) -> None:
        more = self.next_step < len(self.steps)
        idle = self._pending is None and not self.playing
        self.step_button.setEnabled(idle and more)
        self.play_button.setEnabled(idle and more)
        self.cancel_button.setEnabled(not idle)

    # ---- many shoppers --------------------------------------------------------------------

    def send_many(self) -> None:
        """Generates N shoppers and sends them, batched per type, with progress and Cancel."""
        ws, store = self.host.workspace, self._store()
        if ws is None or store is None or self.bulk.busy:
            return
        name, seed = self.profile.currentText(), self.seed.value()
        self.bulk.start(ws, store, lambda n, now: make_journey(name, seed, n, now, BULK_DAYS))

    def _many_done(self, said: str) -> None:
        self.status.setText(said + " (every request is in the history)")
        self.host.send_control.recorded.emit(0)  # the history shows the new entries

    def stop(self) -> None:
        """The window is closing."""
        self.cancel()
        self.bulk.cancel()
