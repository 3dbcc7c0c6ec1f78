"""The main window's message boxes and file pickers.

Qt's dialog classes are imported when the first dialog opens: their Python types (with their
enums) cost about 2.5 ms to build, and the first frame shows no dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def warn(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def critical(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def inform(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def about(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, title, text)


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question; True for Yes."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def save_discard_cancel(parent: QWidget, name: str, title: str, text: str) -> str:
    """Save, Discard or Cancel (the default, also for Enter and Escape): "save", "discard" or
    "cancel". ``name`` is the box's objectName."""
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        text,
        buttons.Save | buttons.Discard | buttons.Cancel,
        parent,
    )
    box.setDefaultButton(buttons.Cancel)
    box.setEscapeButton(buttons.Cancel)
    box.setObjectName(name)
    box.exec()
    clicked = box.standardButton(box.clickedButton())
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(clicked, "cancel")


def confirm(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    action: str,
    informative: str = "",
    details: str = "",
) -> bool:
    """A warning with Cancel (the default) and one button that does ``action``; True for it.

    ``name`` is the box's objectName, for tests and accessibility tools.
    """
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    if details:
        box.setDetailedText(details)
    if informative:
        box.setInformativeText(informative)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName(name)
    box.exec()
    return box.clickedButton() is go


def open_file(parent: QWidget, title: str, start: str, filters: str) -> str:
    """The chosen file's path, or "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getOpenFileName(parent, title, start, filters)[0]


def save_file(parent: QWidget, title: str, start: str, filters: str) -> str:
    """The path to save to, or "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getSaveFileName(parent, title, start, filters)[0]


def get_text(parent: QWidget, title: str, label: str) -> str | None:
    """The text typed, or None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def open_folder(parent: QWidget, title: str, start: str) -> str:
    """The chosen folder's path, or "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, start)


def choose(
    parent: QWidget, title: str, label: str, items: list[str], current: int = 0
) -> str | None:
    """One of the items, or None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    item, ok = QInputDialog.getItem(parent, title, label, items, current, False)
    return item if ok else None
