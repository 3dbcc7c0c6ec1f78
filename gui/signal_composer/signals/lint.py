"""The journey lint: the id relations of METRICS.md between a shopper's signals, checked in order.

Each signal can be valid on its own and still break a relation (a click on a product the search
did not show, a purchase whose revenue is not its products' total). Every broken relation is a
``Problem`` with a stable code from ``CODES``; ``index`` is the signal's position in the input
(the 0-based line of a JSON Lines file).

Streaming: the lint reads each signal once, in the order given (the order signals happen), and
keeps the open sessions (their searches' results) and, per visitor, the last time, session, cart
and search; a session is forgotten 40 minutes (of signal time) after its last signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import msgspec

from signal_composer.signals.jsonl import LineError, is_blank, number
from signal_composer.signals.lint_fields import (
    DECODER,
    KINDS,
    Fields,
    details,
    from_mapping,
    product_ids,
    read_line,
)
from signal_composer.signals.problems import Problem, Severity
from signal_composer.signals.types import REVENUE_TOLERANCE

SESSION_IDLE_MS: Final = 40 * 60 * 1000

CODES: Final[dict[str, tuple[Severity, str]]] = {
    "bad_line": ("error", 'the line is not {"type": ..., "signal": {...}}'),
    "missing_id": (
        "error",
        "an id or the timestamp is missing, so its relations cannot be checked",
    ),
    "visitor_email": ("error", "the visitorId holds an e-mail address (personal data)"),
    "visitor_phone": ("warning", "the visitorId looks like a phone number (personal data)"),
    "visitor_name": ("warning", "the visitorId looks like a person's name (personal data)"),
    "time_backwards": ("error", "a shopper's signal is older than their previous one"),
    "session_idle_reused": ("error", "a session goes on after 40 idle minutes (needs a new id)"),
    "session_renewed_early": ("warning", "a new session within 40 minutes of the last signal"),
    "session_reopened": ("error", "the visitor goes back to a session they had left"),
    "session_shared": ("error", "two visitors use the same sessionId"),
    "query_id_reused": ("error", "a search reuses an earlier search's queryId"),
    "query_unknown": ("error", "the queryId is not one of this shopper's searches"),
    "click_position_mismatch": ("error", "selectedPosition does not point at the clicked product"),
    "click_not_in_results": ("error", "the clicked product is not among the search's results"),
    "cart_changed": ("error", "a new cartId while the shopper's cart is still open"),
    "cart_reused": ("error", "a cartId that was already bought is used again"),
    "purchase_without_cart": ("error", "a purchase of a cart that no cart add made"),
    "revenue_not_total": ("error", "revenue is not the sum of price x quantity of the products"),
}
"""code -> (severity, what it means): the stable codes, documented in the README."""

_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_PHONE: Final = re.compile(r"\+?\(?\d[\d\s().-]{5,18}\d")
_NAME: Final = re.compile(r"[A-Za-z][a-z]+(?:[ ._][A-Za-z][a-z]+){1,2}")
_SWEEP_EVERY: Final = 4096


def personal_data(visitor: str) -> str | None:
    """The lint code when a visitorId looks like an e-mail address, phone number or name."""
    if "@" in visitor and _EMAIL.search(visitor):
        return "visitor_email"
    if _UUID.fullmatch(visitor):
        return None
    if _PHONE.fullmatch(visitor) and 7 <= sum(c.isdigit() for c in visitor) <= 15:
        return "visitor_phone"
    if _NAME.fullmatch(visitor):
        return "visitor_name"
    return None


class _Session:
    __slots__ = ("last", "queries", "visitor")

    def __init__(self, visitor: str, last: int) -> None:
        self.visitor = visitor
        self.last = last
        self.queries: dict[str, msgspec.Raw | list[str | None]] = {}
        """queryId -> the results it showed, read when first clicked (kept while open)."""


class _Visitor:
    __slots__ = ("bought", "cart", "earlier", "last", "last_query", "session")

    def __init__(self, last: int) -> None:
        self.last = last
        self.session: str | None = None
        self.earlier: tuple[str, ...] = ()
        self.cart: str | None = None
        self.bought: str | None = None
        self.last_query: str | None = None


class JourneyLint:
    """Checks signals one at a time, in order; ``check`` returns the problems of one signal."""

    def __init__(self) -> None:
        self.sessions: dict[str, _Session] = {}
        self.visitors: dict[str, _Visitor] = {}
        self._until_sweep = _SWEEP_EVERY
        self._out: list[Problem] = []
        self.lines_read = 0
        """How many lines ``lint_lines`` read (blank ones too)."""

    def check(self, index: int, kind: str, s: Fields) -> Sequence[Problem]:
        """The problems of the next signal (an empty list for most)."""
        out = self._out  # one list reused: most signals have no problem, so allocate none
        t, vid, sid, qid = s.timestamp, s.visitorId, s.sessionId, s.queryId
        if (
            t is None
            or vid is None
            or sid is None
            or qid is None
            or (s.cartId is None and kind in ("cartadd", "purchase"))
        ):
            return _missing(index, kind, s)
        self._until_sweep -= 1
        if not self._until_sweep:
            self._until_sweep = _SWEEP_EVERY
            self._sweep(t)
        v = self.visitors.get(vid)
        if v is None:
            v = self.visitors[vid] = _Visitor(t)
            code = personal_data(vid)
            if code is not None:
                out.append(
                    _problem(
                        index, "visitorId", code, f"{vid!r}: {CODES[code][1]}; use a random id"
                    )
                )
        elif t < v.last:
            out.append(
                _problem(
                    index,
                    "timestamp",
                    "time_backwards",
                    f"{_gap(v.last - t)} before "
                    "this visitor's previous signal; a shopper's timestamps never go backwards",
                )
            )
        session = self.sessions.get(sid)
        # The common case, inline: the visitor's own session goes on.
        if (
            session is None
            or v.session != sid
            or t - v.last > SESSION_IDLE_MS
            or (session.visitor != vid)
        ):
            session = self._session(index, out, v, vid, sid, t)
        if kind == "query":
            if qid in session.queries or qid == v.last_query:
                out.append(
                    _problem(
                        index,
                        "queryId",
                        "query_id_reused",
                        f"{qid!r} was an "
                        "earlier search's; each search and refinement needs a new one",
                    )
                )
            session.queries[qid] = s.productDetails
            v.last_query = qid
        elif kind == "click":
            results = session.queries.get(qid)
            if results is None:
                out.append(
                    _problem(
                        index,
                        "queryId",
                        "query_unknown",
                        f"{qid!r} is not a search "
                        "of this session; a click carries the queryId of the search it clicks",
                    )
                )
            else:
                if isinstance(results, msgspec.Raw):
                    results = session.queries[qid] = product_ids(results)
                _check_click(index, out, s, results)
        else:
            if qid not in session.queries and qid != v.last_query:
                out.append(
                    _problem(
                        index,
                        "queryId",
                        "query_unknown",
                        f"{qid!r} is not one of "
                        "this shopper's searches; it carries the queryId of the search it follows",
                    )
                )
            _check_cart(index, out, kind, s, v)
        if t > v.last:
            v.last = t
        if t > session.last:
            session.last = t
        if not out:
            return ()
        problems = out.copy()
        out.clear()
        return problems

    def _session(
        self, index: int, out: list[Problem], v: _Visitor, vid: str, sid: str, t: int
    ) -> _Session:
        session = self.sessions.get(sid)
        if session is not None and session.visitor != vid:
            out.append(
                _problem(
                    index,
                    "sessionId",
                    "session_shared",
                    f"{sid!r} is also another visitor's session; a session belongs to one visitor",
                )
            )
        if v.session == sid:
            if t - v.last > SESSION_IDLE_MS:
                out.append(
                    _problem(
                        index,
                        "sessionId",
                        "session_idle_reused",
                        f"{sid!r} goes on "
                        f"after {_gap(t - v.last)} without a signal; a new session starts after 40 "
                        "idle minutes",
                    )
                )
        elif v.session is not None:
            if sid in v.earlier:
                out.append(
                    _problem(
                        index,
                        "sessionId",
                        "session_reopened",
                        f"{sid!r} is a "
                        "session this visitor had left; a visit that ended does not come back",
                    )
                )
            elif 0 <= t - v.last <= SESSION_IDLE_MS:
                out.append(
                    _problem(
                        index,
                        "sessionId",
                        "session_renewed_early",
                        "a new session "
                        f"{_gap(t - v.last)} after the last signal; a session lasts until 40 idle "
                        "minutes",
                    )
                )
            if v.session not in v.earlier:
                v.earlier = (*v.earlier[-7:], v.session)
        v.session = sid
        if session is None:
            session = self.sessions[sid] = _Session(vid, t)
        return session

    def _sweep(self, now: int) -> None:
        """Forgets the sessions that ended: 40 minutes without a signal."""
        cutoff = now - SESSION_IDLE_MS
        for sid in [sid for sid, session in self.sessions.items() if session.last < cutoff]:
            del self.sessions[sid]


_TOLERANCE: Final = Decimal(str(REVENUE_TOLERANCE))


def _problem(index: int, path: str, code: str, message: str) -> Problem:
    return Problem(index, path, code, CODES[code][0], message)


def _missing(index: int, kind: str, s: Fields) -> list[Problem]:
    needed = ["timestamp", "visitorId", "sessionId", "queryId"]
    if kind in ("cartadd", "purchase"):
        needed.append("cartId")
    return [
        _problem(
            index,
            name,
            "missing_id",
            f"{name} is missing or not a {_kind_of(name)}: this signal's relations are not checked",
        )
        for name in needed
        if getattr(s, name) is None
    ]


def _check_click(index: int, out: list[Problem], s: Fields, results: Sequence[str | None]) -> None:
    clicked = product_ids(s.productDetails)
    product = clicked[0] if clicked else None
    position = s.selectedPosition
    if product is None:
        return  # nothing clicked to compare (validation reports the missing product)
    if position is not None and 1 <= position <= len(results) and results[position - 1] == product:
        return
    if product not in results:
        out.append(
            _problem(
                index,
                "productDetails[0].product.productId",
                "click_not_in_results",
                f"{product!r} is not among the {len(results)} results of the search it carries",
            )
        )
    elif position is not None:
        out.append(
            _problem(
                index,
                "selectedPosition",
                "click_position_mismatch",
                f"{product!r} is result {results.index(product) + 1}, not {position}",
            )
        )


def _check_cart(index: int, out: list[Problem], kind: str, s: Fields, v: _Visitor) -> None:
    cid = s.cartId
    if v.cart is None:
        if cid == v.bought:
            out.append(
                _problem(
                    index,
                    "cartId",
                    "cart_reused",
                    f"{cid!r} was bought already; a new cart starts after a purchase",
                )
            )
        elif kind == "purchase":
            out.append(
                _problem(
                    index,
                    "cartId",
                    "purchase_without_cart",
                    f"{cid!r} was never "
                    "added to; a purchase carries the cartId of the shopper's cart adds",
                )
            )
    elif cid != v.cart:
        out.append(
            _problem(
                index,
                "cartId",
                "cart_changed",
                f"{cid!r} while cart {v.cart!r} is open; one cart until it is bought",
            )
        )
    if kind == "cartadd":
        v.cart = v.cart or cid
        return
    v.cart, v.bought = None, cid
    revenue = number(s.revenue)
    total = _total(s)
    if revenue is not None and total is not None and abs(revenue - total) > _TOLERANCE:
        out.append(
            _problem(
                index,
                "revenue",
                "revenue_not_total",
                f"revenue {revenue} but the products add up to {total} (price x quantity)",
            )
        )


def _total(s: Fields) -> Decimal | None:
    total = Decimal(0)
    for d in details(s.productDetails):
        price = number(d.product.price) if d.product else None
        if price is None:
            return None
        total += price * d.quantity
    return total


def _gap(ms: int) -> str:
    minutes = ms / 60_000
    return f"{minutes:.0f} minutes" if minutes >= 1 else f"{ms / 1000:.1f} s"


def _kind_of(name: str) -> str:
    return "whole number" if name == "timestamp" else "string"


def lint_signals(signals: Iterable[tuple[str, Mapping[str, Any]]]) -> Iterator[Problem]:
    """The journey problems of ``(type, signal)`` pairs, in order; index = position."""
    lint = JourneyLint()
    for index, (kind, signal) in enumerate(signals):
        if kind not in KINDS or not isinstance(signal, Mapping):
            yield Problem(
                index,
                "",
                "bad_line",
                "error",
                "not a query, click, cartadd or purchase signal object",
            )
            continue
        yield from lint.check(index, kind, from_mapping(signal))


def lint_lines(lines: Iterable[bytes], lint: JourneyLint | None = None) -> Iterator[Problem]:
    """The journey problems of a JSON Lines stream, read once; index = 0-based line.

    Pass a ``JourneyLint`` to read its ``lines_read`` when the stream is done.
    """
    lint = lint or JourneyLint()
    check, decode = lint.check, DECODER.decode
    index = -1
    for index, line in enumerate(lines):
        try:
            parsed = decode(line)
            kind, fields = parsed.type, parsed.signal
            if kind not in KINDS:
                raise LineError(kind)
        except (msgspec.DecodeError, LineError):
            try:  # read it again, in full, to know what is wrong (or what to make of it)
                kind, fields = read_line(line)
            except LineError as exc:
                if not is_blank(line):
                    yield Problem(index, "", "bad_line", "error", str(exc))
                continue
        problems = check(index, kind, fields)
        if problems:
            yield from problems
    lint.lines_read = index + 1
