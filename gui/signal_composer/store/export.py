"""History entries as JSON, HAR 1.2 or cURL commands; the token appears only as a fingerprint."""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal

from signal_composer.store.history import Entry
from signal_composer.store.tokens import TOKEN_VARIABLE
from signal_composer.version import version

ExportFormat = Literal["json", "har", "curl"]
EXPORT_FORMATS: Final = ("json", "har", "curl")


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")


def entry_dict(entry: Entry) -> dict[str, Any]:
    """One entry as a JSON-ready object."""
    s = entry.summary
    return {
        "id": s.id,
        "createdAt": _iso(s.created_at),
        "state": s.state,
        "source": entry.source,
        "tag": entry.tag,
        "store": s.store,
        "storeId": entry.store_id,
        "production": s.production,
        "type": s.kind,
        "signalCount": s.signal_count,
        "request": {
            "method": entry.method,
            "url": entry.url,
            "headers": [{"name": k, "value": v} for k, v in entry.request_headers],
            "body": entry.request_body,
        },
        "response": {
            "status": s.status,
            "outcome": s.outcome_label,
            "detail": entry.detail,
            "headers": [{"name": k, "value": v} for k, v in entry.response_headers],
            "body": entry.response_body,
            "durationMs": s.duration_ms,
        },
        "attempts": entry.attempts,
    }


def to_json(entries: Sequence[Entry]) -> str:
    """A JSON array of entries."""
    return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def to_har(entries: Sequence[Entry]) -> str:
    """A HAR 1.2 log, readable by browser dev tools and API clients."""
    items = []
    for entry in entries:
        s = entry.summary
        content_type = next(
            (v for k, v in entry.response_headers if k.lower() == "content-type"), ""
        )
        items.append(
            {
                "startedDateTime": _iso(s.created_at),
                "time": s.duration_ms or 0,
                "request": {
                    "method": entry.method,
                    "url": entry.url,
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": [{"name": k, "value": v} for k, v in entry.request_headers],
                    "queryString": [],
                    "postData": {"mimeType": "application/json", "text": entry.request_body},
                    "headersSize": -1,
                    "bodySize": len(entry.body_bytes()),
                },
                "response": {
                    "status": s.status or 0,
                    "statusText": s.outcome_label,
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": [{"name": k, "value": v} for k, v in entry.response_headers],
                    "content": {
                        "size": len(entry.response_body.encode()),
                        "mimeType": content_type,
                        "text": entry.response_body,
                    },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(entry.response_body.encode()),
                },
                "cache": {},
                "timings": {"send": 0, "wait": s.duration_ms or 0, "receive": 0},
                "comment": f"Signal Composer entry {s.id} ({s.kind}, {s.store}, from "
                f"{entry.source}{': ' + entry.tag if entry.tag else ''})",
            }
        )
    log = {
        "log": {
            "version": "1.2",
            "creator": {"name": "Signal Composer", "version": version()},
            "entries": items,
        }
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def to_curl(entry: Entry) -> str:
    """A cURL command that repeats the request; the token comes from $SIGNAL_COMPOSER_TOKEN."""
    lines = [f"curl -sS -X {entry.method} {shlex.quote(entry.url)}"]
    for key, value in entry.request_headers:
        if key.lower() == "authorization":
            prefix = "Bearer " if value.startswith("Bearer ") else ""
            lines.append(f'-H "Authorization: {prefix}${TOKEN_VARIABLE}"')
        else:
            lines.append(f"-H {shlex.quote(f'{key}: {value}')}")
    lines.append(f"--data-binary {shlex.quote(entry.request_body)}")
    return " \\\n  ".join(lines) + "\n"


def export(entries: Sequence[Entry], fmt: ExportFormat) -> str:
    """Entries in a format."""
    if fmt == "json":
        return to_json(entries)
    if fmt == "har":
        return to_har(entries)
    return "\n".join(f"# entry {e.id}\n{to_curl(e)}" for e in entries)
