"""Writes resources/catalog/demo-products.json: the demo appliance catalog, from a small grammar.

The first 16 products are the hand-written demo set that new signals in the composer draw from;
the rest come from brands x product types x sizes x colours, with prices that fit each type.
Deterministic: the same script writes the same bytes. Run: .venv/bin/python scripts/make_catalog.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "catalog" / "demo-products.json"
SHOP = "https://shop.example.com"

# category: (code, brands, [(type, low price, high price)], sizes, colours, products wanted)
GRAMMAR: dict[str, tuple[str, list[str], list[tuple[str, int, int]], list[str], list[str], int]] = {
    "refrigerators": ("RF", ["Frostline", "Norhaus", "Kelvra", "Brightwell"], [
        ("french door refrigerator", 1799, 3299), ("side-by-side refrigerator", 1199, 2199),
        ("top freezer refrigerator", 699, 1199), ("mini fridge", 149, 329),
    ], ["18 cu ft", "20.6 cu ft", "22 cu ft", "25 cu ft", "27.4 cu ft"],
        ["stainless", "black", "white", "slate"], 40),
    "dishwashers": ("DW", ["Norhaus", "Kelvra", "Aquaro", "Brightwell"], [
        ("built-in dishwasher", 549, 1399), ("portable dishwasher", 399, 749),
        ("drawer dishwasher", 899, 1599),
    ], ["39 dBA", "42 dBA", "44 dBA", "48 dBA"], ["stainless", "black", "white"], 30),
    "laundry": ("LD", ["Aquaro", "Norhaus", "Vanta", "Brightwell"], [
        ("front load washer", 699, 1299), ("top load washer", 549, 999),
        ("electric dryer", 599, 1199), ("gas dryer", 699, 1299),
    ], ["4.5 cu ft", "5.0 cu ft", "7.4 cu ft", "7.8 cu ft"], ["white", "graphite", "navy"], 40),
    "ranges": ("RG", ["Vanta", "Oakmere", "Kelvra", "Corvo"], [
        ("gas range", 799, 2499), ("electric range", 649, 1899), ("induction range", 1299, 3499),
        ("dual fuel range", 1999, 4299),
    ], ["30 in", "36 in"], ["stainless", "black", "white"], 32),
    "microwaves": ("MW", ["Kelvra", "Zephra", "Corvo", "Brightwell"], [
        ("countertop microwave", 89, 299), ("over-the-range microwave", 279, 699),
        ("built-in microwave", 399, 999),
    ], ["0.9 cu ft", "1.2 cu ft", "1.6 cu ft", "2.2 cu ft"], ["stainless", "black", "white"], 30),
    "floor-care": ("VC", ["Zephra", "Tidewell", "Corvo"], [
        ("cordless stick vacuum", 149, 649), ("robot vacuum", 199, 999),
        ("upright vacuum", 99, 399), ("canister vacuum", 129, 499),
    ], ["standard", "pet", "compact"], ["grey", "purple", "red", "black"], 30),
    "coffee": ("CM", ["Oakmere", "Barista Lane", "Zephra"], [
        ("drip coffee maker", 29, 199), ("espresso machine", 199, 1299),
        ("single-serve coffee maker", 59, 229), ("cold brew maker", 29, 129),
    ], ["4-cup", "8-cup", "12-cup"], ["black", "stainless", "cream", "red"], 32),
    "blenders": ("BL", ["Tidewell", "Zephra", "Oakmere"], [
        ("countertop blender", 49, 549), ("personal blender", 29, 119),
        ("immersion blender", 29, 149),
    ], ["24 oz", "48 oz", "64 oz"], ["black", "red", "white", "sage"], 27),
    "air": ("AP", ["Tidewell", "Norhaus", "Zephra"], [
        ("HEPA air purifier", 99, 699), ("tower air purifier", 129, 499),
        ("dehumidifier", 179, 399), ("humidifier", 49, 199),
    ], ["300 sq ft", "500 sq ft", "1000 sq ft"], ["white", "grey", "black"], 27),
}  # fmt: skip

# Types whose sizes differ from the rest of their category.
TYPE_SIZES = {
    "mini fridge": ["1.7 cu ft", "3.1 cu ft", "4.4 cu ft"],
    "espresso machine": ["single boiler", "dual boiler"],
    "cold brew maker": ["1 qt", "2 qt"],
    "robot vacuum": ["standard", "self-emptying"],
}
MISSPELLINGS = {
    "refridgerator": "refrigerator", "refrigerater": "refrigerator", "frige": "fridge",
    "dishwaser": "dishwasher", "diswasher": "dishwasher", "microwve": "microwave",
    "mircowave": "microwave", "vaccum": "vacuum", "vacum": "vacuum", "expresso": "espresso",
    "blendor": "blender", "purifer": "purifier", "dryr": "dryer", "frostlin": "frostline",
    "nordhaus": "norhaus", "stainles": "stainless", "dehumidifer": "dehumidifier",
}  # fmt: skip
NO_RESULTS = [
    "snow blower", "garden hose", "hot tub", "gift card", "pool heater", "sewing machine",
    "treadmill", "phone charger", "lawn mower", "patio heater", "wine cellar door", "bidet",
]  # fmt: skip


def price(rng: random.Random, low: int, high: int, size_rank: float) -> float:
    """A price inside the type's range, higher for larger sizes, ending in .99, .95 or .00."""
    base = low + (high - low) * (0.55 * size_rank + 0.45 * rng.random())
    return round(int(base) + rng.choice((0.99, 0.95, 0.0)), 2)


