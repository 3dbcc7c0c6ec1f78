"""Problems in the order the form shows their fields."""

from __future__ import annotations

from signal_composer.signals.form_order import form_position, in_form_order
from signal_composer.signals.problems import Problem


def problem(index: int | None, path: str, severity: str = "error") -> Problem:
    return Problem(index, path, "code", severity, "message")  # type: ignore[arg-type]


def test_batch_first_then_signal_by_signal_in_form_order() -> None:
    found = [
        problem(1, "visitorId"),
        problem(0, "madeUp", "warning"),  # only the JSON view shows it: last of its signal
        problem(0, "productDetails[10].quantity"),
        problem(0, "productDetails[2].product.price"),
        problem(0, "productDetails[2]"),
        problem(0, "productDetails", "warning"),
        problem(0, "revenue", "warning"),
        problem(0, "revenue"),
        problem(0, "sessionId"),
        problem(0, ""),
        problem(None, "", "warning"),
    ]
    assert [(p.index, p.path, p.severity) for p in in_form_order(found)] == [
        (None, "", "warning"),
        (0, "", "error"),
        (0, "sessionId", "error"),
        (0, "revenue", "error"),  # an error before a warning on the same field
        (0, "revenue", "warning"),
        (0, "productDetails", "warning"),
        (0, "productDetails[2]", "error"),
        (0, "productDetails[2].product.price", "error"),
        (0, "productDetails[10].quantity", "error"),  # row 10 after row 2, not before
        (0, "madeUp", "warning"),
        (1, "visitorId", "error"),
    ]


def test_a_product_cell_sits_by_its_column() -> None:
    assert form_position("productDetails[0].product.productId") < form_position(
        "productDetails[0].product.title"
    )
    assert form_position("productDetails[0].product.imageuri") < form_position(
        "productDetails[0].quantity"
    )
    assert form_position("productDetails[0].product.oops") > form_position(
        "productDetails[0].quantity"
    )
