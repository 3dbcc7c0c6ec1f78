"""A known history for the metrics tests: generated shoppers' signals recorded as accepted
sends, through the history's own API."""

from __future__ import annotations

from signal_composer.signals.journeys import JourneyGenerator
from signal_composer.signals.jsonl import encode_signal
from signal_composer.signals.profiles import load_profile
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest

NOW = 1_796_040_000_000


def record(history: History, kind: str, body: bytes, count: int, status: int) -> None:
    request = SignalRequest("s", kind, "http://127.0.0.1:9/retail", body, count)  # type: ignore[arg-type]
    verdict = Kind.ACCEPTED if status == 202 else Kind.INVALID_REQUEST
    answer = SendResult(
        outcome(verdict, str(status)), status, [], "", 1.0, [Attempt(1, status, verdict, "", 1.0)]
    )
    history.complete(history.begin(request, store_id="s", production=False, source="app"), answer)


def known_history(history: History) -> int:
    """Generated shoppers' signals, in accepted batches of 1 to 3, plus a rejected batch and an
    accepted body that is not JSON (neither counts); returns the signals counted."""
    batches: list[tuple[str, list[bytes]]] = []
    counted = 0
    for kind, signal in JourneyGenerator(load_profile("default"), 7, 30, 3, NOW):
        if not batches or batches[-1][0] != kind or len(batches[-1][1]) == 3:
            batches.append((kind, []))
        batches[-1][1].append(encode_signal(signal))
        counted += 1
    for batch_kind, batch in batches:
        record(history, batch_kind, b"[" + b",".join(batch) + b"]", len(batch), 202)
    record(history, "query", b'[{"visitorId":"rejected"}]', 1, 400)
    record(history, "query", b"not json", 1, 202)
    return counted
