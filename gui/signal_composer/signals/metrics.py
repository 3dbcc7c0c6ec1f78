"""The merchandising metrics of a set of signals, exactly as the project's METRICS.md defines them.

The one home of these formulas: the command line, the window and every test compute through
this module. Counts use the signals as given; a ratio with a zero denominator is None (JSON
null); money is summed as Decimal and rounded only when shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import msgspec

from signal_composer.signals.jsonl import LineError, decode_line, is_blank, number
from signal_composer.signals.types import SignalType

METRIC_KEYS: Final = (
    "queries",
    "zero_result_queries",
    "clicks",
    "cart_adds",
    "purchases",
    "visitors",
    "sessions",
    "search_ctr",
    "avg_click_position",
    "add_to_cart_rate",
    "abandoned_cart_rate",
    "conversion_rate",
    "revenue",
    "avg_order_value",
    "revenue_per_visitor",
)
"""The keys of the result, in the order METRICS.md lists them."""

METRIC_NAMES: Final = {
    "queries": "Queries",
    "zero_result_queries": "Queries with zero results",
    "clicks": "Clicks",
    "cart_adds": "Cart adds",
    "purchases": "Purchases",
    "visitors": "Visitors",
    "sessions": "Sessions",
    "search_ctr": "Search click-through rate",
    "avg_click_position": "Average click position",
    "add_to_cart_rate": "Add-to-cart rate",
    "abandoned_cart_rate": "Abandoned cart rate",
    "conversion_rate": "Conversion rate",
    "revenue": "Revenue",
    "avg_order_value": "Average order value",
    "revenue_per_visitor": "Revenue per visitor",
}
MONEY_KEYS: Final = frozenset({"revenue", "avg_order_value", "revenue_per_visitor"})
RATE_KEYS: Final = frozenset(
    {"search_ctr", "add_to_cart_rate", "abandoned_cart_rate", "conversion_rate"}
)


class _Fields(msgspec.Struct, gc=False):
    """The fields the metrics read; msgspec skips every other field without building it."""

    visitorId: str | None = None
    sessionId: str | None = None
    queryId: str | None = None
    cartId: str | None = None
    selectedPosition: int | None = None
    revenue: msgspec.Raw = msgspec.Raw(b"")
    """Read as its JSON text, so the sum is exact (and a string is not taken for a number)."""
    productDetails: msgspec.Raw = msgspec.Raw(b"")


class _Line(msgspec.Struct, gc=False):
    type: str
    signal: _Fields


_DECODER: Final = msgspec.json.Decoder(_Line)


class _State(msgspec.Struct, array_like=True):
    counts: dict[str, int]
    zero_result: int
    position_sum: int
    positions: int
    revenue: str
    ids: list[list[str]]


_STATE: Final = msgspec.msgpack.Decoder(_State)


class MetricsTally:
    """Adds signals one at a time; ``result()`` gives the metrics so far.

    Keeps the distinct ids the definitions count (visitors, sessions, queries, carts), a few
    dozen bytes each; nothing else of a signal.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {"query": 0, "click": 0, "cartadd": 0, "purchase": 0}
        self.zero_result = 0
        self.visitors: set[str] = set()
        self.sessions: set[str] = set()
        self.query_ids: set[str] = set()
        self.clicked_query_ids: set[str] = set()
        self.position_sum = 0
        self.positions = 0
        self.cart_ids: set[str] = set()
        self.purchased_cart_ids: set[str] = set()
        self.purchase_sessions: set[str] = set()
        self.revenue = Decimal(0)

    def add(self, kind: str, signal: Mapping[str, Any]) -> None:
        """Counts one signal given as a mapping (values of the wrong type count as absent)."""
        details = signal.get("productDetails")
        self._add(
            kind,
            _text(signal.get("visitorId")),
            _text(signal.get("sessionId")),
            _text(signal.get("queryId")),
            _text(signal.get("cartId")),
            _integer(signal.get("selectedPosition")),
            _money(signal.get("revenue")),
            isinstance(details, list) and not details,
        )

    def _add(
        self,
        kind: str,
        visitor: str | None,
        session: str | None,
        query: str | None,
        cart: str | None,
        position: int | None,
        revenue: Decimal | None,
        empty_results: bool,
    ) -> None:
        self.counts[kind] += 1
        if visitor is not None:
            self.visitors.add(visitor)
        if session is not None:
            self.sessions.add(session)
        if kind == "query":
            if query is not None:
                self.query_ids.add(query)
            if empty_results:
                self.zero_result += 1
        elif kind == "click":
            if query is not None:
                self.clicked_query_ids.add(query)
            if position is not None:
                self.position_sum += position
                self.positions += 1
        elif kind == "cartadd":
            if cart is not None:
                self.cart_ids.add(cart)
        else:
            if cart is not None:
                self.purchased_cart_ids.add(cart)
            if session is not None:
                self.purchase_sessions.add(session)
            if revenue is not None:
                self.revenue += revenue

    def dump(self) -> bytes:
        """Everything the tally holds, as bytes that ``merge`` adds to another tally."""
        return msgspec.msgpack.encode(
            _State(
                self.counts,
                self.zero_result,
                self.position_sum,
                self.positions,
                str(self.revenue),
                [list(ids) for ids in self._id_sets()],
            )
        )

    def merge(self, dumped: bytes) -> None:
        """Adds a tally that ``dump`` gave (of other signals of the same set)."""
        state = _STATE.decode(dumped)
        for kind, count in state.counts.items():
            self.counts[kind] += count
        self.zero_result += state.zero_result
        self.position_sum += state.position_sum
        self.positions += state.positions
        self.revenue += Decimal(state.revenue)
        for ids, more in zip(self._id_sets(), state.ids, strict=True):
            ids.update(more)

    def _id_sets(self) -> tuple[set[str], ...]:
        return (
            self.visitors,
            self.sessions,
            self.query_ids,
            self.clicked_query_ids,
            self.cart_ids,
            self.purchased_cart_ids,
            self.purchase_sessions,
        )

    def result(self) -> dict[str, Any]:
        """The metrics: counts as int, ratios as float or None, money as Decimal or None."""
        purchases = self.counts["purchase"]
        clicks = self.counts["click"]
        visitors = len(self.visitors)
        sessions = len(self.sessions)
        carts = len(self.cart_ids)
        values: dict[str, Any] = {
            "queries": self.counts["query"],
            "zero_result_queries": self.zero_result,
            "clicks": clicks,
            "cart_adds": self.counts["cartadd"],
            "purchases": purchases,
            "visitors": visitors,
            "sessions": sessions,
            "search_ctr": _ratio(len(self.query_ids & self.clicked_query_ids), len(self.query_ids)),
            "avg_click_position": _ratio(self.position_sum, self.positions),
            "add_to_cart_rate": _ratio(self.counts["cartadd"], clicks),
            "abandoned_cart_rate": _ratio(len(self.cart_ids - self.purchased_cart_ids), carts),
            "conversion_rate": _ratio(len(self.purchase_sessions), sessions),
            "revenue": self.revenue,
            "avg_order_value": self.revenue / purchases if purchases else None,
            "revenue_per_visitor": self.revenue / visitors if visitors else None,
        }
        return values


