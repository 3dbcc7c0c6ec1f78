"""The durable request/response history: SQLite, WAL, written before a request leaves."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from signal_composer.store.paths import data_dir

if TYPE_CHECKING:
    from signal_composer.store.sender import SendResult, SignalRequest

SENDING: Final = "sending"
DONE: Final = "done"
INTERRUPTED: Final = "interrupted"
PARTIAL: Final = "partial"
"""The answer came but the disk refused all of it: outcome and status kept, the rest lost."""

MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: entries, with the columns the list shows indexed for its filters.
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
    );
    CREATE INDEX entries_store ON entries (store, id);
    """,
    # 2: a tag saying what a send belongs to (a suite run tags each request with suite and case).
    "ALTER TABLE entries ADD COLUMN tag TEXT NOT NULL DEFAULT ''",
)
SCHEMA_VERSION: Final = len(MIGRATIONS)

SUMMARY_COLUMNS: Final = (
    "id, created_at, state, store, kind, signal_count, outcome, status, duration_ms, production"
)


class HistoryError(Exception):
    """The history file cannot be used; the message names the file and the fix."""


@dataclass(frozen=True, slots=True)
class Summary:
    """One row of the history list."""

    id: int
    created_at: float
    state: str
    store: str
    kind: str
    signal_count: int
    outcome: str | None
    status: int | None
    duration_ms: float | None
    production: bool

    @property
    def outcome_label(self) -> str:
        """``interrupted``, ``sending``, the outcome kind, or ``accepted, not fully recorded``."""
        if self.state == PARTIAL:
            return f"{self.outcome}, not fully recorded"
        return self.state if self.state != DONE else (self.outcome or "")


@dataclass(frozen=True, slots=True)
class Entry:
    """Everything recorded about one send (the token only as a fingerprint)."""

    summary: Summary
    source: str
    store_id: str
    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: str
    request_raw: bytes | None
    detail: str
    response_headers: list[tuple[str, str]]
    response_body: str
    attempts: list[dict[str, Any]]
    tag: str = ""
    """What the send belongs to, such as ``suite docs-traps: 03-lower-case-currency``."""

    @property
    def id(self) -> int:
        return self.summary.id

    def body_bytes(self) -> bytes:
        """The exact bytes that were sent."""
        return self.request_raw if self.request_raw is not None else self.request_body.encode()


