"""The durable request/response history: SQLite, WAL, written before a request leaves."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from signal_composer.store.history_db import (
    DEFAULT_MAX_BODY,
    SCHEMA_VERSION,
    HistoryDamagedError,
    HistoryError,
    cap,
    connect,
    failure,
    prepare,
)
from signal_composer.store.history_rows import (
    DONE,
    ENTRY_COLUMNS,
    INTERRUPTED,
    PARTIAL,
    RESTORED_COLUMNS,
    SENDING,
    SUMMARY_COLUMNS,
    Entry,
    Filter,
    Summary,
    entry_from_row,
    summary_from_row,
)
from signal_composer.store.paths import data_dir

if TYPE_CHECKING:
    from signal_composer.store.sender import SendResult, SignalRequest

__all__ = [
    "DONE",
    "INTERRUPTED",
    "PARTIAL",
    "SCHEMA_VERSION",
    "SENDING",
    "Entry",
    "Filter",
    "History",
    "HistoryDamagedError",
    "HistoryError",
    "Summary",
]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class History:
    """The history database. Safe to share between threads; other processes may write too.

    Writes go through one connection, one at a time. Reads use a read-only connection per
    thread: in WAL mode a reader never waits for a writer, so the GUI thread reading a page
    never waits for a worker stuck behind another process's write.
    """

    def __init__(self, path: Path | None = None, *, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.path = path or data_dir() / "history.sqlite3"
        self.max_body = max_body
        self._lock = threading.Lock()
        self._closing = threading.Lock()
        """Held while the writer connection closes; ``data_version`` reads it only under it."""
        self._local = threading.local()
        self._readers: list[tuple[sqlite3.Connection, threading.Lock]] = []
        self._host = socket.gethostname()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = connect(self.path)
            prepare(self._db, self.path)
            self.interrupted_on_open = self._mark_interrupted()
        except HistoryError:
            self.close()
            raise
        except sqlite3.Error as exc:
            error = failure(exc, self.path, self._db)
            self.close()
            raise error from None

    @contextmanager
    def _guard(self, db: sqlite3.Connection | None = None) -> Iterator[None]:
        """SQLite's failures as HistoryError (damage named, with the way out)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise failure(exc, self.path, db or self._db) from None

    def _writer(self) -> sqlite3.Connection:
        if self._db is None:
            raise HistoryError(f"{self.path}: the history is closed")
        return self._db

    def _reader(self) -> tuple[sqlite3.Connection, threading.Lock]:
        """This thread's read-only connection (made on first use), and the lock that keeps
        ``close`` from closing it under a read in progress (only ``close`` ever waits on it)."""
        mine: tuple[sqlite3.Connection, threading.Lock] | None = getattr(self._local, "db", None)
        if mine is None:
            self._writer()  # a closed history opens no new connection
            with self._guard():
                mine = (connect(self.path, readonly=True), threading.Lock())
            with self._lock:  # a close since the check above must not miss this connection
                if self._db is None:
                    mine[0].close()
                    raise HistoryError(f"{self.path}: the history is closed")
                self._readers.append(mine)
            self._local.db = mine
        return mine

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        db, in_use = self._reader()
        with in_use:
            if self._db is None:
                raise HistoryError(f"{self.path}: the history is closed")
            with self._guard(db):
                return db.execute(sql, params).fetchall()

    def _mark_interrupted(self) -> int:
        """Entries left ``sending`` by a process that no longer runs become ``interrupted``."""
        db = self._writer()
        with self._lock:
            rows = db.execute(
                "SELECT id, pid, host FROM entries WHERE state = 'sending'"
            ).fetchall()
            dead = [r[0] for r in rows if r[2] != self._host or not _pid_alive(r[1])]
            for entry_id in dead:
                db.execute(
                    "UPDATE entries SET state = ?, detail = ? WHERE id = ?",
                    (INTERRUPTED, "the app stopped before the answer came", entry_id),
                )
            return len(dead)

    def close(self) -> None:
        """Closes every connection; a read in progress on another thread finishes first."""
        with self._lock:
            with self._closing:
                writer, self._db = self._db, None
                if writer is not None:
                    writer.close()
            readers, self._readers = self._readers, []
        for db, in_use in readers:
            with in_use:
                db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def begin(
        self,
        request: SignalRequest,
        *,
        store_id: str,
        production: bool,
        source: str,
        store_key: str | None = None,
        tag: str = "",
    ) -> int:
        """Records a send before it leaves (state ``sending``); returns the entry id."""
        kept, cut = cap(request.body, self.max_body)
        try:
            text, raw = kept.decode("utf-8"), None
        except UnicodeDecodeError:  # kept byte for byte beside a readable copy
            text, raw = kept.decode("utf-8", errors="replace"), kept
        with self._lock, self._guard():
            db = self._writer()
            cursor = db.execute(
                "INSERT INTO entries (created_at, state, source, store, store_id, production, "
                "kind, signal_count, method, url, request_headers, request_body, request_raw, "
                "pid, host, request_size, request_sha256, store_key, tag) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'POST', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    SENDING,
                    source,
                    request.store,
                    store_id,
                    int(production),
                    request.kind,
                    request.signal_count,
                    request.url,
                    json.dumps(request.redacted_headers()),
                    text,
                    raw,
                    os.getpid(),
                    self._host,
                    None if cut is None else cut.size,
                    None if cut is None else cut.sha256,
                    store_key,
                    tag,
                ),
            )
            # Copy the entry into the main file now, while there is room: the next write then
            # reuses the log's space, so marking the answer needs no new disk (see mark_partial).
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            return int(cursor.lastrowid or 0)

    def mark_partial(self, entry_id: int, result: SendResult, reason: str) -> None:
        """Records only the outcome and status, when the disk refused the full answer."""
        with self._lock, self._guard():
            db = self._writer()
            db.execute(
                "UPDATE entries SET state = ?, status = ?, outcome = ?, detail = ? WHERE id = ?",
                (PARTIAL, result.status, str(result.outcome.kind), reason[:300], entry_id),
            )

    def complete(self, entry_id: int, result: SendResult) -> None:
        """Records the answer (or the failure) of a send."""
        attempts = [
            {
                "number": a.number,
                "status": a.status,
                "kind": str(a.kind),
                "detail": a.detail,
                "duration_ms": round(a.duration_ms, 3),
                "waited_s": a.waited_s,
            }
            for a in result.attempts
        ]
        body, cut = cap(result.response_body.encode("utf-8", errors="replace"), self.max_body)
        with self._lock, self._guard():
            db = self._writer()
            db.execute(
                "UPDATE entries SET state = ?, status = ?, outcome = ?, detail = ?, "
                "response_headers = ?, response_body = ?, duration_ms = ?, attempts = ?, "
                "response_size = ?, response_sha256 = ? WHERE id = ?",
                (
                    DONE,
                    result.status,
                    str(result.outcome.kind),
                    result.outcome.detail,
                    json.dumps(result.response_headers),
                    body.decode("utf-8", errors="replace"),
                    result.duration_ms,
                    json.dumps(attempts),
                    None if cut is None else cut.size,
                    None if cut is None else cut.sha256,
                    entry_id,
                ),
            )

    def page(self, filt: Filter | None = None, limit: int = 100, offset: int = 0) -> list[Summary]:
        """Entries newest first."""
        where, params = (filt or Filter()).where()
        rows = self._read(
            f"SELECT {SUMMARY_COLUMNS} FROM entries{where} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [summary_from_row(r) for r in rows]

    def ids(self, filt: Filter | None = None, *, oldest_first: bool = False) -> list[int]:
        """All matching ids, newest first (cheap: the table model pages rows by id)."""
        where, params = (filt or Filter()).where()
        order = "ASC" if oldest_first else "DESC"
        return [
            r[0] for r in self._read(f"SELECT id FROM entries{where} ORDER BY id {order}", params)
        ]

    def summaries(self, ids: Iterable[int]) -> dict[int, Summary]:
        """Summaries of the given ids."""
        wanted = list(ids)
        out: dict[int, Summary] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._read(
                f"SELECT {SUMMARY_COLUMNS} FROM entries WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out.update((r[0], summary_from_row(r)) for r in rows)
        return out

    def bodies(
        self, filt: Filter | None = None, before: int | None = None, limit: int = 1000
    ) -> list[tuple[int, str, bytes]]:
        """``(id, kind, the bytes sent)`` of matching entries, newest first, older than the
        entry ``before`` (a page at a time: the metrics dashboard reads them all this way)."""
        where, params = (filt or Filter()).where()
        if before is not None:
            where = f"{where} AND id < ?" if where else " WHERE id < ?"
            params.append(before)
        rows = self._read(
            f"SELECT id, kind, request_raw, request_body FROM entries{where} "
            "ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
        return [(r[0], r[1], r[2] if r[2] is not None else r[3].encode()) for r in rows]

    def count(self, filt: Filter | None = None) -> int:
        where, params = (filt or Filter()).where()
        return int(self._read(f"SELECT COUNT(*) FROM entries{where}", params)[0][0])

    def get(self, entry_id: int) -> Entry:
        """One entry in full; HistoryError when there is none."""
        rows = self._read(
            f"SELECT {SUMMARY_COLUMNS}, {ENTRY_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
        )
        if not rows:
            raise HistoryError(f"no history entry {entry_id}; 'history list' shows the ids")
        return entry_from_row(rows[0])

    def delete(self, ids: Iterable[int]) -> int:
        """Deletes entries; returns how many."""
        wanted = list(ids)
        with self._lock, self._guard():
            db = self._writer()
            cursor = db.execute(
                f"DELETE FROM entries WHERE id IN ({','.join('?' * len(wanted))})", wanted
            )
            return cursor.rowcount

    def clear(self) -> int:
        """Deletes every entry; returns how many."""
        with self._lock, self._guard():
            db = self._writer()
            return db.execute("DELETE FROM entries").rowcount

    def data_version(self) -> tuple[int, int]:
        """Changes when any connection (another process too) commits: for cheap refresh polls."""
        version = int(self._read("PRAGMA data_version")[0][0])
        with self._closing:  # not the write lock: a long write must not stall the GUI's poll
            db = self._db
            return version, (db.total_changes if db is not None else 0)

    def stores(self) -> list[str]:
        """Store names that appear in the history."""
        return [r[0] for r in self._read("SELECT DISTINCT store FROM entries ORDER BY store")]

    def latest_tagged(self, tags: Sequence[str], store: str | None = None) -> dict[str, int]:
        """The newest finished entry of each tag (a suite case's last result), sent to
        ``store`` when one is named."""
        wanted = list(dict.fromkeys(tags))
        out: dict[str, int] = {}
        where = "" if store is None else " AND store = ?"
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._read(
                "SELECT tag, MAX(id) FROM entries WHERE state = 'done' AND tag IN "
                f"({','.join('?' * len(chunk))}){where} GROUP BY tag",
                [*chunk, *([] if store is None else [store])],
            )
            out.update((r[0], r[1]) for r in rows)
        return out

    def rename_store(self, key: str, name: str) -> int:
        """A renamed store's entries take its new name (they are found by its stable key)."""
        with self._lock, self._guard():
            db = self._writer()
            return db.execute(
                "UPDATE entries SET store = ? WHERE store_key = ?", (name, key)
            ).rowcount

    def restore(self, rows: Sequence[dict[str, Any]]) -> int:
        """Adds finished entries read back from an export (new ids, in the given order); an
        entry already present (same time, URL and body) is skipped. Returns how many were added."""
        added = 0
        with self._lock, self._guard():
            db = self._writer()
            db.execute("BEGIN IMMEDIATE")
            try:
                for row in rows:
                    found = db.execute(
                        "SELECT 1 FROM entries WHERE created_at = ? AND url = ? AND "
                        "request_body = ?",
                        (row["created_at"], row["url"], row["request_body"]),
                    ).fetchone()
                    if found:
                        continue
                    names = [n for n in row if n in RESTORED_COLUMNS]
                    db.execute(
                        f"INSERT INTO entries ({', '.join(names)}) "
                        f"VALUES ({', '.join('?' * len(names))})",
                        [row[n] for n in names],
                    )
                    added += 1
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return added
