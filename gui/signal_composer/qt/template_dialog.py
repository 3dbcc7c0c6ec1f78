"""Save as Template's name, checked as it is typed: the dialog never closes on a bad name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from signal_composer.qt.fields import MessageLabel
from signal_composer.store.library import template_name_problem


class TemplateNameDialog(QDialog):
    """Asks for a template's name. Under the field it says what is wrong with the name as it
    stands (empty, a character a name cannot hold, too long), and Save is disabled until it is
    fixed; a name already taken says so and Save becomes Replace (saving over a template is
    what Save as Template has always done); a name that differs from a template's only in case
    is refused, since some systems would take it for that template."""

    def __init__(self, existing: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateNameDialog")
        self.setWindowTitle("Save as template")
        self.existing = list(existing)
        label = QLabel("Template &name:", self)
        self.name = QLineEdit(self)
        self.name.setObjectName("templateName")
        self.name.setAccessibleName("Template name")
        label.setBuddy(self.name)
        self.message = MessageLabel(self, lines=2)
        self.message.setObjectName("templateNameMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self.setMinimumWidth(420)
        self._check("")

    def chosen(self) -> str:
        """The name as it will be saved (without surrounding spaces)."""
        return self.name.text().strip()

    def _check(self, text: str) -> None:
        name = text.strip()
        problem = template_name_problem(text)
        same = next((n for n in self.existing if n.casefold() == name.casefold()), None)
        severity = "error"
        if problem is None and same is not None and same != name:
            problem = (
                f'A template "{same}" exists: a name that differs only in case would be '
                f'taken for it on some systems. Choose another name, or type "{same}" to '
                "replace it."
            )
        elif problem is None and same is not None:
            problem = f'A template "{same}" exists: Replace saves over it.'
            severity = "warning"
        self.save.setText("Replace" if severity == "warning" else "Save")
        self.save.setEnabled(problem is None or severity == "warning")
        # An empty field before anything was typed is a prompt, not an error.
        quiet = not text and not self.name.isModified()
        self.message.show_message(problem, "" if quiet else severity)


def ask_template_name(parent: QWidget, existing: Sequence[str]) -> str | None:
    """The name to save the template under, or None when cancelled."""
    dialog = TemplateNameDialog(existing, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
