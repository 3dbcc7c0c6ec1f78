"""History entries as a HAR 1.2 log: one entry per attempt on the wire, oldest first, with the
headers the sender really sends, real reason phrases, and what was cut said in ``comment``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from signal_composer.store.export_json import indented, iso
from signal_composer.store.history import Entry
from signal_composer.version import version

if TYPE_CHECKING:
    import httpx


def reason_phrase(status: int | None) -> str:
    """``Accepted`` for 202; "" for no answer or a status with no standard phrase."""
    if status is None:
        return ""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def wire_headers(entry: Entry, client: httpx.Client | None = None) -> list[dict[str, str]]:
    """The request headers as the sender's client puts them on the wire (Host, User-Agent,
    Accept-Encoding, Content-Length...), the token still only a fingerprint. Pass a client made
    by ``make_client`` when there are many entries: making one costs about 20 ms."""
    from signal_composer.store.sender import make_client

    if client is None:
        with make_client() as own:
            return wire_headers(entry, own)
    size = entry.request_cut.size if entry.request_cut else len(entry.stored_bytes())
    built = client.build_request(
        entry.method, entry.url, headers=entry.request_headers, content=b""
    )
    headers = [(k, v) for k, v in built.headers.multi_items() if k.lower() != "content-length"]
    headers.append(("Content-Length", str(size)))
    return [{"name": k, "value": v} for k, v in headers]


def _cut_notes(entry: Entry, final: bool) -> list[str]:
    from signal_composer.store.sender import MAX_RESPONSE_BYTES

    notes = [n for n in entry.cut_notes() if final or n.startswith("Request")]
    if final and len(entry.response_body.encode()) >= MAX_RESPONSE_BYTES:
        notes.append(f"the sender read only the first {MAX_RESPONSE_BYTES:,} bytes of the answer")
    return notes


def har_entries(entry: Entry, client: httpx.Client | None = None) -> list[dict[str, Any]]:
    """One HAR entry per attempt (one for an entry that never finished one); ``client`` as
    for ``wire_headers``."""
    s = entry.summary
    attempts = entry.attempts or [
        {
            "number": 1,
            "status": s.status,
            "kind": s.outcome_label,
            "detail": entry.detail,
            "duration_ms": s.duration_ms or 0,
            "waited_s": 0,
        }
    ]
    request_headers = wire_headers(entry, client)
    body_size = entry.request_cut.size if entry.request_cut else len(entry.stored_bytes())
    content_type = next((v for k, v in entry.response_headers if k.lower() == "content-type"), "")
    out = []
    offset = 0.0
    for index, attempt in enumerate(attempts):
        final = index == len(attempts) - 1
        waited = float(attempt.get("waited_s") or 0)
        offset += waited
        status = attempt.get("status")
        duration = float(attempt.get("duration_ms") or 0)
        body = entry.response_body if final else ""
        notes = [
            f"Signal Composer entry {s.id}, attempt {attempt.get('number')} of {len(attempts)} "
            f"({s.kind}, {s.store}, from {entry.source}{': ' + entry.tag if entry.tag else ''})",
            f"{attempt.get('kind')}: {attempt.get('detail') or ''}".rstrip(": "),
        ]
        if waited:
            notes.append(f"sent after waiting {waited:g} s (retry backoff or Retry-After)")
        if not final and status is not None:
            notes.append("the answer's headers and body are kept only for the last attempt")
        notes += _cut_notes(entry, final)
        out.append(
            {
                "startedDateTime": iso(s.created_at + offset),
                "time": duration,
                "request": {
                    "method": entry.method,
                    "url": entry.url,
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": request_headers,
                    "queryString": [],
                    "postData": {"mimeType": "application/json", "text": entry.request_body},
                    "headersSize": -1,
                    "bodySize": body_size,
                },
                "response": {
                    "status": status or 0,
                    "statusText": reason_phrase(status),
                    "httpVersion": "HTTP/1.1" if status else "",
                    "cookies": [],
                    "headers": [
                        {"name": k, "value": v}
                        for k, v in (entry.response_headers if final else [])
                    ],
                    "content": {
                        "size": entry.response_cut.size
                        if final and entry.response_cut
                        else len(body.encode()),
                        "mimeType": content_type if final else "",
                        "text": body,
                    },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(body.encode()) if status else -1,
                },
                "cache": {},
                "timings": {"send": 0, "wait": duration, "receive": 0},
                "comment": "; ".join(notes),
            }
        )
        offset += duration / 1000
    return out


def to_har(entries: Sequence[Entry]) -> str:
    """A HAR 1.2 log, readable by browser dev tools and API clients."""
    from signal_composer.store.sender import make_client

    log = {
        "log": {
            "version": "1.2",
            "creator": {"name": "Signal Composer", "version": version()},
            "entries": [],
        }
    }
    shell = json.dumps(log, ensure_ascii=False, indent=2)
    if not entries:
        return shell + "\n"
    # The entries go in one by one, as json.dumps would lay them out inside the log: freeing
    # the objects of 50,000 entries at once held the GIL for half a second.
    head, tail = shell.rsplit('"entries": []', 1)
    with make_client() as client:  # one for all the entries
        ordered = sorted(entries, key=lambda e: e.id)
        items = ",\n".join(
            indented(json.dumps(item, ensure_ascii=False, indent=2), 6)
            for entry in ordered
            for item in har_entries(entry, client)
        )
    return f'{head}"entries": [\n{items}\n    ]{tail}\n'
