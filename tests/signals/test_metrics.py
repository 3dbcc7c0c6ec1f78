"""Each metric of METRICS.md on a small set computed by hand, including zero denominators."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from signal_composer.signals.jsonl import LineError, encode_line
from signal_composer.signals.metrics import (
    METRIC_KEYS,
    compute_metrics,
    metrics_of_lines,
    shown,
    to_json,
)


def sig(visitor: str, session: str, query: str, **fields: Any) -> dict[str, Any]:
    return {"visitorId": visitor, "sessionId": session, "queryId": query, **fields}


def results(*ids: str) -> list[dict[str, Any]]:
    return [{"product": {"productId": i, "price": 1.0}, "quantity": 1} for i in ids]


# Two visitors, three sessions, four searches (one with no results), four clicks (one without a
# position), three cart adds into two carts, two purchases (one of a cart never added to).
HAND_SET: list[tuple[str, dict[str, Any]]] = [
    ("query", sig("v1", "s1", "q1", productDetails=results("A", "B", "C"))),
    ("click", sig("v1", "s1", "q1", selectedPosition=2)),
    ("cartadd", sig("v1", "s1", "q1", cartId="c1")),
    ("query", sig("v1", "s1", "q2", productDetails=[])),
    ("query", sig("v1", "s2", "q3", productDetails=results("A"))),
    ("click", sig("v1", "s2", "q3", selectedPosition=1)),
    ("click", sig("v1", "s2", "q3")),
    ("cartadd", sig("v1", "s2", "q3", cartId="c1")),
    ("purchase", sig("v1", "s2", "q3", cartId="c1", revenue=59.97)),
    ("query", sig("v2", "s3", "q4", productDetails=results("B"))),
    ("click", sig("v2", "s3", "q4", selectedPosition=1)),
    ("cartadd", sig("v2", "s3", "q4", cartId="c2")),
    ("purchase", sig("v2", "s3", "q4", cartId="c3", revenue=10.01)),
]

EXPECTED: dict[str, Any] = {
    "queries": 4,
    "zero_result_queries": 1,
    "clicks": 4,
    "cart_adds": 3,
    "purchases": 2,
    "visitors": 2,
    "sessions": 3,
    "search_ctr": Fraction(3, 4),  # q1, q3, q4 clicked of q1..q4
    "avg_click_position": Fraction(4, 3),  # (2 + 1 + 1) / 3; the click without one is left out
    "add_to_cart_rate": Fraction(3, 4),
    "abandoned_cart_rate": Fraction(1, 2),  # c2 of {c1, c2}; c3 was never added to
    "conversion_rate": Fraction(2, 3),  # s2 and s3 of three sessions
    "revenue": Decimal("69.98"),
    "avg_order_value": Decimal("34.99"),
    "revenue_per_visitor": Decimal("34.99"),
}


def as_lines(pairs: list[tuple[str, dict[str, Any]]]) -> list[bytes]:
    return [encode_line(kind, signal) for kind, signal in pairs]  # type: ignore[arg-type]


def check(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    assert list(actual) == list(METRIC_KEYS)
    for key, want in expected.items():
        if isinstance(want, Fraction):
            assert actual[key] == pytest.approx(float(want)), key
        else:
            assert actual[key] == want, key


def test_each_metric_on_a_hand_computed_set() -> None:
    check(compute_metrics(HAND_SET), EXPECTED)


def test_json_lines_give_the_same_metrics() -> None:
    check(metrics_of_lines(as_lines(HAND_SET)), EXPECTED)


def test_money_is_summed_exactly() -> None:
    pairs = [("purchase", sig("v", "s", "q", cartId="c", revenue=r)) for r in (0.1, 0.2)]
    # A float sum gives 0.30000000000000004.
    assert compute_metrics(pairs)["revenue"] == Decimal("0.3")
    lines = [b'{"type":"purchase","signal":{"revenue":0.10,"cartId":"c"}}'] * 3
    assert metrics_of_lines(lines)["revenue"] == Decimal("0.30")


def test_zero_denominators_are_null() -> None:
    empty = compute_metrics([])
    assert {k for k, v in empty.items() if v is None} == {
        "search_ctr",
        "avg_click_position",
        "add_to_cart_rate",
        "abandoned_cart_rate",
        "conversion_rate",
        "avg_order_value",
        "revenue_per_visitor",
    }
    assert empty["revenue"] == 0
    only_searches = compute_metrics([("query", sig("v", "s", "q", productDetails=[]))])
    assert only_searches["search_ctr"] == 0.0  # a real zero: one search, no click
    assert only_searches["add_to_cart_rate"] is None  # no clicks at all
    assert only_searches["avg_order_value"] is None
    assert json.loads(to_json(only_searches))["abandoned_cart_rate"] is None


def test_json_has_exactly_the_keys_and_exact_money() -> None:
    data = json.loads(to_json(compute_metrics(HAND_SET)), parse_float=Decimal)
    assert list(data) == list(METRIC_KEYS)
    assert data["revenue"] == Decimal("69.98")


def test_values_of_the_wrong_type_count_as_absent() -> None:
    lines = [
        b'{"type":"purchase","signal":{"revenue":"12.5","sessionId":"s"}}',
        b'{"type":"click","signal":{"selectedPosition":true,"queryId":"q"}}',
        b'{"type":"click","signal":{"selectedPosition":3,"visitorId":7}}',
    ]
    metrics = metrics_of_lines(lines)
    assert metrics["revenue"] == 0
    assert metrics["avg_click_position"] == 3.0
    assert metrics["visitors"] == 0
    assert metrics["purchases"] == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"type":"click","signal":', "line 2: not valid JSON"),
        (b'{"type":"view","signal":{}}', "line 2: type must be one of"),
        (b'{"type":"click","signal":[]}', 'line 2: "signal" must be a JSON object'),
    ],
)
def test_a_bad_line_is_named(line: bytes, message: str) -> None:
    with pytest.raises(LineError, match=message):
        metrics_of_lines([b"\n", line])


def test_shown_values() -> None:
    metrics = compute_metrics(HAND_SET)
    assert shown("revenue", metrics["revenue"]) == "69.98"
    assert shown("search_ctr", metrics["search_ctr"]) == "75.0%"
    assert shown("avg_click_position", metrics["avg_click_position"]) == "1.33"
    assert shown("avg_order_value", None) == "-"
