"""History entries as JSON (camelCase keys throughout), and back: the form ``history import``
reads. The format is documented in the README."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from signal_composer.store.history import Entry
from signal_composer.store.history_db import BodyCut


def iso(timestamp: float) -> str:
    """UTC ISO 8601 with milliseconds: ``2026-11-30T12:00:00.000+00:00``."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")


def _cut(cut: BodyCut | None) -> dict[str, Any] | None:
    return None if cut is None else {"size": cut.size, "sha256": cut.sha256, "kept": cut.kept}


def attempt_dict(attempt: dict[str, Any]) -> dict[str, Any]:
    """An attempt as stored, with camelCase keys and milliseconds."""
    return {
        "number": attempt.get("number"),
        "status": attempt.get("status"),
        "outcome": attempt.get("kind"),
        "detail": attempt.get("detail", ""),
        "durationMs": attempt.get("duration_ms"),
        "waitedMs": round(float(attempt.get("waited_s") or 0) * 1000, 3),
    }


def entry_dict(entry: Entry) -> dict[str, Any]:
    """One entry as a JSON-ready object."""
    s = entry.summary
    raw = entry.request_raw
    return {
        "id": s.id,
        "createdAt": iso(s.created_at),
        "state": s.state,
        "source": entry.source,
        "tag": entry.tag,
        "store": s.store,
        "storeKey": entry.store_key,
        "storeId": entry.store_id,
        "production": s.production,
        "type": s.kind,
        "signalCount": s.signal_count,
        "request": {
            "method": entry.method,
            "url": entry.url,
            "headers": [{"name": k, "value": v} for k, v in entry.request_headers],
            "body": entry.request_body,
            "bodyBase64": None if raw is None else base64.b64encode(raw).decode("ascii"),
            "bodyCut": _cut(entry.request_cut),
        },
        "response": {
            "status": s.status,
            "outcome": s.outcome_label,
            "detail": entry.detail,
            "headers": [{"name": k, "value": v} for k, v in entry.response_headers],
            "body": entry.response_body,
            "bodyCut": _cut(entry.response_cut),
            "durationMs": s.duration_ms,
        },
        "attempts": [attempt_dict(a) for a in entry.attempts],
    }


def to_json(entries: Sequence[Entry]) -> str:
    """A JSON array of entries (``json.dumps`` of the list with ``indent=2``, byte for byte),
    each entry's objects made and let go in turn: freeing the objects of 50,000 entries at
    once held the GIL for a quarter of a second."""
    if not entries:
        return "[]\n"
    items = (indented(json.dumps(entry_dict(e), ensure_ascii=False, indent=2), 2) for e in entries)
    return "[\n" + ",\n".join(items) + "\n]\n"


def indented(text: str, spaces: int) -> str:
    """JSON text moved right, as it stands inside a container (its strings hold no newline:
    JSON escapes them)."""
    pad = " " * spaces
    return pad + text.replace("\n", "\n" + pad)
