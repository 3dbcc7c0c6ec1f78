"""The words a person reads for the signal fields' JSON keys (presentation mode): "Visitor" for
``visitorId``, "Search terms" for ``searchTerms``; the key itself stays in the tooltip."""

from __future__ import annotations

from typing import Final

HUMAN: Final = {
    "timestamp": "When",
    "visitorId": "Visitor",
    "sessionId": "Visit (session)",
    "ipAddress": "IP address",
    "sourceId": "Sent by",
    "queryId": "Search",
    "uri": "Page",
    "searchTerms": "Search terms",
    "selectedPosition": "Position clicked",
    "cartId": "Cart",
    "orderId": "Order",
    "revenue": "Revenue",
    "productDetails": "Products",
    "productId": "Product",
    "currencyCode": "Currency",
    "price": "Price",
    "title": "Title",
    "imageuri": "Image",
    "category": "Category",
    "quantity": "Quantity",
}
"""JSON key -> label; a key not listed shows as itself."""

IDS: Final = frozenset({"visitorId", "sessionId", "queryId", "cartId", "orderId"})
"""The fields whose long random values are shortened on screen (the full value on hover)."""
SHORT_KEEP: Final = 8
"""An id shows as its first 8 characters, an ellipsis and its last 4."""


def human(key: str) -> str:
    return HUMAN.get(key, key)


def shorten(value: str) -> str:
    """``35437013-3ab6-4e85-ab3d-17c39375775c`` -> ``35437013…775c``; short values stay."""
    if len(value) <= SHORT_KEEP + 6:
        return value
    return f"{value[:SHORT_KEEP]}…{value[-4:]}"
