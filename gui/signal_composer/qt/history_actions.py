"""The history panel's actions on the chosen entries (diff, copy cURL, export, delete, clear):
every read and write of the history and of the export file runs in the runner, never on the
GUI thread; an export says how far it has got."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from signal_composer.qt import dialogs
from signal_composer.store.history import Entry, History

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QWidget

    from signal_composer.qt.history_details import EntryDetails
    from signal_composer.qt.workers import Runner
    from signal_composer.store.export import ExportFormat

STEP: Final = 250
"""An export reports its progress every this many entries read."""
FREE_SLICE: Final = 1000
"""An export frees the entries it read this many at a time, pausing 1 ms between slices:
freed all at once (a million objects for 50,000 entries) they held the GIL, and with it the
window's thread, for 0.5 to 0.8 s; a pause that short is the only way to hand the GIL over at
once (CPython makes a holder let go only after 5 ms)."""


def read_entries(
    history: History, ids: list[int], progress: Callable[[int], None] | None = None
) -> list[Entry]:
    """The entries in full, in the order given (in a worker), reporting how many are read."""
    entries = []
    for count, entry_id in enumerate(ids, 1):
        entries.append(history.get(entry_id))
        if progress is not None and (count % STEP == 0 or count == len(ids)):
            progress(count)
    return entries


def write_export(
    history: History, ids: list[int], path: str, fmt: ExportFormat, progress: Callable[[int], None]
) -> int:
    """Reads the entries, writes the file (whole or not at all) and returns how many it holds."""
    from signal_composer.signals.figures import collector_paused
    from signal_composer.store.export import export
    from signal_composer.store.paths import write_private

    with collector_paused():
        entries = read_entries(history, ids, progress)
        gc.freeze()
    try:
        text = export(entries, fmt)
        write_private(Path(path), text.encode("utf-8"))
        del text
        while entries:
            del entries[-FREE_SLICE:]
            time.sleep(0.001)
    finally:
        gc.unfreeze()
    return len(ids)


class ActionHost(Protocol):
    """What the actions need of the panel."""

    history: History
    runner: Runner
    buttons: dict[str, QPushButton]
    details: EntryDetails

    def selected_ids(self) -> list[int]: ...

    def reload(self) -> None: ...

    def update_buttons(self) -> None: ...


class HistoryActions(QObject):
    """Diff, Copy cURL, Export, Delete and Clear of one history panel.

    Signals:
        message(str, int): a confirmation for the status bar (text, milliseconds).
        exported(str): an export's file is written (its path).
    """

    message = Signal(str, int)
    exported = Signal(str)

    def __init__(self, host: ActionHost, widget: QWidget) -> None:
        super().__init__(widget)
        self.host = host
        self.widget = widget
        self.exporting = False

    def _read(self, ids: list[int], what: str, then: Callable[[list[Entry]], None]) -> None:
        history = self.host.history
        self.host.runner.start(
            lambda: read_entries(history, ids),
            then,
            lambda exc: dialogs.warn(self.widget, what, f"The history could not be read: {exc}"),
        )

    def diff(self) -> None:
        """Opens the two chosen entries side by side, the older on the left, once read."""
        ids = self.host.selected_ids()
        if len(ids) == 2:
            self._read(ids, "No diff", self._show_diff)

    def _show_diff(self, entries: list[Entry]) -> None:
        from signal_composer.qt.history_diff import DiffDialog

        newer, older = entries
        dialog = DiffDialog(older, newer, self.widget)
        dialog.show()
        dialog.activateWindow()  # its keys (F7, Shift+F7) work at once

    def copy_curl(self) -> None:
        """Copies the chosen entry as a cURL command (read in a worker) and says what it did."""
        ids = self.host.selected_ids()
        if len(ids) != 1:
            return
        history = self.host.history

        def make() -> tuple[int, str, str]:
            from signal_composer.store.export import curl_note, to_curl

            entry = history.get(ids[0])
            return entry.id, to_curl(entry), curl_note(entry)

        def copy(made: tuple[int, str, str]) -> None:
            entry_id, text, note = made
            QGuiApplication.clipboard().setText(text)
            said = f", {note}" if note.startswith("commented out") else f" ({note})"
            self.message.emit(f"cURL command of entry {entry_id} copied{said}", 8000)

        self.host.runner.start(
            make,
            copy,
            lambda exc: dialogs.warn(
                self.widget, "Nothing copied", f"The history could not be read: {exc}"
            ),
        )

    def export(self) -> None:
        from signal_composer.qt.history_export import ask_export_path

        chosen = ask_export_path(self.widget, len(self.host.selected_ids()))
        if chosen is not None:
            self.export_to(chosen[0], chosen[1].format)

    def export_to(self, path: str, fmt: ExportFormat) -> None:
        """Writes the chosen entries to ``path`` in a worker; the details' title and the status
        bar say how far it has got, and Export stays disabled until it ends. A failure writes
        nothing (an older file at ``path`` is kept) and says why.

        The progress is shown in places whose size never changes: a widget shown or hidden
        beside the list resizes it, and resizing a list of 50,000 chosen rows asks the model
        for its size 350,000 times (a second of the window's thread)."""
        from signal_composer.qt.history_export import KINDS

        ids = self.host.selected_ids()
        if self.exporting:
            self.message.emit("An export is running: export again when it has ended", 6000)
            return
        if not ids:
            return
        label = next(k.label for k in KINDS if k.format == fmt)
        self.exporting = True
        self.host.update_buttons()
        self._say(f"Exporting {len(ids):,} entries…", f"Exporting to {path}…")

        def advanced(count: int) -> None:
            if count < len(ids):
                said = f"{count:,} of {len(ids):,} entries read…"
            else:  # all read: the file is being written
                said = f"writing {len(ids):,} entries…"
            self._say(f"Exporting: {said}", f"Exporting to {path}: {said}")

        def ended() -> None:
            self.exporting = False
            self.host.update_buttons()

        def done(count: int) -> None:
            ended()
            said = f"Exported {count:,} entr{'y' if count == 1 else 'ies'}"
            self._say(f"{said} ({label}).", f"{said} to {path} ({label})", 8000)
            self.exported.emit(path)

        def failed(exc: Exception) -> None:
            ended()
            self._say("Not exported.", f"Not exported to {path}", 8000)
            dialogs.warn(
                self.widget, "Not exported", f"{path}: {exc}\n\nNo file was written by this export."
            )

        history = self.host.history
        self.host.runner.start(
            lambda report: write_export(history, ids, path, fmt, report), done, failed, advanced
        )

    def _say(self, title: str, status: str, timeout_ms: int = 0) -> None:
        """``title`` in the details' title, ``status`` (naming the file) in the status bar.
        The title never holds the path: a long word widens the label, which narrows (resizes)
        the list beside it."""
        self.host.details.title.setText(title)
        self.message.emit(status, timeout_ms)

    def delete(self) -> None:
        ids = self.host.selected_ids()
        if not ids:
            return
        plural = "y" if len(ids) == 1 else "ies"
        if dialogs.ask(self.widget, "Delete entries", f"Delete {len(ids)} history entr{plural}?"):
            history = self.host.history
            self._write(lambda: history.delete(ids), "Not deleted")

    def clear(self) -> None:
        """Counts the entries (in a worker), then asks before deleting them all."""
        history = self.host.history

        def ask(total: int) -> None:
            if total and dialogs.ask(
                self.widget,
                "Clear the history",
                f"Delete all {total} history entries? This cannot be undone; export them first "
                "if you need the evidence.",
            ):
                self._write(history.clear, "Not cleared")

        self.host.runner.start(history.count, ask, lambda exc: self._failed("Not cleared", exc))

    def _write(self, work: Callable[[], object], what: str) -> None:
        self.host.runner.start(
            work, lambda _: self.host.reload(), lambda exc: self._failed(what, exc)
        )

    def _failed(self, what: str, exc: Exception) -> None:
        dialogs.warn(self.widget, what, f"The history could not be changed: {exc}")
