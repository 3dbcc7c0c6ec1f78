"""What the metrics dashboard shows: the METRICS.md figures (computed by metrics.py, so they
equal the ``metrics`` command's), the funnel, and signals and revenue per day (UTC)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

import msgspec

from signal_composer.signals.jsonl import number
from signal_composer.signals.metrics import (
    METRIC_KEYS,
    MONEY_KEYS,
    MetricsTally,
    metrics_of_lines,
    to_json,
)

FUNNEL: Final = (
    ("queries", "Queries"),
    ("clicks", "Clicks"),
    ("cart_adds", "Cart adds"),
    ("purchases", "Purchases"),
)
"""The funnel's steps: metric key and label."""
DAY_MS: Final = 86_400_000
KINDS: Final = ("query", "click", "cartadd", "purchase")


@dataclass(slots=True)
class Day:
    """One UTC day's signals by type, and its revenue."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    revenue: Decimal = Decimal(0)


@dataclass(slots=True)
class Figures:
    """The dashboard's figures at one moment (``done`` False while still counting)."""

    metrics: dict[str, Any]
    days: dict[int, Day]
    """Day number (UTC days since 1970) -> that day's signals."""
    signals: int
    done: bool = True

    def funnel(self) -> list[tuple[str, int]]:
        return [(label, int(self.metrics[key] or 0)) for key, label in FUNNEL]

    @staticmethod
    def day_label(day: int) -> str:
        return datetime.fromtimestamp(day * 86_400, UTC).strftime("%d %b")


class FiguresTally:
    """Adds ``(type, signal)`` pairs; ``figures()`` at any time."""

    def __init__(self) -> None:
        self.tally = MetricsTally()
        self.days: dict[int, Day] = {}
        self.signals = 0

    def add(self, kind: str, signal: Mapping[str, Any]) -> None:
        if kind not in self.tally.counts:
            return
        self.tally.add(kind, signal)
        self.signals += 1
        self._day(
            kind, signal.get("timestamp"), signal.get("revenue") if kind == "purchase" else None
        )

    def _day(self, kind: str, stamp: Any, revenue: Any) -> None:
        if not isinstance(stamp, int) or isinstance(stamp, bool):
            return
        day = self.days.get(stamp // DAY_MS)
        if day is None:
            day = self.days[stamp // DAY_MS] = Day()
        day.counts[kind] += 1
        if revenue is not None:
            amount = number(revenue) if isinstance(revenue, msgspec.Raw) else _decimal(revenue)
            if amount is not None:
                day.revenue += amount

    def figures(self, done: bool = True) -> Figures:
        days = {d: Day(dict(v.counts), v.revenue) for d, v in self.days.items()}
        return Figures(self.tally.result(), days, self.signals, done)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(repr(value)) if isinstance(value, float) and value == value else Decimal(value)


Report = Callable[[Figures], None]


def figures_of(
    pairs: Iterable[tuple[str, Mapping[str, Any]]],
    report: Report | None = None,
    stop: Callable[[], bool] = lambda: False,
    every_s: float = 0.25,
) -> Figures:
    """The figures of ``(type, signal)`` pairs; ``report`` gets partial figures now and then.

    The cyclic collector pauses meanwhile (counting makes no cycles): at a million signals a
    full collection walks every id set, holding every thread, the window's too, for 100 ms.
    """
    tally = FiguresTally()
    last = time.monotonic()
    with collector_paused():
        for n, (kind, signal) in enumerate(pairs):
            tally.add(kind, signal)
            if n & 1023 == 0 and report is not None:
                now = time.monotonic()
                if now - last >= every_s:
                    last = now
                    if stop():
                        break
                    report(tally.figures(done=False))
        return tally.figures()


class _Collector:
    """Counts the callers that want the cyclic collector paused (threads may overlap)."""

    lock = threading.Lock()
    inside = 0
    was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses the cyclic collector while any caller is inside."""
    with _Collector.lock:
        _Collector.inside += 1
        if _Collector.inside == 1:
            _Collector.was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _Collector.lock:
            _Collector.inside -= 1
            if _Collector.inside == 0 and _Collector.was_enabled:
                gc.enable()


_ENCODE: Final = msgspec.json.Encoder(decimal_format="number").encode
_DECODE_EXACT: Final = msgspec.json.Decoder(float_hook=Decimal).decode


def figures_to_json(figures: Figures) -> bytes:
    """One line of ``metrics --progress``: the metrics exactly as ``metrics --json`` writes
    them, the signals counted, whether done, and per day ``[day, query, click, cartadd,
    purchase, revenue]``."""
    days = [[d, *(v.counts[k] for k in KINDS), v.revenue] for d, v in sorted(figures.days.items())]
    head = _ENCODE({"done": figures.done, "signals": figures.signals, "days": days})
    return head[:-1] + b',"metrics":' + to_json(figures.metrics) + b"}"


def figures_from_json(line: bytes) -> Figures:
    """The figures of one ``figures_to_json`` line (ValueError when it is not one): money
    back as exact Decimal, rates as float."""
    try:
        data = _DECODE_EXACT(line)
        metrics = {key: _value(key, data["metrics"][key]) for key in METRIC_KEYS}
        days = {
            int(row[0]): Day(dict(zip(KINDS, map(int, row[1:5]), strict=True)), Decimal(row[5]))
            for row in data["days"]
        }
        return Figures(metrics, days, int(data["signals"]), bool(data["done"]))
    except (msgspec.DecodeError, KeyError, TypeError, IndexError, ValueError) as exc:
        raise ValueError(f"not a line of figures ({exc}): {line[:80]!r}") from None


def _value(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in MONEY_KEYS:
        return Decimal(value)
    return float(value) if isinstance(value, Decimal) else int(value)


class _Stamp(msgspec.Struct, gc=False):
    timestamp: Any = None
    revenue: msgspec.Raw = msgspec.Raw(b"")


class _Line(msgspec.Struct, gc=False):
    type: str = ""
    signal: _Stamp = msgspec.field(default_factory=_Stamp)


_DECODER: Final = msgspec.json.Decoder(_Line)


def figures_of_file(path: str) -> Figures:
    """A JSON Lines file: the metrics exactly as the ``metrics`` command reads it, then the
    days (LineError names the first bad line)."""
    with collector_paused(), open(path, "rb") as handle:
        metrics = metrics_of_lines(handle)
    tally = FiguresTally()
    decode = _DECODER.decode
    with open(path, "rb") as handle:
        for line in handle:
            try:
                parsed = decode(line)
            except msgspec.DecodeError:
                continue  # the metrics pass has judged every line already
            if parsed.type in KINDS:
                tally.signals += 1
                s = parsed.signal
                tally._day(
                    parsed.type, s.timestamp, s.revenue if parsed.type == "purchase" else None
                )
    figures = tally.figures()
    figures.metrics = metrics
    return figures
