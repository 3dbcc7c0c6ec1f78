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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import msgspec

from signal_composer.signals.jsonl import LineError, is_blank
from signal_composer.signals.lint_fields import (
    DECODER,
    KINDS,
    Fields,
    from_mapping,
    product_ids,
    read_line,
)
from signal_composer.signals.lint_rules import (
    CODES,
    SESSION_IDLE_MS,
    VisitorState,
    check_cart,
    check_click,
    gap,
    missing,
    personal_data,
    personal_data_problem,
    problem,
)
from signal_composer.signals.problems import Problem

__all__ = ["CODES", "JourneyLint", "lint_lines", "lint_signals", "personal_data"]

_SWEEP_EVERY: Final = 4096


class _Session:
    __slots__ = ("last", "queries", "visitor")

    def __init__(self, visitor: str, last: int) -> None:
        self.visitor = visitor
        self.last = last
        self.queries: dict[str, msgspec.Raw | list[str | None]] = {}
        """queryId -> the results it showed, read when first clicked (kept while open)."""


class JourneyLint:
    """Checks signals one at a time, in order; ``check`` returns the problems of one signal."""

    def __init__(self) -> None:
        self.sessions: dict[str, _Session] = {}
        self.visitors: dict[str, VisitorState] = {}
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
            return missing(index, kind, s)
        self._until_sweep -= 1
        if not self._until_sweep:
            self._until_sweep = _SWEEP_EVERY
            self._sweep(t)
        v = self.visitors.get(vid)
        if v is None:
            v = self.visitors[vid] = VisitorState(t)
            found = personal_data_problem(index, vid)
            if found is not None:
                out.append(found)
        elif t < v.last:
            out.append(
                problem(
                    index,
                    "timestamp",
                    "time_backwards",
                    f"{gap(v.last - t)} before "
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
                    problem(
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
                    problem(
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
                check_click(index, out, s, results)
        else:
            if qid not in session.queries and qid != v.last_query:
                out.append(
                    problem(
                        index,
                        "queryId",
                        "query_unknown",
                        f"{qid!r} is not one of "
                        "this shopper's searches; it carries the queryId of the search it follows",
                    )
                )
            check_cart(index, out, kind, s, v)
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
        self, index: int, out: list[Problem], v: VisitorState, vid: str, sid: str, t: int
    ) -> _Session:
        session = self.sessions.get(sid)
        if session is not None and session.visitor != vid:
            out.append(
                problem(
                    index,
                    "sessionId",
                    "session_shared",
                    f"{sid!r} is also another visitor's session; a session belongs to one visitor",
                )
            )
        if v.session == sid:
            if t - v.last > SESSION_IDLE_MS:
                out.append(
                    problem(
                        index,
                        "sessionId",
                        "session_idle_reused",
                        f"{sid!r} goes on "
                        f"after {gap(t - v.last)} without a signal; a new session starts after 40 "
                        "idle minutes",
                    )
                )
        elif v.session is not None:
            if sid in v.earlier:
                out.append(
                    problem(
                        index,
                        "sessionId",
                        "session_reopened",
                        f"{sid!r} is a "
                        "session this visitor had left; a visit that ended does not come back",
                    )
                )
            elif 0 <= t - v.last <= SESSION_IDLE_MS:
                out.append(
                    problem(
                        index,
                        "sessionId",
                        "session_renewed_early",
                        "a new session "
                        f"{gap(t - v.last)} after the last signal; a session lasts until 40 idle "
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