@dataclass(frozen=True, slots=True)
class Filter:
    """What the list shows; empty fields match everything."""

    store: str | None = None
    kind: str | None = None
    outcome: str | None = None
    """An outcome kind, or ``interrupted`` / ``sending``."""
    status: int | None = None
    contains: str | None = None
    """Text searched in the request and response bodies (ids live in the body) and the tag."""
    ids: Sequence[int] = field(default_factory=tuple)

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        if self.store:
            parts.append("store = ?")
            params.append(self.store)
        if self.kind:
            parts.append("kind = ?")
            params.append(self.kind)
        if self.outcome in {INTERRUPTED, SENDING}:
            parts.append("state = ?")
            params.append(self.outcome)
        elif self.outcome:
            parts.append("outcome = ? AND state IN ('done', 'partial')")
            params.append(self.outcome)
        if self.status is not None:
            parts.append("status = ?")
            params.append(self.status)
        if self.contains:
            pattern = "%" + _escape_like(self.contains) + "%"
            parts.append(
                "(request_body LIKE ? ESCAPE '\\' OR response_body LIKE ? ESCAPE '\\' "
                "OR url LIKE ? ESCAPE '\\' OR tag LIKE ? ESCAPE '\\')"
            )
            params.extend([pattern, pattern, pattern, pattern])
        if self.ids:
            parts.append(f"id IN ({','.join('?' * len(self.ids))})")
            params.extend(self.ids)
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class History:
    """The history database. Safe to share between threads; other processes may write too."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "history.sqlite3"
        self._lock = threading.Lock()
        self._host = socket.gethostname()
        try:
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(
                self.path, check_same_thread=False, timeout=10, isolation_level=None
            )
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._db.execute("PRAGMA foreign_keys = ON")
                self._migrate()
            except BaseException:
                self._db.close()  # a history that cannot open leaves no connection behind
                raise
        except sqlite3.DatabaseError as exc:
            raise HistoryError(
                f"{self.path}: the history cannot be opened ({exc}); if the file is damaged, "
                "move it away to start a new one (nothing else is touched)"
            ) from None
        self.interrupted_on_open = self._mark_interrupted()

    def _migrate(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"{self.path}: written by a newer Signal Composer (schema {version}, this "
                f"version knows {SCHEMA_VERSION}); update the app"
            )
        for number in range(version, SCHEMA_VERSION):
            self._db.executescript(
                "BEGIN;" + MIGRATIONS[number] + f"; PRAGMA user_version = {number + 1}; COMMIT;"
            )

    def _mark_interrupted(self) -> int:
        """Entries left ``sending`` by a process that no longer runs become ``interrupted``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, pid, host FROM entries WHERE state = 'sending'"
            ).fetchall()
            dead = [r[0] for r in rows if r[2] != self._host or not _pid_alive(r[1])]
            for entry_id in dead:
                self._db.execute(
                    "UPDATE entries SET state = ?, detail = ? WHERE id = ?",
                    (INTERRUPTED, "the app stopped before the answer came", entry_id),
                )
            return len(dead)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def begin(
        self,
        request: SignalRequest,
        *,
        store_id: str,
        production: bool,
        source: str,
        tag: str = "",
    ) -> int:
        """Records a send before it leaves (state ``sending``); returns the entry id."""
        try:
            text, raw = request.body.decode("utf-8"), None
        except UnicodeDecodeError:  # kept byte for byte beside a readable copy
            text, raw = request.body.decode("utf-8", errors="replace"), request.body
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO entries (created_at, state, source, store, store_id, production, "
                "kind, signal_count, method, url, request_headers, request_body, request_raw, "
                "pid, host, tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'POST', ?, ?, ?, ?, ?, ?, ?)",
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
                    tag,
                ),
            )
            # Copy the entry into the main file now, while there is room: the next write then
            # reuses the log's space, so marking the answer needs no new disk (see mark_partial).
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            return int(cursor.lastrowid or 0)

    def mark_partial(self, entry_id: int, result: SendResult, reason: str) -> None:
        """Records only the outcome and status, when the disk refused the full answer."""
        with self._lock:
            self._db.execute(
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
        with self._lock:
            self._db.execute(
                "UPDATE entries SET state = ?, status = ?, outcome = ?, detail = ?, "
                "response_headers = ?, response_body = ?, duration_ms = ?, attempts = ? "
                "WHERE id = ?",
                (
                    DONE,
                    result.status,
                    str(result.outcome.kind),
                    result.outcome.detail,
                    json.dumps(result.response_headers),
                    result.response_body,
                    result.duration_ms,
                    json.dumps(attempts),
                    entry_id,
                ),
            )

    def page(self, filt: Filter | None = None, limit: int = 100, offset: int = 0) -> list[Summary]:
        """Entries newest first."""
        where, params = (filt or Filter()).where()
        with self._lock:
            rows = self._db.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM entries{where} ORDER BY id DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [_summary(r) for r in rows]

    def ids(self, filt: Filter | None = None) -> list[int]:
        """All matching ids, newest first (cheap: the table model pages rows by id)."""
        where, params = (filt or Filter()).where()
        with self._lock:
            rows = self._db.execute(
                f"SELECT id FROM entries{where} ORDER BY id DESC", params
            ).fetchall()
        return [r[0] for r in rows]

    def summaries(self, ids: Iterable[int]) -> dict[int, Summary]:
        """Summaries of the given ids."""
        wanted = list(ids)
        out: dict[int, Summary] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = self._db.execute(
                    f"SELECT {SUMMARY_COLUMNS} FROM entries WHERE id IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                out.update((r[0], _summary(r)) for r in rows)
        return out

    def count(self, filt: Filter | None = None) -> int:
        where, params = (filt or Filter()).where()
        with self._lock:
            return int(
                self._db.execute(f"SELECT COUNT(*) FROM entries{where}", params).fetchone()[0]
            )

    def get(self, entry_id: int) -> Entry:
        """One entry in full; HistoryError when there is none."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {SUMMARY_COLUMNS}, source, store_id, method, url, request_headers, "
                "request_body, request_raw, detail, response_headers, response_body, attempts, tag "
                "FROM entries WHERE id = ?",
                (entry_id,),
            ).fetchone()
        if row is None:
            raise HistoryError(f"no history entry {entry_id}; 'history list' shows the ids")
        n = len(SUMMARY_COLUMNS.split(","))
        (source, store_id, method, url, req_h, req_b, raw, detail, resp_h, resp_b, att, tag) = row[
            n:
        ]
        return Entry(
            summary=_summary(row[:n]),
            source=source,
            store_id=store_id,
            method=method,
            url=url,
            request_headers=[tuple(p) for p in json.loads(req_h)],
            request_body=req_b,
            request_raw=raw,
            detail=detail or "",
            response_headers=[tuple(p) for p in json.loads(resp_h or "[]")],
            response_body=resp_b or "",
            attempts=json.loads(att or "[]"),
            tag=tag,
        )

    def delete(self, ids: Iterable[int]) -> int:
        """Deletes entries; returns how many."""
        wanted = list(ids)
        with self._lock:
            cursor = self._db.execute(
                f"DELETE FROM entries WHERE id IN ({','.join('?' * len(wanted))})", wanted
            )
            return cursor.rowcount

    def clear(self) -> int:
        """Deletes every entry; returns how many."""
        with self._lock:
            return self._db.execute("DELETE FROM entries").rowcount

    def data_version(self) -> tuple[int, int]:
        """Changes when any connection (another process too) commits: for cheap refresh polls."""
        with self._lock:
            version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
            total = self._db.total_changes
        return version, total

    def stores(self) -> list[str]:
        """Store names that appear in the history."""
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT store FROM entries ORDER BY store").fetchall()
        return [r[0] for r in rows]

    def latest_tagged(self, tags: Sequence[str]) -> dict[str, int]:
        """The newest finished entry of each tag (a suite case's last result)."""
        wanted = list(dict.fromkeys(tags))
        out: dict[str, int] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = self._db.execute(
                    "SELECT tag, MAX(id) FROM entries WHERE state = 'done' AND tag IN "
                    f"({','.join('?' * len(chunk))}) GROUP BY tag",
                    chunk,
                ).fetchall()
                out.update((r[0], r[1]) for r in rows)
        return out


def _summary(row: Sequence[Any]) -> Summary:
    return Summary(
        id=row[0],
        created_at=row[1],
        state=row[2],
        store=row[3],
        kind=row[4],
        signal_count=row[5],
        outcome=row[6],
        status=row[7],
        duration_ms=row[8],
        production=bool(row[9]),
    )
