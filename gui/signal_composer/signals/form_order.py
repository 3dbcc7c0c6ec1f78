"""The order in which the form shows a signal's fields, and problems sorted by it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from signal_composer.signals.problems import Problem

# Layout only: which section of the form shows which field. Rules come from the models.
SECTIONS: Final = (
    ("Session", ("timestamp", "visitorId", "sessionId", "ipAddress", "sourceId")),
    ("Query", ("queryId", "searchTerms")),
    ("Details", ("uri", "selectedPosition", "cartId", "orderId", "revenue")),
)
"""The form's group boxes, top to bottom, and their fields; the products table follows them."""
PRODUCT_COLUMNS: Final = ("productId", "title", "price", "currencyCode", "imageuri", "quantity")
"""The products table's columns, left to right."""

_FIELDS: Final = {name: rank for rank, name in enumerate(n for _, ns in SECTIONS for n in ns)}
_KEYS: Final = {name: rank for rank, name in enumerate((*_FIELDS, *PRODUCT_COLUMNS))}
_PRODUCTS: Final = len(_FIELDS)
_ELSEWHERE: Final = _PRODUCTS + 1  # fields the form does not show (the JSON view has them)


def form_position(path: str) -> tuple[int, int, int]:
    """Where the field at ``path`` sits in the form: (field rank, product row, column rank).

    The whole signal comes first; then the form's fields top to bottom; then the products
    table, row by row, each row left to right; last, what only the JSON view shows.
    """
    if not path:
        return (-1, 0, 0)
    head, _, rest = path.partition(".")
    name, bracket, index = head.partition("[")
    if name in _FIELDS and not bracket:
        return (_FIELDS[name], 0, 0)
    if name == "productDetails":
        if not bracket:
            return (_PRODUCTS, -1, 0)
        row = index.rstrip("]")
        column = rest.removeprefix("product.").partition(".")[0].partition("[")[0]
        rank = PRODUCT_COLUMNS.index(column) if column in PRODUCT_COLUMNS else len(PRODUCT_COLUMNS)
        return (_PRODUCTS, int(row) if row.isdigit() else 0, -1 if not rest else rank)
    return (_ELSEWHERE, 0, 0)


def in_form_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as a person meets them in the window: the batch's own first, then signal by
    signal, each in form order (errors before warnings on the same field; otherwise as found)."""
    return sorted(
        problems,
        key=lambda p: (
            -1 if p.index is None else p.index,
            form_position(p.path),
            p.severity != "error",
        ),
    )


def form_slot(keys: Sequence[str], key: str) -> int:
    """Where ``key``, new to an object whose keys are ``keys``, goes among them in the form's
    order: just after the nearest key the form shows before it, else just before the nearest
    one it shows after it; at the end when there is none, or the form does not show ``key``.
    (The keys already there keep their places, whatever order they came in.)"""
    rank = _KEYS.get(key)
    if rank is None:
        return len(keys)
    ranked = [(r, i) for i, k in enumerate(keys) if (r := _KEYS.get(k)) is not None]
    before = [(r, i) for r, i in ranked if r < rank]
    if before:
        return max(before)[1] + 1
    after = [(r, i) for r, i in ranked if r > rank]
    return min(after)[1] if after else len(keys)
