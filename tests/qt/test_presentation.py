"""Presentation mode on and off: larger text in remembered steps, a person's words with the JSON
key in the tooltip, shortened ids with the whole value on hover and while editing, empty panels
hidden, the verdict large; and everything back as it was when it is turned off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.presentation import ZOOMS, Presentation

from tests.qt.conftest import MakeWindow


@pytest.fixture
def shown(make_window: MakeWindow) -> Iterator[tuple[MainWindow, Presentation]]:
    window = make_window()
    assert window.demo is not None
    presentation = window.demo.presentation
    yield window, presentation
    presentation.set_on(False)  # the application's font is shared with the next test


def is_on(presentation: Presentation) -> bool:
    return presentation.on


def label_of(window: MainWindow, key: str) -> QLabel:
    found = [lb for lb in window.findChildren(QLabel) if lb.property("jsonKey") == key]
    assert len(found) == 1
    return found[0]


def test_f11_turns_presentation_mode_on_and_off(
    qtbot: QtBot, shown: tuple[MainWindow, Presentation]
) -> None:
    window, presentation = shown
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    size = app.font().pointSizeF()
    visitor = window.composer.editor_for("visitorId")
    assert visitor is not None
    full = visitor.text()
    assert window.problems_dock.isVisible()
    window.composer.tabs.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert is_on(presentation)
    assert presentation.action.isChecked()
    assert app.font().pointSizeF() == pytest.approx(size * ZOOMS[presentation.zoom_step])
    label = label_of(window, "visitorId")
    assert label.text() == "Visitor"
    assert "visitorId" in label.toolTip()
    assert label_of(window, "ipAddress").text() == "IP address (optional)"
    assert QLabel.text(label) == "Visitor"
    assert super(type(visitor), visitor).text() == f"{full[:8]}…{full[-4:]}"  # what is shown
    assert visitor.text() == full  # what the draft and a copy get
    assert full in visitor.toolTip()
    header = window.composer.products.table.horizontalHeaderItem(3)
    assert header is not None
    assert header.text() == "Currency"
    assert not window.problems_dock.isVisible()  # no problems: the empty panel goes
    assert window.response.title.font().pixelSize() >= 2 * 17
    visitor.setFocus()
    assert super(type(visitor), visitor).text() == full  # editing shows the whole id
    window.composer.tabs.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not is_on(presentation)
    assert app.font().pointSizeF() == pytest.approx(size)
    assert label_of(window, "visitorId").text() == "visitorId"
    assert super(type(visitor), visitor).text() == full
    assert window.problems_dock.isVisible()
    assert window.response.title.font().pixelSize() == 17


def test_problems_show_in_presentation_mode_when_there_are_some(
    qtbot: QtBot, shown: tuple[MainWindow, Presentation]
) -> None:
    window, presentation = shown
    presentation.set_on(True)
    assert not window.problems_dock.isVisible()
    window.composer.draft.set("selectedPosition", 0)
    window.composer.revalidate()
    assert window.problems_dock.isVisible()
    window.composer.draft.set("selectedPosition", 1)
    window.composer.revalidate()
    assert not window.problems_dock.isVisible()


def test_zoom_steps_are_remembered(
    qtbot: QtBot, shown: tuple[MainWindow, Presentation], make_window: MakeWindow
) -> None:
    window, presentation = shown
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font().pointSizeF()
    first = presentation.zoom_step
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert is_on(presentation)  # zooming turns the mode on
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert presentation.zoom_step == first + 2
    assert app.font().pointSizeF() == pytest.approx(base * ZOOMS[first + 2])
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    presentation.set_on(False)
    assert app.font().pointSizeF() == pytest.approx(base)
    later = make_window()
    assert later.demo is not None
    assert later.demo.presentation.zoom_step == first + 1


def test_a_new_form_gets_the_words_too(
    qtbot: QtBot, shown: tuple[MainWindow, Presentation]
) -> None:
    window, presentation = shown
    presentation.set_on(True)
    window.composer.set_kind("query")
    qtbot.waitUntil(lambda: label_of(window, "searchTerms").text() == "Search terms", timeout=2000)
    query = window.composer.editor_for("queryId")
    assert query is not None
    assert "…" in super(type(query), query).text()
    presentation.set_on(False)
    assert label_of(window, "searchTerms").text() == "searchTerms"
