"""Fresh, valid signals to start from: new ids, the current time, one demo product."""

from __future__ import annotations

import json
import os
import time
from functools import cache
from typing import Any

from signal_composer.signals.resources import resources_dir
from signal_composer.signals.totals import revenue_of
from signal_composer.signals.types import DEFAULT_CURRENCY, SignalType


def new_id() -> str:
    """A random id in the form the browser beacon uses (a version 4 UUID).

    Made here rather than by the uuid module, which loads ``platform`` (2 ms of start-up).
    """
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40  # version 4
    b[8] = (b[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def now_ms() -> int:
    """The current time in epoch milliseconds."""
    return int(time.time() * 1000)


@cache
def demo_catalog() -> tuple[dict[str, Any], ...]:
    """The demo products of resources/catalog (none when the file is missing or damaged)."""
    try:
        text = (resources_dir() / "catalog" / "demo-products.json").read_text(encoding="utf-8")
        products = json.loads(text)["products"]
    except (OSError, ValueError, KeyError, TypeError):
        return ()
    return tuple(p for p in products if isinstance(p, dict))


def new_product(index: int = 1) -> dict[str, Any]:
    """A product detail that passes validation, for a new row in the products table: the
    index-th product of the demo catalog (cycling), or a generic one without the catalog."""
    catalog = demo_catalog()
    if catalog:
        item = catalog[(index - 1) % len(catalog)]
        product = {k: item[k] for k in ("productId", "currencyCode", "price", "title", "imageuri")}
        return {"product": product, "quantity": 1}
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


def product_page(product: dict[str, Any]) -> str:
    """The product page URL of a demo product, for a click's uri."""
    for item in demo_catalog():
        if item.get("productId") == product.get("productId") and isinstance(item.get("uri"), str):
            return str(item["uri"])
    return f"https://shop.example.com/products/{str(product.get('productId', 'item')).lower()}"


def new_signal(kind: SignalType, like: dict[str, Any] | None = None) -> dict[str, Any]:
    """A valid signal of a type; session fields (visitor, session, source, IP) come from like."""
    signal: dict[str, Any] = {
        "timestamp": now_ms(),
        "visitorId": new_id(),
        "sessionId": new_id(),
        "queryId": new_id(),
        "productDetails": [new_product()],
        "sourceId": "signal-composer",
    }
    signal["uri"] = product_page(signal["productDetails"][0]["product"])
    if like:
        for key in ("visitorId", "sessionId", "queryId", "sourceId", "ipAddress", "cartId"):
            if key in like and not (key == "queryId" and kind == "query"):  # a new search
                signal[key] = like[key]
    if kind == "query":
        signal["searchTerms"] = "refrigerator"
        signal["uri"] = "https://shop.example.com/search?q=refrigerator"
    elif kind == "click":
        signal["selectedPosition"] = 1
    else:
        signal.setdefault("cartId", new_id())
        if kind == "purchase":
            signal["revenue"] = revenue_of(signal["productDetails"])  # price x quantity
            signal["orderId"] = f"ORDER-{os.urandom(4).hex().upper()}"
    return signal
