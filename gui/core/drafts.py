"""Fresh, valid signals to start from: new ids, the current time, one demo product."""

from __future__ import annotations

import time
import uuid
from typing import Any

from gui.core.types import DEFAULT_CURRENCY, SignalType


def new_id() -> str:
    """A random id in the form the browser beacon uses (a UUID)."""
    return str(uuid.uuid4())


def now_ms() -> int:
    """The current time in epoch milliseconds."""
    return int(time.time() * 1000)


def new_product(index: int = 1) -> dict[str, Any]:
    """A product detail that passes validation, for a new row in the products table."""
    return {
        "product": {
            "productId": f"SKU-{index:04d}",
            "currencyCode": DEFAULT_CURRENCY,
            "price": 19.99,
            "title": f"Demo product {index}",
            "imageuri": f"https://shop.example.com/images/sku-{index:04d}.jpg",
        },
        "quantity": 1,
    }


def new_signal(kind: SignalType, like: dict[str, Any] | None = None) -> dict[str, Any]:
    """A valid signal of a type; session fields (visitor, session, source, IP) come from like."""
    signal: dict[str, Any] = {
        "timestamp": now_ms(),
        "visitorId": new_id(),
        "sessionId": new_id(),
        "queryId": new_id(),
        "productDetails": [new_product()],
        "sourceId": "signal-composer",
        "uri": "https://shop.example.com/products/sku-0001",
    }
    if like:
        for key in ("visitorId", "sessionId", "queryId", "sourceId", "ipAddress", "cartId"):
            if key in like:
                signal[key] = like[key]
    if kind == "query":
        signal["searchTerms"] = "demo product"
        signal["uri"] = "https://shop.example.com/search?q=demo+product"
    elif kind == "click":
        signal["selectedPosition"] = 1
    else:
        signal.setdefault("cartId", new_id())
        if kind == "purchase":
            signal["revenue"] = 19.99
            signal["orderId"] = f"ORDER-{uuid.uuid4().hex[:8].upper()}"
    return signal
