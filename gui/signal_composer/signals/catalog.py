"""A product catalog for generated shoppers: products, the terms people search, and a toy search.

Read from JSON (a list of products, or ``{"products": [...], "searchTerms": {...}}`` as in
``resources/catalog/demo-products.json``) or CSV (a header row naming the Product fields;
``uri`` and ``category`` are optional). Every product is checked by the Product model.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from signal_composer.signals.models import Product
from signal_composer.signals.resources import resources_dir

PRODUCT_FIELDS: Final = ("productId", "currencyCode", "price", "title", "imageuri")
RESULTS_SHOWN: Final = 10
"""How many results a search shows (the first page)."""
STOP_WORDS: Final = frozenset(
    [
        "and",
        "for",
        "the",
        "with",
        "in",
        "of",
        "to",
        "a",
        "an",
        "by",
        "on",
        "cu",
        "ft",
        "oz",
        "lb",
        "qt",
        "in.",
        "pack",
        "day",
        "set",
        "new",
    ]
)
# Searches that a shop of appliances answers with nothing (used when the catalog names none).
NO_RESULT_TERMS: Final = (
    "snow blower",
    "garden hose",
    "hot tub",
    "gift card",
    "pool heater",
    "sewing machine",
    "treadmill",
    "phone charger",
    "lawn mower",
    "patio heater",
)
_WORD = re.compile(r"[a-z][a-z-]+[a-z]")


class CatalogError(ValueError):
    """A catalog that cannot be used; the message names the file, the row and the fix."""


@dataclass(frozen=True, slots=True)
class Item:
    """One product of the catalog: the signal's Product fields, its page, its words."""

    product: dict[str, Any]
    uri: str
    words: frozenset[str]


@dataclass
class Catalog:
    """Products, search terms and a deterministic search over the titles."""

    items: tuple[Item, ...]
    terms: tuple[str, ...]
    """Terms that find something, most useful first (each matches one product or more)."""
    misspellings: dict[str, str]
    """What people mistype -> what the shop's search understands."""
    no_result_terms: tuple[str, ...]
    _index: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, set[int]] = {}
        for number, item in enumerate(self.items):
            for word in item.words:
                index.setdefault(word, set()).add(number)
        self._index = {word: frozenset(found) for word, found in index.items()}

    def search(self, terms: str) -> tuple[int, ...]:
        """The results (item numbers, best first) that the shop shows for what was typed."""
        found = self._cache.get(terms)
        if found is None:
            found = self._search(terms)
            self._cache[terms] = found
        return found

    def _search(self, terms: str) -> tuple[int, ...]:
        words = [self.misspellings.get(w, w) for w in _words(terms)]
        if not words:
            return ()
        sets = [self._index.get(w, frozenset()) for w in words]
        matches = frozenset.intersection(*sets)
        # Rank: fewer words in the title (a closer match) first, then catalog order.
        ranked = sorted(matches, key=lambda n: (len(self.items[n].words), n))
        return tuple(ranked[:RESULTS_SHOWN])


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def make_catalog(
    rows: Sequence[Mapping[str, Any]], extras: Mapping[str, Any], source: str
) -> Catalog:
    """A catalog from product rows (checked by the Product model) and optional search terms."""
    items: list[Item] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        product: dict[str, Any] = {key: row.get(key) for key in PRODUCT_FIELDS}
        try:
            Product.model_validate(product)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "product"
            raise CatalogError(
                f"{source}, product {number}: {where}: {first['msg']}; "
                f"each product needs {', '.join(PRODUCT_FIELDS)}"
            ) from None
        if product["productId"] in seen:
            raise CatalogError(
                f"{source}, product {number}: productId {product['productId']!r} "
                "appears twice; product ids must be unique"
            )
        seen.add(str(product["productId"]))
        uri = row.get("uri")
        if not isinstance(uri, str) or not uri:
            uri = f"https://shop.example.com/products/{str(product['productId']).lower()}"
        words = frozenset(_words(f"{product['title']} {row.get('category') or ''}"))
        items.append(Item(product, uri, words))
    if not items:
        raise CatalogError(f"{source}: no products; a catalog needs one product or more")
    terms = _derive_terms(items)
    popular = [str(t) for t in extras.get("popular") or ()]
    misspellings = {str(k): str(v) for k, v in dict(extras.get("misspellings") or {}).items()}
    if not misspellings:
        misspellings = {_typo(t): t for t in terms if " " not in t and len(t) >= 6}
    no_results = tuple(str(t) for t in extras.get("noResults") or NO_RESULT_TERMS)
    catalog = Catalog(tuple(items), terms, misspellings, ())
    if popular:
        catalog.terms = tuple(t for t in popular if catalog.search(t)) or terms
    catalog.no_result_terms = tuple(t for t in no_results if not catalog.search(t))
    return catalog


def _derive_terms(items: Sequence[Item]) -> tuple[str, ...]:
    """Words and adjacent word pairs of the titles that find something, most products first."""
    counts: Counter[str] = Counter()
    for item in items:
        words = _words(item.product["title"])
        grams = set(words) | {f"{a} {b}" for a, b in pairwise(words)}
        counts.update(grams)
    return tuple(term for term, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _typo(word: str) -> str:
    """A mistake people make: two neighbouring letters swapped in the middle of the word."""
    i = len(word) // 2
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def read_catalog(path: str) -> Catalog:
    """Reads a catalog file: JSON (a list, or an object with "products") or CSV."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such file; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(
            f"{path}: cannot be read ({exc}); a catalog is UTF-8 JSON or CSV"
        ) from None
    if path.lower().endswith(".csv"):
        return make_catalog(_csv_rows(text, path), {}, path)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CatalogError(f"{path}: not valid JSON ({exc}); a catalog is JSON or CSV") from None
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        extras = data.get("searchTerms")
        return make_catalog(data["products"], extras if isinstance(extras, dict) else {}, path)
    if isinstance(data, list) and all(isinstance(p, dict) for p in data):
        return make_catalog(data, {}, path)
    raise CatalogError(f'{path}: expected a JSON list of products or {{"products": [...]}}')


def _csv_rows(text: str, path: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in PRODUCT_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise CatalogError(
            f"{path}: the header row lacks {', '.join(missing)}; a CSV catalog "
            f"names the columns {', '.join(PRODUCT_FIELDS)} (uri, category optional)"
        )
    rows: list[dict[str, Any]] = []
    for number, row in enumerate(reader, 2):
        try:
            price = float(row["price"])
        except (TypeError, ValueError):
            raise CatalogError(
                f"{path}, line {number}: price {row['price']!r} is not a number"
            ) from None
        rows.append({**row, "price": price})
    return rows


@cache
def default_catalog() -> Catalog:
    """The bundled demo catalog."""
    return read_catalog(str(resources_dir() / "catalog" / "demo-products.json"))
