"""A shopper's signals in words, as the storyboard's cards say them."""

from __future__ import annotations

from signal_composer.signals.story import describe, money


def product(title: str, price: float, currency: str = "USD") -> dict[str, object]:
    return {
        "product": {"productId": "P1", "title": title, "price": price, "currencyCode": currency}
    }


def test_each_type_in_words() -> None:
    query = {"searchTerms": "french door fridge", "productDetails": [product("a", 1.0)] * 8}
    line = describe("query", query)
    assert (line.text, line.emphasis) == (
        "searched french door fridge, 8 results",
        "french door fridge",
    )
    assert describe("query", {"searchTerms": "gift card", "productDetails": []}).text == (
        "searched gift card, no results"
    )
    click = {
        "selectedPosition": 2,
        "productDetails": [product("Silver french door refrigerator 36 in", 2592.0)],
    }
    assert describe("click", click).text == "clicked #2 Silver french door refrigerator 3… $2,592"
    cart = {"productDetails": [{**product("Kettle", 30.5), "quantity": 2}]}
    assert describe("cartadd", cart).text == "added to cart: Kettle (2×)"
    bought = {"revenue": 2592.0, "productDetails": [{**product("Fridge", 2592.0), "quantity": 1}]}
    assert describe("purchase", bought).text == "bought 1 item for $2,592"


def test_money_shows_cents_only_when_there_are_some() -> None:
    assert money(2592.0) == "$2,592"
    assert money(149.95) == "$149.95"
    assert money(10, "EUR") == "€10"
    assert money(10, "SEK") == "10 SEK"
    assert money("lots") == "lots"


def test_broken_signals_still_read() -> None:
    assert describe("click", {}).text == "clicked a product"
    assert describe("purchase", {"productDetails": "x"}).text == "bought 0 items"
    assert describe("query", {}).text == "searched (no terms), no results"
