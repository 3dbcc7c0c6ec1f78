"""The history under stress: processes racing to create it, damage, big bodies, closed cleanly."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydantic import SecretStr
from signal_composer.store.history import SCHEMA_VERSION, History, HistoryError
from signal_composer.store.history_recover import recover
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest

OPENER = """
import sys, time
from pathlib import Path
from signal_composer.store.history import History
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
history = History(Path(sys.argv[1]))
history.close()
print("opened")
"""


def test_processes_opening_a_new_history_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    time.sleep(1.5)  # every process has imported and waits for the same moment
    go.touch()
    results = [p.communicate(timeout=60) for p in procs]
    failures = [err for out, err in results if out.strip() != "opened"]
    assert failures == [], failures[0]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def req(body: bytes) -> SignalRequest:
    return SignalRequest(
        store="s",
        kind="click",
        url="http://127.0.0.1:9/retail/signals/click",
        body=body,
        signal_count=1,
        token=SecretStr("tok3nTOKENtok3nTOKEN"),
    )


def answer(body: str) -> SendResult:
    return SendResult(
        outcome=outcome(Kind.INVALID_REQUEST, "400"),
        status=400,
        response_body=body,
        duration_ms=1.0,
        attempts=[Attempt(1, 400, Kind.INVALID_REQUEST, "", 1.0)],
    )


def test_bodies_over_the_cap_keep_size_and_hash(tmp_path: Path) -> None:
    import hashlib

    big = b'[{"x":"' + b"y" * 300_000 + b'"}]'
    with History(tmp_path / "h.db", max_body=64 * 1024) as history:
        entry_id = history.begin(req(big), store_id="s", production=False, source="cli")
        history.complete(entry_id, answer("z" * 200_000))
        small = history.begin(req(b"[]"), store_id="s", production=False, source="cli")
        entry = history.get(entry_id)
        assert history.get(small).request_cut is None
    assert len(entry.request_body) == 64 * 1024
    assert entry.request_cut is not None
    assert entry.request_cut.size == len(big)
    assert entry.request_cut.sha256 == hashlib.sha256(big).hexdigest()
    assert entry.response_cut is not None
    assert entry.response_cut.size == 200_000
    assert len(entry.response_body) == 64 * 1024
    assert entry.cut_notes()[0].startswith("Request body cut: 65,536 of 300,010 bytes kept")
    with pytest.raises(HistoryError, match="cannot be sent again"):
        entry.body_bytes()
    assert (tmp_path / "h.db").stat().st_size < 400_000


def fill(path: Path, count: int) -> None:
    with History(path) as history:
        for i in range(count):
            body = json.dumps([{"n": i, "pad": "p" * 2000}], separators=(",", ":")).encode()
            entry_id = history.begin(req(body), store_id="s", production=False, source="cli")
            history.complete(entry_id, answer("ok"))
        history._writer().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def damage(path: Path) -> None:
    """32 KiB of garbage in the middle of the file."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2 - (size // 2) % 4096)
        handle.write(os.urandom(32 * 1024))


def test_a_damaged_history_is_named_and_recovered(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    fill(path, 300)
    damage(path)
    with pytest.raises(HistoryError, match=r"damaged.*history recover"):
        History(path)
    done = recover(path)
    assert 200 < done.recovered < 300
    assert done.damaged_copy.exists()
    with History(path) as history:
        assert history.count() == done.recovered
        assert history.get(history.ids()[-1]).request_body.startswith('[{"n":0,')


def test_a_close_while_a_reader_opens_leaves_no_connection_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signal_composer.store.history_db import connect as real_connect

    history = History(tmp_path / "history.sqlite3")
    opened: list[sqlite3.Connection] = []

    def connect_then_close(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
        db = real_connect(path, readonly=readonly)
        opened.append(db)
        history.close()  # the window closes the history while a worker's first read starts
        return db

    monkeypatch.setattr("signal_composer.store.history.connect", connect_then_close)
    with pytest.raises(HistoryError, match="closed"):
        history.count()
    (reader,) = opened
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        reader.execute("SELECT 1")
