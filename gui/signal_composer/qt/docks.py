"""The window's layout: the central area, the docks (Problems, History), and where the user
left them (window.ini)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signal_composer.store.paths import config_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    from signal_composer.qt.history_panel import HistoryPanel

_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


def set_central(window: QMainWindow, top: QWidget, left: QWidget, right: QWidget) -> None:
    """``top`` over ``left`` and ``right`` side by side (3:2) in a splitter."""
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.setObjectName("mainSplitter")  # its state (the response pane's width) is saved
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setChildrenCollapsible(False)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    # Neither side's content may dictate the split: the user drags it, and it is remembered.
    left.setMinimumWidth(360)
    right.setMinimumWidth(240)
    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(top)
    layout.addWidget(splitter, 1)
    window.setCentralWidget(central)


def add_dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    """A dock under the central widget, named for the saved state and for tests."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock


def add_history_dock(
    window: QMainWindow, panel: HistoryPanel, problems: QDockWidget, menu: QMenu
) -> QDockWidget:
    """The history's dock, where it was last time or tabbed with Problems; the panel lays
    itself out wide under the composer and tall at a side. Ctrl+H brings it forward (shown,
    its tab raised, focused): a shortcut that hid it when it sat behind Problems surprised."""
    dock = QDockWidget("History", window)
    dock.setObjectName("historyDock")
    dock.setWidget(panel)

    def moved(area: Qt.DockWidgetArea) -> None:
        wide = area not in _SIDES
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        panel.set_orientation(orientation)

    dock.dockLocationChanged.connect(moved)
    if not window.restoreDockWidget(dock):
        # Like an IDE's bottom panel: Problems and History as tabs under the composer.
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        window.tabifyDockWidget(problems, dock)
        problems.raise_()
        window.resizeDocks([problems], [240], Qt.Orientation.Vertical)
    moved(window.dockWidgetArea(dock))
    forward = QAction("Bring &History forward", window)
    forward.setObjectName("showHistory")
    forward.setShortcut(QKeySequence("Ctrl+H"))

    def bring_forward() -> None:
        dock.show()
        dock.raise_()
        panel.setFocus()

    forward.triggered.connect(bring_forward)
    window.addAction(forward)
    menu.addAction(dock.toggleViewAction())
    menu.addAction(forward)
    return dock


def _settings() -> QSettings:
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def last_store() -> str | None:
    """The store selected when the window was last used (window settings, not the config)."""
    value = _settings().value("store")
    return str(value) if value else None


def remember_store(name: str) -> None:
    """Keeps the selected store in the window settings (a worker calls it: it writes a file)."""
    settings = _settings()
    settings.setValue("store", name)
    settings.sync()


def restore_layout(
    window: QMainWindow, problems: QDockWidget, wanted: Callable[[], int] = lambda: 0
) -> None:
    """The window's size and docks as the user left them (a first start: a default size, and
    the composer as wide as ``wanted()`` says, where the screen allows; asked only then)."""
    settings = _settings()
    geometry = settings.value("geometry")
    splitter = window.findChild(QSplitter, "mainSplitter")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        width, height = first_size(window)
        window.resize(width, height)
        window.resizeDocks([problems], [150], Qt.Orientation.Vertical)
        if splitter is not None:
            splitter.setSizes(first_split(width, wanted()))
    state = settings.value("state")
    if state is not None:
        window.restoreState(state)
    split = settings.value("split")
    if split is not None and splitter is not None:
        splitter.restoreState(split)


def first_split(width: int, wanted: int) -> list[int]:
    """The composer and the response pane on a first start: the composer as wide as its form
    wants (its buttons not behind a scroll bar), at least three fifths, the pane at least 360."""
    left = max(width * 3 // 5, min(wanted, width - 360))
    return [left, width - left]


def first_size(window: QMainWindow) -> tuple[int, int]:
    """The first window's size: 1440x880, or nine tenths of a smaller screen."""
    available = window.screen().availableGeometry()
    return min(1440, available.width() * 9 // 10), min(880, available.height() * 9 // 10)


def save_layout(window: QMainWindow) -> None:
    settings = _settings()
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    splitter = window.findChild(QSplitter, "mainSplitter")
    if splitter is not None:
        settings.setValue("split", splitter.saveState())
