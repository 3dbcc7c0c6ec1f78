"""The history file: written before the request leaves, never lost, user-only, filterable."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import SCHEMA_VERSION, Filter, History, HistoryError
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest

from tests.servers import Reply, ScriptedServer, wait_for

TOKEN = "tok3nTOKENtok3nTOKEN"


def req(body: bytes = b"[]", store: str = "s", kind: str = "click") -> SignalRequest:
    return SignalRequest(
        store=store,
        kind=kind,  # type: ignore[arg-type]
        url="https://x.example/retail/signals/" + kind,
        body=body,
        signal_count=1,
        token=SecretStr(TOKEN),
    )


def done(status: int = 202, kind: Kind = Kind.ACCEPTED, body: str = "") -> SendResult:
    return SendResult(
        outcome=outcome(kind, f"{status}"),
        status=status,
        response_headers=[("Content-Length", "0")],
        response_body=body,
        duration_ms=12.5,
        attempts=[Attempt(1, status, kind, "", 12.5)],
    )


Opener = Callable[..., History]


@pytest.fixture
def opened() -> Iterator[Opener]:
    """Opens histories that are all closed after the test (an open SQLite connection leaks)."""
    histories: list[History] = []

    def open_history(path: Path | None = None) -> History:
        history = History(path)
        histories.append(history)
        return history

    yield open_history
    for history in histories:
        history.close()


def test_an_entry_is_written_before_sending_and_completed_after(
    tmp_path: Path, opened: Opener
) -> None:
    history = opened(tmp_path / "h.db")
    entry_id = history.begin(req(b'[{"x":1}]'), store_id="sid", production=False, source="app")
    assert history.get(entry_id).summary.state == "sending"
    history.complete(entry_id, done())
    entry = history.get(entry_id)
    assert entry.summary.state == "done"
    assert entry.summary.outcome_label == "accepted"
    assert entry.summary.status == 202
    assert entry.request_body == '[{"x":1}]'
    assert entry.attempts[0]["status"] == 202


def test_the_token_is_stored_only_as_a_fingerprint(tmp_path: Path, opened: Opener) -> None:
    path = tmp_path / "h.db"
    history = opened(path)
    history.complete(history.begin(req(), store_id="s", production=False, source="app"), done())
    history.close()
    for file in tmp_path.iterdir():
        assert TOKEN.encode() not in file.read_bytes()
    assert "redacted sha256:" in json.dumps(opened(path).get(1).request_headers)


def test_the_file_is_readable_by_the_user_only(tmp_path: Path, opened: Opener) -> None:
    path = tmp_path / "h.db"
    opened(path).begin(req(), store_id="s", production=False, source="app")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_non_utf8_bodies_are_kept_exactly(tmp_path: Path, opened: Opener) -> None:
    history = opened(tmp_path / "h.db")
    raw = b'[{"x":"\xff\xfe"}]'
    entry_id = history.begin(req(raw), store_id="s", production=False, source="cli")
    assert history.get(entry_id).body_bytes() == raw


def test_filters(tmp_path: Path, opened: Opener) -> None:
    history = opened(tmp_path / "h.db")
    for store, kind, status, result_kind, body in [
        ("a", "click", 202, Kind.ACCEPTED, b'[{"productId":"SKU-77"}]'),
        ("b", "query", 400, Kind.INVALID_REQUEST, b"[]"),
        ("a", "purchase", 500, Kind.SERVER_ERROR, b'[{"orderId":"ORD-1"}]'),
    ]:
        entry_id = history.begin(
            req(body, store=store, kind=kind), store_id="s", production=False, source="app"
        )
        history.complete(entry_id, done(status, result_kind))
    assert [s.id for s in history.page()] == [3, 2, 1]
    assert [s.id for s in history.page(Filter(store="a"))] == [3, 1]
    assert [s.id for s in history.page(Filter(status=400))] == [2]
    assert [s.id for s in history.page(Filter(kind="purchase"))] == [3]
    assert [s.id for s in history.page(Filter(outcome="accepted"))] == [1]
    assert [s.id for s in history.page(Filter(contains="SKU-77"))] == [1]
    assert [s.id for s in history.page(Filter(contains="%"))] == []
    assert history.count(Filter(store="a")) == 2
    assert history.delete([2]) == 1
    assert history.ids() == [3, 1]
    assert history.clear() == 2
    assert history.count() == 0


def test_an_entry_of_a_dead_process_shows_interrupted(tmp_path: Path, opened: Opener) -> None:
    path = tmp_path / "h.db"
    history = opened(path)
    entry_id = history.begin(req(), store_id="s", production=False, source="app")
    history.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET pid = 999999999 WHERE id = ?", (entry_id,))
    db.commit()
    db.close()
    reopened = opened(path)
    assert reopened.interrupted_on_open == 1
    assert reopened.get(entry_id).summary.outcome_label == "interrupted"


def test_a_live_process_entry_stays_sending(tmp_path: Path, opened: Opener) -> None:
    path = tmp_path / "h.db"
    entry_id = opened(path).begin(req(), store_id="s", production=False, source="app")
    assert opened(path).get(entry_id).summary.state == "sending"


def test_a_process_killed_mid_send_leaves_an_interrupted_entry(home: Path, opened: Opener) -> None:
    signals = home.parent / "one.json"
    signals.write_text(json.dumps([new_signal("click")]), encoding="utf-8")
    with ScriptedServer(Reply(action="hang")) as server:
        env = {**os.environ, "SIGNAL_COMPOSER_TOKEN": TOKEN}
        add = [sys.executable, "-m", "signal_composer", "stores", "add", "hang", "--store-id", "h"]
        subprocess.run([*add, "--base-url", server.url], env=env, check=True, timeout=60)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "signal_composer",
                "send",
                "--store",
                "hang",
                "--type",
                "click",
                str(signals),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: len(server.seen) == 1, timeout=30)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
    history = opened()
    entry = history.get(1)
    assert entry.summary.outcome_label == "interrupted"
    assert json.loads(entry.request_body)[0]["visitorId"]


def test_a_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    History(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer Signal Composer"):
        History(path)


def test_a_damaged_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="history recover"):
        History(path)
    assert path.read_bytes().startswith(b"this is not a database")


def test_migrations_set_the_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    History(path).close()
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_a_tag_is_kept_and_found_by_the_search(tmp_path: Path) -> None:
    history = History(tmp_path / "h.db")
    tagged = history.begin(
        req(), store_id="sid", production=False, source="cli", tag="suite smoke: 02-refused"
    )
    plain = history.begin(req(), store_id="sid", production=False, source="cli")
    assert history.get(tagged).tag == "suite smoke: 02-refused"
    assert history.get(plain).tag == ""
    assert history.ids(Filter(contains="smoke: 02")) == [tagged]
    history.close()


def test_a_history_of_the_first_schema_gets_the_tag_column(tmp_path: Path) -> None:
    from signal_composer.store.history_db import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(";".join(MIGRATIONS[0]) + "; PRAGMA user_version = 1;")
    db.execute(
        "INSERT INTO entries (created_at, state, source, store, store_id, production, kind, "
        "signal_count, method, url, request_headers, request_body, pid, host) "
        "VALUES (1, 'done', 'cli', 's', 'sid', 0, 'click', 1, 'POST', 'u', '[]', '[]', 1, 'h')"
    )
    db.commit()
    db.close()
    history = History(path)
    (old,) = history.ids()
    assert history.get(old).tag == ""
    assert history.get(old).source == "cli"
    history.close()
