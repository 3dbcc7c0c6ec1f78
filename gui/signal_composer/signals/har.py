"""Reads the Signals API requests out of a HAR file, with the answers the browser recorded."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from signal_composer.signals.capture import (
    BodyKind,
    Captured,
    CapturedResponse,
    CaptureError,
    is_signal_url,
    make_headers,
)
from signal_composer.signals.jsonio import InputError, parse_json


def _pairs(items: object) -> list[tuple[str, str]]:
    if not isinstance(items, list):
        return []
    return [
        (str(h.get("name", "")), str(h.get("value", "")))
        for h in items
        if isinstance(h, dict) and h.get("name")
    ]


def _body(request: dict[str, Any]) -> tuple[str | None, BodyKind]:
    post = request.get("postData")
    if not isinstance(post, dict):
        return None, "text"
    mime = str(post.get("mimeType", "")).lower()
    kind: BodyKind = (
        "multipart"
        if mime.startswith("multipart/")
        else "form"
        if mime.startswith("application/x-www-form-urlencoded")
        else "text"
    )
    text = post.get("text")
    if isinstance(text, str):
        return text, kind
    params = _pairs(post.get("params"))
    if params:
        return "&".join(f"{k}={v}" for k, v in params), "form"
    return None, kind


def _response(entry: dict[str, Any]) -> CapturedResponse | None:
    raw = entry.get("response")
    if not isinstance(raw, dict):
        return None
    status = raw.get("status")
    content = raw.get("content") if isinstance(raw.get("content"), dict) else {}
    assert isinstance(content, dict)
    text = content.get("text") if isinstance(content.get("text"), str) else ""
    assert isinstance(text, str)
    if content.get("encoding") == "base64" and text:
        try:
            text = base64.b64decode(text).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            text = ""
    error = raw.get("_error") or entry.get("_error") or ""
    return CapturedResponse(
        status=status if isinstance(status, int) and not isinstance(status, bool) else 0,
        status_text=str(raw.get("statusText", "")),
        headers=tuple(_pairs(raw.get("headers"))),
        body=text,
        error=str(error),
    )


def _is_preflight(method: str, pairs: list[tuple[str, str]]) -> bool:
    return method == "OPTIONS" and any(
        k.lower() == "access-control-request-method" for k, _ in pairs
    )


def parse_har(text: str) -> tuple[list[Captured], int]:
    """The Signals API requests of a HAR log, in order, and how many other entries it had."""
    try:
        data = parse_json(text, "the HAR file")
    except InputError as exc:
        raise CaptureError(str(exc)) from None
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise CaptureError(
            "a JSON text, but not a HAR file (no log.entries); to check a body of signals, "
            "use 'signal-composer validate --type TYPE'"
        )
    found: list[Captured] = []
    ignored = 0
    for number, entry in enumerate(entries, start=1):
        request = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or not isinstance(request.get("url"), str):
            ignored += 1
            continue
        assert isinstance(entry, dict)
        method = str(request.get("method", "GET")).upper()
        pairs = _pairs(request.get("headers"))
        if not is_signal_url(request["url"]) or _is_preflight(method, pairs):
            ignored += 1
            continue
        headers, secret = make_headers(pairs)
        body, kind = _body(request)
        captured = Captured(
            method,
            request["url"],
            headers,
            secret,
            body,
            body_kind=kind,
            origin=f"HAR entry {number}",
            response=_response(entry),
            started=str(entry.get("startedDateTime", "")),
        )
        found.append(captured)
    return found, ignored
