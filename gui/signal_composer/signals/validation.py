"""Checks signals against the models; each problem has a JSON path and a stable code."""

from __future__ import annotations

import difflib
import functools
import math
import time
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Final, TypeGuard

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from signal_composer.signals.jsonio import DuplicateKey, batch_items
from signal_composer.signals.models import field_names, model_for
from signal_composer.signals.problems import Problem, Severity
from signal_composer.signals.totals import products_total as _products_total
from signal_composer.signals.types import REVENUE_TOLERANCE, SignalType

SECONDS_LIKE_BELOW: Final = 100_000_000_000
"""A millisecond timestamp below this is before March 1973: almost surely seconds by mistake."""
FUTURE_TOLERANCE_MS: Final = 24 * 60 * 60 * 1000
PLACEHOLDER_STRINGS: Final = frozenset({"<string>", "{EMBED_TOKEN}", "{SIGNAL_STORE_ID}"})
DOC_EXAMPLE_IDS: Final = frozenset(
    {
        "abcc8e25-d30f-2212-9f60-9b45a71453cf",
        "41a50e2-8e32-4674-5429-e1450dfdbb14",
        "2a97fc33-3335-3369-c2dc-456b775eb90f",
    }
)
PLACEHOLDER_QUANTITY: Final = 123


def format_path(loc: Sequence[int | str]) -> str:
    """``('productDetails', 0, 'product', 'price')`` -> ``productDetails[0].product.price``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def json_type(value: object) -> str:
    """The JSON name of a Python value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else json_type(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"number {value}"
    if isinstance(value, bool):
        text = str(value).lower()
    return text if len(text) <= 60 else text[:57] + "..."


_EXPECTED: Final = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "list_type": "an array",
    "model_type": "an object",
    "dict_type": "an object",
    "bool_type": "true or false",
}


