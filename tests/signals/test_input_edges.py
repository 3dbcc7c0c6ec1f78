"""Edges of signal input: null for optional fields, duplicate keys, numbers beyond a float."""

from __future__ import annotations

import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.jsonio import DuplicateKey, InputError, parse_json
from signal_composer.signals.validation import duplicate_problems, validate_signal


@pytest.mark.parametrize(
    ("kind", "field"),
    [("click", "ipAddress"), ("click", "selectedPosition"), ("purchase", "orderId")],
)
def test_null_for_an_optional_field_is_an_error(kind: str, field: str) -> None:
    signal = new_signal(kind)  # type: ignore[arg-type]
    signal[field] = None
    problems = [p for p in validate_signal(kind, signal) if p.path == field]  # type: ignore[arg-type]
    assert [(p.code, p.severity) for p in problems] == [("null_value", "error")]
    assert "leave the field out" in problems[0].message


def test_an_absent_optional_field_is_fine() -> None:
    signal = new_signal("purchase")
    signal.pop("orderId", None)
    signal.pop("ipAddress", None)
    assert [p for p in validate_signal("purchase", signal) if p.severity == "error"] == []


def test_duplicate_keys_are_found_with_their_path() -> None:
    found: list[DuplicateKey] = []
    data = parse_json('[{"a": 1, "a": 2}, {"p": [{"x": 1, "x": 2, "x": 3}]}]', "t", found)
    assert data == [{"a": 2}, {"p": [{"x": 3}]}]
    problems = duplicate_problems(found, batch=True)
    assert [(p.index, p.path, p.severity) for p in problems] == [
        (0, "a", "warning"),
        (1, "p[0].x", "warning"),
    ]
    assert "appears 3 times" in problems[1].message


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1E+999"])
def test_a_number_beyond_a_float_is_refused(number: str) -> None:
    with pytest.raises(InputError, match="would go on the wire as Infinity"):
        parse_json(f'{{"price": {number}}}', "t")
