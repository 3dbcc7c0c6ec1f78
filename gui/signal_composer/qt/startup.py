"""What the window does right after its first frame: open the workspace, and say when the
history file is damaged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from signal_composer.qt import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from signal_composer.qt.response import ResponsePane
    from signal_composer.store.workspace import Workspace


def open_workspace() -> Workspace:
    """Opens config, history and the local mock, and loads the validation core (a worker runs
    this right after the first frame)."""
    from signal_composer.signals import currencies, validation  # noqa: F401 - imported here, off the GUI thread
    from signal_composer.store import logs
    from signal_composer.store.workspace import Workspace

    logs.start_app_log()
    currencies.codes()
    return Workspace.open()


def history_off_text(reason: str) -> str:
    """What the user is told when the history file is damaged and sends go to a temporary one."""
    return (
        f"{reason}\n\nWhat you send now is kept only until you close the window (in a "
        "temporary history). Close the app, run 'signal-composer history recover', and "
        "start it again to keep your history."
    )


def say_history_off(window: QMainWindow, response: ResponsePane, reason: str) -> None:
    """A damaged history file: sending works, and the user is told loudly, twice."""
    text = history_off_text(reason)
    response.show_error("History is OFF: sends are not kept", text)
    window.statusBar().showMessage("History is OFF: the history file is damaged")
    dialogs.critical(window, "The history file is damaged", text)
