"""Generated shoppers: visitors, sessions, searches, clicks, carts and purchases that keep every
id relation of METRICS.md, in timestamp order, the same for the same arguments.

Sessions are generated when they start, in order of their start (ties by shopper number), from
one random stream seeded by the seed, and merged by time: the output repeats byte for byte for
the same arguments, and memory holds the shoppers and the sessions in progress, not the output.
"""

from __future__ import annotations

import bisect
import heapq
import random
from collections.abc import Iterator
from decimal import Decimal
from itertools import accumulate
from typing import Any, Final
from urllib.parse import quote_plus

from signal_composer.signals.catalog import RESULTS_SHOWN, Catalog, default_catalog
from signal_composer.signals.profiles import Profile
from signal_composer.signals.types import SignalType

SESSION_IDLE_MS: Final = 40 * 60 * 1000
"""A session ends after 40 minutes without a signal (the browser beacon's rule)."""
SOURCE_ID: Final = "signal-composer-simulate"
SHOP: Final = "https://shop.example.com"
_MIN_RETURN_MS: Final = SESSION_IDLE_MS + 60_000
_MAX_THINK_MS: Final = 20 * 60 * 1000
# Relative traffic by hour of the day (UTC): quiet nights, busy evenings.
_HOURLY: Final = (
    0.25, 0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.45, 0.6, 0.7, 0.75, 0.8,
    0.85, 0.85, 0.8, 0.8, 0.85, 0.9, 0.95, 1.0, 1.0, 0.9, 0.65, 0.4,
)  # fmt: skip
Step = tuple[int, int, int, SignalType, dict[str, Any]]
"""(timestamp, shopper, sequence, type, signal): sorts by time, then shopper, then order."""


def new_uuid(rng: random.Random) -> str:
    """A version 4 UUID drawn from the journey's random stream (so it repeats for a seed)."""
    bits = rng.getrandbits(128) & ~(0xF << 76) & ~(0x3 << 62) | (0x4 << 76) | (0x2 << 62)
    h = f"{bits:032x}"  # version 4 in the 13th digit, the RFC 4122 variant in the 17th
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class _Shopper:
    __slots__ = ("cart", "cart_items", "ip", "number", "visitor")

    def __init__(self, number: int, visitor: str, ip: str) -> None:
        self.number = number
        self.visitor = visitor
        self.ip = ip
        self.cart: str | None = None
        self.cart_items: dict[int, int] = {}


