"""Points in time on the command line: epoch milliseconds, ISO 8601, or a span ago (``2h``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

from signal_composer.cli.common import UsageError

_SPAN: Final = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNIT_MS: Final = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def parse_when(text: str, now_ms: int, option: str) -> int:
    """Epoch milliseconds of ``text``: digits are epoch ms; ``30m``, ``2h``, ``7d`` are that long
    before now; anything else is an ISO 8601 date or time (UTC when it names no zone)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    span = _SPAN.fullmatch(text)
    if span:
        return now_ms - int(float(span.group(1)) * _UNIT_MS[span.group(2)])
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{option} {text!r}: not a time; give epoch milliseconds, an ISO 8601 date or time "
            "(2026-11-30 or 2026-11-30T14:00Z) or a span ago (30m, 2h, 7d)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def shown(ms: int) -> str:
    """A time for messages: ISO 8601 in UTC, to the second."""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
