"""Light and dark: the palette follows the colour scheme; problem styles come from the sheet."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.core.paths import resources_dir
from gui.qt.app import apply_theme


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
        assert 'QLineEdit[problem="error"]' in qapp.styleSheet()
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(previous)


def test_the_style_sheet_ships_with_the_resources() -> None:
    assert (resources_dir() / "styles" / "app.qss").is_file()
