"""The order in which the form shows a signal's fields, and problems sorted by it."""

from __future__ import annotations

from collections.abc import Iterable
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
