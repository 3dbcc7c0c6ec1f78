"""What the journey lint reads of a signal, from a JSON Lines line (fast) or a mapping.

The fast path decodes only these fields with msgspec and skips the rest unbuilt; a line with a
field of another type is read again with the standard reader, and such a field counts as absent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import msgspec

from signal_composer.signals.jsonl import LineError, decode_line

_NOTHING: Final = msgspec.Raw(b"")


class Product(msgspec.Struct, gc=False, omit_defaults=True):
    productId: str | None = None
    price: msgspec.Raw = _NOTHING
    """Absent, or not a number: left out when encoded (an empty Raw is no JSON value)."""


class Detail(msgspec.Struct, gc=False, omit_defaults=True):
    product: Product | None = None
    quantity: int = 1


class _Named(msgspec.Struct, gc=False):
    productId: str | None = None


class _Shown(msgspec.Struct, gc=False):
    product: _Named | None = None


class Fields(msgspec.Struct, gc=False):
    """A signal's ids, time, position, revenue and products (None or empty when absent)."""

    timestamp: int | None = None
    visitorId: str | None = None
    sessionId: str | None = None
    queryId: str | None = None
    cartId: str | None = None
    selectedPosition: int | None = None
    revenue: msgspec.Raw = _NOTHING
    productDetails: msgspec.Raw = _NOTHING
    """Kept as JSON text: read by ``details`` only when a relation needs the products."""


class Line(msgspec.Struct, gc=False):
    type: str
    signal: Fields


DECODER: Final = msgspec.json.Decoder(Line)
_DETAILS: Final = msgspec.json.Decoder(list[Detail])
_SHOWN: Final = msgspec.json.Decoder(list[_Shown])
_ENCODER: Final = msgspec.json.Encoder()
KINDS: Final = frozenset({"query", "click", "cartadd", "purchase"})


def read_line(line: bytes) -> tuple[str, Fields]:
    """A line's type and fields; LineError when it is not a signal line."""
    try:
        parsed = DECODER.decode(line)
    except msgspec.DecodeError:
        kind, signal = decode_line(line)
        return kind, from_mapping(signal)
    if parsed.type not in KINDS:
        decode_line(line)  # raises the LineError naming the type
        raise LineError(f"unknown type {parsed.type!r}")  # pragma: no cover (decode_line raised)
    return parsed.type, parsed.signal


def from_mapping(signal: Mapping[str, Any]) -> Fields:
    """The fields of a signal given as a mapping; a value of another type counts as absent."""
    details = _NOTHING
    raw_details = signal.get("productDetails")
    if isinstance(raw_details, list):
        details = msgspec.Raw(_ENCODER.encode([_detail(d) for d in raw_details]))
    position = signal.get("selectedPosition")
    timestamp = signal.get("timestamp")
    return Fields(
        timestamp=timestamp if _is_int(timestamp) else None,
        visitorId=_text(signal.get("visitorId")),
        sessionId=_text(signal.get("sessionId")),
        queryId=_text(signal.get("queryId")),
        cartId=_text(signal.get("cartId")),
        selectedPosition=position if _is_int(position) else None,
        revenue=_raw_number(signal.get("revenue")),
        productDetails=details,
    )


def _detail(value: Any) -> Detail:
    if not isinstance(value, Mapping):
        return Detail()
    product = value.get("product")
    quantity = value.get("quantity", 1)
    if not isinstance(product, Mapping):
        return Detail(None, quantity if _is_int(quantity) else 1)
    return Detail(
        Product(_text(product.get("productId")), _raw_number(product.get("price"))),
        quantity if _is_int(quantity) else 1,
    )


def product_ids(raw: msgspec.Raw) -> list[str | None]:
    """The productIds of a signal's ``productDetails``, in order (None where there is none)."""
    if not raw:
        return []
    try:
        shown = _SHOWN.decode(raw)
    except msgspec.DecodeError:
        return [d.product.productId if d.product else None for d in details(raw)]
    return [d.product.productId if d.product else None for d in shown]


def details(raw: msgspec.Raw) -> list[Detail]:
    """The products of a signal's ``productDetails`` (empty when absent or not a list)."""
    if not raw:
        return []
    try:
        return _DETAILS.decode(raw)
    except msgspec.DecodeError:
        value = json.loads(bytes(raw))
        return [_detail(d) for d in value] if isinstance(value, list) else []


def _raw_number(value: Any) -> msgspec.Raw:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _NOTHING
    return msgspec.Raw(json.dumps(value).encode()) if value == value else _NOTHING


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