class JourneyGenerator:
    """Generates the journeys of ``shoppers`` shoppers over ``days`` days ending at ``now``."""

    def __init__(
        self,
        profile: Profile,
        seed: int,
        shoppers: int,
        days: float,
        now: int,
        catalog: Catalog | None = None,
    ) -> None:
        self.profile = profile
        self.seed = seed
        self.shoppers = shoppers
        self.now = now
        self.start = now - int(days * 86_400_000)
        self.catalog = catalog or default_catalog()
        self._search_uri: dict[str, str] = {}
        c = self.catalog
        self._term_cum = list(accumulate(1 / (r + 1) ** 0.9 for r in range(len(c.terms))))
        self._typos = [t for t, fixed in c.misspellings.items() if c.search(fixed)]
        self._details = [{"product": item.product, "quantity": 1} for item in c.items]
        # A search's results carry no quantity (optional, 1 when absent): it means nothing there,
        # and leaving it out makes files a tenth smaller.
        self._shown = [{"product": item.product} for item in c.items]
        self._refine_words = [tuple(sorted(item.words)) for item in c.items]
        self._position_cum = [
            list(accumulate(1 / (k + 1) ** profile.position_bias for k in range(n)))
            for n in range(RESULTS_SHOWN + 1)
        ]
        self._more_searches = 1 - 1 / profile.searches_per_session

    def __iter__(self) -> Iterator[tuple[SignalType, dict[str, Any]]]:
        rng = random.Random(self.seed)
        starts: list[tuple[int, int]] = []
        people: list[_Shopper] = []
        for number in range(self.shoppers):
            ip = f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randrange(1, 255)}"
            people.append(_Shopper(number, new_uuid(rng), ip))
            starts.append((self._start_time(rng, self.start), number))
        heapq.heapify(starts)
        pending: list[Step] = []
        while starts:
            begin, number = heapq.heappop(starts)
            shopper = people[number]
            steps = self._session(rng, shopper, begin)
            for step in steps:
                heapq.heappush(pending, step)
            later = self._next_start(rng, steps[-1][0] if steps else begin)
            if later is not None:
                heapq.heappush(starts, (later, number))
            horizon = starts[0][0] if starts else self.now + 1
            while pending and pending[0][0] < horizon:
                step = heapq.heappop(pending)
                yield step[3], step[4]
        while pending:
            step = heapq.heappop(pending)
            yield step[3], step[4]

    def _start_time(self, rng: random.Random, earliest: int) -> int:
        span = max(1, self.now - earliest)
        while True:
            t = earliest + int(rng.random() * span)
            if rng.random() < _HOURLY[(t // 3_600_000) % 24]:
                return t

    def _next_start(self, rng: random.Random, last: int) -> int | None:
        if rng.random() >= self.profile.return_rate:
            return None
        gap = int(rng.expovariate(1 / (self.profile.return_after_hours * 3_600_000)))
        later = last + max(_MIN_RETURN_MS, gap)
        return later if later < self.now else None

    def _think(self, rng: random.Random) -> int:
        return min(
            _MAX_THINK_MS, 2000 + int(rng.expovariate(1 / (self.profile.think_seconds * 1000)))
        )

    def _new_term(self, rng: random.Random) -> str:
        c, p = self.catalog, self.profile
        roll = rng.random()
        if roll < p.zero_result_rate and c.no_result_terms:
            return rng.choice(c.no_result_terms)
        if roll < p.zero_result_rate + p.misspelling_rate and self._typos:
            return rng.choice(self._typos)
        index = bisect.bisect(self._term_cum, rng.random() * self._term_cum[-1])
        return c.terms[min(index, len(c.terms) - 1)]

    def _refined(self, rng: random.Random, term: str, results: tuple[int, ...]) -> str:
        pick = results[min(len(results) - 1, int(rng.random() * len(results)))]
        have = set(term.split())
        words = [w for w in self._refine_words[pick] if w not in have]
        return f"{term} {rng.choice(words)}" if words else term

    def _query_uri(self, term: str) -> str:
        uri = self._search_uri.get(term)
        if uri is None:
            uri = self._search_uri[term] = f"{SHOP}/search?q={quote_plus(term)}"
        return uri

    def _position(self, rng: random.Random, count: int) -> int:
        cum = self._position_cum[count]
        return min(count, bisect.bisect(cum, rng.random() * cum[-1]) + 1)

    def _session(self, rng: random.Random, shopper: _Shopper, t: int) -> list[Step]:
        """One visit: searches with clicks and cart adds, maybe a purchase; stops at ``now``."""
        p, c, now = self.profile, self.catalog, self.now
        base = {"visitorId": shopper.visitor, "sessionId": new_uuid(rng)}
        steps: list[Step] = []
        term, query_id = "", ""
        results: tuple[int, ...] = ()

        def emit(kind: SignalType, fields: dict[str, Any]) -> None:
            signal = {"timestamp": t, **base, "queryId": query_id, "ipAddress": shopper.ip}
            signal.update(fields)
            steps.append((t, shopper.number, len(steps), kind, signal))

        searching = True
        while searching and t <= now:
            if results and rng.random() < p.refine_rate:
                term = self._refined(rng, term, results)
            else:
                term = self._new_term(rng)
            results = c.search(term)
            query_id = new_uuid(rng)
            emit("query", {
                "productDetails": [self._shown[i] for i in results],
                "sourceId": SOURCE_ID,
                "uri": self._query_uri(term),
                "searchTerms": term,
            })  # fmt: skip
            clicking = bool(results) and rng.random() < p.click_rate
            while clicking:
                t += self._think(rng)
                position = self._position(rng, len(results))
                item = results[position - 1]
                if t > now:
                    return steps
                emit("click", {
                    "productDetails": [self._details[item]], "sourceId": SOURCE_ID,
                    "uri": c.items[item].uri, "selectedPosition": position,
                })  # fmt: skip
                if rng.random() < p.add_to_cart_rate:
                    t += self._think(rng)
                    if t > now:
                        return steps
                    self._add_to_cart(rng, shopper, item, emit)
                clicking = rng.random() < p.more_clicks_rate
            t += self._think(rng)
            searching = rng.random() < self._more_searches
        if shopper.cart is not None and t <= now and rng.random() < p.purchase_rate:
            self._purchase(rng, shopper, emit)
        return steps

    def _add_to_cart(self, rng: random.Random, shopper: _Shopper, item: int, emit: Any) -> None:
        if shopper.cart is None:
            shopper.cart = new_uuid(rng)
            shopper.cart_items = {}
        quantity = 2 if rng.random() < self.profile.second_item_rate else 1
        shopper.cart_items[item] = shopper.cart_items.get(item, 0) + quantity
        emit("cartadd", {
            "productDetails": [{"product": self.catalog.items[item].product, "quantity": quantity}],
            "sourceId": SOURCE_ID, "uri": f"{SHOP}/cart", "cartId": shopper.cart,
        })  # fmt: skip

    def _purchase(self, rng: random.Random, shopper: _Shopper, emit: Any) -> None:
        items = self.catalog.items
        details = [
            {"product": items[i].product, "quantity": q} for i, q in shopper.cart_items.items()
        ]
        revenue = sum(
            (Decimal(repr(items[i].product["price"])) * q for i, q in shopper.cart_items.items()),
            Decimal(0),
        )
        emit("purchase", {
            "productDetails": details, "sourceId": SOURCE_ID, "uri": f"{SHOP}/checkout/complete",
            "cartId": shopper.cart, "revenue": float(revenue),
            "orderId": f"ORD-{rng.getrandbits(40):010X}",
        })  # fmt: skip
        shopper.cart = None
        shopper.cart_items = {}


def generate(
    profile: Profile,
    seed: int,
    shoppers: int,
    days: float,
    now: int,
    catalog: Catalog | None = None,
) -> Iterator[tuple[SignalType, dict[str, Any]]]:
    """The signals of generated shoppers as ``(type, signal)`` pairs, in timestamp order.

    Signals share their product objects with the catalog (generation is faster for it): treat
    them as read-only, or copy a signal (``copy.deepcopy``) before editing it.
    """
    return iter(JourneyGenerator(profile, seed, shoppers, days, now, catalog))
