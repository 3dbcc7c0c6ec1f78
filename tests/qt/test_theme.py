"""Light and dark: the palette follows the colour scheme; problem states are drawn on the widget."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from signal_composer.qt import look
from signal_composer.qt.app import apply_theme
from signal_composer.qt.fields import FieldEditor, MessageLabel
from signal_composer.signals.problems import Problem, Severity


def test_dark_and_light_palettes(qtbot: QtBot, qapp: QApplication) -> None:
    previous = qapp.palette()
    try:
        apply_theme(qapp, dark=True)
        dark = qapp.palette().color(QPalette.ColorRole.Window)
        group = QPalette.ColorGroup
        live = qapp.palette().color(group.Active, QPalette.ColorRole.ButtonText)
        greyed = qapp.palette().color(group.Disabled, QPalette.ColorRole.ButtonText)
        assert greyed.lightness() < live.lightness() - 60  # a disabled button looks disabled
        apply_theme(qapp, dark=False)
        light = qapp.palette().color(QPalette.ColorRole.Window)
        assert dark.lightness() < 60 < light.lightness()
        assert not qapp.styleSheet()  # no app-wide sheet: it slows every widget down
    finally:
        qapp.setPalette(previous)


def _count(image: QImage, colour: str) -> int:
    wanted = QColor(colour).rgb()
    return sum(
        image.pixel(x, y) == wanted for y in range(image.height()) for x in range(image.width())
    )


def _problem(severity: Severity) -> Problem:
    return Problem(0, "sessionId", "too_long", severity, "too long")


def test_an_editor_with_a_problem_gets_a_coloured_border(qtbot: QtBot) -> None:
    editor = FieldEditor("sessionId", "string", True, "Session id", "The session")
    qtbot.addWidget(editor)
    editor.resize(200, 30)
    editor.show()
    assert _count(editor.grab().toImage(), look.ERROR) == 0
    editor.set_problem(_problem("error"))
    assert editor.property("problem") == "error"
    assert _count(editor.grab().toImage(), look.ERROR) > 300  # a 2 px frame around 200x30
    editor.set_problem(_problem("warning"))
    image = editor.grab().toImage()
    assert _count(image, look.ERROR) == 0 < _count(image, look.WARNING_BORDER)
    editor.set_problem(None)
    assert editor.property("problem") == ""
    assert _count(editor.grab().toImage(), look.WARNING_BORDER) == 0


def test_state_colours_follow_the_state_and_give_the_theme_back(
    qtbot: QtBot, qapp: QApplication
) -> None:
    label = MessageLabel()
    qtbot.addWidget(label)
    label.show_problem(_problem("error"))
    role = QPalette.ColorRole.WindowText
    assert label.palette().color(role) == QColor(look.ERROR)
    label.show_problem(_problem("warning"))
    assert label.palette().color(role) == QColor(look.WARNING)
    status = QLabel()
    qtbot.addWidget(status)
    look.set_state(status, "problem", "error", bold=True)
    assert status.font().bold()
    assert status.palette().color(role) == QColor(look.ERROR)
    look.set_state(status, "problem", "", bold=True)
    assert not status.font().bold()
    assert status.palette().color(role) == qapp.palette().color(role)
    previous = qapp.palette()
    try:  # a neutral label follows a theme switch; a coloured one keeps its colour
        look.set_state(label, "problem", "error")
        apply_theme(qapp, dark=True)
        qapp.processEvents()  # Qt hands a new application palette to widgets by event
        assert status.palette().color(role) == qapp.palette().color(role)
        assert label.palette().color(role) == QColor(look.ERROR)
    finally:
        qapp.setPalette(previous)


def test_an_editor_in_error_follows_a_theme_switch(qtbot: QtBot, qapp: QApplication) -> None:
    previous = qapp.palette()
    editor = FieldEditor("sessionId", "string", True, "Session id", "The session")
    qtbot.addWidget(editor)
    editor.resize(200, 30)
    editor.set_problem(_problem("error"))
    editor.show()
    try:
        apply_theme(qapp, dark=False)
        qapp.processEvents()
        assert editor.grab().toImage().pixelColor(100, 15).lightness() > 200
        apply_theme(qapp, dark=True)
        qapp.processEvents()
        assert editor.grab().toImage().pixelColor(100, 15).lightness() < 60  # not a white hole
    finally:
        qapp.setPalette(previous)


def test_plain_editors_have_no_style_sheet(qtbot: QtBot) -> None:
    editor = QLineEdit()
    qtbot.addWidget(editor)
    look.mark_editor(editor, "error")
    assert look.ERROR in editor.styleSheet()
    look.mark_editor(editor, "")
    assert editor.styleSheet() == ""
