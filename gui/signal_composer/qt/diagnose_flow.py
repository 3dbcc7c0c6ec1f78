"""Support's flow: a customer's request (file, drop or paste) diagnosed, opened, replayed, kept.

Reading and parsing, keyring and config writes, and the replays all run in the runner; the
GUI thread only shows. The customer's token reaches the keyring only through "Use this token",
after a confirmation naming the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Signal

from signal_composer.qt import dialogs
from signal_composer.qt.file_actions import draft_from_body

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QWidget

    from signal_composer.qt.composer import Composer
    from signal_composer.qt.diagnosis_dialog import DiagnosisDialog
    from signal_composer.qt.send_controller import SendController
    from signal_composer.qt.store_bar import StoreBar
    from signal_composer.qt.store_controller import StoreController
    from signal_composer.qt.workers import Runner
    from signal_composer.signals.diagnosis import RequestDiagnosis
    from signal_composer.store.casefile import Case
    from signal_composer.store.sending import Recorded
    from signal_composer.store.stores import Store
    from signal_composer.store.workspace import Workspace

FILE_FILTERS = "Requests (*.har *.txt *.sh *.curl *.http *.cmd *.bat);;All files (*)"


def read_case(path: str) -> Case:
    """Reads and diagnoses a file (in a worker)."""
    from signal_composer.signals.jsonio import read_text
    from signal_composer.store.casefile import open_case

    text, _ = read_text(path)
    return open_case(text, path)


def diagnose_text(text: str, name: str) -> Case:
    from signal_composer.store.casefile import open_case

    return open_case(text, name)


class DraftGuard(Protocol):
    """Asks before the composer's unsaved draft is replaced (the window's file actions)."""

    def may_replace(self, what: str) -> bool: ...

    def detach(self) -> None: ...


class DiagnoseHost(Protocol):
    """The window's parts the flow uses (it does not import the window)."""

    runner: Runner

    @property
    def files(self) -> DraftGuard: ...

    composer: Composer
    store_bar: StoreBar
    store_control: StoreController
    send_control: SendController


