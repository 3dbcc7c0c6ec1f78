"""The details view says when the history kept only part of a body, with its size and hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import SecretStr
from pytestqt.qtbot import QtBot
from signal_composer.qt.history_details import EntryDetails
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest


def test_the_details_view_says_a_body_was_cut(qtbot: QtBot, tmp_path: Path) -> None:
    body = b'[{"x":"' + b"y" * 5000 + b'"}]'
    request = SignalRequest(
        "s",
        "click",
        "http://127.0.0.1:9/retail/signals/click",
        body,
        1,
        token=SecretStr("cutTOKEN0123456789abcdefghij"),
    )
    answer = SendResult(
        outcome(Kind.INVALID_REQUEST, "400"),
        400,
        [],
        "z" * 3000,
        1.0,
        [Attempt(1, 400, Kind.INVALID_REQUEST, "", 1.0)],
    )
    with History(tmp_path / "h.db", max_body=1024) as history:
        entry_id = history.begin(request, store_id="s", production=False, source="app")
        history.complete(entry_id, answer)
        entry = history.get(entry_id)
    details = EntryDetails()
    qtbot.addWidget(details)
    details.show_entry(entry)
    shown = details.views["request"].toPlainText()
    assert f"Request body cut: 1,024 of {len(body):,} bytes kept" in shown
    assert hashlib.sha256(body).hexdigest() in shown
    assert "Response body cut: 1,024 of 3,000 bytes kept" in details.views["response"].toPlainText()
