"""The history file's plumbing: connections, the schema and its migrations, damage detection."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    # 1: entries, with the columns the list shows indexed for its filters.
    (
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            state TEXT NOT NULL,
            source TEXT NOT NULL,
            store TEXT NOT NULL,
            store_id TEXT NOT NULL,
            production INTEGER NOT NULL,
            kind TEXT NOT NULL,
            signal_count INTEGER NOT NULL,
            method TEXT NOT NULL,
            url TEXT NOT NULL,
            request_headers TEXT NOT NULL,
            request_body TEXT NOT NULL,
            request_raw BLOB,
            status INTEGER,
            outcome TEXT,
            detail TEXT,
            response_headers TEXT,
            response_body TEXT,
            duration_ms REAL,
            attempts TEXT,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL
        )
        """,
        "CREATE INDEX entries_store ON entries (store, id)",
    ),
    # 2: a tag saying what a send belongs to (a suite run tags each request with suite and case).
    ("ALTER TABLE entries ADD COLUMN tag TEXT NOT NULL DEFAULT ''",),
    # 3: bodies cut to the configured cap keep their full size and hash; the store's stable key.
    (
        "ALTER TABLE entries ADD COLUMN request_size INTEGER",
        "ALTER TABLE entries ADD COLUMN request_sha256 TEXT",
        "ALTER TABLE entries ADD COLUMN response_size INTEGER",
        "ALTER TABLE entries ADD COLUMN response_sha256 TEXT",
        "ALTER TABLE entries ADD COLUMN store_key TEXT",
    ),
)
SCHEMA_VERSION: Final = len(MIGRATIONS)
DEFAULT_MAX_BODY: Final = 1024 * 1024
"""Bytes of each request and response body kept in the history (the rest: size and hash)."""
_DAMAGE_WORDS: Final = ("malformed", "not a database", "corrupt", "disk image")


class HistoryError(Exception):
    """The history file cannot be used; the message names the file and the fix."""


class HistoryDamagedError(HistoryError):
    """The history file is damaged; ``history recover`` saves what is readable."""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread."""
    if readonly:
        uri = path.absolute().as_uri() + "?mode=ro"
        return sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=2, isolation_level=None
        )
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return sqlite3.connect(path, check_same_thread=False, timeout=10, isolation_level=None)


def prepare(db: sqlite3.Connection, path: Path, patience: float = 10.0) -> None:
    """WAL mode, then the schema brought up to date inside one ``BEGIN IMMEDIATE``: two
    processes opening a new file at once take turns, and the second finds the work done.

    Switching a new file to WAL takes an exclusive lock, and SQLite answers "locked" at once
    (without waiting) when two connections ask at the same moment: that step is retried.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            _prepare(db, path)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    if int(db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])  # again, under the lock
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"{path}: written by a newer Signal Composer (schema {version}, this "
                f"version knows {SCHEMA_VERSION}); update the app"
            )
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def looks_damaged(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's message says the file itself is bad (not busy, not full)."""
    return any(word in str(exc).lower() for word in _DAMAGE_WORDS)


def quick_check(db: sqlite3.Connection | None) -> str:
    """SQLite's own verdict on the file: ``ok`` or its first finding."""
    if db is None:
        return "the file could not be opened"
    try:
        rows = db.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    text = "; ".join(" ".join(str(r[0]).split()) for r in rows) or "ok"
    return text if len(text) <= 200 else text[:197] + "..."


def failure(exc: sqlite3.Error, path: Path, db: sqlite3.Connection | None) -> HistoryError:
    """A SQLite failure as a HistoryError naming the file and what to do."""
    if isinstance(exc, sqlite3.DatabaseError) and looks_damaged(exc):
        check = "" if "not a database" in str(exc) else f"; SQLite's check: {quick_check(db)}"
        return HistoryDamagedError(
            f"{path}: the history file is damaged ({exc}{check}). "
            "Run 'signal-composer history recover' to copy what is readable into a new file "
            "(the damaged one is kept aside); sending still works, without history"
        )
    if "locked" in str(exc) or "busy" in str(exc):
        return HistoryError(
            f"{path}: the history is busy (another process holds it: {exc}); try again"
        )
    return HistoryError(f"{path}: the history cannot be used ({exc})")


@dataclass(frozen=True, slots=True)
class BodyCut:
    """A body longer than the cap: what was kept, its full size and its SHA-256."""

    size: int
    sha256: str
    kept: int

    def describe(self, what: str) -> str:
        return (
            f"{what} cut: {self.kept:,} of {self.size:,} bytes kept (sha256 {self.sha256}); "
            "raise history.max_body_kib in config.json to keep more"
        )


def cap(data: bytes, limit: int) -> tuple[bytes, BodyCut | None]:
    """The first ``limit`` bytes, and what was cut (None when it all fits)."""
    if len(data) <= limit:
        return data, None
    return data[:limit], BodyCut(len(data), hashlib.sha256(data).hexdigest(), limit)