def compute_metrics(
    signals: Iterable[tuple[SignalType | str, Mapping[str, Any]]],
) -> dict[str, Any]:
    """The metrics of ``(type, signal)`` pairs, in the keys and order of METRIC_KEYS."""
    tally = MetricsTally()
    for kind, signal in signals:
        if kind in tally.counts:
            tally.add(kind, signal)
    return tally.result()


def metrics_of_lines(lines: Iterable[bytes]) -> dict[str, Any]:
    """The metrics of a JSON Lines stream, read once; LineError names the first bad line."""
    tally = MetricsTally()
    tally_lines(lines, tally)
    return tally.result()


def tally_lines(lines: Iterable[bytes], tally: MetricsTally) -> int:
    """Adds a JSON Lines stream to ``tally``; returns how many lines it read.

    LineError names the first bad line (``line`` counts from this stream's first). The same
    sums as ``MetricsTally.add``, unrolled: this loop runs once per line of files of millions
    of lines.
    """
    decode = _DECODER.decode
    counts = tally.counts
    visitors, sessions = tally.visitors.add, tally.sessions.add
    query_ids, clicked = tally.query_ids.add, tally.clicked_query_ids.add
    cart_ids, purchased = tally.cart_ids.add, tally.purchased_cart_ids.add
    purchase_sessions = tally.purchase_sessions.add
    line_no = 0
    for line_no, line in enumerate(lines, 1):
        try:
            parsed = decode(line)
        except msgspec.DecodeError:  # a blank line, broken JSON or a field of another type
            if not is_blank(line):
                try:
                    tally.add(*decode_line(line))
                except LineError as exc:
                    raise LineError(exc.reason, line_no) from None
            continue
        kind = parsed.type
        s = parsed.signal
        if s.visitorId is not None:
            visitors(s.visitorId)
        if s.sessionId is not None:
            sessions(s.sessionId)
        if kind == "query":
            if s.queryId is not None:
                query_ids(s.queryId)
            raw = s.productDetails
            if len(raw) < 64 and bytes(raw).translate(None, b" \t\r\n") == b"[]":
                tally.zero_result += 1
        elif kind == "click":
            if s.queryId is not None:
                clicked(s.queryId)
            if s.selectedPosition is not None:
                tally.position_sum += s.selectedPosition
                tally.positions += 1
        elif kind == "cartadd":
            if s.cartId is not None:
                cart_ids(s.cartId)
        elif kind == "purchase":
            if s.cartId is not None:
                purchased(s.cartId)
            if s.sessionId is not None:
                purchase_sessions(s.sessionId)
            revenue = number(s.revenue)
            if revenue is not None:
                tally.revenue += revenue
        else:
            try:
                decode_line(line)
            except LineError as exc:
                raise LineError(exc.reason, line_no) from None
        counts[kind] += 1
    return line_no


def to_json(metrics: Mapping[str, Any]) -> bytes:
    """One JSON object with exactly the metric keys; money as exact decimal numbers."""
    return msgspec.json.Encoder(decimal_format="number").encode(
        {key: metrics[key] for key in METRIC_KEYS}
    )


def shown(key: str, value: Any) -> str:
    """A value as a person reads it: money to 2 places, rates as percentages, "-" for null."""
    if value is None:
        return "-"
    if key in MONEY_KEYS:
        return f"{Decimal(value).quantize(Decimal('0.01')):,}"
    if key in RATE_KEYS:
        return f"{value:.1%}"
    if key == "avg_click_position":
        return f"{value:.2f}"
    return f"{value:,}"


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _money(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    return Decimal(value)
