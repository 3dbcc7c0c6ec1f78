"""Diagnoses a customer's captured requests: where they went, the token, headers and bodies.

Pure: it reads a Capture and says what is wrong. What the store's answer means is the store
layer's to say (store/outcomes.py); this module leaves the answer as captured.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Final

from signal_composer.signals.capture import (
    SIGNALS_HOST,
    SIGNALS_PATH,
    Capture,
    Captured,
)
from signal_composer.signals.findings import Finding, finding
from signal_composer.signals.jsonio import InputError, parse_json
from signal_composer.signals.lint import lint_signals
from signal_composer.signals.problems import Problem, has_errors
from signal_composer.signals.tokencheck import TokenReport, check_authorization
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.signals.validation import validate_batch

_LOOPBACK = ("127.", "localhost", "::1", "[::1]")
_LINT_SKIPPED: Final = frozenset({"bad_line", "missing_id"})
"""Journey lint codes the body's validation already reports field by field."""


@dataclass(slots=True)
class RequestDiagnosis:
    """Everything found about one captured request."""

    request: Captured
    store_id: str | None
    """From a ``{store}.applications.lucidworks.com`` host; None for any other host."""
    kind: SignalType | None
    """The signal type named by the path, when it names a known one."""
    token: TokenReport
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data: Any = None
    """The body as JSON, when it is JSON (for opening it in the composer)."""

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings) or has_errors(self.problems)


def store_id_of(host: str) -> str | None:
    match = SIGNALS_HOST.match(host)
    return match.group("store").lower() if match else None


def _where(request: Captured, store_id: str | None) -> tuple[SignalType | None, list[Finding]]:
    found: list[Finding] = []
    host = request.host
    if store_id is None:
        local = host.startswith(_LOOPBACK)
        found.append(
            finding(
                "not_signals_host",
                f"not a Signals API host: {host or '(none)'}"
                + (" (a local server, such as the mock store)" if local else "")
                + "; stores answer at {storeId}.applications.lucidworks.com",
            )
        )
    if request.url.lower().startswith("http://") and not host.startswith(_LOOPBACK):
        found.append(
            finding(
                "insecure_http",
                "sent over plain http: the token travelled unencrypted; use https and replace "
                "the token",
            )
        )
    if request.method != "POST":
        found.append(
            finding("wrong_method", f"sent with {request.method}; the Signals API takes POST")
        )
    match = SIGNALS_PATH.search(request.path)
    if match is None:
        found.append(
            finding(
                "not_signals_path",
                f"the path {request.path or '/'!r} is not /retail/signals/{{type}}",
            )
        )
        return None, found
    name = match.group("type") or ""
    if name in SIGNAL_TYPES:
        return name, found
    folded = name.lower().replace("-", "").replace("_", "").rstrip("s")
    guess = folded if folded in SIGNAL_TYPES else None
    guess = guess or next(iter(difflib.get_close_matches(folded, SIGNAL_TYPES, 1, 0.6)), None)
    hint = f" (did you mean {guess!r}?)" if guess else ""
    found.append(
        finding(
            "unknown_type",
            f"the path names {name!r}, not a signal type: query, click, cartadd or purchase" + hint,
        )
    )
    return None, found


def _media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _headers(request: Captured) -> list[Finding]:
    found: list[Finding] = []
    content_type = request.header("Content-Type")
    media = _media_type(content_type)
    if request.body_kind in {"form", "multipart"} or media in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        found.append(
            finding(
                "body_form",
                f"the body is sent as a form ({media or request.body_kind}); send the JSON "
                "array itself with Content-Type: application/json (curl: --data-raw with "
                "-H 'Content-Type: application/json', or --json)",
            )
        )
    elif content_type is None:
        if request.body:
            found.append(
                finding(
                    "content_type_missing",
                    "no Content-Type header; send Content-Type: application/json",
                )
            )
    elif media != "application/json":
        beacon = " (navigator.sendBeacon with a string sends text/plain)" * (media == "text/plain")
        found.append(
            finding(
                "content_type_wrong",
                f"Content-Type is {media or 'empty'}, not application/json{beacon}",
            )
        )
    accept = request.header("Accept")
    if accept is None:
        found.append(finding("accept_missing", "no Accept header; send Accept: application/json"))
    elif not {_media_type(a) for a in accept.split(",")} & {
        "application/json",
        "*/*",
        "application/*",
    }:
        found.append(finding("accept_wrong", f"Accept is {accept.strip()!r}; it should allow JSON"))
    return found


