"""The history's Export…: where to and in which format (HAR, JSON or a cURL script).

The file's name decides the format, so what is written always matches its suffix: choosing a
type in the dialog changes the suggested name's suffix, a name typed without one gets the
chosen type's, and a name typed with another type's suffix is written in that type (any
other suffix is kept, and the chosen type written).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Final, NamedTuple

from PySide6.QtWidgets import QFileDialog, QWidget

from signal_composer.store.export import ExportFormat


class Kind(NamedTuple):
    """One export format as the file dialog offers it."""

    format: ExportFormat
    label: str
    suffix: str

    @property
    def filter(self) -> str:
        return f"{self.label} (*.{self.suffix})"


KINDS: Final = (
    Kind("har", "HAR", "har"),
    Kind("json", "JSON", "json"),
    Kind("curl", "cURL script", "sh"),
)
"""The formats of store/export.py, in the order offered (the first is the default)."""


def kind_of_filter(name_filter: str) -> Kind:
    return next((k for k in KINDS if k.filter == name_filter), KINDS[0])


def kind_of_path(path: str) -> Kind | None:
    suffix = PurePath(path).suffix.lower().lstrip(".")
    return next((k for k in KINDS if k.suffix == suffix), None)


def with_suffix(name: str, kind: Kind) -> str:
    """``name`` with ``kind``'s suffix in place of another format's (or added)."""
    path = PurePath(name)
    stem = path.stem if kind_of_path(name) else path.name
    return str(path.with_name(f"{stem}.{kind.suffix}"))


def ask_export_path(parent: QWidget, count: int) -> tuple[str, Kind] | None:
    """The file to export ``count`` entries to and its format, or None when cancelled."""
    dialog = QFileDialog(parent, f"Export {count} history entr{'y' if count == 1 else 'ies'}")
    dialog.setObjectName("historyExport")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilters([k.filter for k in KINDS])
    dialog.setDefaultSuffix(KINDS[0].suffix)
    dialog.selectFile(f"history.{KINDS[0].suffix}")

    def type_chosen(name_filter: str) -> None:
        kind = kind_of_filter(name_filter)
        dialog.setDefaultSuffix(kind.suffix)
        typed = dialog.selectedFiles()
        if typed and kind_of_path(typed[0]):
            dialog.selectFile(PurePath(with_suffix(typed[0], kind)).name)

    dialog.filterSelected.connect(type_chosen)
    try:
        if not dialog.exec() or not dialog.selectedFiles():
            return None
        path = dialog.selectedFiles()[0]
        chosen = kind_of_filter(dialog.selectedNameFilter())
    finally:
        dialog.deleteLater()
    # Qt added the chosen type's suffix to a bare name; another suffix is the user's own
    # ("notes.txt" is written as named, in the chosen type)
    return path, kind_of_path(path) or chosen
