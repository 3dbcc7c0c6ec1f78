"""The signals of accepted history entries, newest first, for the metrics dashboard: the same
entries the ``metrics --history`` command reads, read a page at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from signal_composer.store.history import Filter, History
from signal_composer.store.outcomes import Kind

PAGE = 2000


def accepted_signals(
    history: History, store: str | None = None, limit: int | None = None
) -> Iterator[tuple[str, Any]]:
    """``(type, signal)`` of the newest ``limit`` accepted requests (all when None)."""
    filt = Filter(store=store, outcome=str(Kind.ACCEPTED))
    before: int | None = None
    left = limit
    decode = msgspec.json.decode
    while left is None or left > 0:
        page = history.bodies(filt, before, PAGE if left is None else min(PAGE, left))
        if not page:
            return
        for entry_id, kind, body in page:
            before = entry_id
            try:
                data = decode(body)
            except msgspec.DecodeError:
                continue  # a raw send that was not JSON: no signals to count
            for signal in data if isinstance(data, list) else [data]:
                if isinstance(signal, dict):
                    yield kind, signal
        if left is not None:
            left -= len(page)
