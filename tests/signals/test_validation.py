"""Each validation rule, at both sides of its edge."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.problems import Problem, has_errors
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.signals.validation import format_path, validate_batch, validate_signal

NOW = 1_764_460_800_000  # 2025-11-30T00:00:00Z


def click(**changes: Any) -> dict[str, Any]:
    signal = new_signal("click")
    signal["timestamp"] = NOW
    signal.update(changes)
    return signal


def product_click(**product_changes: Any) -> dict[str, Any]:
    signal = click()
    signal["productDetails"][0]["product"].update(product_changes)
    return signal


def errors(kind: SignalType, data: Any) -> list[tuple[str, str]]:
    return [
        (p.path, p.code)
        for p in validate_signal(kind, data, 0, now_ms=NOW)
        if p.severity == "error"
    ]


def warnings(kind: SignalType, data: Any) -> list[tuple[str, str]]:
    return [
        (p.path, p.code)
        for p in validate_signal(kind, data, 0, now_ms=NOW)
        if p.severity == "warning"
    ]


@pytest.mark.parametrize("kind", SIGNAL_TYPES)
def test_a_fresh_draft_of_every_type_has_no_problem(kind: SignalType) -> None:
    signal = new_signal(kind)
    signal["timestamp"] = NOW
    assert validate_signal(kind, signal, now_ms=NOW) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("timestamp", "123"), ("timestamp", 1.5), ("timestamp", True), ("selectedPosition", "2")],
)
def test_integers_are_strict(field: str, value: object) -> None:
    assert errors("click", click(**{field: value})) == [(field, "wrong_type")]


@pytest.mark.parametrize("value", [True, "19.99", None])
def test_price_must_be_a_number(value: object) -> None:
    assert errors("click", product_click(price=value)) == [
        ("productDetails[0].product.price", "wrong_type")
    ]


def test_an_integer_price_is_a_number() -> None:
    assert errors("click", product_click(price=20)) == []


def test_visitor_id_must_be_a_string_not_a_number() -> None:
    assert errors("click", click(visitorId=12345)) == [("visitorId", "wrong_type")]


@pytest.mark.parametrize(
    "field", ["timestamp", "visitorId", "sessionId", "queryId", "productDetails", "sourceId", "uri"]
)
def test_required_click_fields(field: str) -> None:
    signal = click()
    del signal[field]
    assert errors("click", signal) == [(field, "required")]


@pytest.mark.parametrize("field", ["productId", "currencyCode", "price", "title", "imageuri"])
def test_required_product_fields(field: str) -> None:
    signal = click()
    del signal["productDetails"][0]["product"][field]
    assert errors("click", signal) == [(f"productDetails[0].product.{field}", "required")]


@pytest.mark.parametrize("field", ["visitorId", "sessionId", "queryId", "sourceId", "uri"])
def test_required_strings_must_not_be_empty(field: str) -> None:
    assert errors("click", click(**{field: ""})) == [(field, "empty")]


@pytest.mark.parametrize(
    ("field", "limit"), [("visitorId", 128), ("sessionId", 128), ("uri", 5000)]
)
def test_signal_lengths_count_code_points(field: str, limit: int) -> None:
    emoji = "\U0001f600"  # four bytes in UTF-8, two UTF-16 units, one code point
    assert errors("click", click(**{field: emoji * limit})) == []
    assert errors("click", click(**{field: emoji * (limit + 1)})) == [(field, "too_long")]


@pytest.mark.parametrize(
    ("field", "limit"), [("productId", 128), ("title", 1000), ("imageuri", 5000)]
)
def test_product_lengths_count_code_points(field: str, limit: int) -> None:
    assert errors("click", product_click(**{field: "\U0001f600" * limit})) == []
    found = errors("click", product_click(**{field: "é" * (limit + 1)}))
    assert found == [(f"productDetails[0].product.{field}", "too_long")]


def test_too_long_message_names_the_count_and_the_limit() -> None:
    problem = validate_signal("click", click(visitorId="x" * 129), now_ms=NOW)[0]
    assert problem.message == "too long: 129 characters, at most 128"


@pytest.mark.parametrize(
    ("code", "hint"), [("usd", "USD"), ("US", "USD"), ("EUR ", "EUR"), ("ABC", None), ("", None)]
)
def test_currency_must_be_an_exact_iso_4217_code(code: str, hint: str | None) -> None:
    problems = validate_signal("click", product_click(currencyCode=code), now_ms=NOW)
    assert [(p.path, p.code) for p in problems] == [
        ("productDetails[0].product.currencyCode", "invalid_currency")
    ]
    assert (f"did you mean {hint!r}?" in problems[0].message) == (hint is not None)


@pytest.mark.parametrize("code", ["USD", "EUR", "JPY", "CHF", "XAU"])
def test_real_currency_codes_pass(code: str) -> None:
    assert errors("click", product_click(currencyCode=code)) == []


@pytest.mark.parametrize("address", ["111.222.333", "256.1.1.1", "1.2.3.4 ", "fe80:::1", "host"])
def test_bad_ip_addresses(address: str) -> None:
    assert errors("click", click(ipAddress=address)) == [("ipAddress", "invalid_ip")]


@pytest.mark.parametrize("address", ["203.0.113.7", "::1", "2001:db8::42", "0.0.0.0"])
def test_good_ip_addresses(address: str) -> None:
    assert errors("click", click(ipAddress=address)) == []


def test_quantity_edges() -> None:
    signal = click()
    signal["productDetails"][0]["quantity"] = 1
    assert errors("click", signal) == []
    signal["productDetails"][0]["quantity"] = 0
    assert errors("click", signal) == [("productDetails[0].quantity", "too_small")]
    del signal["productDetails"][0]["quantity"]
    assert errors("click", signal) == []


def test_selected_position_edges() -> None:
    assert errors("click", click(selectedPosition=1)) == []
    assert errors("click", click(selectedPosition=0)) == [("selectedPosition", "too_small")]


def test_timestamp_within_int64() -> None:
    assert errors("click", click(timestamp=2**63 - 1)) == []
    assert errors("click", click(timestamp=2**63)) == [("timestamp", "too_large")]
    assert errors("click", click(timestamp=-(2**63) - 1)) == [("timestamp", "too_small")]


def test_unknown_fields_warn_with_a_did_you_mean() -> None:
    signal = click(visitorID="x")
    signal["productDetails"][0]["product"]["imageUri"] = "y"
    problems = validate_signal("click", signal, now_ms=NOW)
    assert not has_errors(problems)
    by_path = {p.path: p for p in problems}
    assert "did you mean 'visitorId'?" in by_path["visitorID"].message
    assert "did you mean 'imageuri'?" in by_path["productDetails[0].product.imageUri"].message
    assert by_path["visitorID"].code == "unknown_field"


def test_timestamp_in_seconds_warns() -> None:
    assert warnings("click", click(timestamp=NOW // 1000)) == [("timestamp", "timestamp_seconds")]
    assert warnings("click", click(timestamp=NOW)) == []


def test_timestamp_a_day_ahead_warns() -> None:
    day = 24 * 3600 * 1000
    assert warnings("click", click(timestamp=NOW + day)) == []
    assert warnings("click", click(timestamp=NOW + day + 1)) == [("timestamp", "timestamp_future")]


def test_doc_placeholders_warn() -> None:
    signal = click(sourceId="<string>", sessionId="41a50e2-8e32-4674-5429-e1450dfdbb14")
    signal["productDetails"][0]["quantity"] = 123
    assert sorted(warnings("click", signal)) == [
        ("productDetails[0].quantity", "placeholder_value"),
        ("sessionId", "placeholder_value"),
        ("sourceId", "placeholder_value"),
    ]
    signal["productDetails"][0]["quantity"] = 122
    assert ("productDetails[0].quantity", "placeholder_value") not in warnings("click", signal)


def test_click_without_position_warns() -> None:
    signal = click()
    del signal["selectedPosition"]
    assert warnings("click", signal) == [("selectedPosition", "no_selected_position")]


@pytest.mark.parametrize("kind", ["click", "purchase"])
def test_no_products_warns_for_click_and_purchase(kind: SignalType) -> None:
    signal = new_signal(kind)
    signal["timestamp"] = NOW
    signal["productDetails"] = []
    if kind == "purchase":
        signal["revenue"] = 0.0
    assert warnings(kind, signal) == [("productDetails", "no_products")]


def test_zero_result_query_is_fine() -> None:
    signal = new_signal("query")
    signal["timestamp"] = NOW
    signal["productDetails"] = []
    assert validate_signal("query", signal, now_ms=NOW) == []


def test_purchase_revenue_must_match_products() -> None:
    signal = new_signal("purchase")
    signal["timestamp"] = NOW
    signal["productDetails"][0]["quantity"] = 3
    signal["productDetails"][0]["product"]["price"] = 10.0
    signal["revenue"] = 30.0
    assert warnings("purchase", signal) == []
    signal["revenue"] = 30.01
    assert warnings("purchase", signal) == [("revenue", "revenue_mismatch")]


def test_purchase_and_cartadd_need_a_uuid_cart_id() -> None:
    for kind in ("cartadd", "purchase"):
        signal = new_signal(kind)
        signal["timestamp"] = NOW
        assert errors(kind, signal) == []
        broken = copy.deepcopy(signal)
        broken["cartId"] = "41a50e2-8e32-4674-5429-e1450dfdbb14"
        assert errors(kind, broken) == [("cartId", "invalid_uuid")]
        del broken["cartId"]
        assert errors(kind, broken) == [("cartId", "required")]


def test_query_needs_search_terms() -> None:
    signal = new_signal("query")
    del signal["searchTerms"]
    assert errors("query", signal) == [("searchTerms", "required")]


def test_purchase_needs_revenue() -> None:
    signal = new_signal("purchase")
    del signal["revenue"]
    assert errors("purchase", signal) == [("revenue", "required")]


def test_batch_reports_each_signal_by_index() -> None:
    good = click()
    bad = product_click(currencyCode="usd")
    problems = validate_batch("click", [good, bad, 7], now_ms=NOW)
    assert [(p.index, p.path, p.code) for p in problems] == [
        (1, "productDetails[0].product.currencyCode", "invalid_currency"),
        (2, "", "wrong_type"),
    ]
    assert problems[0].format() == (
        "[1] productDetails[0].product.currencyCode: not an ISO 4217 code: 'usd' "
        "(did you mean 'USD'?) [error]"
    )


def test_a_single_object_is_a_batch_of_one() -> None:
    assert validate_batch("click", product_click(price="x"), now_ms=NOW)[0].index == 0


def test_body_that_is_not_an_array_or_object() -> None:
    assert [p.code for p in validate_batch("click", "hello")] == ["wrong_type"]


def test_problem_as_dict_has_the_documented_keys() -> None:
    problem = Problem(3, "uri", "empty", "error", "must not be empty")
    assert problem.as_dict() == {
        "index": 3,
        "path": "uri",
        "code": "empty",
        "severity": "error",
        "message": "must not be empty",
    }


def test_format_path() -> None:
    assert (
        format_path(("productDetails", 0, "product", "price")) == "productDetails[0].product.price"
    )
    assert format_path(()) == ""
