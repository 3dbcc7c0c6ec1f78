"""A shopper's signals in human words, for the journey storyboard: "searched *french door
fridge*, 8 results", "clicked #2 Silver french door… $2,592", "added to cart", "bought 1 item
for $2,592". Pure text: the window draws it, tests read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

_SYMBOLS: Final = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}
TITLE_CHARS: Final = 34
"""A product title is cut to this many characters (and an ellipsis) on a card."""


@dataclass(frozen=True, slots=True)
class Line:
    """One card's words: what the shopper did (``text``, the terms in ``emphasis``)."""

    kind: str
    text: str
    emphasis: str = ""
    """The search terms (shown in italics), empty for other signals."""


def money(value: Any, currency: Any = "USD") -> str:
    """``2592.0`` -> ``$2,592``; cents only when there are some; unknown currencies by code."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    code = currency if isinstance(currency, str) else ""
    symbol = _SYMBOLS.get(code)
    return f"{symbol}{text}" if symbol else f"{text} {code}".strip()


def short_title(title: Any, limit: int = TITLE_CHARS) -> str:
    text = str(title or "a product").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _products(signal: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    details = signal.get("productDetails")
    return [d for d in details if isinstance(d, Mapping)] if isinstance(details, list) else []


def _product(detail: Mapping[str, Any]) -> Mapping[str, Any]:
    product = detail.get("product")
    return product if isinstance(product, Mapping) else {}


def _quantity(detail: Mapping[str, Any]) -> int:
    quantity = detail.get("quantity", 1)
    return quantity if isinstance(quantity, int) and not isinstance(quantity, bool) else 1


def _items(count: int) -> str:
    return f"{count} item{'s' * (count != 1)}"


def describe(kind: str, signal: Mapping[str, Any]) -> Line:
    """What a signal says a shopper did, in words."""
    details = _products(signal)
    if kind == "query":
        terms = str(signal.get("searchTerms") or "(no terms)")
        found = len(details)
        results = "no results" if not found else f"{found} result{'s' * (found != 1)}"
        return Line(kind, f"searched {terms}, {results}", terms)
    first = _product(details[0]) if details else {}
    if kind == "click":
        position = signal.get("selectedPosition")
        where = f"#{position} " if isinstance(position, int) else ""
        price = first.get("price")
        cost = f" {money(price, first.get('currencyCode'))}" if price is not None else ""
        return Line(kind, f"clicked {where}{short_title(first.get('title'))}{cost}")
    if kind == "cartadd":
        count = sum(_quantity(d) for d in details)
        what = short_title(first.get("title")) if len(details) == 1 else _items(count)
        extra = f" ({count}×)" if len(details) == 1 and count > 1 else ""
        return Line(kind, f"added to cart: {what}{extra}")
    if kind == "purchase":
        count = sum(_quantity(d) for d in details)
        revenue = signal.get("revenue")
        total = f" for {money(revenue, first.get('currencyCode'))}" if revenue is not None else ""
        return Line(kind, f"bought {_items(count)}{total}")
    return Line(kind, f"sent a {kind} signal")