def _body(request: Captured, kind: SignalType | None) -> tuple[Any, list[Finding], list[Problem]]:
    if request.body_kind == "file":
        return (
            None,
            [
                finding(
                    "body_in_file",
                    "the body is read from a file (curl's @file); paste the file's content "
                    "into the command to check it",
                )
            ],
            [],
        )
    if not request.body or not request.body.strip():
        return None, [finding("body_missing", "no body: send a JSON array of signals")], []
    if request.body_kind == "multipart":
        return None, [], []
    try:
        data = parse_json(request.body, "the body")
    except InputError as exc:
        if request.body_kind == "form":
            return None, [], []  # a real form: body_form says it all
        return None, [finding("body_not_json", str(exc))], []
    found: list[Finding] = []
    if isinstance(data, dict):
        found.append(
            finding(
                "body_not_array",
                "the body is one signal object; wrap it in [ ]: the API takes an array, "
                "even for one signal",
            )
        )
    problems = validate_batch(kind, data) if kind is not None else []
    return data, found, problems


def diagnose_request(request: Captured) -> RequestDiagnosis:
    """Every finding and problem of one request on its own."""
    store_id = store_id_of(request.host)
    kind, where = _where(request, store_id)
    token = check_authorization(
        None if request.authorization is None else request.authorization.get_secret_value()
    )
    data, body_findings, problems = _body(request, kind)
    findings = [*where, *token.findings]
    if request.method == "POST":
        findings.extend(_headers(request))
    findings.extend(body_findings)
    return RequestDiagnosis(request, store_id, kind, token, findings, problems, data)


def _shared_tokens(results: list[RequestDiagnosis]) -> None:
    stores: dict[str, set[str]] = defaultdict(set)
    for result in results:
        if result.token.fingerprint and result.store_id:
            stores[result.token.fingerprint].add(result.store_id)
    for result in results:
        tag = result.token.fingerprint
        if tag and len(stores.get(tag, ())) > 1:
            names = ", ".join(sorted(stores[tag]))
            result.findings.append(
                finding(
                    "token_shared",
                    f"the same token ({tag}) is sent to stores {names}; each store has its "
                    "own embed token",
                )
            )


def _journeys(results: list[RequestDiagnosis]) -> None:
    """The journey lint over each store's signals, in the order they were sent; a problem
    goes to the request that carried its signal, with the signal's index in that batch."""
    by_store: dict[str | None, list[tuple[int, int, SignalType, dict[str, Any]]]] = {}
    for number, result in enumerate(results):
        batch = result.data if isinstance(result.data, list) else [result.data]
        if result.kind is None:
            continue
        for index, signal in enumerate(batch):
            if isinstance(signal, dict):
                place = (number, index, result.kind, signal)
                by_store.setdefault(result.store_id, []).append(place)
    for signals in by_store.values():
        for problem in lint_signals((kind, signal) for _, _, kind, signal in signals):
            if problem.code in _LINT_SKIPPED or problem.index is None:
                continue
            number, index, _, _ = signals[problem.index]
            results[number].problems.append(replace(problem, index=index))


def diagnose(capture: Capture) -> list[RequestDiagnosis]:
    """Diagnoses every request of a capture, and what only shows across them: a token sent
    to several stores, and (in a HAR, a shopper's session) the journey lint."""
    results = [diagnose_request(r) for r in capture.requests]
    _shared_tokens(results)
    if capture.format == "har":
        _journeys(results)
    return results
