"""The diagnosis of a customer's request: findings and problems per request, and the answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.look import set_state
from signal_composer.qt.text_views import read_only_text

if TYPE_CHECKING:
    from signal_composer.store.casefile import Case

ANSWER_PANES = ("customer", "mock", "store")
_PANE_TITLES = {
    "customer": "The customer's answer",
    "mock": "Replayed to the local mock",
    "store": "Replayed to the store",
}


class DiagnosisDialog(QDialog):
    """Shows a Case; the flow (diagnose_flow.py) acts on the buttons. Never shows a token.

    Signals:
        open_requested(int): "Open in composer" for the request of this index.
        problem_activated(int, int): a problem (request index, problem index) was activated.
        token_requested(int): "Use this token for store …" for the request of this index.
        replay_requested(int, str): replay the request to "mock" or "store".
        export_requested(): export the replays of this case as HAR evidence.
    """

    open_requested = Signal(int)
    problem_activated = Signal(int, int)
    token_requested = Signal(int)
    replay_requested = Signal(int, str)
    export_requested = Signal()

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.setObjectName("diagnosisDialog")
        self.setWindowTitle(f"Diagnosis: {case.name}")
        self.resize(1100, 760)
        self.header = QLabel(self)
        self.header.setObjectName("diagnosisHeader")
        self.header.setWordWrap(True)
        self.requests = QListWidget(self)
        self.requests.setObjectName("diagnosisRequests")
        self.summary = QLabel(self)
        self.summary.setObjectName("diagnosisSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        self.findings = QListWidget(self)
        self.findings.setObjectName("diagnosisFindings")
        self.findings.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("diagnosisProblems")
        self.problems.setWordWrap(True)
        self.problems.setToolTip("Double-click (or Enter) to open the request at this field")
        self.open_button = self._button("Open in composer", "openInComposer")
        self.token_button = self._button("Use this token…", "useToken")
        self.mock_button = self._button("Replay to local mock", "replayMock")
        self.store_button = self._button("Replay to store", "replayStore")
        self.export_button = self._button("Export evidence (HAR)…", "exportEvidence")
        self.export_button.setEnabled(False)
        self.answers: dict[str, QLabel] = {}
        self.answer_texts: dict[str, QPlainTextEdit] = {}
        answers = QSplitter(Qt.Orientation.Horizontal, self)
        answers.setObjectName("diagnosisAnswers")
        for pane in ANSWER_PANES:
            box = QGroupBox(_PANE_TITLES[pane], answers)
            title = QLabel(box)
            title.setObjectName(f"{pane}AnswerTitle")
            title.setWordWrap(True)
            text = read_only_text(f"{pane}AnswerText", box)
            column = QVBoxLayout(box)
            column.addWidget(title)
            column.addWidget(text, 1)
            answers.addWidget(box)
            self.answers[pane] = title
            self.answer_texts[pane] = text
        self._layout(answers)
        self._fill()
        for pane in ("mock", "store"):
            self.show_answer(pane, "Not replayed yet", "")
        self.requests.currentRowChanged.connect(self._show_request)
        self.problems.itemActivated.connect(self._problem_activated)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.current))
        self.token_button.clicked.connect(lambda: self.token_requested.emit(self.current))
        self.mock_button.clicked.connect(lambda: self.replay_requested.emit(self.current, "mock"))
        self.store_button.clicked.connect(lambda: self.replay_requested.emit(self.current, "store"))
        self.export_button.clicked.connect(self.export_requested)
        if case.results:
            self.requests.setCurrentRow(0)
        else:
            self._show_request(-1)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    def _layout(self, answers: QSplitter) -> None:
        details = QWidget(self)
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addWidget(QLabel("Findings", details))
        column.addWidget(self.findings, 1)
        column.addWidget(QLabel("Problems of the body (each opens its field)", details))
        column.addWidget(self.problems, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.requests)
        top.addWidget(details)
        top.setStretchFactor(1, 3)
        vertical = QSplitter(Qt.Orientation.Vertical, self)
        vertical.addWidget(top)
        vertical.addWidget(answers)
        vertical.setSizes([440, 300])
        buttons = QHBoxLayout()
        for button in (self.open_button, self.token_button, self.mock_button, self.store_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(vertical, 1)
        layout.addLayout(buttons)

    @property
    def current(self) -> int:
        return self.requests.currentRow()

    def _fill(self) -> None:
        case = self.case
        count = len(case.results)
        text = f"{case.name}: {case.format_name}, {count} signal request{'s' * (count != 1)}"
        if case.capture.ignored:
            text += f"; {case.capture.ignored} other requests ignored"
        if not count:
            text += ". No request to the Signals API (/retail/signals/{type}) was found."
        self.header.setText(text)
        for result in case.results:
            errors = sum(f.severity == "error" for f in result.findings) + sum(
                p.severity == "error" for p in result.problems
            )
            verdict = f"{errors} error{'s' * (errors != 1)}" if errors else "no error"
            label = f"{result.request.method} {result.kind or '?'} · {verdict}"
            item = QListWidgetItem(f"{label}  ({result.request.origin})", self.requests)
            item.setToolTip(case.scrub(result.request.url))

    def _show_request(self, row: int) -> None:
        has = 0 <= row < len(self.case.results)
        for button in (self.open_button, self.token_button, self.mock_button, self.store_button):
            button.setEnabled(has)
        self.findings.clear()
        self.problems.clear()
        if not has:
            self.summary.clear()
            return
        result = self.case.results[row]
        token = result.token
        tag = f"{token.form}, {token.fingerprint}" if token.fingerprint else token.form
        self.summary.setText(
            self.case.scrub(
                f"{result.request.method} {result.request.url}\n"
                f"Store: {result.store_id or 'not a Signals API host'} · "
                f"type: {result.kind or 'unknown'} · token: {tag}"
            )
        )
        set_state(self.summary, "problem", "error" if result.has_errors else "", bold=False)
        for found in result.findings:
            item = QListWidgetItem(
                f"{found.severity}: {found.message} [{found.code}]", self.findings
            )
            item.setData(Qt.ItemDataRole.UserRole, found.code)
        for problem in result.problems:
            item = QListWidgetItem(f"{problem.severity}: {problem.for_people()}", self.problems)
            item.setData(Qt.ItemDataRole.UserRole, problem.path)
        answer = self.case.answers[row]
        response = result.request.response
        if answer is None or response is None:
            self.show_answer("customer", "No answer in this input", "")
        else:
            self.show_answer(
                "customer",
                f"{answer.title}: {answer.detail}\n{answer.next_step}",
                response.body,
            )

    def set_token_target(self, store_name: str | None) -> None:
        """Names the store "Use this token" would save to (None: the store is unknown)."""
        if store_name is None:
            self.token_button.setText("Use this token…")
            self.token_button.setToolTip("The store is not configured: open it in the composer")
        else:
            self.token_button.setText(f"Use this token for store {store_name}…")
            self.token_button.setToolTip("")

    def _problem_activated(self, item: QListWidgetItem) -> None:
        self.problem_activated.emit(self.current, self.problems.row(item))

    def show_answer(self, pane: str, title: str, body: str) -> None:
        """Fills one of the side-by-side answers (its texts are scrubbed of any token)."""
        self.answers[pane].setText(self.case.scrub(title))
        self.answer_texts[pane].setPlainText(self.case.scrub(body or ""))
