"""``history import``: entries from a JSON export (export_json.py) back into the history."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from signal_composer.store.history_db import HistoryError
from signal_composer.store.history_rows import DONE, INTERRUPTED


def _headers(value: Any, where: str) -> str:
    if not isinstance(value, list):
        raise HistoryError(f"{where}: headers must be a list of {{name, value}}")
    pairs = []
    for item in value:
        if not (isinstance(item, dict) and isinstance(item.get("name"), str)):
            raise HistoryError(f"{where}: each header needs a name and a value")
        pairs.append([item["name"], str(item.get("value", ""))])
    return json.dumps(pairs)


def _attempts(value: Any) -> str:
    out = []
    for a in value if isinstance(value, list) else []:
        if isinstance(a, dict):
            out.append(
                {
                    "number": a.get("number"),
                    "status": a.get("status"),
                    "kind": a.get("outcome"),
                    "detail": a.get("detail", ""),
                    "duration_ms": a.get("durationMs") or 0,
                    "waited_s": (a.get("waitedMs") or 0) / 1000,
                }
            )
    return json.dumps(out)


def _cut(value: Any) -> tuple[int | None, str | None]:
    if isinstance(value, dict) and isinstance(value.get("size"), int):
        return value["size"], str(value.get("sha256", ""))
    return None, None


def row_of(item: Any, where: str) -> dict[str, Any]:
    """One exported entry as history columns; HistoryError naming what is missing."""
    try:
        request, response = item["request"], item["response"]
        created = datetime.fromisoformat(item["createdAt"]).timestamp()
        raw64 = request.get("bodyBase64")
        raw = None if raw64 is None else base64.b64decode(raw64, validate=True)
        state = item.get("state", DONE)
        outcome = response.get("outcome") if state == DONE else None
        req_size, req_sha = _cut(request.get("bodyCut"))
        resp_size, resp_sha = _cut(response.get("bodyCut"))
        return {
            "created_at": created,
            "state": state if state in {DONE, INTERRUPTED} else INTERRUPTED,
            "source": str(item.get("source", "import")),
            "store": str(item["store"]),
            "store_id": str(item.get("storeId", "")),
            "production": int(bool(item.get("production"))),
            "kind": str(item["type"]),
            "signal_count": int(item.get("signalCount", 0)),
            "method": str(request.get("method", "POST")),
            "url": str(request["url"]),
            "request_headers": _headers(request.get("headers", []), where),
            "request_body": str(request.get("body", "")),
            "request_raw": raw,
            "status": response.get("status"),
            "outcome": outcome,
            "detail": str(response.get("detail", "")),
            "response_headers": _headers(response.get("headers", []), where),
            "response_body": str(response.get("body", "")),
            "duration_ms": response.get("durationMs"),
            "attempts": _attempts(item.get("attempts")),
            "pid": 0,
            "host": "import",
            "request_size": req_size,
            "request_sha256": req_sha,
            "response_size": resp_size,
            "response_sha256": resp_sha,
            "store_key": item.get("storeKey"),
            "tag": str(item.get("tag") or ""),
        }
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
        raise HistoryError(
            f"{where}: not an entry of a Signal Composer history export ({type(exc).__name__}: "
            f"{exc}); export with 'history export --format json'"
        ) from None


def rows_of(text: str, name: str) -> list[dict[str, Any]]:
    """The entries of a JSON history export, oldest first."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise HistoryError(f"{name}: not JSON ({exc})") from None
    if not isinstance(data, list):
        raise HistoryError(
            f"{name}: not a history export (a JSON array of entries, as 'history export "
            "--format json' writes)"
        )
    rows = [row_of(item, f"{name}, entry {i}") for i, item in enumerate(data)]
    return sorted(rows, key=lambda r: float(r["created_at"]))
