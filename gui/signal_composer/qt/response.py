"""The response pane: outcome, status, time, next step, the response and the request as sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.look import emphasis, set_state

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit

    from signal_composer.store.sender import SendResult, SignalRequest


class ResponseDetails(QTabWidget):
    """The response body and headers, the request as sent, and the attempts, as read-only text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from signal_composer.qt.text_views import (
            read_only_text,  # with the first send, not the first frame
        )

        super().__init__(parent)
        self.setObjectName("responseDetails")
        self.body = read_only_text("responseBody", self)
        self.headers = read_only_text("responseHeaders", self)
        self.request = read_only_text("requestAsSent", self)
        self.attempts = read_only_text("attempts", self)
        self.addTab(self.body, "Body")
        self.addTab(self.headers, "Headers")
        self.addTab(self.request, "Request")
        self.addTab(self.attempts, "Attempts")


class ResponsePane(QWidget):
    """Shows the last send's outcome; the token appears only as a fingerprint.

    Signals:
        fix_token_requested(): the user asked to fix the token the store refused (401/403).
    """

    fix_token_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("response")
        self.setAccessibleName("Response")
        self.title = QLabel("Nothing sent yet", self)
        self.title.setObjectName("outcomeTitle")
        self.title.setProperty("outcome", "")
        self.title.setFont(emphasis(pixel_size=17))
        self.title.setWordWrap(True)  # a long title wraps; it never widens the window
        self.summary = QLabel("Press Ctrl+Enter to send the request to the selected store.", self)
        self.summary.setObjectName("outcomeSummary")
        self.summary.setWordWrap(True)
        self.next_step = QLabel(self)
        self.next_step.setObjectName("nextStep")
        self.next_step.setWordWrap(True)
        for label in (self.title, self.summary, self.next_step):
            label.setMinimumWidth(1)  # a wrapped label's width follows the pane, not its text
        self.next_step.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy = QPushButton("Copy", self)
        self.copy.setObjectName("copyResponseTab")
        self.copy.setToolTip("Copy the visible tab's text (the token is masked)")
        self.copy.clicked.connect(self._copy)
        self.copy.hide()
        self.fix_token = QPushButton("Fix token…", self)
        self.fix_token.setObjectName("fixTokenFromResponse")
        self.fix_token.setToolTip("Open this store's token in Stores & tokens")
        self.fix_token.clicked.connect(self.fix_token_requested)
        self.fix_token.hide()
        self._details: ResponseDetails | None = None
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.copy)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)
        self._layout.addWidget(self.summary)
        self._layout.addWidget(self.next_step)
        self._layout.addWidget(self.fix_token, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addStretch(1)

    @property
    def details(self) -> ResponseDetails:
        """The tabs of texts, built with the first send: before it there is nothing to show."""
        if self._details is None:
            self._details = ResponseDetails(self)
            self._layout.takeAt(self._layout.count() - 1)  # the stretch that held the space
            self._layout.addWidget(self._details, 1)
            self._details.show()
            self.copy.show()
        return self._details

    @property
    def body(self) -> QPlainTextEdit:
        return self.details.body

    @property
    def headers(self) -> QPlainTextEdit:
        return self.details.headers

    @property
    def request(self) -> QPlainTextEdit:
        return self.details.request

    @property
    def attempts(self) -> QPlainTextEdit:
        return self.details.attempts

    def _copy(self) -> None:
        details = self.details
        views = (details.body, details.headers, details.request, details.attempts)
        QGuiApplication.clipboard().setText(views[details.currentIndex()].toPlainText())

    def _set_outcome(self, title: str, state: str) -> None:
        self.fix_token.hide()  # shown again by a result that is a refused token
        self.title.setText(title)
        set_state(self.title, "outcome", state)

    def _forget(self, note: str, request_too: bool = True) -> None:
        """Puts ``note`` in place of an earlier send's texts, so that none of them reads as
        the answer to this one (tabs not built yet hold nothing to forget)."""
        if self._details is None:
            return
        views = [self.body, self.headers, self.attempts]
        for view in views + [self.request] * request_too:
            view.setPlainText(note)

    def show_sending(self, request: SignalRequest | None, store: str) -> None:
        self._set_outcome("Sending…", "busy")
        self.summary.setText(f"To {store}. The window stays usable; Cancel stops retries.")
        self.next_step.clear()
        self._forget("(waiting for the store's answer)")
        if request is not None:
            self.show_request(request)

    def show_request(self, request: SignalRequest) -> None:
        lines = [f"POST {request.url}"]
        lines += [f"{k}: {v}" for k, v in request.redacted_headers()]
        lines += ["", request.body.decode("utf-8", errors="replace")]
        self.request.setPlainText("\n".join(lines))

    def show_result(
        self, result: SendResult, entry_id: int | None = None, unrecorded: str = ""
    ) -> None:
        """The send's outcome; ``unrecorded`` says what the history could not keep (a full
        disk), shown under it: the outcome itself is the truth either way."""
        from signal_composer.store.outcomes import Kind  # loaded by the send that ended

        o = result.outcome
        state = "good" if o.accepted else "neutral" if o.kind is Kind.CANCELLED else "bad"
        status = f"HTTP {result.status}" if result.status is not None else "no HTTP answer"
        self._set_outcome(o.title, state)
        self.fix_token.setVisible(o.kind is Kind.BAD_TOKEN)
        count = len(result.attempts)
        entry = f"; history entry {entry_id}" if entry_id is not None else ""
        self.summary.setText(
            f"{status} · {result.duration_ms:.0f} ms · {count} attempt{'s' * (count != 1)}"
            f"{entry}\n{o.detail}"
        )
        steps = [] if o.accepted else [f"Next step: {o.next_step}"]
        if unrecorded:
            steps.append(f"History: {unrecorded}")
        self.next_step.setText("\n".join(steps))
        self.body.setPlainText(result.response_body or "(empty body)")
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in result.response_headers))
        self._show_attempts(result)

    def _show_attempts(self, result: SendResult) -> None:
        from signal_composer.store.outcomes import outcome

        self.attempts.setPlainText(
            "\n".join(
                f"#{a.number}: {a.status or '-'} {outcome(a.kind).title} in {a.duration_ms:.0f} ms"
                f" (waited {a.waited_s:.1f} s) {a.detail}"
                for a in result.attempts
            )
            or "(no attempt was made)"
        )

    def show_cancelled(self) -> None:
        """The user stopped waiting for a send."""
        self._set_outcome("Cancelled", "neutral")
        self.summary.setText(
            "Retries stopped. A request already on the wire may still be answered: "
            "its answer will show here and in the history."
        )
        self.next_step.clear()
        self._forget("(no answer: cancelled; a late answer will show here)", request_too=False)

    def show_late(self, result: SendResult, entry_id: int) -> None:
        """A cancelled send's end: the store's answer after all, or that none came."""
        if result.status is None:
            self._set_outcome("Cancelled", "neutral")
            self.summary.setText(
                f"Cancelled before the store answered ({result.outcome.detail or 'no answer'})"
                f"; history entry {entry_id}."
            )
            self._forget("(no answer: cancelled before the store answered)", request_too=False)
            self._show_attempts(result)
            return
        self.show_result(result, entry_id)
        o = result.outcome
        self._set_outcome(f"Cancelled here, but {o.title.lower()}", "good" if o.accepted else "bad")

    def show_error(self, title: str, message: str) -> None:
        """A send that could not start (no token, keyring locked, broken JSON, …): nothing
        went out, so no earlier request or answer stays in the tabs as if it were this one's."""
        self._set_outcome(title, "bad")
        self.summary.setText(message)
        self.next_step.clear()
        self._forget("(Nothing was sent: the reason is above. Earlier sends are in the history.)")
