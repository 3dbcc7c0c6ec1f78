"""History rows as values: the list's summary, an entry in full, the list's filter."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from signal_composer.store.history_db import BodyCut, HistoryError
from signal_composer.store.outcomes import title_of

SENDING: Final = "sending"
DONE: Final = "done"
INTERRUPTED: Final = "interrupted"
PARTIAL: Final = "partial"
"""The answer came but the disk refused all of it: outcome and status kept, the rest lost."""

_STATE_TITLES: Final = {SENDING: "Sending", INTERRUPTED: "Interrupted"}


def outcome_title(value: str) -> str:
    """A person's words for an outcome kind's code or an unfinished send's state."""
    return _STATE_TITLES.get(value) or title_of(value)


SUMMARY_COLUMNS: Final = (
    "id, created_at, state, store, kind, signal_count, outcome, status, duration_ms, production"
)


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

    @property
    def outcome_title(self) -> str:
        """``outcome_label`` in a person's words: ``Interrupted``, ``Sending``, the outcome's
        title (``Invalid request``), or ``Accepted, not fully recorded``."""
        if self.state == PARTIAL:
            return f"{title_of(self.outcome or '')}, not fully recorded"
        return outcome_title(self.state if self.state != DONE else (self.outcome or ""))


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
    request_cut: BodyCut | None = None
    """Set when the request body was longer than the history keeps."""
    response_cut: BodyCut | None = None
    store_key: str | None = None
    """The store's stable key (None for entries written before stores had one)."""
    tag: str = ""
    """What the send belongs to, such as ``suite docs-traps: 03-lower-case-currency``."""

    @property
    def id(self) -> int:
        return self.summary.id

    def body_bytes(self) -> bytes:
        """The exact bytes that were sent; HistoryError when the history kept only a part."""
        if self.request_cut is not None:
            raise HistoryError(
                f"entry {self.id}: {self.request_cut.describe('the request body')}; the "
                "full body is not kept, so it cannot be sent again"
            )
        return self.stored_bytes()

    def stored_bytes(self) -> bytes:
        """The request body as kept (all of it unless ``request_cut``)."""
        return self.request_raw if self.request_raw is not None else self.request_body.encode()

    def cut_notes(self) -> list[str]:
        """What the history did not keep, said for a person."""
        notes = []
        if self.request_cut is not None:
            notes.append(self.request_cut.describe("Request body"))
        if self.response_cut is not None:
            notes.append(self.response_cut.describe("Response body"))
        return notes


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


ENTRY_COLUMNS: Final = (
    "source, store_id, method, url, request_headers, request_body, request_raw, detail, "
    "response_headers, response_body, attempts, request_size, request_sha256, response_size, "
    "response_sha256, store_key, tag"
)


def _cut(size: int | None, sha: str | None, kept: str | bytes) -> BodyCut | None:
    if size is None or sha is None:
        return None
    length = len(kept) if isinstance(kept, bytes) else len(kept.encode("utf-8", errors="replace"))
    return BodyCut(size, sha, min(length, size))


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An entry from a row of SUMMARY_COLUMNS then ENTRY_COLUMNS."""
    n = len(SUMMARY_COLUMNS.split(","))
    (source, store_id, method, url, req_h, req_b, raw, detail, resp_h, resp_b, att) = row[
        n : n + 11
    ]
    req_size, req_sha, resp_size, resp_sha, store_key, tag = row[n + 11 :]
    return Entry(
        summary=summary_from_row(row[:n]),
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
        request_cut=_cut(req_size, req_sha, raw if raw is not None else req_b),
        response_cut=_cut(resp_size, resp_sha, resp_b or ""),
        store_key=store_key,
        tag=tag,
    )


def summary_from_row(row: Sequence[Any]) -> Summary:
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


# The columns an export brings back on import (everything but the id, which is new).
RESTORED_COLUMNS: Final = frozenset(
    [
        "created_at",
        "state",
        "source",
        "store",
        "store_id",
        "production",
        "kind",
        "signal_count",
        "method",
        "url",
        "request_headers",
        "request_body",
        "request_raw",
        "status",
        "outcome",
        "detail",
        "response_headers",
        "response_body",
        "duration_ms",
        "attempts",
        "pid",
        "host",
        "request_size",
        "request_sha256",
        "response_size",
        "response_sha256",
        "store_key",
        "tag",
    ]
)