def _model_at(root: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The model that owns the last element of loc, following list and model annotations."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=1024)
def did_you_mean(name: str, known: frozenset[str]) -> str | None:
    """The known field a misspelt one most likely meant."""
    folded = {k.lower(): k for k in known}
    if name.lower() in folded:
        return folded[name.lower()]
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return close[0] if close else None


def _from_pydantic(err: ErrorDetails, kind: SignalType, index: int | None) -> Problem:
    loc = err["loc"]
    path = format_path(loc)
    etype = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    severity: Severity = "error"
    if etype == "missing":
        code, message = "required", "required field is missing"
    elif etype == "string_too_short":
        code, message = "empty", "must not be empty"
    elif etype == "string_too_long":
        length = len(value) if isinstance(value, str) else 0
        code = "too_long"
        message = f"too long: {length} characters, at most {ctx.get('max_length')}"
    elif etype in _EXPECTED:
        code, message = "wrong_type", f"expected {_EXPECTED[etype]}, got {_shown(value)}"
    elif etype == "finite_number":
        code, message = "not_finite", "must be a finite number"
    elif etype == "greater_than_equal":
        code, message = "too_small", f"must be at least {ctx.get('ge')}, got {value}"
    elif etype == "less_than_equal":
        code, message = "too_large", f"must be at most {ctx.get('le')} (int64), got {value}"
    elif etype == "extra_forbidden":
        parent = _model_at(model_for(kind), loc[:-1])
        name = str(loc[-1])
        hint = did_you_mean(name, field_names(parent)) if parent else None
        code, severity = "unknown_field", "warning"
        message = "unknown field; the API does not define it" + (
            f" (did you mean {hint!r}?)" if hint else ""
        )
    elif etype in {"invalid_currency", "invalid_ip", "invalid_uuid", "null_value"}:
        code, message = etype, err["msg"]
    else:
        code, message = "invalid", err["msg"]
    return Problem(index, path, code, severity, message)


def _strings(value: object, loc: tuple[int | str, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield format_path(loc), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _warnings(
    kind: SignalType, data: dict[str, Any], index: int | None, now_ms: int
) -> list[Problem]:
    out: list[Problem] = []

    def warn(path: str, code: str, message: str) -> None:
        out.append(Problem(index, path, code, "warning", message))

    ts = data.get("timestamp")
    if _is_int(ts):
        if 0 <= ts < SECONDS_LIKE_BELOW:
            warn("timestamp", "timestamp_seconds", "looks like seconds, not milliseconds")
        elif ts > now_ms + FUTURE_TOLERANCE_MS:
            warn("timestamp", "timestamp_future", "more than a day in the future")
    for path, text in _strings(data):
        if text in PLACEHOLDER_STRINGS:
            warn(path, "placeholder_value", f"{text!r} is a placeholder from the docs")
        elif text in DOC_EXAMPLE_IDS:
            warn(path, "placeholder_value", "copied from the docs' example; use a real id")
    details = data.get("productDetails")
    products = details if isinstance(details, list) else []
    for i, detail in enumerate(products):
        quantity = detail.get("quantity") if isinstance(detail, dict) else None
        if _is_int(quantity) and quantity == PLACEHOLDER_QUANTITY:
            warn(
                f"productDetails[{i}].quantity",
                "placeholder_value",
                "quantity 123 is the docs' placeholder",
            )
    if kind == "click" and "selectedPosition" not in data:
        warn(
            "selectedPosition",
            "no_selected_position",
            "no selectedPosition: this click will not count toward Average Click Position",
        )
    if kind in {"click", "purchase"} and isinstance(details, list) and not details:
        warn("productDetails", "no_products", f"a {kind} with no products")
    if kind == "purchase" and _is_number(data.get("revenue")) and products:
        total = _products_total(products)
        if total is not None and abs(total - data["revenue"]) > REVENUE_TOLERANCE:
            warn(
                "revenue",
                "revenue_mismatch",
                f"revenue {data['revenue']} differs from the products' total {total:.2f}",
            )
    return out


def validate_signal(
    kind: SignalType, data: object, index: int | None = 0, *, now_ms: int | None = None
) -> list[Problem]:
    """Every problem of one signal, errors first in field order, then warnings."""
    if not isinstance(data, dict):
        return [
            Problem(index, "", "wrong_type", "error", f"expected an object, got {_shown(data)}")
        ]
    problems: list[Problem] = []
    try:
        model_for(kind).model_validate(data)
    except ValidationError as exc:
        problems = [
            _from_pydantic(e, kind, index)
            for e in exc.errors(include_url=False, include_context=True)
        ]
    now = int(time.time() * 1000) if now_ms is None else now_ms
    problems.sort(key=lambda p: p.severity != "error")
    return problems + _warnings(kind, data, index, now)


def duplicate_problems(duplicates: Sequence[DuplicateKey], batch: bool) -> list[Problem]:
    """Keys given twice in one object, as warnings: readers keep only the last value."""
    out = []
    for dup in duplicates:
        loc = dup.loc
        index: int | None = 0
        if batch:
            index = loc[0] if loc and isinstance(loc[0], int) else None
            loc = loc[1:]
        out.append(
            Problem(
                index,
                format_path((*loc, dup.key)),
                "duplicate_key",
                "warning",
                f"key {dup.key!r} appears {dup.count} times in one object; only the last value "
                "counts",
            )
        )
    return out


def validate_batch(kind: SignalType, data: object, *, now_ms: int | None = None) -> list[Problem]:
    """Problems of a request body: a JSON array of signals, or a single signal object."""
    if isinstance(data, dict):
        return validate_signal(kind, data, 0, now_ms=now_ms)
    if not isinstance(data, list):
        return [
            Problem(
                None, "", "wrong_type", "error", f"expected an array of signals, got {_shown(data)}"
            )
        ]
    if not data:
        return [Problem(None, "", "empty_batch", "warning", "the batch holds no signals")]
    now = int(time.time() * 1000) if now_ms is None else now_ms
    problems: list[Problem] = []
    for i, item in enumerate(data):
        problems.extend(validate_signal(kind, item, i, now_ms=now))
    return problems


def stream_problems(
    kind: SignalType,
    items: Iterable[tuple[Any, list[DuplicateKey]]],
    is_array: bool,
    *,
    now_ms: int | None = None,
) -> Iterator[Problem]:
    """The problems of a batch read one signal at a time: nothing is kept between signals."""
    now = int(time.time() * 1000) if now_ms is None else now_ms
    if not is_array:
        for value, duplicates in items:
            yield from validate_batch(kind, value, now_ms=now)
            yield from duplicate_problems(duplicates, batch=False)
        return
    empty = True
    for index, (value, duplicates) in enumerate(items):
        empty = False
        yield from validate_signal(kind, value, index, now_ms=now)
        yield from duplicate_problems([replace(d, loc=(index, *d.loc)) for d in duplicates], True)
    if empty:
        yield Problem(None, "", "empty_batch", "warning", "the batch holds no signals")


def problems_in_text(kind: SignalType, text: str, source: str) -> Iterator[Problem]:
    """Every problem of a request body's text, read one signal at a time (InputError first
    when the text is not JSON)."""
    is_array, items = batch_items(text, source)
    return stream_problems(kind, items, is_array)
