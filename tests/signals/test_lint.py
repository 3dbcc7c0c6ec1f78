"""The journey lint: generated journeys hold every relation; each planted break is flagged at
its line, with its stable code."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from signal_composer.signals.journeys import generate
from signal_composer.signals.jsonl import encode_line
from signal_composer.signals.lint import CODES, lint_lines, lint_signals, personal_data
from signal_composer.signals.problems import Problem
from signal_composer.signals.profiles import load_profile, profile_names

NOW = 1_780_000_000_000
Pairs = list[tuple[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def journeys() -> Pairs:
    return [(k, copy.deepcopy(s)) for k, s in generate(load_profile(), 3, 400, 7, NOW)]


def lines_of(pairs: Sequence[tuple[str, dict[str, Any]]]) -> list[bytes]:
    return [encode_line(kind, signal) for kind, signal in pairs]  # type: ignore[arg-type]


def errors(pairs: Pairs) -> list[Problem]:
    return list(lint_lines(lines_of(pairs)))


def first(pairs: Pairs, test: Callable[[int, str, dict[str, Any]], bool]) -> int:
    return next(i for i, (kind, signal) in enumerate(pairs) if test(i, kind, signal))


def previous(pairs: Pairs, index: int, test: Callable[[str, dict[str, Any]], bool]) -> int:
    return next(i for i in range(index - 1, -1, -1) if test(*pairs[i]))


@pytest.mark.parametrize("profile", profile_names())
def test_generated_journeys_lint_clean(profile: str) -> None:
    pairs = list(generate(load_profile(profile), 11, 300, 5, NOW))
    assert len(pairs) > 1000
    assert list(lint_signals(pairs)) == []
    assert list(lint_lines(lines_of(pairs))) == []


def planted(journeys: Pairs) -> Pairs:
    return copy.deepcopy(journeys)


def assert_flagged(pairs: Pairs, index: int, code: str, path: str) -> None:
    problems = errors(pairs)
    assert problems, f"nothing flagged; expected {code} at line {index}"
    assert (problems[0].index, problems[0].code, problems[0].path) == (index, code, path)
    assert problems[0].severity == CODES[code][0]
    # The same through the mapping interface (the window's batches use it).
    assert next(iter(lint_signals(pairs))).code == code


def test_a_visitor_id_that_changes_mid_session(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == "click")
    pairs[i][1]["visitorId"] = "0b9f2d4e-1c3a-4f5e-8a7b-6c5d4e3f2a1b"
    assert_flagged(pairs, i, "session_shared", "sessionId")


def test_a_session_that_goes_on_after_40_idle_minutes(journeys: Pairs) -> None:
    pairs = planted(journeys)
    sessions: dict[str, str] = {}

    def returning(i: int, kind: str, s: dict[str, Any]) -> bool:
        last = sessions.setdefault(s["visitorId"], s["sessionId"])
        sessions[s["visitorId"]] = s["sessionId"]
        return bool(last != s["sessionId"])

    i = first(pairs, returning)
    j = previous(pairs, i, lambda k, s: s["visitorId"] == pairs[i][1]["visitorId"])
    for kind, signal in pairs[i:]:
        if signal["sessionId"] == pairs[i][1]["sessionId"] and kind:
            signal["sessionId"] = pairs[j][1]["sessionId"]
    assert_flagged(pairs, i, "session_idle_reused", "sessionId")


def test_a_search_that_reuses_a_query_id(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(
        pairs,
        lambda i, k, s: (
            k == "query"
            and any(k2 == "query" and s2["sessionId"] == s["sessionId"] for k2, s2 in pairs[:i])
        ),
    )
    j = previous(pairs, i, lambda k, s: k == "query" and s["sessionId"] == pairs[i][1]["sessionId"])
    pairs[i][1]["queryId"] = pairs[j][1]["queryId"]
    assert_flagged(pairs, i, "query_id_reused", "queryId")


@pytest.mark.parametrize("kind", ["click", "cartadd", "purchase"])
def test_a_signal_that_carries_no_search_of_its_shopper(journeys: Pairs, kind: str) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == kind)
    pairs[i][1]["queryId"] = "5d1e0c2b-3a4f-4b6c-9d8e-7f6a5b4c3d2e"
    assert_flagged(pairs, i, "query_unknown", "queryId")


def test_a_click_whose_position_is_not_its_product(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == "click" and s["selectedPosition"] == 1)
    pairs[i][1]["selectedPosition"] = 2
    assert_flagged(pairs, i, "click_position_mismatch", "selectedPosition")


def test_a_click_on_a_product_the_search_did_not_show(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == "click")
    pairs[i][1]["productDetails"][0]["product"] = {
        **pairs[i][1]["productDetails"][0]["product"],
        "productId": "NOT-SHOWN-1",
    }
    assert_flagged(pairs, i, "click_not_in_results", "productDetails[0].product.productId")


def test_a_second_cart_while_one_is_open(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(
        pairs,
        lambda i, k, s: (
            k in ("cartadd", "purchase")
            and any(k2 == "cartadd" and s2["cartId"] == s["cartId"] for k2, s2 in pairs[:i])
        ),
    )
    pairs[i][1]["cartId"] = "7c6b5a49-3827-4165-a4b3-c2d1e0f9a8b7"
    assert_flagged(pairs, i, "cart_changed", "cartId")


def test_a_cart_used_again_after_its_purchase(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == "purchase")
    again = copy.deepcopy(pairs[i])
    again[1]["timestamp"] += 1000
    pairs.insert(i + 1, again)
    assert_flagged(pairs, i + 1, "cart_reused", "cartId")


def test_revenue_that_is_not_the_products_total(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == "purchase")
    pairs[i][1]["revenue"] = round(pairs[i][1]["revenue"] + 1, 2)
    assert_flagged(pairs, i, "revenue_not_total", "revenue")


def test_a_timestamp_that_goes_back(journeys: Pairs) -> None:
    pairs = planted(journeys)
    i = first(pairs, lambda i, k, s: k == "click")
    j = previous(pairs, i, lambda k, s: s["visitorId"] == pairs[i][1]["visitorId"])
    pairs[i][1]["timestamp"] = pairs[j][1]["timestamp"] - 5000
    assert_flagged(pairs, i, "time_backwards", "timestamp")


def test_personal_data_in_a_visitor_id(journeys: Pairs) -> None:
    pairs = planted(journeys)
    visitor = pairs[5][1]["visitorId"]
    for _, signal in pairs:
        if signal["visitorId"] == visitor:
            signal["visitorId"] = "jane.doe@example.com"
    i = first(pairs, lambda i, k, s: s["visitorId"] == "jane.doe@example.com")
    assert_flagged(pairs, i, "visitor_email", "visitorId")
    assert sum(p.code == "visitor_email" for p in errors(pairs)) == 1  # once per visitor


@pytest.mark.parametrize(
    ("visitor", "code"),
    [
        ("jane.doe@example.com", "visitor_email"),
        ("+1 (555) 010-2233", "visitor_phone"),
        ("Jane Doe", "visitor_name"),
        ("3f2a9c1e-0b7d-4e6f-9a8b-1c2d3e4f5a6b", None),
        ("12345678-1234-4234-8234-123456789012", None),
        ("v-7f3a9c", None),
    ],
)
def test_personal_data_patterns(visitor: str, code: str | None) -> None:
    assert personal_data(visitor) == code


def sig(t: int, session: str, query: str, **more: Any) -> dict[str, Any]:
    return {"timestamp": t, "visitorId": "v1", "sessionId": session, "queryId": query, **more}


MIN = 60_000


def test_sessions_renewed_early_and_reopened() -> None:
    pairs: Pairs = [
        ("query", sig(0, "s1", "q1", productDetails=[])),
        ("query", sig(5 * MIN, "s2", "q2", productDetails=[])),  # 5 minutes later: too early
        ("query", sig(6 * MIN, "s1", "q3", productDetails=[])),  # back to the session left
        ("query", sig(60 * MIN, "s3", "q4", productDetails=[])),  # 54 idle minutes: fine
    ]
    found = [(p.index, p.code, p.severity) for p in lint_signals(pairs)]
    assert found == [
        (1, "session_renewed_early", "warning"),
        (2, "session_reopened", "error"),
    ]


def test_a_purchase_of_a_cart_never_added_to() -> None:
    pairs: Pairs = [
        ("query", sig(0, "s1", "q1", productDetails=[])),
        ("purchase", sig(MIN, "s1", "q1", cartId="c1", revenue=0, productDetails=[])),
    ]
    assert [(p.index, p.code) for p in lint_signals(pairs)] == [(1, "purchase_without_cart")]


def test_missing_ids_and_bad_lines_are_named_by_line() -> None:
    lines = [
        encode_line("query", sig(0, "s1", "q1", productDetails=[])),
        b'{"type": "click", "signal": {"timestamp": 5}}\n',
        b"\n",
        b"not json\n",
        b'{"type": "view", "signal": {}}\n',
    ]
    found = [(p.index, p.code, p.path) for p in lint_lines(lines)]
    assert found == [
        (1, "missing_id", "visitorId"),
        (1, "missing_id", "sessionId"),
        (1, "missing_id", "queryId"),
        (3, "bad_line", ""),
        (4, "bad_line", ""),
    ]


def test_a_field_of_another_type_is_read_by_the_slow_path() -> None:
    line = encode_line("query", sig(0, "s1", "q1", productDetails=[]))
    odd = line.replace(b'"timestamp":0', b'"timestamp":"0"')
    assert [p.code for p in lint_lines([odd])] == ["missing_id"]


def test_every_code_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"`{code}`" not in readme]
    assert missing == []


@pytest.mark.parametrize("price", ["abc", None, "", [1], {"amount": 2}])
def test_a_product_whose_price_is_not_a_number_is_checked_without_a_crash(price: Any) -> None:
    from signal_composer.signals.draft import Draft

    good = {"product": {"productId": "A", "price": 10.0}, "quantity": 1}
    odd = {"product": {"productId": "B", "price": price}, "quantity": "two"}
    signal = {
        "timestamp": 1,
        "visitorId": "v",
        "sessionId": "s",
        "queryId": "q",
        "cartId": "c",
        "revenue": 99.0,
        "productDetails": [good, odd],
    }
    pairs = [("cartadd", {**signal, "revenue": None}), ("purchase", signal)]
    codes = [p.code for p in lint_signals(pairs)]
    assert "revenue_not_total" not in codes  # no total to compare: a price is not a number
    draft = Draft.fresh("purchase")  # as the form has it while a price is being typed
    draft.add_product()
    draft.set("productDetails[1].product.price", "abc")
    assert [p.code for p in draft.validate()] == ["wrong_type"]
