"""The send flow: send, resend and cancel, in a worker, reported through typed signals."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from signal_composer.qt import dialogs
from signal_composer.signals.problems import Problem
from signal_composer.signals.types import SignalType

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from signal_composer.qt.workers import Runner
    from signal_composer.store.sender import Attempt, SignalRequest
    from signal_composer.store.sending import Recorded
    from signal_composer.store.stores import Store
    from signal_composer.store.workspace import Workspace

# Payloads of store types are declared as ``object``: naming their classes here would import
# httpx and pydantic with the first frame. Each signal carries the one type its docs name.


class _Reports(QObject):
    """One send's reports from its worker thread, queued to the GUI thread.

    Signals:
        request_built(SignalRequest): the request as it goes on the wire.
        attempted(Attempt): an attempt ended.
        begun(int): the history entry was written, before the request left.
    """

    request_built = Signal(object)
    attempted = Signal(object)
    begun = Signal(int)


class SendController(QObject):
    """Sends the composed body or a history entry to a store; the GUI thread never waits.

    One send runs at a time. Cancel stops waiting at once: the worker stops retrying, and a
    request already on the wire still lands in the history (``recorded``). Its answer is not a
    result (no ``finished``), but it is the truth about the cancelled send: ``late_answer``
    carries it while nothing newer was sent, so the pane can end with what happened.

    Signals:
        busy_changed(bool): a send started (True), or ended or was cancelled (False).
        started(str): a send to the store of this name started.
        request_built(SignalRequest): the request as it goes (the view masks the token).
        finished(Recorded): the send's result and its history entry.
        not_sent(str, str): the send could not start: a title and what to do.
        cancelled(): the user stopped waiting.
        late_answer(Recorded): a cancelled send ended after all (answered or not), and it is
            still the latest send.
        begun(int): a history entry was written (state "sending"), before the request left.
        recorded(int): a history entry was completed (also a cancelled send's late answer).
        answered(str, SendResult): a store (by name) answered a send, cancelled or not: what
            it says of the token (401/403 or accepted) is learned from it.
        message(str, int): a line for the status bar, and for how many milliseconds.
    """

    busy_changed = Signal(bool)
    started = Signal(str)
    request_built = Signal(object)
    finished = Signal(object)
    not_sent = Signal(str, str)
    cancelled = Signal()
    late_answer = Signal(object)
    begun = Signal(int)
    recorded = Signal(int)
    answered = Signal(str, object)
    message = Signal(str, int)

    def __init__(self, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.runner = runner
        self.parent_widget = parent  # of the confirmation boxes
        self.workspace: Workspace | None = None
        self._cancel: threading.Event | None = None
        self._latest: threading.Event | None = None
        """The latest send's event: a late answer is shown only for it."""

    def attach(self, workspace: Workspace) -> None:
        self.workspace = workspace

    @property
    def busy(self) -> bool:
        """A send is running (and not cancelled)."""
        return self._cancel is not None

    def send(
        self, store_name: str, kind: SignalType, body: bytes, count: int, problems: list[Problem]
    ) -> None:
        """Sends a composed body, asking first when it has errors or the store is production."""
        if self.workspace is None:
            self.message.emit("Still starting: try again in a moment", 3000)
            return
        store = self.workspace.registry.get(store_name)
        errors = [p for p in problems if p.severity == "error"]
        if errors and not self.confirm_invalid(errors):
            return
        if store.production and not self.confirm_production(store):
            return
        self.start(store, kind, body, count)

    def resend(self, entry_id: int) -> None:
        """Sends a history entry's exact body again, to its store as configured now."""
        from signal_composer.store.history import HistoryError
        from signal_composer.store.stores import StoreError

        if self.workspace is None:
            return
        if self.busy:
            self.message.emit("A send is running: cancel it or wait", 4000)
            return
        try:
            entry = self.workspace.history.get(entry_id)
            store = self.workspace.registry.get(entry.summary.store)
        except (HistoryError, StoreError) as exc:
            dialogs.warn(self.parent_widget, "Cannot resend", str(exc))
            return
        if store.production and not self.confirm_production(store):
            return
        kind: SignalType = entry.summary.kind  # type: ignore[assignment]
        self.start(store, kind, entry.body_bytes(), entry.summary.signal_count)

    def start(self, store: Store, kind: SignalType, body: bytes, count: int) -> None:
        """Starts a send without asking (the checks are the caller's)."""
        from signal_composer.store.sending import build_request, send_recorded

        ws = self.workspace
        if ws is None:
            raise RuntimeError("Signal Composer is still starting")
        cancel = threading.Event()
        self._cancel = cancel
        self._latest = cancel
        reports = _Reports()
        # The lambdas' context is `reports`, an object of the GUI thread: Qt queues the calls.
        reports.request_built.connect(lambda r: self._request_built(cancel, r))
        reports.attempted.connect(lambda a: self._attempted(cancel, a))
        reports.begun.connect(self.begun)
        self.busy_changed.emit(True)
        self.started.emit(store.name)

        def job() -> Recorded:
            request = build_request(store, kind, body, count, ws.vault, ws.mock_url)
            reports.request_built.emit(request)
            return send_recorded(
                ws.sender(), ws.history, store, request, source="app", cancel=cancel,
                on_attempt=reports.attempted.emit, on_begin=reports.begun.emit,
            )  # fmt: skip

        self.runner.start(
            job,
            lambda recorded: self._done(cancel, recorded, store.name),
            lambda exc: self._failed(cancel, exc),
            network=True,
        )

    def cancel(self) -> None:
        """Stops waiting at once; a request already on the wire still lands in the history."""
        if self._cancel is None:
            return
        self._cancel.set()
        self._end()
        self.cancelled.emit()

    def stop(self) -> None:
        """Tells a running send to stop retrying (the window is closing)."""
        if self._cancel is not None:
            self._cancel.set()

    def confirm_invalid(self, errors: list[Problem]) -> bool:
        """Asks before sending a request with errors (a negative test)."""
        shown = "\n".join(p.for_people() for p in errors[:8])
        more = f"\n… and {len(errors) - 8} more" if len(errors) > 8 else ""
        return dialogs.confirm(
            self.parent_widget,
            "confirmInvalid",
            "Send anyway?",
            f"The request has {len(errors)} error{'s' * (len(errors) != 1)}. The store will "
            "probably reject it. Send it anyway (for a negative test)?",
            "Send anyway",
            informative=shown.splitlines()[0] if shown else "",
            details=shown + more,
        )

    def confirm_production(self, store: Store) -> bool:
        """Asks before a send reaches a production store's analytics."""
        return dialogs.confirm(
            self.parent_widget,
            "confirmProduction",
            "Send to production?",
            f"{store.name!r} is a PRODUCTION store: these signals will reach real analytics.",
            f"Send to {store.name}",
        )

    # The worker's reports; a cancelled send's are dropped, but its history entry is not.

    def _request_built(self, cancel: threading.Event, request: SignalRequest) -> None:
        if cancel is self._cancel:
            self.request_built.emit(request)

    def _attempted(self, cancel: threading.Event, attempt: Attempt) -> None:
        from signal_composer.store.outcomes import outcome

        if cancel is self._cancel and attempt.number > 1:
            self.message.emit(f"Attempt {attempt.number}: {outcome(attempt.kind).title}", 4000)

    def _done(self, cancel: threading.Event, recorded: Recorded, store: str) -> None:
        o = recorded.result.outcome
        if recorded.result.status is not None:
            self.answered.emit(store, recorded.result)
        if cancel is self._cancel:
            self._end()
            self.finished.emit(recorded)
        elif cancel is self._latest:
            self.late_answer.emit(recorded)
        said = o.detail if cancel.is_set() and recorded.result.status is not None else o.title
        self.message.emit(f"History entry {recorded.entry_id}: {said}", 6000)
        self.recorded.emit(recorded.entry_id)

    def _failed(self, cancel: threading.Event, exc: Exception) -> None:
        if cancel is self._cancel:
            self._end()
            self.not_sent.emit("Not sent", str(exc))

    def _end(self) -> None:
        self._cancel = None
        self.busy_changed.emit(False)
