"""The composer: the batch's signals, the form of the current one, its products and the JSON."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from signal_composer.qt.fields import FieldEditor
from signal_composer.qt.product_table import ProductTable
from signal_composer.qt.signal_form import SignalForm
from signal_composer.qt.signal_list import SignalList
from signal_composer.signals.draft import Draft
from signal_composer.signals.form_order import in_form_order
from signal_composer.signals.jsonio import InputError, dumps_compact, parse_json
from signal_composer.signals.problems import Problem
from signal_composer.signals.types import SignalType

if TYPE_CHECKING:
    from signal_composer.qt.json_view import JsonView

VALIDATE_DELAY_MS = 120
FORM_TAB, JSON_TAB = 0, 1


class Composer(QWidget):
    """Edits a Draft through forms or JSON and validates it as the user types.

    Signals:
        changed(): the draft changed (for autosave).
        validated(list): the batch's problems after a (debounced) validation: the problems of
            what Send would send (the JSON text in raw mode).
        raw_changed(bool): raw mode switched on or off.
        request_pasted(str): a cURL command was pasted into the JSON view (to be diagnosed).
    """

    changed = Signal()
    validated = Signal(list)
    raw_changed = Signal(bool)
    request_pasted = Signal(str)

    def __init__(self, draft: Draft, parent: QWidget | None = None, validate: bool = True) -> None:
        super().__init__(parent)
        self.draft = draft
        self.problems: list[Problem] = []
        self.validation_ready = validate
        """False until the validation core (pydantic, ~100 ms) is loaded after the first frame."""
        self.raw = False
        self.json_refusal: str | None = None
        """Why the JSON text cannot stand for the draft (an empty array, a bare number)."""
        self.signal_list = SignalList(self)
        self.signal_list.current_changed.connect(self.select_signal)
        self.signal_list.action.connect(self.signal_action)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setObjectName("formArea")
        self.form_host = QWidget()
        self.form_layout = QVBoxLayout(self.form_host)
        self.form = SignalForm(draft.kind, self.form_host)
        self.products = ProductTable(self.form_host)
        self.products.edited.connect(self._edited)
        self.products.structure_changed.connect(self._structure_changed)
        self.products_box = QGroupBox("Products", self.form_host)
        box_layout = QVBoxLayout(self.products_box)
        box_layout.addWidget(self.products)
        self.form_layout.addWidget(self.form)
        self.form_layout.addWidget(self.products_box, 1)
        self.form_area.setWidget(self.form_host)
        self._json: JsonView | None = None
        self.json_page = QWidget(self)  # the JSON view is built the first time it is needed
        self.json_page.setObjectName("jsonPage")
        QVBoxLayout(self.json_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("composerTabs")
        self.tabs.addTab(self.form_area, "&Form")
        self.tabs.addTab(self.json_page, "&JSON")
        self.tabs.currentChanged.connect(self._tab_changed)
        splitter = QSplitter(self)
        splitter.addWidget(self.signal_list)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        fitting = self.signal_list.fitting_width()  # "#1 purchase · 2 products  ✖ 7" whole
        splitter.setSizes([fitting, 800])
        self.signal_list.setMaximumWidth(max(260, fitting + 60))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self.revalidate)
        self._connect_form()
        self.refresh()

    @property
    def json(self) -> JsonView:
        """The JSON view, built on first use: the first frame does without it (about 5 ms)."""
        if self._json is None:
            from signal_composer.qt.json_view import JsonView

            view = JsonView(self.json_page)
            view.parsed.connect(self._json_parsed)
            view.checked.connect(self._json_checked)
            view.raw_toggled.connect(self._raw_toggled)
            view.request_pasted.connect(self.request_pasted)
            layout = self.json_page.layout()
            assert layout is not None
            layout.addWidget(view)
            view.show()  # a child added to a shown page is not shown by itself
            self._json = view
        return self._json

    def _json_shown(self) -> bool:
        return self.tabs.currentIndex() == JSON_TAB

    # ---- showing --------------------------------------------------------------------------

    def _connect_form(self) -> None:
        self.form.edited.connect(self._edited)

    def refresh(self) -> None:
        """Shows the whole draft again (after a structural change) and validates."""
        self.form.show_signal(self.draft)
        self.products.show_signal(self.draft)
        if self._json_shown() and not self.raw:
            self.json.show_value(self.draft.body())
        self.revalidate()

    def revalidate(self) -> list[Problem]:
        """Validates now and lights up the fields; returns the problems."""
        self._timer.stop()
        if not self.validation_ready:
            self.signal_list.show_draft(self.draft, [])
            return []
        # In form order: the Problems list, the send dialog and the fields read the same list.
        found = self._raw_problems() if self.raw else self.draft.validate()
        self.problems = in_form_order(found)
        by_path: dict[str, Problem] = {}
        for problem in self.problems:
            if problem.index == self.draft.current:
                by_path.setdefault(problem.path, problem)
        self.form.show_problems(by_path)
        self.products.show_problems(by_path)
        self.signal_list.show_draft(self.draft, self.problems)
        self.validated.emit(self.problems)
        return self.problems

    def wanted_width(self) -> int:
        """The width at which the form shows whole beside the signal list: no sideways scroll
        bar hides its buttons."""
        bar = self.form_area.verticalScrollBar().sizeHint().width()
        return self.signal_list.fitting_width() + self.form_host.sizeHint().width() + bar + 40

    def set_draft(self, draft: Draft, raw_text: str | None = None) -> None:
        """Shows another draft (new, opened, restored). Raw mode and the JSON text are reset to
        the draft, unless ``raw_text`` (a body that is no JSON signal) is what to send."""
        kind_changed = draft.kind != self.draft.kind
        self.draft = draft
        self.json_refusal = None
        if kind_changed:
            self._rebuild_form()
        if raw_text is not None:
            self.json.set_text(raw_text)
            self.json.raw.setChecked(True)
        elif self._json is not None:
            self._json.raw.setChecked(False)
            self._json.show_value(draft.body())
        self.refresh()
        self.changed.emit()

    def set_kind(self, kind: SignalType) -> None:
        if kind == self.draft.kind:
            return
        self.draft.set_kind(kind)
        self._rebuild_form()
        self.refresh()
        self.changed.emit()

    def _rebuild_form(self) -> None:
        old = self.form
        self.form = SignalForm(self.draft.kind, self.form_host)
        self.form_layout.replaceWidget(old, self.form)
        old.setParent(None)  # its editors leave the window now, not at the next event loop turn
        old.deleteLater()
        self._connect_form()

    # ---- editing --------------------------------------------------------------------------

    def _edited(self, path: str, value: Any) -> None:
        self.draft.set(path, value)
        self._form_wins()
        # "New id", "Now" and "Sum" change the text; a product's price or quantity, the revenue.
        self.form.show_signal(self.draft)
        self._timer.start()
        self.changed.emit()

    def _form_wins(self) -> None:
        """A form edit after broken JSON text: the form is what the user sees and sends now."""
        if not self.raw and self._json is not None and (self._json.error or self.json_refusal):
            self.json_refusal = None
            self._json.show_value(self.draft.body())

    def _structure_changed(self) -> None:
        self._form_wins()
        self.form.show_signal(self.draft)  # the revenue follows the products
        self.revalidate()
        self.changed.emit()

    def select_signal(self, index: int) -> None:
        if 0 <= index < len(self.draft.signals) and index != self.draft.current:
            self.draft.current = index
            self.refresh()

    def signal_action(self, action: str) -> None:
        if action == "add":
            self.draft.add_signal()
        elif action == "duplicate":
            self.draft.duplicate_signal()
        else:
            self.draft.remove_signal()
        self.refresh()
        self.changed.emit()

    def _tab_changed(self, _: int) -> None:
        if self._json_shown() and not self.raw:
            self.json.show_value(self.draft.body())
        elif self._json is not None:
            self._json.flush()

    def _json_parsed(self, value: Any) -> None:
        if not (isinstance(value, dict) or (isinstance(value, list) and value)):
            shown = "an empty array" if value == [] else f"not a signal or an array ({value!r:.40})"
            self.json_refusal = (
                f"The JSON text is {shown}: the form cannot show it and Send will not replace "
                "it with another body. Add a signal, or turn Raw on to send the text as typed."
            )
            self.json.show_refusal(self.json_refusal)
            return
        self.json_refusal = None
        self.draft.replace(value)
        self.form.show_signal(self.draft)
        self.products.show_signal(self.draft)
        self.revalidate()
        self.changed.emit()

    def _json_checked(self) -> None:
        if self.raw:
            self.revalidate()  # broken raw text counts as an error, as Send will see it

    def _raw_toggled(self, raw: bool) -> None:
        self.raw = raw
        self.tabs.setTabEnabled(FORM_TAB, not raw)
        self.tabs.setTabToolTip(
            FORM_TAB, "Raw mode: the JSON text is sent as typed; turn Raw off to edit the form"
            if raw else "",
        )  # fmt: skip
        if raw:
            self.tabs.setCurrentIndex(JSON_TAB)
        else:
            self.json_refusal = None
            self.json.show_value(self.draft.body())
        self.revalidate()
        self.raw_changed.emit(raw)
        self.changed.emit()

    def unsendable(self) -> str | None:
        """Why Send must refuse (Raw off and the JSON text does not stand for the draft), or
        None. Without this, Send would send the last valid draft instead of the text shown."""
        self.flush()
        if self.raw or self._json is None:
            return None
        if self._json.error:
            return (
                f"The JSON text does not parse: {self._json.error}. Send does not fall back on "
                "the form's last valid signals. Fix the text, or turn Raw on to send it exactly "
                "as typed (a negative test)."
            )
        return self.json_refusal

    def flush(self) -> None:
        """Applies pending JSON edits and validation (before a send or a save)."""
        if self._json is not None:
            self._json.flush()
        if self._timer.isActive():
            self.revalidate()

    # ---- focus ----------------------------------------------------------------------------

    def focus_path(self, index: int, path: str) -> None:
        """Goes to the field of a problem; unknown fields are found in the JSON view."""
        self.select_signal(index)
        editor = self.editor_for(path)
        if editor is not None:
            self.tabs.setCurrentIndex(FORM_TAB)
            self.form_area.ensureWidgetVisible(editor)
            editor.setFocus()
            editor.selectAll()
            return
        self.tabs.setCurrentIndex(JSON_TAB)
        self.json.go_to_key(re.split(r"[.\[]", path)[-1] if path else "")

    def editor_for(self, path: str) -> FieldEditor | None:
        return self.form.editors.get(path) or self.products.editors.get(path)

    # ---- the body -------------------------------------------------------------------------

    def request_body(self) -> tuple[bytes, int, list[Problem]]:
        """What Send sends: the JSON text as typed in raw mode, else the draft, compact; and the
        problems shown in the status bar (the same list: the counts always agree)."""
        self.flush()
        problems = self.revalidate() if self.validation_ready else self.problems
        if not self.raw:
            return dumps_compact(self.draft.body()), len(self.draft.signals), problems
        text = self.json.text()
        try:
            data = parse_json(text, "JSON")
        except InputError:
            return text.encode("utf-8"), 0, problems
        return text.encode("utf-8"), len(data) if isinstance(data, list) else 1, problems

    def _raw_problems(self) -> list[Problem]:
        """The problems of the raw JSON text, as the store will get it."""
        text = self.json.text()
        try:
            data = parse_json(text, "JSON")
        except InputError as exc:
            return [Problem(None, "", "invalid_json", "error", str(exc))]
        from signal_composer.signals.batch_lint import batch_relations
        from signal_composer.signals.validation import validate_batch

        problems = validate_batch(self.draft.kind, data)
        if isinstance(data, list):
            problems += batch_relations(self.draft.kind, data)
        return problems
