"""The window's menus: File, Edit, Request, View and Help, and the Help menu's boxes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

from signal_composer.qt import dialogs
from signal_composer.version import version

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QWidget

    from signal_composer.qt.composer import Composer
    from signal_composer.qt.diagnose_flow import DiagnoseFlow
    from signal_composer.qt.file_actions import FileActions
    from signal_composer.qt.send_controller import SendController
    from signal_composer.qt.store_controller import StoreController

Keys = str | QKeySequence.StandardKey | list[str]

SHORTCUTS = (
    "Ctrl+Enter  send · Esc  cancel a send\n"
    "Ctrl+N  new · Ctrl+O  open · Ctrl+S  save\n"
    "Ctrl+Shift+N  add signal · Ctrl+D  duplicate signal\n"
    "Ctrl+Shift+P  add product · Ctrl+T  stores and tokens\n"
    "Ctrl+1  form · Ctrl+2  JSON · Alt+S  store · Alt+T  type\n"
    "Ctrl+H  bring History forward\n"
    "In a diff: F7 or Alt+Down  next change · Shift+F7 or Alt+Up  previous change\n"
    "Ctrl+Shift+D  diagnose a customer's request (or paste a cURL command into the JSON view,\n"
    "or drop a HAR file on the window)"
)


def about_text() -> str:
    """The About box: the installed version, what the app does, where tokens live."""
    return (
        f"Signal Composer {version()}: compose, validate, send and inspect Lucidworks retail "
        "signals.\n\nTokens are kept in the OS keyring only."
    )


class MenuHost(Protocol):
    """What the menus act on: the window's parts."""

    files: FileActions
    composer: Composer
    send_control: SendController
    store_control: StoreController
    diagnose: DiagnoseFlow
    problems_dock: QDockWidget

    def menuBar(self) -> QMenuBar: ...

    def send_or_cancel(self) -> None: ...

    def close(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Menus:
    """The menus and actions the window reaches again after building them."""

    file: QMenu
    templates: QMenu
    view: QMenu
    send: QAction


def make_action(
    parent: QWidget, text: str, slot: Callable[[], object], keys: Keys | None = None, name: str = ""
) -> QAction:
    """An action named for tests and accessibility tools (``name``, or its text)."""
    action = QAction(text, parent)
    if keys is not None:
        several = keys if isinstance(keys, list) else [keys]
        action.setShortcuts([QKeySequence(k) for k in several])
    action.triggered.connect(slot)
    action.setObjectName(name or text.replace("&", "").replace("…", "").strip())
    return action


def edit_focused(method: str) -> None:
    """Edit > Undo, Copy, …: act on the focused text field (the fields' own shortcuts win
    while they have focus; the menu serves mouse users)."""
    widget = QApplication.focusWidget()
    action = getattr(widget, method, None)
    from PySide6.QtWidgets import QPlainTextEdit  # its type is not needed before

    if isinstance(widget, QLineEdit | QPlainTextEdit) and callable(action):
        action()


def open_log_folder() -> None:
    """Help > Open log folder: the system's file manager shows the log files."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from signal_composer.store.logs import log_dir

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))


def build_menus(window: MenuHost) -> Menus:
    """Fills the window's menu bar."""
    parent = cast("QWidget", window)  # of the actions and of the Help menu's boxes
    bar = window.menuBar()
    act = partial(make_action, parent)
    files, composer, std = window.files, window.composer, QKeySequence.StandardKey
    file = bar.addMenu("&File")
    file.addAction(act("&New", files.new, std.New))
    file.addAction(act("&Open…", files.open, std.Open))
    file.addAction(act("&Save", files.save, std.Save))
    file.addAction(act("Save &As…", files.save_as, std.SaveAs))
    file.addSeparator()
    templates = file.addMenu("&Templates")
    templates.aboutToShow.connect(files.fill_templates)
    file.addAction(act("Save as &Template…", files.save_template))
    file.addSeparator()
    file.addAction(
        act("&Diagnose a request…", window.diagnose.open_file, "Ctrl+Shift+D", "diagnoseAction")
    )
    file.addSeparator()
    file.addAction(act("&Quit", window.close, std.Quit))
    edit = bar.addMenu("&Edit")
    for text, method, key in (
        ("&Undo", "undo", std.Undo),
        ("&Redo", "redo", std.Redo),
        (None, None, None),
        ("Cu&t", "cut", std.Cut),
        ("&Copy", "copy", std.Copy),
        ("&Paste", "paste", std.Paste),
        ("Select &All", "selectAll", std.SelectAll),
        (None, None, None),
    ):
        if text is None or method is None:
            edit.addSeparator()
            continue
        edit.addAction(act(text, partial(edit_focused, method), key, method))
    edit.addAction(
        act("&Add signal", lambda: composer.signal_action("add"), "Ctrl+Shift+N", "addSignal")
    )
    edit.addAction(act("&Duplicate signal", lambda: composer.signal_action("duplicate"), "Ctrl+D"))
    edit.addAction(act("&Remove signal", lambda: composer.signal_action("remove")))
    edit.addSeparator()
    edit.addAction(act("Add &product", composer.products.add, "Ctrl+Shift+P"))
    request = bar.addMenu("&Request")
    send = act("&Send", window.send_or_cancel, ["Ctrl+Return", "Ctrl+Enter"], "sendAction")
    request.addAction(send)
    request.addAction(act("&Cancel send", window.send_control.cancel, "Esc", "cancelAction"))
    request.addSeparator()
    request.addAction(act("Stores and &tokens…", window.store_control.manage, "Ctrl+T"))
    view = bar.addMenu("&View")
    view.addAction(window.problems_dock.toggleViewAction())
    view.addAction(act("&Form", lambda: composer.tabs.setCurrentIndex(0), "Ctrl+1", "viewForm"))
    view.addAction(act("&JSON", lambda: composer.tabs.setCurrentIndex(1), "Ctrl+2", "viewJson"))
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(
        act(
            "&Keyboard shortcuts",
            lambda: dialogs.inform(parent, "Keyboard shortcuts", SHORTCUTS),
            "F1",
        )
    )
    help_menu.addAction(act("Open &log folder", open_log_folder, name="openLogFolder"))
    help_menu.addAction(
        act(
            "&About Signal Composer",
            lambda: dialogs.about(parent, "About Signal Composer", about_text()),
        )
    )
    return Menus(file, templates, view, send)
