"""The response pane: dragged wider by the user, remembered; messages wrap, never widen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow

from tests.qt.conftest import MakeWindow


def drag_handle(qtbot: QtBot, splitter: QSplitter, dx: int) -> None:
    handle = splitter.handle(1)
    middle = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(handle, middle + QPoint(dx // 2, 0))
    qtbot.mouseMove(handle, middle + QPoint(dx, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle + QPoint(dx, 0))


def test_the_response_pane_can_be_dragged_wide_and_keeps_its_width(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: window.width() == 1440, timeout=2000)
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter is not None
    before = window.response.width()
    drag_handle(qtbot, splitter, -(720 - before))
    qtbot.waitUntil(lambda: window.response.width() >= 700, timeout=2000)
    wide = window.response.width()
    window.close()
    again = make_window()
    again.resize(1440, 860)
    qtbot.waitUntil(lambda: again.width() == 1440, timeout=2000)
    assert abs(again.response.width() - wide) <= 8


def test_a_long_message_wraps_and_never_widens_the_window(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.screen().availableGeometry()
    width = window.width()
    assert width <= screen.width()  # the first window fits the screen it opens on
    long_word = "x" * 600
    window.response.show_error("Not sent: " + long_word, "because " + " ".join([long_word] * 3))
    qtbot.wait(50)
    assert window.width() == width
    assert window.response.width() < width


def test_ctrl_h_brings_history_forward_and_is_listed(qtbot: QtBot, window: MainWindow) -> None:
    from signal_composer.qt.menus import SHORTCUTS

    assert "Ctrl+H" in SHORTCUTS
    window.problems_dock.raise_()
    qtbot.wait(20)
    assert window.history_dock.visibleRegion().isEmpty()  # behind Problems
    for _ in range(2):  # twice: it stays forward, it does not toggle away
        qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(20)
        assert window.history_dock.isVisible()
        assert not window.history_dock.visibleRegion().isEmpty()


def test_the_first_split_shows_the_whole_form_beside_the_response(
    qtbot: QtBot, window: MainWindow
) -> None:
    from signal_composer.qt.docks import first_split

    window.resize(1296, 792)  # a first start on a 1440 px screen
    qtbot.waitUntil(lambda: window.width() == 1296, timeout=2000)
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter is not None
    splitter.setSizes(first_split(1296, window.composer.wanted_width()))
    qtbot.wait(50)
    assert not window.composer.form_area.horizontalScrollBar().isVisible()  # Now, New id shown
    assert window.response.width() >= 340