def generated() -> tuple[list[dict[str, Any]], list[str]]:
    rng = random.Random(20261130)
    products: list[dict[str, Any]] = []
    popular: list[str] = []
    for category, (code, brands, types, sizes, colours, wanted) in GRAMMAR.items():
        combos = [
            (b, t, s, c)
            for b in brands
            for t in types
            for s in TYPE_SIZES.get(t[0], sizes)
            for c in colours
        ]
        rng.shuffle(combos)
        for number, (brand, (kind, low, high), size, colour) in enumerate(combos[:wanted], 1):
            pid = f"{code}-{brand[:3].upper()}-{number:03d}"
            own = TYPE_SIZES.get(kind, sizes)
            rank = own.index(size) / max(1, len(own) - 1)
            slug = pid.lower()
            products.append({
                "productId": pid,
                "title": f"{brand} {size} {kind}, {colour}",
                "price": price(rng, low, high, rank),
                "currencyCode": "USD",
                "imageuri": f"{SHOP}/images/{category}/{slug}.jpg",
                "uri": f"{SHOP}/{category}/{slug}",
                "category": category,
            })  # fmt: skip
        for kind, *_ in types:
            noun = kind.split()[-1]
            popular += [kind, noun, f"{colour_of(rng, colours)} {noun}"]
        popular += [f"{b.lower()} {types[0][0].split()[-1]}" for b in brands]
    brands_all = sorted({b for spec in GRAMMAR.values() for b in spec[1]})
    popular += [b.lower() for b in brands_all]
    return products, list(dict.fromkeys(popular))


def colour_of(rng: random.Random, colours: list[str]) -> str:
    return rng.choice(colours)


def main() -> None:
    existing = json.loads(OUT.read_text(encoding="utf-8"))
    hand_written = existing["products"][:16]
    products, popular = generated()
    catalog = {
        "description": (
            "A demo catalog of home appliances for composing realistic signals and generating "
            "shoppers: 16 hand-written products, then more from scripts/make_catalog.py's grammar "
            "(brand, size, type, colour). Prices in USD; URLs on the reserved example.com domain."
        ),
        "searchTerms": {
            "popular": popular,
            "misspellings": MISSPELLINGS,
            "noResults": NO_RESULTS,
        },
        "products": hand_written + products,
    }
    OUT.write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(catalog['products'])} products")


if __name__ == "__main__":
    main()
