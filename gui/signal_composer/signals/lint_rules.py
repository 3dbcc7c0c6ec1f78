"""The journey lint's rules: the stable codes, and the checks of one signal against what the lint
remembers of its shopper (used by ``lint.JourneyLint``, which keeps that memory)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from signal_composer.signals.jsonl import number
from signal_composer.signals.lint_fields import Fields, details, product_ids
from signal_composer.signals.problems import Problem, Severity
from signal_composer.signals.types import REVENUE_TOLERANCE

SESSION_IDLE_MS: Final = 40 * 60 * 1000

CODES: Final[dict[str, tuple[Severity, str]]] = {
    "bad_line": ("error", 'the line is not {"type": ..., "signal": {...}}'),
    "missing_id": (
        "error",
        "an id or the timestamp is missing, so its relations cannot be checked",
    ),
    "visitor_email": ("error", "the visitorId holds an e-mail address (personal data)"),
    "visitor_phone": ("warning", "the visitorId looks like a phone number (personal data)"),
    "visitor_name": ("warning", "the visitorId looks like a person's name (personal data)"),
    "time_backwards": ("error", "a shopper's signal is older than their previous one"),
    "session_idle_reused": ("error", "a session goes on after 40 idle minutes (needs a new id)"),
    "session_renewed_early": ("warning", "a new session within 40 minutes of the last signal"),
    "session_reopened": ("error", "the visitor goes back to a session they had left"),
    "session_shared": ("error", "two visitors use the same sessionId"),
    "query_id_reused": ("error", "a search reuses an earlier search's queryId"),
    "query_unknown": ("error", "the queryId is not one of this shopper's searches"),
    "click_position_mismatch": ("error", "selectedPosition does not point at the clicked product"),
    "click_not_in_results": ("error", "the clicked product is not among the search's results"),
    "cart_changed": ("error", "a new cartId while the shopper's cart is still open"),
    "cart_reused": ("error", "a cartId that was already bought is used again"),
    "purchase_without_cart": ("error", "a purchase of a cart that no cart add made"),
    "revenue_not_total": ("error", "revenue is not the sum of price x quantity of the products"),
}
"""code -> (severity, what it means): the stable codes, documented in the README."""

_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_PHONE: Final = re.compile(r"\+?\(?\d[\d\s().-]{5,18}\d")
_NAME: Final = re.compile(r"[A-Za-z][a-z]+(?:[ ._][A-Za-z][a-z]+){1,2}")


def personal_data(visitor: str) -> str | None:
    """The lint code when a visitorId looks like an e-mail address, phone number or name."""
    if "@" in visitor and _EMAIL.search(visitor):
        return "visitor_email"
    if _UUID.fullmatch(visitor):
        return None
    if _PHONE.fullmatch(visitor) and 7 <= sum(c.isdigit() for c in visitor) <= 15:
        return "visitor_phone"
    if _NAME.fullmatch(visitor):
        return "visitor_name"
    return None


def personal_data_problem(index: int, visitor: str) -> Problem | None:
    """The problem of a visitorId that holds personal data (None for a clean one)."""
    code = personal_data(visitor)
    if code is None:
        return None
    return problem(index, "visitorId", code, f"{visitor!r}: {CODES[code][1]}; use a random id")


class VisitorState:
    """What the lint keeps of a visitor between signals."""

    __slots__ = ("bought", "cart", "earlier", "last", "last_query", "session")

    def __init__(self, last: int) -> None:
        self.last = last
        self.session: str | None = None
        self.earlier: tuple[str, ...] = ()
        self.cart: str | None = None
        self.bought: str | None = None
        self.last_query: str | None = None


_TOLERANCE: Final = Decimal(str(REVENUE_TOLERANCE))


def problem(index: int, path: str, code: str, message: str) -> Problem:
    return Problem(index, path, code, CODES[code][0], message)


def missing(index: int, kind: str, s: Fields) -> list[Problem]:
    needed = ["timestamp", "visitorId", "sessionId", "queryId"]
    if kind in ("cartadd", "purchase"):
        needed.append("cartId")
    return [
        problem(
            index,
            name,
            "missing_id",
            f"{name} is missing or not a {_kind_of(name)}: this signal's relations are not checked",
        )
        for name in needed
        if getattr(s, name) is None
    ]


def check_click(index: int, out: list[Problem], s: Fields, results: Sequence[str | None]) -> None:
    clicked = product_ids(s.productDetails)
    product = clicked[0] if clicked else None
    position = s.selectedPosition
    if product is None:
        return  # nothing clicked to compare (validation reports the missing product)
    if position is not None and 1 <= position <= len(results) and results[position - 1] == product:
        return
    if product not in results:
        out.append(
            problem(
                index,
                "productDetails[0].product.productId",
                "click_not_in_results",
                f"{product!r} is not among the {len(results)} results of the search it carries",
            )
        )
    elif position is not None:
        out.append(
            problem(
                index,
                "selectedPosition",
                "click_position_mismatch",
                f"{product!r} is result {results.index(product) + 1}, not {position}",
            )
        )


def check_cart(index: int, out: list[Problem], kind: str, s: Fields, v: VisitorState) -> None:
    cid = s.cartId
    if v.cart is None:
        if cid == v.bought:
            out.append(
                problem(
                    index,
                    "cartId",
                    "cart_reused",
                    f"{cid!r} was bought already; a new cart starts after a purchase",
                )
            )
        elif kind == "purchase":
            out.append(
                problem(
                    index,
                    "cartId",
                    "purchase_without_cart",
                    f"{cid!r} was never "
                    "added to; a purchase carries the cartId of the shopper's cart adds",
                )
            )
    elif cid != v.cart:
        out.append(
            problem(
                index,
                "cartId",
                "cart_changed",
                f"{cid!r} while cart {v.cart!r} is open; one cart until it is bought",
            )
        )
    if kind == "cartadd":
        v.cart = v.cart or cid
        return
    v.cart, v.bought = None, cid
    revenue = number(s.revenue)
    total = _total(s)
    if revenue is not None and total is not None and abs(revenue - total) > _TOLERANCE:
        out.append(
            problem(
                index,
                "revenue",
                "revenue_not_total",
                f"revenue {revenue} but the products add up to {total} (price x quantity)",
            )
        )


def _total(s: Fields) -> Decimal | None:
    total = Decimal(0)
    for d in details(s.productDetails):
        price = number(d.product.price) if d.product else None
        if price is None:
            return None
        total += price * d.quantity
    return total


def gap(ms: int) -> str:
    minutes = ms / 60_000
    return f"{minutes:.0f} minutes" if minutes >= 1 else f"{ms / 1000:.1f} s"


def _kind_of(name: str) -> str:
    return "whole number" if name == "timestamp" else "string"
