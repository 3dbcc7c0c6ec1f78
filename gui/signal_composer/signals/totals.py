"""A purchase's products' total (price x quantity): the one definition that revenue is checked
against and that the form's revenue default follows."""

from __future__ import annotations

import math
from typing import Any, TypeGuard


def products_total(details: list[Any]) -> float | None:
    """Sum of price x quantity (a missing quantity counts as 1), or None when a product lacks a
    usable price or quantity."""
    total = 0.0
    for detail in details:
        product = detail.get("product") if isinstance(detail, dict) else None
        price = product.get("price") if isinstance(product, dict) else None
        quantity = detail.get("quantity", 1) if isinstance(detail, dict) else None
        if not _number(price) or not _integer(quantity):
            return None
        total += price * quantity
    return total


def revenue_of(details: list[Any]) -> float | None:
    """The revenue the form proposes: the total without float noise (19.99 x 3 is 59.97, not
    59.970000000000006), never moved by more than that noise, so validation cannot flag it."""
    total = products_total(details)
    return None if total is None else round(total, 9)


def _integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
