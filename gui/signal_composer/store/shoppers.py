"""Generated shoppers sent to a store from the window: in timestamp order, batched per type,
every request in the history, stopping at a cancel or at the first batch not accepted."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from signal_composer.signals.jsonl import encode_signal
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.store.sending import Recorded, build_request, send_recorded

if TYPE_CHECKING:
    from signal_composer.signals.journeys import JourneyGenerator
    from signal_composer.store.stores import Store
    from signal_composer.store.workspace import Workspace

BATCH = 200


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a send of generated shoppers got."""

    sent: int
    fraction: float
    """Of the journeys' time span, 0 to 1."""


@dataclass(frozen=True, slots=True)
class ShoppersSent:
    """The end of a send: how many signals were accepted, and the last answer."""

    sent: int
    last: Recorded | None
    cancelled: bool


def batches(
    journeys: JourneyGenerator, size: int = BATCH
) -> Iterator[tuple[SignalType, list[bytes], int]]:
    """``(type, encoded signals, timestamp)`` in time order: a type's batch leaves when full."""
    buffers: dict[SignalType, list[bytes]] = {kind: [] for kind in SIGNAL_TYPES}
    first: dict[SignalType, int] = {}
    for kind, signal in journeys:
        buffer = buffers[kind]
        buffer.append(encode_signal(signal))
        first.setdefault(kind, signal["timestamp"])
        if len(buffer) >= size:
            yield kind, buffer, signal["timestamp"]
            buffers[kind] = []
            del first[kind]
    for kind in sorted(first, key=first.__getitem__):
        yield kind, buffers[kind], journeys.now


def send_shoppers(
    ws: Workspace,
    store: Store,
    journeys: JourneyGenerator,
    cancel: threading.Event,
    progress: Callable[[Progress], None],
) -> ShoppersSent:
    """Sends the journeys' signals; runs in a worker (network, disk)."""
    template = {
        kind: build_request(store, kind, b"[]", 0, ws.vault, ws.mock_url) for kind in SIGNAL_TYPES
    }
    tag = f"journeys seed={journeys.seed} shoppers={journeys.shoppers}"
    span = max(1, journeys.now - journeys.start)
    sent, last = 0, None
    for kind, items, stamp in batches(journeys):
        if cancel.is_set():
            return ShoppersSent(sent, last, True)
        body = b"[" + b",".join(items) + b"]"
        request = dataclasses.replace(template[kind], body=body, signal_count=len(items))
        last = send_recorded(
            ws.sender(), ws.history, store, request, source="app", tag=tag, cancel=cancel
        )
        if not last.result.outcome.accepted:
            return ShoppersSent(sent, last, cancel.is_set())
        sent += len(items)
        progress(Progress(sent, min(1.0, (stamp - journeys.start) / span)))
    return ShoppersSent(sent, last, False)
