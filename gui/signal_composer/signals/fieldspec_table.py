"""Generated from models.py by ``python -m signal_composer.signals.fieldspec``: do not edit."""

from typing import Final

# (name, kind, required, doc) of each field, by signal type, product and product detail.
TABLE: Final[dict[str, tuple[tuple[str, str, bool, str], ...]]] = {
    'query': (
        ('timestamp', 'integer', True, 'When the event happened, in epoch milliseconds.'),
        ('visitorId', 'string', True, 'A random id per visitor and device, kept across sessions; never personal data.'),
        ('sessionId', 'string', True, 'A random id per session; a session ends after 40 minutes idle.'),
        ('queryId', 'string', True, 'The id of the search this signal belongs to; new for each search.'),
        ('ipAddress', 'string', False, "Optional IPv4 or IPv6 address of the shopper's device; the server uses the request's address, last octet dropped, when absent."),
        ('productDetails', 'string', True, 'The products concerned.'),
        ('sourceId', 'string', True, 'Free text naming where the call comes from; no effect on relevance.'),
        ('uri', 'string', True, 'The canonical URL of the page (at most 5000 characters).'),
        ('searchTerms', 'string', True, "The shopper's query text."),
    ),
    'click': (
        ('timestamp', 'integer', True, 'When the event happened, in epoch milliseconds.'),
        ('visitorId', 'string', True, 'A random id per visitor and device, kept across sessions; never personal data.'),
        ('sessionId', 'string', True, 'A random id per session; a session ends after 40 minutes idle.'),
        ('queryId', 'string', True, 'The id of the search this signal belongs to; new for each search.'),
        ('ipAddress', 'string', False, "Optional IPv4 or IPv6 address of the shopper's device; the server uses the request's address, last octet dropped, when absent."),
        ('productDetails', 'string', True, 'The products concerned.'),
        ('sourceId', 'string', True, 'Free text naming where the call comes from; no effect on relevance.'),
        ('uri', 'string', True, 'The canonical URL of the page (at most 5000 characters).'),
        ('selectedPosition', 'integer', False, 'One-based position of the clicked result; feeds Average Click Position.'),
    ),
    'cartadd': (
        ('timestamp', 'integer', True, 'When the event happened, in epoch milliseconds.'),
        ('visitorId', 'string', True, 'A random id per visitor and device, kept across sessions; never personal data.'),
        ('sessionId', 'string', True, 'A random id per session; a session ends after 40 minutes idle.'),
        ('queryId', 'string', True, 'The id of the search this signal belongs to; new for each search.'),
        ('ipAddress', 'string', False, "Optional IPv4 or IPv6 address of the shopper's device; the server uses the request's address, last octet dropped, when absent."),
        ('productDetails', 'string', True, 'The products concerned.'),
        ('sourceId', 'string', True, 'Free text naming where the call comes from; no effect on relevance.'),
        ('uri', 'string', True, 'The canonical URL of the page (at most 5000 characters).'),
        ('cartId', 'string', True, "The cart's UUID: made at the first add to cart, replaced after a purchase."),
    ),
    'purchase': (
        ('timestamp', 'integer', True, 'When the event happened, in epoch milliseconds.'),
        ('visitorId', 'string', True, 'A random id per visitor and device, kept across sessions; never personal data.'),
        ('sessionId', 'string', True, 'A random id per session; a session ends after 40 minutes idle.'),
        ('queryId', 'string', True, 'The id of the search this signal belongs to; new for each search.'),
        ('ipAddress', 'string', False, "Optional IPv4 or IPv6 address of the shopper's device; the server uses the request's address, last octet dropped, when absent."),
        ('productDetails', 'string', True, 'The products concerned.'),
        ('sourceId', 'string', True, 'Free text naming where the call comes from; no effect on relevance.'),
        ('uri', 'string', True, 'The canonical URL of the page (at most 5000 characters).'),
        ('cartId', 'string', True, 'The UUID of the cart bought.'),
        ('revenue', 'number', True, 'The total price of the sale; feeds Average Order Value.'),
        ('orderId', 'string', False, 'Optional order id; marks a completed purchase rather than an attempt.'),
    ),
    'product': (
        ('productId', 'string', True, "The product's unique identifier (at most 128 characters)."),
        ('currencyCode', 'string', True, 'The ISO 4217 three-letter currency code, in upper case (for example USD).'),
        ('price', 'number', True, "The product's price when the signal was created."),
        ('title', 'string', True, "The product's title when the signal was created (at most 1000 characters)."),
        ('imageuri', 'string', True, 'The canonical URL of the product image (at most 5000 characters).'),
    ),
    'detail': (
        ('product', 'string', True, 'The product.'),
        ('quantity', 'integer', False, 'How many; optional, at least 1, 1 when absent.'),
    ),
}
