"""Recovering a damaged history: what is readable goes into a new file, the old one aside."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from signal_composer.store.history_db import HistoryError, connect, prepare

COLUMNS: Final = (
    "id, created_at, state, source, store, store_id, production, kind, signal_count, method, "
    "url, request_headers, request_body, request_raw, status, outcome, detail, "
    "response_headers, response_body, duration_ms, attempts, pid, host, request_size, "
    "request_sha256, response_size, response_sha256, store_key"
)
GIVE_UP_AFTER: Final = 5000
"""Ids probed one by one past the last readable entry before the scan stops."""


@dataclass(frozen=True, slots=True)
class Recovery:
    """What ``recover`` did."""

    recovered: int
    unreadable: int
    """Ids known (or probed) that could not be read."""
    damaged_copy: Path


def _scan(db: sqlite3.Connection, order: str) -> tuple[list[Any], int | None]:
    """Rows in id order until the first unreadable page; also the last id reached."""
    rows: list[Any] = []
    try:
        for row in db.execute(f"SELECT {COLUMNS} FROM entries ORDER BY id {order}"):
            rows.append(row)
    except sqlite3.DatabaseError:
        pass
    return rows, (rows[-1][0] if rows else None)


def _probe(db: sqlite3.Connection, low: int, high: int | None) -> tuple[list[Any], int]:
    """Rows read one id at a time between two readable stretches."""
    rows: list[Any] = []
    failed = 0
    entry_id, misses = low, 0
    while (high is None and misses < GIVE_UP_AFTER) or (high is not None and entry_id < high):
        try:
            row = db.execute(f"SELECT {COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
        except sqlite3.DatabaseError:
            row, failed = None, failed + 1
        if row is None:
            misses += 1
        else:
            rows.append(row)
            misses = 0
        entry_id += 1
    return rows, failed


def readable_rows(path: Path) -> tuple[list[Any], int]:
    """Every entry that can still be read, in id order, and how many ids failed."""
    try:
        db = connect(path)  # read only in effect; a read-only open of a WAL file needs its -shm
    except sqlite3.Error as exc:
        raise HistoryError(f"{path}: cannot be opened to recover it ({exc})") from None
    try:
        forward, last = _scan(db, "ASC")
        backward, first_of_tail = _scan(db, "DESC")
        start = (last or 0) + 1
        middle, failed = _probe(db, start, first_of_tail)
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: nothing can be read from it ({exc})") from None
    finally:
        db.close()
    by_id = {row[0]: row for row in [*forward, *middle, *backward]}
    return [by_id[i] for i in sorted(by_id)], failed


def recover(path: Path) -> Recovery:
    """Copies what is readable into a new history file; the damaged one is kept beside it as
    ``history.sqlite3.damaged-<time>`` (with its -wal and -shm)."""
    if not path.exists():
        raise HistoryError(f"{path}: there is no history file to recover")
    rows, failed = readable_rows(path)
    fresh = path.with_name(f".{path.name}.recovering")
    fresh.unlink(missing_ok=True)
    db = connect(fresh)
    try:
        prepare(db, fresh)
        db.execute("BEGIN IMMEDIATE")
        marks = ",".join("?" * len(COLUMNS.split(",")))
        db.executemany(f"INSERT INTO entries ({COLUMNS}) VALUES ({marks})", rows)
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    fresh.replace(path)
    fresh.with_name(fresh.name + "-wal").unlink(missing_ok=True)
    fresh.with_name(fresh.name + "-shm").unlink(missing_ok=True)
    return Recovery(len(rows), failed, aside)
