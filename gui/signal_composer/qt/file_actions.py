"""File menu: new, open and save signal files, and named templates. Disk work runs off-thread."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from signal_composer.qt import dialogs
from signal_composer.signals.draft import Draft
from signal_composer.signals.jsonio import InputError, read_json
from signal_composer.signals.resources import resources_dir
from signal_composer.store import library
from signal_composer.store.paths import write_private

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

    from signal_composer.qt.composer import Composer
    from signal_composer.qt.workers import Runner


class DraftHost(Protocol):
    """What the file actions need of the window: its composer, runner, menu and status bar."""

    composer: Composer
    runner: Runner
    templates_menu: QMenu

    def set_draft(self, draft: Draft) -> None: ...

    def statusBar(self) -> QStatusBar: ...


FILTER = "Signal JSON (*.json);;All files (*)"


def draft_from_file(path: str, kind: Any) -> Draft:
    """A file of signals (an array or one object) as a draft of the current type; a saved
    draft or template file keeps its own type."""
    data, name = read_json(path)
    if isinstance(data, dict) and "signals" in data and "kind" in data:
        return library.draft_from_json(Path(path).read_text(encoding="utf-8"), name)[0]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise InputError(f"{name}: expected a JSON array of signals or one signal object")
    return Draft(kind, data, 0)


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

    def __init__(self, window: DraftHost) -> None:
        self.window = window
        self.widget = cast("QWidget", window)  # the parent of its dialogs
        self.path: str | None = None

    def new(self) -> None:
        self.path = None
        self.window.set_draft(Draft.fresh(self.window.composer.draft.kind))
        self.window.statusBar().showMessage("New request", 3000)

    def open(self) -> None:
        start = str(Path(self.path).parent) if self.path else str(resources_dir() / "samples")
        path = dialogs.open_file(self.widget, "Open signals", start, FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        kind = self.window.composer.draft.kind

        def opened(draft: Draft) -> None:
            self.path = path
            self.window.set_draft(draft)
            self.window.statusBar().showMessage(f"Opened {path}", 4000)

        def failed(exc: Exception) -> None:
            dialogs.warn(
                self.widget, "Cannot open the file", f"{exc}\n\nYour current draft is unchanged."
            )

        self.window.runner.start(lambda: draft_from_file(path, kind), opened, failed)

    def save(self) -> None:
        if self.path is None:
            self.save_as()
        else:
            self.save_path(self.path)

    def save_as(self) -> None:
        path = dialogs.save_file(self.widget, "Save signals", "signals.json", FILTER)
        if path:
            self.save_path(path)

    def save_path(self, path: str) -> None:
        composer = self.window.composer
        composer.flush()
        text = composer.json.text() if composer.raw else library.signals_file_text(composer.draft)

        def saved(_: object) -> None:
            self.path = path
            self.window.statusBar().showMessage(f"Saved {path}", 4000)

        def failed(exc: Exception) -> None:
            dialogs.warn(self.widget, "Not saved", f"{path}: {exc}")

        self.window.runner.start(
            lambda: write_private(Path(path), text.encode("utf-8")), saved, failed
        )

    def fill_templates(self) -> None:
        menu = self.window.templates_menu
        menu.clear()
        names = library.template_names()
        if not names:
            empty = menu.addAction("No templates yet: File > Save as Template…")
            empty.setEnabled(False)
        for name in names:
            menu.addAction(name, partial(self.load_template, name))
        if names:
            menu.addSeparator()
            delete = menu.addMenu("Delete template")
            for name in names:
                delete.addAction(name, partial(self.delete_template, name))

    def load_template(self, name: str) -> None:
        try:
            draft = library.load_template(name)
        except (InputError, ValueError) as exc:
            dialogs.warn(self.widget, "Cannot load the template", str(exc))
            return
        self.window.set_draft(draft)
        self.window.statusBar().showMessage(f"Template {name!r} loaded", 4000)

    def save_template(self) -> None:
        name = dialogs.get_text(self.widget, "Save as template", "Template name:")
        if name is None or not name.strip():
            return
        try:
            library.save_template(name, self.window.composer.draft)
        except (ValueError, OSError) as exc:
            dialogs.warn(self.widget, "Template not saved", str(exc))
            return
        self.window.statusBar().showMessage(f"Template {name.strip()!r} saved", 4000)

    def delete_template(self, name: str) -> None:
        if dialogs.ask(self.widget, "Delete template", f"Delete {name!r}?"):
            library.delete_template(name)
