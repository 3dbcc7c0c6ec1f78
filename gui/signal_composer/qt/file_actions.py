"""File menu: new, open and save signal files, and named templates. Disk work runs off-thread."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from signal_composer.qt import dialogs
from signal_composer.signals import signalfile
from signal_composer.signals.draft import Draft
from signal_composer.signals.jsonio import read_json
from signal_composer.signals.resources import resources_dir
from signal_composer.store import library
from signal_composer.store.paths import write_private

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

    from signal_composer.qt.composer import Composer
    from signal_composer.qt.workers import Runner
    from signal_composer.signals.signalfile import SignalFile
    from signal_composer.signals.types import SignalType


class DraftHost(Protocol):
    """What the file actions need of the window: its composer, runner, menu and status bar."""

    composer: Composer
    runner: Runner
    templates_menu: QMenu

    def set_draft(self, draft: Draft) -> None: ...

    def statusBar(self) -> QStatusBar: ...


FILTER = "Signal files (*.json);;All files (*)"


def read_signal_file(path: str) -> SignalFile:
    """A file of signals: its own type when it names one, else the types its fields fit."""
    data, name = read_json(path)
    return signalfile.read(data, name)


def draft_from_body(kind: Any, body: bytes, text: str) -> tuple[Draft, str | None]:
    """A request body as a draft, and its text when it is no JSON signal (kept as raw text)."""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        data = [data]
    if isinstance(data, list) and data:
        return Draft(kind, data, 0), None
    return Draft.fresh(kind), text


class FileActions:
    """The File menu's actions for one window."""

    def __init__(self, window: DraftHost, restored: bool = False) -> None:
        self.window = window
        self.widget = cast("QWidget", window)  # the parent of its dialogs
        self.path: str | None = None
        self.templates: list[str] | None = None
        """The template names listed last (None: not listed yet, or the listing failed)."""
        self.clean: str | None = None if restored else self.snapshot()
        """The draft as last saved, opened or started fresh (None: a draft kept from the last
        run, which no file holds); a draft that differs has unsaved changes."""
        self.replaced = 0
        """How many times the draft was replaced: a save that ends after a replacement (Save in
        the unsaved-changes question) saved the draft before, not the one now shown."""

    def snapshot(self) -> str:
        """The draft as it stands (its signals and, in Raw mode, the text)."""
        composer = self.window.composer
        composer.flush()
        raw = composer.json.text() if composer.raw else None
        return library.draft_to_json(composer.draft, raw)

    def mark_clean(self) -> None:
        self.clean = self.snapshot()

    def detach(self) -> None:
        """The draft now comes from somewhere other than a file (a history entry, a template,
        a suite case, a journey step, a customer's request), which keeps it: it counts as
        saved, and Save asks for a file instead of writing over the one opened before."""
        self.took(None)

    def took(self, path: str | None) -> None:
        """The composer holds a new draft, from ``path`` (None: from no file)."""
        self.replaced += 1
        self.path = path
        self.mark_clean()

    def may_replace(self, what: str) -> bool:
        """True when the draft may be replaced by ``what``: it has no unsaved changes, or the
        user saved (the file is written from this moment's draft) or discarded them."""
        if self.snapshot() == self.clean:
            return True
        choice = dialogs.save_discard_cancel(
            self.widget,
            "unsavedDraft",
            "Unsaved changes",
            f"The current draft has changes that are not saved in a file. Save them before "
            f"{what} replaces the draft?",
        )
        if choice == "save":
            path = self.path or dialogs.save_file(
                self.widget, "Save signals", self._suggested(), FILTER
            )
            if not path:
                return False
            self.save_path(path)
        return choice != "cancel"

    def open_draft(self, draft: Draft, what: str) -> None:
        """Puts a suite case or a journey step in the composer, asking first when the draft
        has unsaved changes (``what`` names the newcomer in the question)."""
        if not self.may_replace(what):
            return
        self.window.set_draft(draft)
        self.detach()

    def new(self) -> None:
        if not self.may_replace("a new request"):
            return
        self.window.set_draft(Draft.fresh(self.window.composer.draft.kind))
        self.took(None)
        self.window.statusBar().showMessage("New request", 3000)

    def open(self) -> None:
        if not self.may_replace("the opened file"):
            return
        start = str(Path(self.path).parent) if self.path else str(resources_dir() / "samples")
        path = dialogs.open_file(self.widget, "Open signals", start, FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        def opened(found: SignalFile) -> None:
            kind = self._pick_type(path, found)
            if kind is None:
                self.window.statusBar().showMessage("Not opened: no type chosen", 4000)
                return
            self.window.set_draft(Draft(kind, found.signals, 0))
            self.took(path)
            how = "" if found.typed else " (its type inferred from its fields)"
            self.window.statusBar().showMessage(f"Opened {path} as {kind}{how}", 6000)

        def failed(exc: Exception) -> None:
            dialogs.warn(
                self.widget, "Cannot open the file", f"{exc}\n\nYour current draft is unchanged."
            )

        self.window.runner.start(lambda: read_signal_file(path), opened, failed)

    def _pick_type(self, path: str, found: SignalFile) -> SignalType | None:
        """The file's type; asks when its fields fit several types equally well."""
        if len(found.types) == 1:
            return found.types[0]
        current = self.window.composer.draft.kind
        choices: list[str] = list(found.types)
        chosen = dialogs.choose(
            self.widget,
            "Which signal type?",
            f"The signals in {Path(path).name} fit several types equally well. Open them as:",
            choices,
            choices.index(current) if current in choices else 0,
        )
        return next((k for k in found.types if k == chosen), None)

    def save(self) -> None:
        if self.path is None:
            self.save_as()
        else:
            self.save_path(self.path)

    def save_as(self) -> None:
        path = dialogs.save_file(self.widget, "Save signals", self._suggested(), FILTER)
        if path:
            self.save_path(path)

    def _suggested(self) -> str:
        """Where the save dialog starts: beside the draft's file, else in the home folder."""
        folder = Path(self.path).parent if self.path else Path.home()
        return str(folder / "signals.json")

    def save_path(self, path: str) -> None:
        composer = self.window.composer
        composer.flush()
        draft = composer.draft
        text = (
            composer.json.text() if composer.raw else signalfile.to_text(draft.kind, draft.body())
        )
        self._write(path, text, self.snapshot(), self.replaced)

    def _write(self, path: str, text: str, state: str, replaced: int) -> None:
        """Writes a draft's text in a worker. The draft counts as saved in ``path`` only while
        it is still the one in the composer; if the write fails after the draft was replaced,
        its text is kept and another file offered, so nothing is lost unasked."""

        def saved(_: object) -> None:
            if replaced == self.replaced:
                self.path = path
                self.clean = state
            self.window.statusBar().showMessage(f"Saved {path}", 4000)

        def failed(exc: Exception) -> None:
            if replaced == self.replaced:
                dialogs.warn(self.widget, "Not saved", f"{path}: {exc}")
                return
            dialogs.warn(
                self.widget,
                "Not saved",
                f"{path}: {exc}\n\nThe draft you chose to save was replaced meanwhile; its "
                "signals are kept until you choose another file for them (Cancel there "
                "discards them).",
            )
            other = dialogs.save_file(self.widget, "Save the earlier draft", path, FILTER)
            if other:
                self._write(other, text, state, replaced)

        self.window.runner.start(
            lambda: write_private(Path(path), text.encode("utf-8")), saved, failed
        )

    def autosave(self, delay_ms: int = 800) -> None:
        """Keeps the draft for the next start a moment after each change (see save_draft_async)."""
        from PySide6.QtCore import QTimer

        self.autosave_timer = QTimer(self.widget)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(delay_ms)
        self.autosave_timer.timeout.connect(self.save_draft_async)
        self.window.composer.changed.connect(self.autosave_timer.start)

    def save_draft_async(self) -> None:
        """Keeps the draft for the next start (the autosave): written by a worker."""
        composer = self.window.composer
        draft = Draft(composer.draft.kind, list(composer.draft.signals), 0)
        draft.current = composer.draft.current
        raw = composer.json.text() if composer.raw else None
        text = library.draft_to_json(draft, raw)  # serialised here: the worker sees a snapshot
        self.window.runner.start(
            lambda: library.write_draft_text(text),
            lambda _: None,
            lambda exc: self.window.statusBar().showMessage(str(exc), 8000),
        )

    def fill_templates(self) -> None:
        """Shows the templates listed last at once, and lists them again in a worker: the
        open menu follows when they changed (another window or process saved one)."""
        self._show_templates(self.templates)

        def listed(names: list[str]) -> None:
            if names != self.templates:
                self.templates = names
                self._show_templates(names)

        def not_listed(exc: Exception) -> None:
            self.templates = None
            self._show_templates(None, f"The templates cannot be listed: {exc}")

        self.window.runner.start(library.template_names, listed, not_listed)

    def _show_templates(self, names: list[str] | None, problem: str = "") -> None:
        menu = self.window.templates_menu
        menu.clear()
        if names is None or not names:
            said = problem or ("Listing the templates…" if names is None else "")
            empty = menu.addAction(said or "No templates yet: File > Save as Template…")
            empty.setEnabled(False)
            return
        for name in names:
            menu.addAction(name, partial(self.load_template, name))
        menu.addSeparator()
        delete = menu.addMenu("Delete template")
        for name in names:
            delete.addAction(name, partial(self.delete_template, name))

    def load_template(self, name: str) -> None:
        """Asks first when the draft has unsaved changes, then reads the template in a worker."""
        if not self.may_replace(f"template {name!r}"):
            return

        ticket = self.replaced

        def loaded(draft: Draft) -> None:
            if ticket != self.replaced:  # another draft came first: the newer choice wins
                said = f"Template {name!r} not opened: another draft was opened meanwhile"
                self.window.statusBar().showMessage(said, 6000)
                return
            self.window.set_draft(draft)
            self.detach()
            self.window.statusBar().showMessage(f"Template {name!r} loaded", 4000)

        def failed(exc: Exception) -> None:
            dialogs.warn(
                self.widget,
                "Cannot load the template",
                f"{exc}\n\nYour current draft is unchanged.",
            )

        self.window.runner.start(lambda: library.load_template(name), loaded, failed)

    def save_template(self) -> None:
        """Asks for a name, checked as it is typed against the templates there are (listed
        by a worker first), then writes the draft as it stands when Save was pressed."""

        def ask(names: list[str]) -> None:
            from signal_composer.qt.template_dialog import ask_template_name

            name = ask_template_name(self.widget, names)
            if name is None:
                return
            composer = self.window.composer
            composer.flush()
            text = library.draft_to_json(composer.draft)  # a snapshot for the worker

            def saved(_: object) -> None:
                self.templates = sorted({*names, name})
                replaced = " (replaced)" if name in names else ""
                self.window.statusBar().showMessage(f"Template {name!r} saved{replaced}", 4000)

            self.window.runner.start(
                lambda: library.write_template_text(name, text), saved, not_saved
            )

        def not_saved(exc: Exception) -> None:
            dialogs.warn(self.widget, "Template not saved", str(exc))

        self.window.runner.start(library.template_names, ask, not_saved)

    def delete_template(self, name: str) -> None:
        if not dialogs.ask(self.widget, "Delete template", f"Delete {name!r}?"):
            return

        def deleted(_: object) -> None:
            if self.templates is not None and name in self.templates:
                self.templates = [n for n in self.templates if n != name]
            self.window.statusBar().showMessage(f"Template {name!r} deleted", 4000)

        def failed(exc: Exception) -> None:
            dialogs.warn(self.widget, "Template not deleted", f"{name!r}: {exc}")

        self.window.runner.start(lambda: library.delete_template(name), deleted, failed)
