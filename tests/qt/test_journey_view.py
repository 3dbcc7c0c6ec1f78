"""The journey view as a presenter drives it: a shopper's storyboard stepped and played against
the real local mock store, cancelled mid-play, a card opened in the composer, many shoppers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.journey_view import JourneyView
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.history import Filter
from signal_composer.store.workspace import Workspace

SEED = 123


def open_journey(qtbot: QtBot, window: MainWindow, seed: int = SEED) -> JourneyView:
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.demo is not None
    view = window.demo.journey
    assert view is not None
    assert view.isVisible()
    qtbot.waitUntil(lambda: view.steps != [], timeout=10000)
    if view.seed.value() != seed:
        view.seed.setValue(seed)
        view.load_journey()
        qtbot.waitUntil(lambda: view.status.text() != "Generating…", timeout=10000)
    return view


def verdicts(view: JourneyView) -> list[str]:
    return [card.verdict.text() for card in view.board.cards]


def test_the_storyboard_tells_the_journey_in_words(qtbot: QtBot, window: MainWindow) -> None:
    view = open_journey(qtbot, window)
    words = [card.plain for card in view.board.cards]
    assert len(words) >= 4
    assert words[0].startswith("searched ")
    assert any(w.startswith("clicked #") and "$" in w for w in words)
    assert all("{" not in w and "visitorId" not in w for w in words)
    assert view.board.cards[0].when.text()  # local date and time, not epoch milliseconds


def test_step_sends_the_next_signal_and_shows_the_answer_on_its_card(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    view = open_journey(qtbot, window)
    assert workspace.mock is not None
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.board.cards[0].verdict.text() == "Accepted", timeout=10000)
    assert verdicts(view)[1:] == [""] * (len(view.steps) - 1)
    received = workspace.mock.accepted
    assert [(r.type, r.signal) for r in received] == [view.steps[0]]
    assert workspace.history.count(Filter(kind=view.steps[0][0])) == 1
    assert window.response.title.text() == "Accepted"  # through the window's send flow
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.board.cards[1].verdict.text() == "Accepted", timeout=10000)
    assert len(workspace.mock.accepted) == 2
    assert view.played == view.steps[:2]


def test_play_sends_each_step_with_a_pause_and_cancel_stops_it(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    view = open_journey(qtbot, window)
    assert workspace.mock is not None
    view.pause.setValue(0.5)
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
    assert not view.play_button.isEnabled()
    assert view.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: verdicts(view)[1] == "Accepted", timeout=10000)
    # The pause is visible: the next card waits before it is sent.
    assert verdicts(view)[2] in ("", "Sending…")
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    sent = len(workspace.mock.accepted)
    assert 2 <= sent <= 3
    qtbot.wait(1200)
    assert len(workspace.mock.accepted) == sent  # nothing more after Cancel
    assert view.play_button.isEnabled()
    assert not view.cancel_button.isEnabled()
    assert "Stopped before step" in view.status.text()
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)  # plays on from there
    view.pause.setValue(0.0)
    qtbot.waitUntil(lambda: "steps sent" in view.status.text(), timeout=20000)
    assert [(r.type, r.signal) for r in workspace.mock.accepted] == view.steps
    assert set(verdicts(view)) == {"Accepted"}


def test_a_card_opens_its_signal_in_the_composer(qtbot: QtBot, window: MainWindow) -> None:
    view = open_journey(qtbot, window)
    number = next(i for i, (kind, _) in enumerate(view.steps) if kind == "click")
    qtbot.mouseClick(view.board.cards[number].open, Qt.MouseButton.LeftButton)
    kind, signal = view.steps[number]
    assert window.composer.draft.kind == kind == window.store_bar.kind.currentText()
    assert window.composer.draft.signals == [signal]
    window.composer.draft.set("selectedPosition", 99)
    assert view.steps[number][1]["selectedPosition"] != 99  # the card keeps its own copy


def test_generate_n_shoppers_sends_them_all_with_progress(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    view = open_journey(qtbot, window)
    assert workspace.mock is not None
    view.bulk.shoppers.setValue(30)
    qtbot.mouseClick(view.bulk.button, Qt.MouseButton.LeftButton)
    assert view.bulk.cancel_button.isEnabled()
    assert not view.bulk.button.isEnabled()
    qtbot.waitUntil(lambda: view.bulk.button.isEnabled(), timeout=20000)
    received = len(workspace.mock.accepted)
    assert received > 30
    assert view.bulk.progress.value() == 1000
    assert view.bulk.progress.format() == f"Sent {received:,} signals"
    tagged = workspace.history.count(Filter(contains="journeys seed="))
    assert tagged >= 4  # one request per type at least, each in the history


def test_cancel_stops_sending_many_shoppers(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    view = open_journey(qtbot, window)
    assert workspace.mock is not None
    view.bulk.shoppers.setValue(20_000)
    qtbot.mouseClick(view.bulk.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.bulk.progress.value() > 0, timeout=20000)
    qtbot.mouseClick(view.bulk.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.bulk.button.isEnabled(), timeout=20000)
    assert view.bulk.progress.format().startswith("Cancelled after ")
    assert view.bulk.progress.value() < 1000