class DiagnoseFlow(QObject):
    """Opens the diagnosis dialog and carries out its buttons.

    Signals:
        message(str, int): a line for the status bar, and for how many milliseconds.
        recorded(int): a replay was recorded in the history (entry id).
    """

    message = Signal(str, int)
    recorded = Signal(int)

    def __init__(self, host: DiagnoseHost) -> None:
        parent = cast("QWidget", host)  # of the dialog and the message boxes
        super().__init__(parent)
        self.runner = host.runner
        self.composer = host.composer
        self.files = host.files
        self.bar = host.store_bar
        self.stores = host.store_control
        self.sends = host.send_control  # its production confirmation is the one every send asks
        self.parent_widget = parent
        self.workspace: Workspace | None = None
        self.dialog: DiagnosisDialog | None = None
        self.entry_ids: list[int] = []
        self.composer.request_pasted.connect(
            lambda text: self.open_text(text, "pasted cURL command")
        )

    def attach(self, workspace: Workspace) -> None:
        self.workspace = workspace
        # Drops are watched from here, after the first frame: a window-wide event filter sees
        # every event of start-up, and naming QEvent builds its large enum (both cost start-up).
        window = cast("QWidget", self.parent())
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # ---- opening ------------------------------------------------------------------------

    def open_file(self) -> None:
        """File > Diagnose a request…"""
        path = dialogs.open_file(
            self.parent_widget, "Diagnose a customer's request", str(Path.home()), FILE_FILTERS
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        self.runner.start(lambda: read_case(path), self.show_case, self._unreadable)

    def open_text(self, text: str, name: str) -> None:
        """A pasted cURL command (or any request text)."""
        self.runner.start(lambda: diagnose_text(text, name), self.show_case, self._unreadable)

    def _unreadable(self, exc: Exception) -> None:
        dialogs.warn(self.parent_widget, "Cannot diagnose this", str(exc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Dropping a file (a HAR, a saved cURL command) on the window diagnoses it."""
        from PySide6.QtCore import QEvent

        if event.type() in {QEvent.Type.DragEnter, QEvent.Type.Drop}:
            drop = cast("QDropEvent", event)
            paths = [u.toLocalFile() for u in drop.mimeData().urls() if u.isLocalFile()]
            if len(paths) != 1:
                return False
            drop.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self.open_path(paths[0])
            return True
        return super().eventFilter(watched, event)

    def show_case(self, case: Case) -> None:
        from signal_composer.qt.diagnosis_dialog import DiagnosisDialog

        if self.dialog is not None:
            self.dialog.close()
        dialog = DiagnosisDialog(case, self.parent_widget)
        self.dialog = dialog
        self.entry_ids = []
        dialog.open_requested.connect(lambda i: self.open_in_composer(i))
        dialog.problem_activated.connect(self.focus_problem)
        dialog.token_requested.connect(self.use_token)
        dialog.replay_requested.connect(self.replay)
        dialog.export_requested.connect(self.export_evidence)
        dialog.requests.currentRowChanged.connect(self._name_token_target)
        self._name_token_target(dialog.current)
        dialog.show()

    # ---- the buttons --------------------------------------------------------------------

    @property
    def ws(self) -> Workspace:
        if self.workspace is None:
            raise RuntimeError("Signal Composer is still starting")
        return self.workspace

    def _result(self, index: int) -> tuple[Case, RequestDiagnosis]:
        assert self.dialog is not None
        case = self.dialog.case
        return case, case.results[index]

    def _store(self, result: RequestDiagnosis) -> Store | None:
        from signal_composer.store.replay import store_for

        return store_for(self.ws.registry, result.store_id)

    def _name_token_target(self, index: int) -> None:
        if self.dialog is None or self.workspace is None or index < 0:
            return
        store = self._store(self._result(index)[1])
        self.dialog.set_token_target(None if store is None else store.name)

    def open_in_composer(self, index: int, then: Callable[[], None] | None = None) -> None:
        """Loads the body with its type into the composer, and targets its store; proposes a
        new store entry when the store ID is not configured yet."""
        from signal_composer.store.replay import proposed_store

        _, result = self._result(index)
        if not self.files.may_replace(f"the customer's request ({result.request.origin})"):
            return
        store = self._store(result)
        if store is None and result.store_id:
            new = proposed_store(self.ws.registry, result.store_id, result.token.form == "bearer")
            if dialogs.confirm(
                self.parent_widget,
                "confirmNewStore",
                "Add this store?",
                f"Store ID {result.store_id} is not among your stores. Add it as {new.name!r} "
                "(not marked production; edit it in Stores and tokens)?",
                "Add store",
            ):
                registry = self.ws.registry
                self.runner.start(
                    lambda: registry.put(new),
                    lambda _: self._load(index, new.name, then),
                    lambda exc: self.message.emit(f"Store not added: {exc}", 8000),
                )
                return
        self._load(index, None if store is None else store.name, then)

    def _load(self, index: int, store_name: str | None, then: Callable[[], None] | None) -> None:
        _, result = self._result(index)
        kind = result.kind or self.composer.draft.kind
        body = result.request.body or ""
        draft, raw = draft_from_body(kind, body.encode("utf-8"), body)
        self.bar.set_kind(draft.kind)
        self.composer.set_draft(draft, raw)
        self.files.detach()  # the customer's request stays in the case: nothing to lose
        if store_name is not None:
            self.stores.reload(store_name)
            self._name_token_target(index)
        self.message.emit(f"{result.request.origin} opened in the composer", 4000)
        if then is not None:
            then()

    def focus_problem(self, index: int, problem_index: int) -> None:
        """Opens the request and goes to the problem's field."""
        problem = self._result(index)[1].problems[problem_index]
        self.open_in_composer(
            index, lambda: self.composer.focus_path(problem.index or 0, problem.path)
        )

    def use_token(self, index: int) -> None:
        """Saves the customer's token as a store's token, only after support confirms it."""
        _, result = self._result(index)
        store = self._store(result)
        secret = result.token.value
        if store is None or secret is None:
            why = "it sent no token" if secret is None else "its store is not configured yet"
            dialogs.warn(
                self.parent_widget,
                "Cannot use this token",
                f"This request's token cannot be used: {why}."
                + (" Open it in the composer to add the store." if secret is not None else ""),
            )
            return
        if not dialogs.confirm(
            self.parent_widget,
            "confirmUseToken",
            "Use the customer's token?",
            f"Save the token of the customer's request ({result.token.fingerprint}, "
            f"{result.request.origin}) in the keyring as the token of store {store.name!r}? "
            "It replaces that store's token.",
            f"Use for {store.name}",
        ):
            return
        vault = self.ws.vault
        self.runner.start(
            lambda: vault.set(store.account, secret.get_secret_value(), store.name),
            lambda tag: self._token_saved(store.name, str(tag)),
            lambda exc: dialogs.warn(self.parent_widget, "Token not saved", str(exc)),
            keyring=True,
        )

    def _token_saved(self, store_name: str, tag: str) -> None:
        self.message.emit(f"Token {tag} saved for store {store_name}", 6000)
        if self.bar.stores.currentText() == store_name:
            self.stores.refresh_token_state()

    def replay(self, index: int, target: str) -> None:
        """Sends the body as the customer sent it, to the local mock or to its store."""
        from signal_composer.store.replay import local_mock, replay

        dialog = self.dialog
        assert dialog is not None
        case, result = self._result(index)
        store = local_mock(self.ws.registry) if target == "mock" else self._store(result)
        if store is None:
            dialog.show_answer(
                target,
                f"No store with ID {result.store_id or '(none)'} is configured",
                "Open in composer adds it; then set its token.",
            )
            return
        if store.production and not self.sends.confirm_production(store):
            return
        dialog.show_answer(target, f"Sending to {store.name}…", "")
        ws = self.ws
        self.runner.start(
            lambda: replay(ws, store, result, case.name),
            lambda recorded: self._replayed(dialog, target, store.name, recorded),
            lambda exc: dialog.show_answer(target, f"Not sent: {exc}", ""),
        )

    def _replayed(
        self, dialog: DiagnosisDialog, target: str, store_name: str, recorded: Recorded
    ) -> None:
        result = recorded.result
        o = result.outcome
        status = f"HTTP {result.status}" if result.status is not None else "no HTTP answer"
        dialog.show_answer(
            target,
            f"{o.title} ({status}) from {store_name} · history entry {recorded.entry_id}\n"
            f"{o.detail}" + ("" if o.accepted else f"\n{o.next_step}"),
            result.response_body,
        )
        if dialog is self.dialog:
            self.entry_ids.append(recorded.entry_id)
            dialog.export_button.setEnabled(True)
        self.recorded.emit(recorded.entry_id)

    def export_evidence(self) -> None:
        """The case's replays as a HAR file (tokens only as fingerprints)."""
        from signal_composer.store.replay import evidence_har

        if self.dialog is None or not self.entry_ids:
            return
        stem = Path(self.dialog.case.name).stem or "case"
        path = dialogs.save_file(
            self.parent_widget,
            "Export the replays as evidence",
            str(Path.home() / f"{stem}-replays.har"),
            "HAR (*.har)",
        )
        if not path:
            return
        ws, ids = self.ws, list(self.entry_ids)

        def write() -> str:
            Path(path).write_text(evidence_har(ws, ids), encoding="utf-8")
            return path

        self.runner.start(
            write,
            lambda saved: self.message.emit(f"Evidence saved to {saved}", 6000),
            lambda exc: dialogs.warn(self.parent_widget, "Evidence not saved", str(exc)),
        )
